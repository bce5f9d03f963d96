"""The contest's tables and enums: a contest with dated stages, its nominations with criteria,
applications (drafts are rows too) with their files and numbers, jurors, score sheets and
scores, public votes."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from models.base import Base, str_enum, utcnow

TITLE_MAX = 200
TEXT_MAX = 3500
SHORT_MAX = 300
COMMENT_MAX = 1000
FILES_MAX = 10  # photos and documents of one application


class Stage(enum.StrEnum):
    """Stages in order; ``VOTE`` only when the contest has a public vote."""

    DRAFT = "draft"
    APPLICATIONS = "applications"
    JURY = "jury"
    VOTE = "vote"
    RESULTS = "results"


class ApplicantKind(enum.StrEnum):
    MUNICIPALITY = "municipality"
    TOS = "tos"


class Field(enum.StrEnum):
    """The fields of an application, in the order the dialogue asks them."""

    NOMINATION = "nomination"
    APPLICANT = "applicant"  # the municipality (by its representative) or the TOS's name
    MUNICIPALITY = "municipality"  # the TOS's municipality
    CONTACT = "contact"
    TITLE = "title"
    DESCRIPTION = "description"
    RESULTS = "results"
    BUDGET = "budget"
    PHOTOS = "photos"
    DOCUMENTS = "documents"


# Always required; a nomination adds any of the optional ones to its ``required``.
ALWAYS_REQUIRED = (Field.NOMINATION, Field.APPLICANT, Field.CONTACT, Field.TITLE)
OPTIONAL_FIELDS = (Field.DESCRIPTION, Field.RESULTS, Field.BUDGET, Field.PHOTOS, Field.DOCUMENTS)


class AppStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"  # back to the applicant for revision, with a comment


class FileKind(enum.StrEnum):
    PHOTO = "photo"
    DOCUMENT = "document"


class Contest(Base):
    __tablename__ = "contests"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    rules_file_id: Mapped[str | None] = mapped_column(String(255))
    stage: Mapped[Stage] = mapped_column(str_enum(Stage, "contest_stage"), default=Stage.DRAFT)
    applications_from: Mapped[datetime]
    applications_until: Mapped[datetime]  # the deadline of applications
    jury_until: Mapped[datetime]
    vote_until: Mapped[datetime | None]  # None: no public vote
    live_counts: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    spread_threshold: Mapped[float] = mapped_column(Float, default=3.0)
    vote_opened_at: Mapped[datetime | None]  # people registered after it do not count
    announced_at: Mapped[datetime | None]
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def has_vote(self) -> bool:
        return self.vote_until is not None


class Nomination(Base):
    __tablename__ = "contest_nominations"

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    applicant_kind: Mapped[ApplicantKind] = mapped_column(
        str_enum(ApplicantKind, "contest_applicant_kind")
    )
    score_min: Mapped[int] = mapped_column(default=0)
    score_max: Mapped[int] = mapped_column(default=10)
    required: Mapped[list[str]] = mapped_column(JSON, default=list)

    def requires(self, field: Field) -> bool:
        return field in ALWAYS_REQUIRED or field.value in self.required


class Criterion(Base):
    __tablename__ = "contest_criteria"

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("contest_nominations.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    weight: Mapped[float] = mapped_column(Float, default=1.0)


class Application(Base):
    __tablename__ = "contest_applications"
    __table_args__ = (
        UniqueConstraint("contest_id", "number"),
        Index("ix_contest_applications_author", "author_id", "contest_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    contest_id: Mapped[int] = mapped_column(ForeignKey("contests.id", ondelete="CASCADE"))
    nomination_id: Mapped[int | None] = mapped_column(
        ForeignKey("contest_nominations.id", ondelete="CASCADE")
    )
    number: Mapped[int | None]  # given at the first submission, kept after a return
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[AppStatus] = mapped_column(
        str_enum(AppStatus, "contest_app_status"), default=AppStatus.DRAFT
    )
    step: Mapped[str | None] = mapped_column(String(32))  # the dialogue's open step
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL")
    )
    tos_name: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    contact: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    title: Mapped[str | None] = mapped_column(String(TITLE_MAX))
    description: Mapped[str | None] = mapped_column(Text)
    results: Mapped[str | None] = mapped_column(Text)
    budget: Mapped[str | None] = mapped_column(String(SHORT_MAX))
    return_comment: Mapped[str | None] = mapped_column(Text)
    in_vote: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The preview was reached once: an edit from it returns to it.
    reviewed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    flagged_at: Mapped[datetime | None]  # jurors disagree beyond the threshold
    submitted_at: Mapped[datetime | None]  # the first submission: it breaks ties
    resubmitted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class ApplicationFile(Base):
    __tablename__ = "contest_files"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("contest_applications.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[FileKind] = mapped_column(str_enum(FileKind, "contest_file_kind"))
    file_id: Mapped[str] = mapped_column(String(255))
    file_name: Mapped[str | None] = mapped_column(String(SHORT_MAX))


class ContestCounter(Base):
    """The last application number of a contest (taken under the row's lock)."""

    __tablename__ = "contest_counters"

    contest_id: Mapped[int] = mapped_column(
        ForeignKey("contests.id", ondelete="CASCADE"), primary_key=True
    )
    last: Mapped[int] = mapped_column(default=0)


class Juror(Base):
    __tablename__ = "contest_jurors"
    __table_args__ = (UniqueConstraint("nomination_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("contest_nominations.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    appointed_by: Mapped[int] = mapped_column(BigInteger)
    appointed_at: Mapped[datetime] = mapped_column(default=utcnow)
    reminded_at: Mapped[datetime | None]


class ScoreSheet(Base):
    """One juror's evaluation of one application: scores per criterion and a comment."""

    __tablename__ = "contest_sheets"
    __table_args__ = (UniqueConstraint("application_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("contest_applications.id", ondelete="CASCADE")
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    scores: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # criterion id → value
    comment: Mapped[str | None] = mapped_column(Text)
    completed_at: Mapped[datetime | None]  # every criterion scored
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)


class Vote(Base):
    __tablename__ = "contest_votes"
    __table_args__ = (UniqueConstraint("nomination_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    nomination_id: Mapped[int] = mapped_column(
        ForeignKey("contest_nominations.id", ondelete="CASCADE")
    )
    application_id: Mapped[int] = mapped_column(
        ForeignKey("contest_applications.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    counted: Mapped[bool] = mapped_column(Boolean, default=True)  # registered before the vote
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
