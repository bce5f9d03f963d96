"""The jury: each juror's queue (the applications of their nominations, without those of
their own municipality), scores per criterion with a comment, progress, scores hidden from
other jurors until the jury stage ends, disagreement flagged to staff, reminders."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox, representatives
from models.base import DEFAULT_TZ, dialect_insert, utcnow
from models.contest.applications import submitted
from models.contest.entities import (
    COMMENT_MAX,
    Application,
    AppStatus,
    Contest,
    Criterion,
    Juror,
    Nomination,
    ScoreSheet,
    Stage,
)
from models.contest.notices import alert_staff
from models.contest.setup import criteria_of, juror_nominations, jurors_of, nominations_of
from models.contest.stages import jury_over, stage_at
from models.errors import DomainError
from models.outbox import Content, MailingKind, Recipient
from models.rendering import Renderer
from models.users import User


async def own_municipalities(session: AsyncSession, user: User) -> set[int]:
    """Where a juror comes from: their profile's municipality and those they represent."""
    found = set(await representatives.municipalities_of(session, user.id))
    if user.municipality_id is not None:
        found.add(user.municipality_id)
    return found


def excluded(app: Application, own: set[int]) -> bool:
    return app.municipality_id is not None and app.municipality_id in own


async def queue(session: AsyncSession, user: User, contest_id: int) -> list[Application]:
    """The applications this juror evaluates, nomination by nomination, by number."""
    own = await own_municipalities(session, user)
    found: list[Application] = []
    for nomination in await juror_nominations(session, user.id, contest_id):
        apps = await submitted(session, contest_id, nomination.id)
        found.extend(a for a in apps if not excluded(a, own))
    return found


async def sheets_of(
    session: AsyncSession, user_id: int, app_ids: Iterable[int]
) -> dict[int, ScoreSheet]:
    ids = list(app_ids)
    if not ids:
        return {}
    rows = await session.scalars(
        select(ScoreSheet).where(ScoreSheet.user_id == user_id, ScoreSheet.application_id.in_(ids))
    )
    return {s.application_id: s for s in rows}


@dataclass(frozen=True)
class Progress:
    done: int
    total: int
    next_app: Application | None


async def progress(session: AsyncSession, user: User, contest_id: int) -> Progress:
    apps = await queue(session, user, contest_id)
    sheets = await sheets_of(session, user.id, (a.id for a in apps))
    done = [a for a in apps if a.id in sheets and sheets[a.id].completed_at is not None]
    pending = [a for a in apps if a not in done]
    return Progress(len(done), len(apps), pending[0] if pending else None)


async def _jury_app(
    session: AsyncSession, user: User, app_id: int, now: datetime
) -> tuple[Application, Nomination, Contest]:
    app = await session.get(Application, app_id)
    if app is None or app.status is not AppStatus.SUBMITTED or app.nomination_id is None:
        raise DomainError("contest-stale")
    contest = await session.get(Contest, app.contest_id)
    nomination = await session.get(Nomination, app.nomination_id)
    assert contest is not None and nomination is not None
    if stage_at(contest, now) is not Stage.JURY:
        raise DomainError("contest-jury-closed")
    is_juror = await session.scalar(
        select(Juror.id).where(Juror.nomination_id == nomination.id, Juror.user_id == user.id)
    )
    if is_juror is None:
        raise DomainError("contest-not-juror")
    if excluded(app, await own_municipalities(session, user)):
        raise DomainError("contest-juror-excluded")
    return app, nomination, contest


async def _sheet(session: AsyncSession, user_id: int, app_id: int) -> ScoreSheet:
    await session.execute(
        dialect_insert(session)(ScoreSheet)
        .values(application_id=app_id, user_id=user_id, scores={}, updated_at=utcnow())
        .on_conflict_do_nothing(index_elements=["application_id", "user_id"])
    )
    sheet = await session.scalar(
        select(ScoreSheet)
        .where(ScoreSheet.application_id == app_id, ScoreSheet.user_id == user_id)
        .execution_options(populate_existing=True)
    )
    assert sheet is not None
    return sheet


async def score(
    session: AsyncSession,
    user: User,
    app_id: int,
    criterion_id: int,
    value: int,
    render: Renderer,
    admin_ids: Iterable[int] = (),
    now: datetime | None = None,
) -> ScoreSheet:
    """One criterion scored (again: the new value). The last one completes the sheet, and a
    completed sheet may flag the application's disagreement. Commits."""
    now = now or utcnow()
    app, nomination, contest = await _jury_app(session, user, app_id, now)
    criteria = await criteria_of(session, nomination.id)
    if criterion_id not in {c.id for c in criteria}:
        raise DomainError("contest-stale")
    if not nomination.score_min <= value <= nomination.score_max:
        raise DomainError(
            "contest-score-range", low=nomination.score_min, high=nomination.score_max
        )
    sheet = await _sheet(session, user.id, app.id)
    sheet.scores = {**sheet.scores, str(criterion_id): value}
    if sheet.completed_at is None and all(str(c.id) in sheet.scores for c in criteria):
        sheet.completed_at = now
    await session.flush()
    if sheet.completed_at is not None:
        await _check_spread(session, app, contest, criteria, render, admin_ids, now)
    await session.commit()
    return sheet


async def set_comment(
    session: AsyncSession,
    user: User,
    app_id: int,
    comment: str | None,
    now: datetime | None = None,
) -> ScoreSheet:
    now = now or utcnow()
    app, _, _ = await _jury_app(session, user, app_id, now)
    if comment is not None and len(comment) > COMMENT_MAX:
        raise DomainError("contest-too-long", limit=COMMENT_MAX, length=len(comment))
    sheet = await _sheet(session, user.id, app.id)
    sheet.comment = comment.strip() if comment else None
    await session.commit()
    return sheet


async def completed_sheets(session: AsyncSession, app_ids: Iterable[int]) -> list[ScoreSheet]:
    ids = list(app_ids)
    if not ids:
        return []
    rows = await session.scalars(
        select(ScoreSheet)
        .where(ScoreSheet.application_id.in_(ids), ScoreSheet.completed_at.is_not(None))
        .order_by(ScoreSheet.id)
    )
    return list(rows)


def spread(sheets: list[ScoreSheet], criteria: list[Criterion]) -> float:
    """The largest difference between two jurors on one criterion."""
    widest = 0.0
    for criterion in criteria:
        values = [
            float(s.scores[str(criterion.id)]) for s in sheets if str(criterion.id) in s.scores
        ]
        if len(values) > 1:
            widest = max(widest, max(values) - min(values))
    return widest


async def _check_spread(
    session: AsyncSession,
    app: Application,
    contest: Contest,
    criteria: list[Criterion],
    render: Renderer,
    admin_ids: Iterable[int],
    now: datetime,
) -> None:
    sheets = await completed_sheets(session, [app.id])
    widest = spread(sheets, criteria)
    if app.flagged_at is not None or widest <= contest.spread_threshold:
        return
    app.flagged_at = now
    audit.record(session, 0, "contest.disagreement", target=f"application:{app.id}", spread=widest)
    await alert_staff(
        session,
        render,
        admin_ids,
        dedup_key=f"contest:disagreement:{app.id}",
        key="contest-alert-disagreement",
        number=app.number or 0,
        title=app.title or "",
        spread=f"{widest:g}",
        threshold=f"{contest.spread_threshold:g}",
    )


async def visible_sheets(
    session: AsyncSession,
    viewer: User,
    app: Application,
    contest: Contest,
    *,
    staff: bool,
    now: datetime,
) -> list[ScoreSheet]:
    """What a person may see of an application's scores: staff everything, a juror their
    own until the jury stage ends, then everyone's."""
    sheets = await completed_sheets(session, [app.id])
    if staff or jury_over(contest, now):
        return sheets
    return [s for s in sheets if s.user_id == viewer.id]


@dataclass(frozen=True)
class JurorProgress:
    nomination: Nomination
    juror: User
    done: int
    total: int


async def jury_progress(session: AsyncSession, contest_id: int) -> list[JurorProgress]:
    rows: list[JurorProgress] = []
    for nomination in await nominations_of(session, contest_id):
        apps = await submitted(session, contest_id, nomination.id)
        for _, user in await jurors_of(session, nomination.id):
            own = await own_municipalities(session, user)
            mine = [a for a in apps if not excluded(a, own)]
            sheets = await sheets_of(session, user.id, (a.id for a in mine))
            done = sum(1 for a in mine if a.id in sheets and sheets[a.id].completed_at)
            rows.append(JurorProgress(nomination, user, done, len(mine)))
    return rows


async def remind_slow(
    session: AsyncSession,
    contest: Contest,
    render: Renderer,
    *,
    actor_telegram_id: int = 0,
    now: datetime | None = None,
) -> int:
    """Remind every juror who has not finished; once per juror a day. Commits."""
    now = now or utcnow()
    day = now.astimezone(DEFAULT_TZ).date().isoformat()
    reminded = 0
    slow: dict[int, tuple[User, int, int]] = {}
    for row in await jury_progress(session, contest.id):
        if row.done < row.total:
            _, done, total = slow.get(row.juror.id, (row.juror, 0, 0))
            slow[row.juror.id] = (row.juror, done + row.done, total + row.total)
    nominations = [n.id for n in await nominations_of(session, contest.id)]
    for user, done, total in slow.values():
        if not user.is_active:
            continue
        key = f"contest:{contest.id}:remind:{user.id}:{day}"
        exists = await session.scalar(
            select(outbox.Mailing.id).where(outbox.Mailing.dedup_key == key)
        )
        if exists is not None:
            continue
        text = render(
            "contest-juror-reminder",
            contest=contest.title,
            done=done,
            total=total,
            deadline=contest.jury_until,
        )
        await outbox.enqueue(
            session,
            kind=MailingKind.REMINDER,
            title=render.plain("contest-mailing-reminder"),
            content=Content(text=text),
            recipients=[Recipient(user.telegram_id, user.id)],
            dedup_key=key,
        )
        await session.execute(
            update(Juror)
            .where(Juror.user_id == user.id, Juror.nomination_id.in_(nominations))
            .values(reminded_at=now)
            .execution_options(synchronize_session=False)
        )
        reminded += 1
    if actor_telegram_id:
        audit.record(
            session,
            actor_telegram_id,
            "contest.remind",
            target=f"contest:{contest.id}",
            count=reminded,
        )
    await session.commit()
    return reminded
