"""Performance: an answer's one UPDATE of the event records its seat change (read back by
RETURNING), and a mailing can be sent as a paid broadcast with its estimated cost.

Existing rows: seat change 0; every mailing free (``paid_broadcast`` false, cost 0).

Revision ID: 0009p_perf
Revises: 0008
Create Date: 2026-12-02 07:25:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009p_perf"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(
            sa.Column("last_seat_delta", sa.Integer(), server_default="0", nullable=False)
        )
    with op.batch_alter_table("mailings") as batch:
        batch.add_column(
            sa.Column("paid_broadcast", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch.add_column(
            sa.Column("paid_cost_tenths", sa.Integer(), server_default="0", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("mailings") as batch:
        batch.drop_column("paid_cost_tenths")
        batch.drop_column("paid_broadcast")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("last_seat_delta")
