"""Keyboards of the subscription settings."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers import texts
from handlers.callbacks.subscriptions import SubAction, SubCb
from handlers.texts import subscriptions as t
from models.municipalities import Municipality
from models.subscriptions import Topic


def settings(
    topics_on: set[Topic], municipalities: int, reminders: bool, announcements: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic, label in t.TOPIC_LABELS.items():
        mark = t.ON if topic in topics_on else t.OFF
        kb.button(
            text=f"{mark} {label}", callback_data=SubCb(action=SubAction.TOPIC, value=topic.value)
        )
    kb.button(
        text=t.BTN_MUNICIPALITIES.format(n=municipalities),
        callback_data=SubCb(action=SubAction.MUNICIPALITIES),
    )
    kb.button(
        text=t.BTN_REMINDERS_ON if reminders else t.BTN_REMINDERS_OFF,
        callback_data=SubCb(action=SubAction.REMINDERS),
    )
    kb.button(
        text=t.BTN_ANNOUNCEMENTS_ON if announcements else t.BTN_ANNOUNCEMENTS_OFF,
        callback_data=SubCb(action=SubAction.ANNOUNCEMENTS),
    )
    kb.adjust(1)
    return kb.as_markup()


def municipalities(
    items: Sequence[Municipality], chosen: set[int], own: int | None, page: int, pages: int
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        mark = t.OWN_MARK if item.id == own else (t.ON if item.id in chosen else t.OFF)
        kb.button(
            text=f"{mark} {item.name}",
            callback_data=SubCb(action=SubAction.MUNICIPALITY, value=str(item.id), page=page),
        )
    kb.adjust(2)
    nav = InlineKeyboardBuilder()
    if page > 0:
        nav.button(
            text=texts.PAGE_PREV,
            callback_data=SubCb(action=SubAction.MUNICIPALITIES, page=page - 1),
        )
    if page < pages - 1:
        nav.button(
            text=texts.PAGE_NEXT,
            callback_data=SubCb(action=SubAction.MUNICIPALITIES, page=page + 1),
        )
    kb.attach(nav)
    back = InlineKeyboardBuilder()
    back.button(text=t.BTN_BACK, callback_data=SubCb(action=SubAction.MAIN))
    kb.attach(back)
    return kb.as_markup()
