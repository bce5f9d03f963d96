"""Mass mailings, fast: input rules, the admin dialogue on a mocked bot, access refusals,
stop, scheduled start, on each database."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from aiogram import Dispatcher
from aiogram.fsm.storage.memory import MemoryStorage
from aiogram.methods import AnswerCallbackQuery, CopyMessage, EditMessageText, SendMessage
from aiogram.types import Sticker
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.factory import create_dispatcher
from handlers.mailings.callbacks import (
    AudienceAction,
    AudienceCb,
    MailingStep,
    MailingStepCb,
    MailingStopCb,
    MassMailingCb,
)
from models import mailings, subscriptions
from models.audiences import Audience
from models.audit import AuditEntry
from models.base import utcnow
from models.consent import current_consent
from models.errors import DomainError
from models.mailings import MassMailing
from models.outbox import ContentKind, Delivery, DeliveryState, Mailing, MailingState
from models.topics import Topic
from models.users import Role, User
from scheduler.progress import stop_markup
from tests import updates
from tests.conftest import ADMIN_ID
from tests.factories import make_user, make_users
from tests.mocked_bot import MockedBot
from texts import t
from texts.mailings import report_text

TZ = ZoneInfo("Asia/Novokuznetsk")
MODERATOR_ID = 2000
USER_ID = 2001
STICKER = Sticker(
    file_id="s",
    file_unique_id="s",
    type="regular",
    width=512,
    height=512,
    is_animated=False,
    is_video=False,
)


# --- input rules (no database) ---------------------------------------------------------------


def test_buttons_are_parsed_and_validated() -> None:
    rows = mailings.parse_buttons(
        "Сайт Совета | https://sovetmo42.ru\n\n Анкета|http://a.ru/x?y=1"
    )
    assert rows == [
        [{"text": "Сайт Совета", "url": "https://sovetmo42.ru"}],
        [{"text": "Анкета", "url": "http://a.ru/x?y=1"}],
    ]
    bad = {
        "просто текст": ("mailing-button-format", 1),
        "Сайт | https://a.ru\nА | Б | https://b.ru": ("mailing-button-format", 2),
        " | https://a.ru": ("mailing-button-no-text", 1),
        "Сайт | ftp://a.ru": ("mailing-button-url", 1),
        "Сайт | javascript:alert(1)": ("mailing-button-url", 1),
        "Сайт | https://localhost": ("mailing-button-url", 1),
        "Сайт | https://a.ru/с пробелом": ("mailing-button-url", 1),
        ("Д" * 41) + " | https://a.ru": ("mailing-button-text-long", 1),
    }
    for raw, (code, line) in bad.items():
        with pytest.raises(DomainError) as exc:
            mailings.parse_buttons(raw)
        assert exc.value.code == code, raw
        assert exc.value.params.get("line") == line, raw
    with pytest.raises(DomainError) as exc:
        mailings.parse_buttons("\n".join(f"К{i} | https://a.ru" for i in range(9)))
    assert exc.value.code == "mailing-buttons-too-many"
    assert exc.value.params == {"limit": mailings.MAX_BUTTONS}
    assert "Строка 2" in t.plain("mailing-button-url", line=2)


def test_local_datetime_is_parsed_in_the_council_zone_and_past_refused() -> None:
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)  # 10:00 in Novokuznetsk
    when = mailings.parse_start(" 15.12.2026  10:00 ", TZ, now)
    assert when == datetime(2026, 12, 15, 3, 0, tzinfo=UTC)
    assert mailings.parse_start("01.12.26 10:30", TZ, now) == datetime(
        2026, 12, 1, 3, 30, tzinfo=UTC
    )
    for raw, code in (
        ("01.12.2026 09:59", "mailing-when-past"),
        ("01.12.2026 10:00", "mailing-when-past"),
        ("в следующий вторник", "date-invalid"),
        ("31.02.2027 10:00", "date-invalid"),
        ("01.12.2030 10:00", "mailing-when-too-far"),
    ):
        with pytest.raises(DomainError) as exc:
            mailings.parse_start(raw, TZ, now)
        assert exc.value.code == code, raw


def test_stop_button_matches_the_callback_factory() -> None:
    assert mailings.stop_callback(17) == MailingStopCb(id=17).pack()
    button = stop_markup(17).inline_keyboard[0][0]
    assert button.text == t.plain("mailing-btn-stop")
    assert button.callback_data is not None
    assert MailingStopCb.unpack(button.callback_data).id == 17


def test_audience_survives_json() -> None:
    audience = Audience(
        topics=frozenset({Topic.LAW, Topic.TOS}),
        municipality_ids=frozenset({3, 5}),
        event_id=7,
        checked_in=True,
    )
    assert Audience.from_dict(audience.to_dict()) == audience
    assert Audience.from_dict({"topics": ["gone", "law"]}).topics == {Topic.LAW}


# --- the dialogue on a mocked bot -----------------------------------------------------------


async def current_consent_for_all(session: AsyncSession) -> None:
    """Factories store consent version "test"; people who agreed to the current text."""
    await session.execute(
        update(User)
        .where(User.consent_version.is_not(None))
        .values(consent_version=current_consent().version)
    )
    await session.commit()


@pytest.fixture
def dp(settings: Settings, session_factory: async_sessionmaker[AsyncSession]) -> Dispatcher:
    return create_dispatcher(settings, session_factory, storage=MemoryStorage())


@pytest.fixture
def bot() -> MockedBot:
    return MockedBot()


def step(s: MailingStep) -> str:
    return MailingStepCb(step=s).pack()


def aud(action: AudienceAction, value: str = "", page: int = 0) -> str:
    return AudienceCb(action=action, value=value, page=page).pack()


def answers(bot: MockedBot) -> list[str]:
    return [
        m.text or "" for m in bot.sent("answerCallbackQuery") if isinstance(m, AnswerCallbackQuery)
    ]


def edits(bot: MockedBot) -> list[str]:
    return [m.text or "" for m in bot.sent("editMessageText") if isinstance(m, EditMessageText)]


async def _admin_mailing(
    session: AsyncSession,
    confirm_key: str,
    *,
    start_at: datetime | None = None,
    progress_message_id: int | None = None,
) -> tuple[MassMailing, int]:
    """A mailing of the admin's message 1 to every active subscriber, as the dialogue makes it."""
    return await mailings.create(
        session,
        actor=ADMIN_ID,
        source_chat_id=ADMIN_ID,
        source_message_id=1,
        title="Совет",
        buttons=None,
        audience=Audience(),
        start_at=start_at,
        progress_chat_id=ADMIN_ID,
        progress_message_id=progress_message_id,
        confirm_key=confirm_key,
    )


async def _count(session: AsyncSession, model: type[object]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_admin_dialogue_sends_to_the_chosen_topic_with_audit(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    users = await make_users(session, 5000, 6)
    for user in users:
        await subscriptions.set_default_topics(session, user.id)
    await session.commit()
    await subscriptions.toggle_topic(session, users[0].id, Topic.LAW)  # off for the first
    feed = dp.feed_update
    await feed(bot, updates.message(ADMIN_ID, "/mailing"))
    assert bot.texts()[-1] == t("mailing-ask-content")
    await feed(bot, updates.message(ADMIN_ID, sticker=STICKER))
    assert bot.texts()[-1] == t("mailing-content-unsupported")
    await feed(bot, updates.message(ADMIN_ID, "Заседание Совета переносится"))
    source = bot.sent("sendMessage")[-1]
    assert isinstance(source, SendMessage)
    assert "Добавить кнопки" in source.text
    await feed(bot, updates.message(ADMIN_ID, "Сайт | ftp://x"))
    assert "Строка 1" in bot.texts()[-1]
    await feed(bot, updates.message(ADMIN_ID, "Сайт Совета | https://sovetmo42.ru"))
    assert t("mailing-audience-count", n=6) in bot.texts()[-1]

    await feed(bot, updates.callback(ADMIN_ID, aud(AudienceAction.TOPICS)))
    await feed(bot, updates.callback(ADMIN_ID, aud(AudienceAction.TOPIC, Topic.LAW.value)))
    assert t("mailing-audience-count", n=5) in edits(bot)[-1]
    await feed(bot, updates.callback(ADMIN_ID, aud(AudienceAction.MAIN)))
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.AUDIENCE_DONE)))
    assert "Получателей сейчас: <b>5</b>" in edits(bot)[-1]
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.TEST)))
    copy = bot.sent("copyMessage")[-1]
    assert isinstance(copy, CopyMessage)
    assert copy.chat_id == ADMIN_ID
    assert copy.reply_markup is not None
    assert await _count(session, Mailing) == 0  # a test send is not a mailing

    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.SEND_NOW)))
    assert "Отправить рассылку сейчас? Получателей: <b>5</b>" in edits(bot)[-1]
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.CONFIRM)))
    assert "запущена" in edits(bot)[-1]

    mass = (await session.scalars(select(MassMailing))).one()
    assert mass.created_by == ADMIN_ID
    assert mass.progress_chat_id == ADMIN_ID
    assert mass.progress_message_id is not None
    assert mass.mailing.content_kind is ContentKind.COPY
    assert mass.mailing.copy_from_chat_id == ADMIN_ID
    assert mass.mailing.buttons == [[{"text": "Сайт Совета", "url": "https://sovetmo42.ru"}]]
    chats = set(await session.scalars(select(Delivery.chat_id)))
    assert chats == {u.telegram_id for u in users[1:]}
    entry = (
        await session.scalars(select(AuditEntry).where(AuditEntry.action == "mailing.create"))
    ).one()
    assert entry.actor_telegram_id == ADMIN_ID
    assert entry.details["count"] == 5
    assert entry.details["audience"]["topics"] == ["law"]

    # Pressing "send" again is stale: the dialogue is over, nothing more is created.
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.CONFIRM)))
    assert answers(bot)[-1] == t.plain("mailing-stale")
    assert await _count(session, Mailing) == 1


async def test_empty_audience_and_bad_time_are_refused(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    await make_user(session, 5100, municipality_id=1)
    feed = dp.feed_update
    await feed(bot, updates.message(ADMIN_ID, "/mailing"))
    await feed(bot, updates.message(ADMIN_ID, "Текст"))
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.NO_BUTTONS)))
    await feed(bot, updates.callback(ADMIN_ID, aud(AudienceAction.MUNICIPALITY, "2")))
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.AUDIENCE_DONE)))
    assert answers(bot)[-1] == t.plain("mailing-empty-audience")
    await feed(bot, updates.callback(ADMIN_ID, aud(AudienceAction.RESET)))
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.AUDIENCE_DONE)))
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.SCHEDULE)))
    await feed(bot, updates.message(ADMIN_ID, "01.01.2020 10:00"))
    assert bot.texts()[-1] == t("mailing-when-past")
    later = (utcnow() + timedelta(days=2)).astimezone(TZ)
    await feed(bot, updates.message(ADMIN_ID, f"{later:%d.%m.%Y %H:%M}"))
    assert f"{later:%d.%m.%Y %H:%M}" in bot.texts()[-1]
    await feed(bot, updates.callback(ADMIN_ID, step(MailingStep.CONFIRM)))
    assert "запланирована" in edits(bot)[-1]
    mass = (await session.scalars(select(MassMailing))).one()
    assert mass.started_at is None
    assert await _count(session, Delivery) == 0  # recipients are resolved at the start


async def test_moderators_and_users_cannot_mail(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    moderator = await make_user(session, MODERATOR_ID)
    moderator.role = Role.MODERATOR
    await session.commit()
    await make_user(session, USER_ID)
    await current_consent_for_all(session)
    admin_mass, _ = await _admin_mailing(session, "k1")
    for who in (MODERATOR_ID, USER_ID):
        await dp.feed_update(bot, updates.message(who, "/mailing"))
        assert bot.texts()[-1] == t("unknown-command")
        await dp.feed_update(bot, updates.message(who, "Всем привет"))
        assert bot.texts()[-1] == t("not-understood")
        for data in (
            step(MailingStep.CONFIRM),
            step(MailingStep.SEND_NOW),
            aud(AudienceAction.RESET),
            MailingStopCb(id=admin_mass.mailing_id).pack(),
            MassMailingCb(id=admin_mass.mailing_id).pack(),
        ):
            await dp.feed_update(bot, updates.callback(who, data))
            assert answers(bot)[-1] == t.plain("stale-button"), data
        await dp.feed_update(bot, updates.message(who, "/mailings"))
        assert bot.texts()[-1] == t("unknown-command")
    assert await _count(session, Mailing) == 1
    pending = await session.scalar(
        select(func.count()).select_from(Delivery).where(Delivery.state == DeliveryState.PENDING)
    )
    assert pending == 2  # nothing cancelled by the forged stop
    assert bot.sent("copyMessage") == []


async def test_stop_records_the_rest_as_cancelled_and_is_audited(
    dp: Dispatcher, bot: MockedBot, session: AsyncSession
) -> None:
    await make_users(session, 5200, 4)
    mass, n = await _admin_mailing(session, "k2", progress_message_id=10)
    assert n == 4
    await dp.feed_update(bot, updates.callback(ADMIN_ID, MailingStopCb(id=mass.mailing_id).pack()))
    assert answers(bot)[-1] == t.plain("mailing-stopped", n=4)
    await dp.feed_update(bot, updates.callback(ADMIN_ID, MailingStopCb(id=mass.mailing_id).pack()))
    assert answers(bot)[-1] == t.plain("mailing-stop-finished")
    states = list(await session.scalars(select(Delivery.state)))
    assert states == [DeliveryState.CANCELLED] * 4
    mailing_id = mass.mailing_id
    session.expire_all()
    mailing = await session.get(Mailing, mailing_id)
    assert mailing is not None and mailing.state is MailingState.CANCELLED
    actions = list(await session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["mailing.create", "mailing.stop"]
    # The history shows it with who stopped it.
    await dp.feed_update(bot, updates.message(ADMIN_ID, "/mailings"))
    assert bot.texts()[-1] == t("mailing-history-head")
    await dp.feed_update(bot, updates.callback(ADMIN_ID, MassMailingCb(id=mailing_id).pack()))
    report = edits(bot)[-1]
    assert f"Создал: <code>{ADMIN_ID}</code>" in report
    assert "всем активным подписчикам" in report


async def test_scheduled_mailing_resolves_its_audience_when_it_starts(
    session: AsyncSession,
) -> None:
    first, second, third = await make_users(session, 5300, 3)
    start = utcnow() + timedelta(hours=1)
    mass, n = await _admin_mailing(session, "k3", start_at=start)
    assert n == 3
    user = await session.get(User, second.id)
    assert user is not None
    await subscriptions.stop_announcements(session, user)  # /stop after it was scheduled
    assert await mailings.materialize_due(session, start - timedelta(seconds=1)) == []
    assert await mailings.materialize_due(session, start) == [mass.mailing_id]
    assert await mailings.materialize_due(session, start) == []
    rows = (await session.execute(select(Delivery.chat_id, Delivery.not_before))).all()
    assert {c for c, _ in rows} == {first.telegram_id, third.telegram_id}
    assert all(nb == start for _, nb in rows)


async def test_stopping_a_scheduled_mailing_before_it_starts(session: AsyncSession) -> None:
    await make_users(session, 5400, 2)
    start = utcnow() + timedelta(hours=1)
    mass, _ = await _admin_mailing(session, "k4", start_at=start)
    assert await mailings.stop(session, mass.mailing_id, ADMIN_ID) == 0
    assert await mailings.materialize_due(session, start + timedelta(minutes=1)) == []
    progress = await mailings.progress(session, mass.mailing_id)
    assert progress is not None and progress.finished_at is not None
    assert "остановлена" in report_text(progress)
    assert await _count(session, Delivery) == 0
