"""The staff card's other tools through the real bot: paging of both staff lists, every field
of a draft edited (HTML in a title stays text, bad values refused), delete a draft with
confirmation (stale buttons after it, no rights for a plain user), duplicate, close and
reopen registration («Пойду» refused clearly, the card says so), the online link hidden
from the card and the channel and told only to those going, files (wrong type and size
refused, sent after the announcement, «Материалы» on the card)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.config import Settings
from handlers.events.callbacks import EditAction, EditCb, StaffAction, StaffEventCb, StaffListCb
from models.base import utcnow
from models.events import Event, EventState, files, queries
from models.events.changes import EventField
from models.events.entities import EventMunicipality
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.events_story import (
    BOT,
    CHANNEL,
    GOING,
    choose_field,
    draft,
    local,
    mailings_like,
    message,
    open_card,
    publish,
    subscribers,
)
from tests.factories import make_event
from tests.harness import running_bot
from texts import t

pytestmark = [
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]
SAVE = t.plain("events-edit-save-btn")


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username=BOT) as fake:
        yield fake


async def step_paging(tg: FakeTelegram, app: object) -> None:
    session_factory = app.session_factory  # type: ignore[attr-defined]
    async with session_factory() as session:
        for i in range(19):
            await make_event(session, title=f"Событие {i:02}", starts_in=timedelta(days=2 + i))
        for i in range(9):
            await make_event(session, title=f"Прошлое {i}", starts_in=-timedelta(days=1 + i))
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    await admin.send("/events_admin")
    first = chat.last_message()
    assert first is not None and "Страница 1 из 3, всего мероприятий: 19." in first.display_text
    assert "Событие 00" in " ".join(first.buttons) and "Событие 08" not in " ".join(first.buttons)
    await admin.press_raw(StaffListCb(past=False, page=2).pack())
    last = chat.last_message()
    assert last is not None and "Страница 3 из 3" in last.display_text
    assert any("Событие 18" in b for b in last.buttons)
    await admin.press(t.plain("events-staff-past-btn"))
    past = chat.last_message()
    assert past is not None and "Страница 1 из 2, всего мероприятий: 9." in past.display_text
    assert "Прошлое 0" in past.buttons[0]  # latest first


async def step_edit_fields_of_a_draft(tg: FakeTelegram, event_id: int) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    await choose_field(tg, event_id, EventField.TITLE)
    await admin.send("Я" * 201)
    assert chat.last_text().startswith("Слишком длинно")
    forged = await admin.press_raw(EditCb(action=EditAction.NONE).pack())  # a title has no «none»
    assert forged is not None and forged.text == t.plain("events-choose-button")
    await admin.send("Черновик <b>2</b>")
    assert "Станет: Черновик <b>2</b>" in chat.last_text()  # shown as typed, not as HTML
    assert "Уведомление получат: 0." in chat.last_text()  # a draft: nobody to tell
    await admin.press(SAVE)
    await choose_field(tg, event_id, EventField.LINK)
    await admin.send("zoom без протокола")
    assert chat.last_text() == t.plain("events-errors-link")
    await admin.send("https://meet.example/room-42")
    await admin.press(SAVE)
    await choose_field(tg, event_id, EventField.DEADLINE)
    await admin.send(local(timedelta(days=20)))
    assert chat.last_text().startswith("Срок ответа должен быть не позже начала")
    await admin.send(local(timedelta(days=2)))
    await admin.press(SAVE)
    await choose_field(tg, event_id, EventField.AUDIENCE)
    await admin.press(t.plain("events-pick-municipalities-btn"))
    await admin.press(t.plain("events-done-btn"))  # nothing chosen
    await admin.press(next(b for b in chat.last_message().buttons if "Кемеровский г" in b))  # type: ignore[union-attr]
    await admin.press(t.plain("events-done-btn"))
    assert "Было: все муниципалитеты" in chat.last_text()
    await admin.press(SAVE)
    await choose_field(tg, event_id, EventField.PLACE)
    await admin.send("https://zoom.example/j/1")  # would be public on the card
    assert chat.last_text() == t.plain("events-errors-place_link")
    await admin.press(t.plain("events-edit-no-place-btn"))
    await admin.press(t.plain("events-edit-discard-btn"))
    assert chat.last_text() == t.plain("events-edit-discarded")


async def step_delete_and_duplicate(tg: FakeTelegram, app: object, event_id: int) -> None:
    session_factory = app.session_factory  # type: ignore[attr-defined]
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    await open_card(tg, "Черновик")
    await admin.press(t.plain("events-staff-duplicate-btn"))
    assert chat.find("копия со сдвигом на неделю") is not None
    await open_card(tg, "Черновик")
    card = chat.last_message()
    assert card is not None
    await admin.press(t.plain("events-staff-delete-btn"))
    # A plain user forging the confirmation gets the stale-button answer; nothing is deleted.
    (person,) = await subscribers(session_factory, 7600, 1)
    forged = StaffEventCb(id=event_id, action=StaffAction.DELETE_CONFIRM).pack()
    answer = await tg.user(person.telegram_id).press_raw(forged)
    assert answer is not None and answer.text == t.plain("stale-button")
    await admin.press(t.plain("events-staff-delete-confirm-btn"))
    assert chat.last_text().startswith("Черновик «Черновик <b>2</b>» удалён")
    for action in (StaffAction.DELETE_CONFIRM, StaffAction.EDIT, StaffAction.OPEN):
        stale = await admin.press_raw(
            StaffEventCb(id=event_id, action=action).pack(), message_id=card.message_id
        )
        assert stale is not None and stale.text in {
            t.plain("events-event-gone"),
            t.plain("events-errors-gone"),
        }
    async with session_factory() as session:
        assert await session.get(Event, event_id) is None
        copies = (await session.scalars(select(Event).where(Event.title.like("Черновик%")))).all()
        (copy,) = copies
        assert (
            copy.state is EventState.DRAFT and copy.online_link == "https://meet.example/room-42"
        )
        assert copy.starts_at > utcnow() + timedelta(days=9)  # a week after the original
        audience = await session.scalar(
            select(func.count()).where(EventMunicipality.event_id == copy.id)
        )
        assert audience == 1


async def test_lists_drafts_delete_duplicate(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings) as app:
        await step_paging(tg, app)
        event = await draft(app.session_factory, "Черновик", starts_in=timedelta(days=3))
        await step_edit_fields_of_a_draft(tg, event.id)
        await step_delete_and_duplicate(tg, app, event.id)
        assert tg.unanswered_callbacks == []


async def step_files(tg: FakeTelegram, monkeypatch: pytest.MonkeyPatch) -> None:
    admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
    await open_card(tg, "Конференция")
    await admin.press(t.plain("events-staff-files-btn"))
    await admin.send_document(b"MZ\x90\x00", filename="setup.exe")
    assert chat.last_text() == t.plain("events-files-wrong-type")
    await admin.send("текст")
    assert chat.last_text() == t.plain("events-files-wrong-type")
    monkeypatch.setattr(files, "SIZE_MAX", 1024 * 1024)
    await admin.send_document(b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 1), filename="big.pdf")
    assert chat.last_text() == t.plain("events-files-too-big", limit=1)
    monkeypatch.undo()
    await admin.send_document(b"%PDF-1.4\n% programme\n", filename="programme.pdf")
    assert chat.last_text().startswith(t.plain("events-files-added", count=1)[:14])
    await admin.press(t.plain("events-done-btn"))


async def test_link_files_and_registration(
    tg: FakeTelegram, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with running_bot(tg, settings, channel_id=CHANNEL) as app:
        tg.group(CHANNEL, "Совет МО Кузбасса", chat_type="channel")
        a, b = await subscribers(app.session_factory, 7700, 2)
        for person in (a, b):
            tg.user(person.telegram_id)
        event = await draft(app.session_factory, "Конференция")
        async with app.session_factory() as session:
            stored = await session.get(Event, event.id)
            assert stored is not None
            stored.online_link = "https://meet.example/secret"
            session.add(EventMunicipality(event_id=event.id, municipality_id=a.municipality_id))
            await session.commit()
        await step_files(tg, monkeypatch)
        await publish(tg, "Конференция")
        post = await tg.chat(CHANNEL).wait_for_text("Конференция")
        assert "meet.example" not in post.display_text and "ссылка придёт" in post.display_text
        doc = await tg.chat(a.telegram_id).wait_for_message(lambda m: m.document is not None)
        announcement = tg.chat(a.telegram_id).find("Анонс")
        assert announcement is not None and announcement.message_id < doc.message_id
        assert "meet.example" not in announcement.display_text
        assert tg.chat(b.telegram_id).find("Анонс") is None  # another municipality
        # The audience widened to all: b gets the announcement (with its file), a not again.
        await choose_field(tg, event.id, EventField.AUDIENCE)
        await tg.user(ADMIN_ID).press(t.plain("events-all-municipalities-btn"))
        await tg.user(ADMIN_ID).press(SAVE)
        assert any(
            t.plain("events-edit-announced", count=1) in x for x in tg.chat(ADMIN_ID).texts()
        )
        await tg.chat(b.telegram_id).wait_for_text("Анонс")
        await tg.chat(b.telegram_id).wait_for_message(lambda m: m.document is not None)
        assert len([m for m in tg.chat(a.telegram_id).texts() if "Анонс" in m]) == 1
        await tg.user(a.telegram_id).press(GOING)
        await tg.user(b.telegram_id).send(f"/start event_{event.id}")
        card = tg.chat(b.telegram_id).last_message()
        assert card is not None and "meet.example" not in card.display_text
        maybe = t.plain("events-answer-labels-maybe")
        await tg.user(b.telegram_id).press(maybe, message_id=card.message_id)
        answered = message(tg, b.telegram_id, card.message_id)
        assert t.plain("events-files-btn", count=1) in answered.buttons  # still there
        await tg.user(b.telegram_id).press(t.plain("events-files-btn", count=1))
        got = tg.chat(b.telegram_id).last_message()
        assert got is not None and got.document is not None
        async with app.session_factory() as session:
            loaded = await queries.get(session, event.id)
            assert loaded is not None
            assert (
                await queries.online_link_for(session, loaded, a.id)
                == "https://meet.example/secret"
            )
            assert await queries.online_link_for(session, loaded, b.id) is None

        # A new link: those going hear of it (with it), nobody else does.
        await choose_field(tg, event.id, EventField.LINK)
        await tg.user(ADMIN_ID).send("https://meet.example/new")
        assert "Уведомление получат: 1." in tg.chat(ADMIN_ID).last_text()
        await tg.user(ADMIN_ID).press(SAVE)
        await tg.chat(a.telegram_id).wait_for_text("https://meet.example/new")
        assert tg.chat(b.telegram_id).find("meet.example") is None

        # Registration closed by hand: «Пойду» refused, the card and the channel say so.
        await open_card(tg, "Конференция")
        await tg.user(ADMIN_ID).press(t.plain("events-staff-close-btn"))
        answer = await tg.user(b.telegram_id).press(GOING)
        assert answer is not None and answer.text == t.plain("rsvp-refused-deadline")
        await tg.user(b.telegram_id).send(f"/start event_{event.id}")
        assert "Запись закрыта" in tg.chat(b.telegram_id).last_text()
        await tg.wait_for(
            lambda: "Запись закрыта" in message(tg, CHANNEL, post.message_id).display_text
        )
        # The post was edited for the audience (1) and the closing (3), not for the link (2):
        # the card does not show the link, and Telegram refuses an edit that changes nothing.
        edits = await mailings_like(app.session_factory, f"event:{event.id}:channel-edit:%")
        assert sorted(edits) == [f"event:{event.id}:channel-edit:{n}" for n in (1, 3)]
        again = await tg.user(ADMIN_ID).press_raw(
            StaffEventCb(id=event.id, action=StaffAction.CLOSE).pack()
        )
        assert again is not None and again.text == t.plain("events-errors-registration_closed")
        await tg.user(ADMIN_ID).press(t.plain("events-staff-reopen-btn"))
        answer = await tg.user(b.telegram_id).press(GOING)
        assert answer is not None and answer.text == t.plain("rsvp-saved-going")
        assert tg.unanswered_callbacks == []
