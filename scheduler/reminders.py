"""Reminders: the planner turns due (event, offset) pairs into outbox rows, idempotently.

Exact timers, not a poll: ``ReminderTimer`` plans what is due, asks the database for the
next due moment and sleeps exactly until it, or until something changes (``wake``: an
answer, a promotion, an edit of the event; the fallback poll covers changes made on other
instances). The database says what is due. Each (event, offset) is
one mailing keyed ``reminder:<event>:<offset>`` (``reminder:<event>:v<n>:<offset>`` after the
start was moved n times: the edit drops unsent reminders and they are planned anew); once it
exists the pair is done, so a reminder is never sent twice to one person for one offset,
across restarts and instances.
A reminder that falls due while the bot was down is sent on start-up if the event has not
begun, and recorded as skipped (not sent late) if it has.

Late joiners: someone going (or maybe) after the closest reminder went out — promoted from
the waitlist, or answering late — is added to that reminder (once) until the start.
Online events: those going get the reminder with the online link (a mailing of its own,
``<key>:link``); those who said "maybe" get it without.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models import outbox
from models.events.entities import Event, EventState, Rsvp, RsvpStatus
from models.events.messages import reminder_content
from models.outbox import Content, Mailing, MailingKind, Recipient
from models.users import User
from scheduler.clock import Clock
from texts import t

log = logging.getLogger(__name__)

HORIZON = timedelta(days=60)  # the longest reminder offset we plan for
FALLBACK = 30.0  # seconds: re-plan at least this often (changes made on other instances)
LINK_SUFFIX = ":link"


@dataclass
class PlanResult:
    planned: int = 0
    skipped: int = 0
    recipients: int = 0
    topped_up: int = 0  # events whose latest reminder was offered to late joiners


def reminder_key(event_id: int, offset_minutes: int, schedule_version: int = 0) -> str:
    """One mailing per event, offset and schedule: moving the start (a new
    ``Event.schedule_version``) lets the reminders be planned again for the new time."""
    if schedule_version:
        return f"reminder:{event_id}:v{schedule_version}:{offset_minutes}"
    return f"reminder:{event_id}:{offset_minutes}"


async def _recipients(
    session: AsyncSession, event_id: int, statuses: tuple[RsvpStatus, ...]
) -> list[Recipient]:
    rows = await session.execute(
        select(User.telegram_id, User.id)
        .join(Rsvp, Rsvp.user_id == User.id)
        .where(
            Rsvp.event_id == event_id,
            Rsvp.status.in_(statuses),
            User.is_active.is_(True),
            User.reminders_enabled.is_(True),
            User.consent_version.is_not(None),
        )
    )
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


def _with_link(content: Content, event: Event) -> Content:
    assert content.text is not None and event.online_link
    *body, footer = content.text.split("\n")
    link = t("reminder-online-link", link=event.online_link)
    return replace(content, text="\n".join([*body, link, footer]))


async def _enqueue(session: AsyncSession, event: Event, offset: int, now: datetime) -> int:
    """The reminder's mailing(s) with everyone who should have it now (only those not in it
    yet are added). Returns how many people it is for."""
    key = reminder_key(event.id, offset, event.schedule_version)
    title = t.plain("events-reminder-title", offset=offset, title=event.title)
    content = reminder_content(event, now, t)
    both = (RsvpStatus.GOING, RsvpStatus.MAYBE)
    plain = (RsvpStatus.MAYBE,) if event.online_link else both
    recipients = await _recipients(session, event.id, plain)
    await outbox.enqueue(
        session,
        kind=MailingKind.REMINDER,
        title=title,
        content=content,
        recipients=recipients,
        dedup_key=key,
    )
    count = len(recipients)
    if event.online_link:
        going = await _recipients(session, event.id, (RsvpStatus.GOING,))
        await outbox.enqueue(
            session,
            kind=MailingKind.REMINDER,
            title=title,
            content=_with_link(content, event),
            recipients=going,
            dedup_key=key + LINK_SUFFIX,
        )
        count += len(going)
    return count


async def _plan_one(
    session: AsyncSession,
    event: Event,
    offset: int,
    now: datetime,
    skip_reason: str | None,
    result: PlanResult,
) -> None:
    try:
        count = await _enqueue(session, event, offset, now)
        if skip_reason is not None:
            key = reminder_key(event.id, offset, event.schedule_version)
            for mailing_id in await session.scalars(
                select(Mailing.id).where(Mailing.dedup_key.in_((key, key + LINK_SUFFIX)))
            ):
                result.skipped += await outbox.skip_deliveries(session, mailing_id, skip_reason)
        else:
            result.planned += 1
            result.recipients += count
        await session.commit()
    except IntegrityError:
        # Another instance planned the same pair a moment ago: that is fine.
        await session.rollback()


async def _top_up(session: AsyncSession, event: Event, offset: int, now: datetime) -> None:
    """Late joiners get the closest reminder that already went out (once)."""
    try:
        await _enqueue(session, event, offset, now)
        await session.commit()
    except IntegrityError:
        await session.rollback()


async def _answered_since(
    session: AsyncSession,
    events: Sequence[Event],
    due: dict[int, list[int]],
    planned_at: dict[str | None, datetime],
    now: datetime,
) -> set[int]:
    """Events not begun whose closest reminder went out before someone's latest "going"
    or "maybe" (an answer or a promotion): they may owe that reminder to late joiners."""
    since: dict[int, datetime] = {}
    for event in events:
        if event.starts_at <= now or not due[event.id]:
            continue
        key = reminder_key(event.id, due[event.id][-1], event.schedule_version)
        if key in planned_at:
            since[event.id] = planned_at[key]
    if not since:
        return set()
    rows = await session.execute(
        select(Rsvp.event_id, func.max(Rsvp.answered_at))
        .where(
            Rsvp.event_id.in_(list(since)),
            Rsvp.status.in_((RsvpStatus.GOING, RsvpStatus.MAYBE)),
        )
        .group_by(Rsvp.event_id)
    )
    return {event_id for event_id, last in rows if last is not None and last >= since[event_id]}


def _candidates(now: datetime) -> Any:
    return select(Event).where(
        Event.state == EventState.PUBLISHED,
        Event.starts_at > now - timedelta(days=1),
        Event.starts_at <= now + HORIZON,
    )


async def plan_reminders(session: AsyncSession, now: datetime, tz: ZoneInfo) -> PlanResult:
    """Plan every due reminder and add late joiners to the closest one already sent.
    Texts are rendered by ``texts.t``, which shows times in the zone the composition root
    configured (the same ``tz``; the argument stays for the service's call)."""
    result = PlanResult()
    events = (await session.scalars(_candidates(now))).all()
    due = {
        event.id: [
            offset
            for offset in sorted(set(event.reminder_offsets or []), reverse=True)
            if event.starts_at - timedelta(minutes=offset) <= now
        ]
        for event in events
    }
    keys = [reminder_key(e.id, offset, e.schedule_version) for e in events for offset in due[e.id]]
    existing: dict[str | None, datetime] = {}
    if keys:
        rows = await session.execute(
            select(Mailing.dedup_key, Mailing.start_at).where(Mailing.dedup_key.in_(keys))
        )
        existing = {row[0]: row[1] for row in rows.all()}
    late = await _answered_since(session, events, due, existing, now)
    for event in events:
        due_offsets, planned = [], []
        for offset in due[event.id]:
            if reminder_key(event.id, offset, event.schedule_version) in existing:
                planned.append(offset)
            else:
                due_offsets.append(offset)
        for offset in due_offsets:
            # Of several due at once (the bot was down, or the event was published late),
            # only the closest one is sent; the others are recorded as skipped.
            if event.starts_at <= now:
                reason: str | None = "event already started when the reminder was due"
            elif offset != due_offsets[-1]:
                reason = "superseded by a closer reminder"
            else:
                reason = None
            await _plan_one(session, event, offset, now, reason, result)
        if planned and not due_offsets and event.id in late:
            await _top_up(session, event, planned[-1], now)
            result.topped_up += 1
    if result.planned or result.skipped:
        log.info(
            "reminders: %d planned for %d people, %d skipped",
            result.planned,
            result.recipients,
            result.skipped,
        )
    return result


async def next_due(session: AsyncSession, now: datetime) -> datetime | None:
    """The next moment a reminder falls due (after ``now``), or None within the horizon."""
    rows = await session.execute(
        select(Event.starts_at, Event.reminder_offsets).where(
            Event.state == EventState.PUBLISHED,
            Event.starts_at > now,
            Event.starts_at <= now + HORIZON + timedelta(days=1),
        )
    )
    moments = [
        starts_at - timedelta(minutes=offset)
        for starts_at, offsets in rows
        for offset in set(offsets or [])
        if starts_at - timedelta(minutes=offset) > now
    ]
    return min(moments, default=None)


class ReminderTimer:
    """Sleeps exactly until the next reminder is due, plans it, and sleeps again; ``wake``
    (an answer, a promotion, an event edit) re-plans at once. ``plan(now)`` is the
    service's planning call; ``due(now)`` reads the next due moment after that same ``now``
    (a reminder falling due while planning ran is then due at once, not forgotten)."""

    def __init__(
        self,
        plan: Callable[[datetime], Awaitable[object]],
        due: Callable[[datetime], Awaitable[datetime | None]],
        clock: Clock,
        *,
        fallback: float = FALLBACK,
    ) -> None:
        self.plan = plan
        self.due = due
        self.clock = clock
        self.fallback = fallback
        self.armed_for: datetime | None = None  # the due moment it sleeps until (for tests)
        self._wake = asyncio.Event()

    def wake(self) -> None:
        self._wake.set()

    async def _sleep(self, seconds: float, stop: asyncio.Event) -> None:
        waits = [
            asyncio.ensure_future(self._wake.wait()),
            asyncio.ensure_future(stop.wait()),
            asyncio.ensure_future(self.clock.sleep(seconds)),
        ]
        try:
            await asyncio.wait(waits, return_when=asyncio.FIRST_COMPLETED)
        finally:
            for task in waits:
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*waits, return_exceptions=True)

    async def run(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            self._wake.clear()
            timeout = self.fallback
            try:
                now = self.clock.now()
                await self.plan(now)
                due = await self.due(now)
                self.armed_for = due
                if due is not None:
                    left = (due - self.clock.now()).total_seconds()
                    timeout = min(self.fallback, max(0.0, left))
            except Exception:
                log.exception("reminder planning failed; trying again shortly")
                timeout = min(self.fallback, 5.0)
            await self._sleep(timeout, stop)
