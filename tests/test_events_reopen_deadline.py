"""Closing registration by hand and reopening it brings back the deadline staff had set
(it used to be lost: registration stayed open until the start)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.config import Settings
from models.events import Event
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.events_story import BOT, GOING, draft, open_card, publish, subscribers
from tests.harness import running_bot
from texts import t

pytestmark = [
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True),
]


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username=BOT) as fake:
        yield fake


async def test_reopening_restores_the_staff_deadline(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        (person,) = await subscribers(app.session_factory, 7800, 1)
        tg.user(person.telegram_id)
        event = await draft(app.session_factory, "Форум ТОС", deadline_in=timedelta(days=1))
        deadline = event.rsvp_deadline
        assert deadline is not None
        await publish(tg, "Форум ТОС")
        await open_card(tg, "Форум ТОС")
        await tg.user(ADMIN_ID).press(t.plain("events-staff-close-btn"))
        await tg.wait_for(
            lambda: t.plain("events-staff-reopen-btn") in tg.chat(ADMIN_ID).last_message().buttons  # type: ignore[union-attr]
        )
        await tg.user(ADMIN_ID).press(t.plain("events-staff-reopen-btn"))
        await tg.wait_for(
            lambda: t.plain("events-staff-close-btn") in tg.chat(ADMIN_ID).last_message().buttons  # type: ignore[union-attr]
        )
        async with app.session_factory() as session:
            stored = await session.get(Event, event.id)
            assert stored is not None
            assert stored.rsvp_deadline == deadline
            assert stored.deadline_before_close is None
        await tg.user(person.telegram_id).send(f"/start event_{event.id}")
        card = await tg.chat(person.telegram_id).wait_for_text("Форум ТОС")
        shown = t.plain("events-card-deadline", deadline=deadline)
        assert shown in card.display_text
        answer = await tg.user(person.telegram_id).press(GOING, message_id=card.message_id)
        assert answer is not None and answer.text == t.plain("rsvp-saved-going")
