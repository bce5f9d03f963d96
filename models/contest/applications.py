"""Applications: a draft saved at every step, the applicant (a municipality by its
representative or a TOS by its chair), files, the completeness check, submission with a
number unique within the contest, return for revision, admission to the public vote."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, representatives
from models.base import dialect_insert, utcnow
from models.contest.entities import (
    FILES_MAX,
    SHORT_MAX,
    TEXT_MAX,
    TITLE_MAX,
    ApplicantKind,
    Application,
    ApplicationFile,
    AppStatus,
    Contest,
    ContestCounter,
    Field,
    FileKind,
    Nomination,
)
from models.contest.notices import notify_applicant
from models.contest.stages import accepting
from models.errors import DomainError
from models.municipalities import Municipality
from models.rendering import Renderer
from models.users import User

PREVIEW = "preview"
TEXT_LIMITS = {
    Field.CONTACT: SHORT_MAX,
    Field.TITLE: TITLE_MAX,
    Field.DESCRIPTION: TEXT_MAX,
    Field.RESULTS: TEXT_MAX,
    Field.BUDGET: SHORT_MAX,
    Field.APPLICANT: SHORT_MAX,
}
EDITABLE = (AppStatus.DRAFT, AppStatus.RETURNED)


def steps(kind: ApplicantKind | None) -> list[Field]:
    """The dialogue's steps for an applicant kind (a TOS also names its municipality)."""
    return [f for f in Field if f is not Field.MUNICIPALITY or kind is ApplicantKind.TOS]


def _open(contest: Contest, now: datetime) -> None:
    if not accepting(contest, now):
        if now < contest.applications_from:
            raise DomainError("contest-not-open", since=contest.applications_from)
        raise DomainError("contest-late", deadline=contest.applications_until)


async def draft_of(session: AsyncSession, user: User, contest_id: int) -> Application | None:
    """The person's application being written (a draft, or one returned for revision)."""
    return await session.scalar(
        select(Application)
        .where(
            Application.author_id == user.id,
            Application.contest_id == contest_id,
            Application.status.in_(EDITABLE),
        )
        .order_by(Application.status, Application.id.desc())
        .limit(1)
    )


async def start(session: AsyncSession, user: User, contest: Contest, now: datetime) -> Application:
    """The person's open draft, or a new one. Commits."""
    _open(contest, now)
    if not user.is_registered:
        raise DomainError("contest-need-profile")
    draft = await draft_of(session, user, contest.id)
    if draft is None:
        draft = Application(contest_id=contest.id, author_id=user.id, step=Field.NOMINATION.value)
        session.add(draft)
        await session.commit()
    return draft


async def editable(
    session: AsyncSession, user: User, application_id: int, now: datetime
) -> tuple[Application, Contest]:
    app = await session.get(Application, application_id)
    if app is None or app.author_id != user.id or app.status not in EDITABLE:
        raise DomainError("contest-stale")
    contest = await session.get(Contest, app.contest_id)
    assert contest is not None
    _open(contest, now)
    return app, contest


async def nomination_of(session: AsyncSession, app: Application) -> Nomination | None:
    return await session.get(Nomination, app.nomination_id) if app.nomination_id else None


def next_step(app: Application, kind: ApplicantKind | None, after: Field) -> str:
    order = steps(kind)
    index = order.index(after) + 1
    if app.reviewed or app.status is AppStatus.RETURNED or app.number is not None:
        return PREVIEW  # an edit from the preview goes back to it
    return order[index].value if index < len(order) else PREVIEW


async def _advance(session: AsyncSession, app: Application, after: Field) -> Application:
    nomination = await nomination_of(session, app)
    app.step = next_step(app, nomination.applicant_kind if nomination else None, after)
    if app.step == PREVIEW:
        app.reviewed = True
    await session.commit()
    return app


async def set_nomination(
    session: AsyncSession, user: User, app_id: int, nomination_id: int, now: datetime
) -> Application:
    app, contest = await editable(session, user, app_id, now)
    nomination = await session.get(Nomination, nomination_id)
    if nomination is None or nomination.contest_id != contest.id:
        raise DomainError("contest-stale")
    if app.number is not None and app.nomination_id != nomination_id:
        raise DomainError("contest-stale")  # a submitted application keeps its nomination
    if app.nomination_id != nomination_id:
        app.nomination_id = nomination_id
        app.municipality_id = None
        app.tos_name = None
        app.reviewed = False  # another nomination: its applicant steps are asked again
    return await _advance(session, app, Field.NOMINATION)


async def represented(session: AsyncSession, user_id: int) -> list[int]:
    """Municipalities this person may apply for (those they represent)."""
    return list(await representatives.municipalities_of(session, user_id))


async def set_municipality(
    session: AsyncSession, user: User, app_id: int, municipality_id: int, now: datetime
) -> Application:
    """The applicant municipality (municipal nominations: only one the person represents)
    or the municipality of a TOS."""
    app, _ = await editable(session, user, app_id, now)
    nomination = await nomination_of(session, app)
    if nomination is None:
        raise DomainError("contest-stale")
    if nomination.applicant_kind is ApplicantKind.MUNICIPALITY:
        if municipality_id not in await represented(session, user.id):
            raise DomainError("contest-not-representative")
        app.municipality_id = municipality_id
        return await _advance(session, app, Field.APPLICANT)
    place = await session.get(Municipality, municipality_id)
    if place is None or not place.is_active:
        raise DomainError("contest-stale")  # a forged or outdated button
    app.municipality_id = municipality_id
    return await _advance(session, app, Field.MUNICIPALITY)


async def set_text(
    session: AsyncSession, user: User, app_id: int, field: Field, value: str | None, now: datetime
) -> Application:
    """A typed answer (``None``: skipped, allowed for fields the nomination does not
    require)."""
    app, _ = await editable(session, user, app_id, now)
    nomination = await nomination_of(session, app)
    if field not in TEXT_LIMITS or nomination is None:
        raise DomainError("contest-stale")
    cleaned = " ".join(value.split()) if field is not Field.DESCRIPTION and value else value
    cleaned = cleaned.strip() if cleaned else None
    if cleaned is None and nomination.requires(field):
        raise DomainError("contest-field-required")
    limit = TEXT_LIMITS[field]
    if cleaned is not None and len(cleaned) > limit:
        raise DomainError("contest-too-long", limit=limit, length=len(cleaned))
    column = "tos_name" if field is Field.APPLICANT else field.value
    setattr(app, column, cleaned)
    return await _advance(session, app, field)


async def add_file(
    session: AsyncSession,
    user: User,
    app_id: int,
    kind: FileKind,
    file_id: str,
    name: str | None,
    now: datetime,
) -> int:
    """Attach a photo or a document; returns how many files of that kind there are."""
    app, _ = await editable(session, user, app_id, now)
    files = await files_of(session, app.id)
    if len(files) >= FILES_MAX:
        raise DomainError("contest-files-max", limit=FILES_MAX)
    session.add(
        ApplicationFile(
            application_id=app.id, kind=kind, file_id=file_id, file_name=(name or "")[:SHORT_MAX]
        )
    )
    await session.commit()
    return sum(1 for f in files if f.kind is kind) + 1


async def files_done(
    session: AsyncSession, user: User, app_id: int, field: Field, now: datetime
) -> Application:
    app, _ = await editable(session, user, app_id, now)
    return await _advance(session, app, field)


async def reopen(
    session: AsyncSession, user: User, app_id: int, field: Field, now: datetime
) -> Application:
    """Go back to a step from the preview (not to the nomination once it has a number: the
    preview offers no such button, and a forged one is refused)."""
    app, _ = await editable(session, user, app_id, now)
    if field is Field.NOMINATION and app.number is not None:
        raise DomainError("contest-stale")
    app.step = field.value
    await session.commit()
    return app


async def files_of(session: AsyncSession, app_id: int) -> list[ApplicationFile]:
    rows = await session.scalars(
        select(ApplicationFile)
        .where(ApplicationFile.application_id == app_id)
        .order_by(ApplicationFile.id)
    )
    return list(rows)


async def missing(session: AsyncSession, app: Application) -> list[Field]:
    """The completeness check: required fields still empty, in dialogue order."""
    nomination = await nomination_of(session, app)
    if nomination is None:
        return [Field.NOMINATION]
    kinds = {f.kind for f in await files_of(session, app.id)}
    values = {
        Field.NOMINATION: app.nomination_id,
        Field.APPLICANT: app.municipality_id
        if nomination.applicant_kind is ApplicantKind.MUNICIPALITY
        else app.tos_name,
        Field.MUNICIPALITY: app.municipality_id,
        Field.CONTACT: app.contact,
        Field.TITLE: app.title,
        Field.DESCRIPTION: app.description,
        Field.RESULTS: app.results,
        Field.BUDGET: app.budget,
        Field.PHOTOS: FileKind.PHOTO in kinds or None,
        Field.DOCUMENTS: FileKind.DOCUMENT in kinds or None,
    }
    needed = [f for f in steps(nomination.applicant_kind) if nomination.requires(f)]
    if nomination.applicant_kind is ApplicantKind.TOS:
        needed.append(Field.MUNICIPALITY)
    return [f for f in steps(nomination.applicant_kind) if f in needed and not values[f]]


async def _take_number(session: AsyncSession, contest_id: int) -> int:
    """The next number of the contest in the caller's transaction: the conditional UPDATE
    holds the counter row's lock until commit, so two submissions never share a number."""
    for _ in range(5):
        result = await session.execute(
            update(ContestCounter)
            .where(ContestCounter.contest_id == contest_id)
            .values(last=ContestCounter.last + 1)
            .returning(ContestCounter.last)
        )
        value = result.scalar_one_or_none()
        if value is not None:
            return int(value)
        inserted = await session.execute(
            dialect_insert(session)(ContestCounter)
            .values(contest_id=contest_id, last=1)
            .on_conflict_do_nothing(index_elements=["contest_id"])
        )
        if getattr(inserted, "rowcount", 0) == 1:
            return 1
    raise RuntimeError("could not take an application number")  # pragma: no cover


async def submit(
    session: AsyncSession, user: User, app_id: int, render: Renderer, now: datetime | None = None
) -> Application:
    """Submit a complete draft (or a revised one): refused late, incomplete, or twice."""
    now = now or utcnow()
    app, contest = await editable(session, user, app_id, now)
    absent = await missing(session, app)
    if absent:
        raise DomainError("contest-incomplete", count=len(absent))
    was = app.status
    changed = await session.execute(
        update(Application)
        .where(Application.id == app.id, Application.status == was)
        .values(status=AppStatus.SUBMITTED, step=None)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        await session.commit()  # nothing written: end the transaction
        raise DomainError("contest-stale")
    if app.number is None:
        app.number = await _take_number(session, contest.id)
    if app.submitted_at is None:
        app.submitted_at = now
    else:
        app.resubmitted_at = now
    app.status = AppStatus.SUBMITTED
    await notify_applicant(session, render, app, "contest-notice-received", contest=contest)
    await session.commit()
    return app


async def _staff_app(session: AsyncSession, app_id: int) -> tuple[Application, Contest]:
    app = await session.get(Application, app_id)
    if app is None or app.status is AppStatus.DRAFT:
        raise DomainError("contest-stale")
    contest = await session.get(Contest, app.contest_id)
    assert contest is not None
    return app, contest


async def return_for_revision(
    session: AsyncSession,
    actor_telegram_id: int,
    app_id: int,
    comment: str,
    render: Renderer,
    now: datetime | None = None,
) -> Application:
    """Staff send a submitted application back with a comment, before the deadline."""
    now = now or utcnow()
    app, contest = await _staff_app(session, app_id)
    if not accepting(contest, now):
        raise DomainError("contest-return-late")
    comment = comment.strip()
    if not comment or len(comment) > TEXT_MAX:
        raise DomainError("contest-too-long", limit=TEXT_MAX, length=len(comment))
    changed = await session.execute(
        update(Application)
        .where(Application.id == app.id, Application.status == AppStatus.SUBMITTED)
        .values(status=AppStatus.RETURNED, return_comment=comment, step=PREVIEW)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        await session.commit()  # nothing written: end the transaction
        raise DomainError("contest-stale")
    await session.refresh(app)
    audit.record(session, actor_telegram_id, "contest.return", target=f"application:{app.id}")
    await notify_applicant(
        session, render, app, "contest-notice-returned", contest=contest, comment=comment
    )
    await session.commit()
    return app


async def admit_to_vote(
    session: AsyncSession, actor_telegram_id: int, app_id: int, render: Renderer
) -> Application:
    app, contest = await _staff_app(session, app_id)
    if not contest.has_vote or app.status is not AppStatus.SUBMITTED:
        raise DomainError("contest-stale")
    changed = await session.execute(
        update(Application)
        .where(Application.id == app.id, Application.in_vote.is_(False))
        .values(in_vote=True)
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:  # type: ignore[attr-defined]
        await session.commit()  # nothing written: end the transaction
        raise DomainError("contest-already-admitted")
    await session.refresh(app)
    audit.record(session, actor_telegram_id, "contest.admit", target=f"application:{app.id}")
    await notify_applicant(session, render, app, "contest-notice-admitted", contest=contest)
    await session.commit()
    return app


async def submitted(
    session: AsyncSession, contest_id: int, nomination_id: int | None = None
) -> list[Application]:
    """Submitted applications by number (returned ones are not in the jury's queue)."""
    query = select(Application).where(
        Application.contest_id == contest_id, Application.status == AppStatus.SUBMITTED
    )
    if nomination_id is not None:
        query = query.where(Application.nomination_id == nomination_id)
    return list(await session.scalars(query.order_by(Application.number)))


async def mine(session: AsyncSession, user: User, contest_id: int) -> list[Application]:
    rows = await session.scalars(
        select(Application)
        .where(Application.author_id == user.id, Application.contest_id == contest_id)
        .order_by(Application.id)
    )
    return list(rows)


async def mine_all(session: AsyncSession, contest_id: int) -> list[Application]:
    """Every application of the contest that is not a draft, by number (staff's list)."""
    rows = await session.scalars(
        select(Application)
        .where(Application.contest_id == contest_id, Application.status != AppStatus.DRAFT)
        .order_by(Application.number)
    )
    return list(rows)


async def count_by_status(session: AsyncSession, contest_id: int) -> dict[AppStatus, int]:
    rows = await session.execute(
        select(Application.status, func.count())
        .where(Application.contest_id == contest_id)
        .group_by(Application.status)
    )
    return {AppStatus(s): int(n) for s, n in rows.all()}
