"""Collection campaigns for staff: /campaign_open asks a title and a deadline, announces the
campaign to the law topic's subscribers and schedules the reminder; /campaign_close ends it
early."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.proposals.staff_queue import staff_only
from handlers.proposals.states import ProposalAdminStates
from handlers.proposals.views import error_text
from models.base import utcnow
from models.dates import parse_local
from models.errors import DomainError
from models.proposals import campaigns
from models.proposals.acts import chosen_act
from models.proposals.drafts import clean_text
from models.proposals.entities import TITLE_MAX
from models.users import User
from texts import t

A = ProposalAdminStates


async def _act_id(session: AsyncSession, user: User) -> int | None:
    """Campaigns are per act: the act the staff member chose in /acts, else the default."""
    act = await chosen_act(session, user.id)
    return act.id if act else None


async def campaign_open_command(
    message: Message, state: FSMContext, session: AsyncSession, user: User
) -> None:
    if await campaigns.open_campaign_now(session, utcnow(), await _act_id(session, user)):
        await message.answer(t("proposals-campaign-already"))
        return
    await state.set_state(A.campaign_title)
    await message.answer(t("proposals-campaign-ask-title"))


async def campaign_title_given(message: Message, state: FSMContext) -> None:
    try:
        title = clean_text(message.text, limit=TITLE_MAX)
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await state.update_data(title=title)
    await state.set_state(A.campaign_deadline)
    await message.answer(t("proposals-campaign-ask-deadline"))


async def campaign_deadline_given(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
    user: User,
) -> None:
    assert message.text is not None and message.from_user is not None
    try:
        deadline = parse_local(message.text, tz)
    except DomainError:
        await message.answer(t("proposals-campaign-bad-deadline"))
        return
    data = await state.get_data()
    if not data.get("title"):  # the FSM data was lost (a restart)
        await state.clear()
        await message.answer(t("proposals-campaign-lost"))
        return
    try:
        campaign = await campaigns.open_campaign(
            session,
            message.from_user.id,
            str(data["title"]),
            deadline,
            render=t,
            act_id=await _act_id(session, user),
        )
    except DomainError as exc:
        if exc.code == "proposals-campaign-already":
            await state.clear()
        await message.answer(error_text(exc))
        return
    await state.clear()
    wake_sender()
    recipients = len(await campaigns.audience(session))
    await message.answer(
        t(
            "proposals-campaign-opened",
            title=campaign.title,
            deadline=campaign.deadline,
            count=recipients,
        )
    )


async def campaign_close_command(message: Message, session: AsyncSession, user: User) -> None:
    assert message.from_user is not None
    try:
        campaign = await campaigns.close_campaign(
            session, message.from_user.id, act_id=await _act_id(session, user)
        )
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await message.answer(t("proposals-campaign-closed", title=campaign.title))


async def not_text(message: Message) -> None:
    await message.answer(t("proposals-not-text"))


def create_router() -> Router:
    """Campaigns (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_campaigns"))
    router.message.register(campaign_open_command, Command("campaign_open"))
    router.message.register(campaign_close_command, Command("campaign_close"))
    not_command = ~F.text.startswith("/")
    router.message.register(
        campaign_title_given, StateFilter(A.campaign_title), F.text, not_command
    )
    router.message.register(
        campaign_deadline_given, StateFilter(A.campaign_deadline), F.text, not_command
    )
    router.message.register(not_text, StateFilter(A.campaign_title, A.campaign_deadline), ~F.text)
    return router
