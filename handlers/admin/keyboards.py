"""Keyboards of the admin menu (labels are ``t.plain``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.admin.callbacks import AdminAction, AdminCb, MailingCb, RemoveModeratorCb
from handlers.events.callbacks import StaffListCb
from models.outbox import Mailing
from models.users import User
from texts import t

MAILING_TITLE_MAX = 40  # characters of a mailing's title on its button


@cache
def admin_menu() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for key, action in (
        ("admin-stats-btn", AdminAction.STATS),
        ("admin-moderators-btn", AdminAction.MODERATORS),
        ("admin-audit-btn", AdminAction.AUDIT),
        ("admin-mailings-btn", AdminAction.MAILINGS),
    ):
        kb.button(text=t.plain(key), callback_data=AdminCb(action=action))
    kb.button(text=t.plain("menu-events"), callback_data=StaffListCb(past=False))
    kb.adjust(2, 2, 1)
    return kb.as_markup()


def _back(kb: InlineKeyboardBuilder, to: AdminAction = AdminAction.MENU) -> None:
    kb.button(text=t.plain("admin-back-btn"), callback_data=AdminCb(action=to))


@cache
def admin_back() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _back(kb)
    return kb.as_markup()


def moderators(items: Sequence[User]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for user in items:
        kb.button(
            text=t.plain("admin-remove-moderator-btn", name=user.full_name or user.telegram_id),
            callback_data=RemoveModeratorCb(telegram_id=user.telegram_id),
        )
    kb.button(
        text=t.plain("admin-add-moderator-btn"),
        callback_data=AdminCb(action=AdminAction.ADD_MODERATOR),
    )
    _back(kb)
    kb.adjust(1)
    return kb.as_markup()


def mailings(items: Sequence[Mailing]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for m in items:
        kb.button(
            text=t.plain(
                "admin-mailing-btn", id=m.id, kind=m.kind, title=m.title[:MAILING_TITLE_MAX]
            ),
            callback_data=MailingCb(id=m.id),
        )
    _back(kb)
    kb.adjust(1)
    return kb.as_markup()


@cache
def mailing_back() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _back(kb, AdminAction.MAILINGS)
    return kb.as_markup()
