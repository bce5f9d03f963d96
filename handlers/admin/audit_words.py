"""The audit log in words: «12.03 14:05 · Ирина (модератор) · предложение 135-2026-0007: на
рассмотрении → отклонено». Who is named from the users table (an anonymised person as
such), what by one message per action; an action without its own wording shows its code."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.audit import AuditEntry
from models.events import Event
from models.proposals import ProposalStatus
from models.users import Role, User, effective_role
from texts import t

ROLE_KEYS = {
    Role.USER: "admin-audit-role-user",
    Role.MODERATOR: "admin-audit-role-moderator",
    Role.ADMIN: "admin-audit-role-admin",
}
ACTION_KEYS = {
    "proposal.status": "admin-audit-proposal-status",
    "proposal.note": "admin-audit-proposal-note",
    "role.change": "admin-audit-role-change",
    "event.create": "admin-audit-event-create",
    "event.publish": "admin-audit-event-publish",
    "event.edit": "admin-audit-event-edit",
    "event.cancel": "admin-audit-event-cancel",
    "law.upload": "admin-audit-law-upload",
    "campaign.open": "admin-audit-campaign-open",
    "campaign.close": "admin-audit-campaign-close",
    "mailing.create": "admin-audit-mailing-create",
    "mailing.stop": "admin-audit-mailing-stop",
    "proposals.settings": "admin-audit-proposals-settings",
}


async def _people(session: AsyncSession, ids: set[int]) -> dict[int, User]:
    rows = await session.scalars(select(User).where(User.telegram_id.in_(ids)))
    return {u.telegram_id: u for u in rows}


def _who(telegram_id: int, people: dict[int, User], admin_ids: frozenset[int]) -> str:
    person = people.get(telegram_id)
    if telegram_id < 0 or (person is None and telegram_id not in admin_ids):
        return t.plain("admin-audit-someone-gone")
    name = person.full_name if person and person.full_name else str(telegram_id)
    role = effective_role(person, telegram_id, admin_ids)
    return t.plain("admin-audit-actor", name=name, role=t.plain(ROLE_KEYS[role]))


def _status(value: Any) -> str:
    try:
        return t.label(ProposalStatus(value))
    except ValueError:
        return str(value)


def _role(value: Any) -> str:
    try:
        return t.plain(ROLE_KEYS[Role(value)])
    except ValueError:
        return str(value)


async def _what(
    session: AsyncSession, entry: AuditEntry, people: dict[int, User], admins: frozenset[int]
) -> str:
    kind, _, ref = (entry.target or "").partition(":")
    details = entry.details or {}
    key = ACTION_KEYS.get(entry.action)
    if key is None:
        return t.plain("admin-audit-other", action=entry.action, target=entry.target or "")
    args: dict[str, Any] = {"number": ref, "id": ref}
    if entry.action == "proposal.status":
        args |= {"before": _status(details.get("before")), "after": _status(details.get("after"))}
    elif entry.action == "role.change":
        who = _who(int(ref), people, admins) if ref.lstrip("-").isdigit() else ref
        args |= {"who": who, "before": _role(details.get("before")),
                 "after": _role(details.get("after"))}  # fmt: skip
    elif kind == "event":
        event = await session.get(Event, int(ref)) if ref.isdigit() else None
        args["title"] = event.title if event else ref
    elif entry.action == "campaign.open":
        args["title"] = str(details.get("title", ""))
    elif entry.action == "law.upload":
        args["filename"] = str(details.get("filename", ""))
    return t.plain(key, **args)


async def lines(
    session: AsyncSession, entries: list[AuditEntry], admin_ids: frozenset[int]
) -> list[str]:
    """One line per entry, plain text (the caller escapes it into the message)."""
    ids = {e.actor_telegram_id for e in entries}
    ids |= {
        int(e.target.split(":", 1)[1])
        for e in entries
        if e.target and e.target.startswith("user:") and e.target[5:].lstrip("-").isdigit()
    }
    people = await _people(session, ids)
    return [
        t.plain(
            "admin-audit-line",
            when=f"{t.day(e.created_at)[:5]} {t.clock(e.created_at)}",
            actor=_who(e.actor_telegram_id, people, admin_ids),
            what=await _what(session, e, people, admin_ids),
        )
        for e in entries
    ]
