"""Shared fixtures: a migrated database on SQLite (always) and PostgreSQL (when reachable),
Redis FSM storage, settings."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from migrations.runner import upgrade
from models.db import create_engine, create_session_factory
from tests.services import POSTGRES_URL, REDIS_URL, require

ADMIN_ID = 1000
TOKEN = "123456:TEST-token-for-the-fake-telegram-api"


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL of an empty database, on each backend in turn."""
    if request.param == "sqlite":
        return f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    require("postgres")
    return request.getfixturevalue("postgres_database_url")  # type: ignore[no-any-return]


async def _create_database(name: str, template: str | None = None) -> None:
    admin = create_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            suffix = f' TEMPLATE "{template}"' if template else ""
            await conn.execute(text(f'CREATE DATABASE "{name}"{suffix}'))
    finally:
        await admin.dispose()


async def _drop_database(name: str) -> None:
    admin = create_engine(POSTGRES_URL).execution_options(isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        await admin.dispose()


def _url_of(name: str) -> str:
    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """One migrated PostgreSQL database per run, copied for each test (CREATE DATABASE ...
    TEMPLATE is much faster than running every migration again)."""
    require("postgres")
    name = f"kcb_tmpl_{uuid.uuid4().hex[:12]}"

    async def build() -> None:
        await _create_database(name)
        engine = create_engine(_url_of(name))
        try:
            await upgrade(engine)
        finally:
            await engine.dispose()

    asyncio.run(build())
    try:
        yield name
    finally:
        asyncio.run(_drop_database(name))


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def empty_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """A database with nothing in it, on each backend (for migration tests)."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'empty.db'}"
        return
    require("postgres")
    name = f"kcb_empty_{uuid.uuid4().hex[:12]}"
    await _create_database(name)
    try:
        yield _url_of(name)
    finally:
        await _drop_database(name)


@pytest.fixture
async def postgres_database_url(postgres_template: str) -> AsyncIterator[str]:
    """A fresh, migrated PostgreSQL database for one test, dropped afterwards."""
    name = f"kcb_test_{uuid.uuid4().hex[:12]}"
    await _create_database(name, template=postgres_template)
    try:
        yield _url_of(name)
    finally:
        await _drop_database(name)


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    """An engine on a database migrated to head."""
    eng = create_engine(database_url)
    await upgrade(eng)
    yield eng
    await eng.dispose()


@pytest.fixture
def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return create_session_factory(engine)


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    async with session_factory() as s:
        yield s


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(
        _env_file=None,
        bot_token=TOKEN,
        database_url=database_url,
        admin_ids=frozenset({ADMIN_ID}),
        # Tests type faster than any person; flood control has its own tests.
        throttle_rate=10_000,
    )


@pytest.fixture
def redis_url() -> str:
    require("redis")
    return REDIS_URL
