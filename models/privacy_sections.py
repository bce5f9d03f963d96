"""Personal data (152-FZ) the newer sections keep: contest applications and votes, municipal
reports, representative roles, event registration answers and tickets, proposal supports.

``export`` lists them for /my_data; ``forget`` is the part of ``models.privacy.forget`` that
treats them the way proposals are treated: what the Council must keep as an official record
(a submitted contest application, a municipal report, a jury sheet, a representative's
history) stays, without the person's contact data and linked only to the anonymised row;
the rest (drafts, open roles, pending links, tickets) goes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import utcnow
from models.contest import Application, AppStatus, Contest, Nomination, Vote
from models.events import Event, QuestionAnswer, Ticket
from models.events.questions import EventQuestion
from models.municipalities import Municipality
from models.proposals import Proposal
from models.proposals.support import ProposalSupport
from models.reports.entities import ReportAnswer, ReportEvent, ReportForm
from models.representatives import Representative, RepresentativeInvite
from models.users import User


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def export(session: AsyncSession, user: User) -> dict[str, Any]:
    """JSON-ready lists, one per section (an empty list: nothing kept there)."""
    return {
        "contest_applications": await _applications(session, user),
        "contest_votes": await _votes(session, user),
        "municipal_reports": await _reports(session, user),
        "representative_roles": await _roles(session, user),
        "event_registration_answers": await _registration_answers(session, user),
        "event_tickets": await _tickets(session, user),
        "proposal_supports": await _supports(session, user),
    }


async def _applications(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(Application, Contest.title, Nomination.title, Municipality.name)
        .join(Contest, Contest.id == Application.contest_id)
        .outerjoin(Nomination, Nomination.id == Application.nomination_id)
        .outerjoin(Municipality, Municipality.id == Application.municipality_id)
        .where(Application.author_id == user.id)
        .order_by(Application.id)
    )
    return [
        {
            "contest": contest,
            "nomination": nomination,
            "number": app.number,
            "status": app.status.value,
            "municipality": municipality,
            "applicant": app.tos_name,
            "contact": app.contact,
            "title": app.title,
            "submitted_at": _iso(app.submitted_at),
        }
        for app, contest, nomination, municipality in rows
    ]


async def _votes(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(Vote, Nomination.title, Application.title)
        .join(Nomination, Nomination.id == Vote.nomination_id)
        .join(Application, Application.id == Vote.application_id)
        .where(Vote.user_id == user.id)
        .order_by(Vote.id)
    )
    return [
        {"nomination": nomination, "application": title, "at": _iso(vote.updated_at)}
        for vote, nomination, title in rows
    ]


async def _reports(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(ReportAnswer, ReportForm.title, ReportForm.year)
        .join(ReportForm, ReportForm.id == ReportAnswer.form_id)
        .where((ReportAnswer.started_by == user.id) | (ReportAnswer.submitted_by == user.id))
        .order_by(ReportAnswer.id)
    )
    return [
        {
            "form": title,
            "year": year,
            "municipality": answer.municipality.name,
            "state": answer.state.value,
            "started_by_you": answer.started_by == user.id,
            "submitted_by_you": answer.submitted_by == user.id,
            "submitted_at": _iso(answer.submitted_at),
        }
        for answer, title, year in rows
    ]


async def _roles(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    rows = await session.scalars(
        select(Representative).where(Representative.user_id == user.id).order_by(Representative.id)
    )
    return [
        {
            "municipality": row.municipality.name,
            "signatory": row.is_signatory,
            "since": _iso(row.confirmed_at),
            "revoked_at": _iso(row.revoked_at),
        }
        for row in rows
    ]


async def _registration_answers(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(QuestionAnswer, EventQuestion.text, Event.title)
        .join(EventQuestion, EventQuestion.id == QuestionAnswer.question_id)
        .join(Event, Event.id == EventQuestion.event_id)
        .where(QuestionAnswer.user_id == user.id)
        .order_by(Event.starts_at, EventQuestion.position)
    )
    return [
        {"event": event, "question": question, "answer": a.answer, "at": _iso(a.answered_at)}
        for a, question, event in rows
    ]


async def _tickets(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(Ticket.issued_at, Event.title)
        .join(Event, Event.id == Ticket.event_id)
        .where(Ticket.user_id == user.id)
        .order_by(Ticket.issued_at)
    )
    return [{"event": event, "issued_at": _iso(issued)} for issued, event in rows]


async def _supports(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(ProposalSupport.created_at, Proposal.number)
        .join(Proposal, Proposal.id == ProposalSupport.proposal_id)
        .where(ProposalSupport.user_id == user.id)
        .order_by(ProposalSupport.id)
    )
    return [{"proposal": number, "at": _iso(at)} for at, number in rows]


async def forget(session: AsyncSession, user: User, telegram_id: int, anonymous: int) -> None:
    """Delete or anonymise what the sections keep about ``user`` (``telegram_id`` their
    Telegram id, replaced by ``anonymous`` where a record must stay). Does not commit."""
    # Contest: an unsubmitted draft is the person's own; a submitted application is the
    # contest's record (its number, jury sheets, votes), kept without the contact.
    await session.execute(
        delete(Application).where(
            Application.author_id == user.id,
            Application.status == AppStatus.DRAFT,
            Application.number.is_(None),
        )
    )
    await session.execute(
        update(Application)
        .where(Application.author_id == user.id)
        .values(contact=None)
        .execution_options(synchronize_session=False)
    )
    # Representative roles end; their history stays (who acted for a municipality when).
    mine = select(Representative.id).where(Representative.user_id == user.id)
    await session.execute(
        delete(RepresentativeInvite).where(
            RepresentativeInvite.handover_from.in_(mine), RepresentativeInvite.used_at.is_(None)
        )
    )
    await session.execute(
        update(Representative)
        .where(Representative.user_id == user.id, Representative.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by=anonymous, is_signatory=False)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(RepresentativeInvite)
        .where(RepresentativeInvite.created_by == telegram_id)
        .values(created_by=anonymous)
        .execution_options(synchronize_session=False)
    )
    # A municipal report is the municipality's; its history names the anonymised row.
    await session.execute(
        update(ReportEvent)
        .where(ReportEvent.actor_telegram_id == telegram_id)
        .values(actor_telegram_id=anonymous)
        .execution_options(synchronize_session=False)
    )
    # Registration answers («Должность») and desk tickets are the person's own.
    await session.execute(delete(QuestionAnswer).where(QuestionAnswer.user_id == user.id))
    await session.execute(delete(Ticket).where(Ticket.user_id == user.id))
    # A support counts on as the proposals do, unlinked from the Telegram account.
    await session.execute(
        update(ProposalSupport)
        .where(ProposalSupport.user_id == user.id)
        .values(telegram_id=anonymous)
        .execution_options(synchronize_session=False)
    )
