"""The registration desk through the real bot: personal tickets (the shared-photo case,
forged tokens, double scans, a user scanning), moderators with exports, the participant
list with check-in by hand, adding a participant, writing to participants, registration
questions after «Пойду» and in the exports."""

from __future__ import annotations

import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta

import openpyxl
import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from models.base import utcnow
from models.events import Event, Rsvp, RsvpStatus
from models.users import Role, User
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_event, make_user, make_users
from tests.harness import running_bot
from texts import t

pytestmark = pytest.mark.slow

BOT = "kuzbass_council_bot"
GOING = t.plain("events-answer-labels-going")
NOT_GOING = t.plain("events-answer-labels-not_going")
TICKET = t.plain("events-desk-ticket-btn")
MODERATOR_ID = 7000
TOKEN_IN_CAPTION = re.compile(r"start=tk_([A-Za-z0-9_-]+)")


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username=BOT) as fake:
        yield fake


async def _people(factory: async_sessionmaker[AsyncSession], first_id: int, n: int) -> list[User]:
    async with factory() as session:
        return await make_users(session, first_id, n)


async def _today(factory: async_sessionmaker[AsyncSession], **kw: object) -> Event:
    """An event that started an hour ago and lasts three more: its day is today."""
    async with factory() as session:
        event = await make_event(session, title="Конференция", starts_in=-timedelta(hours=1), **kw)  # type: ignore[arg-type]
        event.ends_at = utcnow() + timedelta(hours=3)
        await session.commit()
        return event


def _button(tg: FakeTelegram, chat_id: int, part: str) -> str:
    """The label of the newest bot message's button that contains ``part``."""
    message = tg.chat(chat_id).last_message()
    assert message is not None
    found = [b for b in message.buttons if part in b]
    assert found, f"no button with {part!r} in {message.buttons}"
    return found[0]


async def _going(
    factory: async_sessionmaker[AsyncSession], event: Event, people: list[User]
) -> None:
    async with factory() as session:
        for person in people:
            session.add(Rsvp(event_id=event.id, user_id=person.id, status=RsvpStatus.GOING))
        await session.execute(
            update(Event).where(Event.id == event.id).values(going_count=len(people))
        )
        await session.commit()


async def ticket_token(tg: FakeTelegram, telegram_id: int, event_id: int) -> str:
    """What a person does to get their ticket: open the card, press «Мой билет»; the token
    is read from the QR's link in the caption (the QR image encodes the same link)."""
    person = tg.user(telegram_id)
    await person.send(f"/start event_{event_id}")
    await person.press(TICKET)
    photo = tg.chat(telegram_id).last_message()
    assert photo is not None and photo.photo is not None and photo.file is not None
    assert photo.file.data.startswith(b"\x89PNG")
    found = re.search(r"<code>([A-Za-z0-9_-]+)</code>", photo.source_text or "")
    assert found is not None, photo.source_text
    return found.group(1)


async def test_tickets_cannot_be_shared(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        f = app.session_factory
        a, b, c = await _people(f, 5100, 3)
        event = await _today(f)
        await _going(f, event, [a, b])
        token_a = await ticket_token(tg, a.telegram_id, event.id)
        # The same ticket again: same token (the person may open it twice).
        assert await ticket_token(tg, a.telegram_id, event.id) == token_a
        # B posts A's ticket photo in a group; C (not going) and B open it: nothing happens.
        for other in (b, c):
            await tg.user(other.telegram_id).send(f"/start tk_{token_a}")
            assert tg.chat(other.telegram_id).last_text() == t.plain("events-desk-scan-not-staff")
        async with f() as session:
            marked = await session.scalar(
                select(func.count()).select_from(Rsvp).where(Rsvp.checked_in_at.is_not(None))
            )
            assert marked == 0
        # C is not going: no ticket for them.
        await tg.user(c.telegram_id).send(f"/start event_{event.id}")
        assert TICKET not in tg.chat(c.telegram_id).last_message().buttons  # type: ignore[union-attr]
        # The staff member scans A's ticket: A is checked in, once; B stays unmarked.
        admin = tg.user(ADMIN_ID)
        await admin.send(f"/start tk_{token_a}")
        assert tg.chat(ADMIN_ID).last_text().startswith("✅ Отмечен(а): Участник 0")
        await admin.send(f"/start tk_{token_a}")
        assert "Участник 0 уже отмечен(а) в" in tg.chat(ADMIN_ID).last_text()
        async with f() as session:
            rows = dict((await session.execute(select(Rsvp.user_id, Rsvp.checked_in_at))).all())
        assert rows[a.id] is not None and rows[b.id] is None
        # Forged and malformed tokens.
        for forged in ("tk_" + "A" * 22, "tk_x", "tk_" + token_a[:-1] + "Z", "tk_<b>"):
            await admin.send(f"/start {forged}")
            assert tg.chat(ADMIN_ID).last_text() == t.plain("events-desk-scan-unknown")
        # The typed code works too, with the same once-only rule.
        token_b = await ticket_token(tg, b.telegram_id, event.id)
        await admin.send(f"/checkin {token_b}")
        assert tg.chat(ADMIN_ID).last_text().startswith("✅ Отмечен(а): Участник 1")
        # A user typing /checkin gets nothing of it.
        await tg.user(c.telegram_id).send(f"/checkin {token_b}")
        assert "Отмечен" not in tg.chat(c.telegram_id).last_text()
        assert tg.unanswered_callbacks == []


async def test_ticket_of_someone_no_longer_going(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        f = app.session_factory
        (a,) = await _people(f, 5200, 1)
        async with f() as session:  # tomorrow: answers are still open
            event = await make_event(session, title="Семинар", starts_in=timedelta(days=1))
        person = tg.user(a.telegram_id)
        await person.send(f"/start event_{event.id}")
        await person.press(GOING)
        token = await ticket_token(tg, a.telegram_id, event.id)
        await person.press(NOT_GOING)
        # The ticket button is gone from the card, and the old ticket no longer works.
        await person.send(f"/start event_{event.id}")
        assert TICKET not in tg.chat(a.telegram_id).last_message().buttons  # type: ignore[union-attr]
        async with f() as session:  # the day comes
            ev = await session.get(Event, event.id)
            assert ev is not None
            ev.starts_at = utcnow() - timedelta(minutes=5)
            await session.commit()
        await tg.user(ADMIN_ID).send(f"/start tk_{token}")
        assert tg.chat(ADMIN_ID).last_text().startswith("⛔ Билет не действует: Участник 0")
        assert "не пойду" in tg.chat(ADMIN_ID).last_text()


async def _moderator(factory: async_sessionmaker[AsyncSession], telegram_id: int) -> User:
    async with factory() as session:
        person = await make_user(session, telegram_id, name="Секретарь Совета")
        person.role = Role.MODERATOR
        await session.commit()
        return person


async def test_moderator_exports_and_a_user_cannot(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        f = app.session_factory
        await _moderator(f, MODERATOR_ID)
        people = await _people(f, 5300, 2)
        event = await _today(f)
        await _going(f, event, people)
        moderator = tg.user(MODERATOR_ID)
        await moderator.send("/events_admin")
        await moderator.press(_button(tg, MODERATOR_ID, "Конференция"))
        card = tg.chat(MODERATOR_ID).last_message()
        assert card is not None
        xlsx = card.callback_data(t.plain("events-staff-xlsx-btn"))
        assert xlsx is not None
        answer = await moderator.press(t.plain("events-staff-xlsx-btn"))
        assert answer is None or not answer.show_alert
        document = tg.chat(MODERATOR_ID).last_message()
        assert document is not None and document.file is not None
        sheet = openpyxl.load_workbook(io.BytesIO(document.file.data)).active
        assert sheet is not None
        names = {row[1] for row in sheet.iter_rows(min_row=5, values_only=True)}
        assert names == {"Участник 0", "Участник 1"}
        await moderator.press(t.plain("events-staff-csv-btn"))
        csv_file = tg.chat(MODERATOR_ID).last_message()
        assert csv_file is not None and csv_file.file is not None
        text = csv_file.file.data.decode("utf-8-sig")
        assert "Участник 0;" in text and "Участник 1;" in text
        # A user forging the same button gets no file.
        user = tg.user(people[0].telegram_id)
        await user.send("/start")
        before = len(tg.chat(people[0].telegram_id).messages)
        await user.press_raw(xlsx)
        assert all(m.file is None for m in tg.chat(people[0].telegram_id).messages[before:])
        assert tg.unanswered_callbacks == []
