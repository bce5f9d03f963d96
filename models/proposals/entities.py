"""The proposals' tables and enums: proposals with their yearly numbers, drafts, staff notes,
collection campaigns and the "accept without a campaign" setting."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow
from models.proposals.acts import Act  # noqa: F401 - the table acts.id refers to
from models.proposals.places import Place, PlaceKind
from models.users import User

TEXT_MAX = 4000
NOTE_MAX = 2000
TITLE_MAX = 200


class AmendmentKind(enum.StrEnum):
    NEW_WORDING = "new_wording"
    ADDITION = "addition"
    DELETION = "deletion"


class ProposalStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    UNDER_REVIEW = "under_review"
    ACCEPTED = "accepted"
    PARTIALLY_ACCEPTED = "partially_accepted"
    REJECTED = "rejected"
    MERGED = "merged"
    WITHDRAWN = "withdrawn"


Status = ProposalStatus  # the old name, still imported by other sections

FINAL_STATUSES = frozenset(
    {
        ProposalStatus.ACCEPTED,
        ProposalStatus.PARTIALLY_ACCEPTED,
        ProposalStatus.REJECTED,
        ProposalStatus.MERGED,
    }
)
# Staff moves: submitted → under review → a final status; a final one may be reopened.
STAFF_TRANSITIONS: dict[ProposalStatus, frozenset[ProposalStatus]] = {
    ProposalStatus.SUBMITTED: frozenset({ProposalStatus.UNDER_REVIEW}),
    ProposalStatus.UNDER_REVIEW: FINAL_STATUSES,
    **{s: frozenset({ProposalStatus.UNDER_REVIEW}) for s in FINAL_STATUSES},
    ProposalStatus.WITHDRAWN: frozenset(),
}


class Campaign(Base):
    """A collection of proposals with a deadline."""

    __tablename__ = "law_campaigns"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    deadline: Mapped[datetime]
    opened_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_by: Mapped[int] = mapped_column(BigInteger)
    closed_at: Mapped[datetime | None]  # set when staff close it before the deadline
    act_id: Mapped[int | None] = mapped_column(ForeignKey("acts.id"), index=True)
    reminder_mailing_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailings.id", ondelete="SET NULL")
    )

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
    """The last number given on an act in a year; bumped with a conditional UPDATE (row
    lock)."""

    __tablename__ = "proposal_counters"

    act_id: Mapped[int] = mapped_column(
        ForeignKey("acts.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
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
    __table_args__ = (UniqueConstraint("act_id", "year", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(32), unique=True)
    act_id: Mapped[int | None] = mapped_column(ForeignKey("acts.id"), index=True)
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
    status: Mapped[ProposalStatus] = mapped_column(
        str_enum(ProposalStatus, "proposal_status", 32),
        default=ProposalStatus.SUBMITTED,
        index=True,
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
    def place(self) -> Place:
        return Place.of(self.place_kind, self.article, self.part, self.point)

    @property
    def sort_key(self) -> tuple[int, int, int, int, int, int]:
        return (*self.place.sort_key, self.year, self.seq)

    @property
    def withdrawable(self) -> bool:
        return self.status is ProposalStatus.SUBMITTED


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
