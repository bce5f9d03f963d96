"""The outbox survives what really happens to processes: SIGKILL in the middle of a mailing,
two instances on one PostgreSQL database, two senders on one outbox.

The bot runs as ``python -m bot run`` (its own interpreter, migrations, leader election,
sender, long polling) against the fake Telegram served from the test's event loop. Each
process logs to ``<tmp>/<name>.log``; failures quote the tail of those logs.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from migrations.runner import upgrade
from models import outbox
from models.db import create_engine, create_session_factory
from models.outbox import Content, Delivery, DeliveryState, MailingKind, Recipient
from sandbox.telegram import FakeTelegram
from scheduler.sender import Outcome, Sender
from scheduler.transport import BotTransport
from tests.conftest import TOKEN
from tests.procs import (
    LEADER_LINE,
    POLLING_LINE,
    BotProcess,
    bot_env,
    late_answers,
    start_bot,
    tails,
    wait_all_sent,
    wait_for_log,
    wait_until,
)
from tests.services import require

# Deadlines inside the tests are tighter; this only bounds a test stuck in an unexpected way.
pytestmark = [pytest.mark.slow, pytest.mark.timeout(420)]

TEXT = "Совет МО Кузбасса: заседание переносится на пятницу, 10:00."
SEND_RATE = 150  # the fake enforces no limits here; a high pace keeps the test short
LEADER_CHECK = 1.0
LEASE = 30.0
# scheduler.sender.Sender's defaults: it claims BATCH deliveries at a time and has at most
# MAX_IN_FLIGHT sends on their way, so at most that many can be sent but not yet marked.
BATCH = 50
MAX_IN_FLIGHT = 60
# A bot process needs ~8 s on 2 idle cores before it sends anything (importing aiogram.types
# alone takes ~4 s of CPU), 15-30 s on a loaded box: generous deadlines for start-up.
STARTUP = 60.0
# Until the kill the fake answers sends this late (delivered at once): ~9 sends in flight.
ANSWER_DELAY = 0.3


def _env(tg: FakeTelegram, database_url: str) -> dict[str, str]:
    return bot_env(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=tg.base_url,
        DATABASE_URL=database_url,
        SEND_RATE=str(SEND_RATE),
        LEADER_CHECK_SECONDS=str(LEADER_CHECK),
        SEND_LEASE_SECONDS=str(LEASE),
        BACKGROUND="true",
        LOG_LEVEL="INFO",
    )


def _mid_batch(sends: int) -> int:
    """Round ``sends`` to the middle of a batch: the sender claims BATCH at a time, so a kill
    there leaves claims unsent and sends unmarked."""
    return sends // BATCH * BATCH + BATCH // 2


def _send_time(count: int) -> float:
    """A generous deadline for ``count`` sends at SEND_RATE."""
    return count / SEND_RATE * 1.5 + STARTUP


@asynccontextmanager
async def _database(
    url: str, *, migrate: bool = True
) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine: AsyncEngine = create_engine(url)
    try:
        if migrate:
            await upgrade(engine)
        yield create_session_factory(engine)
    finally:
        await engine.dispose()


async def _enqueue(factory: async_sessionmaker[AsyncSession], chat_ids: list[int]) -> int:
    async with factory() as session:
        mailing = await outbox.enqueue(
            session,
            kind=MailingKind.MAILING,
            title="process test",
            content=Content(text=TEXT),
            recipients=[Recipient(c) for c in chat_ids],
        )
        await session.commit()
        return mailing.id


async def _rows(factory: async_sessionmaker[AsyncSession]) -> list[tuple[int, str, str | None]]:
    """(chat_id, state, claimed_by) of every delivery."""
    async with factory() as session:
        rows = await session.execute(select(Delivery.chat_id, Delivery.state, Delivery.claimed_by))
        return [(int(c), DeliveryState(s).value, w) for c, s, w in rows]


def _message_counts(tg: FakeTelegram, chat_ids: Iterable[int]) -> dict[int, int]:
    return {c: len(tg.chats[c].messages) if c in tg.chats else 0 for c in chat_ids}


def _check_once_each(
    counts: dict[int, int], marked_at_kill: set[int], procs: Iterable[BotProcess]
) -> set[int]:
    """No chat lost; no delivery marked sent at the kill sent again; at most the in-flight
    sends repeated, once. Returns the chats that got the message twice."""
    lost = sorted(c for c, n in counts.items() if n == 0)
    assert not lost, f"{len(lost)} chats got nothing, e.g. {lost[:10]}\n{tails(procs)}"
    duplicates = sum(n - 1 for n in counts.values())
    print(f"duplicates after SIGKILL: {duplicates}")
    twice = {c for c, n in counts.items() if n > 1}
    resent = sorted(twice & marked_at_kill)
    assert not resent, f"deliveries already marked sent were sent again: {resent[:10]}"
    assert max(counts.values()) <= 2, f"a chat got 3+ messages: {sorted(twice)}"
    assert duplicates <= MAX_IN_FLIGHT, (
        f"{duplicates} duplicates, more than the {MAX_IN_FLIGHT} sends that can be in flight"
    )
    return twice


async def test_sigkill_mid_mailing_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL the only instance a third of the way through a mailing to 3000 chats, start
    another on the same SQLite file: every chat gets the message, and only the sends that were
    in flight at the kill (delivered, not yet marked sent) go out twice.

    The pace is 150 msg/s (the fake enforces no limit here), so the 3000 take ~20 s of
    sending on top of each process's 8-15 s of start-up. The kill lands mid-batch, with
    dozens of deliveries claimed; until then Telegram answers 0.3 s late, as over a real
    network, so dozens of sends are delivered but unmarked when the process dies. The second
    process takes the dead one's claims back as soon as it leads (``release_orphans``), not
    after their 30 s lease: they must go out within seconds.
    """
    total = 3000
    chat_ids = list(range(700_001, 700_001 + total))
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    procs: list[BotProcess] = []
    async with _database(url) as factory:
        mailing_id = await _enqueue(factory, chat_ids)
        async with FakeTelegram(token=TOKEN, auto_create_chats=True) as tg:
            env = _env(tg, url)
            try:
                first = await start_bot("first", tmp_path, env)
                procs.append(first)
                kill_at = _mid_batch(total * 35 // 100)
                with late_answers(tg, ANSWER_DELAY):
                    await wait_until(
                        tg,
                        lambda: len(tg.deliveries) >= kill_at,
                        timeout=_send_time(kill_at),
                        what=f"{kill_at} messages sent by the first process",
                        alive=[first],
                    )
                    await first.kill()
                sent_at_kill = len(tg.deliveries)
                rows = await _rows(factory)
                marked = {c for c, s, _ in rows if s == DeliveryState.SENT.value}
                claimed = {c for c, s, _ in rows if s == DeliveryState.CLAIMED.value}
                received = {c for c, n in _message_counts(tg, chat_ids).items() if n}
                print(
                    f"SIGKILL after {sent_at_kill} sends: {len(marked)} marked sent, "
                    f"{len(claimed)} claimed, {len(received - marked)} delivered but unmarked"
                )
                assert 0 < sent_at_kill < total // 2, "the kill must land mid-mailing"
                assert claimed, "no delivery was claimed at the kill"
                assert len(marked) + len(claimed) < total, "nothing left to send after the kill"
                # Only a claimed delivery can have been on its way.
                assert received - marked <= claimed, first.tail()

                restarted = time.monotonic()
                second = await start_bot("second", tmp_path, env)
                procs.append(second)
                # It leads at once (the flock died with the first process) and gives the dead
                # sender's claims back without waiting for their lease.
                took_over = f"took over {len(claimed)} deliveries claimed by a sender that died"
                await wait_for_log([second], took_over, timeout=STARTUP, alive=[second])
                led = time.monotonic()
                orphans = claimed - received  # the lowest ids left: first in line
                await wait_until(
                    tg,
                    lambda: all(c in tg.chats for c in orphans),
                    timeout=LEASE / 3,
                    what=f"the {len(orphans)} orphaned claims sent by the second process",
                    alive=[second],
                )
                print(f"orphaned claims sent {time.monotonic() - led:.1f} s after the takeover")
                await wait_until(
                    tg,
                    lambda: len(tg.chats) >= total,
                    timeout=_send_time(total - len(marked)),
                    what=f"all {total} chats to get the message",
                    alive=[second],
                    logs=[first],
                )
                await wait_all_sent(factory, mailing_id, total, procs)

                counts = _message_counts(tg, chat_ids)
                twice = _check_once_each(counts, marked, procs)
                # Exactly the first process's unmarked sends were repeated, nothing else.
                in_flight = {
                    c
                    for c in chat_ids
                    if c not in marked and tg.chats[c].messages[0].time < restarted
                }
                assert twice == in_flight, (sorted(twice), sorted(in_flight))
                assert all(m.source_text == TEXT for c in chat_ids for m in tg.chats[c].messages)
                assert {s for _, s, _ in await _rows(factory)} == {DeliveryState.SENT.value}
            finally:
                for p in procs:
                    await p.kill()


@pytest.fixture
def pg_url(request: pytest.FixtureRequest) -> str:
    """A fresh PostgreSQL database; skipped (failed in CI) when PostgreSQL is unreachable."""
    require("postgres")
    return request.getfixturevalue("postgres_database_url")  # type: ignore[no-any-return]


@pytest.mark.postgres
async def test_two_instances_on_postgres_send_once_and_take_over(
    tmp_path: Path, pg_url: str
) -> None:
    """Two instances on one PostgreSQL database: one leads (advisory lock) and sends alone;
    SIGKILL it mid-mailing, the other takes the lock as soon as PostgreSQL drops the dead
    connection (within LEADER_CHECK_SECONDS + a little) and finishes the mailing.

    Both instances also long-poll the fake with the same token; the fake answers the older
    of two concurrent ``getUpdates`` with 409 Conflict, like Telegram, and aiogram retries.
    """
    total = 600
    chat_ids = list(range(800_001, 800_001 + total))
    procs: list[BotProcess] = []
    async with (
        _database(pg_url) as factory,
        FakeTelegram(token=TOKEN, auto_create_chats=True) as tg,
    ):
        env = _env(tg, pg_url)
        try:
            procs.extend(
                await asyncio.gather(
                    start_bot("one", tmp_path, env), start_bot("two", tmp_path, env)
                )
            )
            leader = await wait_for_log(procs, LEADER_LINE, timeout=STARTUP, alive=procs)
            follower = next(p for p in procs if p is not leader)
            # The follower has tried for the lock by the time it polls (background first).
            await wait_for_log([follower], POLLING_LINE, timeout=STARTUP, alive=procs)
            # Both are up: the mailing arrives now (the leader looks every second), so
            # however long each took to start, the kill lands where it should.
            mailing_id = await _enqueue(factory, chat_ids)
            kill_at = _mid_batch(total * 40 // 100)
            with late_answers(tg, ANSWER_DELAY):
                await wait_until(
                    tg,
                    lambda: len(tg.deliveries) >= kill_at,
                    timeout=_send_time(kill_at),
                    what=f"{kill_at} messages sent by the leader",
                    alive=procs,
                )
                # One sender so far, the leader's: the follower never led nor claimed.
                (leader_worker,) = leader.worker_ids()
                workers = {w for _, _, w in await _rows(factory) if w is not None}
                assert workers == {leader_worker}, (workers, tails(procs))
                assert not follower.is_leader, tails(procs)
                assert not follower.worker_ids(), tails(procs)
                await leader.kill()
            killed = time.monotonic()
            sent_at_kill = len(tg.deliveries)
            rows = await _rows(factory)
            marked = {c for c, s, _ in rows if s == DeliveryState.SENT.value}
            received = {c for c, n in _message_counts(tg, chat_ids).items() if n}
            print(
                f"SIGKILL of the leader after {sent_at_kill} sends: {len(marked)} marked "
                f"sent, {len(received - marked)} delivered but unmarked"
            )
            assert 0 < sent_at_kill < total // 2 and len(marked) < total, "kill mid-mailing"

            await wait_for_log(
                [follower], LEADER_LINE, timeout=LEADER_CHECK + 15, alive=[follower]
            )
            led = time.monotonic()
            takeover = led - killed
            print(f"takeover {takeover:.1f} s after SIGKILL")
            assert takeover <= LEADER_CHECK + 5, tails(procs)
            await wait_until(
                tg,
                lambda: len(tg.chats) >= total,
                timeout=_send_time(total - len(marked)),
                what=f"all {total} chats to get the message",
                alive=[follower],
                logs=[leader],
            )
            await wait_all_sent(factory, mailing_id, total, procs)
            (follower_worker,) = follower.worker_ids()
            rows = await _rows(factory)
            assert not any(s != DeliveryState.SENT.value for _, s, _ in rows)
            assert {w for _, _, w in rows} <= {leader_worker, follower_worker}
            # The kill landed mid-mailing: both instances sent part of it.
            by_worker = Counter(w for _, _, w in rows)
            assert by_worker[leader_worker] > 0 and by_worker[follower_worker] > 0
            twice = _check_once_each(_message_counts(tg, chat_ids), marked, procs)
            if twice:  # the unmarked sends were claims the follower had to take back
                assert "took over" in follower.log(), follower.tail()
            # Every repeat is of a send the dead leader had on its way.
            early = {c for c in twice if tg.chats[c].messages[0].time < led}
            assert twice == early, sorted(twice - early)
            conflicts = sum(r.error_code == 409 for r in tg.calls("getUpdates"))
            print(f"getUpdates answered 409 Conflict {conflicts} times")
        finally:
            for p in procs:
                await p.kill()


@pytest.mark.postgres
async def test_two_senders_share_one_outbox_without_duplicates(pg_url: str) -> None:
    """Two senders (separate engines, no leadership) drain one outbox at the same time:
    ``FOR UPDATE SKIP LOCKED`` gives each delivery to exactly one of them."""
    total = 600
    chat_ids = list(range(900_001, 900_001 + total))
    async with _database(pg_url) as factory:
        mailing_id = await _enqueue(factory, chat_ids)
    engines = [create_engine(pg_url) for _ in range(2)]
    stop = asyncio.Event()
    try:
        async with FakeTelegram(token=TOKEN, auto_create_chats=True) as tg:
            senders = [
                Sender(
                    create_session_factory(engine),
                    BotTransport(tg.make_bot()),
                    rate=SEND_RATE,
                    worker_id=f"sender-{name}",
                    lease=timedelta(seconds=LEASE),
                )
                for name, engine in zip("ab", engines, strict=True)
            ]
            tasks = [asyncio.create_task(s.run(stop)) for s in senders]
            try:
                await tg.wait_for(
                    lambda: len(tg.chats) >= total or any(t.done() for t in tasks),
                    timeout=total / (2 * SEND_RATE) * 1.5 + 15,
                    what=f"all {total} chats to get the message",
                )
                for t in tasks:
                    if t.done():
                        t.result()  # a sender crashed: raise its error
                async with _database(pg_url, migrate=False) as check:
                    await wait_all_sent(check, mailing_id, total)
            finally:
                stop.set()
                for s in senders:
                    s.wake()
                await asyncio.wait_for(asyncio.gather(*tasks), 15)
            counts = _message_counts(tg, chat_ids)
            twice = {c: n for c, n in counts.items() if n != 1}
            assert not twice, f"{len(twice)} chats got other than one message: {twice}"
            sent = [s.stats[Outcome.SENT] for s in senders]
            assert sum(sent) == total
            assert all(n > 0 for n in sent), f"one sender did all the work: {sent}"
            print(f"two senders shared the outbox: {sent}")
    finally:
        for engine in engines:
            await engine.dispose()
