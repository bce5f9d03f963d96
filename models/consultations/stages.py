"""Registering an act and moving it through its stages (announced → discussion → summary →
result). Every stage change is a conditional UPDATE (of two taps, or a tap and the
scheduler, one wins), audited, and announced through the outbox in the same transaction to
the act's audience: the topic's subscribers (of the addressed municipalities) and the
representatives of the addressed municipalities."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models import representatives as reps
from models.base import utcnow
from models.errors import DomainError
from models.municipalities import list_active
from models.outbox import Content, MailingKind, Recipient
from models.proposals import Campaign
from models.proposals.acts import (
    ACT_FIELD_MAX,
    ACT_TITLE_MAX,
    STAGE_ORDER,
    Act,
    ActKind,
    ActMunicipality,
    ActStage,
    addressed_ids,
    get_act,
)
from models.rendering import Renderer
from models.subscriptions import subscribers
from models.topics import Topic

_LEADING_DIGITS = re.compile(r"\d{1,9}")
CAMPAIGN_TITLE_MAX = 200
ANNOUNCEMENTS = {
    ActStage.ANNOUNCED: "consultations-announce-announced",
    ActStage.DISCUSSION: "consultations-announce-discussion",
    ActStage.SUMMARY: "consultations-announce-summary",
    ActStage.RESULT: "consultations-announce-result",
}


@dataclass(frozen=True)
class NewAct:
    kind: ActKind
    title: str
    number: str | None = None
    sender: str | None = None
    responsible_telegram_id: int | None = None
    discussion_ends_at: datetime | None = None
    discussion_starts_at: datetime | None = None  # None: the discussion opens at once
    municipality_ids: tuple[int, ...] = ()  # empty: all municipalities
    topic: Topic = Topic.LAW


def _clean(raw: str | None, limit: int, *, required: bool = False) -> str | None:
    value = " ".join((raw or "").split())
    if not value:
        if required:
            raise DomainError("consultations-empty")
        return None
    if len(value) > limit:
        raise DomainError("consultations-too-long", length=len(value), limit=limit)
    return value


async def _free_code(session: AsyncSession, act: Act) -> str:
    """Digits that open the act's proposal numbers: the act's own number when it starts
    with digits and no act has them yet, else the act's id (made unique)."""
    taken = set(await session.scalars(select(Act.code)))
    found = _LEADING_DIGITS.search(act.number or "")
    candidates = [found.group(0)] if found else []
    candidates += [str(act.id), *(f"{act.id}{n}" for n in range(1, 10))]
    return next(c for c in candidates if c not in taken)


async def audience(session: AsyncSession, act: Act) -> tuple[list[Recipient], list[Recipient]]:
    """(representatives of the addressed municipalities, the topic's other subscribers)."""
    scope = await addressed_ids(session, act.id)
    representatives = await reps.outbox_recipients(session, scope)
    chats = {r.chat_id for r in representatives}
    subs = await subscribers(
        session, topics=frozenset({Topic(act.topic)}), municipality_ids=frozenset(scope or ())
    )
    return representatives, [r for r in subs if r.chat_id not in chats]


async def scope_ids(session: AsyncSession, act: Act) -> list[int]:
    """The addressed municipalities' ids (all active ones when none are stored)."""
    scope = await addressed_ids(session, act.id)
    return scope if scope is not None else [m.id for m in await list_active(session)]


async def announce(session: AsyncSession, act: Act, render: Renderer, actor: int | None) -> int:
    """Tell the act's audience of its current stage (idempotent per act and stage)."""
    representatives, others = await audience(session, act)
    args = {
        "title": act.title,
        "kind": render.label(act.kind),
        "number": act.number or "",
        "sender": act.sender or "",
        "deadline": act.discussion_ends_at or act.stage_changed_at,
    }
    text = render(ANNOUNCEMENTS[act.stage], **args)
    title = render.plain("consultations-mailing-stage", title=act.title[:100])
    key = f"act:{act.id}:stage:{act.stage.value}"
    for kind, people, suffix in (
        (MailingKind.NOTICE, representatives, "reps"),
        (MailingKind.ANNOUNCEMENT, others, "subs"),
    ):
        if people:
            await outbox.enqueue(
                session,
                kind=kind,
                title=title,
                content=Content(text=text),
                recipients=people,
                created_by=actor,
                dedup_key=f"{key}:{suffix}",
            )
    return len(representatives) + len(others)


async def create_act(
    session: AsyncSession,
    actor_telegram_id: int,
    new: NewAct,
    *,
    render: Renderer,
    now: datetime | None = None,
) -> Act:
    """Register an act (announced to its audience); its discussion opens at once unless it
    starts later (then the scheduler opens it). Audited, committed."""
    now = now or utcnow()
    title = _clean(new.title, ACT_TITLE_MAX, required=True)
    assert title is not None
    ends = new.discussion_ends_at
    if ends is not None and ends <= (new.discussion_starts_at or now):
        raise DomainError("consultations-bad-deadline")
    act = Act(
        code="-",
        kind=new.kind,
        title=title,
        number=_clean(new.number, ACT_FIELD_MAX),
        sender=_clean(new.sender, ACT_FIELD_MAX),
        responsible_telegram_id=new.responsible_telegram_id or actor_telegram_id,
        topic=new.topic.value,
        stage=ActStage.ANNOUNCED,
        announced_at=now,
        discussion_starts_at=new.discussion_starts_at,
        discussion_ends_at=ends,
        stage_changed_at=now,
        created_by=actor_telegram_id,
        created_at=now,
    )
    session.add(act)
    await session.flush()
    act.code = await _free_code(session, act)
    for municipality_id in sorted(set(new.municipality_ids)):
        session.add(ActMunicipality(act_id=act.id, municipality_id=municipality_id))
    await session.flush()
    audit.record(
        session, actor_telegram_id, "act.create", target=f"act:{act.id}", title=title[:100]
    )
    if new.discussion_starts_at is None or new.discussion_starts_at <= now:
        await _move(session, act, ActStage.DISCUSSION, actor_telegram_id, now)
    await announce(session, act, render, actor_telegram_id)
    await session.commit()
    return act


def next_stage(stage: ActStage) -> ActStage | None:
    index = STAGE_ORDER.index(stage)
    return STAGE_ORDER[index + 1] if index + 1 < len(STAGE_ORDER) else None


async def _move(
    session: AsyncSession, act: Act, to: ActStage, actor: int | None, now: datetime
) -> None:
    """The conditional UPDATE of the stage and what goes with it (not committed)."""
    before = act.stage
    values: dict[str, object] = {"stage": to, "stage_changed_at": now}
    if to is ActStage.RESULT:
        values["result_at"] = now
    if to is ActStage.SUMMARY and (act.discussion_ends_at is None or act.discussion_ends_at > now):
        values["discussion_ends_at"] = now  # closed early by staff: this is the deadline now
    result = await session.execute(
        update(Act)
        .where(Act.id == act.id, Act.stage == before)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if int(result.rowcount) != 1:  # type: ignore[attr-defined]
        raise DomainError("consultations-stage-stale")
    await session.refresh(act)
    if to is ActStage.DISCUSSION and act.discussion_ends_at is not None:
        session.add(
            Campaign(
                title=act.title[:CAMPAIGN_TITLE_MAX],
                deadline=act.discussion_ends_at,
                opened_by=actor or 0,
                opened_at=now,
                act_id=act.id,
            )
        )
    if to is ActStage.SUMMARY:
        await _close_campaigns(session, act.id, now)
    audit.record(
        session,
        actor or 0,
        "act.stage",
        target=f"act:{act.id}",
        before=before.value,
        after=to.value,
    )


async def _close_campaigns(session: AsyncSession, act_id: int, now: datetime) -> None:
    campaigns = await session.scalars(
        select(Campaign).where(
            Campaign.act_id == act_id, Campaign.closed_at.is_(None), Campaign.deadline > now
        )
    )
    for campaign in campaigns:
        campaign.closed_at = now
        if campaign.reminder_mailing_id is not None:
            await outbox.cancel_mailing(session, campaign.reminder_mailing_id)


async def advance(
    session: AsyncSession,
    actor_telegram_id: int | None,
    act_id: int,
    expected: ActStage,
    *,
    render: Renderer,
    now: datetime | None = None,
) -> Act:
    """Move the act from ``expected`` to the next stage and announce it; a stale button
    (the stage moved meanwhile) is refused with ``consultations-stage-stale``."""
    now = now or utcnow()
    act = await get_act(session, act_id)
    to = next_stage(act.stage)
    if act.stage is not expected or to is None:
        raise DomainError("consultations-stage-stale")
    if to is ActStage.DISCUSSION and (
        act.discussion_ends_at is not None and act.discussion_ends_at <= now
    ):
        raise DomainError("consultations-bad-deadline")
    await _move(session, act, to, actor_telegram_id, now)
    await announce(session, act, render, actor_telegram_id)
    await session.commit()
    return act


async def due_changes(session: AsyncSession, now: datetime) -> list[tuple[int, ActStage]]:
    """Acts whose dates moved them on: a discussion to open, a discussion past its deadline."""
    rows = await session.execute(
        select(Act.id, Act.stage).where(
            ((Act.stage == ActStage.ANNOUNCED) & (Act.discussion_starts_at <= now))
            | ((Act.stage == ActStage.DISCUSSION) & (Act.discussion_ends_at <= now))
        )
    )
    return [(int(i), ActStage(s)) for i, s in rows]


async def apply_due(
    session: AsyncSession, now: datetime, render: Renderer, act_ids: Iterable[int] | None = None
) -> int:
    """Open and close what fell due (the scheduler's job); returns how many moved."""
    moved = 0
    for act_id, stage in await due_changes(session, now):
        if act_ids is not None and act_id not in set(act_ids):
            continue
        try:
            await advance(session, None, act_id, stage, render=render, now=now)
        except DomainError:
            await session.rollback()  # another leader or a staff tap moved it first
            continue
        moved += 1
    return moved


async def set_responsible(session: AsyncSession, actor_telegram_id: int, act_id: int) -> Act:
    """The staff member takes the act on as its responsible (audited, committed)."""
    act = await get_act(session, act_id)
    before = act.responsible_telegram_id
    act.responsible_telegram_id = actor_telegram_id
    audit.record(
        session,
        actor_telegram_id,
        "act.responsible",
        target=f"act:{act.id}",
        before=before,
        after=actor_telegram_id,
    )
    await session.commit()
    return act
