"""The tables of reports from municipalities: a questionnaire (``ReportForm``) with its
questions, one answer per municipality (``ReportAnswer``) made of one row per answered
question (``ReportValue``), and the history of an answer (``ReportEvent``).

One answer per (form, municipality) and one value per (answer, question) are unique
constraints: two representatives of a municipality filling it at once write into the same
rows (an upsert), and a state change is a conditional UPDATE, so a double tap on «Отправить»
submits once.
"""

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
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow
from models.municipalities import Municipality

TITLE_MAX = 200
CODE_MAX = 32
QUESTION_MAX = 1000
HINT_MAX = 1000
TEXT_ANSWER_MAX = 3000
COMMENT_MAX = 1000


class ReportQuestionKind(enum.StrEnum):
    NUMBER = "number"
    INTEGER = "integer"
    TEXT = "text"
    CHOICE = "choice"  # one of a list
    MULTI = "multi"  # several of a list
    DATE = "date"
    YESNO = "yesno"
    FILE = "file"


NUMERIC = (ReportQuestionKind.NUMBER, ReportQuestionKind.INTEGER)


class ReportFormState(enum.StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    CLOSED = "closed"


class ReportState(enum.StrEnum):
    PENDING = "pending"  # addressed, nobody started
    DRAFT = "draft"  # in progress
    SUBMITTED = "submitted"
    RETURNED = "returned"  # staff asked for corrections
    ACCEPTED = "accepted"


DONE_STATES = (ReportState.SUBMITTED, ReportState.ACCEPTED)
OPEN_STATES = (ReportState.PENDING, ReportState.DRAFT, ReportState.RETURNED)


class ReportHistoryKind(enum.StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class ReportForm(Base):
    __tablename__ = "report_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    year: Mapped[int] = mapped_column(Integer)
    state: Mapped[ReportFormState] = mapped_column(
        str_enum(ReportFormState, "report_form_state"), default=ReportFormState.DRAFT
    )
    deadline: Mapped[datetime | None]
    # A change of a number by more than this (percent) from last year asks for a comment.
    change_threshold: Mapped[float | None] = mapped_column(Float)
    previous_form_id: Mapped[int | None] = mapped_column(
        ForeignKey("report_forms.id", ondelete="SET NULL")
    )
    created_by: Mapped[int] = mapped_column(BigInteger)  # staff telegram id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]

    questions: Mapped[list[ReportQuestion]] = relationship(
        order_by="ReportQuestion.position",
        cascade="all, delete-orphan",
        lazy="selectin",
        back_populates="form",
    )


class ReportQuestion(Base):
    __tablename__ = "report_questions"
    __table_args__ = (UniqueConstraint("form_id", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("report_forms.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer)
    section: Mapped[str] = mapped_column(String(TITLE_MAX))
    code: Mapped[str] = mapped_column(String(CODE_MAX))
    text: Mapped[str] = mapped_column(String(QUESTION_MAX))
    kind: Mapped[ReportQuestionKind] = mapped_column(
        str_enum(ReportQuestionKind, "report_question_kind")
    )
    options: Mapped[list[str]] = mapped_column(JSON, default=list)
    unit: Mapped[str | None] = mapped_column(String(64))
    min_value: Mapped[float | None] = mapped_column(Float)
    max_value: Mapped[float | None] = mapped_column(Float)
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    hint: Mapped[str | None] = mapped_column(String(HINT_MAX))

    form: Mapped[ReportForm] = relationship(back_populates="questions")


class ReportAnswer(Base):
    __tablename__ = "report_answers"
    __table_args__ = (UniqueConstraint("form_id", "municipality_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    form_id: Mapped[int] = mapped_column(
        ForeignKey("report_forms.id", ondelete="CASCADE"), index=True
    )
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    state: Mapped[ReportState] = mapped_column(
        str_enum(ReportState, "report_answer_state"), default=ReportState.PENDING
    )
    started_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    submitted_at: Mapped[datetime | None]
    # Returned for correction: question id (as text) → the staff comment; emptied on submit.
    reopened: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # Reminders: the last stage sent (0 none) and how many were sent.
    reminder_stage: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reminders_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    municipality: Mapped[Municipality] = relationship(lazy="joined")


class ReportValue(Base):
    __tablename__ = "report_values"
    __table_args__ = (UniqueConstraint("answer_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("report_answers.id", ondelete="CASCADE"), index=True
    )
    question_id: Mapped[int] = mapped_column(ForeignKey("report_questions.id", ondelete="CASCADE"))
    # JSON of the kind: a float, an int, a string, a list of strings, "YYYY-MM-DD", a bool,
    # {"file_id": ..., "name": ...}; None: skipped (an optional question).
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    unchanged: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    comment: Mapped[str | None] = mapped_column(String(COMMENT_MAX))
    fixed: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ReportEvent(Base):
    """The history of an answer: submitted, returned (with the comments), accepted."""

    __tablename__ = "report_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(
        ForeignKey("report_answers.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[ReportHistoryKind] = mapped_column(
        str_enum(ReportHistoryKind, "report_event_kind")
    )
    actor_telegram_id: Mapped[int] = mapped_column(BigInteger)
    comments: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
