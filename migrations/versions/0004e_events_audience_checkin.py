"""Events: audience municipalities, check-in token, calendar sequence, schedule version.

Revision ID: 0004e
Revises: 0003
Create Date: 2026-11-25 20:55:10.283403
"""

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004e"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "event_municipalities",
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"],
            ["events.id"],
            name=op.f("fk_event_municipalities_event_id_events"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_event_municipalities_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "event_id", "municipality_id", name=op.f("pk_event_municipalities")
        ),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("checkin_token", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("sequence", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(
            sa.Column("schedule_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.alter_column(
            "created_by", existing_type=sa.INTEGER(), type_=sa.BigInteger(), existing_nullable=True
        )
    # Events made before check-in existed get their secret now.
    conn = op.get_bind()
    ids = conn.execute(sa.text("SELECT id FROM events WHERE checkin_token IS NULL")).scalars()
    for event_id in list(ids):
        conn.execute(
            sa.text("UPDATE events SET checkin_token = :token WHERE id = :id"),
            {"token": secrets.token_urlsafe(16), "id": event_id},
        )


def downgrade() -> None:
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.alter_column(
            "created_by", existing_type=sa.BigInteger(), type_=sa.INTEGER(), existing_nullable=True
        )
        batch_op.drop_column("schedule_version")
        batch_op.drop_column("sequence")
        batch_op.drop_column("checkin_token")

    op.drop_table("event_municipalities")
