"""Statement budget of the presses people make most, counted by a SQLAlchemy listener on
the real dispatcher and middlewares: an RSVP is at most 3 statements (the person, the
answer's upsert, the seat) in at most one write transaction; /help and throttled updates
touch no database at all; a known person costs one read and no write. Adding a query to
any of these paths makes this test fail."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import EditMessageReplyMarkup
from sqlalchemy import event as sa_event
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.events.callbacks import RsvpAnswer, RsvpCb
from models.events import Event, Rsvp, RsvpStatus
from tests import updates
from tests.factories import make_event, make_users
from tests.mocked_bot import MockedBot

Factory = async_sessionmaker[AsyncSession]


@dataclass
class Counter:
    statements: list[str] = field(default_factory=list)
    commits: int = 0
    checkouts: int = 0

    @property
    def writes(self) -> list[str]:
        verbs = ("INSERT", "UPDATE", "DELETE")
        return [s for s in self.statements if s.lstrip().upper().startswith(verbs)]


@contextmanager
def counting(engine: AsyncEngine) -> Iterator[Counter]:
    counter = Counter()

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        counter.statements.append(sql)

    def commit(_conn: Any) -> None:
        counter.commits += 1

    def checkout(*_: Any) -> None:
        counter.checkouts += 1

    sync = engine.sync_engine
    sa_event.listen(sync, "before_cursor_execute", statement)
    sa_event.listen(sync, "commit", commit)
    sa_event.listen(sync.pool, "checkout", checkout)
    try:
        yield counter
    finally:
        sa_event.remove(sync, "before_cursor_execute", statement)
        sa_event.remove(sync, "commit", commit)
        sa_event.remove(sync.pool, "checkout", checkout)


def _engine(factory: Factory) -> AsyncEngine:
    bind = factory.kw["bind"]
    assert isinstance(bind, AsyncEngine)
    return bind


def _press(user_id: int, event_id: int, answer: RsvpAnswer) -> Any:
    return updates.callback(user_id, RsvpCb(event_id=event_id, answer=answer).pack())


async def _status(factory: Factory, event_id: int, user_id: int) -> RsvpStatus | None:
    async with factory() as session:
        return await session.scalar(
            select(Rsvp.status).where(Rsvp.event_id == event_id, Rsvp.user_id == user_id)
        )


async def test_rsvp_presses_stay_within_three_statements(
    settings: Settings, session_factory: Factory
) -> None:
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    bot = MockedBot()
    engine = _engine(session_factory)
    async with session_factory() as session:
        first, second, third = await make_users(session, 5000, 3)
        event = await make_event(session, starts_in=timedelta(days=2), capacity=1)

    # "Going" for the free seat: person, upsert, seat — one transaction.
    with counting(engine) as c:
        await dp.feed_update(bot, _press(first.telegram_id, event.id, RsvpAnswer.GOING))
    assert len(c.statements) == 3, c.statements
    assert c.commits == 1 and len(c.writes) == 2
    assert await _status(session_factory, event.id, first.id) is RsvpStatus.GOING
    # The reminder's keyboard shows the answer (no query for that).
    assert any(isinstance(m, EditMessageReplyMarkup) for m in bot.sent())

    # A double tap: the seat stays; the answer is not written again.
    with counting(engine) as c:
        await dp.feed_update(bot, _press(first.telegram_id, event.id, RsvpAnswer.GOING))
    assert len(c.statements) == 2 and c.commits == 1, c.statements

    # The event is full: the waitlist, with the position read after commit.
    with counting(engine) as c:
        await dp.feed_update(bot, _press(second.telegram_id, event.id, RsvpAnswer.GOING))
    assert len(c.statements) == 3 and c.commits == 1, c.statements
    assert await _status(session_factory, event.id, second.id) is RsvpStatus.WAITLIST

    # "Cannot come" from someone who has no seat: person, event (no change), upsert.
    with counting(engine) as c:
        await dp.feed_update(bot, _press(third.telegram_id, event.id, RsvpAnswer.NOT_GOING))
    assert len(c.statements) == 3 and c.commits == 1, c.statements

    async with session_factory() as session:
        stored = await session.get(Event, event.id)
        assert stored is not None and stored.going_count == 1  # counts stayed right


async def test_leaving_a_seat_without_a_waitlist_is_three_statements(
    settings: Settings, session_factory: Factory
) -> None:
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    bot = MockedBot()
    async with session_factory() as session:
        (person,) = await make_users(session, 5100, 1)
        event = await make_event(session, starts_in=timedelta(days=2), capacity=10)
    await dp.feed_update(bot, _press(person.telegram_id, event.id, RsvpAnswer.GOING))
    with counting(_engine(session_factory)) as c:
        await dp.feed_update(bot, _press(person.telegram_id, event.id, RsvpAnswer.NOT_GOING))
    # person, upsert, the seat back (which also tells that nobody waits for it)
    assert len(c.statements) == 3 and c.commits == 1, c.statements
    async with session_factory() as session:
        stored = await session.get(Event, event.id)
        assert stored is not None and stored.going_count == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_help_and_throttled_updates_open_no_session(
    settings: Settings, session_factory: Factory
) -> None:
    settings = settings.model_copy(update={"throttle_rate": 2, "throttle_window": 10.0})
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    bot = MockedBot()
    async with session_factory() as session:
        (person,) = await make_users(session, 5200, 1)
    with counting(_engine(session_factory)) as c:
        await dp.feed_update(bot, updates.message(777_000, "/help"))
    # The first /help of a process reads who the moderators are (for the staff part)...
    assert len(c.statements) == 1 and "users.role" in c.statements[0]
    with counting(_engine(session_factory)) as c:
        await dp.feed_update(bot, updates.message(person.telegram_id, "/help"))
        await dp.feed_update(bot, updates.message(777_001, "/help"))  # a stranger, too
    # ... and then no /help touches the database.
    assert c.statements == [] and c.checkouts == 0
    assert len(bot.texts()) == 3
    with counting(_engine(session_factory)) as c:
        for _ in range(3):  # the third is over the limit: dropped before any session
            await dp.feed_update(bot, updates.message(person.telegram_id, "/help"))
    assert c.statements == [] and c.checkouts == 0


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_known_person_costs_one_read_and_no_write(
    settings: Settings, session_factory: Factory
) -> None:
    dp = create_dispatcher(settings, session_factory, storage=MemoryStorage())
    bot = MockedBot()
    async with session_factory() as session:
        (person,) = await make_users(session, 5300, 1)
        event = await make_event(session, starts_in=timedelta(days=2))
    press = _press(person.telegram_id, event.id, RsvpAnswer.NOT_GOING)
    await dp.feed_update(bot, press)
    with counting(_engine(session_factory)) as c:
        await dp.feed_update(bot, _press(person.telegram_id, event.id, RsvpAnswer.NOT_GOING))
    reads = [s for s in c.statements if s not in c.writes]
    assert len(reads) == 1 and "FROM users" in reads[0] and "telegram_id" in reads[0]
    assert not [w for w in c.writes if "users" in w.split("(")[0]]
