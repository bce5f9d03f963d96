"""Decisions on a proposal: the author's withdrawal, staff status changes with an answer
(audited, and the author notified through the outbox in the same transaction) and internal
notes."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models.base import utcnow
from models.errors import DomainError
from models.outbox import Content, MailingKind, Recipient
from models.proposals.drafts import clean_text
from models.proposals.entities import (
    FINAL_STATUSES,
    NOTE_MAX,
    STAFF_TRANSITIONS,
    Proposal,
    ProposalNote,
    ProposalStatus,
)
from models.proposals.numbering import NUMBER_RE
from models.proposals.queries import by_number, get
from models.rendering import Renderer
from models.users import User


def status_notice(render: Renderer, proposal: Proposal, merged_into: str | None = None) -> str:
    """The author's notice of a new status (HTML)."""
    head = render(
        "proposals-notice-status",
        number=proposal.number,
        place=proposal.place.label(render),
        status=proposal.status,
    )
    if merged_into:
        head += "\n" + render("proposals-notice-merged", number=merged_into)
    parts = [head]
    if proposal.answer:
        parts.append(render("proposals-notice-answer", answer=proposal.answer))
    parts.append(render("proposals-notice-footer"))
    return "\n\n".join(parts)


async def withdraw(session: AsyncSession, user: User, proposal_id: int) -> Proposal:
    """The author takes back a proposal that staff have not taken into review yet."""
    proposal = await get(session, proposal_id)
    if proposal is None or proposal.author_id != user.id:
        raise DomainError("proposals-not-found")
    if not proposal.withdrawable:
        raise DomainError("proposals-not-withdrawable", status=proposal.status)
    before = proposal.status
    proposal.status = ProposalStatus.WITHDRAWN
    proposal.status_changed_at = utcnow()
    audit.record(
        session,
        user.telegram_id,
        "proposal.status",
        target=f"proposal:{proposal.number}",
        before=before.value,
        after=ProposalStatus.WITHDRAWN.value,
    )
    await session.commit()
    return proposal


async def _checked(
    session: AsyncSession,
    proposal_id: int,
    status: ProposalStatus,
    expected: ProposalStatus | None,
) -> Proposal:
    proposal = await get(session, proposal_id)
    if proposal is None:
        raise DomainError("proposals-not-found")
    if expected is not None and proposal.status is not expected:
        raise DomainError("proposals-status-stale", status=proposal.status)
    if not allowed(proposal.status, status):
        raise DomainError("proposals-bad-transition", status=proposal.status)
    return proposal


def allowed(before: ProposalStatus, after: ProposalStatus) -> bool:
    """Staff moves: the table's, and a decision straight on a submitted proposal (a group
    decision takes the new ones too)."""
    if after in STAFF_TRANSITIONS[before]:
        return True
    return before is ProposalStatus.SUBMITTED and after in FINAL_STATUSES


def reason_of(status: ProposalStatus, raw: str | None) -> str | None:
    """A decision needs its reason (refused without one); other moves may carry one."""
    if status in FINAL_STATUSES and not (raw or "").strip():
        raise DomainError("decisions-reason-required", status=status)
    return clean_text(raw, required=False)


async def move(
    session: AsyncSession, proposal: Proposal, status: ProposalStatus
) -> ProposalStatus:
    """Change the status in the database only if nobody changed it meanwhile: of two taps
    (two instances, a repeated update) one decides and notifies, the other is refused as
    stale. Returns the status before."""
    before, proposal_id = proposal.status, proposal.id
    now = utcnow()
    moved = await session.execute(
        update(Proposal)
        .where(Proposal.id == proposal_id, Proposal.status == before)
        .values(status=status, status_changed_at=now)
        .execution_options(synchronize_session=False)
    )
    if not moved.rowcount:  # type: ignore[attr-defined]
        await session.rollback()
        current = await session.scalar(select(Proposal.status).where(Proposal.id == proposal_id))
        raise DomainError("proposals-status-stale", status=current)
    proposal.status = status
    proposal.status_changed_at = now
    return before


async def _merge_target(session: AsyncSession, proposal: Proposal, answer: str) -> Proposal:
    m = NUMBER_RE.search(answer)
    target = await by_number(session, m.group(0)) if m else None
    if target is None or target.id == proposal.id:
        raise DomainError("proposals-merge-target", number=proposal.number)
    return target


async def change_status(
    session: AsyncSession,
    actor_telegram_id: int,
    proposal_id: int,
    status: ProposalStatus,
    answer: str | None = None,
    *,
    render: Renderer,
    expected: ProposalStatus | None = None,
) -> Proposal:
    """A staff decision: audited (who, when, from, to) and the author notified through the
    outbox, in one transaction. Final statuses need an answer; ``merged`` needs the number of
    another proposal in the answer. ``expected`` guards against a stale card."""
    proposal = await _checked(session, proposal_id, status, expected)
    clean = reason_of(status, answer)
    merged_into: Proposal | None = None
    if status is ProposalStatus.MERGED:
        assert clean is not None
        merged_into = await _merge_target(session, proposal, clean)
    await apply(
        session, actor_telegram_id, proposal, status, clean, render=render, merged_into=merged_into
    )
    await session.commit()
    return proposal


async def apply(
    session: AsyncSession,
    actor_telegram_id: int,
    proposal: Proposal,
    status: ProposalStatus,
    clean: str | None,
    *,
    render: Renderer,
    merged_into: Proposal | None = None,
    **details: object,
) -> None:
    """Move (conditionally), audit and notify the author, in the caller's transaction."""
    before = await move(session, proposal, status)
    if clean is not None:
        proposal.answer = clean
    proposal.merged_into_id = merged_into.id if merged_into else None
    audit.record(
        session,
        actor_telegram_id,
        "proposal.status",
        target=f"proposal:{proposal.number}",
        before=before.value,
        after=status.value,
        answer=clean,
        **details,
    )
    author = proposal.author
    if author is not None and author.full_name is not None:
        title = render.plain("proposals-mailing-status", number=proposal.number, status=status)
        text = status_notice(render, proposal, merged_into.number if merged_into else None)
        await outbox.enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=title,
            content=Content(text=text),
            recipients=[Recipient(author.telegram_id, author.id)],
            created_by=actor_telegram_id,
        )


async def add_note(
    session: AsyncSession, actor_telegram_id: int, proposal_id: int, raw: str | None
) -> ProposalNote:
    proposal = await get(session, proposal_id)
    if proposal is None:
        raise DomainError("proposals-not-found")
    text = clean_text(raw, limit=NOTE_MAX)
    assert text is not None
    note = ProposalNote(proposal_id=proposal.id, author_telegram_id=actor_telegram_id, text=text)
    session.add(note)
    audit.record(session, actor_telegram_id, "proposal.note", target=f"proposal:{proposal.number}")
    await session.commit()
    return note
