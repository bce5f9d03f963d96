"""/start, /help, /cancel and the main menu sections."""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import keyboards, texts
from handlers.registration import ask_consent, continue_profile
from models.consent import current_consent
from models.users import User


async def start(message: Message, state: FSMContext, user: User, session: AsyncSession) -> None:
    await state.clear()
    if user.consent_version != current_consent().version:
        await ask_consent(message)
        return
    if user.missing_step is not None:
        await message.answer(texts.PROFILE_RESUME)
        await continue_profile(message, state, user, session)
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
