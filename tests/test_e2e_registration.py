"""End to end: the real bot, through HTTP, against the fake Telegram: /start → consent →
profile → /profile, with every bad input a person may send, and /cancel at every step."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.runner import App
from handlers import texts
from models.users import Occupation, User
from tests.conftest import ADMIN_ID, TOKEN
from tests.fake_telegram import FakeTelegram
from tests.harness import running_bot

pytestmark = pytest.mark.slow


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


@pytest.fixture
async def app(tg: FakeTelegram, settings: Settings) -> AsyncIterator[App]:
    async with running_bot(tg, settings) as running:
        yield running


async def _user(app: App, telegram_id: int) -> User:
    async with app.session_factory() as session:
        user = await session.scalar(select(User).where(User.telegram_id == telegram_id))
    assert user is not None
    return user


async def test_registration_walkthrough(tg: FakeTelegram, app: App) -> None:
    person = tg.user(7001, first_name="Ирина")
    chat = tg.chat(7001)

    # The command menu was set at start-up, in Russian, with /admin for admins only.
    commands = list(tg.calls("setMyCommands"))
    assert commands, "setMyCommands was not called"
    default_menu = commands[0].params["commands"]
    assert {"command": "start", "description": texts.COMMANDS["start"]} in default_menu
    assert all(c["command"] != "admin" for c in default_menu)
    assert any(c.params.get("scope", {}).get("chat_id") == ADMIN_ID for c in commands)

    await person.send("/start")
    consent = chat.last_message()
    assert consent is not None
    assert "152-ФЗ" in consent.display_text
    assert consent.buttons == [texts.CONSENT_YES, texts.CONSENT_NO]
    stored = await _user(app, 7001)
    assert (stored.full_name, stored.consent_version) == (None, None)

    await person.press(texts.CONSENT_YES)
    assert chat.last_text() == texts.ASK_NAME
    assert consent.buttons == []  # the consent buttons are gone once answered

    # Bad names: each gets a reason and the step is asked again; nothing is stored.
    await person.send_sticker()
    assert chat.last_text() == texts.NAME_NOT_TEXT
    await person.send_photo()
    assert chat.last_text() == texts.NAME_NOT_TEXT
    await person.send("я" * 5000)
    assert chat.last_text() == texts.name_error("too_long", length=5000, limit=100)
    await person.send("<b>Ира</b>")
    assert chat.last_text() == texts.NAME_ERRORS["bad_chars"]
    assert (await _user(app, 7001)).full_name is None

    await person.send("Ирина Петрова-Водкина")
    assert chat.last_text() == texts.ASK_OCCUPATION
    await person.send("я депутат")  # typed instead of pressed
    assert chat.last_text() == texts.CHOOSE_WITH_BUTTONS
    await person.press(texts.OCCUPATION_LABELS[Occupation.TOS_ACTIVIST])
    assert chat.last_text().startswith("Выберите ваш муниципалитет (страница 1 из 4)")

    # Paging, then a search by part of the name.
    await person.press(texts.PAGE_NEXT)
    page = chat.last_message()
    assert page is not None
    assert "страница 2 из 4" in page.display_text
    await person.send("новокузнецк")
    found = chat.last_message()
    assert found is not None
    assert found.buttons == ["Новокузнецкий городской округ", "Новокузнецкий муниципальный район"]
    await person.press("Новокузнецкий городской округ")
    assert chat.last_text() == texts.REGISTRATION_DONE.format(name="Ирина Петрова-Водкина")
    assert chat.reply_keyboard == [
        texts.MENU_EVENTS,
        texts.MENU_PROPOSALS,
        texts.MENU_SUBSCRIPTIONS,
        texts.MENU_PROFILE,
        texts.MENU_HELP,
    ]

    stored = await _user(app, 7001)
    assert stored.occupation is Occupation.TOS_ACTIVIST
    assert stored.municipality is not None
    assert stored.municipality.code == "novokuznetsk"

    await person.send("/profile")
    card = chat.last_message()
    assert card is not None
    assert "Ирина Петрова-Водкина" in card.display_text
    assert "Активист ТОС" in card.display_text
    # Edit the municipality from the profile card.
    await person.press(texts.PROFILE_EDIT_MUNICIPALITY)
    await person.send("Мыски")
    await person.press("Мысковский городской округ")
    assert texts.PROFILE_UPDATED in chat.texts()[-2:]
    assert "Мысковский" in chat.last_text()

    # /help lists the sections.
    await person.send("/help")
    assert "Поправки в 135-ОЗ" in chat.last_text()
    assert tg.unanswered_callbacks == []


async def test_decline_then_admin_is_hidden(tg: FakeTelegram, app: App) -> None:
    person = tg.user(7002)
    await person.send("/start")
    await person.press(texts.CONSENT_NO)
    assert tg.chat(7002).last_text() == texts.CONSENT_DECLINED
    stored = await _user(app, 7002)
    assert (stored.consent_version, stored.full_name, stored.occupation) == (None, None, None)
    await person.send("/profile")
    assert tg.chat(7002).last_text() == texts.CONSENT_NEEDED
    await person.send("/admin")
    assert tg.chat(7002).last_text() == texts.UNKNOWN_COMMAND

    admin = tg.user(ADMIN_ID)
    await admin.send("/admin")
    menu = tg.chat(ADMIN_ID).last_message()
    assert menu is not None
    assert texts.ADMIN_STATS_BTN in menu.buttons
    await admin.press(texts.ADMIN_STATS_BTN)
    assert "Всего обращались: 2" in tg.chat(ADMIN_ID).last_text()


async def test_cancel_at_every_step_keeps_what_was_typed(tg: FakeTelegram, app: App) -> None:
    person = tg.user(7003)
    chat = tg.chat(7003)
    await person.send("/cancel")
    assert chat.last_text() == texts.NOTHING_TO_CANCEL
    await person.send("/start")
    await person.press(texts.CONSENT_YES)
    steps: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        ("name", lambda: person.send("Пётр Иванов")),
        ("occupation", lambda: person.press(texts.OCCUPATION_LABELS[Occupation.DEPUTY])),
        ("municipality", lambda: person.press("Кемеровский городской округ")),
    ]
    for _step, answer in steps:
        await person.send("/cancel")
        assert chat.last_text() == texts.CANCELLED
        await person.send("/start")  # resumes at the step that is missing
        assert chat.texts()[-2] == texts.PROFILE_RESUME
        await answer()
    assert chat.last_text() == texts.REGISTRATION_DONE.format(name="Пётр Иванов")
    # Every button press got an answer (no spinning clock left on the person's screen).
    assert len(tg.callback_answers) == 3  # consent, occupation, municipality
    assert tg.unanswered_callbacks == []
