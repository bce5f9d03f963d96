"""Registration questions of an event («Должность», «Нужна парковка?» with options), set by
staff, asked after «Пойду»; each person's answers are kept and appear in the exports as one
column per question."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models import audit
from models.base import Base, dialect_insert, utcnow
from models.errors import DomainError
from models.events.entities import Event

QUESTIONS_MAX = 10
TEXT_MAX = 200
OPTION_MAX = 40
OPTIONS_MAX = 8
ANSWER_MAX = 500


class EventQuestion(Base):
    __tablename__ = "event_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(default=0)
    text: Mapped[str] = mapped_column(String(TEXT_MAX))
    # None: a free-text answer; else the answer is one of these.
    options: Mapped[list[str] | None] = mapped_column(JSON)


class QuestionAnswer(Base):
    __tablename__ = "event_question_answers"
    __table_args__ = (UniqueConstraint("question_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("event_questions.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    answer: Mapped[str] = mapped_column(Text)
    answered_at: Mapped[datetime] = mapped_column(default=utcnow)


def parse_options(text: str) -> list[str]:
    """``Да; Нет`` or one option per line → the options (trimmed, no repeats)."""
    parts = [p.strip() for chunk in text.splitlines() for p in chunk.split(";")]
    options = list(dict.fromkeys(p for p in parts if p))
    if len(options) < 2 or len(options) > OPTIONS_MAX:
        raise DomainError("events-desk-q-options-count", limit=OPTIONS_MAX)
    if any(len(o) > OPTION_MAX for o in options):
        raise DomainError("events-desk-q-option-long", limit=OPTION_MAX)
    return options


async def of_event(session: AsyncSession, event_id: int) -> list[EventQuestion]:
    found = await session.scalars(
        select(EventQuestion)
        .where(EventQuestion.event_id == event_id)
        .order_by(EventQuestion.position, EventQuestion.id)
    )
    return list(found)


async def add(
    session: AsyncSession,
    event_id: int,
    text: str,
    options: list[str] | None,
    actor_telegram_id: int,
) -> EventQuestion:
    """Add a question at the end; audited. Commits."""
    text = " ".join(text.split())
    if not text:
        raise DomainError("events-desk-q-empty")
    if len(text) > TEXT_MAX:
        raise DomainError("events-errors-too_long", length=len(text), limit=TEXT_MAX)
    if await session.get(Event, event_id) is None:
        raise DomainError("events-event-gone")
    count = await session.scalar(
        select(func.count()).select_from(EventQuestion).where(EventQuestion.event_id == event_id)
    )
    if (count or 0) >= QUESTIONS_MAX:
        raise DomainError("events-desk-q-too-many", limit=QUESTIONS_MAX)
    question = EventQuestion(event_id=event_id, position=count or 0, text=text, options=options)
    session.add(question)
    audit.record(session, actor_telegram_id, "event.question.add", target=f"event:{event_id}")
    await session.commit()
    return question


async def remove(
    session: AsyncSession, event_id: int, question_id: int, actor_telegram_id: int
) -> bool:
    """Delete a question with its answers; audited. Commits. False when it was gone."""
    result = await session.execute(
        delete(EventQuestion).where(
            EventQuestion.id == question_id, EventQuestion.event_id == event_id
        )
    )
    if getattr(result, "rowcount", 0) != 1:
        await session.commit()
        return False
    await session.execute(delete(QuestionAnswer).where(QuestionAnswer.question_id == question_id))
    audit.record(session, actor_telegram_id, "event.question.remove", target=f"event:{event_id}")
    await session.commit()
    return True


async def unanswered(session: AsyncSession, event_id: int, user_id: int) -> list[EventQuestion]:
    """The event's questions this person has not answered yet, in order."""
    answered = select(QuestionAnswer.question_id).where(QuestionAnswer.user_id == user_id)
    found = await session.scalars(
        select(EventQuestion)
        .where(EventQuestion.event_id == event_id, EventQuestion.id.not_in(answered))
        .order_by(EventQuestion.position, EventQuestion.id)
    )
    return list(found)


async def answer(session: AsyncSession, question_id: int, user_id: int, value: str) -> None:
    """Keep (or replace) a person's answer; a choice must be one of the options. Commits."""
    question = await session.get(EventQuestion, question_id)
    if question is None:
        raise DomainError("events-desk-q-gone")
    value = value.strip()
    if not value:
        raise DomainError("events-desk-q-empty")
    if len(value) > ANSWER_MAX:
        raise DomainError("events-errors-too_long", length=len(value), limit=ANSWER_MAX)
    if question.options is not None and value not in question.options:
        raise DomainError("events-desk-q-choose")
    insert = dialect_insert(session)
    stmt = insert(QuestionAnswer).values(
        question_id=question_id, user_id=user_id, answer=value, answered_at=utcnow()
    )
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["question_id", "user_id"],
            set_={"answer": stmt.excluded.answer, "answered_at": stmt.excluded.answered_at},
        )
    )
    await session.commit()


async def answers_of_event(
    session: AsyncSession, event_id: int
) -> tuple[list[EventQuestion], dict[int, dict[int, str]]]:
    """The questions and, per user id, their answers by question id (for the exports)."""
    found = await of_event(session, event_id)
    rows = await session.execute(
        select(QuestionAnswer.user_id, QuestionAnswer.question_id, QuestionAnswer.answer).where(
            QuestionAnswer.question_id.in_([q.id for q in found])
        )
    )
    by_user: dict[int, dict[int, str]] = {}
    for user_id, question_id, value in rows:
        by_user.setdefault(user_id, {})[question_id] = value
    return found, by_user
