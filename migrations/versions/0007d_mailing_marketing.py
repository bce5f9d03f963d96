"""Mailings know whether they are marketing (announcements, mass mailings to subscribers):
the sender checks such a delivery's /stop again when it claims it.

Existing rows: announcements are marketing; a mass mailing is, unless it was addressed to
the participants of an event (they hear about their event even after /stop).

Revision ID: 0007d
Revises: 0006
Create Date: 2026-12-10 12:30:00
"""

import json
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007d"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

mailings = sa.table(
    "mailings",
    sa.column("id", sa.Integer),
    sa.column("kind", sa.String),
    sa.column("marketing", sa.Boolean),
)
mass_mailings = sa.table(
    "mass_mailings", sa.column("mailing_id", sa.Integer), sa.column("audience", sa.JSON)
)


def upgrade() -> None:
    with op.batch_alter_table("mailings") as batch:
        batch.add_column(
            sa.Column("marketing", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    conn = op.get_bind()
    conn.execute(mailings.update().where(mailings.c.kind == "announcement").values(marketing=True))
    rows = conn.execute(sa.select(mass_mailings.c.mailing_id, mass_mailings.c.audience))
    for mailing_id, audience in rows.all():
        data = audience if isinstance(audience, dict) else json.loads(audience or "{}")
        if data.get("event_id") is None:
            conn.execute(
                mailings.update().where(mailings.c.id == mailing_id).values(marketing=True)
            )


def downgrade() -> None:
    with op.batch_alter_table("mailings") as batch:
        batch.drop_column("marketing")
