"""A mass mailing's life: created (enqueued now, or planned), started when its time comes,
stopped by an admin, finished when nothing is left to send.

A mailing for later gets its deliveries only when it starts (``materialize_due``): the
audience is resolved at that moment, so a /stop or a topic switched off in between is
respected. A mailing for now is resolved and enqueued in the same transaction that creates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models.audiences import Audience, resolve
from models.base import utcnow
from models.errors import DomainError
from models.mailings.compose import normalise_audience
from models.mailings.entities import TITLE_MAX, MassMailing
from models.mailings.paid import paid_cost_tenths
from models.outbox import Content, ContentKind, Delivery, Mailing, MailingKind, MailingState


async def create(
    session: AsyncSession,
    *,
    actor: int,
    source_chat_id: int,
    source_message_id: int,
    title: str,
    buttons: list[list[dict[str, str]]] | None,
    audience: Audience,
    start_at: datetime | None,
    progress_chat_id: int,
    progress_message_id: int | None,
    confirm_key: str,
    paid: bool = False,
) -> tuple[MassMailing, int]:
    """Create a mass mailing and its audit entry, and commit. With ``start_at`` None it is
    enqueued at once; otherwise its recipients are resolved when it starts. Returns the
    mailing and the number of recipients (as of now). An empty audience is refused.
    ``title`` is what staff see in lists (the caller words it: the start of the text, or
    the kind of attachment).

    ``confirm_key`` names the confirmation (the dialogue makes one per confirmation it
    shows): it is the outbox mailing's unique ``dedup_key``, so a second "yes" of the same
    confirmation, however close and on whichever instance, creates nothing and is refused
    with ``mailing-already-started``. ``paid`` sends it as a paid broadcast (up to 1000/s);
    its estimated cost in Stars is recorded on the mailing and in the audit entry."""
    dedup_key = f"mass:{actor}:{confirm_key}"[:128]
    if await session.scalar(select(Mailing.id).where(Mailing.dedup_key == dedup_key)):
        raise DomainError("mailing-already-started")
    try:
        return await _create(
            session,
            actor=actor,
            source=(source_chat_id, source_message_id),
            title=title,
            buttons=buttons,
            audience=audience,
            start_at=start_at,
            progress=(progress_chat_id, progress_message_id),
            dedup_key=dedup_key,
            paid=paid,
        )
    except IntegrityError:  # the other tap's transaction won the unique key
        await session.rollback()
        raise DomainError("mailing-already-started") from None


async def _create(
    session: AsyncSession,
    *,
    actor: int,
    source: tuple[int, int],
    title: str,
    buttons: list[list[dict[str, str]]] | None,
    audience: Audience,
    start_at: datetime | None,
    progress: tuple[int, int | None],
    dedup_key: str,
    paid: bool,
) -> tuple[MassMailing, int]:
    audience = normalise_audience(audience)
    now = utcnow()
    scheduled = start_at is not None and start_at > now
    recipients = await resolve(session, audience)
    if not recipients:
        raise DomainError("mailing-empty-audience")
    mailing = await outbox.enqueue(
        session,
        kind=MailingKind.MAILING,
        title=(" ".join(title.split()) or "—")[:TITLE_MAX],
        content=Content(
            kind=ContentKind.COPY,
            copy_from_chat_id=source[0],
            copy_message_id=source[1],
            buttons=buttons or None,
            paid_broadcast=paid,
        ),
        paid_cost_tenths=paid_cost_tenths(len(recipients)) if paid else 0,
        recipients=[] if scheduled else recipients,
        start_at=start_at if scheduled else now,
        created_by=actor,
        dedup_key=dedup_key,
        marketing=audience.announcements_only,
    )
    mass = MassMailing(
        mailing_id=mailing.id,
        audience=audience.to_dict(),
        created_by=actor,
        planned_count=len(recipients),
        progress_chat_id=progress[0],
        progress_message_id=progress[1],
        started_at=None if scheduled else now,
    )
    session.add(mass)
    _audit_create(session, actor, mailing, audience, len(recipients), scheduled=scheduled)
    await session.commit()
    await session.refresh(mass, ["mailing"])
    return mass, len(recipients)


def _audit_create(
    session: AsyncSession,
    actor: int,
    mailing: Mailing,
    audience: Audience,
    count: int,
    *,
    scheduled: bool,
) -> None:
    audit.record(
        session,
        actor,
        "mailing.create",
        target=f"mailing:{mailing.id}",
        audience=audience.to_dict(),
        count=count,
        start_at=mailing.start_at.isoformat(),
        scheduled=scheduled,
        paid_broadcast=mailing.paid_broadcast,
        paid_cost_tenths=mailing.paid_cost_tenths,
    )


async def get(session: AsyncSession, mailing_id: int) -> MassMailing | None:
    return await session.get(MassMailing, mailing_id)


async def set_progress_message(
    session: AsyncSession, mailing_id: int, chat_id: int, message_id: int
) -> None:
    mass = await session.get(MassMailing, mailing_id)
    if mass is not None:
        mass.progress_chat_id = chat_id
        mass.progress_message_id = message_id
        await session.commit()


async def stop(session: AsyncSession, mailing_id: int, actor: int) -> int:
    """Stop a mass mailing: nothing more is sent, the rest is recorded as cancelled. Returns
    how many deliveries were cancelled. Refuses one that is gone or already over."""
    mass = await session.get(MassMailing, mailing_id)
    if mass is None:
        raise DomainError("mailing-not-found")
    if mass.finished_at is not None or mass.mailing.state is MailingState.CANCELLED:
        raise DomainError("mailing-stop-finished")
    cancelled = await outbox.cancel_mailing(session, mailing_id)
    now = utcnow()
    mass.stopped_by = actor
    mass.stopped_at = now
    if mass.started_at is None:  # stopped before it began: nothing will ever be sent
        mass.finished_at = now
    audit.record(
        session, actor, "mailing.stop", target=f"mailing:{mailing_id}", cancelled=cancelled
    )
    await session.commit()
    return cancelled


async def materialize_due(session: AsyncSession, now: datetime) -> list[int]:
    """Scheduled mass mailings whose time has come get their recipients (resolved now) and
    are enqueued. Returns their ids. Commits."""
    due = (
        await session.scalars(
            select(MassMailing)
            .join(Mailing, Mailing.id == MassMailing.mailing_id)
            .where(
                MassMailing.started_at.is_(None),
                MassMailing.finished_at.is_(None),
                Mailing.state == MailingState.ACTIVE,
                Mailing.start_at <= now,
            )
        )
    ).all()
    started = []
    for mass in due:
        recipients = await resolve(session, Audience.from_dict(mass.audience))
        await outbox.enqueue(
            session,
            kind=MailingKind.MAILING,
            title=mass.mailing.title,
            content=Content(
                kind=ContentKind.COPY,
                copy_from_chat_id=mass.mailing.copy_from_chat_id,
                copy_message_id=mass.mailing.copy_message_id,
            ),
            recipients=recipients,
            dedup_key=mass.mailing.dedup_key,
        )
        mass.started_at = now
        started.append(mass.mailing_id)
    if started:
        await session.commit()
    return started


async def running(session: AsyncSession) -> list[MassMailing]:
    """Mass mailings that have started and are not finished (the progress updater's list)."""
    result = await session.scalars(
        select(MassMailing)
        .where(MassMailing.started_at.is_not(None), MassMailing.finished_at.is_(None))
        .order_by(MassMailing.mailing_id)
        .execution_options(populate_existing=True)
    )
    return list(result.unique())


async def finish(session: AsyncSession, mailing_id: int, now: datetime) -> datetime | None:
    """Record a mass mailing as finished if nothing is open; returns the finish time (the
    last delivery's), or None if it is still going. Commits."""
    mass = await session.get(MassMailing, mailing_id)
    if mass is None or mass.finished_at is not None:
        return mass.finished_at if mass else None
    open_count = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(Delivery.mailing_id == mailing_id, Delivery.state.in_(outbox.OPEN_STATES))
    )
    if open_count:
        return None
    last = await session.scalar(
        select(func.max(Delivery.updated_at)).where(Delivery.mailing_id == mailing_id)
    )
    mass.finished_at = max(last, mass.started_at or last) if last is not None else now
    await session.commit()
    return mass.finished_at


async def history(session: AsyncSession, limit: int = 10) -> Sequence[MassMailing]:
    result = await session.scalars(
        select(MassMailing).order_by(MassMailing.mailing_id.desc()).limit(limit)
    )
    return result.unique().all()
