"""Personal data (152-FZ): what we store about a person, and forgetting them.

``export`` gathers everything stored about one person; ``forget`` withdraws consent and
anonymises them: the profile is removed, subscriptions and answers deleted, open deliveries
cancelled, and the row is unlinked from their Telegram account. What they submitted for the
public record (proposals to the law, submitted contest applications, municipal reports)
stays, without an author or contact; ``models.privacy_sections`` covers the newer sections.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, privacy_sections, subscriptions
from models.base import utcnow
from models.consent import ConsentLog, cancel_open_deliveries, log_withdrawal
from models.errors import DomainError
from models.events import Event, Rsvp, RsvpStatus, rsvp
from models.outbox import Delivery
from models.proposals import Proposal, ProposalDraft
from models.rendering import Renderer
from models.users import Role, User


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


async def export(session: AsyncSession, user: User, render: Renderer) -> dict[str, Any]:
    """Everything stored about ``user``, as JSON-ready data. Codes stay codes; a proposal's
    place and status are named by ``render`` (as the person saw them in the bot)."""
    draft = await session.get(ProposalDraft, user.id)
    return {
        "exported_at": utcnow().isoformat(),
        "profile": _profile(user),
        "consent": await _consent(session, user),
        "subscriptions": await _subscriptions(session, user),
        "event_answers": await _event_answers(session, user),
        "proposals": await _proposals(session, user, render),
        "proposal_draft": draft.data if draft is not None else None,
        **await privacy_sections.export(session, user),
    }


def _profile(user: User) -> dict[str, Any]:
    return {
        "telegram_id": user.telegram_id,
        "name": user.full_name,
        "role": user.occupation.value if user.occupation else None,
        "municipality": user.municipality.name if user.municipality else None,
        "staff_role": user.role.value,
        "created_at": _iso(user.created_at),
        "active": user.is_active,
    }


async def _consent(session: AsyncSession, user: User) -> dict[str, Any]:
    consents = await session.scalars(
        select(ConsentLog).where(ConsentLog.user_id == user.id).order_by(ConsentLog.id)
    )
    return {
        "current_version": user.consent_version,
        "given_at": _iso(user.consent_given_at),
        "history": [
            {"version": c.version, "action": c.action, "at": _iso(c.created_at)} for c in consents
        ],
    }


async def _subscriptions(session: AsyncSession, user: User) -> dict[str, Any]:
    topics = await subscriptions.topics_of(session, user.id)
    return {
        "topics": sorted(topic.value for topic in topics),
        "extra_municipality_ids": sorted(
            await subscriptions.extra_municipalities(session, user.id)
        ),
        "announcements": user.announcements_enabled,
        "reminders": user.reminders_enabled,
    }


async def _event_answers(session: AsyncSession, user: User) -> list[dict[str, Any]]:
    answers = await session.execute(
        select(Rsvp, Event.title, Event.starts_at)
        .join(Event, Event.id == Rsvp.event_id)
        .where(Rsvp.user_id == user.id)
        .order_by(Event.starts_at)
    )
    return [
        {
            "event": title,
            "starts_at": _iso(starts_at),
            "answer": rsvp.status.value,
            "answered_at": _iso(rsvp.answered_at),
            "checked_in_at": _iso(rsvp.checked_in_at),
        }
        for rsvp, title, starts_at in answers
    ]


async def _proposals(session: AsyncSession, user: User, render: Renderer) -> list[dict[str, Any]]:
    proposals = await session.scalars(
        select(Proposal).where(Proposal.author_id == user.id).order_by(Proposal.id)
    )
    return [
        {
            "number": p.number,
            "place": p.place.label(render),
            "kind": p.kind.value,
            "current_wording": p.current_wording,
            "proposed_wording": p.proposed_wording,
            "justification": p.justification,
            "status": render.label(p.status),
            "answer": p.answer,
            "submitted_at": _iso(p.submitted_at),
        }
        for p in proposals
    ]


async def release_seats(session: AsyncSession, user: User, render: Renderer) -> int:
    """Give up every seat and waitlist place in upcoming events the way «not going» does
    (the first on the waitlist is promoted and told). Returns how many promotions happened."""
    taken = await session.scalars(
        select(Rsvp.event_id).where(
            Rsvp.user_id == user.id, Rsvp.status.in_((RsvpStatus.GOING, RsvpStatus.WAITLIST))
        )
    )
    promoted = 0
    for event_id in list(taken):
        try:
            result = await rsvp(session, event_id, user, RsvpStatus.NOT_GOING, render=render)
        except DomainError:  # started, cancelled or gone: the seat no longer matters
            continue
        promoted += result.promoted_user_id is not None
    return promoted


async def forget(session: AsyncSession, user: User, render: Renderer) -> int:
    """Withdraw consent and anonymise ``user``: seats are released first (promotion and
    notice included), the staff role goes, and the Telegram id is replaced by the row's
    anonymous id in the audit log and the delivery log too. Commits; returns how many
    people were promoted from a waitlist."""
    promoted = await release_seats(session, user, render)
    telegram_id, anonymous = user.telegram_id, -user.id
    log_withdrawal(session, user, utcnow())
    # Proposals stay in the amendments table; the link to the person's account goes.
    await session.execute(
        update(Proposal)
        .where(Proposal.author_id == user.id)
        .values(author_telegram_id=None)
        .execution_options(synchronize_session=False)
    )
    await session.execute(delete(ProposalDraft).where(ProposalDraft.user_id == user.id))
    await subscriptions.clear(session, user.id)
    await session.execute(delete(Rsvp).where(Rsvp.user_id == user.id))
    await privacy_sections.forget(session, user, telegram_id, anonymous)
    await cancel_open_deliveries(session, user.id, telegram_id)
    await session.execute(
        update(Delivery)
        .where(Delivery.chat_id == telegram_id)
        .values(chat_id=anonymous)
        .execution_options(synchronize_session=False)
    )
    await audit.anonymise(session, telegram_id, anonymous)
    _anonymise(user)
    await session.commit()
    return promoted


def _anonymise(user: User) -> None:
    user.full_name = None
    user.occupation = None
    user.municipality_id = None
    user.municipality = None
    user.consent_version = None
    user.consent_given_at = None
    user.announcements_enabled = False
    user.reminders_enabled = False
    user.is_active = False
    user.role = Role.USER
    # Unlink the row from the Telegram account: a later /start is a new person, and the
    # proposals this row authored stay anonymous. Negative ids are never private chats.
    user.telegram_id = -user.id
