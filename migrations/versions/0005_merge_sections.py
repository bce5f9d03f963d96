"""Merge the events, mass mailings and proposals branches into one history.

Revision ID: 0005
Revises: 0004e, 0004m, 0004p
Create Date: 2026-11-25 21:30:00
"""

from collections.abc import Sequence

revision: str = "0005"
down_revision: str | Sequence[str] | None = ("0004e", "0004m", "0004p")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
