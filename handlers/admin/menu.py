"""The admin menu itself, the people counts and the audit log."""

from __future__ import annotations

import contextlib

from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.admin import audit_words, keyboards
from handlers.admin.callbacks import AdminAction, AdminCb
from handlers.callback_fields import Int32
from handlers.widgets.pager import Page, nav_row
from models import audit
from models.users import stats
from texts import Safe, t

AUDIT_PER_PAGE = 10  # audit lines on one page (each up to a few hundred characters)


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


class AuditPageCb(CallbackData, prefix="audp"):
    page: Int32


async def _audit_screen(
    session: AsyncSession, number: int, admin_ids: frozenset[int]
) -> tuple[Safe, InlineKeyboardMarkup]:
    page = Page.of(await audit.count(session), number, AUDIT_PER_PAGE)
    entries = await audit.page(session, page.offset, page.per_page)
    if not entries:
        return t("admin-audit-empty"), keyboards.admin_back()
    items = await audit_words.lines(session, entries, admin_ids)
    kb = InlineKeyboardBuilder()
    nav_row(kb, page, lambda n: AuditPageCb(page=n))
    back = InlineKeyboardBuilder()
    back.button(text=t.plain("admin-back-btn"), callback_data=AdminCb(action=AdminAction.MENU))
    kb.attach(back)
    text = t("admin-audit", items="\n".join(items), page=page.human, pages=page.count)
    return text, kb.as_markup()


async def audit_cb(
    callback: CallbackQuery, session: AsyncSession, admin_ids: frozenset[int]
) -> None:
    await edit(callback, *await _audit_screen(session, 0, admin_ids))


async def audit_page_cb(
    callback: CallbackQuery,
    callback_data: AuditPageCb,
    session: AsyncSession,
    admin_ids: frozenset[int],
) -> None:
    text, markup = await _audit_screen(session, callback_data.page, admin_ids)
    with contextlib.suppress(TelegramBadRequest):  # the page number itself: same text
        await edit(callback, text, markup)
