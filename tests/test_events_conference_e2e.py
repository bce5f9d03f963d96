"""A 150-seat conference with 180 subscribers, in production mode (every update a task, the
sender and the planner running), told in named steps: publish; 170 press «Пойду» at once
(150 seats, 20 wait), 5 «Возможно», 5 never answer; the start moves and everyone hears what
it was and what it is now — the 5 who never answered too — and the channel post is edited
in place and followed up; the seats are cut to 140 and the 10 latest move to the head of the
waitlist and are told; four desk moderators check 20 people in through their personal
tickets; the exports hold the answers and the check-ins; the conference is cancelled and
everyone gets the notice with a CANCEL calendar entry."""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import icalendar
import openpyxl
import pytest
from sqlalchemy import func, select

from bot.config import Settings
from models.base import utcnow
from models.events import Event, Rsvp, RsvpStatus, tickets
from models.events.changes import EventField
from models.users import Role, User
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.events_story import (
    BOT,
    CHANNEL,
    TZ,
    choose_field,
    draft,
    message,
    open_card,
    subscribers,
)
from tests.factories import make_users
from tests.harness import running_bot
from texts import t

pytestmark = [
    pytest.mark.slow,
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]
TITLE = "Конференция «Муниципальное управление»"
SEATS, PEOPLE = 150, 180
GOING = t.plain("events-answer-labels-going")
MAYBE = t.plain("events-answer-labels-maybe")
WAIT = 60.0
WAVE = 170  # all at once: a wave as big as the crowd


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username=BOT) as fake:
        yield fake


@dataclass
class Conference:
    tg: FakeTelegram
    app: Any
    people: list[User]
    desk: list[User] = field(default_factory=list)
    event_id: int = 0
    post_id: int = 0

    async def count(self, status: RsvpStatus) -> int:
        async with self.app.session_factory() as session:
            n = await session.scalar(
                select(func.count())
                .select_from(Rsvp)
                .where(Rsvp.event_id == self.event_id, Rsvp.status == status)
            )
            return int(n or 0)

    async def event(self) -> Event:
        async with self.app.session_factory() as session:
            found: Event | None = await session.get(Event, self.event_id)
            assert found is not None
            return found

    async def all_got(self, text: str, people: list[User] | None = None) -> None:
        chats = [self.tg.chat(p.telegram_id) for p in people or self.people]
        await self.tg.wait_for(
            lambda: all(c.find(text) for c in chats), timeout=WAIT, what=f"all got {text!r}"
        )

    def admin_said(self, text: str) -> Any:
        return self.tg.wait_for(
            lambda: self.tg.chat(ADMIN_ID).find(text), timeout=WAIT, what=f"admin got {text!r}"
        )


async def step_publish(c: Conference) -> None:
    await open_card(c.tg, "Конференция")
    await c.admin_said("#")
    await c.tg.user(ADMIN_ID).press(t.plain("events-staff-publish-btn"))
    await c.admin_said(t.plain("events-staff-published-with-channel", count=PEOPLE))
    await c.all_got("Анонс")
    post = await c.tg.chat(CHANNEL).wait_for_text(TITLE, timeout=WAIT)
    c.post_id = post.message_id
    assert "Мест: 150, свободно: 150" in post.display_text


async def step_answers(c: Conference) -> None:
    """170 «Пойду» for 150 seats, all pressed in the same instant (the announcement just
    came); 5 «Возможно»; the last 5 never answer."""
    going, maybe = c.people[:170], c.people[170:175]
    for wave in range(0, len(going), WAVE):
        await asyncio.gather(
            *(c.tg.user(p.telegram_id).press(GOING) for p in going[wave : wave + WAVE])
        )
        await c.tg.wait_for(
            lambda: not c.tg.unanswered_callbacks, timeout=WAIT, what="the wave answered"
        )
    await asyncio.gather(*(c.tg.user(p.telegram_id).press(MAYBE) for p in maybe))
    await c.tg.wait_for(
        lambda: len(c.tg.unanswered_callbacks) == 0, timeout=WAIT, what="every press answered"
    )
    for _ in range(200):
        if await c.count(RsvpStatus.GOING) + await c.count(RsvpStatus.WAITLIST) == 170:
            break
        await asyncio.sleep(0.05)
    assert (await c.count(RsvpStatus.GOING), await c.count(RsvpStatus.WAITLIST)) == (150, 20)
    assert (await c.event()).going_count == SEATS


async def step_time_change(c: Conference) -> str:
    """The start moves to later today (the desk checks in on the day): everyone hears it."""
    before = await c.event()
    old = t.span(before.starts_at, before.ends_at)
    start = (utcnow() + timedelta(hours=2)).astimezone(TZ)
    if start.date() != utcnow().astimezone(TZ).date():
        start = (utcnow() + timedelta(minutes=10)).astimezone(TZ)
    admin = c.tg.user(ADMIN_ID)
    await open_card(c.tg, "Конференция")
    await admin.press(t.plain("events-staff-edit-btn"))
    await c.admin_said("Что изменить")
    await admin.press(t.label(EventField.TIME))
    await c.admin_said("Сейчас (Время)")
    await admin.send(start.strftime("%d.%m.%Y %H:%M"))
    await c.admin_said(t.plain("events-edit-ask-end")[:20])
    keep = t.plain("events-edit-keep-btn")
    await c.tg.wait_for(lambda: c.tg.chat(ADMIN_ID).find(t.plain("events-edit-ask-end")[:20]))
    await c.tg.wait_for(lambda: any(keep in m.buttons for m in c.tg.chat(ADMIN_ID).history))
    await admin.press(t.plain("events-edit-keep-btn"))
    await c.admin_said(f"Уведомление получат: {PEOPLE}.")
    await admin.press(t.plain("events-edit-save-btn"))
    await c.admin_said(t.plain("events-edit-saved", count=PEOPLE, moved=0))
    after = await c.event()
    new = t.span(after.starts_at, after.ends_at)
    line = f"Время изменено: было {old}, стало {new}"
    await c.all_got(line)  # the 5 who never answered included
    await c.tg.wait_for(
        lambda: new in message(c.tg, CHANNEL, c.post_id).display_text, timeout=WAIT
    )
    assert message(c.tg, CHANNEL, c.post_id).buttons == [t.plain("events-channel-signup-btn")]
    await c.tg.chat(CHANNEL).wait_for_text(line, timeout=WAIT)  # the follow-up post
    return new


async def step_capacity_cut(c: Conference) -> None:
    admin = c.tg.user(ADMIN_ID)
    await choose_field(c.tg, c.event_id, EventField.CAPACITY)
    await c.admin_said("Сейчас (Число мест): 150")
    await admin.send("140")
    await c.admin_said("Уведомление получат: 10.")
    await admin.press(t.plain("events-edit-save-btn"))
    await c.admin_said(t.plain("events-edit-saved", count=10, moved=10))
    assert (await c.count(RsvpStatus.GOING), await c.count(RsvpStatus.WAITLIST)) == (140, 30)
    async with c.app.session_factory() as session:
        moved = (
            await session.scalars(
                select(Rsvp.user_id)
                .where(Rsvp.event_id == c.event_id, Rsvp.status == RsvpStatus.WAITLIST)
                .order_by(Rsvp.waitlisted_at, Rsvp.id)
                .limit(10)
            )
        ).all()
    told = [p for p in c.people if p.id in set(moved)]
    await c.all_got("перенесены в начало листа ожидания", told)
    await c.tg.wait_for(
        lambda: "Мест: 140, свободно: 0" in message(c.tg, CHANNEL, c.post_id).display_text,
        timeout=WAIT,
    )


async def step_desk_check_in(c: Conference) -> None:
    """Four moderators at the desk scan 20 personal tickets (5 each, at once)."""
    async with c.app.session_factory() as session:
        going = (
            await session.scalars(
                select(Rsvp.user_id)
                .where(Rsvp.event_id == c.event_id, Rsvp.status == RsvpStatus.GOING)
                .order_by(Rsvp.id)
                .limit(20)
            )
        ).all()
        tokens = [(await tickets.issue(session, c.event_id, uid)).token for uid in going]

    async def scan(staff: User, batch: list[str]) -> None:
        for token in batch:
            await c.tg.user(staff.telegram_id).send(f"/start tk_{token}")

    await asyncio.gather(*(scan(s, tokens[i::4]) for i, s in enumerate(c.desk)))
    chats = [c.tg.chat(s.telegram_id) for s in c.desk]
    await c.tg.wait_for(
        lambda: sum(m.count("Отмечен(а):") for m in (" ".join(ch.texts()) for ch in chats)) == 20,
        timeout=WAIT,
        what="20 check-ins",
    )
    await c.tg.user(c.desk[0].telegram_id).send(f"/start tk_{tokens[1]}")  # scanned by another
    await c.tg.wait_for(lambda: chats[0].find("уже отмечен(а)"), timeout=WAIT)
    async with c.app.session_factory() as session:
        checked = await session.scalar(
            select(func.count())
            .select_from(Rsvp)
            .where(Rsvp.event_id == c.event_id, Rsvp.checked_in_at.is_not(None))
        )
    assert checked == 20


async def step_exports(c: Conference) -> None:
    await open_card(c.tg, "Конференция")
    await c.admin_said("отметились 20")
    await c.tg.user(ADMIN_ID).press(t.plain("events-staff-xlsx-btn"))
    doc = await c.tg.chat(ADMIN_ID).wait_for_message(
        lambda m: m.document is not None and m.document["file_name"].endswith(".xlsx"),
        timeout=WAIT,
    )
    assert doc.file is not None
    sheet = openpyxl.load_workbook(io.BytesIO(doc.file.data)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    header = rows.index(next(r for r in rows if r and r[0] == "№"))
    data = [r for r in rows[header + 1 :] if r and isinstance(r[0], int)]
    answers = [r[rows[header].index("Ответ")] for r in data]
    assert len(data) == 175  # everyone who answered
    assert answers.count("Пойду") == 140 and answers.count("Лист ожидания") == 30
    assert sum(1 for r in data if r[rows[header].index("Время отметки")]) == 20


async def step_cancel(c: Conference) -> None:
    admin = c.tg.user(ADMIN_ID)
    await admin.press(t.plain("events-staff-cancel-btn"))
    await c.admin_said(t.plain("events-staff-cancel-ask", title=TITLE)[:20])
    await admin.press(t.plain("events-staff-cancel-confirm-btn"))
    await c.admin_said(t.plain("events-staff-cancelled", n=PEOPLE))
    await c.all_got("отменено")
    last = c.people[-1]  # never answered
    notice = c.tg.chat(last.telegram_id).find("отменено")
    assert notice is not None
    await c.tg.user(last.telegram_id).press(
        t.plain("events-calendar-btn"), message_id=notice.message_id
    )
    ics = await c.tg.chat(last.telegram_id).wait_for_message(
        lambda m: m.file is not None, timeout=WAIT
    )
    cal = icalendar.Calendar.from_ical(ics.file.data)  # type: ignore[union-attr]
    (vevent,) = cal.walk("VEVENT")
    assert str(cal["METHOD"]) == "CANCEL" and str(vevent["STATUS"]) == "CANCELLED"
    assert int(str(vevent["SEQUENCE"])) == 3  # time, seats, cancellation
    await c.tg.wait_for(
        lambda: "отменено" in message(c.tg, CHANNEL, c.post_id).display_text, timeout=WAIT
    )
    assert message(c.tg, CHANNEL, c.post_id).buttons == []


async def test_conference_of_150(tg: FakeTelegram, settings: Settings) -> None:
    async with running_bot(tg, settings, channel_id=CHANNEL, concurrent=True) as app:
        tg.group(CHANNEL, "Совет МО Кузбасса", chat_type="channel")
        people = await subscribers(app.session_factory, 20_000, PEOPLE)
        async with app.session_factory() as session:
            desk = await make_users(session, 30_000, 4)
            for member in desk:
                member.role = Role.MODERATOR
            await session.commit()
        for person in [*people, *desk]:
            tg.user(person.telegram_id)
        event = await draft(
            app.session_factory, TITLE, capacity=SEATS, starts_in=timedelta(days=20)
        )
        c = Conference(tg, app, people, desk, event.id)
        await step_publish(c)
        await step_answers(c)
        await step_time_change(c)
        await step_capacity_cut(c)
        await step_desk_check_in(c)
        await step_exports(c)
        await step_cancel(c)
        await tg.wait_for(lambda: tg.unanswered_callbacks == [], timeout=WAIT)
