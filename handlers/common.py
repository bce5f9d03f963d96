"""/start, /help, /cancel."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import F, Router
from aiogram.filters import Command, CommandObject, CommandStart
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import detours, staff_help
from handlers.dialogue import PAUSED_KEY
from handlers.events import DEEP_LINK_KEY, desk, open_deep_link
from handlers.menu import main_menu
from handlers.people.cards import display_name
from handlers.people.consent import ask_consent
from handlers.people.registration import continue_profile
from models.consent import current_consent
from models.users import Role, User
from texts import t

DEEP_LINK_MAX = 64  # characters of a /start payload that are kept (Telegram allows 64)


async def start(
    message: Message,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
    command: CommandObject | None = None,
    role: Role = Role.USER,
) -> None:
    await state.clear()
    # A deep link (``event_<id>``, ``checkin_<id>_<token>``) waits in the FSM data while the
    # person gives consent and fills the profile; ``continue_profile`` opens it at the end.
    payload = (command.args or "").strip()[:DEEP_LINK_MAX] if command else ""
    if desk.handles(payload):  # tickets: for staff at the desk, stored nothing for anyone
        await desk.open_link(message, payload, user, role, session, tz)
        return
    if payload:
        await state.update_data({DEEP_LINK_KEY: payload})
    if user.consent_version != current_consent().version:
        await ask_consent(message)
        return
    if user.missing_step is not None:
        await message.answer(t("profile-resume"))
        await continue_profile(message, state, user, session, tz)
        return
    if payload:
        await state.clear()
        assert message.bot is not None
        await open_deep_link(message.bot, message.chat.id, payload, user, session, tz)
        return
    await message.answer(t("welcome-back", name=display_name(user)), reply_markup=main_menu())


async def help_(message: Message, role: Role = Role.USER) -> None:
    staff = staff_help.help_text(role)  # staff see their commands; users do not
    text = f"{t('common-help')}\n\n{staff}" if staff else t("common-help")
    await message.answer(text, reply_markup=main_menu())
    if staff and message.bot is not None:
        await staff_help.set_staff_menu(message.bot, message.chat.id, role)


async def cancel(message: Message, state: FSMContext) -> None:
    if await state.get_state() is None and PAUSED_KEY not in await state.get_data():
        await message.answer(t("nothing-to-cancel"), reply_markup=main_menu())
        return
    await state.clear()
    await message.answer(t("common-cancelled"), reply_markup=main_menu())


def create_router() -> Router:
    """The common router with its handlers, in matching order."""
    router = Router(name="common")
    router.message.register(start, CommandStart())
    # /help only shows staff commands: a cached role, no database per update
    router.message.register(help_, Command("help"), flags={"role_hint": True})
    router.message.register(help_, F.text == t.plain("menu-help"), flags={"role_hint": True})
    router.message.register(cancel, Command("cancel"))
    router.include_router(detours.create_router())
    return router
