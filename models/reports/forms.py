"""Questionnaires for staff: create one from a template (or a copy of last year's), send it
to the municipalities with a deadline, and see who has answered."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, municipalities, outbox, representatives
from models.base import dialect_insert, utcnow
from models.errors import DomainError
from models.municipalities import Municipality
from models.outbox import Content, MailingKind, Recipient
from models.rendering import Renderer
from models.reports.entities import (
    DONE_STATES,
    ReportAnswer,
    ReportForm,
    ReportFormState,
    ReportQuestion,
    ReportState,
    ReportValue,
)
from models.reports.template import FormSpec, QuestionSpec
from models.users import User

OPEN_PREFIX = "rpo"  # handlers.reports.callbacks.ROpenCb: the button on notices


def open_callback(form_id: int, municipality_id: int) -> str:
    """The «Заполнить» button put on enqueued notices (matches ``ROpenCb``)."""
    return f"{OPEN_PREFIX}:{form_id}:{municipality_id}"


def open_buttons(
    render: Renderer, form_id: int, municipality_id: int, key: str = "reports-btn-fill"
) -> list[list[dict[str, str]]]:
    return [
        [{"text": render.plain(key), "callback_data": open_callback(form_id, municipality_id)}]
    ]


async def tell(
    session: AsyncSession,
    render: Renderer,
    form: ReportForm,
    municipality_id: int,
    users: Iterable[User],
    text: str,
    *,
    kind: MailingKind = MailingKind.NOTICE,
    dedup_key: str | None = None,
    actor_telegram_id: int | None = None,
    button: str = "reports-btn-fill",
) -> None:
    """A message to representatives of one municipality through the outbox, with the button
    that opens the questionnaire for that municipality (in the caller's transaction)."""
    await outbox.enqueue(
        session,
        kind=kind,
        title=render.plain("reports-notice-title", title=form.title),
        content=Content(text=text, buttons=open_buttons(render, form.id, municipality_id, button)),
        recipients=[Recipient(u.telegram_id, u.id) for u in users],
        created_by=actor_telegram_id,
        dedup_key=dedup_key,
    )


async def get_form(session: AsyncSession, form_id: int) -> ReportForm:
    form = await session.get(ReportForm, form_id)
    if form is None:
        raise DomainError("reports-form-not-found")
    return form


async def list_forms(session: AsyncSession, limit: int = 20) -> list[ReportForm]:
    rows = await session.scalars(
        select(ReportForm).order_by(ReportForm.year.desc(), ReportForm.id.desc()).limit(limit)
    )
    return list(rows)


async def _previous_of(session: AsyncSession, year: int) -> int | None:
    """The latest questionnaire sent for an earlier year: where last year's values are."""
    found = await session.scalar(
        select(ReportForm.id)
        .where(ReportForm.year < year, ReportForm.state != ReportFormState.DRAFT)
        .order_by(ReportForm.year.desc(), ReportForm.id.desc())
        .limit(1)
    )
    return int(found) if found is not None else None


def _shared_fields(source: QuestionSpec | ReportQuestion) -> dict[str, Any]:
    """What a template's question and a stored question have in common (every field of
    ``QuestionSpec``), so a question goes from a template to a row and back without loss."""
    values = {f.name: getattr(source, f.name) for f in fields(QuestionSpec)}
    values["options"] = list(values["options"])
    return values


def _question(position: int, spec: QuestionSpec) -> ReportQuestion:
    return ReportQuestion(position=position, **_shared_fields(spec))


async def create_form(session: AsyncSession, actor_telegram_id: int, spec: FormSpec) -> ReportForm:
    """A draft questionnaire from a read template (staff preview it before sending)."""
    form = ReportForm(
        title=spec.title,
        year=spec.year,
        change_threshold=spec.threshold,
        created_by=actor_telegram_id,
        previous_form_id=await _previous_of(session, spec.year),
        questions=[_question(i, q) for i, q in enumerate(spec.questions, 1)],
    )
    session.add(form)
    await session.flush()
    audit.record(
        session,
        actor_telegram_id,
        "report.create",
        f"report:{form.id}",
        questions=len(spec.questions),
    )
    await session.commit()
    return form


async def copy_form(session: AsyncSession, actor_telegram_id: int, source_id: int) -> ReportForm:
    """Next year's draft: the same questions (and codes, so last year's values pre-fill)."""
    source = await get_form(session, source_id)
    spec = FormSpec(
        title=source.title,
        year=source.year + 1,
        threshold=source.change_threshold,
        questions=[QuestionSpec(**_shared_fields(q)) for q in source.questions],
    )
    form = await create_form(session, actor_telegram_id, spec)
    if source.state is not ReportFormState.DRAFT:
        form.previous_form_id = source.id
        await session.commit()
    return form


async def close_form(session: AsyncSession, actor_telegram_id: int, form_id: int) -> ReportForm:
    """Stop taking answers (reminders stop too); answers not submitted stay as they are."""
    result = await session.execute(
        update(ReportForm)
        .where(ReportForm.id == form_id, ReportForm.state == ReportFormState.SENT)
        .values(state=ReportFormState.CLOSED)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise DomainError("reports-form-not-sent")
    audit.record(session, actor_telegram_id, "report.close", f"report:{form_id}")
    await session.commit()
    form = await get_form(session, form_id)
    await session.refresh(form)
    return form


async def delete_draft(session: AsyncSession, actor_telegram_id: int, form_id: int) -> None:
    form = await get_form(session, form_id)
    if form.state is not ReportFormState.DRAFT:
        raise DomainError("reports-form-not-draft")
    await session.delete(form)
    audit.record(session, actor_telegram_id, "report.delete", f"report:{form_id}")
    await session.commit()


async def _addressed(session: AsyncSession, municipality_ids: Iterable[int] | None) -> list[int]:
    chosen = (
        [m.id for m in await municipalities.list_active(session)]
        if municipality_ids is None
        else sorted(set(municipality_ids))
    )
    if not chosen:
        raise DomainError("reports-send-nobody")
    return chosen


async def send_form(
    session: AsyncSession,
    actor_telegram_id: int,
    form_id: int,
    deadline: datetime,
    render: Renderer,
    municipality_ids: Iterable[int] | None = None,
) -> int:
    """Send a draft to the municipalities (all active ones by default): one answer row per
    municipality and a notice to its representatives, in one transaction. A second tap
    finds the form sent and changes nothing. Returns the number of municipalities."""
    if deadline <= utcnow():
        raise DomainError("reports-deadline-past")
    chosen = await _addressed(session, municipality_ids)
    result = await session.execute(
        update(ReportForm)
        .where(ReportForm.id == form_id, ReportForm.state == ReportFormState.DRAFT)
        .values(state=ReportFormState.SENT, deadline=deadline, sent_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise DomainError("reports-form-not-draft")
    form = await get_form(session, form_id)
    await session.refresh(form)
    insert = dialect_insert(session)
    await session.execute(
        insert(ReportAnswer)
        .values(
            [{"form_id": form_id, "municipality_id": m, "updated_at": utcnow()} for m in chosen]
        )
        .on_conflict_do_nothing(index_elements=["form_id", "municipality_id"])
    )
    text = render(
        "reports-notice-sent",
        title=form.title,
        year=str(form.year),
        deadline=deadline,
        questions=len(form.questions),
    )
    for mun_id, users in (await representatives.recipients(session, chosen)).items():
        await tell(
            session,
            render,
            form,
            mun_id,
            users,
            text,
            dedup_key=f"report:{form_id}:sent:{mun_id}",
            actor_telegram_id=actor_telegram_id,
        )
    target = f"report:{form_id}"
    audit.record(session, actor_telegram_id, "report.send", target, municipalities=len(chosen))
    await session.commit()
    return len(chosen)


@dataclass(frozen=True)
class Progress:
    municipality: Municipality
    state: ReportState
    answered: int


@dataclass(frozen=True)
class Status:
    """«Сдали 29 из 34»: every addressed municipality with its state and progress."""

    form: ReportForm
    rows: list[Progress]

    @property
    def total(self) -> int:
        return len(self.rows)

    @property
    def done(self) -> list[Progress]:
        return [r for r in self.rows if r.state in DONE_STATES]

    @property
    def in_progress(self) -> list[Progress]:
        return [r for r in self.rows if r.state in (ReportState.DRAFT, ReportState.RETURNED)]

    @property
    def not_started(self) -> list[Progress]:
        return [r for r in self.rows if r.state is ReportState.PENDING]


async def status(session: AsyncSession, form_id: int) -> Status:
    form = await get_form(session, form_id)
    counts = dict(
        (
            await session.execute(
                select(ReportValue.answer_id, func.count())
                .join(ReportAnswer, ReportAnswer.id == ReportValue.answer_id)
                .where(ReportAnswer.form_id == form_id)
                .group_by(ReportValue.answer_id)
            )
        ).all()
    )
    answers = await session.scalars(
        select(ReportAnswer)
        .join(Municipality, Municipality.id == ReportAnswer.municipality_id)
        .where(ReportAnswer.form_id == form_id)
        .order_by(Municipality.sort_order, Municipality.name)
    )
    rows = [Progress(a.municipality, a.state, int(counts.get(a.id, 0))) for a in answers]
    return Status(form, rows)


async def nudge(
    session: AsyncSession,
    actor_telegram_id: int,
    form_id: int,
    render: Renderer,
    municipality_id: int | None = None,
) -> int:
    """Staff's one tap: a reminder now to every representative of the municipalities not
    done (or of one). A second tap within the hour adds nothing. Returns the municipalities."""
    form = await get_form(session, form_id)
    if form.state is not ReportFormState.SENT or form.deadline is None:
        raise DomainError("reports-form-not-sent")
    query = select(ReportAnswer.municipality_id).where(
        ReportAnswer.form_id == form_id, ReportAnswer.state.not_in(DONE_STATES)
    )
    if municipality_id is not None:
        query = query.where(ReportAnswer.municipality_id == municipality_id)
    late = list(await session.scalars(query))
    hour = utcnow().strftime("%Y%m%d%H")
    text = render("reports-nudge", title=form.title, deadline=form.deadline)
    for mun_id, users in (await representatives.recipients(session, late)).items():
        await tell(
            session,
            render,
            form,
            mun_id,
            users,
            text,
            kind=MailingKind.REMINDER,
            dedup_key=f"report:{form_id}:nudge:{mun_id}:{hour}",
            actor_telegram_id=actor_telegram_id,
        )
    audit.record(
        session, actor_telegram_id, "report.nudge", f"report:{form_id}", municipalities=len(late)
    )
    await session.commit()
    return len(late)


async def answers_of(session: AsyncSession, form_id: int) -> list[ReportAnswer]:
    rows = await session.scalars(select(ReportAnswer).where(ReportAnswer.form_id == form_id))
    return list(rows)
