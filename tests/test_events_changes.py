"""Changing a published event through the real bot: a time change reaches those who
answered AND those who only got the announcement, saying what it was and what it is now,
with an updated .ics; the channel post is edited in place and followed up; a capacity cut
moves the latest to the head of the waitlist and tells them; cancellation tells everyone,
edits the post without the signup link and gives a CANCEL .ics. Double taps on «Сохранить»
and «Отменить мероприятие» change and tell once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import icalendar
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from handlers.events.callbacks import EditAction, EditCb, StaffAction, StaffEventCb
from models.errors import DomainError
from models.events import Event, EventState, Rsvp, RsvpStatus, answers, changes, files, staff
from models.events.changes import Change, EventField
from models.outbox import Mailing
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.events_story import (
    BOT,
    CHANNEL,
    GOING,
    NOT_GOING,
    TZ,
    choose_field,
    draft,
    local,
    mailings_like,
    message,
    open_card,
    publish,
    subscribers,
)
from tests.factories import make_event, make_users
from tests.harness import running_bot
from texts import t

SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username=BOT) as fake:
        yield fake


def _vevent(data: bytes) -> tuple[icalendar.Calendar, Any]:
    cal = icalendar.Calendar.from_ical(data)
    (vevent,) = cal.walk("VEVENT")
    return cal, vevent


@pytest.mark.slow
@SQLITE
async def test_time_change_reaches_answered_and_announced(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, channel_id=CHANNEL) as app:
        tg.group(CHANNEL, "Совет МО Кузбасса", chat_type="channel")
        people = await subscribers(app.session_factory, 7000, 4)
        for person in people:
            tg.user(person.telegram_id)
        a, b, c, d = people
        event = await draft(app.session_factory, "Форум ТОС", starts_in=timedelta(days=5))
        await publish(tg, "Форум ТОС")
        post = await tg.chat(CHANNEL).wait_for_text("Форум ТОС")
        for person in people:
            await tg.chat(person.telegram_id).wait_for_text("Анонс")
        assert (await tg.user(a.telegram_id).press(GOING)) is not None
        await tg.user(b.telegram_id).press(GOING)
        await tg.user(c.telegram_id).press(NOT_GOING)  # d got the announcement, no answer

        old = t.span(event.starts_at, event.ends_at)
        await open_card(tg, "Форум ТОС")
        await tg.user(ADMIN_ID).press(t.plain("events-staff-edit-btn"))
        await tg.user(ADMIN_ID).press(t.label(EventField.TIME))
        admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        assert f"Сейчас (Время): {old}" in chat.last_text()
        await admin.send("не дата")
        assert chat.last_text().startswith("Не понял")  # the date parser's refusal
        await admin.send(local(timedelta(days=6, hours=1)))
        await admin.press(t.plain("events-edit-keep-btn"))
        preview = chat.last_message()
        assert preview is not None
        assert f"Было: {old}" in preview.display_text
        assert "Уведомление получат: 4." in preview.display_text
        await admin.press(t.plain("events-edit-save-btn"))
        assert t.plain("events-edit-saved", count=4, moved=0) in chat.texts()
        # A second tap on the same «Сохранить» changes nothing and says the button is old.
        again = await admin.press_raw(
            EditCb(action=EditAction.SAVE).pack(), message_id=preview.message_id
        )
        assert again is not None and again.text == t.plain("stale-button")

        async with app.session_factory() as session:
            moved = await session.get(Event, event.id)
            assert moved is not None and moved.sequence == 1
            new = t.span(moved.starts_at, moved.ends_at)
        line = f"Время изменено: было {old}, стало {new}"
        for person in people:  # answered (going, not going) and the one who did not answer
            notice = await tg.chat(person.telegram_id).wait_for_text(line)
        assert await mailings_like(app.session_factory, f"event:{event.id}:change:%") == {
            f"event:{event.id}:change:1": 4
        }
        # The .ics of the notice: the same UID, SEQUENCE 1, the new start, an update.
        await tg.user(d.telegram_id).press(
            t.plain("events-calendar-btn"), message_id=notice.message_id
        )
        cal, vevent = _vevent(tg.chat(d.telegram_id).last_message().file.data)  # type: ignore[union-attr]
        assert str(cal["METHOD"]) == "REQUEST" and int(str(vevent["SEQUENCE"])) == 1
        assert vevent.decoded("DTSTART") == moved.starts_at
        assert len(vevent.walk("VALARM")) == 2  # the event's reminders: 24 h and 2 h before
        # The channel post is edited in place, then a short follow-up.
        await tg.wait_for(lambda: new in (message(tg, CHANNEL, post.message_id).display_text))
        edited = message(tg, CHANNEL, post.message_id)
        assert edited is not None and edited.buttons == [t.plain("events-channel-signup-btn")]
        await tg.chat(CHANNEL).wait_for_text(line)
        assert tg.unanswered_callbacks == []


@pytest.mark.slow
@SQLITE
async def test_capacity_cut_then_cancellation(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings, channel_id=CHANNEL) as app:
        tg.group(CHANNEL, "Совет МО Кузбасса", chat_type="channel")
        people = await subscribers(app.session_factory, 7100, 5)
        for person in people:
            tg.user(person.telegram_id)
        event = await draft(app.session_factory, "Семинар", capacity=3)
        await publish(tg, "Семинар")
        post = await tg.chat(CHANNEL).wait_for_text("Семинар")
        for person in people:
            await tg.chat(person.telegram_id).wait_for_text("Анонс")
        for person in people[:4]:  # three seats, the fourth waits
            await tg.user(person.telegram_id).press(GOING)

        await choose_field(tg, event.id, EventField.CAPACITY)
        admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("0")
        assert chat.last_text() == t.plain("events-errors-capacity", limit=100_000)
        await admin.send("1")
        assert "Уведомление получат: 2." in chat.last_text()
        await admin.press(t.plain("events-edit-save-btn"))
        assert t.plain("events-edit-saved", count=2, moved=2) in chat.texts()
        for person in people[1:3]:  # the latest two to sign up
            await tg.chat(person.telegram_id).wait_for_text("перенесены в начало листа ожидания")
        assert not tg.chat(people[0].telegram_id).find("листа ожидания")
        async with app.session_factory() as session:
            rows = await session.scalars(select(Rsvp).where(Rsvp.event_id == event.id))
            status = {r.user_id: r.status for r in rows}
            refreshed = await session.get(Event, event.id)
        assert [status[p.id] for p in people[:4]] == [
            RsvpStatus.GOING,
            RsvpStatus.WAITLIST,
            RsvpStatus.WAITLIST,
            RsvpStatus.WAITLIST,
        ]
        assert refreshed is not None and refreshed.going_count == 1
        await tg.user(people[3].telegram_id).send(f"/start event_{event.id}")
        assert "ваше место: 3" in tg.chat(people[3].telegram_id).last_text()  # behind the moved
        await tg.wait_for(
            lambda: "Мест: 1, свободно: 0" in message(tg, CHANNEL, post.message_id).display_text
        )

        # Cancel, with a double tap on the confirmation.
        await open_card(tg, "Семинар")
        await admin.press(t.plain("events-staff-cancel-btn"))
        confirm = chat.last_message()
        assert confirm is not None
        await admin.press(t.plain("events-staff-cancel-confirm-btn"))
        assert chat.last_text() == t.plain("events-staff-cancelled", n=5)
        again = await admin.press_raw(
            StaffEventCb(id=event.id, action=StaffAction.CANCEL_CONFIRM).pack(),
            message_id=confirm.message_id,
        )
        assert again is not None and again.text == t.plain("events-errors-cancelled")
        for person in people:  # the fifth only got the announcement
            notice = await tg.chat(person.telegram_id).wait_for_text("отменено")
        assert len(await mailings_like(app.session_factory, f"event:{event.id}:cancel")) == 1
        await tg.user(people[4].telegram_id).press(
            t.plain("events-calendar-btn"), message_id=notice.message_id
        )
        cal, vevent = _vevent(tg.chat(people[4].telegram_id).last_message().file.data)  # type: ignore[union-attr]
        assert str(cal["METHOD"]) == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED"
        await tg.wait_for(lambda: "отменено" in message(tg, CHANNEL, post.message_id).display_text)
        assert message(tg, CHANNEL, post.message_id).buttons == []  # no «Записаться»
        await tg.chat(CHANNEL).wait_for_text("Мероприятие (")
        # The card: no «Пойду», still «В календарь»; a stale «Пойду» is refused clearly.
        last = tg.user(people[4].telegram_id)
        await last.send(f"/start event_{event.id}")
        card = tg.chat(people[4].telegram_id).last_message()
        assert card is not None and GOING not in card.buttons
        assert t.plain("events-calendar-btn") in card.buttons
        answer = await last.press(GOING)
        assert answer is not None and answer.text == t.plain("rsvp-refused-cancelled")
        assert tg.unanswered_callbacks == []


async def test_double_saves_and_cancels_change_and_tell_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Two taps (or two instances) saving one preview, and two cancellations, at once: one
    of each happens and is told; the other is refused. On both databases."""
    async with session_factory() as session:
        event = await make_event(session)
        for person in await make_users(session, 7300, 3):
            await answers.rsvp(session, event.id, person, RsvpStatus.GOING, render=t)
        event_id, seen = event.id, event.sequence

    async def save(place: str) -> str:
        async with session_factory() as session:
            try:
                await changes.apply(
                    session,
                    event_id,
                    ADMIN_ID,
                    Change(EventField.PLACE, place),
                    seen_sequence=seen,
                    render=t,
                    tz=TZ,
                )
            except DomainError as exc:
                return exc.code
            return "saved"

    async def cancel() -> str:
        async with session_factory() as session:
            try:
                return str(await staff.cancel(session, event_id, ADMIN_ID, render=t, tz=TZ))
            except DomainError as exc:
                return exc.code

    assert sorted(await asyncio.gather(save("Зал 1"), save("Зал 2"))) == [
        "events-errors-changed_meanwhile",
        "saved",
    ]
    assert sorted(await asyncio.gather(cancel(), cancel())) == ["3", "events-errors-cancelled"]
    async with session_factory() as session:
        keys = (
            await session.scalars(
                select(Mailing.dedup_key).where(Mailing.dedup_key.like(f"event:{event_id}:%"))
            )
        ).all()
        final = await session.get(Event, event_id)
    assert sorted(str(k) for k in keys) == [
        f"event:{event_id}:cancel",
        f"event:{event_id}:change:1",
    ]
    assert final is not None and final.state is EventState.CANCELLED and final.sequence == 2


def test_values_of_a_change_survive_the_dialogue_and_are_checked() -> None:
    """What the preview keeps in the FSM comes back the same; bad values are refused."""
    now = datetime.now(UTC)
    values: dict[EventField, Any] = {
        EventField.TITLE: "Форум",
        EventField.DESCRIPTION: "<b>Программа</b>",
        EventField.TIME: (now + timedelta(days=2), None),
        EventField.PLACE: None,
        EventField.LINK: "https://meet.example/x",
        EventField.CAPACITY: 140,
        EventField.TOPIC: "council",
        EventField.AUDIENCE: frozenset({3, 1}),
        EventField.DEADLINE: now + timedelta(days=1),
    }
    for field, value in values.items():
        change = Change(field, value)
        assert Change.from_json(json.loads(json.dumps(change.to_json()))) == change
    for bad in ("ftp://x", "https://a b", "zoom.us/j/1"):
        with pytest.raises(DomainError) as err:
            changes.check_link(bad)
        assert err.value.code == "events-errors-link"
    with pytest.raises(DomainError) as err:
        changes.check_place("Зал, https://zoom.example/j/1")
    assert err.value.code == "events-errors-place_link"
    refused = [
        files.Upload("f", "u", "run.exe", 10),
        files.Upload("f", "u", "list.pdf", 10, mime_type="application/x-msdownload"),
        files.Upload("f", "u", "big.pdf", files.SIZE_MAX + 1),
        files.Upload("f", "u", "nosize.pdf", None),
    ]
    codes = []
    for upload in refused:
        with pytest.raises(DomainError) as err:
            files.check(upload)
        codes.append(err.value.code)
    assert codes == ["events-files-wrong-type"] * 2 + ["events-files-too-big"] * 2
    for good in ("programme.PDF", "poster.png", "form.docx"):
        files.check(files.Upload("f", "u", good, 1000))


async def test_a_change_that_would_not_fit_the_card_is_refused(session: AsyncSession) -> None:
    event = await make_event(session)
    event.description = "о" * 3400  # an old row: the card is near the limit already
    event.place = "м" * 500
    await session.commit()
    event_id = event.id
    long_title = Change(EventField.TITLE, "Т" * 200)
    with pytest.raises(DomainError) as err:
        await changes.apply(
            session, event_id, ADMIN_ID, long_title, seen_sequence=0, render=t, tz=TZ
        )
    assert err.value.code == "events-errors-card_too_long"
    kept = await session.get(Event, event_id, populate_existing=True)
    assert kept is not None and kept.title == "Семинар для ТОС" and kept.sequence == 0
