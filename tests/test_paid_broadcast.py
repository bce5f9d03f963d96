"""Paid broadcast mode: an admin switches it on for one mailing in /mailing, sees the estimated
cost in Stars before confirming, and the sender sends it with ``allow_paid_broadcast`` in the
fake's paid lane (1000/s) — faster than the free 30/s, nothing lost, nothing twice. Free
stays the default; a user cannot reach the switch; the estimate follows Telegram's rule."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Awaitable

import pytest
from aiogram.exceptions import TelegramRetryAfter
from sqlalchemy import select, update

from bot.config import Settings
from models.audit import AuditEntry
from models.consent import current_consent
from models.mailings import paid_cost_tenths
from models.mailings.paid import stars
from models.outbox import Delivery, Mailing, MailingKind
from models.users import User
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_users
from tests.harness import running_bot
from texts import t

SQLITE_ONLY = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
FIRST = 60_000


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, enforce_limits=True, auto_create_chats=True) as fake:
        yield fake


def test_estimate_follows_the_free_thirty_a_second() -> None:
    assert paid_cost_tenths(30) == 0  # within the free second
    assert paid_cost_tenths(0) == 0
    # 20,000 at ~942/s take 21 s: 21 × 30 free, the rest at 0.1 Star.
    assert paid_cost_tenths(20_000) == 20_000 - 21 * 30
    assert stars(paid_cost_tenths(20_000)) == "1937,0"
    assert stars(7) == "0,7"


def _button(tg: FakeTelegram, prefix: str) -> str:
    last = tg.chat(ADMIN_ID).last_message()
    assert last is not None
    found = [b for b in last.buttons if b.startswith(prefix)]
    assert found, f"no button {prefix!r} in {last.buttons}"
    return found[0]


@SQLITE_ONLY
@pytest.mark.slow
async def test_admin_sends_a_paid_broadcast_with_its_cost_shown(
    tg: FakeTelegram, settings: Settings
) -> None:
    count = 300
    async with running_bot(tg, settings, send_rate=30) as app:
        async with app.session_factory() as session:
            users = await make_users(session, FIRST, count)
            await session.execute(
                update(User)
                .where(User.telegram_id >= FIRST)
                .values(consent_version=current_consent().version)
            )
            await session.commit()
        admin = tg.user(ADMIN_ID)
        await admin.send("/mailing")
        await admin.send("Итоги конкурса опубликованы")
        await admin.press(t.plain("mailing-btn-no-buttons"))
        await admin.press(_button(tg, "Далее"))
        await admin.press(t.plain("mailing-btn-send-now"))
        shown = tg.chat(ADMIN_ID).last_text()
        assert "обычный, бесплатно" in shown  # free is the default
        await admin.press(t.plain("mailing-btn-paid-on"))
        shown = tg.chat(ADMIN_ID).last_text()
        assert f"{stars(paid_cost_tenths(count))} ⭐" in shown and "@BotFather" in shown
        # Back and forth: the mode is what the last switch says.
        await admin.press(t.plain("mailing-btn-paid-off"))
        await admin.press(t.plain("mailing-btn-paid-on"))
        started = time.monotonic()
        confirm = _button(tg, "✅ Да, отправить")
        await admin.press(confirm)
        chats = {u.telegram_id for u in users}
        await tg.wait_for(
            lambda: {d.chat_id for d in tg.deliveries if d.chat_id in chats} == chats,
            timeout=20,
        )
        elapsed = time.monotonic() - started
        async with app.session_factory() as session:
            mailing = await session.scalar(
                select(Mailing).where(Mailing.kind == MailingKind.MAILING)
            )
            assert mailing is not None and mailing.paid_broadcast
            assert mailing.paid_cost_tenths == paid_cost_tenths(count)
            states = (
                await session.scalars(
                    select(Delivery.state).where(Delivery.mailing_id == mailing.id)
                )
            ).all()
            entry = await session.scalar(
                select(AuditEntry.details).where(AuditEntry.action == "mailing.create")
            )
        assert entry is not None and entry["paid_broadcast"] is True
        assert entry["paid_cost_tenths"] == paid_cost_tenths(count)
        paid_calls = [
            r for r in tg.calls("copyMessage", ok=True) if r.params.get("allow_paid_broadcast")
        ]
        assert len(paid_calls) == count
        assert sum(len(tg.chat(c).messages) for c in chats) == count  # none twice
        assert tg.rejected_429 == 0
        assert elapsed < count / 30  # faster than the free pace could ever be
        assert tg.paid_charged > 0
    assert len(states) == count


async def test_fake_keeps_thirty_free_and_a_thousand_paid() -> None:
    async with FakeTelegram(token=TOKEN, enforce_limits=True, auto_create_chats=True) as tg:
        bot = tg.make_bot()
        free = [await _try(bot.send_message(100 + i, "x")) for i in range(31)]
        assert free.count(True) == 30  # the 31st free one in the second: 429
        paid = [
            await _try(bot.send_message(1000 + i, "x", allow_paid_broadcast=True))
            for i in range(50)
        ]
        assert all(paid)  # the paid lane is not the free one's
        assert tg.paid_charged >= 20


async def _try(call: Awaitable[object]) -> bool:
    try:
        await call
    except TelegramRetryAfter:
        return False
    return True
