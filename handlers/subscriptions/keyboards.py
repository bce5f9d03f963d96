"""Keyboards of the subscription settings."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.subscriptions.callbacks import SubAction, SubCb
from handlers.widgets.pager import Page, nav_row
from models.municipalities import Municipality
from models.topics import Topic
from texts import t


def mark(on: bool) -> str:
    return t.plain("subs-on") if on else t.plain("subs-off")


def settings(
    topics_on: set[Topic], municipalities: int, reminders: bool, announcements: bool
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic in Topic:
        kb.button(
            text=f"{mark(topic in topics_on)} {t.label(topic)}",
            callback_data=SubCb(action=SubAction.TOPIC, value=topic.value),
        )
    kb.button(
        text=t.plain("subs-btn-municipalities", n=municipalities),
        callback_data=SubCb(action=SubAction.MUNICIPALITIES),
    )
    kb.button(
        text=t.plain("subs-btn-reminders-on" if reminders else "subs-btn-reminders-off"),
        callback_data=SubCb(action=SubAction.REMINDERS),
    )
    kb.button(
        text=t.plain(
            "subs-btn-announcements-on" if announcements else "subs-btn-announcements-off"
        ),
        callback_data=SubCb(action=SubAction.ANNOUNCEMENTS),
    )
    kb.adjust(1)
    return kb.as_markup()


def municipalities(
    items: Sequence[Municipality], chosen: set[int], own: int | None, page: Page
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        sign = t.plain("subs-own-mark") if item.id == own else mark(item.id in chosen)
        kb.button(
            text=f"{sign} {item.name}",
            callback_data=SubCb(
                action=SubAction.MUNICIPALITY, value=str(item.id), page=page.number
            ),
        )
    kb.adjust(2)
    nav_row(kb, page, lambda n: SubCb(action=SubAction.MUNICIPALITIES, page=n))
    back = InlineKeyboardBuilder()
    back.button(text=t.plain("subs-btn-back"), callback_data=SubCb(action=SubAction.MAIN))
    kb.attach(back)
    return kb.as_markup()
