"""Staff review of a submitted answer: accept it, or return it for correction with a comment
on specific questions (exactly those reopen for the representatives); the history of an
answer. Both are conditional UPDATEs from «submitted» and are audited."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, representatives
from models.base import utcnow
from models.errors import DomainError
from models.rendering import Renderer
from models.reports.entities import (
    COMMENT_MAX,
    ReportAnswer,
    ReportEvent,
    ReportForm,
    ReportHistoryKind,
    ReportState,
    ReportValue,
)
from models.reports.forms import tell


async def _answer(session: AsyncSession, answer_id: int) -> tuple[ReportForm, ReportAnswer]:
    answer = await session.get(ReportAnswer, answer_id)
    if answer is None:
        raise DomainError("reports-answer-not-found")
    form = await session.get(ReportForm, answer.form_id)
    assert form is not None
    return form, answer


async def _from_submitted(session: AsyncSession, answer_id: int, **values: object) -> None:
    result = await session.execute(
        update(ReportAnswer)
        .where(ReportAnswer.id == answer_id, ReportAnswer.state == ReportState.SUBMITTED)
        .values(updated_at=utcnow(), **values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise DomainError("reports-review-not-submitted")


async def accept(session: AsyncSession, actor_telegram_id: int, answer_id: int) -> ReportAnswer:
    _form, answer = await _answer(session, answer_id)
    await _from_submitted(session, answer_id, state=ReportState.ACCEPTED)
    session.add(
        ReportEvent(
            answer_id=answer_id,
            kind=ReportHistoryKind.ACCEPTED,
            actor_telegram_id=actor_telegram_id,
        )
    )
    audit.record(session, actor_telegram_id, "report.accept", f"report-answer:{answer_id}")
    await session.commit()
    await session.refresh(answer)
    return answer


async def return_for_correction(
    session: AsyncSession,
    actor_telegram_id: int,
    answer_id: int,
    comments: dict[int, str],
    render: Renderer,
) -> ReportAnswer:
    """Reopen exactly the questions in ``comments`` (question id → what to fix) and tell
    every representative of the municipality, in the same transaction."""
    form, answer = await _answer(session, answer_id)
    by_id = {q.id: q for q in form.questions}
    cleaned = {str(q): c.strip()[:COMMENT_MAX] for q, c in comments.items() if q in by_id}
    if not cleaned or any(not c for c in cleaned.values()):
        raise DomainError("reports-return-nothing")
    await _from_submitted(session, answer_id, state=ReportState.RETURNED, reopened=cleaned)
    await session.execute(
        update(ReportValue)
        .where(
            ReportValue.answer_id == answer_id,
            ReportValue.question_id.in_(list(map(int, cleaned))),
        )
        .values(fixed=False)
        .execution_options(synchronize_session=False)
    )
    session.add(
        ReportEvent(
            answer_id=answer_id,
            kind=ReportHistoryKind.RETURNED,
            actor_telegram_id=actor_telegram_id,
            comments=cleaned,
        )
    )
    lines = _returned_lines(render, form, cleaned)
    people = await representatives.recipients(session, [answer.municipality_id])
    header = render("reports-notice-returned", title=form.title, count=len(cleaned))
    await tell(
        session,
        render,
        form,
        answer.municipality_id,
        people.get(answer.municipality_id, []),
        header + "\n" + lines,
        actor_telegram_id=actor_telegram_id,
        button="reports-btn-fix",
    )
    audit.record(
        session,
        actor_telegram_id,
        "report.return",
        f"report-answer:{answer_id}",
        questions=sorted(by_id[int(q)].code for q in cleaned),
    )
    await session.commit()
    await session.refresh(answer)
    return answer


def _returned_lines(render: Renderer, form: ReportForm, cleaned: dict[str, str]) -> str:
    by_id = {q.id: q for q in form.questions}
    return "\n".join(
        render(
            "reports-returned-line",
            code=by_id[int(q)].code,
            question=by_id[int(q)].text,
            comment=c,
        )
        for q, c in cleaned.items()
    )


async def history(session: AsyncSession, answer_id: int) -> list[ReportEvent]:
    rows = await session.scalars(
        select(ReportEvent).where(ReportEvent.answer_id == answer_id).order_by(ReportEvent.id)
    )
    return list(rows)
