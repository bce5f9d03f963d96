"""Submission: a complete draft becomes a proposal with the next number of the year,
``<law>-<year>-<seq>`` (``135-2026-0007``), taken under a row lock."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import DEFAULT_TZ, utcnow
from models.errors import DomainError
from models.proposals.campaigns import collection
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

LAW_NUMBER = "135"  # the law's number opens every proposal's number
NUMBER_RE = re.compile(rf"\b{LAW_NUMBER}-(\d{{4}})-(\d{{4,}})\b")


def _insert(session: AsyncSession) -> Any:
    return postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert


async def next_number(session: AsyncSession, year: int) -> int:
    """Take the next number of ``year`` in the caller's transaction. The conditional UPDATE
    locks the counter row until commit, so concurrent submissions never share a number."""
    for _ in range(5):
        result = await session.execute(
            update(ProposalCounter)
            .where(ProposalCounter.year == year)
            .values(last=ProposalCounter.last + 1)
            .returning(ProposalCounter.last)
        )
        value = result.scalar_one_or_none()
        if value is not None:
            return int(value)
        stmt = (
            _insert(session)(ProposalCounter)
            .values(year=year, last=1)
            .on_conflict_do_nothing(index_elements=["year"])
        )
        inserted = await session.execute(stmt)
        if getattr(inserted, "rowcount", 0) == 1:
            return 1
    raise RuntimeError("could not take a proposal number")  # pragma: no cover


def format_number(year: int, seq: int) -> str:
    return f"{LAW_NUMBER}-{year}-{seq:04d}"


async def _ready_draft(session: AsyncSession, user: User) -> Draft:
    if not user.is_registered:
        raise DomainError("proposals-need-profile")
    draft = await get_draft(session, user.id)
    if draft is None:
        raise DomainError("proposals-no-draft")
    if draft.next_step is not Step.PREVIEW:
        raise DomainError("proposals-incomplete", step=draft.next_step)
    return draft


async def submit(session: AsyncSession, user: User, now: datetime | None = None) -> Proposal:
    """Turn the person's complete draft into a proposal with a number; the draft goes.
    Refused (``DomainError``) without a profile or a draft, with the draft incomplete
    (``proposals-incomplete``, with ``step``) or while proposals are not accepted
    (``proposals-closed`` / ``proposals-closed-since`` with ``since``)."""
    now = now or utcnow()
    draft = await _ready_draft(session, user)
    state = await collection(session, now)
    if not state.accepting:
        if state.last_ended is None:
            raise DomainError("proposals-closed")
        raise DomainError("proposals-closed-since", since=state.last_ended.ended_at)
    assert draft.place_kind is not None and draft.kind is not None
    assert draft.justification is not None
    version = await current_version(session) if draft.current_from_law else None
    year = now.astimezone(DEFAULT_TZ).year
    seq = await next_number(session, year)
    deletion = draft.kind == AmendmentKind.DELETION
    proposal = Proposal(
        number=format_number(year, seq),
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
