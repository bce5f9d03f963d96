"""Proposals to amend Law No. 135-OZ: drafts, submission with a yearly number, statuses and
their audit, staff notes, collection campaigns and the "accept without a campaign" setting.

Everything a person types goes into their draft row at once (:class:`ProposalDraft`), so a
restart or ``/cancel`` loses nothing. Status changes notify the author through the outbox in
the same transaction (the notice texts live here, next to the change, as in ``notices.py``).
"""

from __future__ import annotations

import enum
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    JSON,
    BigInteger,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    false,
    func,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import audit, outbox
from models.base import Base, str_enum, utcnow
from models.law import LawStructure
from models.notices import DEFAULT_TZ, local
from models.outbox import Content, MailingKind, Recipient
from models.users import InvalidInput, User

TEXT_MAX = 4000
NOTE_MAX = 2000
TITLE_MAX = 200
LAW_NUMBER = "135"
REMIND_BEFORE = timedelta(days=1)


class PlaceKind(enum.StrEnum):
    PROVISION = "provision"  # an article, maybe a part and a point
    NEW_ARTICLE = "new_article"
    WHOLE_LAW = "whole_law"


class AmendmentKind(enum.StrEnum):
    NEW_WORDING = "new_wording"
    ADDITION = "addition"
    DELETION = "deletion"


class Status(enum.StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


FINAL_STATUSES = frozenset(
    {Status.ACCEPTED, Status.PARTIALLY_ACCEPTED, Status.REJECTED, Status.MERGED}
)
# Staff moves: submitted → under review → a final status; a final one may be reopened.
STAFF_TRANSITIONS: dict[Status, frozenset[Status]] = {
    Status.SUBMITTED: frozenset({Status.UNDER_REVIEW}),
    Status.UNDER_REVIEW: FINAL_STATUSES,
    **{s: frozenset({Status.UNDER_REVIEW}) for s in FINAL_STATUSES},
    Status.WITHDRAWN: frozenset(),
}

STATUS_LABELS: dict[Status, str] = {
    Status.SUBMITTED: "подано",
    Status.UNDER_REVIEW: "на рассмотрении",
    Status.ACCEPTED: "принято",
    Status.PARTIALLY_ACCEPTED: "принято частично",
    Status.REJECTED: "отклонено",
    Status.MERGED: "объединено с другим предложением",
    Status.WITHDRAWN: "отозвано автором",
}
KIND_LABELS: dict[AmendmentKind, str] = {
    AmendmentKind.NEW_WORDING: "новая редакция",
    AmendmentKind.ADDITION: "дополнение",
    AmendmentKind.DELETION: "исключение",
}
ANONYMISED = "анонимизировано"
NUMBER_RE = re.compile(rf"\b{LAW_NUMBER}-(\d{{4}})-(\d{{4,}})\b")
_PLACE_RE = re.compile(
    r"^\s*(?:ст(?:атья|\.)?)\s*(\d{1,3})"
    r"(?:\s*,?\s*(?:ч(?:асть|\.)?)\s*(\d{1,3}))?"
    r"(?:\s*,?\s*(?:п(?:ункт|\.)?)\s*(\d{1,3}))?\s*\.?\s*$",
    re.IGNORECASE,
)


# --- tables -----------------------------------------------------------------------------------


class Campaign(Base):
    """A collection of proposals with a deadline."""

    __tablename__ = "law_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    deadline: Mapped[datetime]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[int] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None]  # set when staff close it before the deadline
    reminder_mailing_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailings.id", ondelete="SET NULL")
    )

    def is_open(self, now: datetime) -> bool:
        return self.closed_at is None and now < self.deadline

    @property
    def ended_at(self) -> datetime:
        return self.closed_at if self.closed_at is not None else self.deadline


class ProposalSettings(Base):
    """One row (id 1): whether proposals are accepted while no campaign is open."""

    __tablename__ = "proposal_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    accept_without_campaign: Mapped[bool] = mapped_column(default=True)
    updated_by: Mapped[int | None] = mapped_column(BigInteger)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ProposalCounter(Base):
    """The last number given in a year; bumped with a conditional UPDATE (row lock)."""

    __tablename__ = "proposal_counters"

    year: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(default=0)


class ProposalDraft(Base):
    """A half-written proposal: one per person, every answer saved as it is given."""

    __tablename__ = "proposal_drafts"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Proposal(Base):
    __tablename__ = "proposals"
    __table_args__ = (UniqueConstraint("year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    year: Mapped[int]
    seq: Mapped[int]
    # SET NULL: a deleted profile keeps the proposal in the table, anonymised.
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    author_telegram_id: Mapped[int | None] = mapped_column(BigInteger)
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL"), index=True
    )
    campaign_id: Mapped[int | None] = mapped_column(
        ForeignKey("law_campaigns.id", ondelete="SET NULL"), index=True
    )
    law_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("law_versions.id", ondelete="SET NULL")
    )
    place_kind: Mapped[PlaceKind] = mapped_column(str_enum(PlaceKind, "place_kind", 32))
    article: Mapped[int | None] = mapped_column(index=True)
    part: Mapped[int | None]
    point: Mapped[int | None]
    kind: Mapped[AmendmentKind] = mapped_column(str_enum(AmendmentKind, "amendment_kind", 32))
    current_wording: Mapped[str | None] = mapped_column(Text)
    proposed_wording: Mapped[str | None] = mapped_column(Text)
    justification: Mapped[str] = mapped_column(Text)
    attachment_file_id: Mapped[str | None] = mapped_column(String(255))
    attachment_kind: Mapped[str | None] = mapped_column(String(16))  # "document" | "photo"
    status: Mapped[Status] = mapped_column(
        str_enum(Status, "proposal_status", 32), default=Status.SUBMITTED, index=True
    )
    answer: Mapped[str | None] = mapped_column(Text)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("proposals.id", ondelete="SET NULL")
    )
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    status_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")

    @property
    def place(self) -> str:
        return place_label(self.place_kind, self.article, self.part, self.point)

    @property
    def sort_key(self) -> tuple[int, int, int, int, int, int]:
        return (
            *place_sort_key(self.place_kind, self.article, self.part, self.point),
            self.year,
            self.seq,
        )

    @property
    def withdrawable(self) -> bool:
        return self.status is Status.SUBMITTED


class ProposalNote(Base):
    """An internal note on a proposal; staff only, never shown to the author."""

    __tablename__ = "proposal_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(
        ForeignKey("proposals.id", ondelete="CASCADE"), index=True
    )
    author_telegram_id: Mapped[int] = mapped_column(BigInteger)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# --- places -----------------------------------------------------------------------------------


def place_label(
    kind: PlaceKind | str | None, article: int | None, part: int | None, point: int | None
) -> str:
    if kind == PlaceKind.NEW_ARTICLE:
        return "новая статья"
    if kind == PlaceKind.WHOLE_LAW:
        return "закон в целом"
    label = f"ст. {article}"
    if part is not None:
        label += f" ч. {part}"
    if point is not None:
        label += f" п. {point}"
    return label


def place_sort_key(
    kind: PlaceKind | str, article: int | None, part: int | None, point: int | None
) -> tuple[int, int, int, int]:
    """The law's order: the law as a whole first, then articles, parts, points numerically
    (the whole article before its parts), new articles last."""
    if kind == PlaceKind.WHOLE_LAW:
        return (0, 0, 0, 0)
    if kind == PlaceKind.NEW_ARTICLE:
        return (2, 0, 0, 0)
    return (1, article or 0, -1 if part is None else part, -1 if point is None else point)


def parse_place(raw: str) -> tuple[int, int | None, int | None]:
    """``"ст. 5 ч. 2 п. 3"`` (part and point optional) → ``(5, 2, 3)``."""
    m = _PLACE_RE.match(raw.replace("\u00a0", " "))
    if m is None:
        raise InvalidInput("bad_place")
    article, part, point = (int(g) if g is not None else None for g in m.groups())
    assert article is not None
    if article == 0 or part == 0 or point == 0:
        raise InvalidInput("bad_place")
    return article, part, point


def clean_text(raw: str | None, *, limit: int = TEXT_MAX, required: bool = True) -> str | None:
    """Strip a typed text; ``empty`` / ``too_long`` (with length and limit) when it breaks."""
    value = (raw or "").strip()
    if not value:
        if required:
            raise InvalidInput("empty")
        return None
    if len(value) > limit:
        raise InvalidInput("too_long", length=len(value), limit=limit)
    return value


# --- drafts -----------------------------------------------------------------------------------


class Step(enum.StrEnum):
    PLACE = "place"
    KIND = "kind"
    CURRENT = "current"
    PROPOSED = "proposed"
    JUSTIFICATION = "justification"
    ATTACHMENT = "attachment"
    PREVIEW = "preview"


@dataclass
class Draft:
    """The draft's fields. ``*_done`` flags mark optional steps answered (even with nothing)."""

    place_kind: str | None = None
    article: int | None = None
    part: int | None = None
    point: int | None = None
    kind: str | None = None
    current_wording: str | None = None
    current_done: bool = False
    current_from_law: bool = False
    proposed_wording: str | None = None
    justification: str | None = None
    attachment_file_id: str | None = None
    attachment_kind: str | None = None
    attachment_done: bool = False
    editing: str | None = None  # a step reopened from the preview

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def place(self) -> str:
        return place_label(self.place_kind, self.article, self.part, self.point)

    @property
    def is_provision(self) -> bool:
        return self.place_kind == PlaceKind.PROVISION

    @property
    def next_step(self) -> Step:
        """The step reopened for an edit, else the first step not answered yet; the preview
        when everything is."""
        if self.editing is not None:
            return Step(self.editing)
        if self.place_kind is None:
            return Step.PLACE
        if self.kind is None:
            return Step.KIND
        if self.is_provision and not self.current_done:
            return Step.CURRENT
        if self.kind != AmendmentKind.DELETION and not self.proposed_wording:
            return Step.PROPOSED
        if not self.justification:
            return Step.JUSTIFICATION
        if not self.attachment_done:
            return Step.ATTACHMENT
        return Step.PREVIEW


async def get_draft(session: AsyncSession, user_id: int) -> Draft | None:
    row = await session.get(ProposalDraft, user_id, populate_existing=True)
    return None if row is None else Draft.from_json(row.data)


async def save_draft(
    session: AsyncSession, user_id: int, draft: Draft, *, answered: bool = True
) -> Draft:
    """Write the whole draft and commit; ``answered`` ends an edit from the preview."""
    if answered:
        draft.editing = None
    row = await session.get(ProposalDraft, user_id)
    if row is None:
        session.add(ProposalDraft(user_id=user_id, data=draft.to_json()))
    else:
        row.data = draft.to_json()
        row.updated_at = utcnow()
    await session.commit()
    return draft


async def start_draft(session: AsyncSession, user_id: int) -> Draft:
    return await save_draft(session, user_id, Draft())


async def discard_draft(session: AsyncSession, user_id: int) -> bool:
    row = await session.get(ProposalDraft, user_id)
    if row is None:
        return False
    await session.delete(row)
    await session.commit()
    return True


async def _draft_or_new(session: AsyncSession, user_id: int) -> Draft:
    return await get_draft(session, user_id) or Draft()


async def set_place(
    session: AsyncSession,
    user_id: int,
    kind: PlaceKind,
    article: int | None = None,
    part: int | None = None,
    point: int | None = None,
    law: LawStructure | None = None,
) -> Draft:
    """Choose the place; with a loaded law the provision must exist and its current wording
    is taken from the text. A changed place clears what depended on it."""
    if kind is PlaceKind.PROVISION:
        if article is None:
            raise InvalidInput("bad_place")
        if law is not None and not law.has(article, part, point):
            raise InvalidInput("no_such_place", place=place_label(kind, article, part, point))
    else:
        article = part = point = None
    draft = await _draft_or_new(session, user_id)
    changed = (draft.place_kind, draft.article, draft.part, draft.point) != (
        kind.value,
        article,
        part,
        point,
    )
    draft.place_kind, draft.article, draft.part, draft.point = kind.value, article, part, point
    if changed or draft.current_from_law:
        draft.current_wording, draft.current_done, draft.current_from_law = None, False, False
    if kind is PlaceKind.NEW_ARTICLE:
        draft.kind = AmendmentKind.ADDITION.value
    elif kind is PlaceKind.WHOLE_LAW and draft.kind == AmendmentKind.DELETION:
        draft.kind = None
    if kind is PlaceKind.PROVISION and law is not None and article is not None:
        draft.current_wording = law.wording(article, part, point)
        draft.current_done = draft.current_from_law = True
    return await save_draft(session, user_id, draft)


async def set_kind(session: AsyncSession, user_id: int, kind: AmendmentKind) -> Draft:
    draft = await _draft_or_new(session, user_id)
    if draft.place_kind == PlaceKind.NEW_ARTICLE and kind is not AmendmentKind.ADDITION:
        raise InvalidInput("kind_for_new_article")
    if draft.place_kind == PlaceKind.WHOLE_LAW and kind is AmendmentKind.DELETION:
        raise InvalidInput("kind_for_whole_law")
    draft.kind = kind.value
    if kind is AmendmentKind.DELETION:
        draft.proposed_wording = None
    return await save_draft(session, user_id, draft)


async def set_current(session: AsyncSession, user_id: int, raw: str | None) -> Draft:
    """The current wording typed by the person (optional; ``None`` skips it)."""
    draft = await _draft_or_new(session, user_id)
    draft.current_wording = clean_text(raw, required=False)
    draft.current_done, draft.current_from_law = True, False
    return await save_draft(session, user_id, draft)


async def set_proposed(session: AsyncSession, user_id: int, raw: str | None) -> Draft:
    draft = await _draft_or_new(session, user_id)
    draft.proposed_wording = clean_text(raw)
    return await save_draft(session, user_id, draft)


async def set_justification(session: AsyncSession, user_id: int, raw: str | None) -> Draft:
    draft = await _draft_or_new(session, user_id)
    draft.justification = clean_text(raw)
    return await save_draft(session, user_id, draft)


async def set_attachment(
    session: AsyncSession, user_id: int, file_id: str | None, kind: str | None
) -> Draft:
    if kind not in (None, "document", "photo"):
        raise InvalidInput("bad_attachment")
    draft = await _draft_or_new(session, user_id)
    draft.attachment_file_id, draft.attachment_kind = file_id, kind if file_id else None
    draft.attachment_done = True
    return await save_draft(session, user_id, draft)


async def reopen_step(session: AsyncSession, user_id: int, step: Step) -> Draft:
    """Ask one step again (an edit from the preview); the old answer stays until a new one
    is given, so leaving the edit loses nothing."""
    if step is Step.PREVIEW:
        raise InvalidInput("bad_step")
    draft = await _draft_or_new(session, user_id)
    draft.editing = step.value
    return await save_draft(session, user_id, draft, answered=False)


# --- collection -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Collection:
    """Whether proposals are accepted now, under which campaign, and the last one that ended."""

    accepting: bool
    campaign: Campaign | None = None
    last_ended: Campaign | None = None


async def accepts_without_campaign(session: AsyncSession) -> bool:
    """Read-only: no row yet means the default (accepted)."""
    row = await session.get(ProposalSettings, 1, populate_existing=True)
    return True if row is None else row.accept_without_campaign


async def set_accept_without_campaign(
    session: AsyncSession, actor_telegram_id: int, value: bool
) -> None:
    row = await session.get(ProposalSettings, 1)
    if row is None:
        row = ProposalSettings(id=1, accept_without_campaign=True)
        session.add(row)
    before = row.accept_without_campaign
    row.accept_without_campaign = value
    row.updated_by = actor_telegram_id
    audit.record(
        session,
        actor_telegram_id,
        "proposals.settings",
        target="accept_without_campaign",
        before=before,
        after=value,
    )
    await session.commit()


async def open_campaign_now(session: AsyncSession, now: datetime) -> Campaign | None:
    return await session.scalar(
        select(Campaign)
        .where(Campaign.closed_at.is_(None), Campaign.deadline > now)
        .order_by(Campaign.id.desc())
        .limit(1)
    )


async def collection(session: AsyncSession, now: datetime | None = None) -> Collection:
    now = now or utcnow()
    campaign = await open_campaign_now(session, now)
    if campaign is not None:
        return Collection(accepting=True, campaign=campaign)
    last = await session.scalar(select(Campaign).order_by(Campaign.id.desc()).limit(1))
    accept = await accepts_without_campaign(session)
    return Collection(accepting=accept, last_ended=last)


async def list_campaigns(session: AsyncSession, limit: int = 10) -> list[Campaign]:
    rows = await session.scalars(select(Campaign).order_by(Campaign.id.desc()).limit(limit))
    return list(rows)


def campaign_announcement(title: str, deadline: datetime, tz: ZoneInfo) -> str:
    return (
        f"📝 <b>Совет муниципальных образований Кузбасса открыл сбор предложений</b> по изменению "
        f"Закона Кемеровской области № 135-ОЗ: «{escape(title)}».\n"
        f"Предложения принимаются до {local(deadline, tz)}.\n"
        "Раздел «📝 Поправки в 135-ОЗ» → «Предложить поправку» или команда /proposals."
    )


def campaign_reminder(title: str, deadline: datetime, tz: ZoneInfo) -> str:
    return (
        f"⏰ Напоминание: сбор предложений по Закону № 135-ОЗ («{escape(title)}») "
        f"завершится {local(deadline, tz)}. Успейте направить свои предложения: /proposals."
    )


async def open_campaign(
    session: AsyncSession,
    actor_telegram_id: int,
    title: str,
    deadline: datetime,
    *,
    now: datetime | None = None,
    tz: ZoneInfo = DEFAULT_TZ,
) -> Campaign:
    """Open a collection; tell the law topic's subscribers now and remind them a day before
    the deadline (both through the outbox, in this transaction). Commits."""
    from models.subscriptions import Audience, Topic, resolve  # subscriptions builds on events

    now = now or utcnow()
    clean_title = clean_text(title, limit=TITLE_MAX)
    assert clean_title is not None
    if deadline <= now:
        raise InvalidInput("deadline_past")
    if await open_campaign_now(session, now) is not None:
        raise InvalidInput("campaign_open")
    campaign = Campaign(title=clean_title, deadline=deadline, opened_by=actor_telegram_id)
    session.add(campaign)
    await session.flush()
    recipients = await resolve(session, Audience(topics=frozenset({Topic.LAW})))
    if recipients:
        await outbox.enqueue(
            session,
            kind=MailingKind.ANNOUNCEMENT,
            title=f"Сбор предложений: {clean_title}",
            content=Content(text=campaign_announcement(clean_title, deadline, tz)),
            recipients=recipients,
            created_by=actor_telegram_id,
            dedup_key=f"law_campaign:{campaign.id}:open",
        )
        remind_at = deadline - REMIND_BEFORE
        if remind_at > now:
            reminder = await outbox.enqueue(
                session,
                kind=MailingKind.REMINDER,
                title=f"Напоминание о сборе: {clean_title}",
                content=Content(text=campaign_reminder(clean_title, deadline, tz)),
                recipients=recipients,
                start_at=remind_at,
                created_by=actor_telegram_id,
                dedup_key=f"law_campaign:{campaign.id}:remind",
            )
            campaign.reminder_mailing_id = reminder.id
    audit.record(
        session,
        actor_telegram_id,
        "campaign.open",
        target=f"law_campaign:{campaign.id}",
        title=clean_title,
        deadline=deadline.isoformat(),
        recipients=len(recipients),
    )
    await session.commit()
    return campaign


async def close_campaign(
    session: AsyncSession, actor_telegram_id: int, now: datetime | None = None
) -> Campaign:
    """Close the open campaign before its deadline; its pending reminder is cancelled."""
    now = now or utcnow()
    campaign = await open_campaign_now(session, now)
    if campaign is None:
        raise InvalidInput("no_campaign")
    campaign.closed_at = now
    if campaign.reminder_mailing_id is not None:
        await outbox.cancel_mailing(session, campaign.reminder_mailing_id)
    audit.record(
        session, actor_telegram_id, "campaign.close", target=f"law_campaign:{campaign.id}"
    )
    await session.commit()
    return campaign


# --- submission and numbers -------------------------------------------------------------------


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


async def submit(session: AsyncSession, user: User, now: datetime | None = None) -> Proposal:
    """Turn the person's complete draft into a proposal with a number; the draft goes.
    Raises ``InvalidInput``: ``not_registered``, ``no_draft``, ``incomplete`` (with
    ``step``), ``closed`` (with ``since``, may be ``None``)."""
    now = now or utcnow()
    if not user.is_registered:
        raise InvalidInput("not_registered")
    draft = await get_draft(session, user.id)
    if draft is None:
        raise InvalidInput("no_draft")
    if draft.next_step is not Step.PREVIEW:
        raise InvalidInput("incomplete", step=draft.next_step)
    state = await collection(session, now)
    if not state.accepting:
        raise InvalidInput("closed", since=state.last_ended.ended_at if state.last_ended else None)
    assert draft.place_kind is not None and draft.kind is not None
    assert draft.justification is not None
    law_version = None
    if draft.current_from_law:
        from models.law import current_version

        version = await current_version(session)
        law_version = version.id if version else None
    year = now.astimezone(DEFAULT_TZ).year
    seq = await next_number(session, year)
    proposal = Proposal(
        number=format_number(year, seq),
        year=year,
        seq=seq,
        author_id=user.id,
        author_telegram_id=user.telegram_id,
        municipality_id=user.municipality_id,
        campaign_id=state.campaign.id if state.campaign else None,
        law_version_id=law_version,
        place_kind=PlaceKind(draft.place_kind),
        article=draft.article,
        part=draft.part,
        point=draft.point,
        kind=AmendmentKind(draft.kind),
        current_wording=draft.current_wording,
        proposed_wording=None if draft.kind == AmendmentKind.DELETION else draft.proposed_wording,
        justification=draft.justification,
        attachment_file_id=draft.attachment_file_id,
        attachment_kind=draft.attachment_kind,
        status=Status.SUBMITTED,
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


# --- reading ----------------------------------------------------------------------------------


def fits_int4(value: int) -> bool:
    """Ids from buttons may be forged: anything outside a 4-byte integer matches nothing
    (PostgreSQL refuses such a parameter outright)."""
    return -(2**31) <= value < 2**31


async def get(session: AsyncSession, proposal_id: int) -> Proposal | None:
    if not fits_int4(proposal_id):
        return None
    return await session.get(Proposal, proposal_id, populate_existing=True)


async def by_number(session: AsyncSession, number: str) -> Proposal | None:
    return await session.scalar(select(Proposal).where(Proposal.number == number))


async def of_user(session: AsyncSession, user_id: int, limit: int = 20) -> list[Proposal]:
    rows = await session.scalars(
        select(Proposal)
        .where(Proposal.author_id == user_id)
        .order_by(Proposal.id.desc())
        .limit(limit)
    )
    return list(rows)


@dataclass(frozen=True)
class QueueFilter:
    statuses: frozenset[Status] = frozenset()
    article: int | None = None  # 0: new articles and the law as a whole
    municipality_id: int | None = None
    campaign_id: int | None = None


def _filtered(flt: QueueFilter) -> Any:
    query = select(Proposal)
    values = (flt.article, flt.municipality_id, flt.campaign_id)
    if not all(fits_int4(v) for v in values if v is not None):
        return query.where(false())
    if flt.statuses:
        query = query.where(Proposal.status.in_(list(flt.statuses)))
    if flt.article is not None:
        if flt.article == 0:
            query = query.where(Proposal.article.is_(None))
        else:
            query = query.where(Proposal.article == flt.article)
    if flt.municipality_id is not None:
        query = query.where(Proposal.municipality_id == flt.municipality_id)
    if flt.campaign_id is not None:
        query = query.where(Proposal.campaign_id == flt.campaign_id)
    return query


async def queue(
    session: AsyncSession, flt: QueueFilter, *, offset: int = 0, limit: int = 10
) -> tuple[list[Proposal], int]:
    """A page of proposals (oldest first) and the total that match."""
    query = _filtered(flt)
    total = await session.scalar(select(func.count()).select_from(query.subquery()))
    rows = await session.scalars(query.order_by(Proposal.id).offset(offset).limit(limit))
    return list(rows), int(total or 0)


async def all_matching(session: AsyncSession, flt: QueueFilter) -> list[Proposal]:
    """Everything that matches, in the law's order."""
    rows = list(await session.scalars(_filtered(flt)))
    return sorted(rows, key=lambda p: p.sort_key)


async def filter_values(session: AsyncSession) -> tuple[list[int | None], list[int]]:
    """Articles (``None`` for new articles / the whole law) and municipalities that proposals
    refer to: the options of the queue's filters."""
    articles = await session.scalars(select(Proposal.article).distinct())
    muns = await session.scalars(
        select(Proposal.municipality_id).where(Proposal.municipality_id.is_not(None)).distinct()
    )
    arts = sorted(set(articles), key=lambda a: (a is not None, a or 0))
    return arts, sorted(m for m in muns if m is not None)


@dataclass
class Group:
    place: str
    key: tuple[int, int, int, int]
    proposals: list[Proposal]


async def grouped(session: AsyncSession, flt: QueueFilter | None = None) -> list[Group]:
    """Proposals to the same place together, in the law's order (withdrawn ones left out
    unless the filter asks for them)."""
    flt = flt or QueueFilter(statuses=frozenset(set(Status) - {Status.WITHDRAWN}))
    groups: dict[tuple[int, int, int, int], Group] = {}
    for p in await all_matching(session, flt):
        key = place_sort_key(p.place_kind, p.article, p.part, p.point)
        groups.setdefault(key, Group(place=p.place, key=key, proposals=[])).proposals.append(p)
    return list(groups.values())


async def notes_of(session: AsyncSession, proposal_id: int) -> Sequence[ProposalNote]:
    rows = await session.scalars(
        select(ProposalNote)
        .where(ProposalNote.proposal_id == proposal_id)
        .order_by(ProposalNote.id)
    )
    return list(rows)


# --- changes ----------------------------------------------------------------------------------


def status_notice(proposal: Proposal, merged_into: str | None = None) -> str:
    lines = [
        f"📝 Ваше предложение <b>№ {proposal.number}</b> ({escape(proposal.place)}): "
        f"статус — <b>{STATUS_LABELS[proposal.status]}</b>."
    ]
    if merged_into:
        lines.append(f"Объединено с предложением № {merged_into}.")
    if proposal.answer:
        lines.append(f"\nОтвет Совета:\n{escape(proposal.answer)}")
    lines.append("\nВсе ваши предложения — в разделе «Мои предложения» (/proposals).")
    return "\n".join(lines)


async def withdraw(session: AsyncSession, user: User, proposal_id: int) -> Proposal:
    """The author takes back a proposal that staff have not taken into review yet."""
    proposal = await get(session, proposal_id)
    if proposal is None or proposal.author_id != user.id:
        raise InvalidInput("not_found")
    if not proposal.withdrawable:
        raise InvalidInput("not_withdrawable", status=proposal.status)
    before = proposal.status
    proposal.status = Status.WITHDRAWN
    proposal.status_changed_at = utcnow()
    audit.record(
        session,
        user.telegram_id,
        "proposal.status",
        target=f"proposal:{proposal.number}",
        before=before.value,
        after=Status.WITHDRAWN.value,
    )
    await session.commit()
    return proposal


async def change_status(
    session: AsyncSession,
    actor_telegram_id: int,
    proposal_id: int,
    status: Status,
    answer: str | None = None,
    *,
    expected: Status | None = None,
) -> Proposal:
    """A staff decision: audited (who, when, from, to) and the author notified through the
    outbox, in one transaction. Final statuses need an answer; ``merged`` needs the number of
    another proposal in the answer. ``expected`` guards against a stale card."""
    proposal = await get(session, proposal_id)
    if proposal is None:
        raise InvalidInput("not_found")
    if expected is not None and proposal.status is not expected:
        raise InvalidInput("stale", status=proposal.status)
    if status not in STAFF_TRANSITIONS[proposal.status]:
        raise InvalidInput("bad_transition", status=proposal.status)
    clean = clean_text(answer, required=status in FINAL_STATUSES)
    merged_into: Proposal | None = None
    if status is Status.MERGED:
        assert clean is not None
        m = NUMBER_RE.search(clean)
        merged_into = await by_number(session, m.group(0)) if m else None
        if merged_into is None or merged_into.id == proposal.id:
            raise InvalidInput("merge_target")
    before = proposal.status
    now = utcnow()
    proposal.status = status
    proposal.status_changed_at = now
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
    )
    author = proposal.author
    if author is not None and author.full_name is not None:
        await outbox.enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=f"Предложение {proposal.number}: {STATUS_LABELS[status]}",
            content=Content(
                text=status_notice(proposal, merged_into.number if merged_into else None)
            ),
            recipients=[Recipient(author.telegram_id, author.id)],
            created_by=actor_telegram_id,
        )
    await session.commit()
    return proposal


async def add_note(
    session: AsyncSession, actor_telegram_id: int, proposal_id: int, raw: str | None
) -> ProposalNote:
    proposal = await get(session, proposal_id)
    if proposal is None:
        raise InvalidInput("not_found")
    text = clean_text(raw, limit=NOTE_MAX)
    assert text is not None
    note = ProposalNote(proposal_id=proposal.id, author_telegram_id=actor_telegram_id, text=text)
    session.add(note)
    audit.record(session, actor_telegram_id, "proposal.note", target=f"proposal:{proposal.number}")
    await session.commit()
    return note
