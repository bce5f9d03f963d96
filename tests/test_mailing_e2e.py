"""Mass mailings end to end: the real bot (dialogue, sender, progress updater) against the
fake Telegram with a few hundred subscribers. Heavy, so SQLite only; the fast tests in
test_mailing.py / test_subscriptions.py cover both databases."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from bot.runner import App
from models import mailings, municipalities
from models.base import utcnow
from models.consent import current_consent
from models.events import Rsvp, RsvpStatus
from models.mailings import MassMailing
from models.municipalities import Municipality
from models.outbox import Delivery, DeliveryState
from models.subscriptions import UserMunicipality, UserTopic
from models.topics import Topic
from models.users import Occupation, User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.person import Person
from sandbox.telegram.records import ChatMessage
from scheduler.clock import SystemClock
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_event, make_users
from tests.harness import running_bot
from texts import t

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]
TZ = ZoneInfo("Asia/Novokuznetsk")
FIRST = 10_000


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, auto_create_chats=True) as fake:
        yield fake


class ShiftedClock(SystemClock):
    """The system clock moved forward: "two hours later" without waiting two hours."""

    def __init__(self, shift: timedelta) -> None:
        self.shift = shift

    def now(self) -> datetime:
        return super().now() + self.shift


async def subscribers(session: AsyncSession, count: int) -> list[User]:
    users = await make_users(session, FIRST, count)
    await session.execute(
        update(User)
        .where(User.telegram_id >= FIRST)
        .values(consent_version=current_consent().version)
    )
    await session.commit()
    return users


def button(chat_msg: ChatMessage | None, prefix: str) -> str:
    assert chat_msg is not None
    found = [b for b in chat_msg.buttons if b.startswith(prefix)]
    assert found, f"no button {prefix!r} in {chat_msg.buttons}"
    return found[0]


async def compose(admin: Person, tg: FakeTelegram, text: str) -> None:
    await admin.send("/mailing")
    await admin.send(text)
    await admin.press(t.plain("mailing-btn-no-buttons"))


async def send_now(admin: Person, tg: FakeTelegram) -> int:
    chat = tg.chat(admin.id)
    await admin.press(button(chat.last_message(), "Далее"))
    await admin.press(t.plain("mailing-btn-send-now"))
    confirm = button(chat.last_message(), "✅ Да, отправить")
    await admin.press(confirm)
    return int(confirm.rsplit("(", 1)[1].rstrip(")"))


async def received(tg: FakeTelegram, chat_id: int, text: str) -> bool:
    try:
        messages = tg.chat(chat_id).messages
    except KeyError:  # the fake made no chat: nothing was ever sent there
        return False
    return any(m.method == "copyMessage" and m.display_text == text for m in messages)


@dataclass
class World:
    """200 subscribers (roles by turn, every third on the law topic, every tenth following
    municipality 20, one after /stop) and an event twelve of them answered."""

    app: App
    users: list[User]
    mun20_name: str
    mun20_page: int

    @property
    def stopped(self) -> set[int]:
        return {self.users[3].telegram_id}

    def who(self, pred: Callable[[int, User], bool]) -> set[int]:
        return {u.telegram_id for i, u in enumerate(self.users) if pred(i, u)} - self.stopped


@pytest.fixture
async def world(tg: FakeTelegram, settings: Settings) -> AsyncIterator[World]:
    async with running_bot(tg, settings, send_rate=30) as app:
        async with app.session_factory() as session:
            users = await subscribers(session, 200)
            for i, user in enumerate(users):
                user.occupation = list(Occupation)[i % 4]
                if i % 3 == 0:
                    session.add(UserTopic(user_id=user.id, topic=Topic.LAW.value))
                if i % 10 == 0:
                    session.add(UserMunicipality(user_id=user.id, municipality_id=20))
            users[3].announcements_enabled = False  # /stop: out of every filter but the event
            event = await make_event(session)
            for i in range(12):
                status = (RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.NOT_GOING)[i % 3]
                session.add(Rsvp(event_id=event.id, user_id=users[i].id, status=status))
            await session.commit()
            mun20 = await session.get(Municipality, 20)
            assert mun20 is not None
            ids = [m.id for m in await municipalities.list_active(session)]
        yield World(app, users, mun20.name, ids.index(20) // 10)


async def sent_exactly_to(tg: FakeTelegram, world: World, text: str, chats: set[int]) -> None:
    """The mailing reaches exactly ``chats``, and its progress message ends as a report."""
    await tg.wait_for(lambda: len(tg.calls("copyMessage", ok=True)) >= len(chats), timeout=30)
    got = {u.telegram_id for u in world.users if await received(tg, u.telegram_id, text)}
    assert got == chats, text
    assert len(tg.calls("copyMessage", ok=True)) == len(chats)
    chat = tg.chat(ADMIN_ID)
    await tg.wait_for(lambda: any("завершена" in m.display_text for m in chat.messages), 15)
    assert tg.unanswered_callbacks == []


def toggle(label: str) -> str:
    """An unchecked filter button."""
    return f"{t.plain('subs-off')} {label}"


async def test_audience_by_topic(tg: FakeTelegram, world: World) -> None:
    admin = tg.user(ADMIN_ID)
    await compose(admin, tg, "Рассылка по теме")
    await admin.press(t.plain("mailing-btn-topics"))
    await admin.press(toggle(t.label(Topic.LAW)))
    await admin.press(t.plain("mailing-btn-back"))
    expected = world.who(lambda i, u: i % 3 == 0)
    assert await send_now(admin, tg) == len(expected)
    await sent_exactly_to(tg, world, "Рассылка по теме", expected)


async def test_audience_by_municipality_own_or_followed(tg: FakeTelegram, world: World) -> None:
    admin = tg.user(ADMIN_ID)
    await compose(admin, tg, "Рассылка по муниципалитету")
    await admin.press(t.plain("mailing-btn-municipalities"))
    for _ in range(world.mun20_page):
        await admin.press(t.plain("page-next"))
    await admin.press(toggle(world.mun20_name))
    await admin.press(t.plain("mailing-btn-back"))
    expected = world.who(lambda i, u: u.municipality_id == 20 or i % 10 == 0)
    assert await send_now(admin, tg) == len(expected)
    await sent_exactly_to(tg, world, "Рассылка по муниципалитету", expected)


async def test_audience_by_role_combined_with_a_topic(tg: FakeTelegram, world: World) -> None:
    admin = tg.user(ADMIN_ID)
    await compose(admin, tg, "Депутатам о законе")
    await admin.press(t.plain("mailing-btn-occupations"))
    await admin.press(toggle(t.label(Occupation.DEPUTY)))
    await admin.press(t.plain("mailing-btn-back"))
    await admin.press(t.plain("mailing-btn-topics"))
    await admin.press(toggle(t.label(Topic.LAW)))
    await admin.press(t.plain("mailing-btn-back"))
    assert "Получателей сейчас" in tg.chat(ADMIN_ID).last_text()
    expected = world.who(lambda i, u: i % 3 == 0 and u.occupation is Occupation.DEPUTY)
    assert await send_now(admin, tg) == len(expected)
    await sent_exactly_to(tg, world, "Депутатам о законе", expected)


async def test_audience_by_event_answers_even_after_stop(tg: FakeTelegram, world: World) -> None:
    admin = tg.user(ADMIN_ID)
    await compose(admin, tg, "Участникам семинара")
    await admin.press(t.plain("mailing-btn-event"))
    await admin.press(button(tg.chat(ADMIN_ID).last_message(), "Семинар для ТОС"))
    await admin.press(toggle(t.plain("mailing-audience-status-maybe")))
    await admin.press(t.plain("mailing-btn-back"))
    # Going and maybe; users[3] (going) did /stop and still hears about their event.
    expected = {world.users[i].telegram_id for i in range(12) if i % 3 in (0, 1)}
    assert world.users[3].telegram_id in expected
    assert await send_now(admin, tg) == len(expected)
    await sent_exactly_to(tg, world, "Участникам семинара", expected)


CAPTION = "Итоги конкурса практик: https://sovetmo42.ru/konkurs"
BUTTONS = ["Положение", "Анкета"]


async def step_compose_a_photo_with_buttons(admin: Person, tg: FakeTelegram) -> dict[str, Any]:
    """A sticker is refused, a bad button line explained; the photo and two buttons pass."""
    chat = tg.chat(admin.id)
    await admin.send("/mailing")
    await admin.send_sticker()
    assert chat.last_text() == t("mailing-content-unsupported")
    source = await admin.send_photo(caption=CAPTION)
    await admin.send("Положение | sovetmo42.ru")
    assert "Строка 1" in chat.last_text()
    await admin.send("Положение | https://sovetmo42.ru/polozhenie\nАнкета | https://forms.ru/a")
    await admin.press(button(chat.last_message(), "Далее"))
    return source


async def step_test_copy_goes_to_the_admin_only(
    admin: Person, tg: FakeTelegram, users: list[User]
) -> None:
    chat = tg.chat(admin.id)
    await admin.press(t.plain("mailing-btn-test"))
    test_copy = next(m for m in reversed(chat.messages) if m.method == "copyMessage")
    assert test_copy.caption == CAPTION
    assert test_copy.photo is not None
    assert test_copy.buttons == BUTTONS
    assert test_copy.inline_keyboard[0][0]["url"] == "https://sovetmo42.ru/polozhenie"
    assert all(not tg.chat(u.telegram_id).messages for u in users)


async def step_schedule_in_two_hours(admin: Person, tg: FakeTelegram) -> tuple[datetime, Any]:
    """A past time is refused; two hours ahead is planned. Returns the start and the plan
    message (which later becomes the report)."""
    chat = tg.chat(admin.id)
    await admin.press(t.plain("mailing-btn-schedule"))
    await admin.send("01.01.2020 10:00")
    assert chat.last_text() == t("mailing-when-past")
    start = (utcnow() + timedelta(hours=2)).replace(second=0, microsecond=0)
    await admin.send(f"{start.astimezone(TZ):%d.%m.%Y %H:%M}")
    await admin.press(button(chat.last_message(), "✅ Да, отправить (5)"))
    scheduled = chat.last_message()
    assert scheduled is not None and "запланирована" in scheduled.display_text
    return start, scheduled


async def step_time_passes(app: App, shift: timedelta) -> None:
    background = app.background
    assert background.progress is not None
    clock = ShiftedClock(shift)
    background.progress.clock = clock
    background.sender.clock = clock
    await background.mailing_progress()


async def test_photo_copy_with_buttons_test_send_and_schedule(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, send_rate=30) as app:
        async with app.session_factory() as session:
            users = await subscribers(session, 5)
        for user in users:
            tg.user(user.telegram_id)
        admin = tg.user(ADMIN_ID)
        source = await step_compose_a_photo_with_buttons(admin, tg)
        await step_test_copy_goes_to_the_admin_only(admin, tg, users)
        start, scheduled = await step_schedule_in_two_hours(admin, tg)

        # An hour passes: nothing goes out (the one copy is the admin's test).
        await step_time_passes(app, timedelta(hours=1))
        await asyncio.sleep(0.3)
        assert tg.calls("copyMessage", ok=True) == [tg.calls("copyMessage", ok=True)[0]]

        # The start time comes: everyone gets it, and the report replaces the plan.
        await step_time_passes(app, timedelta(hours=2, seconds=1))
        for user in users:
            copy = await tg.chat(user.telegram_id).wait_for_message(
                lambda m: m.method == "copyMessage", timeout=10
            )
            assert copy.caption == CAPTION
            assert copy.entities == source.get("caption_entities", [])
            assert copy.photo is not None
            assert copy.buttons == BUTTONS
        await tg.wait_for(lambda: "завершена" in scheduled.display_text, timeout=15)
        assert "Доставлено: 5" in scheduled.display_text
        async with app.session_factory() as session:
            sent_at = list(await session.scalars(select(Delivery.not_before)))
        assert sent_at and all(nb == start for nb in sent_at)


async def step_stop_midway(admin: Person, tg: FakeTelegram) -> ChatMessage:
    """Send to all 80, press stop under the progress message after about 15 copies; returns
    that message."""
    chat = tg.chat(admin.id)
    await compose(admin, tg, "<b>Всем подписчикам</b>")
    assert await send_now(admin, tg) == 80
    progress = chat.last_message()
    assert progress is not None
    await tg.wait_for(lambda: "Отправлено:" in progress.display_text, timeout=10)
    await tg.wait_for(lambda: len(tg.calls("copyMessage")) >= 15, timeout=10)
    answer = await admin.press(t.plain("mailing-btn-stop"), message_id=progress.message_id)
    assert answer is not None and answer.text is not None
    assert answer.text.startswith("Рассылка остановлена")
    await tg.wait_for(lambda: "остановлена" in progress.display_text, timeout=15)
    await asyncio.sleep(0.5)  # nothing more goes out after the stop
    return progress


async def step_records_match_what_telegram_got(
    app: App, tg: FakeTelegram, users: list[User], blocked: list[int]
) -> tuple[set[int], dict[DeliveryState, int]]:
    """Sent rows are exactly the copies Telegram accepted; the blocked are marked inactive;
    the rest is cancelled. Returns the chats that got it and the counts."""
    subscriber_chats = {u.telegram_id for u in users}
    ok = {r.chat_id for r in tg.calls("copyMessage") if r.ok and r.chat_id in subscriber_chats}
    async with app.session_factory() as session:
        mass = (await session.scalars(select(MassMailing))).one()
        report = await mailings.progress(session, mass.mailing_id)
        assert report is not None
        inactive = set(
            await session.scalars(select(User.telegram_id).where(User.is_active.is_(False)))
        )
        sent_chats = set(
            await session.scalars(
                select(Delivery.chat_id).where(Delivery.state == DeliveryState.SENT)
            )
        )
    counts = report.counts
    assert sent_chats == ok
    assert counts[DeliveryState.SENT] == len(ok)
    assert counts[DeliveryState.BLOCKED] == 3
    assert inactive == set(blocked)
    assert counts[DeliveryState.FAILED] == 1
    assert report.top_errors == [("Bad Request: chat not found", 1)]
    assert counts[DeliveryState.CANCELLED] == 80 - len(ok) - 4 > 0
    assert report.open == 0
    return ok, counts


def step_report_replaces_the_progress(
    progress: ChatMessage, ok: set[int], counts: dict[DeliveryState, int]
) -> None:
    text = progress.display_text
    assert f"Доставлено: {len(ok)}" in text
    assert "Заблокировали бота: 3" in text
    assert "Ошибки: 1" in text
    assert "Bad Request: chat not found — 1" in text
    assert f"Отменено (не отправлено): {counts[DeliveryState.CANCELLED]}" in text
    assert "Длительность:" in text
    assert progress.inline_keyboard == []


def step_one_progress_message_edited_calmly(progress: ChatMessage, tg: FakeTelegram) -> None:
    """One progress message, edited in place, not more often than every few seconds."""
    history = progress.texts_history
    assert any("идёт" in h for h in history)
    running_edits = [e.time for e in progress.edits if "идёт" in e.after.get("display", "")]
    gaps = [b - a for a, b in itertools.pairwise(running_edits)]
    assert all(gap >= 2.5 for gap in gaps), gaps
    chat = tg.chat(ADMIN_ID)
    assert sum(1 for m in chat.messages if "Рассылка #" in m.display_text) == 1


async def test_stop_midway_with_blocked_and_failed_recipients(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, send_rate=5) as app:
        async with app.session_factory() as session:
            users = await subscribers(session, 80)
        blocked = [u.telegram_id for u in users[:3]]
        for chat_id in blocked:
            tg.block(chat_id)
        tg.fail(
            "copyMessage",
            chat_id=users[4].telegram_id,
            error=400,
            description="Bad Request: chat not found",
            times=None,
        )
        progress = await step_stop_midway(tg.user(ADMIN_ID), tg)
        ok, counts = await step_records_match_what_telegram_got(app, tg, users, blocked)
        step_report_replaces_the_progress(progress, ok, counts)
        step_one_progress_message_edited_calmly(progress, tg)
        assert tg.unanswered_callbacks == []
