"""When proposals are accepted: collection campaigns with a deadline (announced to the law
topic's subscribers, with a reminder a day before the end) and the "accept without a
campaign" setting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models.base import utcnow
from models.errors import DomainError
from models.outbox import Content, MailingKind, Recipient
from models.proposals.acts import Act, ActStage, resolve_act
from models.proposals.drafts import clean_text
from models.proposals.entities import TITLE_MAX, Campaign, ProposalSettings
from models.rendering import Renderer
from models.subscriptions import subscribers
from models.topics import Topic

REMIND_BEFORE = timedelta(days=1)
AUDIENCE = frozenset({Topic.LAW})


@dataclass(frozen=True)
class Collection:
    """Whether proposals are accepted now on an act, under which campaign, and the last one
    that ended. ``closed_at``: when the act's dated discussion ended (a late draft)."""

    accepting: bool
    campaign: Campaign | None = None
    last_ended: Campaign | None = None
    act: Act | None = None
    closed_at: datetime | None = None


async def accepts_without_campaign(session: AsyncSession) -> bool:
    """Read-only: no row yet means the default (accepted)."""
    row = await session.get(ProposalSettings, 1, populate_existing=True)
    return True if row is None else row.accept_without_campaign


async def set_accept_without_campaign(
    session: AsyncSession, actor_telegram_id: int, value: bool
) -> None:
    row = await session.get(ProposalSettings, 1)
    if row is None:
        row = ProposalSettings(id=1, accept_without_campaign=True)
        session.add(row)
    before = row.accept_without_campaign
    row.accept_without_campaign = value
    row.updated_by = actor_telegram_id
    audit.record(
        session,
        actor_telegram_id,
        "proposals.settings",
        target="accept_without_campaign",
        before=before,
        after=value,
    )
    await session.commit()


def _of_act(query: Select[Campaign], act: Act | None) -> Select[Campaign]:
    return query if act is None else query.where(Campaign.act_id == act.id)


async def open_campaign_now(
    session: AsyncSession, now: datetime, act_id: int | None = None
) -> Campaign | None:
    """The act's open campaign (default: the default act's)."""
    act = await resolve_act(session, act_id)
    query = select(Campaign).where(Campaign.closed_at.is_(None), Campaign.deadline > now)
    return await session.scalar(_of_act(query, act).order_by(Campaign.id.desc()).limit(1))


async def collection(
    session: AsyncSession, now: datetime | None = None, act_id: int | None = None
) -> Collection:
    """Whether the act (default: the default act) takes proposals now. An act with a dated
    discussion takes them while it is in the discussion stage and before its deadline; an
    open-ended one (135-OZ) during a campaign or, between campaigns, as the setting says."""
    now = now or utcnow()
    act = await resolve_act(session, act_id)
    campaign = await open_campaign_now(session, now, act.id if act else None)
    last = await session.scalar(
        _of_act(select(Campaign), act).order_by(Campaign.id.desc()).limit(1)
    )
    if act is not None and act.stage is not ActStage.DISCUSSION:
        closed = None
        if act.stage is not ActStage.ANNOUNCED:  # closed at the deadline, or earlier by staff
            ends = act.discussion_ends_at
            closed = act.stage_changed_at if ends is None else min(ends, act.stage_changed_at)
        return Collection(False, last_ended=last, act=act, closed_at=closed)
    if act is not None and act.discussion_ends_at is not None:
        if now >= act.discussion_ends_at:
            return Collection(False, last_ended=last, act=act, closed_at=act.discussion_ends_at)
        return Collection(True, campaign=campaign, act=act)
    if campaign is not None:
        return Collection(accepting=True, campaign=campaign, act=act)
    accept = await accepts_without_campaign(session)
    return Collection(accepting=accept, last_ended=last, act=act)


async def list_campaigns(
    session: AsyncSession, limit: int = 10, act_id: int | None = None
) -> list[Campaign]:
    query = select(Campaign).order_by(Campaign.id.desc()).limit(limit)
    if act_id is not None:
        query = query.where(Campaign.act_id == act_id)
    rows = await session.scalars(query)
    return list(rows)


async def audience(session: AsyncSession) -> list[Recipient]:
    """Who hears of a campaign: the law topic's subscribers."""
    return await subscribers(session, topics=AUDIENCE)


async def open_campaign(
    session: AsyncSession,
    actor_telegram_id: int,
    title: str,
    deadline: datetime,
    *,
    render: Renderer,
    now: datetime | None = None,
    act_id: int | None = None,
) -> Campaign:
    """Open a collection on the act (default: the default act); tell the law topic's
    subscribers now and remind them a day before the deadline (both through the outbox, in
    this transaction). Commits."""
    now = now or utcnow()
    clean_title = clean_text(title, limit=TITLE_MAX)
    assert clean_title is not None
    if deadline <= now:
        raise DomainError("proposals-campaign-bad-deadline")
    act = await resolve_act(session, act_id)
    if await open_campaign_now(session, now, act.id if act else None) is not None:
        raise DomainError("proposals-campaign-already")
    campaign = Campaign(
        title=clean_title,
        deadline=deadline,
        opened_by=actor_telegram_id,
        act_id=act.id if act else None,
    )
    session.add(campaign)
    await session.flush()
    recipients = await audience(session)
    if recipients:
        await _announce(session, render, campaign, recipients, now)
    audit.record(
        session,
        actor_telegram_id,
        "campaign.open",
        target=f"law_campaign:{campaign.id}",
        title=clean_title,
        deadline=deadline.isoformat(),
        recipients=len(recipients),
    )
    await session.commit()
    return campaign


async def _announce(
    session: AsyncSession,
    render: Renderer,
    campaign: Campaign,
    recipients: list[Recipient],
    now: datetime,
) -> None:
    act = await session.get(Act, campaign.act_id) if campaign.act_id is not None else None
    act_name = act.title if act is not None else render.plain("proposals-act-unnamed")
    args = {"title": campaign.title, "deadline": campaign.deadline, "act": act_name}
    await outbox.enqueue(
        session,
        kind=MailingKind.ANNOUNCEMENT,
        title=render.plain("proposals-mailing-campaign-open", title=campaign.title),
        content=Content(text=render("proposals-campaign-announcement", **args)),
        recipients=recipients,
        created_by=campaign.opened_by,
        dedup_key=f"law_campaign:{campaign.id}:open",
    )
    remind_at = campaign.deadline - REMIND_BEFORE
    if remind_at > now:
        reminder = await outbox.enqueue(
            session,
            kind=MailingKind.REMINDER,
            title=render.plain("proposals-mailing-campaign-reminder", title=campaign.title),
            content=Content(text=render("proposals-campaign-reminder", **args)),
            recipients=recipients,
            start_at=remind_at,
            created_by=campaign.opened_by,
            dedup_key=f"law_campaign:{campaign.id}:remind",
        )
        campaign.reminder_mailing_id = reminder.id


async def close_campaign(
    session: AsyncSession,
    actor_telegram_id: int,
    now: datetime | None = None,
    act_id: int | None = None,
) -> Campaign:
    """Close the act's open campaign before its deadline; its pending reminder is
    cancelled."""
    now = now or utcnow()
    campaign = await open_campaign_now(session, now, act_id)
    if campaign is None:
        raise DomainError("proposals-campaign-none")
    campaign.closed_at = now
    if campaign.reminder_mailing_id is not None:
        await outbox.cancel_mailing(session, campaign.reminder_mailing_id)
    audit.record(
        session, actor_telegram_id, "campaign.close", target=f"law_campaign:{campaign.id}"
    )
    await session.commit()
    return campaign
