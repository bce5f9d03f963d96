"""The contest of best practices: contests with dated stages, nominations and weighted
criteria, applications (drafts too) with files and per-contest numbers, jurors, score
sheets, public votes.

Revision ID: 0010k_contest
Revises: 0009a_representatives
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010k_contest"
down_revision: str | Sequence[str] | None = "0009a_representatives"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    "contest_votes",
    "contest_sheets",
    "contest_files",
    "contest_jurors",
    "contest_criteria",
    "contest_applications",
    "contest_nominations",
    "contest_counters",
    "contests",
)


def upgrade() -> None:
    op.create_table(
        "contests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("rules_file_id", sa.String(length=255), nullable=True),
        sa.Column(
            "stage",
            sa.Enum(
                "draft",
                "applications",
                "jury",
                "vote",
                "results",
                name="contest_stage",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("applications_from", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applications_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("jury_until", sa.DateTime(timezone=True), nullable=False),
        sa.Column("vote_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("live_counts", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("spread_threshold", sa.Float(), nullable=False),
        sa.Column("vote_opened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contests")),
    )
    op.create_table(
        "contest_counters",
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_counters_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contest_id", name=op.f("pk_contest_counters")),
    )
    op.create_table(
        "contest_nominations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column(
            "applicant_kind",
            sa.Enum(
                "municipality", "tos", name="contest_applicant_kind", native_enum=False, length=16
            ),
            nullable=False,
        ),
        sa.Column("score_min", sa.Integer(), nullable=False),
        sa.Column("score_max", sa.Integer(), nullable=False),
        sa.Column("required", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_nominations_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_nominations")),
    )
    op.create_table(
        "contest_applications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("contest_id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "draft",
                "submitted",
                "returned",
                name="contest_app_status",
                native_enum=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("step", sa.String(length=32), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("tos_name", sa.String(length=300), nullable=True),
        sa.Column("contact", sa.String(length=300), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("results", sa.Text(), nullable=True),
        sa.Column("budget", sa.String(length=300), nullable=True),
        sa.Column("return_comment", sa.Text(), nullable=True),
        sa.Column("in_vote", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("reviewed", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("resubmitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_contest_applications_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["contest_id"],
            ["contests.id"],
            name=op.f("fk_contest_applications_contest_id_contests"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_contest_applications_municipality_id_municipalities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["contest_nominations.id"],
            name=op.f("fk_contest_applications_nomination_id_contest_nominations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_applications")),
        sa.UniqueConstraint(
            "contest_id", "number", name=op.f("uq_contest_applications_contest_id_number")
        ),
    )
    op.create_index(
        "ix_contest_applications_author",
        "contest_applications",
        ["author_id", "contest_id"],
        unique=False,
    )
    op.create_table(
        "contest_criteria",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("weight", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["contest_nominations.id"],
            name=op.f("fk_contest_criteria_nomination_id_contest_nominations"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_criteria")),
    )
    op.create_index(
        op.f("ix_contest_criteria_nomination_id"),
        "contest_criteria",
        ["nomination_id"],
        unique=False,
    )
    op.create_table(
        "contest_jurors",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("appointed_by", sa.BigInteger(), nullable=False),
        sa.Column("appointed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["contest_nominations.id"],
            name=op.f("fk_contest_jurors_nomination_id_contest_nominations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_contest_jurors_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_jurors")),
        sa.UniqueConstraint(
            "nomination_id", "user_id", name=op.f("uq_contest_jurors_nomination_id_user_id")
        ),
    )
    op.create_index(op.f("ix_contest_jurors_user_id"), "contest_jurors", ["user_id"], unique=False)
    op.create_table(
        "contest_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("photo", "document", name="contest_file_kind", native_enum=False, length=16),
            nullable=False,
        ),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_name", sa.String(length=300), nullable=True),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["contest_applications.id"],
            name=op.f("fk_contest_files_application_id_contest_applications"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_files")),
    )
    op.create_index(
        op.f("ix_contest_files_application_id"), "contest_files", ["application_id"], unique=False
    )
    op.create_table(
        "contest_sheets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["contest_applications.id"],
            name=op.f("fk_contest_sheets_application_id_contest_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_contest_sheets_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_sheets")),
        sa.UniqueConstraint(
            "application_id", "user_id", name=op.f("uq_contest_sheets_application_id_user_id")
        ),
    )
    op.create_index(op.f("ix_contest_sheets_user_id"), "contest_sheets", ["user_id"], unique=False)
    op.create_table(
        "contest_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nomination_id", sa.Integer(), nullable=False),
        sa.Column("application_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("counted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["application_id"],
            ["contest_applications.id"],
            name=op.f("fk_contest_votes_application_id_contest_applications"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["nomination_id"],
            ["contest_nominations.id"],
            name=op.f("fk_contest_votes_nomination_id_contest_nominations"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_contest_votes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_contest_votes")),
        sa.UniqueConstraint(
            "nomination_id", "user_id", name=op.f("uq_contest_votes_nomination_id_user_id")
        ),
    )
    op.create_index(
        op.f("ix_contest_votes_application_id"), "contest_votes", ["application_id"], unique=False
    )


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
