"""Dialogue state in the database, and the administrative centre of each municipality.

``fsm_states`` holds aiogram's FSM state and data per key (the default storage, so a
restart loses no dialogue). ``municipalities.center`` is the town people type when asked
where they are («Мыски», «Юрга»); it is filled from the seed file by code.

Revision ID: 0007f
Revises: 0006
Create Date: 2026-12-10 12:00:00
"""

import csv
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0007f"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED_CSV = Path(__file__).resolve().parents[2] / "models" / "data" / "municipalities.csv"

municipalities = sa.table(
    "municipalities", sa.column("code", sa.String), sa.column("center", sa.String)
)


def upgrade() -> None:
    op.create_table(
        "fsm_states",
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("state", sa.String(length=255), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_fsm_states")),
    )
    with op.batch_alter_table("municipalities") as batch:
        batch.add_column(sa.Column("center", sa.String(length=100), nullable=True))
    with SEED_CSV.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            op.execute(
                municipalities.update()
                .where(municipalities.c.code == row["code"])
                .values(center=row["center"])
            )


def downgrade() -> None:
    with op.batch_alter_table("municipalities") as batch:
        batch.drop_column("center")
    op.drop_table("fsm_states")
