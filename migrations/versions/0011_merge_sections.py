"""Merge the branches of the sections built side by side (events changes and desk,
representatives → acts, reports, contest, decisions, performance) into one history.

Revision ID: 0011
Revises: 0009d_decisions, 0009e_event_changes, 0009p_perf, 0009t_event_desk, 0010c_acts,
    0010k_contest, 0010r_reports
Create Date: 2026-12-02 08:20:00
"""

from collections.abc import Sequence

revision: str = "0011"
down_revision: str | Sequence[str] | None = (
    "0009d_decisions",
    "0009e_event_changes",
    "0009p_perf",
    "0009t_event_desk",
    "0010c_acts",
    "0010k_contest",
    "0010r_reports",
)
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
