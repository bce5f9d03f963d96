"""The registration desk through the real bot: personal tickets (the shared-photo case,
forged tokens, double scans, a user scanning), moderators with exports, the participant
list with check-in by hand, adding a participant, writing to participants, registration
questions after «Пойду» and in the exports."""

from __future__ import annotations

import asyncio
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import openpyxl
import pytest
from aiogram import Router
from aiogram.filters import Command
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from handlers import get_routers, staff_help
from handlers.admin.callbacks import AdminAction, AdminCb, RemoveModeratorCb
from handlers.events.desk import qr_png
from handlers.events.desk_buttons import AddCb, CheckInCb, PeopleCb, TicketCb, WriteAction, WriteCb
from models import privacy
from models.audit import AuditEntry
from models.base import utcnow
from models.errors import DomainError
from models.events import (
    Event,
    EventState,
    QuestionAnswer,
    Rsvp,
    RsvpStatus,
    Ticket,
    checkin,
    questions,
    tickets,
)
from models.users import Role, User
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_event, make_user, make_users
from tests.harness import running_bot
from texts import t

pytestmark = pytest.mark.slow

BOT = "kuzbass_council_bot"
TZ = ZoneInfo("Asia/Novokuznetsk")
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
    # The image is exactly the QR of the staff deep link (segno is deterministic).
    assert photo.file.data == qr_png(f"https://t.me/{BOT}?start=tk_{found.group(1)}")
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
        forged_links = (
            "tk_" + "A" * 22,
            "tk_x",
            "tk_" + token_a[:-1] + ("A" if token_a[-1] != "A" else "B"),
            "tk_<b>",
            "tk_",
        )
        for forged in forged_links:
            await admin.send(f"/start {forged}")
            assert tg.chat(ADMIN_ID).last_text() == t.plain("events-desk-scan-unknown")
        for static in ("checkin_99999999999_x", "checkin_x_y", "checkin_"):
            await admin.send(f"/start {static}")
            assert tg.chat(ADMIN_ID).last_text() == t.plain("events-desk-static-bad")
        # The typed code works too, with the same once-only rule.
        token_b = await ticket_token(tg, b.telegram_id, event.id)
        await admin.send(f"/checkin {token_b}")
        assert tg.chat(ADMIN_ID).last_text().startswith("✅ Отмечен(а): Участник 1")
        # A user typing /checkin gets nothing of it.
        await tg.user(c.telegram_id).send(f"/checkin {token_b}")
        assert "Отмечен" not in tg.chat(c.telegram_id).last_text()
        assert tg.unanswered_callbacks == []


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
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


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
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
        await step_staff_commands_in_help(tg, people[0].telegram_id)
        assert tg.unanswered_callbacks == []


async def step_staff_commands_in_help(tg: FakeTelegram, user_id: int) -> None:
    """/help lists staff commands to staff only (admins also see mailings); a staff member's
    own command menu gets them too."""
    at_start = tg.commands_for({"type": "chat", "chat_id": ADMIN_ID})  # set at start-up
    assert {"admin", "mailing", "checkin", "events_admin"} <= {c["command"] for c in at_start}
    await tg.user(user_id).send("/help")
    assert "/events_admin" not in tg.chat(user_id).last_text()
    await tg.user(MODERATOR_ID).send("/help")
    text = tg.chat(MODERATOR_ID).last_text()
    assert "/events_admin — " in text and "/checkin — " in text
    assert "/mailing — " not in text
    await tg.user(ADMIN_ID).send("/help")
    assert "/mailing — " in tg.chat(ADMIN_ID).last_text()
    menu = [c["command"] for c in tg.commands_for({"type": "chat", "chat_id": MODERATOR_ID})]
    assert {"events_admin", "checkin", "help", "start"} <= set(menu)
    assert "mailing" not in menu
    assert tg.commands_for({"type": "chat", "chat_id": user_id}) == []
    # Dismissed: the staff menu goes; appointed again: it comes back at once.
    admin = tg.user(ADMIN_ID)
    await admin.press_raw(RemoveModeratorCb(telegram_id=MODERATOR_ID).pack())
    assert tg.commands_for({"type": "chat", "chat_id": MODERATOR_ID}) == []
    await admin.press_raw(AdminCb(action=AdminAction.ADD_MODERATOR).pack())
    await admin.send(str(MODERATOR_ID))
    menu = [c["command"] for c in tg.commands_for({"type": "chat", "chat_id": MODERATOR_ID})]
    assert "events_admin" in menu


async def test_two_scans_at_once_check_in_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Two desks scan the same ticket at the same moment: one checks in, the other hears
    «уже отмечен»; a user's scan changes nothing (both databases)."""
    async with session_factory() as session:
        (a,) = await make_users(session, 5400, 1)
        event = await make_event(session, starts_in=-timedelta(minutes=10))
        session.add(Rsvp(event_id=event.id, user_id=a.id, status=RsvpStatus.GOING))
        await session.commit()
        issued = await tickets.issue(session, event.id, a.id)
        assert tickets.token_of(issued.payload) == issued.token

    async def scan(role: Role) -> checkin.CheckIn:
        async with session_factory() as s:
            outcome = await checkin.by_ticket(s, issued.token, ADMIN_ID, role, tz=TZ)
            return outcome.result

    assert await scan(Role.USER) is checkin.CheckIn.NOT_STAFF
    results = await asyncio.gather(*(scan(Role.MODERATOR) for _ in range(4)))
    assert sorted(results) == sorted([checkin.CheckIn.DONE] + [checkin.CheckIn.ALREADY] * 3)
    async with session_factory() as session:
        audits = await session.scalar(
            select(func.count())
            .select_from(AuditEntry)
            .where(AuditEntry.action == "event.checkin")
        )
        assert audits == 1
        # The rules around it: waitlisted, another day, a cancelled event, a lost ticket.
        (w,) = await make_users(session, 5450, 1)
        session.add(Rsvp(event_id=event.id, user_id=w.id, status=RsvpStatus.WAITLIST))
        await session.commit()
        outcome = await checkin.mark(session, event.id, w.id, ADMIN_ID, "manual", tz=TZ)
        assert (outcome.result, outcome.status) == (checkin.CheckIn.NOT_GOING, RsvpStatus.WAITLIST)
        tomorrow = utcnow() + timedelta(days=1)
        outcome = await checkin.mark(session, event.id, a.id, ADMIN_ID, "x", tz=TZ, now=tomorrow)
        assert outcome.result is checkin.CheckIn.NOT_TODAY
        ev = await session.get(Event, event.id)
        assert ev is not None
        ev.state = EventState.CANCELLED
        await session.commit()
        assert (await scan(Role.ADMIN)) is checkin.CheckIn.CANCELLED
        with pytest.raises(DomainError) as err:
            await tickets.issue(session, event.id, a.id)
        assert err.value.code == "events-errors-cancelled"
        await session.delete(ev)
        await session.commit()
        assert (await scan(Role.ADMIN)) is checkin.CheckIn.UNKNOWN


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_participants_in_the_chat(tg: FakeTelegram, settings: Settings) -> None:
    """The list (paged), check-in by hand (double tap), adding by name and by id with the
    seat rules, writing to the chosen groups with a preview and the count; a user cannot."""
    async with running_bot(tg, settings) as app:
        f = app.session_factory
        people = await _people(f, 5500, 14)
        async with f() as session:
            walk_in = await make_user(session, 5600, name="Пётр Ёлкин <b>")
            late = await make_user(session, 5601, name="Анна Позднякова")
        for person in [*people, walk_in, late]:
            tg.user(person.telegram_id)
        event = await _today(f, capacity=13)
        await _going(f, event, people[:12])
        async with f() as session:
            session.add(Rsvp(event_id=event.id, user_id=people[12].id, status=RsvpStatus.MAYBE))
            await session.commit()
        admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("/events_admin")
        await admin.press(_button(tg, ADMIN_ID, "Конференция"))
        await admin.press(t.plain("events-desk-people-btn"))
        page = chat.last_message()
        assert page is not None and "Страница 1 из 2" in page.display_text
        assert page.display_text.count("▫️") == 10
        assert t.plain("page-next") in page.buttons
        await admin.press(t.plain("page-next"))
        assert "Страница 2 из 2" in chat.last_text()
        assert "Участник 12 — " in chat.last_text()  # the «maybe» comes after those going
        await admin.press(t.plain("page-prev"))
        first = _button(tg, ADMIN_ID, "☑️ 1.")
        message_id = chat.last_message().message_id  # type: ignore[union-attr]
        answer = await admin.press(first)
        assert answer is not None and answer.text == t.plain(
            "events-desk-checkin-done", name="Участник 0"
        )
        assert "отмечен(а) в" in chat.last_text()
        assert first not in chat.last_message().buttons  # type: ignore[union-attr]
        # A double tap on the stale button: «уже отмечен», nothing else.
        again = await admin.press_raw(
            CheckInCb(event_id=event.id, user_id=people[0].id).pack(), message_id=message_id
        )
        assert again is not None and again.show_alert and "уже отмечен" in (again.text or "")
        # Add by name (any case, ё as е; HTML in the name stays text): the last seat.
        await admin.press(t.plain("events-desk-add-btn"))
        await admin.send("елкин")
        assert chat.last_text().startswith("Нашлось: 1")
        answer = await admin.press(_button(tg, ADMIN_ID, "Пётр Ёлкин"))
        assert answer is not None and answer.text == t.plain("events-desk-added-going")
        # Add by Telegram id: no seat left, so the waitlist.
        await admin.press(t.plain("events-desk-add-btn"))
        await admin.send(str(late.telegram_id))
        answer = await admin.press(_button(tg, ADMIN_ID, "Анна Позднякова"))
        assert answer is not None and answer.text == t.plain("events-desk-added-waitlist")
        await admin.press(t.plain("events-desk-add-btn"))
        await admin.send("Никого Такого")
        assert chat.last_text() == t.plain("events-desk-add-none")
        await admin.send("/cancel")
        async with f() as session:
            statuses = dict(
                (
                    await session.execute(
                        select(Rsvp.user_id, Rsvp.status).where(Rsvp.event_id == event.id)
                    )
                ).all()
            )
            ev = await session.get(Event, event.id)
            assert ev is not None and ev.going_count == 13
        assert statuses[walk_in.id] is RsvpStatus.GOING
        assert statuses[late.id] is RsvpStatus.WAITLIST
        await tg.wait_for(lambda: bool(tg.chat(walk_in.telegram_id).texts()), timeout=10)
        assert "записали вас" in tg.chat(walk_in.telegram_id).last_text()
        await step_write_to_participants(tg, event, people, late)
        await step_a_user_cannot(tg, event, people[1])
        assert tg.unanswered_callbacks == []


async def step_write_to_participants(
    tg: FakeTelegram, event: Event, people: list[User], late: User
) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    await admin.send("/events_admin")
    await admin.press(_button(tg, ADMIN_ID, "Конференция"))
    await admin.press(t.plain("events-desk-write-btn"))
    # Those going (13) are chosen by default; add the waitlist (1), drop nothing else.
    assert _button(tg, ADMIN_ID, "Пойду").startswith("✅")
    await admin.press(_button(tg, ADMIN_ID, "Лист ожидания"))
    assert _button(tg, ADMIN_ID, "Лист ожидания").startswith("✅")
    await admin.press(t.plain("events-desk-write-next-btn"))
    await admin.send("Регистрация с 9:00, <b>вход</b> с Советского")
    preview = chat.messages[-2].display_text
    assert preview == t.plain("events-desk-write-preview", count=14)
    send = t.plain("events-desk-write-send-btn", count=14)
    message_id = chat.last_message().message_id  # type: ignore[union-attr]
    await admin.press(send)
    assert chat.last_text() == t.plain("events-desk-write-sent", count=14)
    data = chat.message(message_id).callback_data(send)  # type: ignore[union-attr]
    assert data is None  # the buttons are gone; a forged repeat sends nothing
    twice = await admin.press_raw(
        WriteCb(event_id=event.id, action=WriteAction.SEND, status="x").pack()
    )
    assert twice is not None and twice.text == t.plain("events-desk-write-already")
    await tg.wait_for(lambda: bool(tg.chat(late.telegram_id).texts()), timeout=10)
    await tg.wait_for(
        lambda: any("Регистрация с 9:00" in x for x in tg.chat(late.telegram_id).texts()),
        timeout=10,
    )
    maybe = tg.chat(people[12].telegram_id)
    assert not any("Регистрация с 9:00" in x for x in maybe.texts())


async def step_a_user_cannot(tg: FakeTelegram, event: Event, person: User) -> None:
    user, chat = tg.user(person.telegram_id), tg.chat(person.telegram_id)
    await user.send("/start")
    for forged in (
        PeopleCb(event_id=event.id).pack(),
        CheckInCb(event_id=event.id, user_id=person.id).pack(),
        AddCb(event_id=event.id, user_id=person.id).pack(),
        WriteCb(event_id=event.id, action=WriteAction.START).pack(),
    ):
        before = len(chat.messages)
        answer = await user.press_raw(forged)
        assert answer is not None and answer.text == t.plain("stale-button")
        assert len(chat.messages) == before


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_registration_questions(tg: FakeTelegram, settings: Settings) -> None:
    """Staff set a text and a choice question; «Пойду» asks them (a menu press mid-way
    pauses, «Продолжить» resumes); the answers are columns of the XLSX (formulas inert)."""
    async with running_bot(tg, settings) as app:
        f = app.session_factory
        (a,) = await _people(f, 5700, 1)
        async with f() as session:
            event = await make_event(session, title="Конференция", starts_in=timedelta(days=2))
        admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("/events_admin")
        await admin.press(_button(tg, ADMIN_ID, "Конференция"))
        await admin.press(t.plain("events-desk-questions-btn"))
        assert t.plain("events-desk-q-list-empty") in chat.last_text()
        await admin.press(t.plain("events-desk-q-add-text-btn"))
        await admin.send("Должность")
        await admin.press(t.plain("events-desk-q-add-choice-btn"))
        await admin.send("Нужна парковка?")
        await admin.send("Только один")
        assert chat.last_text() == t.plain("events-desk-q-options-count", limit=8)
        await admin.send("Да; Нет; Да")
        assert "2. Нужна парковка? — варианты: Да / Нет" in chat.last_text()
        person, pchat = tg.user(a.telegram_id), tg.chat(a.telegram_id)
        await person.send(f"/start event_{event.id}")
        await person.press(GOING)
        assert pchat.texts()[-2] == t.plain("events-desk-q-intro", count=2)
        assert "Должность" in pchat.last_text()
        await person.send_sticker()
        assert pchat.last_text() == t.plain("events-not-text")
        await person.send(t.plain("menu-events"))  # a detour: the dialogue waits
        await person.press(t.plain("dialogue-resume-btn"))
        await person.send('=HYPERLINK("http://x")')
        assert "Нужна парковка?" in pchat.last_text()
        await person.send("Может быть")  # typed where a button is expected
        assert pchat.last_text() == t.plain("events-desk-q-choose")
        old_yes = next(m.callback_data("Да") for m in reversed(pchat.messages) if m.buttons)
        assert old_yes is not None
        answer = await person.press("Нет")
        assert answer is not None and answer.text == t.plain("events-desk-q-saved", answer="Нет")
        assert pchat.last_text() == t.plain("events-desk-q-thanks")
        await person.press_raw(old_yes)  # the old button: the answer is replaced, no more asked
        assert pchat.last_text() == t.plain("events-desk-q-thanks")
        await admin.send("/events_admin")
        await admin.press(_button(tg, ADMIN_ID, "Конференция"))
        await admin.press(t.plain("events-staff-xlsx-btn"))
        document = chat.last_message()
        assert document is not None and document.file is not None
        sheet = openpyxl.load_workbook(io.BytesIO(document.file.data)).active
        assert sheet is not None
        rows = list(sheet.iter_rows(min_row=4, values_only=True))
        assert rows[0][-2:] == ("Должность", "Нужна парковка?")
        assert rows[1][1] == "Участник 0"
        assert rows[1][-2:] == ('\'=HYPERLINK("http://x")', "Да")
        assert tg.unanswered_callbacks == []


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_twenty_tickets_at_once(tg: FakeTelegram, settings: Settings) -> None:
    """In production mode 20 people ask for their ticket at the same moment (one of them
    twice): 20 distinct tokens, one per person; the desk checks in exactly their owner."""
    async with running_bot(tg, settings, concurrent=True) as app:
        f = app.session_factory
        people = await _people(f, 5800, 20)
        event = await _today(f)
        await _going(f, event, people)
        press = TicketCb(event_id=event.id).pack()
        users = [tg.user(p.telegram_id) for p in people]
        await asyncio.gather(*(u.press_raw(press) for u in [*users, users[0]]))

        def photos(person: User) -> list[str]:
            chat = tg.chat(person.telegram_id)
            return [m.source_text or "" for m in chat.messages if m.photo is not None]

        await tg.wait_for(lambda: all(photos(p) for p in people), timeout=20)
        await tg.wait_for(lambda: len(photos(people[0])) == 2, timeout=10)
        tokens = {
            p.id: {re.search(r"<code>([A-Za-z0-9_-]+)</code>", x).group(1) for x in photos(p)}  # type: ignore[union-attr]
            for p in people
        }
        assert all(len(found) == 1 for found in tokens.values())  # a double press: same one
        assert len({next(iter(found)) for found in tokens.values()}) == 20
        async with f() as session:
            stored = dict((await session.execute(select(Ticket.user_id, Ticket.token))).all())
        assert {uid: {tok} for uid, tok in stored.items()} == tokens
        admin = tg.user(ADMIN_ID)
        await admin.send(f"/start tk_{next(iter(tokens[people[7].id]))}")
        await tg.wait_for(
            lambda: tg.chat(ADMIN_ID).last_text().startswith("✅ Отмечен(а): Участник 7"),
            timeout=10,
        )
        async with f() as session:
            marked = (
                await session.scalars(select(Rsvp.user_id).where(Rsvp.checked_in_at.is_not(None)))
            ).all()
        assert marked == [people[7].id]


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_delete_me_takes_answers_and_tickets(session: AsyncSession) -> None:
    (a, b) = await make_users(session, 5900, 2)
    event = await make_event(session)
    for person in (a, b):
        session.add(Rsvp(event_id=event.id, user_id=person.id, status=RsvpStatus.GOING))
    await session.commit()
    question = await questions.add(session, event.id, "Должность", None, ADMIN_ID)
    for person in (a, b):
        await questions.answer(session, question.id, person.id, "Глава поселения")
        await tickets.issue(session, event.id, person.id)
    await privacy.forget(session, a, render=t)
    left_answers = (await session.scalars(select(QuestionAnswer.user_id))).all()
    left_tickets = (await session.scalars(select(Ticket.user_id))).all()
    assert left_answers == [b.id] and left_tickets == [b.id]


def test_every_staff_command_in_help_exists() -> None:
    """/help and the staff menu list only commands some router really handles."""
    names: set[str] = set()

    def walk(router: Router) -> None:
        for handler in router.message.handlers:
            for flt in handler.filters or []:
                if isinstance(flt.callback, Command):
                    names.update(c for c in flt.callback.commands if isinstance(c, str))
        for sub in router.sub_routers:
            walk(sub)

    for router in get_routers():
        walk(router)
    listed = {c for c, _ in staff_help.STAFF_COMMANDS + staff_help.ADMIN_COMMANDS}
    assert listed <= names, sorted(listed - names)
