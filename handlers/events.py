"""Events as participants see them. For now: the answer buttons that reminders carry."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Router
from aiogram.types import CallbackQuery
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import texts
from handlers.callbacks import RsvpCb
from models import events
from models.events import RsvpRefused, RsvpStatus
from models.users import User


async def rsvp_pressed(
    callback: CallbackQuery,
    callback_data: RsvpCb,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    if not user.is_registered:
        await callback.answer(texts.CONSENT_NEEDED, show_alert=True)
        return
    try:
        result = await events.rsvp(
            session, callback_data.event_id, user, RsvpStatus(callback_data.answer.value), tz=tz
        )
    except RsvpRefused as exc:
        await callback.answer(texts.RSVP_REFUSED[exc.code], show_alert=True)
        return
    if result.status is RsvpStatus.WAITLIST:
        await callback.answer(
            texts.RSVP_WAITLIST.format(position=result.waitlist_position), show_alert=True
        )
    else:
        await callback.answer(texts.RSVP_SAVED[result.status.value])


def create_router() -> Router:
    """The events router with its handlers, in matching order."""
    router = Router(name="events")
    router.callback_query.register(rsvp_pressed, RsvpCb.filter())
    return router
