"""Upgrading never loses a row: a stairway with data.

For EVERY revision (discovered from the scripts, so new ones are covered without editing
this file) a fresh database is migrated to that revision, every table that exists there is
filled with real rows (generated from the reflected schema; enum columns get values the
models know; per-table seeds where a later data migration reads the content), then it is
upgraded to head. Row counts and key columns (primary and foreign keys) of every table must
be the same afterwards. On SQLite this catches batch mode's table rebuild firing
``ON DELETE CASCADE`` (consent_log 3 → 0 from 0001, RSVPs 3 → 0 at 0004e).
"""

from __future__ import annotations

import asyncio
import json
import sys
import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Enum,
    Float,
    Integer,
    MetaData,
    Numeric,
    String,
    Table,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection

from migrations.runner import MIGRATIONS_DIR, upgrade
from models.base import Base
from models.db import create_engine
from tests.conftest import _create_database, _drop_database, _url_of
from tests.procs import ROOT, bot_env
from tests.services import require

ROWS = 3
FIRST_ID = 10_000  # above any id a migration seeds (municipalities are 1..34)


def _revisions() -> list[str]:
    script = ScriptDirectory(str(MIGRATIONS_DIR))
    return [r.revision for r in script.walk_revisions("base", "heads")][::-1]


def _law_structure(i: int) -> dict[str, Any]:
    """A law text as 0004p stored it (articles without their heading line)."""
    return {
        "preamble": f"Преамбула {i}",
        "articles": [
            {"n": i + 1, "title": f"Статья номер {i}", "text": "", "parts": [], "points": []}
        ],
    }


# Per-table seeds where the generic value would not exercise a later data migration.
SEEDS: dict[str, dict[str, Any]] = {
    "law_versions": {"structure": _law_structure},
    "events": {"reminder_offsets": lambda i: [1440, 120]},
}


def _model_enum(table: str, column: str) -> list[str] | None:
    model = Base.metadata.tables.get(table)
    if model is None or column not in model.c:
        return None
    kind = model.c[column].type
    return list(kind.enums) if isinstance(kind, Enum) else None


def _value(table: Table, column: Any, i: int, rows: dict[str, list[dict[str, Any]]]) -> Any:
    seed = SEEDS.get(table.name, {}).get(column.name)
    if seed is not None:
        return seed(i)
    for fk in column.foreign_keys:
        target = fk.column.table.name
        if target == table.name or not rows.get(target):
            return None  # self-references stay empty (the columns are nullable)
        referenced = rows[target]
        return referenced[i % len(referenced)][fk.column.name]
    enums = _model_enum(table.name, column.name)
    if enums:
        return enums[i % len(enums)]
    kind = column.type
    if isinstance(kind, Boolean):
        return i % 2 == 0
    if isinstance(kind, Integer):
        return FIRST_ID + i
    if isinstance(kind, DateTime):
        return datetime(2026, 3, 1 + i, 10, 0, tzinfo=UTC)
    if isinstance(kind, Date):
        return date(2026, 3, 1 + i)
    if isinstance(kind, Numeric | Float):
        return i + 0.5
    if isinstance(kind, JSON):
        return {}
    if isinstance(kind, String):
        value = f"{column.name}-{i}-данные"
        return value[: kind.length] if kind.length else value
    raise AssertionError(f"no generic value for {table.name}.{column.name} ({kind!r})")


def _key_columns(table: Table) -> list[str]:
    keys = [c.name for c in table.primary_key.columns]
    keys += [c.name for c in table.columns if c.foreign_keys and c.name not in keys]
    return keys


def _snapshot(conn: Connection, only: dict[str, list[str]] | None = None) -> dict[str, Any]:
    """Per table: the row count and the sorted key-column tuples."""
    meta = MetaData()
    meta.reflect(conn)
    shot: dict[str, Any] = {}
    for name, table in meta.tables.items():
        if name == "alembic_version" or (only is not None and name not in only):
            continue
        keys = only[name] if only is not None else _key_columns(table)
        missing = [k for k in keys if k not in table.c]
        assert not missing, f"{name}: key columns {missing} are gone after the upgrade"
        values = conn.execute(select(*(table.c[k] for k in keys))).all()
        shot[name] = {"keys": keys, "count": len(values), "rows": sorted(map(tuple, values))}
    return shot


def _fill(conn: Connection) -> None:
    meta = MetaData()
    meta.reflect(conn)
    rows: dict[str, list[dict[str, Any]]] = {}
    for table in meta.sorted_tables:
        if table.name == "alembic_version":
            continue
        batch = [{c.name: _value(table, c, i, rows) for c in table.columns} for i in range(ROWS)]
        for row in batch:
            for name, value in row.items():
                if isinstance(value, dict | list) and not isinstance(table.c[name].type, JSON):
                    row[name] = json.dumps(value)
        conn.execute(table.insert(), batch)
        rows[table.name] = [dict(r._mapping) for r in conn.execute(select(table))]


def _counts(shot: dict[str, Any]) -> dict[str, int]:
    return {name: entry["count"] for name, entry in shot.items()}


@pytest.mark.parametrize("revision", _revisions())
async def test_upgrade_from_every_revision_keeps_every_row(
    empty_database_url: str, revision: str
) -> None:
    engine = create_engine(empty_database_url)
    try:
        await upgrade(engine, revision)
        async with engine.begin() as conn:
            await conn.run_sync(_fill)
        async with engine.connect() as conn:
            before = await conn.run_sync(_snapshot)
        assert all(entry["count"] >= ROWS for entry in before.values()), _counts(before)
        await upgrade(engine)
        only = {name: entry["keys"] for name, entry in before.items()}
        async with engine.connect() as conn:
            after = await conn.run_sync(_snapshot, only)
            if conn.dialect.name == "sqlite":
                dangling = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
                assert dangling == []
        assert set(after) == set(before), "tables disappeared on the way to head"
        lost = {
            name: f"{before[name]['count']} → {after[name]['count']}"
            for name in before
            if after[name]["count"] != before[name]["count"]
        }
        assert not lost, f"rows lost upgrading from {revision}: {lost}"
        for name in before:
            assert after[name]["rows"] == before[name]["rows"], f"{name}: key columns changed"
    finally:
        await engine.dispose()


async def test_upgrade_refuses_to_finish_with_dangling_references(tmp_path: Any) -> None:
    """``PRAGMA foreign_key_check`` runs after the migrations: a row pointing at nothing
    (here planted with foreign keys off) fails the upgrade loudly instead of passing."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    engine = create_engine(url)
    try:
        await upgrade(engine, "0001")
        async with engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await conn.execute(
                text(
                    "INSERT INTO consent_log (user_id, version, action, created_at) "
                    "VALUES (999, 'v1', 'given', CURRENT_TIMESTAMP)"
                )
            )
            await conn.commit()
            await conn.invalidate()
        with pytest.raises(RuntimeError, match="reference missing rows"):
            await upgrade(engine)
    finally:
        await engine.dispose()


async def test_pooled_connections_keep_foreign_keys_on_after_migrating(tmp_path: Any) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    try:
        await upgrade(engine)
        for _ in range(3):
            async with engine.connect() as conn:
                assert (await conn.exec_driver_sql("PRAGMA foreign_keys")).scalar() == 1
    finally:
        await engine.dispose()


def _version_rows(conn: Connection) -> list[str]:
    return sorted(conn.execute(text("SELECT version_num FROM alembic_version")).scalars())


@pytest.mark.postgres
@pytest.mark.slow
async def test_two_migrate_processes_at_once() -> None:
    """Two compose instances starting together: two ``python -m bot migrate`` on the same
    fresh database. The advisory lock makes the second wait and then find nothing to do
    (without it one dies with UniqueViolationError on alembic_version)."""
    require("postgres")
    name = f"kcb_conc_{uuid.uuid4().hex[:12]}"
    await _create_database(name)
    try:
        env = bot_env(DATABASE_URL=_url_of(name), LOG_LEVEL="INFO")
        procs = [
            await asyncio.create_subprocess_exec(
                sys.executable,
                "-m",
                "bot",
                "migrate",
                cwd=ROOT,
                env=env,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.STDOUT,
            )
            for _ in range(2)
        ]
        outputs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in procs)), 90)
        logs = [out.decode(errors="replace") for out, _ in outputs]
        assert [p.returncode for p in procs] == [0, 0], "\n---\n".join(logs)
        assert not any("UniqueViolation" in log for log in logs)
        engine = create_engine(_url_of(name))
        try:
            async with engine.connect() as conn:
                heads = await conn.run_sync(_version_rows)
                tables = await conn.run_sync(lambda c: set(inspect(c).get_table_names()))
        finally:
            await engine.dispose()
        assert heads == sorted(ScriptDirectory(str(MIGRATIONS_DIR)).get_heads())
        assert set(Base.metadata.tables) <= tables
    finally:
        await _drop_database(name)
