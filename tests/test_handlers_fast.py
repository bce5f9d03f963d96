"""Fast handler tests: real dispatcher, routers, middlewares and database; a mocked session
instead of HTTP."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery, SendMessage
from aiogram.types import Sticker
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.admin.callbacks import AdminAction, AdminCb, RemoveModeratorCb
from handlers.people.callbacks import ConsentAnswer, ConsentCb, MunicipalityCb, OccupationCb
from models import consent as consent_module
from models.audit import AuditEntry
from models.consent import ConsentLog, current_consent
from models.municipalities import Municipality
from models.users import Occupation, Role, User
from tests import updates
from tests.conftest import ADMIN_ID
from tests.mocked_bot import MockedBot
from texts import t

USER_ID = 555


@pytest.fixture
def dp(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return create_dispatcher(settings, session_factory, storage=MemoryStorage())


@pytest.fixture
def bot() -> MockedBot:
    return MockedBot()


async def feed(dp: Dispatcher, bot: MockedBot, update: Any) -> None:
    await dp.feed_update(bot, update)


def last_text(bot: MockedBot) -> str:
    return bot.texts()[-1]


async def register(
    dp: Dispatcher, bot: MockedBot, user_id: int = USER_ID, name: str = "Ирина Петрова"
) -> None:
    version = current_consent().version
    await feed(dp, bot, updates.message(user_id, "/start"))
    await feed(
        dp,
        bot,
        updates.callback(user_id, ConsentCb(answer=ConsentAnswer.YES, version=version).pack()),
    )
    await feed(dp, bot, updates.message(user_id, name))
    await feed(
        dp, bot, updates.callback(user_id, OccupationCb(value=Occupation.TOS_ACTIVIST).pack())
    )
    await feed(dp, bot, updates.callback(user_id, MunicipalityCb(id=1).pack()))


async def test_start_asks_for_consent_and_stores_only_the_id(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    await feed(dp, bot, updates.message(USER_ID, "/start"))
    sent = bot.sent("sendMessage")[-1]
    assert isinstance(sent, SendMessage)
    assert current_consent().text.splitlines()[0] in sent.text
    labels = [b.text for row in sent.reply_markup.inline_keyboard for b in row]  # type: ignore[union-attr]
    assert labels == [t.plain("consent-yes"), t.plain("consent-no")]
    user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
    assert user is not None
    assert (user.full_name, user.consent_version, user.occupation) == (None, None, None)


async def test_decline_keeps_nothing(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    version = current_consent().version
    await feed(dp, bot, updates.message(USER_ID, "/start"))
    await feed(
        dp,
        bot,
        updates.callback(USER_ID, ConsentCb(answer=ConsentAnswer.NO, version=version).pack()),
    )
    assert last_text(bot) == t("consent-declined")
    assert await session.scalar(select(func.count()).select_from(ConsentLog)) == 0
    # Without consent the profile dialogue refuses to store anything.
    await feed(dp, bot, updates.callback(USER_ID, OccupationCb(value=Occupation.DEPUTY).pack()))
    answer = bot.sent("answerCallbackQuery")[-1]
    assert isinstance(answer, AnswerCallbackQuery)
    assert answer.text == t("consent-needed")
    user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
    assert user is not None
    assert user.occupation is None


async def test_full_registration_on_each_database(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    await register(dp, bot)
    assert t("registration-done", name="Ирина Петрова") == last_text(bot)
    user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
    assert user is not None
    assert user.full_name == "Ирина Петрова"
    assert user.occupation is Occupation.TOS_ACTIVIST
    assert user.municipality_id == 1
    assert user.consent_version == current_consent().version
    assert user.consent_given_at is not None and user.consent_given_at.tzinfo is not None
    log = (await session.scalars(select(ConsentLog))).all()
    assert [(e.version, e.action) for e in log] == [(current_consent().version, "given")]
    await feed(dp, bot, updates.message(USER_ID, "/profile"))
    assert "Ирина Петрова" in last_text(bot)
    kemerovo = await session.get(Municipality, 1)
    assert kemerovo is not None
    assert kemerovo.name in last_text(bot)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("<b>Ира</b>", t("name-error-bad_chars")),
        ("x" * 500, t("name-error-too_long", length=500, limit=100)),
        ("Я", t("name-error-too_short", limit=2)),
        ("Ирина 2", t("name-error-bad_chars")),
    ],
)
async def test_bad_names_are_refused_with_a_reason(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession, typed: str, expected: str
) -> None:
    version = current_consent().version
    await feed(dp, bot, updates.message(USER_ID, "/start"))
    await feed(
        dp,
        bot,
        updates.callback(USER_ID, ConsentCb(answer=ConsentAnswer.YES, version=version).pack()),
    )
    await feed(dp, bot, updates.message(USER_ID, typed))
    assert last_text(bot) == expected
    user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
    assert user is not None
    assert user.full_name is None
    # The dialogue is still at the name step: a good name goes through.
    await feed(dp, bot, updates.message(USER_ID, "Анна-Мария Иванова"))
    assert last_text(bot) == t("ask-occupation")


async def test_a_sticker_instead_of_a_name(dp: Dispatcher, bot: MockedBot) -> None:
    version = current_consent().version
    await feed(dp, bot, updates.message(USER_ID, "/start"))
    await feed(
        dp,
        bot,
        updates.callback(USER_ID, ConsentCb(answer=ConsentAnswer.YES, version=version).pack()),
    )
    sticker = Sticker(
        file_id="s",
        file_unique_id="su",
        type="regular",
        width=512,
        height=512,
        is_animated=False,
        is_video=False,
    )
    await feed(dp, bot, updates.message(USER_ID, None, sticker=sticker))
    assert last_text(bot) == t("name-not-text")


async def test_forged_and_stale_callbacks_are_answered(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    await register(dp, bot)
    for data in ("mun:999999", "mun:abc", "garbage", "occ:president", "adm:stats", "rmmod:1"):
        before = len(bot.sent("answerCallbackQuery"))
        await feed(dp, bot, updates.callback(USER_ID, data))
        answers = bot.sent("answerCallbackQuery")
        assert len(answers) == before + 1, data
        answer = answers[-1]
        assert isinstance(answer, AnswerCallbackQuery)
        assert answer.text in {t.plain("stale-button"), t.plain("unknown-municipality")}, data
    user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
    assert user is not None
    assert user.municipality_id == 1


async def test_admin_is_unknown_command_for_everyone_else(dp: Dispatcher, bot: MockedBot) -> None:
    await feed(dp, bot, updates.message(USER_ID, "/admin"))
    assert last_text(bot) == t("unknown-command")
    await feed(dp, bot, updates.message(USER_ID, "/nonexistent"))
    assert last_text(bot) == t("unknown-command")
    await feed(dp, bot, updates.message(ADMIN_ID, "/admin"))
    assert last_text(bot) == t("admin-menu")


async def test_admin_appoints_and_dismisses_a_moderator_with_audit(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    await register(dp, bot)
    await feed(
        dp, bot, updates.callback(ADMIN_ID, AdminCb(action=AdminAction.ADD_MODERATOR).pack())
    )
    await feed(dp, bot, updates.message(ADMIN_ID, "not a number"))
    assert last_text(bot) == t("admin-bad-id")
    await feed(dp, bot, updates.message(ADMIN_ID, "999999"))
    assert last_text(bot) == t("admin-user-not-found")
    await feed(dp, bot, updates.message(ADMIN_ID, str(USER_ID)))
    assert last_text(bot) == t("admin-moderator-added", name="Ирина Петрова")
    user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
    assert user is not None
    assert user.role is Role.MODERATOR
    # A moderator is not an admin: /admin stays unknown, forged admin buttons do nothing.
    await feed(dp, bot, updates.message(USER_ID, "/admin"))
    assert last_text(bot) == t("unknown-command")
    await feed(dp, bot, updates.callback(USER_ID, RemoveModeratorCb(telegram_id=USER_ID).pack()))
    await session.refresh(user)
    assert user.role is Role.MODERATOR
    await feed(dp, bot, updates.callback(ADMIN_ID, RemoveModeratorCb(telegram_id=USER_ID).pack()))
    await session.refresh(user)
    assert user.role.value == Role.USER.value
    audit = (await session.scalars(select(AuditEntry).order_by(AuditEntry.id))).all()
    assert [(a.actor_telegram_id, a.action, a.details) for a in audit] == [
        (ADMIN_ID, "role.change", {"before": "user", "after": "moderator"}),
        (ADMIN_ID, "role.change", {"before": "moderator", "after": "user"}),
    ]


async def test_cancel_from_every_profile_step(dp: Dispatcher, bot: MockedBot) -> None:
    version = current_consent().version
    await feed(dp, bot, updates.message(USER_ID, "/cancel"))
    assert last_text(bot) == t("nothing-to-cancel")
    await feed(dp, bot, updates.message(USER_ID, "/start"))
    await feed(
        dp,
        bot,
        updates.callback(USER_ID, ConsentCb(answer=ConsentAnswer.YES, version=version).pack()),
    )
    for step_input in ("Ирина Петрова", OccupationCb(value=Occupation.DEPUTY).pack()):
        await feed(dp, bot, updates.message(USER_ID, "/cancel"))
        assert last_text(bot) == t("common-cancelled")
        # /start resumes where the person stopped, nothing typed before is lost.
        await feed(dp, bot, updates.message(USER_ID, "/start"))
        if step_input.startswith("occ:"):
            await feed(dp, bot, updates.callback(USER_ID, step_input))
        else:
            await feed(dp, bot, updates.message(USER_ID, step_input))
    await feed(dp, bot, updates.message(USER_ID, "/cancel"))
    assert last_text(bot) == t("common-cancelled")
    await feed(dp, bot, updates.message(USER_ID, "/start"))
    assert t("ask-municipality", page=1, pages=4).split("(")[0] in last_text(bot)


async def test_new_consent_version_is_asked_again(
    dp: Dispatcher,
    bot: MockedBot,
    session: AsyncSession,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
) -> None:
    await register(dp, bot)
    new_text = tmp_path / "consent.txt"
    new_text.write_text("version: 2099-01-01\nНовый текст согласия.", encoding="utf-8")
    monkeypatch.setattr(consent_module, "CONSENT_FILE", new_text)
    consent_module.current_consent.cache_clear()
    try:
        await feed(dp, bot, updates.message(USER_ID, "/profile"))
        assert bot.texts()[-2] == t("consent-updated")
        assert "Новый текст согласия." in last_text(bot)
        # Buttons do nothing until the new text is accepted.
        await feed(dp, bot, updates.callback(USER_ID, OccupationCb(value=Occupation.OTHER).pack()))
        answer = bot.sent("answerCallbackQuery")[-1]
        assert isinstance(answer, AnswerCallbackQuery)
        assert answer.text == t.plain("consent-updated-short")
        await feed(
            dp,
            bot,
            updates.callback(
                USER_ID, ConsentCb(answer=ConsentAnswer.YES, version="2099-01-01").pack()
            ),
        )
        user = await session.scalar(select(User).where(User.telegram_id == USER_ID))
        assert user is not None
        await session.refresh(user)
        assert user.consent_version == "2099-01-01"
        assert user.occupation is Occupation.TOS_ACTIVIST  # the pressed button was ignored
        versions = (
            await session.scalars(select(ConsentLog.version).order_by(ConsentLog.id))
        ).all()
        assert len(versions) == 2
        assert versions[-1] == "2099-01-01"
        await feed(dp, bot, updates.message(USER_ID, "/profile"))
        assert "Ирина Петрова" in last_text(bot)
    finally:
        consent_module.current_consent.cache_clear()
