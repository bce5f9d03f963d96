"""Reminders to the municipalities that have not submitted: 7, 3 and 1 day before the
deadline and a day after it. The first two go to the signatory and the person who started
the answer; from the third on, to every representative. They are planned only in the
region's working hours (Mon–Fri 9:00–18:00 local): one that falls due at night or on a
weekend goes out the next working morning.

Idempotent: an answer's ``reminder_stage`` moves forward by a conditional UPDATE, and the
outbox mailing has a unique key per (form, stage, municipality); several stages due at
once (a form sent late) send only the latest.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import representatives
from models.outbox import MailingKind
from models.rendering import Renderer
from models.reports.entities import DONE_STATES, ReportAnswer, ReportForm, ReportFormState
from models.reports.forms import tell
from models.users import User

# Stage n (1-based) falls due at deadline + STAGES[n - 1].
STAGES = (timedelta(days=-7), timedelta(days=-3), timedelta(days=-1), timedelta(days=1))
ESCALATE_AFTER = 2  # reminders sent before all representatives get them
WORK_START, WORK_END = 9, 18
WORKDAYS = 5  # Monday..Friday
LATE_STAGE = len(STAGES)


def working_time(moment: datetime, tz: ZoneInfo) -> bool:
    local = moment.astimezone(tz)
    return local.weekday() < WORKDAYS and WORK_START <= local.hour < WORK_END


def next_working_moment(moment: datetime, tz: ZoneInfo) -> datetime:
    """``moment`` itself in working hours, else the next working morning at 9:00."""
    local = moment.astimezone(tz)
    while not working_time(local, tz):
        if local.weekday() < WORKDAYS and local.hour < WORK_START:
            local = local.replace(hour=WORK_START, minute=0, second=0, microsecond=0)
        else:
            local = (local + timedelta(days=1)).replace(
                hour=WORK_START, minute=0, second=0, microsecond=0
            )
    return local


def due_stage(deadline: datetime, now: datetime) -> int:
    """The latest stage whose time has come (0: none yet)."""
    stage = 0
    for number, offset in enumerate(STAGES, 1):
        if deadline + offset <= now:
            stage = number
    return stage


async def _recipients(session: AsyncSession, answer: ReportAnswer, escalate: bool) -> list[User]:
    people = (await representatives.recipients(session, [answer.municipality_id])).get(
        answer.municipality_id, []
    )
    if escalate:
        return people
    signatories = {
        r.user_id
        for r in await representatives.representatives_of(session, answer.municipality_id)
        if r.is_signatory
    }
    chosen = [u for u in people if u.id in signatories or u.id == answer.started_by]
    return chosen or people


async def _remind(
    session: AsyncSession, form: ReportForm, answer: ReportAnswer, stage: int, render: Renderer
) -> bool:
    result = await session.execute(
        update(ReportAnswer)
        .where(ReportAnswer.id == answer.id, ReportAnswer.reminder_stage < stage)
        .values(reminder_stage=stage, reminders_sent=ReportAnswer.reminders_sent + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        return False
    users = await _recipients(session, answer, answer.reminders_sent >= ESCALATE_AFTER)
    assert form.deadline is not None
    key = "reports-reminder-late" if stage == LATE_STAGE else "reports-reminder-before"
    days = max(1, -STAGES[stage - 1].days)
    text = render(key, title=form.title, deadline=form.deadline, days=days)
    await tell(
        session,
        render,
        form,
        answer.municipality_id,
        users,
        text,
        kind=MailingKind.REMINDER,
        dedup_key=f"report:{form.id}:r{stage}:{answer.municipality_id}",
    )
    return True


async def plan_reminders(
    session: AsyncSession, now: datetime, tz: ZoneInfo, render: Renderer
) -> int:
    """Enqueue the reminders due now; returns how many municipalities got one."""
    if not working_time(now, tz):
        return 0
    forms = await session.scalars(
        select(ReportForm).where(
            ReportForm.state == ReportFormState.SENT,
            ReportForm.deadline.is_not(None),
            ReportForm.deadline <= now - STAGES[0],
        )
    )
    planned = 0
    for form in list(forms):
        assert form.deadline is not None
        stage = due_stage(form.deadline, now)
        if stage == 0:
            continue
        answers = await session.scalars(
            select(ReportAnswer).where(
                ReportAnswer.form_id == form.id,
                ReportAnswer.state.not_in(DONE_STATES),
                ReportAnswer.reminder_stage < stage,
            )
        )
        for answer in list(answers):
            planned += await _remind(session, form, answer, stage, render)
    await session.commit()
    return planned
