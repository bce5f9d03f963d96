"""Mass mailings end to end: the real bot (dialogue, sender, progress updater) against the
fake Telegram with a few hundred subscribers. Heavy, so SQLite only; the fast tests in
test_mailing.py / test_subscriptions.py cover both databases."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.config import Settings
from handlers.texts import mailing as t
from handlers.texts.subscriptions import OFF, TOPIC_LABELS
from models import mailings
from models.base import utcnow
from models.consent import current_consent
from models.events import Rsvp, RsvpStatus
from models.mailings import MassMailing
from models.municipalities import Municipality
from models.outbox import Delivery, DeliveryState
from models.subscriptions import Topic, UserMunicipality, UserTopic
from models.users import Occupation, User
from scheduler.clock import SystemClock
from tests.conftest import ADMIN_ID, TOKEN
from tests.factories import make_event, make_users
from tests.fake_telegram import FakeTelegram
from tests.fake_telegram.person import Person
from tests.fake_telegram.records import ChatMessage
from tests.harness import running_bot

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
    await admin.press(t.BTN_NO_BUTTONS)


async def send_now(admin: Person, tg: FakeTelegram) -> int:
    chat = tg.chat(admin.id)
    await admin.press(button(chat.last_message(), "Далее"))
    await admin.press(t.BTN_SEND_NOW)
    confirm = button(chat.last_message(), "✅ Да, отправить")
    await admin.press(confirm)
    return int(confirm.rsplit("(", 1)[1].rstrip(")"))


async def received(tg: FakeTelegram, chat_id: int, text: str) -> bool:
    try:
        messages = tg.chat(chat_id).messages
    except KeyError:  # the fake made no chat: nothing was ever sent there
        return False
    return any(m.method == "copyMessage" and m.display_text == text for m in messages)


async def test_each_audience_filter_reaches_exactly_the_right_people(
    tg: FakeTelegram, settings: Settings
) -> None:
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
            mun20_page = [m.id for m in await _all_municipalities(session)].index(20) // 10
        admin = tg.user(ADMIN_ID)
        chat = tg.chat(ADMIN_ID)
        expected: dict[str, set[int]] = {}
        stopped = {users[3].telegram_id}

        def who(pred: Callable[[int, User], bool]) -> set[int]:
            return {u.telegram_id for i, u in enumerate(users) if pred(i, u)} - stopped

        # By topic.
        await compose(admin, tg, "Рассылка по теме")
        await admin.press(t.BTN_TOPICS)
        await admin.press(f"{OFF} {TOPIC_LABELS[Topic.LAW]}")
        await admin.press(t.BTN_BACK)
        expected["Рассылка по теме"] = who(lambda i, u: i % 3 == 0)
        assert await send_now(admin, tg) == len(expected["Рассылка по теме"])

        # By municipality: one's own or followed.
        await compose(admin, tg, "Рассылка по муниципалитету")
        await admin.press(t.BTN_MUNICIPALITIES)
        for _ in range(mun20_page):
            await admin.press("▶️")
        await admin.press(f"{OFF} {mun20.name}")
        await admin.press(t.BTN_BACK)
        expected["Рассылка по муниципалитету"] = who(
            lambda i, u: u.municipality_id == 20 or i % 10 == 0
        )
        assert await send_now(admin, tg) == len(expected["Рассылка по муниципалитету"])

        # By role, combined with the topic.
        await compose(admin, tg, "Депутатам о законе")
        await admin.press(t.BTN_OCCUPATIONS)
        await admin.press(f"{OFF} {t.OCCUPATION_LABELS[Occupation.DEPUTY]}")
        await admin.press(t.BTN_BACK)
        await admin.press(t.BTN_TOPICS)
        await admin.press(f"{OFF} {TOPIC_LABELS[Topic.LAW]}")
        await admin.press(t.BTN_BACK)
        assert "Получателей сейчас" in chat.last_text()
        expected["Депутатам о законе"] = who(
            lambda i, u: i % 3 == 0 and u.occupation is Occupation.DEPUTY
        )
        assert await send_now(admin, tg) == len(expected["Депутатам о законе"])

        # People who answered an event: going and maybe (even after /stop).
        await compose(admin, tg, "Участникам семинара")
        await admin.press(t.BTN_EVENT)
        await admin.press(button(chat.last_message(), "Семинар для ТОС"))
        await admin.press(f"{OFF} {t.STATUS_LABELS[RsvpStatus.MAYBE]}")
        await admin.press(t.BTN_BACK)
        expected["Участникам семинара"] = {
            users[i].telegram_id for i in range(12) if i % 3 in (0, 1)
        }
        assert users[3].telegram_id in expected["Участникам семинара"]  # going, after /stop
        assert await send_now(admin, tg) == len(expected["Участникам семинара"])

        total = sum(len(v) for v in expected.values())
        await tg.wait_for(lambda: len(tg.calls("copyMessage", ok=True)) >= total, timeout=30)
        for text, chats in expected.items():
            got = {u.telegram_id for u in users if await received(tg, u.telegram_id, text)}
            assert got == chats, text
        assert len(tg.calls("copyMessage", ok=True)) == total
        # Each progress message ends as a report.
        await tg.wait_for(
            lambda: sum("завершена" in m.display_text for m in chat.messages) == 4, timeout=15
        )
        assert tg.unanswered_callbacks == []


async def _all_municipalities(session: AsyncSession) -> list[Municipality]:
    from models.municipalities import list_active

    return await list_active(session)


async def test_photo_copy_with_buttons_test_send_and_schedule(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, send_rate=30) as app:
        async with app.session_factory() as session:
            users = await subscribers(session, 5)
        for user in users:
            tg.user(user.telegram_id)
        admin = tg.user(ADMIN_ID)
        chat = tg.chat(ADMIN_ID)
        await admin.send("/mailing")
        await admin.send_sticker()
        assert chat.last_text() == t.CONTENT_UNSUPPORTED
        caption = "Итоги конкурса практик: https://sovetmo42.ru/konkurs"
        source = await admin.send_photo(caption=caption)
        await admin.send("Положение | sovetmo42.ru")
        assert "Строка 1" in chat.last_text()
        await admin.send(
            "Положение | https://sovetmo42.ru/polozhenie\nАнкета | https://forms.ru/a"
        )
        await admin.press(button(chat.last_message(), "Далее"))

        await admin.press(t.BTN_TEST)
        test_copy = next(m for m in reversed(chat.messages) if m.method == "copyMessage")
        assert test_copy.caption == caption
        assert test_copy.photo is not None
        assert test_copy.buttons == ["Положение", "Анкета"]
        assert test_copy.inline_keyboard[0][0]["url"] == "https://sovetmo42.ru/polozhenie"
        assert all(not tg.chat(u.telegram_id).messages for u in users)

        await admin.press(t.BTN_SCHEDULE)
        await admin.send("01.01.2020 10:00")
        assert chat.last_text() == t.WHEN_ERRORS["in_past"]
        start = (utcnow() + timedelta(hours=2)).replace(second=0, microsecond=0)
        await admin.send(f"{start.astimezone(TZ):%d.%m.%Y %H:%M}")
        await admin.press(button(chat.last_message(), "✅ Да, отправить (5)"))
        scheduled = chat.last_message()
        assert scheduled is not None and "запланирована" in scheduled.display_text

        # Time passes, but not enough: nothing goes out.
        background = app.background
        assert background.progress is not None
        one_hour = ShiftedClock(timedelta(hours=1))
        background.progress.clock = one_hour
        background.sender.clock = one_hour
        await background.mailing_progress()
        await asyncio.sleep(0.3)
        assert tg.calls("copyMessage", ok=True) == [tg.calls("copyMessage", ok=True)[0]]
        # The start time comes: it is sent to everyone, and the report replaces the plan.
        later = ShiftedClock(timedelta(hours=2, seconds=1))
        background.progress.clock = later
        background.sender.clock = later
        await background.mailing_progress()
        for user in users:
            copy = await tg.chat(user.telegram_id).wait_for_message(
                lambda m: m.method == "copyMessage", timeout=10
            )
            assert copy.caption == caption
            assert copy.entities == source.get("caption_entities", [])
            assert copy.photo is not None
            assert copy.buttons == ["Положение", "Анкета"]
        await tg.wait_for(lambda: "завершена" in scheduled.display_text, timeout=15)
        assert "Доставлено: 5" in scheduled.display_text
        async with app.session_factory() as session:
            sent_at = list(await session.scalars(select(Delivery.not_before)))
        assert sent_at and all(nb == start for nb in sent_at)


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
        admin = tg.user(ADMIN_ID)
        chat = tg.chat(ADMIN_ID)
        await compose(admin, tg, "<b>Всем подписчикам</b>")
        assert await send_now(admin, tg) == 80
        progress = chat.last_message()
        assert progress is not None
        await tg.wait_for(lambda: "Отправлено:" in progress.display_text, timeout=10)
        await tg.wait_for(lambda: len(tg.calls("copyMessage")) >= 15, timeout=10)
        answer = await admin.press(mailings.STOP_LABEL, message_id=progress.message_id)
        assert answer is not None and answer.text is not None
        assert answer.text.startswith("Рассылка остановлена")
        await tg.wait_for(lambda: "остановлена" in progress.display_text, timeout=15)
        await asyncio.sleep(0.5)  # nothing more goes out after the stop

        copies = tg.calls("copyMessage")
        subscriber_chats = {u.telegram_id for u in users}
        ok = {r.chat_id for r in copies if r.ok and r.chat_id in subscriber_chats}
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
        text = progress.display_text
        assert f"Доставлено: {len(ok)}" in text
        assert "Заблокировали бота: 3" in text
        assert "Ошибки: 1" in text
        assert "Bad Request: chat not found — 1" in text
        assert f"Отменено (не отправлено): {counts[DeliveryState.CANCELLED]}" in text
        assert "Длительность:" in text
        assert progress.inline_keyboard == []
        # One progress message, edited in place, not more often than every few seconds.
        history = progress.texts_history
        assert any("идёт" in h for h in history)
        running_edits = [e.time for e in progress.edits if "идёт" in e.after.get("display", "")]
        gaps = [b - a for a, b in itertools.pairwise(running_edits)]
        assert all(gap >= 2.5 for gap in gaps), gaps
        assert sum(1 for m in chat.messages if "Рассылка #" in m.display_text) == 1
        assert tg.unanswered_callbacks == []
