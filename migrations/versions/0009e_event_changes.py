"""Events staff can change after creation: an online link kept from the public card and
files attached to an event (programme, poster).

Existing rows: no link, no files.

Revision ID: 0009e_event_changes
Revises: 0008
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009e_event_changes"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("events") as batch:
        batch.add_column(sa.Column("online_link", sa.String(length=500), nullable=True))
    op.create_table(
        "event_files",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("event_id", sa.Integer(), nullable=False),
        sa.Column("file_id", sa.String(length=255), nullable=False),
        sa.Column("file_unique_id", sa.String(length=128), nullable=False),
        sa.Column("is_photo", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["event_id"], ["events.id"], name="fk_event_files_event_id_events", ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_event_files"),
        sa.UniqueConstraint(
            "event_id", "file_unique_id", name="uq_event_files_event_id_file_unique_id"
        ),
    )


def downgrade() -> None:
    op.drop_table("event_files")
    with op.batch_alter_table("events") as batch:
        batch.drop_column("online_link")
