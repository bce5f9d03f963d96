"""End to end: the real bot, through HTTP, against the fake Telegram: /start → consent →
profile → /profile, with every bad input a person may send, and /cancel at every step."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from sqlalchemy import select

from bot.config import Settings
from bot.runner import App
from models.users import Occupation, User
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.harness import running_bot
from texts import t

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


# --- steps of the story; each test runs the ones it needs on a fresh bot ---
async def step_start_and_consent(tg: FakeTelegram, app: App, person_id: int) -> None:
    """/start shows the consent text with two buttons and stores nothing but the id; «yes»
    removes the buttons and asks for the name."""
    person, chat = tg.user(person_id, first_name="Ирина"), tg.chat(person_id)
    await person.send("/start")
    consent = chat.last_message()
    assert consent is not None
    assert "152-ФЗ" in consent.display_text
    assert consent.buttons == [t.plain("consent-yes"), t.plain("consent-no")]
    stored = await _user(app, person_id)
    assert (stored.full_name, stored.consent_version) == (None, None)
    await person.press(t.plain("consent-yes"))
    assert chat.last_text() == t("ask-name")
    assert consent.buttons == []  # the consent buttons are gone once answered


async def step_name_and_occupation(tg: FakeTelegram, person_id: int, name: str) -> None:
    """A good name, a typed occupation (refused), then the button: the municipality picker."""
    person, chat = tg.user(person_id), tg.chat(person_id)
    await person.send(name)
    assert chat.last_text() == t("ask-occupation")
    await person.send("я депутат")  # typed instead of pressed
    assert chat.last_text() == t("choose-with-buttons")
    await person.press(t.label(Occupation.TOS_ACTIVIST))
    assert chat.last_text() == t("ask-municipality", page=1, pages=4)


async def step_municipality(tg: FakeTelegram, person_id: int, name: str) -> None:
    """Paging, then a search by part of the name, then the choice: registration is done."""
    person, chat = tg.user(person_id), tg.chat(person_id)
    await person.press(t.plain("page-next"))
    page = chat.last_message()
    assert page is not None
    assert page.display_text == t("ask-municipality", page=2, pages=4)
    await person.send("новокузнецк")
    found = chat.last_message()
    assert found is not None
    assert found.buttons == ["Новокузнецкий городской округ", "Новокузнецкий муниципальный район"]
    await person.press("Новокузнецкий городской округ")
    assert chat.last_text() == t("registration-done", name=name)


async def register(tg: FakeTelegram, app: App, person_id: int, name: str) -> None:
    await step_start_and_consent(tg, app, person_id)
    await step_name_and_occupation(tg, person_id, name)
    await step_municipality(tg, person_id, name)


# --- the story, one test per chapter ---
async def test_command_menu_is_russian_and_admin_only_for_admins(
    tg: FakeTelegram, app: App
) -> None:
    commands = list(tg.calls("setMyCommands"))
    assert commands, "setMyCommands was not called"
    default_menu = commands[0].params["commands"]
    assert {"command": "start", "description": t.plain("commands-start")} in default_menu
    assert all(c["command"] != "admin" for c in default_menu)
    assert any(c.params.get("scope", {}).get("chat_id") == ADMIN_ID for c in commands)


async def test_bad_names_get_a_reason_and_nothing_is_stored(tg: FakeTelegram, app: App) -> None:
    await step_start_and_consent(tg, app, 7001)
    person, chat = tg.user(7001), tg.chat(7001)
    await person.send_sticker()
    assert chat.last_text() == t("name-not-text")
    await person.send_photo()
    assert chat.last_text() == t("name-not-text")
    await person.send("я" * 500)
    assert chat.last_text() == t("name-error-too_long", length=500, limit=100)
    await person.send("<b>Ира</b>")
    assert chat.last_text() == t("name-error-bad_chars")
    assert (await _user(app, 7001)).full_name is None
    await step_name_and_occupation(tg, 7001, "Ирина Петрова-Водкина")


async def test_registration_ends_with_the_main_menu(tg: FakeTelegram, app: App) -> None:
    await register(tg, app, 7001, "Ирина Петрова-Водкина")
    assert tg.chat(7001).reply_keyboard == [
        t.plain("menu-events"),
        t.plain("menu-proposals"),
        t.plain("menu-contest"),
        t.plain("menu-reports"),
        t.plain("menu-subscriptions"),
        t.plain("menu-profile"),
        t.plain("menu-help"),
    ]
    stored = await _user(app, 7001)
    assert stored.full_name == "Ирина Петрова-Водкина"
    assert stored.occupation is Occupation.TOS_ACTIVIST
    assert stored.municipality is not None
    assert stored.municipality.code == "novokuznetsk"
    assert tg.unanswered_callbacks == []


async def test_profile_card_and_editing_the_municipality(tg: FakeTelegram, app: App) -> None:
    await register(tg, app, 7001, "Ирина Петрова-Водкина")
    person, chat = tg.user(7001), tg.chat(7001)
    await person.send("/profile")
    card = chat.last_message()
    assert card is not None
    assert "Ирина Петрова-Водкина" in card.display_text
    assert t.label(Occupation.TOS_ACTIVIST) in card.display_text
    await person.press(t.plain("profile-edit-municipality"))
    await person.send("Мыски")
    await person.press("Мысковский городской округ")
    assert t("profile-updated") in chat.texts()[-2:]
    assert "Мысковский" in chat.last_text()
    assert tg.unanswered_callbacks == []


async def test_help_lists_the_sections(tg: FakeTelegram, app: App) -> None:
    await tg.user(7001).send("/help")
    assert "Обсуждение актов" in tg.chat(7001).last_text()
    await tg.user(7001).press_reply(t.plain("menu-help"))
    shown = tg.chat(7001).last_text()
    assert "Обсуждение актов" in shown
    assert "/contest" in shown and "/reports" in shown
    assert "135-ОЗ" not in shown


async def test_menu_opens_the_contest_and_the_reports(tg: FakeTelegram, app: App) -> None:
    await register(tg, app, 7001, "Ирина Петрова-Водкина")
    person, chat = tg.user(7001), tg.chat(7001)
    await person.press_reply(t.plain("menu-contest"))
    assert chat.last_text() == t("contest-none")
    await person.press_reply(t.plain("menu-reports"))
    assert chat.last_text() == t("reports-mine-none")
    assert tg.unanswered_callbacks == []


async def test_decline_then_admin_is_hidden(tg: FakeTelegram, app: App) -> None:
    person = tg.user(7002)
    await person.send("/start")
    await person.press(t.plain("consent-no"))
    assert tg.chat(7002).last_text() == t("consent-declined")
    stored = await _user(app, 7002)
    assert (stored.consent_version, stored.full_name, stored.occupation) == (None, None, None)
    await person.send("/profile")
    assert tg.chat(7002).last_text() == t("consent-needed")
    await person.send("/admin")
    assert tg.chat(7002).last_text() == t("unknown-command")

    admin = tg.user(ADMIN_ID)
    await admin.send("/admin")
    menu = tg.chat(ADMIN_ID).last_message()
    assert menu is not None
    assert t.plain("admin-stats-btn") in menu.buttons
    await admin.press(t.plain("admin-stats-btn"))
    assert "Всего обращались: 2" in tg.chat(ADMIN_ID).last_text()


async def test_cancel_at_every_step_keeps_what_was_typed(tg: FakeTelegram, app: App) -> None:
    person = tg.user(7003)
    chat = tg.chat(7003)
    await person.send("/cancel")
    assert chat.last_text() == t("nothing-to-cancel")
    await person.send("/start")
    await person.press(t.plain("consent-yes"))
    steps: list[tuple[str, Callable[[], Awaitable[object]]]] = [
        ("name", lambda: person.send("Пётр Иванов")),
        ("occupation", lambda: person.press(t.label(Occupation.DEPUTY))),
        ("municipality", lambda: person.press("Кемеровский городской округ")),
    ]
    for _step, answer in steps:
        await person.send("/cancel")
        assert chat.last_text() == t("common-cancelled")
        await person.send("/start")  # resumes at the step that is missing
        assert chat.texts()[-2] == t("profile-resume")
        await answer()
    assert chat.last_text() == t("registration-done", name="Пётр Иванов")
    # Every button press got an answer (no spinning clock left on the person's screen).
    assert len(tg.callback_answers) == 3  # consent, occupation, municipality
    assert tg.unanswered_callbacks == []
