"""Subscriptions: topics, followed municipalities, and the /stop switch on users.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 20:47:27.216411
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_municipalities",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_user_municipalities_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_municipalities_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "municipality_id", name=op.f("pk_user_municipalities")),
    )
    op.create_table(
        "user_topics",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("topic", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_topics_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "topic", name=op.f("pk_user_topics")),
    )
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "announcements_enabled", sa.Boolean(), nullable=False, server_default=sa.true()
            )
        )
    # People who consented before topics existed get the defaults: every topic on.
    for topic in ("events", "council", "law", "practices", "tos", "news"):
        op.execute(
            sa.text(
                "INSERT INTO user_topics (user_id, topic) "
                "SELECT id, :topic FROM users WHERE consent_version IS NOT NULL"
            ).bindparams(topic=topic)
        )


def downgrade() -> None:
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("announcements_enabled")

    op.drop_table("user_topics")
    op.drop_table("user_municipalities")
