"""What staff hear of proposals on their own: new proposals, batched (at most one message
per staff member every ``BATCH_EVERY`` with «новых предложений: 3»), and a digest when a
discussion closes (received, by article, undecided). Both go through the outbox; the
scheduler's job (``scheduler.proposal_alerts``) calls them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models import outbox
from models.base import Base
from models.outbox import Content, Mailing, MailingKind, Recipient
from models.proposals.acts import Act
from models.proposals.decisions import UNDECIDED
from models.proposals.entities import Campaign, Proposal, ProposalStatus
from models.proposals.places import Place
from models.proposals.queries import QueueFilter, all_matching
from models.rendering import Renderer
from models.users import Role, User

BATCH_EVERY = timedelta(minutes=15)
NUMBERS_SHOWN = 10
DIGEST_LOOKBACK = timedelta(days=7)  # campaigns that ended longer ago get no digest


class AlertCursor(Base):
    """Up to which proposal a staff member has been told, and when last."""

    __tablename__ = "proposal_alert_cursors"

    telegram_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    last_proposal_id: Mapped[int] = mapped_column(default=0)
    last_sent_at: Mapped[datetime | None]


async def _staff_users(session: AsyncSession, admin_ids: Iterable[int]) -> list[User]:
    rows = await session.scalars(
        select(User).where(
            (User.role == Role.MODERATOR) | User.telegram_id.in_(list(admin_ids)),
            User.is_active.is_(True),
        )
    )
    return list(rows)


async def staff(session: AsyncSession, admin_ids: Iterable[int]) -> list[Recipient]:
    """Moderators (stored) and admins (from the settings), each once, active ones."""
    ids = list(admin_ids)
    found = {
        u.telegram_id: Recipient(u.telegram_id, u.id) for u in await _staff_users(session, ids)
    }
    for admin in ids:
        found.setdefault(admin, Recipient(admin))
    return [found[k] for k in sorted(found)]


async def staff_names(session: AsyncSession, admin_ids: Iterable[int]) -> dict[int, str | None]:
    """Telegram id → name (``None`` for an admin who never filled a profile), by id."""
    ids = list(admin_ids)
    found: dict[int, str | None] = {
        u.telegram_id: u.full_name for u in await _staff_users(session, ids)
    }
    for admin in ids:
        found.setdefault(admin, None)
    return dict(sorted(found.items()))


async def alert_new(
    session: AsyncSession,
    now: datetime,
    admin_ids: Iterable[int],
    render: Renderer,
    every: timedelta = BATCH_EVERY,
) -> int:
    """One message per staff member with the proposals that came since they were last
    told, unless they were told less than ``every`` ago. Returns messages enqueued."""
    newest = int(await session.scalar(select(func.max(Proposal.id))) or 0)
    if not newest:
        return 0
    start = int(
        await session.scalar(
            select(func.max(Proposal.id)).where(Proposal.submitted_at < now - every)
        )
        or 0
    )
    sent = 0
    for person in await staff(session, admin_ids):
        cursor = await session.get(AlertCursor, person.chat_id)
        if cursor is None:
            cursor = AlertCursor(telegram_id=person.chat_id, last_proposal_id=start)
            session.add(cursor)
        if cursor.last_sent_at is not None and now - cursor.last_sent_at < every:
            continue
        numbers = list(
            await session.scalars(
                select(Proposal.number)
                .where(Proposal.id > cursor.last_proposal_id, Proposal.id <= newest)
                .order_by(Proposal.id)
            )
        )
        cursor.last_proposal_id = newest
        if not numbers:
            continue
        cursor.last_sent_at = now
        await outbox.enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("decisions-alert-title", count=len(numbers)),
            content=Content(text=alert_text(render, numbers)),
            recipients=[person],
            dedup_key=f"proposal-alert:{person.chat_id}:{newest}",
        )
        sent += 1
    await session.commit()
    return sent


def alert_text(render: Renderer, numbers: list[str]) -> str:
    text = render(
        "decisions-alert-text", count=len(numbers), numbers=", ".join(numbers[:NUMBERS_SHOWN])
    )
    if len(numbers) > NUMBERS_SHOWN:
        text += " " + render("decisions-alert-more", count=len(numbers) - NUMBERS_SHOWN)
    return text + "\n" + render("decisions-alert-footer")


def _by_article(render: Renderer, proposals: list[Proposal]) -> str:
    counts: Counter[str] = Counter()
    order: dict[str, tuple[int, ...]] = {}
    for p in proposals:
        place = Place(p.place_kind, p.article) if p.article is not None else p.place
        label = place.label(render)
        counts[label] += 1
        order.setdefault(label, place.sort_key)
    return "\n".join(
        render.plain("decisions-digest-article", place=label, count=counts[label])
        for label in sorted(counts, key=lambda k: order[k])
    )


async def digest(
    session: AsyncSession,
    scope: QueueFilter,
    *,
    key: str,
    title: str,
    admin_ids: Iterable[int],
    render: Renderer,
) -> bool:
    """The digest of a closed discussion to every staff member, once per ``key``. Returns
    whether it was enqueued now. Commits."""
    dedup = f"proposal-digest:{key}"
    if await session.scalar(select(Mailing.id).where(Mailing.dedup_key == dedup)) is not None:
        return False
    shown = frozenset(set(ProposalStatus) - {ProposalStatus.WITHDRAWN})
    proposals = await all_matching(session, replace(scope, statuses=shown))
    undecided = sum(1 for p in proposals if p.status in UNDECIDED)
    text = render(
        "decisions-digest-text",
        title=title,
        received=len(proposals),
        undecided=undecided,
        articles=_by_article(render, proposals) or render.plain("decisions-digest-none"),
    )
    await outbox.enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=render.plain("decisions-digest-title", title=title),
        content=Content(text=text),
        recipients=await staff(session, admin_ids),
        dedup_key=dedup,
    )
    await session.commit()
    return True


async def campaign_digests(
    session: AsyncSession, now: datetime, admin_ids: Iterable[int], render: Renderer
) -> int:
    """Digests of the campaigns that ended (deadline passed or closed) lately."""
    ids = list(admin_ids)
    recent = await session.scalars(
        select(Campaign).where(Campaign.deadline > now - DIGEST_LOOKBACK)
    )
    done = 0
    for campaign in [c for c in recent if c.ended_at <= now]:
        scope = QueueFilter(campaign_id=campaign.id)
        if await digest(
            session,
            scope,
            key=f"campaign:{campaign.id}",
            title=campaign.title,
            admin_ids=ids,
            render=render,
        ):
            done += 1
    return done


async def act_digests(
    session: AsyncSession, now: datetime, admin_ids: Iterable[int], render: Renderer
) -> int:
    """Digests of the acts whose discussion's deadline passed lately (the deadline closes
    the discussion by itself: ``models.consultations``)."""
    ids = list(admin_ids)
    ended = list(
        await session.scalars(
            select(Act).where(
                Act.discussion_ends_at.is_not(None),
                Act.discussion_ends_at <= now,
                Act.discussion_ends_at > now - DIGEST_LOOKBACK,
            )
        )
    )
    done = 0
    for act in ended:
        scope = QueueFilter(act_id=act.id)
        key = f"act:{act.id}"
        if await digest(session, scope, key=key, title=act.title, admin_ids=ids, render=render):
            done += 1
    return done
