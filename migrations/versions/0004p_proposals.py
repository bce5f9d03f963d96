"""Proposals to amend Law No. 135-OZ: law versions, campaigns, drafts, proposals, notes.

Revision ID: 0004p
Revises: 0003
Create Date: 2026-11-25 20:52:51.699200
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004p"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "law_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=255), nullable=False),
        sa.Column("uploaded_by", sa.BigInteger(), nullable=False),
        sa.Column("uploaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("structure", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_law_versions")),
    )
    op.create_table(
        "proposal_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_proposal_counters")),
    )
    op.create_table(
        "proposal_settings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("accept_without_campaign", sa.Boolean(), nullable=False),
        sa.Column("updated_by", sa.BigInteger(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_settings")),
    )
    op.create_table(
        "law_campaigns",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("deadline", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("opened_by", sa.BigInteger(), nullable=False),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminder_mailing_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["reminder_mailing_id"],
            ["mailings.id"],
            name=op.f("fk_law_campaigns_reminder_mailing_id_mailings"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_law_campaigns")),
    )
    op.create_table(
        "proposal_drafts",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_proposal_drafts_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_proposal_drafts")),
    )
    op.create_table(
        "proposals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=32), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("law_version_id", sa.Integer(), nullable=True),
        sa.Column(
            "place_kind",
            sa.Enum(
                "provision",
                "new_article",
                "whole_law",
                name="place_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("article", sa.Integer(), nullable=True),
        sa.Column("part", sa.Integer(), nullable=True),
        sa.Column("point", sa.Integer(), nullable=True),
        sa.Column(
            "kind",
            sa.Enum(
                "new_wording",
                "addition",
                "deletion",
                name="amendment_kind",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("current_wording", sa.Text(), nullable=True),
        sa.Column("proposed_wording", sa.Text(), nullable=True),
        sa.Column("justification", sa.Text(), nullable=False),
        sa.Column("attachment_file_id", sa.String(length=255), nullable=True),
        sa.Column("attachment_kind", sa.String(length=16), nullable=True),
        sa.Column(
            "status",
            sa.Enum(
                "submitted",
                "under_review",
                "accepted",
                "partially_accepted",
                "rejected",
                "merged",
                "withdrawn",
                name="proposal_status",
                native_enum=False,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("answer", sa.Text(), nullable=True),
        sa.Column("merged_into_id", sa.Integer(), nullable=True),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["users.id"],
            name=op.f("fk_proposals_author_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["campaign_id"],
            ["law_campaigns.id"],
            name=op.f("fk_proposals_campaign_id_law_campaigns"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["law_version_id"],
            ["law_versions.id"],
            name=op.f("fk_proposals_law_version_id_law_versions"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["merged_into_id"],
            ["proposals.id"],
            name=op.f("fk_proposals_merged_into_id_proposals"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_proposals_municipality_id_municipalities"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposals")),
        sa.UniqueConstraint("number", name=op.f("uq_proposals_number")),
        sa.UniqueConstraint("year", "seq", name=op.f("uq_proposals_year_seq")),
    )
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_proposals_article"), ["article"], unique=False)
        batch_op.create_index(batch_op.f("ix_proposals_author_id"), ["author_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_proposals_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_proposals_municipality_id"), ["municipality_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_proposals_status"), ["status"], unique=False)

    op.create_table(
        "proposal_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("author_telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_notes_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_notes")),
    )
    with op.batch_alter_table("proposal_notes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_proposal_notes_proposal_id"), ["proposal_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("proposal_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposal_notes_proposal_id"))

    op.drop_table("proposal_notes")
    with op.batch_alter_table("proposals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_proposals_status"))
        batch_op.drop_index(batch_op.f("ix_proposals_municipality_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_campaign_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_author_id"))
        batch_op.drop_index(batch_op.f("ix_proposals_article"))

    op.drop_table("proposals")
    op.drop_table("proposal_drafts")
    op.drop_table("law_campaigns")
    op.drop_table("proposal_settings")
    op.drop_table("proposal_counters")
    op.drop_table("law_versions")
