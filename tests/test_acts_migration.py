"""The 135-OZ data becomes one act (migration 0010c_acts) with real rows, on SQLite and
PostgreSQL: a database at the schema before acts (0009a) gets a law text, two campaigns,
three proposals numbered 135-2026-000N and the counter; after the upgrade every row belongs
to the act «135», the counter is the act's, the old numbers still open and the next
proposal continues the series; the downgrade gives the old schema back with every row."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    select,
)
from sqlalchemy.engine import Connection

from migrations.runner import downgrade, upgrade
from models.consent import current_consent
from models.db import create_engine, create_session_factory
from models.proposals import by_number, of_user
from models.proposals.acts import Act, ActStage
from models.proposals.drafts import Draft, save_draft
from models.proposals.numbering import submit
from models.users import User

BEFORE = "0009a_representatives"
WHEN = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
STRUCTURE = {"preamble": "", "articles": [{"n": 1, "title": "Предмет", "heading": "Статья 1."}]}


def _row(table: Table, **given: Any) -> dict[str, Any]:
    """The given values, and a plain value for every other NOT NULL column."""
    row = dict(given)
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = column.type
        if isinstance(kind, Boolean):
            row[column.name] = True
        elif isinstance(kind, Integer):
            row[column.name] = 0
        elif isinstance(kind, DateTime):
            row[column.name] = WHEN
        elif isinstance(kind, JSON):
            row[column.name] = {}
        elif isinstance(kind, String):
            row[column.name] = "x"
    return row


def _fill(conn: Connection) -> None:
    meta = MetaData()
    meta.reflect(conn)
    t = meta.tables
    conn.execute(
        t["users"].insert(),
        [
            _row(
                t["users"],
                id=500,
                telegram_id=55500,
                role="user",
                consent_version=current_consent().version,
                full_name="Ирина Петрова",
                occupation="municipal_employee",
                municipality_id=3,
            )
        ],
    )
    conn.execute(
        t["law_versions"].insert(),
        [_row(t["law_versions"], id=70, filename="135.docx", uploaded_by=1, structure=STRUCTURE)],
    )
    conn.execute(
        t["law_campaigns"].insert(),
        [
            _row(t["law_campaigns"], id=80, title="Весна", deadline=WHEN, opened_by=1),
            _row(t["law_campaigns"], id=81, title="Осень", deadline=WHEN, opened_by=1),
        ],
    )
    conn.execute(
        t["proposals"].insert(),
        [
            _row(
                t["proposals"],
                id=900 + n,
                number=f"135-2026-000{n}",
                year=2026,
                seq=n,
                author_id=500,
                author_telegram_id=55500,
                municipality_id=3,
                campaign_id=80 if n < 3 else 81,
                law_version_id=70,
                place_kind="provision",
                article=1,
                kind="new_wording",
                justification=f"Обоснование {n}",
                status="submitted",
            )
            for n in (1, 2, 3)
        ],
    )
    conn.execute(t["proposal_counters"].insert(), [{"year": 2026, "last": 3}])


def _state(conn: Connection) -> dict[str, Any]:
    meta = MetaData()
    meta.reflect(conn)
    t = meta.tables
    out: dict[str, Any] = {
        "proposals": conn.execute(
            select(t["proposals"].c.id, t["proposals"].c.number).order_by(t["proposals"].c.id)
        ).all(),
        "counters": conn.execute(select(t["proposal_counters"])).mappings().all(),
        "versions": conn.execute(select(t["law_versions"].c.id)).scalars().all(),
        "campaigns": conn.execute(select(t["law_campaigns"].c.id)).scalars().all(),
        "acts": [],
    }
    if "acts" in t:
        out["acts"] = conn.execute(select(t["acts"].c.id, t["acts"].c.code)).all()
        out["act_ids"] = {
            name: set(conn.execute(select(t[name].c.act_id)).scalars())
            for name in ("proposals", "law_versions", "law_campaigns")
        }
    return out


async def test_135_data_becomes_one_act_and_back(empty_database_url: str) -> None:
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine, BEFORE)
        async with engine.begin() as conn:
            await conn.run_sync(_fill)
        await upgrade(engine, "0010c_acts")
        async with engine.connect() as conn:
            after = await conn.run_sync(_state)
        [(act_id, code)] = after["acts"]
        assert code == "135"
        assert after["act_ids"] == {
            "proposals": {act_id},
            "law_versions": {act_id},
            "law_campaigns": {act_id},
        }
        assert [n for _, n in after["proposals"]] == [f"135-2026-000{n}" for n in (1, 2, 3)]
        assert [dict(c) for c in after["counters"]] == [
            {"act_id": act_id, "year": 2026, "last": 3}
        ]

        await downgrade(engine, BEFORE)
        async with engine.connect() as conn:
            back = await conn.run_sync(_state)
        assert back["proposals"] == after["proposals"]
        assert [dict(c) for c in back["counters"]] == [{"year": 2026, "last": 3}]
        assert (back["versions"], sorted(back["campaigns"]), back["acts"]) == ([70], [80, 81], [])

        # Up to head again: the domain opens old numbers and continues the series.
        await upgrade(engine)
        factory = create_session_factory(engine)
        async with factory() as session:
            act = await session.scalar(select(Act).where(Act.code == "135"))
            assert act is not None and act.stage is ActStage.DISCUSSION
            old = await by_number(session, "135-2026-0002")
            assert (
                old is not None and old.act_id == act.id and old.justification == "Обоснование 2"
            )
            user = await session.get(User, 500)
            assert user is not None
            mine = [p.number for p in await of_user(session, user.id)]
            assert mine == ["135-2026-0003", "135-2026-0002", "135-2026-0001"]  # /my_proposals
            draft = Draft(
                place_kind="whole_law",
                kind="new_wording",
                proposed_wording="Новая редакция",
                justification="Потому что",
                attachment_done=True,
            )
            await save_draft(session, user.id, draft)
            new = await submit(session, user, datetime(2026, 6, 1, tzinfo=UTC))
            assert (new.number, new.act_id) == ("135-2026-0004", act.id)
    finally:
        await engine.dispose()
