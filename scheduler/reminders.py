"""Reminders: the planner turns due (event, offset) pairs into outbox rows, idempotently.

APScheduler only wakes the planner; the database says what is due. Each (event, offset) is
one mailing keyed ``reminder:<event>:<offset>`` (``reminder:<event>:v<n>:<offset>`` after the
start was moved n times: the edit drops unsent reminders and they are planned anew); once it
exists the pair is done, so a reminder is never sent twice to one person for one offset,
across restarts and instances.
A reminder that falls due while the bot was down is sent on start-up if the event has not
begun, and recorded as skipped (not sent late) if it has.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models import outbox
from models.events.entities import Event, EventState, Rsvp, RsvpStatus
from models.events.messages import reminder_content
from models.outbox import Mailing, MailingKind, Recipient
from models.users import User
from texts import t

log = logging.getLogger(__name__)

HORIZON = timedelta(days=60)  # the longest reminder offset we plan for


@dataclass
class PlanResult:
    planned: int = 0
    skipped: int = 0
    recipients: int = 0


def reminder_key(event_id: int, offset_minutes: int, schedule_version: int = 0) -> str:
    """One mailing per event, offset and schedule: moving the start (a new
    ``Event.schedule_version``) lets the reminders be planned again for the new time."""
    if schedule_version:
        return f"reminder:{event_id}:v{schedule_version}:{offset_minutes}"
    return f"reminder:{event_id}:{offset_minutes}"


async def _recipients(session: AsyncSession, event_id: int) -> list[Recipient]:
    rows = await session.execute(
        select(User.telegram_id, User.id)
        .join(Rsvp, Rsvp.user_id == User.id)
        .where(
            Rsvp.event_id == event_id,
            Rsvp.status.in_((RsvpStatus.GOING, RsvpStatus.MAYBE)),
            User.is_active.is_(True),
            User.reminders_enabled.is_(True),
            User.consent_version.is_not(None),
        )
    )
    return [Recipient(chat_id, user_id) for chat_id, user_id in rows]


async def _plan_one(
    session: AsyncSession,
    event: Event,
    offset: int,
    now: datetime,
    skip_reason: str | None,
    result: PlanResult,
) -> None:
    recipients = await _recipients(session, event.id)
    try:
        mailing = await outbox.enqueue(
            session,
            kind=MailingKind.REMINDER,
            title=t.plain("events-reminder-title", offset=offset, title=event.title),
            content=reminder_content(event, now, t),
            recipients=recipients,
            dedup_key=reminder_key(event.id, offset, event.schedule_version),
        )
        if skip_reason is not None:
            result.skipped += await outbox.skip_deliveries(session, mailing.id, skip_reason)
        else:
            result.planned += 1
            result.recipients += len(recipients)
        await session.commit()
    except IntegrityError:
        # Another instance planned the same pair a moment ago: that is fine.
        await session.rollback()


async def plan_reminders(session: AsyncSession, now: datetime, tz: ZoneInfo) -> PlanResult:
    """Plan every due reminder. Texts are rendered by ``texts.t``, which shows times in the
    zone the composition root configured (the same ``tz``; the argument is not needed
    here any more and stays for the service's call)."""
    result = PlanResult()
    candidates = await session.scalars(
        select(Event).where(
            Event.state == EventState.PUBLISHED,
            Event.starts_at > now - timedelta(days=1),
            Event.starts_at <= now + HORIZON,
        )
    )
    for event in candidates.all():
        due_offsets = []
        for offset in sorted(set(event.reminder_offsets or []), reverse=True):
            if event.starts_at - timedelta(minutes=offset) > now:
                continue
            key = reminder_key(event.id, offset, event.schedule_version)
            if await session.scalar(select(Mailing.id).where(Mailing.dedup_key == key)) is None:
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
    if result.planned or result.skipped:
        log.info(
            "reminders: %d planned for %d people, %d skipped",
            result.planned,
            result.recipients,
            result.skipped,
        )
    return result
