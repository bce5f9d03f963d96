"""Decisions on proposals: supports (+1), the review (responsible, due date, wording changed
under it), answer templates and the staff alerts' cursors. New tables only: no existing
row changes.

Revision ID: 0009d_decisions
Revises: 0008
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009d_decisions"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "proposal_supports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("telegram_id", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_supports_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_proposal_supports_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proposal_supports")),
        sa.UniqueConstraint(
            "proposal_id", "user_id", name=op.f("uq_proposal_supports_proposal_id_user_id")
        ),
    )
    op.create_index(op.f("ix_proposal_supports_proposal_id"), "proposal_supports", ["proposal_id"])
    op.create_index(op.f("ix_proposal_supports_user_id"), "proposal_supports", ["user_id"])
    op.create_table(
        "proposal_reviews",
        sa.Column("proposal_id", sa.Integer(), nullable=False),
        sa.Column("responsible_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("reminded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("wording_changed_version_id", sa.Integer(), nullable=True),
        sa.Column("wording_changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["proposal_id"],
            ["proposals.id"],
            name=op.f("fk_proposal_reviews_proposal_id_proposals"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["wording_changed_version_id"],
            ["law_versions.id"],
            name=op.f("fk_proposal_reviews_wording_changed_version_id_law_versions"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("proposal_id", name=op.f("pk_proposal_reviews")),
    )
    op.create_index(op.f("ix_proposal_reviews_due_at"), "proposal_reviews", ["due_at"])
    op.create_table(
        "answer_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=60), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_templates")),
    )
    op.create_table(
        "proposal_alert_cursors",
        sa.Column("telegram_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("last_proposal_id", sa.Integer(), nullable=False),
        sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("telegram_id", name=op.f("pk_proposal_alert_cursors")),
    )


def downgrade() -> None:
    op.drop_table("proposal_alert_cursors")
    op.drop_table("answer_templates")
    op.drop_index(op.f("ix_proposal_reviews_due_at"), table_name="proposal_reviews")
    op.drop_table("proposal_reviews")
    op.drop_index(op.f("ix_proposal_supports_user_id"), table_name="proposal_supports")
    op.drop_index(op.f("ix_proposal_supports_proposal_id"), table_name="proposal_supports")
    op.drop_table("proposal_supports")
