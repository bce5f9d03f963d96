"""Filling a municipality's answer: one answer per municipality that any of its
representatives continues, saved at every question (a row per question, an upsert), last
year's value by question code, the comment a large change needs, and the submission by the
signatory (a conditional UPDATE: a double tap submits once)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import representatives
from models.base import dialect_insert, utcnow
from models.errors import DomainError
from models.reports.entities import (
    COMMENT_MAX,
    DONE_STATES,
    ReportAnswer,
    ReportEvent,
    ReportForm,
    ReportFormState,
    ReportHistoryKind,
    ReportQuestion,
    ReportState,
    ReportValue,
)
from models.reports.values import check_value, needs_comment

FILLABLE = (ReportState.PENDING, ReportState.DRAFT, ReportState.RETURNED)


@dataclass(frozen=True)
class Previous:
    """Last year's value of a question for this municipality (by the question's code)."""

    value: Any


async def get_answer(session: AsyncSession, form_id: int, municipality_id: int) -> ReportAnswer:
    answer = await session.scalar(
        select(ReportAnswer).where(
            ReportAnswer.form_id == form_id, ReportAnswer.municipality_id == municipality_id
        )
    )
    if answer is None:
        raise DomainError("reports-not-addressed")
    return answer


async def open_for(session: AsyncSession, user_id: int) -> list[tuple[ReportForm, ReportAnswer]]:
    """The questionnaires this person's municipalities have to answer (sent, not done first)."""
    ids = await representatives.municipalities_of(session, user_id)
    if not ids:
        return []
    rows = await session.execute(
        select(ReportForm, ReportAnswer)
        .join(ReportAnswer, ReportAnswer.form_id == ReportForm.id)
        .where(ReportForm.state == ReportFormState.SENT, ReportAnswer.municipality_id.in_(ids))
        .order_by(ReportForm.deadline, ReportAnswer.municipality_id)
    )
    pairs = [(f, a) for f, a in rows]
    return sorted(pairs, key=lambda p: p[1].state in DONE_STATES)


async def for_representative(
    session: AsyncSession, form_id: int, municipality_id: int, user_id: int
) -> tuple[ReportForm, ReportAnswer]:
    """The form and the answer, if this person represents the municipality."""
    if not await representatives.is_representative(session, user_id, municipality_id):
        raise DomainError("reports-not-representative")
    form = await session.get(ReportForm, form_id)
    if form is None or form.state is ReportFormState.DRAFT:
        raise DomainError("reports-form-not-found")
    return form, await get_answer(session, form_id, municipality_id)


async def values_of(session: AsyncSession, answer_id: int) -> dict[int, ReportValue]:
    rows = await session.scalars(select(ReportValue).where(ReportValue.answer_id == answer_id))
    return {v.question_id: v for v in rows}


def to_ask(form: ReportForm, answer: ReportAnswer) -> list[ReportQuestion]:
    """The questions open to this answer: all, or only those staff returned."""
    if answer.state is ReportState.RETURNED:
        return [q for q in form.questions if str(q.id) in answer.reopened]
    return list(form.questions)


async def next_question(
    session: AsyncSession, form: ReportForm, answer: ReportAnswer
) -> ReportQuestion | None:
    """The first open question not answered yet (after a return: not fixed yet)."""
    values = await values_of(session, answer.id)
    returned = answer.state is ReportState.RETURNED
    for q in to_ask(form, answer):
        value = values.get(q.id)
        if value is None or (returned and not value.fixed):
            return q
    return None


async def previous_value(
    session: AsyncSession, form: ReportForm, question: ReportQuestion, municipality_id: int
) -> Previous | None:
    if form.previous_form_id is None:
        return None
    row = await session.scalar(
        select(ReportValue)
        .join(ReportAnswer, ReportAnswer.id == ReportValue.answer_id)
        .join(ReportQuestion, ReportQuestion.id == ReportValue.question_id)
        .where(
            ReportAnswer.form_id == form.previous_form_id,
            ReportAnswer.municipality_id == municipality_id,
            ReportAnswer.state.in_(DONE_STATES),
            ReportQuestion.code == question.code,
            ReportQuestion.kind == question.kind,
        )
    )
    return Previous(row.value) if row is not None else None


def _editable(form: ReportForm, answer: ReportAnswer, question: ReportQuestion) -> None:
    if form.state is not ReportFormState.SENT:
        raise DomainError("reports-form-closed")
    if answer.state not in FILLABLE:
        raise DomainError("reports-answer-submitted")
    if question.form_id != form.id:
        raise DomainError("reports-value-stale")
    if answer.state is ReportState.RETURNED and str(question.id) not in answer.reopened:
        raise DomainError("reports-question-not-returned")


async def save_value(
    session: AsyncSession,
    *,
    user_id: int,
    form_id: int,
    municipality_id: int,
    question_id: int,
    value: Any,
    comment: str | None = None,
    unchanged: bool = False,
) -> ReportValue:
    """Store one question's value (checked again here: buttons can be forged or stale).

    A number that changed from last year by more than the form's threshold needs
    ``comment``: without one, ``DomainError("reports-comment-needed", change=…)``.
    ``unchanged``: the person took last year's value as it is.
    """
    form, answer = await for_representative(session, form_id, municipality_id, user_id)
    question = await session.get(ReportQuestion, question_id)
    if question is None:
        raise DomainError("reports-value-stale")
    _editable(form, answer, question)
    previous = await previous_value(session, form, question, municipality_id)
    if unchanged:
        if previous is None:
            raise DomainError("reports-no-previous")
        value = previous.value
    value = check_value(question, value)
    change = needs_comment(form.change_threshold, previous.value if previous else None, value)
    comment = (comment or "").strip()[:COMMENT_MAX] or None
    if change is not None and comment is None:
        raise DomainError("reports-comment-needed", change=round(min(change, 1e6)))
    fields = {
        "value": value,
        "unchanged": unchanged,
        "comment": comment if change is not None else None,
        "fixed": answer.state is ReportState.RETURNED,
        "updated_by": user_id,
        "updated_at": utcnow(),
    }
    return await _upsert(session, answer, question.id, user_id, fields)


async def _upsert(
    session: AsyncSession,
    answer: ReportAnswer,
    question_id: int,
    user_id: int,
    fields: dict[str, Any],
) -> ReportValue:
    """One row per (answer, question), whoever writes it; the first value starts the answer."""
    insert = dialect_insert(session)
    await session.execute(
        insert(ReportValue)
        .values(answer_id=answer.id, question_id=question_id, **fields)
        .on_conflict_do_update(index_elements=["answer_id", "question_id"], set_=fields)
    )
    await session.execute(
        update(ReportAnswer)
        .where(ReportAnswer.id == answer.id, ReportAnswer.state == ReportState.PENDING)
        .values(state=ReportState.DRAFT, started_by=user_id, updated_at=fields["updated_at"])
        .execution_options(synchronize_session=False)
    )
    await session.commit()
    saved = await session.scalar(
        select(ReportValue)
        .where(ReportValue.answer_id == answer.id, ReportValue.question_id == question_id)
        .execution_options(populate_existing=True)
    )
    assert saved is not None
    return saved


@dataclass(frozen=True)
class Completeness:
    answered: int
    total: int
    missing: list[ReportQuestion]  # required and not answered (or returned and not fixed)


async def completeness(
    session: AsyncSession, form: ReportForm, answer: ReportAnswer
) -> Completeness:
    values = await values_of(session, answer.id)
    returned = answer.state is ReportState.RETURNED
    missing = []
    for q in to_ask(form, answer):
        value = values.get(q.id)
        if (returned and (value is None or not value.fixed)) or (
            not returned and q.required and (value is None or value.value is None)
        ):
            missing.append(q)
    return Completeness(len(values), len(form.questions), missing)


async def submit(
    session: AsyncSession,
    *,
    user_id: int,
    actor_telegram_id: int,
    form_id: int,
    municipality_id: int,
) -> ReportAnswer:
    """The signatory sends the answer to the Council. Refused while a required question (or
    a returned one) is open; a second tap finds it submitted."""
    form, answer = await for_representative(session, form_id, municipality_id, user_id)
    if form.state is not ReportFormState.SENT:
        raise DomainError("reports-form-closed")
    if not await representatives.is_signatory(session, user_id, municipality_id):
        raise DomainError("reports-not-signatory")
    if answer.state in DONE_STATES:
        raise DomainError("reports-answer-submitted")
    state = await completeness(session, form, answer)
    if state.missing:
        raise DomainError(
            "reports-submit-missing",
            count=len(state.missing),
            codes=", ".join(q.code for q in state.missing[:10]),
        )
    now = utcnow()
    result = await session.execute(
        update(ReportAnswer)
        .where(
            ReportAnswer.id == answer.id,
            ReportAnswer.state.in_((ReportState.DRAFT, ReportState.RETURNED)),
        )
        .values(
            state=ReportState.SUBMITTED,
            submitted_by=user_id,
            submitted_at=now,
            reopened={},
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise DomainError("reports-answer-submitted")
    session.add(
        ReportEvent(
            answer_id=answer.id,
            kind=ReportHistoryKind.SUBMITTED,
            actor_telegram_id=actor_telegram_id,
        )
    )
    await session.commit()
    await session.refresh(answer)
    return answer
