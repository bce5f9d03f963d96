"""Submission: a complete draft becomes a proposal on its act with the act's next number of
the year, ``<act code>-<year>-<seq>`` (``135-2026-0007`` on Law 135-OZ), taken under a row
lock. A draft finished after the act's discussion closed is refused and kept for staff
(:class:`~models.proposals.acts.LateDraft`)."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, NoReturn

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import DEFAULT_TZ, utcnow
from models.errors import DomainError
from models.proposals.acts import LEGACY_CODE, Act, LateDraft, chosen_act, get_act
from models.proposals.campaigns import Collection, collection
from models.proposals.drafts import Draft, Step, get_draft
from models.proposals.entities import (
    AmendmentKind,
    Proposal,
    ProposalCounter,
    ProposalDraft,
    ProposalStatus,
)
from models.proposals.law import current_version
from models.proposals.places import PlaceKind
from models.users import User

LAW_NUMBER = LEGACY_CODE  # the first act's code, kept for old imports
# <act code>-<year>-<seq>: every act's numbers (codes are digits, unique per act).
NUMBER_RE = re.compile(r"\b(\d{1,9})-(\d{4})-(\d{4,})\b")


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def next_number(session: AsyncSession, year: int, act_id: int) -> int:
    """Take the act's next number of ``year`` in the caller's transaction. The conditional
    UPDATE locks the counter row until commit, so concurrent submissions never share one."""
    for _ in range(5):
        result = await session.execute(
            update(ProposalCounter)
            .where(ProposalCounter.act_id == act_id, ProposalCounter.year == year)
            .values(last=ProposalCounter.last + 1)
            .returning(ProposalCounter.last)
        )
        value = result.scalar_one_or_none()
        if value is not None:
            return int(value)
        stmt = (
            _insert(session)(ProposalCounter)
            .values(act_id=act_id, year=year, last=1)
            .on_conflict_do_nothing(index_elements=["act_id", "year"])
        )
        inserted = await session.execute(stmt)
        if getattr(inserted, "rowcount", 0) == 1:
            return 1
    raise RuntimeError("could not take a proposal number")  # pragma: no cover


def format_number(year: int, seq: int, code: str = LEGACY_CODE) -> str:
    return f"{code}-{year}-{seq:04d}"


async def _ready_draft(session: AsyncSession, user: User) -> Draft:
    if not user.is_registered:
        raise DomainError("proposals-need-profile")
    draft = await get_draft(session, user.id)
    if draft is None:
        raise DomainError("proposals-no-draft")
    if draft.next_step is not Step.PREVIEW:
        raise DomainError("proposals-incomplete", step=draft.next_step)
    return draft


async def _keep_late(session: AsyncSession, user: User, draft: Draft, act: Act) -> None:
    """Keep a draft finished after the discussion closed, for staff (its own commit)."""
    session.add(
        LateDraft(
            act_id=act.id,
            user_id=user.id,
            municipality_id=user.municipality_id,
            data=draft.to_json(),
            summary=(draft.proposed_wording or draft.justification or "")[:500],
        )
    )
    await session.commit()


async def _refuse(
    session: AsyncSession, user: User, draft: Draft, act: Act | None, state: Collection
) -> NoReturn:
    """Why the draft cannot become a proposal now; a late one is kept for staff."""
    if act is not None and state.closed_at is not None:
        await _keep_late(session, user, draft, act)
        # The dialogue answers this code with the closing time and "your draft is kept".
        raise DomainError("proposals-closed-since", since=state.closed_at)
    if state.last_ended is None:
        raise DomainError("proposals-closed")
    raise DomainError("proposals-closed-since", since=state.last_ended.ended_at)


async def submit(
    session: AsyncSession,
    user: User,
    now: datetime | None = None,
    *,
    act_id: int | None = None,
) -> Proposal:
    """Turn the person's complete draft into a proposal on the act (``act_id``, else the act
    the person chose, else the default act) with the act's next number; the draft goes.
    Refused (``DomainError``) without a profile or a draft, with the draft incomplete
    (``proposals-incomplete``, with ``step``), after the act's dated discussion closed
    (``proposals-closed-since``: the draft stays, and a ``LateDraft`` row
    lets staff see it apart) or while proposals are not accepted (``proposals-closed`` /
    ``proposals-closed-since``)."""
    now = now or utcnow()
    draft = await _ready_draft(session, user)
    act = await get_act(session, act_id) if act_id is not None else None
    act = act or await chosen_act(session, user.id)
    state = await collection(session, now, act.id if act else None)
    if not state.accepting:
        await _refuse(session, user, draft, act, state)
    assert draft.place_kind is not None and draft.kind is not None
    assert draft.justification is not None
    if act is None:
        raise DomainError("consultations-act-not-found")
    version = await current_version(session, act.id) if draft.current_from_law else None
    year = now.astimezone(DEFAULT_TZ).year
    seq = await next_number(session, year, act.id)
    deletion = draft.kind == AmendmentKind.DELETION
    proposal = Proposal(
        number=format_number(year, seq, act.code),
        act_id=act.id,
        year=year,
        seq=seq,
        author_id=user.id,
        author_telegram_id=user.telegram_id,
        municipality_id=user.municipality_id,
        campaign_id=state.campaign.id if state.campaign else None,
        law_version_id=version.id if version else None,
        place_kind=PlaceKind(draft.place_kind),
        article=draft.article,
        part=draft.part,
        point=draft.point,
        kind=AmendmentKind(draft.kind),
        current_wording=draft.current_wording,
        proposed_wording=None if deletion else draft.proposed_wording,
        justification=draft.justification,
        attachment_file_id=draft.attachment_file_id,
        attachment_kind=draft.attachment_kind,
        status=ProposalStatus.SUBMITTED,
        submitted_at=now,
        status_changed_at=now,
    )
    session.add(proposal)
    await session.flush()
    row = await session.get(ProposalDraft, user.id)
    if row is not None:
        await session.delete(row)
    await session.commit()
    return proposal
