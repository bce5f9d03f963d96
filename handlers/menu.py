"""The main menu, shared by every section. Each section keeps its other keyboards in its own
package (``handlers/<section>/keyboards.py``)."""

from __future__ import annotations

from functools import cache

from aiogram.types import ReplyKeyboardMarkup
from aiogram.utils.keyboard import ReplyKeyboardBuilder

from texts import t

# Reply-keyboard labels double as the triggers of their sections:
# ``F.text == t.plain("menu-events")`` in the events router, and so on.
MENU = (
    "menu-events",
    "menu-proposals",
    "menu-contest",
    "menu-reports",
    "menu-subscriptions",
    "menu-profile",
    "menu-help",
)


@cache
def main_menu() -> ReplyKeyboardMarkup:
    """Built once: the same immutable markup goes with every answer that shows the menu.
    Its labels are also the triggers of the sections (``F.text == t.plain("menu-…")``)."""
    kb = ReplyKeyboardBuilder()
    for key in MENU:
        kb.button(text=t.plain(key))
    kb.adjust(2, 2, 2, 1)
    return kb.as_markup(resize_keyboard=True, input_field_placeholder=t.plain("menu-placeholder"))
