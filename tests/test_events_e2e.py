"""Events end to end: the real bot against the fake Telegram. An admin creates and publishes
an event through the dialogue (with bad inputs), subscribers and the channel get the
announcement, people answer and fill the capacity, a cancellation promotes the waitlist, an
edit notifies and re-plans reminders whose buttons work, the .ics and the exports open, the
check-in works once, and a cancel notifies everyone."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import AsyncIterator
from datetime import timedelta
from zoneinfo import ZoneInfo

import icalendar
import openpyxl
import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from handlers import texts
from handlers.texts import events as t
from models import events
from models.base import utcnow
from models.consent import current_consent
from models.events import Event, EventState, Rsvp, RsvpStatus
from models.subscriptions import UserTopic
from models.users import User
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_event, make_users
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.records import ChatTranscript
from tests.harness import running_bot

pytestmark = pytest.mark.slow

TZ = ZoneInfo("Asia/Novokuznetsk")
CHANNEL = -1001234567
BOT = "kuzbass_council_bot"


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


async def test_event_lifecycle(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings, channel_id=CHANNEL) as app:
        tg.group(CHANNEL, "Совет МО Кузбасса", chat_type="channel")
        a, b, c = await _subscribers(app.session_factory, 5000, 3)
        for person in (a, b, c):
            tg.user(person.telegram_id)
        admin = tg.user(ADMIN_ID)
        chat = tg.chat(ADMIN_ID)

        # --- the dialogue, with bad inputs at every step that validates ---
        await admin.send("/event_new")
        assert chat.last_text().startswith("Создаём мероприятие")
        await admin.send_sticker()
        assert chat.last_text() == t.NOT_TEXT
        await admin.send("Я" * 300)
        assert src(chat) == t.error("too_long", length=300, limit=200)
        await admin.send("Семинар <для> ТОС")
        await admin.send(
            "Программа: доклады и обсуждение",
            entities=[{"type": "bold", "offset": 11, "length": 7}],
        )
        await admin.send("текстом")  # a button is expected
        assert chat.last_text() == t.CHOOSE_BUTTON
        await admin.press(t.KIND_LABELS[events.EventKind.SEMINAR])
        await admin.send("завтра в десять")
        assert src(chat) == t.error("time_format")
        await admin.send(local(-timedelta(days=1)))
        assert src(chat) == t.error("past")
        start_text = local(timedelta(days=3))
        await admin.send(start_text)
        await admin.send(local(timedelta(days=2)))
        assert chat.last_text().startswith("Окончание должно быть позже начала")
        await admin.send(local(timedelta(days=3, hours=3)))
        await admin.send("Кемерово, пр. Советский, 58")
        await admin.send("много")
        assert src(chat) == t.error("capacity", limit=100_000)
        await admin.send("2")
        await admin.send(local(timedelta(days=4)))
        assert chat.last_text().startswith("Срок ответа должен быть не позже начала")
        await admin.press(t.NO_DEADLINE_BTN)
        await admin.press("Конференции и мероприятия")
        await admin.press(t.ALL_MUNICIPALITIES_BTN)
        await admin.send("когда-нибудь")
        assert src(chat) == t.error("offsets")
        await admin.press(t.DEFAULT_OFFSETS_BTN)
        preview = chat.last_message()
        assert preview is not None
        assert "Семинар <для> ТОС" in preview.display_text  # escaped, shown as typed
        assert "Мест: 2, свободно: 2" in preview.display_text
        assert preview.buttons == [t.PUBLISH_BTN, t.DRAFT_BTN, t.DISCARD_BTN]
        assert t.PREVIEW.format(n=3) in chat.texts()
        await admin.press(t.PUBLISH_BTN)
        assert chat.last_text() == t.STAFF_PUBLISHED.format(n=3, channel=" и канал")

        async with app.session_factory() as session:
            event = await session.scalar(select(Event))
            assert event is not None
            assert event.state is EventState.PUBLISHED
            assert event.description == "Программа: <b>доклады</b> и обсуждение"
            assert f"{event.starts_at.astimezone(TZ):%d.%m.%Y %H:%M}" == start_text
        event_id = event.id

        # --- the announcement reaches subscribers and the channel ---
        for person in (a, b, c):
            got = await tg.chat(person.telegram_id).wait_for_text("Анонс")
            assert "Семинар <для> ТОС" in got.display_text
            assert "✅ Пойду" in got.buttons
        post = await tg.chat(CHANNEL).wait_for_text("Семинар <для> ТОС")
        (button,) = post.inline_keyboard[0]
        assert button["url"] == f"https://t.me/{BOT}?start=event_{event_id}"

        # --- answers fill the capacity; the third goes to the waitlist ---
        for person in (a, b):
            answer = await tg.user(person.telegram_id).press("✅ Пойду")
            assert answer is not None and answer.text == texts.RSVP_SAVED["going"]
        answer = await tg.user(c.telegram_id).press("✅ Пойду")
        assert answer is not None and answer.show_alert
        assert answer.text == texts.RSVP_WAITLIST.format(position=1)
        card = tg.chat(c.telegram_id).last_message()
        assert card is not None and "свободно: 0" in card.display_text
        assert "ваше место: 1" in card.display_text

        # --- a cancellation promotes the first on the waitlist, at once ---
        answer = await tg.user(a.telegram_id).press("❌ Не пойду")
        assert answer is not None and answer.text == texts.RSVP_SAVED["not_going"]
        await tg.chat(c.telegram_id).wait_for_text("Освободилось место")

        # --- "my events" and the calendar file ---
        await tg.user(b.telegram_id).send("/my_events")
        assert "Семинар <для> ТОС: пойду" in tg.chat(b.telegram_id).last_text()
        await tg.user(b.telegram_id).press(t.CALENDAR_BTN)
        ics_msg = tg.chat(b.telegram_id).last_message()
        assert ics_msg is not None and ics_msg.file is not None
        cal = icalendar.Calendar.from_ical(ics_msg.file.data)
        (vevent,) = cal.walk("VEVENT")
        assert str(vevent["UID"]) == f"event-{event_id}@kuzbass-council-bot"
        start = vevent.decoded("DTSTART")
        assert start.tzinfo is not None and start.utcoffset() == timedelta(hours=7)
        assert f"{start:%d.%m.%Y %H:%M}" == start_text
        assert int(str(vevent["SEQUENCE"])) == 0

        # --- an edit of the time notifies going/maybe/waitlist and re-plans reminders ---
        await admin.send("/events_admin")
        await admin.press(next(x for x in chat.last_message().buttons if "Семинар" in x))  # type: ignore[union-attr]
        await admin.press(t.STAFF_TIME_BTN)
        await admin.send("не дата")
        assert src(chat) == t.error("time_format")
        await admin.send(local(timedelta(minutes=100)))
        await admin.send("-")
        assert t.STAFF_EDITED.format(n=2) in chat.texts()
        for person in (b, c):
            await tg.chat(person.telegram_id).wait_for_text("Новое время")
        assert not tg.chat(a.telegram_id).find("Новое время")

        result = await app.background.plan()
        assert result.planned == 1  # the 2-hour reminder; the 24-hour one is skipped
        reminder = await tg.chat(b.telegram_id).wait_for_text("Напоминание")
        assert reminder.buttons == ["✅ Буду", "❌ Не смогу"]
        answer = await tg.user(b.telegram_id).press("✅ Буду")
        assert answer is not None and answer.text == texts.RSVP_SAVED["going"]
        await tg.chat(c.telegram_id).wait_for_text("Напоминание")

        await tg.user(b.telegram_id).press(t.CALENDAR_BTN)
        cal = icalendar.Calendar.from_ical(tg.chat(b.telegram_id).last_message().file.data)  # type: ignore[union-attr]
        (vevent,) = cal.walk("VEVENT")
        assert int(str(vevent["SEQUENCE"])) == 1
        assert str(vevent["UID"]) == f"event-{event_id}@kuzbass-council-bot"

        # --- exports: XLSX and CSV with the right rows ---
        await admin.press(t.STAFF_XLSX_BTN)
        doc = chat.last_message()
        assert doc is not None and doc.file is not None
        assert doc.document is not None and doc.document["file_name"].endswith(".xlsx")
        sheet = openpyxl.load_workbook(io.BytesIO(doc.file.data)).active
        assert sheet is not None
        rows = [list(r) for r in sheet.iter_rows(values_only=True)]
        assert rows[0] == ["Имя", "Роль", "Муниципалитет", "Ответ", "Время ответа", "Отметился"]
        by_name = {r[0]: r for r in rows[1:]}
        assert set(by_name) == {a.full_name, b.full_name, c.full_name}
        assert by_name[a.full_name][3] == "Не пойду"
        assert by_name[b.full_name][3] == "Пойду"
        assert by_name[c.full_name][3] == "Пойду"
        assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", str(by_name[b.full_name][4]))
        assert all(r[5] == "нет" for r in rows[1:])
        await admin.press(t.STAFF_CSV_BTN)
        doc = chat.last_message()
        assert doc is not None and doc.file is not None
        parsed = list(csv.reader(io.StringIO(doc.file.data.decode("utf-8-sig")), delimiter=";"))
        assert parsed == [[str(x) for x in r] for r in rows]

        # --- cancel: everyone who answered is told; old buttons get a clear answer ---
        await admin.press(t.STAFF_CANCEL_BTN)
        await admin.press(t.STAFF_CANCEL_CONFIRM_BTN)
        assert chat.last_text() == t.STAFF_CANCELLED.format(n=3)
        for person in (a, b, c):
            await tg.chat(person.telegram_id).wait_for_text("отменено")
        answer = await tg.user(a.telegram_id).press("✅ Пойду")
        assert answer is not None and answer.text == texts.RSVP_REFUSED["cancelled"]
        answer = await tg.user(a.telegram_id).press_raw("eva:999999:going")
        assert answer is not None and answer.text == texts.RSVP_REFUSED["gone"]
        answer = await tg.user(a.telegram_id).press_raw("evo:999999")
        assert answer is not None and answer.text == t.EVENT_GONE
        async with app.session_factory() as session:
            assert (await session.get(Event, event_id)).state is EventState.CANCELLED  # type: ignore[union-attr]
        assert tg.unanswered_callbacks == []


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
        admin = tg.user(ADMIN_ID)
        await admin.send("/events_admin")
        staff_list = tg.chat(ADMIN_ID).last_message()
        assert staff_list is not None
        await admin.press(next(x for x in staff_list.buttons if "Конференция" in x))
        await admin.press(t.STAFF_QR_BTN)
        qr = tg.chat(ADMIN_ID).last_message()
        assert qr is not None and qr.photo is not None and qr.file is not None
        assert qr.file.data.startswith(b"\x89PNG")
        link = re.search(r"https://t\.me/\S+", qr.display_text)
        assert link is not None
        assert link.group(0) == f"https://t.me/{BOT}?start=checkin_{today.id}_secret-token_1"

        user = tg.user(person.telegram_id)
        chat = tg.chat(person.telegram_id)
        await user.send(f"/start checkin_{today.id}_wrong")
        assert chat.last_text() == t.CHECKIN["wrong_token"]
        await user.send(f"/start checkin_{today.id}_secret-token_1")
        assert t.CHECKIN["done"].format(title="Конференция") in chat.texts()
        await user.send(f"/start checkin_{today.id}_secret-token_1")
        assert t.CHECKIN["already"].format(title="Конференция") in chat.texts()
        await user.send(f"/start checkin_{later.id}_later-token")
        assert chat.last_text().startswith("Отметиться на мероприятии «Позже» можно только в день")
        async with app.session_factory() as session:
            rsvp = await session.scalar(select(Rsvp).where(Rsvp.event_id == today.id))
            assert rsvp is not None and rsvp.checked_in_at is not None
            assert rsvp.status is RsvpStatus.GOING

        # A deep link from the channel, for someone new: consent and profile first, then the card.
        newcomer = tg.user(6100, first_name="Олег")
        await newcomer.send(f"/start event_{later.id}")
        await newcomer.press(texts.CONSENT_YES)
        await newcomer.send("Олег Сидоров")
        await newcomer.press(texts.OCCUPATION_LABELS[next(iter(texts.OCCUPATION_LABELS))])
        await newcomer.send("Мысков")
        await newcomer.press("Мысковский городской округ")
        card = tg.chat(6100).last_message()
        assert card is not None and "Позже" in card.display_text
        assert "✅ Пойду" in card.buttons
        answer = await newcomer.press("✅ Пойду")
        assert answer is not None and answer.text == texts.RSVP_SAVED["going"]
        async with app.session_factory() as session:
            await session.execute(update(Event).values(state=EventState.CANCELLED))
            await session.commit()
        answer = await newcomer.press(t.CALENDAR_BTN)
        assert answer is not None  # the .ics of a cancelled event says STATUS:CANCELLED
        assert b"STATUS:CANCELLED" in tg.chat(6100).last_message().file.data  # type: ignore[union-attr]
        assert tg.unanswered_callbacks == []
