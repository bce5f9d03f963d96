"""Appointing, removing and marking representatives, and a hand-over to a deputy.

Each operation commits its own transaction with its audit row and, when a ``render`` is
given, the notice to the person concerned (through the outbox). Concurrent taps are settled
by the database: conditional UPDATEs and the partial unique indexes of ``entities``; a loser
gets a ``DomainError`` and nothing half-done stays.
"""

from __future__ import annotations

from sqlalchemy import inspect, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models.base import utcnow
from models.errors import DomainError
from models.municipalities import Municipality
from models.outbox import Content, MailingKind, Recipient
from models.rendering import Renderer
from models.representatives.entities import Representative
from models.representatives.queries import is_representative
from models.users import User

SOURCE_STAFF = "staff"
SOURCE_INVITE = "invite"
SOURCE_HANDOVER = "handover"


async def active_municipality(session: AsyncSession, municipality_id: int) -> Municipality:
    found = await session.get(Municipality, municipality_id)
    if found is None or not found.is_active:
        raise DomainError("reps-municipality-unknown")
    return found


async def registered_person(session: AsyncSession, user_id: int) -> User:
    person = await session.get(User, user_id)
    if person is None or not person.is_registered or person.telegram_id <= 0:
        raise DomainError("reps-person-not-registered")
    return person


async def _clear_signatory(session: AsyncSession, municipality_id: int) -> None:
    await session.execute(
        update(Representative)
        .where(
            Representative.municipality_id == municipality_id,
            Representative.revoked_at.is_(None),
            Representative.is_signatory.is_(True),
        )
        .values(is_signatory=False)
        .execution_options(synchronize_session=False)
    )


async def notify(
    session: AsyncSession,
    render: Renderer | None,
    actor_telegram_id: int | None,
    person: User,
    key: str,
    **args: object,
) -> None:
    """A notice to the person, in the caller's transaction (nothing without ``render``)."""
    if render is None:
        return
    await outbox.enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=key,
        content=Content(text=render(key, **args)),
        recipients=[Recipient(person.telegram_id, person.id)],
        created_by=actor_telegram_id,
    )


async def fresh(session: AsyncSession, row: Representative) -> Representative:
    """The row reloaded after a commit, with its person and municipality (the caller reads
    them outside any lazy load)."""
    identity = inspect(row).identity  # the id without touching the expired attributes
    assert identity is not None
    found = await session.get(Representative, identity[0], populate_existing=True)
    assert found is not None
    return found


async def commit_or_refuse(session: AsyncSession, race_code: str) -> None:
    try:
        await session.commit()
    except IntegrityError:
        await session.rollback()
        raise DomainError(race_code) from None


async def add_representative(
    session: AsyncSession,
    actor_telegram_id: int | None,
    municipality: Municipality,
    person: User,
    *,
    signatory: bool,
    source: str,
) -> Representative:
    """Add the row (not committed here): the shared step of appointing, invitations and
    hand-overs. Refuses a person who already represents the municipality (callers check
    before they write anything, so a refusal leaves nothing to undo)."""
    if await is_representative(session, person.id, municipality.id):
        raise DomainError(
            "reps-already", name=person.full_name or "", municipality=municipality.name
        )
    if signatory:
        await _clear_signatory(session, municipality.id)
    row = Representative(
        municipality_id=municipality.id,
        user_id=person.id,
        is_signatory=signatory,
        source=source,
        confirmed_by=actor_telegram_id,
        confirmed_at=utcnow(),
    )
    session.add(row)
    try:
        await session.flush()
    except IntegrityError:  # a concurrent appointment of the same person won
        await session.rollback()
        raise DomainError("reps-already-race") from None
    return row


async def appoint(
    session: AsyncSession,
    actor_telegram_id: int,
    municipality_id: int,
    user_id: int,
    *,
    signatory: bool = False,
    render: Renderer | None = None,
) -> Representative:
    """Staff appoint a registered person (audited; the person is told when ``render``)."""
    municipality = await active_municipality(session, municipality_id)
    person = await registered_person(session, user_id)
    row = await add_representative(
        session, actor_telegram_id, municipality, person, signatory=signatory, source=SOURCE_STAFF
    )
    audit.record(
        session,
        actor_telegram_id,
        "representative.appoint",
        target=f"user:{person.telegram_id}",
        municipality=municipality.id,
        signatory=signatory,
    )
    await notify(
        session,
        render,
        actor_telegram_id,
        person,
        "reps-notice-appointed",
        municipality=municipality.name,
    )
    await commit_or_refuse(session, "reps-already-race")
    return await fresh(session, row)


async def _revoke_row(session: AsyncSession, actor_telegram_id: int, row_id: int) -> bool:
    result = await session.execute(
        update(Representative)
        .where(Representative.id == row_id, Representative.revoked_at.is_(None))
        .values(revoked_at=utcnow(), revoked_by=actor_telegram_id, is_signatory=False)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount) == 1  # type: ignore[attr-defined]


async def revoke(
    session: AsyncSession,
    actor_telegram_id: int,
    representative_id: int,
    *,
    render: Renderer | None = None,
) -> Representative:
    """Staff remove a representative; the row stays as history. A second tap is refused."""
    if not await _revoke_row(session, actor_telegram_id, representative_id):
        raise DomainError("reps-gone")  # nothing was written
    row = await session.get(Representative, representative_id, populate_existing=True)
    assert row is not None
    audit.record(
        session,
        actor_telegram_id,
        "representative.revoke",
        target=f"user:{row.user.telegram_id}",
        municipality=row.municipality_id,
    )
    await notify(
        session,
        render,
        actor_telegram_id,
        row.user,
        "reps-notice-revoked",
        municipality=row.municipality.name,
    )
    await commit_or_refuse(session, "reps-gone")
    return await fresh(session, row)


async def set_signatory(
    session: AsyncSession, actor_telegram_id: int, representative_id: int
) -> Representative:
    """Make this active representative the municipality's signatory (the previous one stays
    a representative)."""
    row = await session.get(Representative, representative_id)
    if row is None or row.revoked_at is not None:
        raise DomainError("reps-gone")
    if row.is_signatory:
        raise DomainError("reps-already-signatory")
    await _clear_signatory(session, row.municipality_id)
    result = await session.execute(
        update(Representative)
        .where(Representative.id == row.id, Representative.revoked_at.is_(None))
        .values(is_signatory=True)
        .execution_options(synchronize_session=False)
    )
    if int(result.rowcount) != 1:  # type: ignore[attr-defined]
        await session.rollback()
        raise DomainError("reps-gone")
    audit.record(
        session,
        actor_telegram_id,
        "representative.signatory",
        target=f"user:{row.user.telegram_id}",
        municipality=row.municipality_id,
    )
    await commit_or_refuse(session, "reps-signatory-race")
    return await fresh(session, row)


async def hand_over(
    session: AsyncSession,
    representative: Representative,
    deputy_user_id: int,
    *,
    render: Renderer | None = None,
    commit: bool = True,
    notify_deputy: bool = True,
) -> Representative:
    """The representative passes their place (and the signature, if theirs) to a deputy, a
    registered person; their own row is closed. Audited under the representative's id."""
    deputy = await registered_person(session, deputy_user_id)
    if deputy.id == representative.user_id:
        raise DomainError("reps-handover-self")
    actor = representative.user.telegram_id
    signatory = representative.is_signatory
    municipality = await active_municipality(session, representative.municipality_id)
    if await is_representative(session, deputy.id, municipality.id):
        raise DomainError(
            "reps-already", name=deputy.full_name or "", municipality=municipality.name
        )
    if not await _revoke_row(session, actor, representative.id):
        await session.rollback()
        raise DomainError("reps-gone")
    row = await add_representative(
        session, actor, municipality, deputy, signatory=signatory, source=SOURCE_HANDOVER
    )
    audit.record(
        session,
        actor,
        "representative.handover",
        target=f"user:{deputy.telegram_id}",
        municipality=municipality.id,
        signatory=signatory,
    )
    await notify(
        session,
        render,
        actor,
        representative.user,
        "reps-notice-handed-over",
        municipality=municipality.name,
        deputy=deputy.full_name or "",
    )
    if notify_deputy:
        await notify(
            session, render, actor, deputy, "reps-notice-appointed", municipality=municipality.name
        )
    if commit:
        await commit_or_refuse(session, "reps-already-race")
    return await fresh(session, row)
