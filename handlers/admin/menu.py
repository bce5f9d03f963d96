"""The admin menu itself, the people counts and the audit log."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.admin import keyboards
from models import audit
from models.users import stats
from texts import Safe, t

AUDIT_SHOWN = 15  # latest audit rows on the screen


async def edit(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Show ``text`` in place of the admin screen the button was under."""
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=markup)


async def admin_menu(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(t("admin-menu"), reply_markup=keyboards.admin_menu())


async def menu_cb(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await edit(callback, t("admin-menu"), keyboards.admin_menu())


async def stats_cb(callback: CallbackQuery, session: AsyncSession) -> None:
    counts = await stats(session)
    text = t(
        "admin-stats",
        total=counts.total,
        consented=counts.consented,
        registered=counts.registered,
        inactive=counts.inactive,
    )
    await edit(callback, text, keyboards.admin_back())


async def audit_cb(callback: CallbackQuery, session: AsyncSession) -> None:
    entries = await audit.latest(session, limit=AUDIT_SHOWN)
    if not entries:
        await edit(callback, t("admin-audit-empty"), keyboards.admin_back())
        return
    items = "\n".join(
        t(
            "admin-audit-item",
            when=e.created_at,
            actor=e.actor_telegram_id,
            action=e.action,
            target=e.target,
            details=str(e.details),
        )
        for e in entries
    )
    await edit(callback, t("admin-audit", items=Safe(items)), keyboards.admin_back())
