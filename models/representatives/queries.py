"""Who represents which municipality now: the look-ups every section uses to address a
municipality (consultations, reports, the contest)."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Select, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models.outbox import Recipient
from models.representatives.entities import Representative
from models.users import User

SEARCH_LIMIT = 8

# People type «е» for «ё» (and the other way round): both match.
_FOLD_YO = str.maketrans("ё", "е")


def _active() -> Select[Representative]:
    # Rows are changed by conditional UPDATEs: a row already in the session is reloaded.
    return (
        select(Representative)
        .where(Representative.revoked_at.is_(None))
        .execution_options(populate_existing=True)
    )


async def representatives_of(session: AsyncSession, municipality_id: int) -> list[Representative]:
    """Active representatives of one municipality, the signatory first, then by name."""
    rows = await session.scalars(
        _active()
        .join(User, User.id == Representative.user_id)
        .where(Representative.municipality_id == municipality_id)
        .order_by(Representative.is_signatory.desc(), User.full_name, Representative.id)
    )
    return list(rows)


async def roles_of(session: AsyncSession, user_id: int) -> list[Representative]:
    """The person's active representations (usually one), by municipality."""
    rows = await session.scalars(
        _active().where(Representative.user_id == user_id).order_by(Representative.municipality_id)
    )
    return list(rows)


async def municipalities_of(session: AsyncSession, user_id: int) -> list[int]:
    """Ids of the municipalities this person represents now."""
    return [r.municipality_id for r in await roles_of(session, user_id)]


async def is_representative(session: AsyncSession, user_id: int, municipality_id: int) -> bool:
    found = await session.scalar(
        select(Representative.id).where(
            Representative.revoked_at.is_(None),
            Representative.user_id == user_id,
            Representative.municipality_id == municipality_id,
        )
    )
    return found is not None


async def is_signatory(session: AsyncSession, user_id: int, municipality_id: int) -> bool:
    found = await session.scalar(
        select(Representative.id).where(
            Representative.revoked_at.is_(None),
            Representative.is_signatory.is_(True),
            Representative.user_id == user_id,
            Representative.municipality_id == municipality_id,
        )
    )
    return found is not None


async def counts(session: AsyncSession) -> dict[int, tuple[int, bool]]:
    """Municipality id → (active representatives, whether one of them is the signatory)."""
    rows = await session.execute(
        select(
            Representative.municipality_id,
            func.count(),
            func.max(case((Representative.is_signatory.is_(True), 1), else_=0)),
        )
        .where(Representative.revoked_at.is_(None))
        .group_by(Representative.municipality_id)
    )
    return {m: (int(n), bool(s)) for m, n, s in rows}


async def recipients(
    session: AsyncSession,
    municipality_ids: Iterable[int] | None = None,
    *,
    signatories_only: bool = False,
) -> dict[int, list[User]]:
    """Municipality id → its active representatives who can be reached (an active account
    with the current consent). ``None``: every municipality that has any. A municipality
    without reachable representatives is absent from the result."""
    query = (
        select(Representative.municipality_id, User)
        .join(User, User.id == Representative.user_id)
        .where(
            Representative.revoked_at.is_(None),
            User.is_active.is_(True),
            User.consent_version.is_not(None),
        )
        .order_by(Representative.municipality_id, User.id)
    )
    if municipality_ids is not None:
        query = query.where(Representative.municipality_id.in_(sorted(set(municipality_ids))))
    if signatories_only:
        query = query.where(Representative.is_signatory.is_(True))
    found: dict[int, list[User]] = {}
    for municipality_id, user in await session.execute(query):
        found.setdefault(municipality_id, []).append(user)
    return found


async def outbox_recipients(
    session: AsyncSession,
    municipality_ids: Iterable[int] | None = None,
    *,
    signatories_only: bool = False,
) -> list[Recipient]:
    """The same people as outbox recipients, each once (one person may represent two)."""
    found = await recipients(session, municipality_ids, signatories_only=signatories_only)
    people = {u.id: u for users in found.values() for u in users}
    return [Recipient(u.telegram_id, u.id) for u in sorted(people.values(), key=lambda u: u.id)]


async def search_people(
    session: AsyncSession, query: str, *, prefer_municipality: int | None = None
) -> list[User]:
    """Registered people whose name contains every word typed (case- and «ё»-insensitive,
    matched in Python: SQLite's ``lower()`` folds ASCII only). People of
    ``prefer_municipality`` come first; at most ``SEARCH_LIMIT``."""
    words = _fold(query).split()
    if not words:
        return []
    rows = await session.execute(
        select(User.id, User.full_name, User.municipality_id).where(
            User.is_active.is_(True),
            User.consent_version.is_not(None),
            User.full_name.is_not(None),
            User.telegram_id > 0,
        )
    )
    hits = [
        (m != prefer_municipality, name or "", uid)
        for uid, name, m in rows
        if all(w in _fold(name or "") for w in words)
    ]
    ids = [uid for _, _, uid in sorted(hits)[:SEARCH_LIMIT]]
    if not ids:
        return []
    users = {u.id: u for u in await session.scalars(select(User).where(User.id.in_(ids)))}
    return [users[i] for i in ids if i in users]


def _fold(text: str) -> str:
    return " ".join(text.casefold().translate(_FOLD_YO).split())
