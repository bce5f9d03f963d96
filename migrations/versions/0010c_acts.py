"""Acts under consultation: the 135-OZ data becomes the first act.

New tables: acts, act_municipalities, act_choices, act_late_drafts. Law versions, campaigns
and proposals get ``act_id``; proposal counters are per act and year, and a proposal's
(year, seq) is unique per act. Every existing row is given to one act, Law No. 135-OZ
(code «135»), so old numbers (135-2026-0007) stay valid and /my_proposals shows the same.

Revision ID: 0010c_acts
Revises: 0009a_representatives
Create Date: 2026-12-02 07:30:00
"""

from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0010c_acts"
down_revision: str | Sequence[str] | None = "0009a_representatives"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGACY_TITLE = (
    "О взаимодействии органов государственной власти Кемеровской области "
    "с Советом муниципальных образований Кемеровской области"
)
acts = sa.table(
    "acts",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("kind", sa.String),
    sa.column("title", sa.String),
    sa.column("number", sa.String),
    sa.column("sender", sa.String),
    sa.column("topic", sa.String),
    sa.column("stage", sa.String),
    sa.column("announced_at", sa.DateTime(timezone=True)),
    sa.column("stage_changed_at", sa.DateTime(timezone=True)),
    sa.column("created_at", sa.DateTime(timezone=True)),
)


def _create_tables() -> None:
    op.create_table(
        "acts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=9), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("number", sa.String(length=200), nullable=True),
        sa.Column("sender", sa.String(length=200), nullable=True),
        sa.Column("responsible_telegram_id", sa.BigInteger(), nullable=True),
        sa.Column("topic", sa.String(length=32), nullable=False),
        sa.Column("stage", sa.String(length=16), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("discussion_starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("discussion_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("summary_ends_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("result_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stage_changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_acts")),
        sa.UniqueConstraint("code", name=op.f("uq_acts_code")),
    )
    op.create_index(op.f("ix_acts_stage"), "acts", ["stage"])
    op.create_table(
        "act_municipalities",
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["acts.id"],
            name=op.f("fk_act_municipalities_act_id_acts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_act_municipalities_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("act_id", "municipality_id", name=op.f("pk_act_municipalities")),
    )
    op.create_table(
        "act_choices",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"], ["acts.id"], name=op.f("fk_act_choices_act_id_acts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_act_choices_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_act_choices")),
    )
    op.create_table(
        "act_late_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("municipality_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["acts.id"],
            name=op.f("fk_act_late_drafts_act_id_acts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_act_late_drafts_municipality_id_municipalities"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_act_late_drafts_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_late_drafts")),
    )
    op.create_index("ix_act_late_drafts_act_id_user_id", "act_late_drafts", ["act_id", "user_id"])


def _create_positions() -> None:
    op.create_table(
        "act_positions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("act_id", sa.Integer(), nullable=False),
        sa.Column("municipality_id", sa.Integer(), nullable=False),
        sa.Column("stance", sa.String(length=16), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("attachment_file_id", sa.String(length=255), nullable=True),
        sa.Column("attachment_name", sa.String(length=255), nullable=True),
        sa.Column("submitted_by", sa.Integer(), nullable=True),
        sa.Column("by_signatory", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("superseded_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["act_id"],
            ["acts.id"],
            name=op.f("fk_act_positions_act_id_acts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["municipality_id"],
            ["municipalities.id"],
            name=op.f("fk_act_positions_municipality_id_municipalities"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["submitted_by"],
            ["users.id"],
            name=op.f("fk_act_positions_submitted_by_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_act_positions")),
    )
    op.create_index(op.f("ix_act_positions_act_id"), "act_positions", ["act_id"])
    op.create_index(
        "uq_act_positions_current",
        "act_positions",
        ["act_id", "municipality_id"],
        unique=True,
        sqlite_where=sa.text("superseded_at IS NULL"),
        postgresql_where=sa.text("superseded_at IS NULL"),
    )


def _legacy_act() -> int:
    """The act every existing row belongs to: Law No. 135-OZ, open for proposals as before."""
    now = datetime.now(UTC)
    conn = op.get_bind()
    conn.execute(
        acts.insert().values(
            code="135",
            kind="amendment",
            title=LEGACY_TITLE,
            number="Закон Кемеровской области № 135-ОЗ",
            sender=None,
            topic="law",
            stage="discussion",
            announced_at=now,
            stage_changed_at=now,
            created_at=now,
        )
    )
    found = conn.execute(sa.select(acts.c.id).where(acts.c.code == "135")).scalar_one()
    return int(found)


def _add_act_id(table: str, legacy: int) -> None:
    with op.batch_alter_table(table) as batch:
        batch.add_column(sa.Column("act_id", sa.Integer(), nullable=True))
        batch.create_index(f"ix_{table}_act_id", ["act_id"])
        batch.create_foreign_key(f"fk_{table}_act_id_acts", "acts", ["act_id"], ["id"])
    op.execute(sa.text(f"UPDATE {table} SET act_id = :act").bindparams(act=legacy))


def upgrade() -> None:
    _create_tables()
    _create_positions()
    legacy = _legacy_act()
    for table in ("law_versions", "law_campaigns"):
        _add_act_id(table, legacy)
    _add_act_id("proposals", legacy)
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint("uq_proposals_year_seq", type_="unique")
        batch.create_unique_constraint("uq_proposals_act_id_year_seq", ["act_id", "year", "seq"])
    with op.batch_alter_table("proposal_counters") as batch:
        batch.add_column(sa.Column("act_id", sa.Integer(), nullable=True))
    op.execute(sa.text("UPDATE proposal_counters SET act_id = :act").bindparams(act=legacy))
    with op.batch_alter_table("proposal_counters", recreate="always") as batch:
        batch.alter_column("act_id", existing_type=sa.Integer(), nullable=False)
        batch.drop_constraint("pk_proposal_counters", type_="primary")
        batch.create_primary_key("pk_proposal_counters", ["act_id", "year"])
        batch.create_foreign_key(
            "fk_proposal_counters_act_id_acts", "acts", ["act_id"], ["id"], ondelete="CASCADE"
        )


def downgrade() -> None:
    """Back to one law: only possible while every proposal belongs to the first act."""
    conn = op.get_bind()
    legacy = conn.execute(sa.select(acts.c.id).where(acts.c.code == "135")).scalar()
    others = conn.execute(
        sa.text("SELECT count(*) FROM proposals WHERE act_id IS NOT NULL AND act_id != :a"),
        {"a": legacy or -1},
    ).scalar()
    if others:
        raise RuntimeError(
            f"{others} proposals belong to acts other than 135-OZ: the old schema cannot hold "
            "them; export them first"
        )
    conn.execute(sa.text("DELETE FROM proposal_counters WHERE act_id != :a"), {"a": legacy or -1})
    with op.batch_alter_table("proposal_counters", recreate="always") as batch:
        batch.drop_constraint("fk_proposal_counters_act_id_acts", type_="foreignkey")
        batch.drop_constraint("pk_proposal_counters", type_="primary")
        batch.create_primary_key("pk_proposal_counters", ["year"])
        batch.drop_column("act_id")
    with op.batch_alter_table("proposals") as batch:
        batch.drop_constraint("uq_proposals_act_id_year_seq", type_="unique")
        batch.create_unique_constraint("uq_proposals_year_seq", ["year", "seq"])
    for table in ("proposals", "law_campaigns", "law_versions"):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"fk_{table}_act_id_acts", type_="foreignkey")
            batch.drop_index(f"ix_{table}_act_id")
            batch.drop_column("act_id")
    op.drop_index("uq_act_positions_current", table_name="act_positions")
    op.drop_index(op.f("ix_act_positions_act_id"), table_name="act_positions")
    op.drop_table("act_positions")
    op.drop_index("ix_act_late_drafts_act_id_user_id", table_name="act_late_drafts")
    op.drop_table("act_late_drafts")
    op.drop_table("act_choices")
    op.drop_table("act_municipalities")
    op.drop_index(op.f("ix_acts_stage"), table_name="acts")
    op.drop_table("acts")
