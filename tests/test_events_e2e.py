"""Events end to end: the real bot against the fake Telegram. An admin creates and publishes
an event through the dialogue (with bad inputs), subscribers and the channel get the
announcement, people answer and fill the capacity, a cancellation promotes the waitlist, an
edit notifies and re-plans reminders whose buttons work, the .ics and the exports open, the
check-in works once, and a cancel notifies everyone.

The lifecycle is one story on one running bot, told in named steps (``step_*``): a failure
names the step it happened in."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import docx
import icalendar
import openpyxl
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from models.base import utcnow
from models.consent import current_consent
from models.events import Event, EventKind, EventState, Rsvp, RsvpStatus
from models.events.changes import EventField
from models.outbox import Mailing
from models.subscriptions import UserTopic
from models.topics import Topic
from models.users import Occupation, User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.records import ChatTranscript
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_event, make_users
from tests.harness import running_bot
from texts import t

pytestmark = pytest.mark.slow

TZ = ZoneInfo("Asia/Novokuznetsk")
CHANNEL = -1001234567
BOT = "kuzbass_council_bot"
TITLE = "Семинар <для> ТОС"
GOING = t.plain("events-answer-labels-going")
NOT_GOING = t.plain("events-answer-labels-not_going")


def src(chat: ChatTranscript) -> str | None:
    """The last bot message exactly as the bot sent it (HTML)."""
    message = chat.last_message()
    return message.source_text if message else None


def local(delta: timedelta) -> str:
    return (utcnow() + delta).astimezone(TZ).strftime("%d.%m.%Y %H:%M")


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username=BOT) as fake:
        yield fake


async def _subscribers(
    session_factory: async_sessionmaker[AsyncSession], first_id: int, n: int
) -> list[User]:
    async with session_factory() as session:
        people = await make_users(session, first_id, n)
        version = current_consent().version
        for person in people:
            person.consent_version = version
            session.add(UserTopic(user_id=person.id, topic="events"))
        await session.commit()
        return people


@dataclass
class Story:
    tg: FakeTelegram
    app: Any
    a: User
    b: User
    c: User
    event_id: int = 0
    start_text: str = ""

    @property
    def admin(self) -> Any:
        return self.tg.user(ADMIN_ID)

    @property
    def chat(self) -> ChatTranscript:
        return self.tg.chat(ADMIN_ID)


async def step_dialogue_until_the_place(s: Story) -> None:
    """Bad inputs at every step that validates are refused with their explanation."""
    admin, chat = s.admin, s.chat
    await admin.send("/event_new")
    assert chat.last_text().startswith("Создаём мероприятие")
    await admin.send_sticker()
    assert chat.last_text() == t.plain("events-not-text")
    await admin.send("Я" * 300)
    assert src(chat) == t("events-errors-too_long", length=300, limit=200)
    await admin.send(TITLE)
    await admin.send(
        "Программа: доклады и обсуждение",
        entities=[{"type": "bold", "offset": 11, "length": 7}],
    )
    await admin.send("текстом")  # a button is expected
    assert chat.last_text() == t.plain("events-choose-button")
    await admin.press(t.label(EventKind.SEMINAR))
    await admin.send("завтра в десять")
    assert src(chat) == t("date-invalid")
    await admin.send(local(-timedelta(days=1)))
    assert src(chat) == t("events-errors-past")
    s.start_text = local(timedelta(days=3))
    await admin.send(s.start_text)
    await admin.send(local(timedelta(days=2)))
    assert chat.last_text().startswith("Окончание должно быть позже начала")
    await admin.send(local(timedelta(days=3, hours=3)))
    await admin.send("Кемерово, пр. Советский, 58")


async def step_dialogue_to_the_preview_and_publish(s: Story) -> None:
    admin, chat = s.admin, s.chat
    await admin.send("много")
    assert src(chat) == t("events-errors-capacity", limit=100_000)
    await admin.send("2")
    await admin.send(local(timedelta(days=4)))
    assert chat.last_text().startswith("Срок ответа должен быть не позже начала")
    await admin.press(t.plain("events-no-deadline-btn"))
    await admin.press(t.label(Topic.EVENTS))
    await admin.press(t.plain("events-all-municipalities-btn"))
    await admin.send("когда-нибудь")
    assert src(chat) == t("events-errors-offsets")
    await admin.press(t.plain("events-default-offsets-btn"))
    preview = chat.last_message()
    assert preview is not None
    assert TITLE in preview.display_text  # escaped, shown as typed
    assert "Мест: 2, свободно: 2" in preview.display_text
    buttons = ["events-publish-btn", "events-draft-btn", "events-discard-btn"]
    assert preview.buttons == [t.plain(key) for key in buttons]
    assert t.plain("events-preview", count=3) in chat.texts()
    await admin.press(t.plain("events-publish-btn"))
    assert chat.last_text() == t.plain("events-staff-published-with-channel", count=3)
    assert chat.last_text() == "Опубликовано. Анонс получат: 3 подписчика и канал."
    async with s.app.session_factory() as session:
        event = await session.scalar(select(Event))
        assert event is not None
        assert event.state is EventState.PUBLISHED
        assert event.description == "Программа: <b>доклады</b> и обсуждение"
        assert f"{event.starts_at.astimezone(TZ):%d.%m.%Y %H:%M}" == s.start_text
    s.event_id = event.id


async def step_announcement_reaches_subscribers_and_channel(s: Story) -> None:
    for person in (s.a, s.b, s.c):
        got = await s.tg.chat(person.telegram_id).wait_for_text("Анонс")
        assert TITLE in got.display_text
        assert GOING in got.buttons
    post = await s.tg.chat(CHANNEL).wait_for_text(TITLE)
    (button,) = post.inline_keyboard[0]
    assert button["url"] == f"https://t.me/{BOT}?start=event_{s.event_id}"


async def step_answers_fill_capacity_and_promote(s: Story) -> None:
    """Two take the seats, the third waits; when one leaves, the waiting one gets in."""
    for person in (s.a, s.b):
        answer = await s.tg.user(person.telegram_id).press(GOING)
        assert answer is not None and answer.text == t.plain("rsvp-saved-going")
    answer = await s.tg.user(s.c.telegram_id).press(GOING)
    assert answer is not None and answer.show_alert
    assert answer.text == t.plain("rsvp-waitlist", position=1)
    card = s.tg.chat(s.c.telegram_id).last_message()
    assert card is not None and "свободно: 0" in card.display_text
    assert "ваше место: 1" in card.display_text
    answer = await s.tg.user(s.a.telegram_id).press(NOT_GOING)
    assert answer is not None and answer.text == t.plain("rsvp-saved-not_going")
    await s.tg.chat(s.c.telegram_id).wait_for_text("Освободилось место")


async def step_my_events_and_calendar(s: Story) -> None:
    b = s.tg.user(s.b.telegram_id)
    await b.send("/my_events")
    assert f"{TITLE}: {t.label(RsvpStatus.GOING)}" in s.tg.chat(s.b.telegram_id).last_text()
    await b.press(t.plain("events-calendar-btn"))
    ics_msg = s.tg.chat(s.b.telegram_id).last_message()
    assert ics_msg is not None and ics_msg.file is not None
    (vevent,) = icalendar.Calendar.from_ical(ics_msg.file.data).walk("VEVENT")
    assert str(vevent["UID"]) == f"event-{s.event_id}@kuzbass-council-bot"
    start = vevent.decoded("DTSTART")
    assert start.tzinfo is not None and start.utcoffset() == timedelta(hours=7)
    assert f"{start:%d.%m.%Y %H:%M}" == s.start_text
    assert int(str(vevent["SEQUENCE"])) == 0


async def step_edit_notifies_and_replans_reminders(s: Story) -> None:
    admin, chat = s.admin, s.chat
    await admin.send("/events_admin")
    await admin.press(next(x for x in chat.last_message().buttons if "Семинар" in x))  # type: ignore[union-attr]
    await admin.press(t.plain("events-staff-edit-btn"))
    await admin.press(t.label(EventField.TIME))
    await admin.send("не дата")
    assert chat.last_text().startswith("Не понял")
    await admin.send(local(timedelta(minutes=100)))
    await admin.send("-")
    await admin.press(t.plain("events-edit-save-btn"))
    # Everyone who answered (a said «не пойду»: the new time may suit) and got the notice.
    assert t.plain("events-edit-saved", count=3, moved=0) in chat.texts()
    for person in (s.a, s.b, s.c):
        await s.tg.chat(person.telegram_id).wait_for_text("Время изменено: было")

    await s.app.background.plan()
    # The 2-hour reminder for the new time; the 24-hour one is skipped. (The background
    # planner, every 30 s, may have planned it a moment before this call: count the rows.)
    async with s.app.session_factory() as session:
        keys = await session.scalars(
            select(Mailing.dedup_key).where(Mailing.dedup_key.like(f"reminder:{s.event_id}:v%"))
        )
        assert sorted(keys) == [f"reminder:{s.event_id}:v1:120", f"reminder:{s.event_id}:v1:1440"]
    reminder = await s.tg.chat(s.b.telegram_id).wait_for_text("Напоминание")
    assert "через 2 часа" in reminder.display_text or "через 1 час" in reminder.display_text
    going = t.plain("events-reminder-going-btn")
    assert reminder.buttons == [going, t.plain("events-reminder-not-going-btn")]
    answer = await s.tg.user(s.b.telegram_id).press(going)
    assert answer is not None and answer.text == t.plain("rsvp-saved-going")
    await s.tg.chat(s.c.telegram_id).wait_for_text("Напоминание")

    await s.tg.user(s.b.telegram_id).press(t.plain("events-calendar-btn"))
    ics = s.tg.chat(s.b.telegram_id).last_message().file.data  # type: ignore[union-attr]
    (vevent,) = icalendar.Calendar.from_ical(ics).walk("VEVENT")
    assert int(str(vevent["SEQUENCE"])) == 1
    assert str(vevent["UID"]) == f"event-{s.event_id}@kuzbass-council-bot"


async def step_exports_have_the_right_rows(s: Story) -> None:
    admin, chat = s.admin, s.chat
    await admin.press(t.plain("events-staff-xlsx-btn"))
    doc = chat.last_message()
    assert doc is not None and doc.file is not None
    assert doc.document is not None and doc.document["file_name"].endswith(".xlsx")
    assert doc.display_text == "Список участников: 3 человека."
    sheet = openpyxl.load_workbook(io.BytesIO(doc.file.data)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert str(rows[0][0]).startswith("Участники мероприятия «")
    assert rows[3] == [
        "№",
        "Имя",
        "Роль",
        "Муниципалитет",
        "Ответ",
        "Время ответа",
        "Время отметки",
    ]
    assert [r[0] for r in rows[4:]] == [1, 2, 3]
    by_name = {r[1]: r for r in rows[4:]}
    assert set(by_name) == {s.a.full_name, s.b.full_name, s.c.full_name}
    assert by_name[s.a.full_name][2] == t.label(Occupation.TOS_ACTIVIST)
    assert by_name[s.a.full_name][4] == "Не пойду"
    assert by_name[s.b.full_name][4] == "Пойду"
    assert by_name[s.c.full_name][4] == "Пойду"
    assert isinstance(by_name[s.b.full_name][5], datetime)  # a real date-time, local
    assert all(r[6] is None for r in rows[4:])
    await admin.press(t.plain("events-staff-csv-btn"))
    doc = chat.last_message()
    assert doc is not None and doc.file is not None
    parsed = list(csv.reader(io.StringIO(doc.file.data.decode("utf-8-sig")), delimiter=";"))
    assert parsed[2] == [str(x) for x in rows[3]]
    assert [r[1] for r in parsed[3:]] == [r[1] for r in rows[4:]]
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", parsed[3][5])
    await admin.press(t.plain("events-staff-sheet-btn"))
    doc = chat.last_message()
    assert doc is not None and doc.file is not None
    table = docx.Document(io.BytesIO(doc.file.data)).tables[0]
    names = [row.cells[1].text for row in table.rows[1:] if row.cells[1].text]
    assert sorted(names) == sorted([str(s.b.full_name), str(s.c.full_name)])  # those going
    assert table.rows[0].cells[4].text == "Подпись"


async def step_cancel_tells_everyone(s: Story) -> None:
    """Everyone who answered is told; old buttons get a clear answer."""
    admin, chat = s.admin, s.chat
    await admin.press(t.plain("events-staff-cancel-btn"))
    await admin.press(t.plain("events-staff-cancel-confirm-btn"))
    assert chat.last_text() == t.plain("events-staff-cancelled", n=3)
    for person in (s.a, s.b, s.c):
        await s.tg.chat(person.telegram_id).wait_for_text("отменено")
    a = s.tg.user(s.a.telegram_id)
    answer = await a.press(GOING)
    assert answer is not None and answer.text == t.plain("rsvp-refused-cancelled")
    answer = await a.press_raw("eva:999999:going")
    assert answer is not None and answer.text == t.plain("rsvp-refused-gone")
    answer = await a.press_raw("evo:999999")
    assert answer is not None and answer.text == t.plain("events-event-gone")
    async with s.app.session_factory() as session:
        cancelled = await session.get(Event, s.event_id)
        assert cancelled is not None and cancelled.state is EventState.CANCELLED


async def test_event_lifecycle(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings, channel_id=CHANNEL) as app:
        tg.group(CHANNEL, "Совет МО Кузбасса", chat_type="channel")
        a, b, c = await _subscribers(app.session_factory, 5000, 3)
        for person in (a, b, c):
            tg.user(person.telegram_id)
        story = Story(tg, app, a, b, c)
        await step_dialogue_until_the_place(story)
        await step_dialogue_to_the_preview_and_publish(story)
        await step_announcement_reaches_subscribers_and_channel(story)
        await step_answers_fill_capacity_and_promote(story)
        await step_my_events_and_calendar(story)
        await step_edit_notifies_and_replans_reminders(story)
        await step_exports_have_the_right_rows(story)
        await step_cancel_tells_everyone(story)
        assert tg.unanswered_callbacks == []


async def step_staff_qr_code(tg: FakeTelegram, today: Event) -> None:
    admin = tg.user(ADMIN_ID)
    await admin.send("/events_admin")
    staff_list = tg.chat(ADMIN_ID).last_message()
    assert staff_list is not None
    await admin.press(next(x for x in staff_list.buttons if "Конференция" in x))
    await admin.press(t.plain("events-staff-qr-btn"))
    qr = tg.chat(ADMIN_ID).last_message()
    assert qr is not None and qr.photo is not None and qr.file is not None
    assert qr.file.data.startswith(b"\x89PNG")
    link = re.search(r"https://t\.me/\S+", qr.display_text)
    assert link is not None
    assert link.group(0) == f"https://t.me/{BOT}?start=checkin_{today.id}_secret-token_1"


async def step_static_qr_checks_nobody_in(tg: FakeTelegram, person: User, today: Event) -> None:
    """The event's static QR (a photo of it may be anywhere) checks nobody in: a participant
    is sent to their personal ticket, staff get the desk's participant list."""
    user = tg.user(person.telegram_id)
    chat = tg.chat(person.telegram_id)
    await user.send(f"/start checkin_{today.id}_wrong")
    assert chat.last_text() == t.plain("events-desk-static-bad")
    await user.send(f"/start checkin_{today.id}_secret-token_1")
    assert chat.last_text() == t.plain("events-desk-static-user", title="Конференция")
    await tg.user(ADMIN_ID).send(f"/start checkin_{today.id}_secret-token_1")
    assert tg.chat(ADMIN_ID).last_text().startswith("Участники «Конференция»")


async def step_deep_link_for_a_newcomer(tg: FakeTelegram, later: Event) -> None:
    """Consent and profile first, then the card the link pointed to."""
    newcomer = tg.user(6100, first_name="Олег")
    await newcomer.send(f"/start event_{later.id}")
    await newcomer.press(t.plain("consent-yes"))
    await newcomer.send("Олег Сидоров")
    await newcomer.press(t.label(Occupation.MUNICIPAL_EMPLOYEE))
    await newcomer.send("Мысков")
    await newcomer.press("Мысковский городской округ")
    card = tg.chat(6100).last_message()
    assert card is not None and "Позже" in card.display_text
    assert GOING in card.buttons
    answer = await newcomer.press(GOING)
    assert answer is not None and answer.text == t.plain("rsvp-saved-going")


async def test_check_in_and_deep_link(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        (person,) = await _subscribers(app.session_factory, 6000, 1)
        async with app.session_factory() as session:
            today = await make_event(session, title="Конференция", starts_in=-timedelta(hours=1))
            today.ends_at = utcnow() + timedelta(hours=2)
            today.checkin_token = "secret-token_1"
            later = await make_event(session, title="Позже", starts_in=timedelta(days=3))
            later.checkin_token = "later-token"
            await session.commit()
        await step_staff_qr_code(tg, today)
        await step_static_qr_checks_nobody_in(tg, person, today)
        async with app.session_factory() as session:
            rsvp = await session.scalar(select(Rsvp).where(Rsvp.event_id == today.id))
            assert rsvp is None
        await step_deep_link_for_a_newcomer(tg, later)
        async with app.session_factory() as session:
            await session.execute(update(Event).values(state=EventState.CANCELLED))
            await session.commit()
        answer = await tg.user(6100).press(t.plain("events-calendar-btn"))
        assert answer is not None  # the .ics of a cancelled event says STATUS:CANCELLED
        assert b"STATUS:CANCELLED" in tg.chat(6100).last_message().file.data  # type: ignore[union-attr]
        assert tg.unanswered_callbacks == []
