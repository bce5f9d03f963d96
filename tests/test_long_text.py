"""Long texts: the one packer never breaks HTML, a regional event's card stays one message,
and a preview that would not fit says which field to shorten and keeps the dialogue going."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

import handlers.events.staff_create as staff_create
from bot.config import Settings
from handlers.long_text import MESSAGE_LIMIT, pack
from models.base import utcnow
from models.events import EventKind, EventState
from models.events.entities import Event
from models.events.messages import card_text
from models.topics import Topic
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.harness import running_bot
from texts import t

TZ = Settings(_env_file=None).tz


def _unbroken(chunk: str) -> bool:
    """No entity or tag is cut: every ``&`` has its ``;`` and every ``<`` its ``>``."""
    return re.search(r"&[a-z#0-9]*$", chunk) is None and chunk.count("<") == chunk.count(">")


def test_pack_splits_at_lines_and_never_inside_html() -> None:
    line = "Пункт 1 &lt;в ред.&gt; <b>важное</b> — " + "слово " * 20
    text = "\n".join(f"{i}. {line}" for i in range(120))  # ~19,000 characters
    chunks = pack([text])
    assert len(chunks) >= 5
    assert all(len(c) <= MESSAGE_LIMIT for c in chunks)
    assert all(_unbroken(c) for c in chunks)
    assert all(c.startswith(tuple("0123456789")) for c in chunks)  # cut at line starts
    assert "\n".join(chunks) == text  # nothing lost, nothing added


def test_pack_joins_short_paragraphs() -> None:
    assert pack(["a", "b", "c"]) == ["a\n\nb\n\nc"]


def test_card_of_an_event_for_30_municipalities_names_eight_and_counts_the_rest() -> None:
    now = utcnow()
    event = Event(
        title="Конференция",
        description="Д" * 3000,
        kind=EventKind.CONFERENCE,
        topic=Topic.EVENTS.value,
        starts_at=now + timedelta(days=3),
        ends_at=None,
        place="Кемерово",
        capacity=150,
        going_count=0,
        state=EventState.PUBLISHED,
    )
    names = [f"Муниципалитет номер {i}" for i in range(30)]
    card = card_text(event, t, TZ, names)
    assert "и ещё 22 муниципалитета" in card
    assert len(card) < MESSAGE_LIMIT


@pytest.fixture
async def tg() -> FakeTelegram:  # type: ignore[misc]
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


async def test_preview_too_long_asks_for_a_shorter_description(
    tg: FakeTelegram, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a limit the card cannot meet, the preview names the field and by how much, takes
    the description again and goes straight back to the preview with the rest kept."""
    monkeypatch.setattr(staff_create, "MESSAGE_LIMIT", 700)
    start = (utcnow() + timedelta(days=3)).astimezone(TZ)
    async with running_bot(tg, settings):
        admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("/event_new")
        await admin.send("Семинар для ТОС")
        await admin.send("Программа. " * 60)  # ~660 characters
        await admin.press(t.label(EventKind.SEMINAR))
        await admin.send(f"{start:%d.%m.%Y %H:%M}")
        await admin.send(f"{start + timedelta(hours=3):%d.%m.%Y %H:%M}")
        await admin.send("Кемерово, пр. Советский, 58")
        await admin.send("40")
        await admin.press(t.plain("events-no-deadline-btn"))
        await admin.press(t.label(Topic.EVENTS))
        await admin.press(t.plain("events-all-municipalities-btn"))
        await admin.press(t.plain("events-default-offsets-btn"))
        asked = chat.last_text()
        assert asked.startswith("Анонс не поместится в одно сообщение Telegram"), asked
        assert "Сократите описание на" in asked
        await admin.send("Коротко о программе.")
        preview = chat.last_message()
        assert preview is not None
        assert "Коротко о программе." in preview.display_text
        assert "Семинар для ТОС" in preview.display_text
        assert preview.buttons == [
            t.plain(key)
            for key in ("events-publish-btn", "events-draft-btn", "events-discard-btn")
        ]
