"""Staff decisions on proposals: «учтено / учтено частично / не учтено» (the statuses
``accepted`` / ``partially_accepted`` / ``rejected``), always with a reason; the same decision
for every undecided proposal on one provision in one action; saved answer templates; a
responsible staff member and an answer due date per proposal, with a reminder when due.

Every decision is audited and its author told through the outbox (``review.apply``)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, String, Text, false, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models import audit, outbox
from models.base import Base, utcnow
from models.errors import DomainError
from models.outbox import Content, MailingKind, Recipient
from models.proposals.drafts import clean_text
from models.proposals.entities import FINAL_STATUSES, TEXT_MAX, Proposal, ProposalStatus
from models.proposals.places import Place
from models.proposals.queries import QueueFilter, all_matching, get
from models.proposals.review import apply, reason_of
from models.rendering import Renderer

DECISIONS = (
    ProposalStatus.ACCEPTED,
    ProposalStatus.PARTIALLY_ACCEPTED,
    ProposalStatus.REJECTED,
)
UNDECIDED = frozenset({ProposalStatus.SUBMITTED, ProposalStatus.UNDER_REVIEW})
TEMPLATE_TITLE_MAX = 60
TEMPLATES_MAX = 30


class ProposalReview(Base):
    """Who answers a proposal and by when; whether the act's wording changed under it."""

    __tablename__ = "proposal_reviews"

    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), primary_key=True
    )
    responsible_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    due_at: Mapped[datetime | None] = mapped_column(index=True)
    reminded_at: Mapped[datetime | None]
    # Set when a newer version of the text changed the wording this proposal amends.
    wording_changed_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("law_versions.id", ondelete="SET NULL")
    )
    wording_changed_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class AnswerTemplate(Base):
    """A saved reason staff pick (and may edit) instead of typing it again."""

    __tablename__ = "answer_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TEMPLATE_TITLE_MAX))
    text: Mapped[str] = mapped_column(Text)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    archived: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


@dataclass(frozen=True)
class GroupResult:
    decided: list[Proposal]
    skipped: list[Proposal]  # already decided (or withdrawn) before


async def review_of(session: AsyncSession, proposal_id: int) -> ProposalReview | None:
    return await session.get(ProposalReview, proposal_id, populate_existing=True)


async def reviews_of(session: AsyncSession, proposal_ids: list[int]) -> dict[int, ProposalReview]:
    if not proposal_ids:
        return {}
    rows = await session.scalars(
        select(ProposalReview).where(ProposalReview.proposal_id.in_(proposal_ids))
    )
    return {r.proposal_id: r for r in rows}


async def _review_row(session: AsyncSession, proposal_id: int) -> ProposalReview:
    row = await review_of(session, proposal_id)
    if row is None:
        row = ProposalReview(proposal_id=proposal_id)
        session.add(row)
    return row


async def decide_group(
    session: AsyncSession,
    actor_telegram_id: int,
    scope: QueueFilter,
    place: Place,
    status: ProposalStatus,
    reason: str | None,
    *,
    render: Renderer,
) -> GroupResult:
    """One decision for every undecided proposal of ``scope`` on exactly ``place``: each
    audited and its author told, plus one audit row for the group; all or nothing."""
    if status not in DECISIONS:
        raise DomainError("decisions-not-a-decision")
    clean = reason_of(status, reason)
    found = list(await all_matching(session, replace(scope, statuses=frozenset())))
    on_place = [p for p in found if p.place == place and p.status is not ProposalStatus.WITHDRAWN]
    todo = [p for p in on_place if p.status in UNDECIDED]
    if not todo:
        raise DomainError("decisions-group-nothing")
    for p in todo:
        await apply(session, actor_telegram_id, p, status, clean, render=render, group=True)
    audit.record(
        session,
        actor_telegram_id,
        "proposal.group_decision",
        target=place.label(render),
        status=status.value,
        reason=clean,
        numbers=[p.number for p in todo],
    )
    await session.commit()
    return GroupResult(decided=todo, skipped=[p for p in on_place if p not in todo])


# --- templates ---


async def templates(session: AsyncSession) -> list[AnswerTemplate]:
    rows = await session.scalars(
        select(AnswerTemplate)
        .where(AnswerTemplate.archived.is_(False))
        .order_by(AnswerTemplate.id)
    )
    return list(rows)


async def template(session: AsyncSession, template_id: int) -> AnswerTemplate | None:
    if not -(2**31) <= template_id < 2**31:
        return None
    row = await session.get(AnswerTemplate, template_id)
    return None if row is None or row.archived else row


async def add_template(
    session: AsyncSession, actor_telegram_id: int, raw: str | None
) -> AnswerTemplate:
    """A template from its text; the first line (shortened) is its title."""
    text = clean_text(raw, limit=TEXT_MAX)
    assert text is not None
    if len(await templates(session)) >= TEMPLATES_MAX:
        raise DomainError("decisions-templates-full", limit=TEMPLATES_MAX)
    first = text.split("\n", 1)[0].strip()
    title = first if len(first) <= TEMPLATE_TITLE_MAX else first[: TEMPLATE_TITLE_MAX - 1] + "…"
    row = AnswerTemplate(title=title, text=text, created_by=actor_telegram_id)
    session.add(row)
    await session.flush()
    audit.record(
        session, actor_telegram_id, "answer_template.add", target=f"answer_template:{row.id}"
    )
    await session.commit()
    return row


async def archive_template(
    session: AsyncSession, actor_telegram_id: int, template_id: int
) -> None:
    row = await template(session, template_id)
    if row is None:
        raise DomainError("decisions-template-gone")
    row.archived = True
    audit.record(
        session, actor_telegram_id, "answer_template.archive", target=f"answer_template:{row.id}"
    )
    await session.commit()


# --- responsible and due date ---


async def _open_proposal(session: AsyncSession, proposal_id: int) -> Proposal:
    proposal = await get(session, proposal_id)
    if proposal is None:
        raise DomainError("proposals-not-found")
    return proposal


async def assign(
    session: AsyncSession,
    actor_telegram_id: int,
    proposal_id: int,
    responsible: int,
    staff: Iterable[int] | None = None,
) -> ProposalReview:
    """Make a staff member (by Telegram id; one of ``staff`` when given) responsible for
    the answer (audited)."""
    if staff is not None and responsible not in set(staff):
        raise DomainError("decisions-not-staff")
    proposal = await _open_proposal(session, proposal_id)
    row = await _review_row(session, proposal.id)
    before = row.responsible_telegram_id
    row.responsible_telegram_id = responsible
    audit.record(
        session,
        actor_telegram_id,
        "proposal.responsible",
        target=f"proposal:{proposal.number}",
        before=before,
        after=responsible,
    )
    await session.commit()
    return row


async def set_due(
    session: AsyncSession,
    actor_telegram_id: int,
    proposal_id: int,
    due_at: datetime,
    now: datetime | None = None,
) -> ProposalReview:
    """The answer's due date (in the future); the reminder is planned again for it. The
    one who sets it is responsible unless someone already is."""
    now = now or utcnow()
    if due_at <= now:
        raise DomainError("decisions-due-past")
    proposal = await _open_proposal(session, proposal_id)
    row = await _review_row(session, proposal.id)
    row.due_at, row.reminded_at = due_at, None
    if row.responsible_telegram_id is None:
        row.responsible_telegram_id = actor_telegram_id
    audit.record(
        session,
        actor_telegram_id,
        "proposal.due",
        target=f"proposal:{proposal.number}",
        due_at=due_at.isoformat(),
    )
    await session.commit()
    return row


async def remind_due(session: AsyncSession, now: datetime, render: Renderer) -> int:
    """Tell each responsible staff member of the undecided proposals whose answer is due;
    once per due date (the reminder's mark and its delivery commit together)."""
    rows = await session.execute(
        select(ProposalReview, Proposal)
        .join(Proposal, Proposal.id == ProposalReview.proposal_id)
        .where(
            ProposalReview.due_at.is_not(None),
            ProposalReview.due_at <= now,
            ProposalReview.reminded_at.is_(None),
            ProposalReview.responsible_telegram_id.is_not(None),
        )
    )
    sent = 0
    for review, proposal in rows.all():
        review.reminded_at = now
        if proposal.status in FINAL_STATUSES or proposal.status is ProposalStatus.WITHDRAWN:
            continue
        assert review.responsible_telegram_id is not None and review.due_at is not None
        place = proposal.place.label(render)
        await outbox.enqueue(
            session,
            kind=MailingKind.REMINDER,
            title=render.plain("decisions-due-title", number=proposal.number),
            content=Content(
                text=render(
                    "decisions-due-text", number=proposal.number, place=place, due=review.due_at
                ),
            ),
            recipients=[Recipient(review.responsible_telegram_id)],
            dedup_key=f"proposal-due:{proposal.id}:{int(review.due_at.timestamp())}",
        )
        sent += 1
    await session.commit()
    return sent
