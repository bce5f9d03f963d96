"""Delivery you can trust (issue 11): through an outage, a double tap, a busy minute, a /stop
and a stop button, nothing is lost, doubled or out of order."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncIterator

import pytest
from aiogram.fsm.storage.memory import DisabledEventIsolation
from aiogram.types import Update
from sqlalchemy import func, select, update
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from models import outbox, proposals
from models.audiences import Audience
from models.base import utcnow
from models.errors import DomainError
from models.mailings import MassMailing, Progress
from models.outbox import Content, DeliveryState, MailingKind, Recipient
from models.proposals import ProposalStatus as Status
from models.users import User
from sandbox.telegram import FakeTelegram
from scheduler.clock import SystemClock
from scheduler.limits import RateLimiter
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_user, make_users
from tests.harness import running_bot
from tests.test_mailing_e2e import button, compose
from tests.test_proposals_model import _draft_ready
from tests.test_sender import Factory, bot_messages, drained, enqueue, make_sender, running
from texts import t
from texts.mailings import headline_key

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, auto_create_chats=True) as fake:
        yield fake


# --- 1. Telegram away -------------------------------------------------------------------------


@SQLITE_ONLY
@pytest.mark.parametrize(
    ("outage", "error", "realistic"),
    [
        (2.0, 502, False),
        (2.0, "drop", False),
        pytest.param(60.0, "drop", True, marks=pytest.mark.slow),
    ],
)
async def test_outage_mid_mailing_fails_nothing_and_delivers_everything_after(
    session_factory: Factory,
    caplog: pytest.LogCaptureFixture,
    outage: float,
    error: int | str,
    realistic: bool,
) -> None:
    """Telegram answers nothing (5xx or dropped connections) for ``outage`` seconds in the
    middle of a mailing: the sender pauses everything, probes, resumes by itself; nothing
    fails, everyone gets exactly one copy, and the pause and resume are logged."""
    caplog.set_level(logging.WARNING)
    chats = list(range(7000, 7090))
    async with FakeTelegram(token=TOKEN, auto_create_chats=True) as tg:
        sender = make_sender(tg, session_factory, rate=30)
        if realistic:  # the production probe schedule: 1, 2, 4 … 60 s
            sender.limiter = RateLimiter(SystemClock(), 30)
        mailing_id = await enqueue(session_factory, chats)
        async with running(sender):
            await tg.wait_for(lambda: len(tg.calls("sendMessage", ok=True)) >= 20, timeout=10)
            rule = tg.fail(None, error=error, times=None)  # type: ignore[arg-type]
            await asyncio.sleep(outage)
            assert sender.limiter.unreachable_since is not None  # /healthz reads this
            async with session_factory() as session:
                mid = await outbox.report(session, mailing_id)
            assert mid.counts.get(DeliveryState.FAILED, 0) == 0
            rule.cancel()
            rep = await drained(session_factory, mailing_id, timeout=outage + 90)
        assert rule.hits > 0
        assert rep.counts == {DeliveryState.SENT: len(chats)}
        assert [bot_messages(tg, c) for c in chats] == [1] * len(chats)
        assert sender.limiter.unreachable_since is None
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("telegram unreachable" in w and "paused" in w for w in warnings), warnings
    assert any("reachable again" in w and "probes failed" in w for w in warnings), warnings
    if not realistic:
        # Probing, not hammering: while away, one request at a time, at growing intervals.
        assert rule.hits < 40


# --- 3. Order per chat ----------------------------------------------------------------------


@SQLITE_ONLY
async def test_one_chat_gets_its_messages_in_order_across_retries_and_deferrals(
    session_factory: Factory,
) -> None:
    """Five notices to one person (one chat's pace: each waits for the last), the first hit by
    a 502 and a 429, amid a mailing to others: they arrive in the order they were enqueued."""
    async with FakeTelegram(token=TOKEN, auto_create_chats=True, enforce_limits=True) as tg:
        person = 5000
        tg.fail("sendMessage", chat_id=person, error=502, times=2)
        tg.fail("sendMessage", chat_id=person, error=429, retry_after=1, times=1)
        others = await enqueue(session_factory, list(range(5100, 5140)))
        notices = [
            await enqueue(session_factory, [person], Content(text=f"Статус {i}")) for i in range(5)
        ]
        async with running(make_sender(tg, session_factory, rate=30)):
            for mailing_id in [others, *notices]:
                await drained(session_factory, mailing_id, timeout=60)
        texts = [m.text for m in tg.chat(person).messages]
        assert texts == [f"Статус {i}" for i in range(5)]
        assert tg.rejected_429 == 0


# --- 5. /stop wins over a running mailing -------------------------------------------------


@SQLITE_ONLY
async def test_stop_sent_mid_mailing_wins_but_transactional_messages_still_go(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, send_rate=10) as app:
        async with app.session_factory() as session:
            users = await make_users(session, 20_000, 40)
        late = users[-1]
        recipients = [Recipient(u.telegram_id, u.id) for u in users]
        async with app.session_factory() as session:
            announcement = await outbox.enqueue(
                session,
                kind=MailingKind.ANNOUNCEMENT,
                title="announcement",
                content=Content(text="Анонс семинара"),
                recipients=recipients,
            )
            await session.commit()
        app.background.wake()
        await tg.wait_for(lambda: len(tg.calls("sendMessage", ok=True)) >= 5, timeout=10)
        await tg.user(late.telegram_id).send("/stop")
        async with app.session_factory() as session:
            notice = await outbox.enqueue(
                session,
                kind=MailingKind.NOTICE,
                title="notice",
                content=Content(text="Ваше предложение принято"),
                recipients=[Recipient(late.telegram_id, late.id)],
            )
            await session.commit()
        app.background.wake()
        rep = await drained(app.session_factory, announcement.id, timeout=30)
        await drained(app.session_factory, notice.id, timeout=30)
    got = [m.text for m in tg.chat(late.telegram_id).messages]
    assert "Анонс семинара" not in got
    assert "Ваше предложение принято" in got
    assert rep.counts[DeliveryState.SKIPPED] == 1
    assert rep.counts[DeliveryState.SENT] == len(users) - 1


# --- 6. Stop within one in-flight round; reports that tell the truth -----------------------


@SQLITE_ONLY
async def test_no_send_starts_after_the_stop_is_committed(session_factory: Factory) -> None:
    async with FakeTelegram(token=TOKEN, auto_create_chats=True) as tg:
        tg.latency = 0.1
        chats = list(range(8000, 8200))
        mailing_id = await enqueue(session_factory, chats)
        async with running(make_sender(tg, session_factory, rate=30)):
            await tg.wait_for(lambda: len(tg.calls("sendMessage")) >= 20, timeout=10)
            async with session_factory() as session:
                await outbox.cancel_mailing(session, mailing_id)
                await session.commit()
            committed = time.monotonic()
            await asyncio.sleep(1.0)
            rep = await drained(session_factory, mailing_id)
        # A request arrives half a round trip after it starts; allow that and some slack.
        late = [r.time - committed for r in tg.calls("sendMessage") if r.time > committed]
        assert all(delay < 0.05 + 0.15 for delay in late), late
        sent = len(tg.calls("sendMessage", ok=True))
        assert rep.counts.get(DeliveryState.SENT, 0) == sent
        assert rep.counts[DeliveryState.CANCELLED] == len(chats) - sent


def _progress(**counts: int) -> Progress:
    now = utcnow()
    return Progress(
        mailing_id=7,
        title="t",
        counts={DeliveryState(k): v for k, v in counts.items()},
        top_errors=[],
        started_at=now,
        finished_at=now,
        stopped_by=None,
        start_at=now,
        audience=Audience(),
        created_by=ADMIN_ID,
        created_at=now,
    )


def test_report_headline_follows_the_outcome() -> None:
    assert headline_key(_progress(failed=39)) == "mailing-report-undelivered"
    assert headline_key(_progress(blocked=2)) == "mailing-report-undelivered"
    assert headline_key(_progress(sent=30, failed=9)) == "mailing-report-partly"
    assert headline_key(_progress(sent=39)) == "mailing-report-done"
    assert headline_key(_progress(sent=39, skipped=1)) == "mailing-report-done"
    assert "✅" not in t("mailing-report-undelivered", id=7, title="t")


# --- 2. Exactly one mailing per confirmation ----------------------------------------------


async def test_double_tap_on_confirm_makes_one_mailing(
    tg: FakeTelegram, settings: Settings
) -> None:
    """Two taps on «✅ Да, отправить» 5 ms apart, handled concurrently by the real app with
    no event isolation (as two instances sharing one FSM store would): one mailing, one copy
    per recipient."""
    async with running_bot(tg, settings, send_rate=30) as app:
        async with app.session_factory() as session:
            users = await make_users(session, 30_000, 6)
            await session.execute(update(User).values(announcements_enabled=True))
            await session.commit()
        admin = tg.user(ADMIN_ID)
        chat = tg.chat(ADMIN_ID)
        await compose(admin, tg, "Одна рассылка")
        await admin.press(button(chat.last_message(), "Далее"))
        await admin.press(t.plain("mailing-btn-send-now"))
        confirm = chat.last_message()
        assert confirm is not None
        label = button(confirm, "✅ Да, отправить")
        data = confirm.button(label)
        assert data is not None
        app.dp.fsm.events_isolation = DisabledEventIsolation()

        async def tap(update_id: int, delay: float) -> None:
            await asyncio.sleep(delay)
            query = tg._new_callback_query(
                ADMIN_ID, ADMIN_ID, confirm.message_id, data["callback_data"], label
            )
            raw = {
                "update_id": update_id,
                "callback_query": {
                    "id": query.id,
                    "from": admin.user,
                    "chat_instance": "1",
                    "data": data["callback_data"],
                    "message": confirm.to_dict(),
                },
            }
            await app.dp.feed_update(app.bot, Update.model_validate(raw, context={"bot": app.bot}))

        await asyncio.gather(tap(900_001, 0), tap(900_002, 0.005))
        async with app.session_factory() as session:
            masses = (await session.scalars(select(MassMailing))).unique().all()
            assert len(masses) == 1
            mailing_id = masses[0].mailing_id
        app.background.wake()
        await drained(app.session_factory, mailing_id, timeout=30)
        async with app.session_factory() as session:
            deliveries = await session.scalar(select(func.count()).select_from(outbox.Delivery))
        assert deliveries == len(users)
        for user in users:
            copies = [m for m in tg.chat(user.telegram_id).messages if m.method == "copyMessage"]
            assert len(copies) == 1


# --- 4. One pace for the token; replies first --------------------------------------------


@SQLITE_ONLY
async def test_replies_during_a_full_pace_mailing_all_arrive(
    tg: FakeTelegram, settings: Settings
) -> None:
    """A mailing at the full 30/s to 300 people while 20 others send /help: every one of
    them is answered, and the fake (30 per sliding second, one chat's bucket) refuses nothing."""
    tg.limits.enabled = True
    async with running_bot(tg, settings, send_rate=30) as app:
        async with app.session_factory() as session:
            users = await make_users(session, 40_000, 320)
        audience, talkers = users[:300], users[300:]
        mailing_id = await enqueue(app.session_factory, [u.telegram_id for u in audience])
        app.background.wake()
        await tg.wait_for(lambda: len(tg.calls("sendMessage", ok=True)) >= 30, timeout=10)
        await asyncio.gather(*(tg.user(u.telegram_id).send("/help") for u in talkers))
        for user in talkers:
            assert tg.chat(user.telegram_id).messages, user.telegram_id
        await drained(app.session_factory, mailing_id, timeout=60)
    assert tg.rejected_429 == 0
    assert tg.max_rate(1.0) <= 30


async def test_double_tap_on_a_status_decision_notifies_once(
    session: AsyncSession, session_factory: Factory
) -> None:
    """Two staff taps on «accept, with this answer» at the same moment (two sessions, as two
    instances would): one decides and notifies the author, the other is refused as stale."""
    author = await make_user(session, 5100)
    await _draft_ready(session, author)
    p = await proposals.submit(session, author)
    await proposals.change_status(session, ADMIN_ID, p.id, Status.UNDER_REVIEW, render=t)
    proposal_id = p.id
    before = await session.scalar(select(func.count()).select_from(outbox.Mailing))

    async def decide() -> str:
        async with session_factory() as s:
            try:
                await proposals.change_status(
                    s, ADMIN_ID, proposal_id, Status.ACCEPTED, "Учтено", render=t
                )
            except DomainError as exc:
                return exc.code
            except OperationalError:  # SQLite: "database is locked" for the loser
                return "locked"
            return "ok"

    outcomes = await asyncio.gather(decide(), decide())
    assert outcomes.count("ok") == 1, outcomes
    after = await session.scalar(select(func.count()).select_from(outbox.Mailing))
    assert after == (before or 0) + 1
