"""Municipal representatives and their one-use invitations.

Revision ID: 0009a_representatives
Revises: 0008
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009a_representatives"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "representatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("is_signatory", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("confirmed_by", sa.BigInteger(), nullable=True),
        sa.Column("confirmed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_by", sa.BigInteger(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_representatives_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_representatives_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representatives")),
    )
    op.create_index(
        op.f("ix_representatives_municipality_id"), "representatives", ["municipality_id"]
    )
    op.create_index(op.f("ix_representatives_user_id"), "representatives", ["user_id"])
    op.create_index(
        "uq_representatives_active",
        "representatives",
        ["municipality_id", "user_id"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    )
    op.create_index(
        "uq_representatives_signatory",
        "representatives",
        ["municipality_id"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL AND is_signatory"),
        postgresql_where=sa.text("revoked_at IS NULL AND is_signatory"),
    )
    op.create_table(
        "representative_invites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token", sa.String(length=43), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("signatory", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("handover_from", sa.Integer(), nullable=True),
        sa.Column("used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("used_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_representative_invites_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["handover_from"],
            ["representatives.id"],
            name=op.f("fk_representative_invites_handover_from_representatives"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["used_by"],
            ["users.id"],
            name=op.f("fk_representative_invites_used_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_representative_invites")),
        sa.UniqueConstraint("token", name=op.f("uq_representative_invites_token")),
    )


def downgrade() -> None:
    op.drop_table("representative_invites")
    op.drop_index("uq_representatives_signatory", table_name="representatives")
    op.drop_index("uq_representatives_active", table_name="representatives")
    op.drop_index(op.f("ix_representatives_user_id"), table_name="representatives")
    op.drop_index(op.f("ix_representatives_municipality_id"), table_name="representatives")
    op.drop_table("representatives")
