"""Keep each article's heading line in stored law texts.

The parser now keeps the heading as the file has it («Статья 5. Предмет закона»), so the
domain holds no Russian words; versions stored before have only the number and title, and
get the heading they would have had.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01 23:55:00
"""

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

law_versions = sa.table(
    "law_versions", sa.column("id", sa.Integer), sa.column("structure", sa.JSON)
)


def _with_headings(structure: dict[str, Any]) -> dict[str, Any]:
    for article in structure.get("articles", []):
        if not article.get("heading"):
            article["heading"] = f"Статья {article['n']}. {article['title']}".rstrip()
    return structure


def upgrade() -> None:
    conn = op.get_bind()
    for row_id, structure in conn.execute(sa.select(law_versions.c.id, law_versions.c.structure)):
        data = structure if isinstance(structure, dict) else json.loads(structure)
        conn.execute(
            law_versions.update()
            .where(law_versions.c.id == row_id)
            .values(structure=_with_headings(data))
        )


def downgrade() -> None:
    """The heading is derived data; older code ignores it."""
