"""Keyboard builders."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from aiogram.types import InlineKeyboardMarkup, ReplyKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder, ReplyKeyboardBuilder

from handlers import texts
from handlers.callbacks import (
    AdminAction,
    AdminCb,
    ConsentAnswer,
    ConsentCb,
    MailingCb,
    MunicipalityCb,
    MunicipalityPageCb,
    OccupationCb,
    ProfileEditCb,
    ProfileField,
    RemoveModeratorCb,
)
from handlers.callbacks.events import StaffListCb
from models.municipalities import Municipality
from models.outbox import Mailing
from models.users import User

MUNICIPALITIES_PER_PAGE = 10


@cache
def main_menu() -> ReplyKeyboardMarkup:
    """Built once: the same immutable markup goes with every answer that shows the menu."""
    kb = ReplyKeyboardBuilder()
    kb.button(text=texts.MENU_EVENTS)
    kb.button(text=texts.MENU_PROPOSALS)
    kb.button(text=texts.MENU_SUBSCRIPTIONS)
    kb.button(text=texts.MENU_PROFILE)
    kb.button(text=texts.MENU_HELP)
    kb.adjust(2, 2, 1)
    return kb.as_markup(resize_keyboard=True, input_field_placeholder=texts.MENU_PLACEHOLDER)


def consent(version: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=texts.CONSENT_YES, callback_data=ConsentCb(answer=ConsentAnswer.YES, version=version)
    )
    kb.button(
        text=texts.CONSENT_NO, callback_data=ConsentCb(answer=ConsentAnswer.NO, version=version)
    )
    kb.adjust(2)
    return kb.as_markup()


@cache
def occupations() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for value, label in texts.OCCUPATION_LABELS.items():
        kb.button(text=label, callback_data=OccupationCb(value=value))
    kb.adjust(1)
    return kb.as_markup()


def municipalities(
    items: Sequence[Municipality], page: int | None = None, pages: int = 1
) -> InlineKeyboardMarkup:
    """A page of municipalities, two per row, with arrows when there are several pages."""
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(text=item.name, callback_data=MunicipalityCb(id=item.id))
    kb.adjust(2)
    if page is not None and pages > 1:
        nav = InlineKeyboardBuilder()
        if page > 0:
            nav.button(text=texts.PAGE_PREV, callback_data=MunicipalityPageCb(page=page - 1))
        nav.button(text=f"{page + 1}/{pages}", callback_data=MunicipalityPageCb(page=page))
        if page < pages - 1:
            nav.button(text=texts.PAGE_NEXT, callback_data=MunicipalityPageCb(page=page + 1))
        kb.attach(nav)
    return kb.as_markup()


@cache
def profile_edit() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.PROFILE_EDIT_NAME, callback_data=ProfileEditCb(field=ProfileField.NAME))
    kb.button(
        text=texts.PROFILE_EDIT_OCCUPATION,
        callback_data=ProfileEditCb(field=ProfileField.OCCUPATION),
    )
    kb.button(
        text=texts.PROFILE_EDIT_MUNICIPALITY,
        callback_data=ProfileEditCb(field=ProfileField.MUNICIPALITY),
    )
    kb.adjust(2, 1)
    return kb.as_markup()


@cache
def admin_menu() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for label, action in (
        (texts.ADMIN_STATS_BTN, AdminAction.STATS),
        (texts.ADMIN_MODERATORS_BTN, AdminAction.MODERATORS),
        (texts.ADMIN_AUDIT_BTN, AdminAction.AUDIT),
        (texts.ADMIN_MAILINGS_BTN, AdminAction.MAILINGS),
        (texts.ADMIN_MUNICIPALITIES_BTN, AdminAction.MUNICIPALITIES),
    ):
        kb.button(text=label, callback_data=AdminCb(action=action))
    kb.button(text=texts.MENU_EVENTS, callback_data=StaffListCb(past=False))
    kb.adjust(2, 1, 2, 1)
    return kb.as_markup()


@cache
def admin_back() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.ADMIN_BACK_BTN, callback_data=AdminCb(action=AdminAction.MENU))
    return kb.as_markup()


def moderators(items: Sequence[User]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for user in items:
        kb.button(
            text=texts.ADMIN_REMOVE_MODERATOR_BTN.format(name=user.full_name or user.telegram_id),
            callback_data=RemoveModeratorCb(telegram_id=user.telegram_id),
        )
    kb.button(
        text=texts.ADMIN_ADD_MODERATOR_BTN, callback_data=AdminCb(action=AdminAction.ADD_MODERATOR)
    )
    kb.button(text=texts.ADMIN_BACK_BTN, callback_data=AdminCb(action=AdminAction.MENU))
    kb.adjust(1)
    return kb.as_markup()


def mailings(items: Sequence[Mailing]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for m in items:
        kind = texts.MAILING_KIND_LABELS.get(m.kind.value, m.kind.value)
        kb.button(text=f"#{m.id} {kind}: {m.title[:40]}", callback_data=MailingCb(id=m.id))
    kb.button(text=texts.ADMIN_BACK_BTN, callback_data=AdminCb(action=AdminAction.MENU))
    kb.adjust(1)
    return kb.as_markup()


@cache
def mailing_back() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=texts.ADMIN_BACK_BTN, callback_data=AdminCb(action=AdminAction.MAILINGS))
    return kb.as_markup()
