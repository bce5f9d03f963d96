"""Merge the delivery (0007d) and dialogue (0007f) branches into one history.

Revision ID: 0008
Revises: 0007d, 0007f
Create Date: 2026-12-02 00:50:00
"""

from collections.abc import Sequence

revision: str = "0008"
down_revision: str | Sequence[str] | None = ("0007d", "0007f")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
