"""/start, /help, /cancel and the main menu sections."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import keyboards, texts
from handlers.events import DEEP_LINK_KEY, open_deep_link
from handlers.registration import ask_consent, continue_profile
from models.consent import current_consent
from models.users import User


async def start(
    message: Message,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    command: CommandObject | None = None,
) -> None:
    await state.clear()
    # A deep link (``event_<id>``, ``checkin_<id>_<token>``) waits in the FSM data while the
    # person gives consent and fills the profile; ``continue_profile`` opens it at the end.
    payload = (command.args or "").strip()[:64] if command else ""
    if payload:
        await state.update_data({DEEP_LINK_KEY: payload})
    if user.consent_version != current_consent().version:
        await ask_consent(message)
        return
    if user.missing_step is not None:
        await message.answer(texts.PROFILE_RESUME)
        await continue_profile(message, state, user, session, tz)
        return
    if payload:
        await state.clear()
        assert message.bot is not None
        await open_deep_link(message.bot, message.chat.id, payload, user, session, tz)
        return
    await message.answer(
        texts.WELCOME_BACK.format(name=texts.display_name(user)),
        reply_markup=keyboards.main_menu(),
    )


async def help_(message: Message) -> None:
    await message.answer(texts.HELP, reply_markup=keyboards.main_menu())


async def cancel(message: Message, state: FSMContext) -> None:
    if await state.get_state() is None:
        await message.answer(texts.NOTHING_TO_CANCEL, reply_markup=keyboards.main_menu())
        return
    await state.clear()
    await message.answer(texts.CANCELLED, reply_markup=keyboards.main_menu())


def create_router() -> Router:
    """The common router with its handlers, in matching order."""
    router = Router(name="common")
    router.message.register(start, CommandStart())
    router.message.register(help_, Command("help"))
    router.message.register(help_, F.text == texts.MENU_HELP)
    router.message.register(cancel, Command("cancel"))
    return router
