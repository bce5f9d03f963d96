"""The one pager: every paged list and picker slices its items and draws its navigation row
here.

``Page.of(total, page, per_page)`` clamps a page number that came from a (possibly stale or
forged) button, so a list that shrank never shows an empty page. ``nav_row`` adds
``◀️ 2/5 ▶️`` to a keyboard; the caller says how a page number becomes callback data, so one
widget serves lists with filters in their payload too.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.utils.keyboard import InlineKeyboardBuilder

from texts import t

ItemT = TypeVar("ItemT")


@dataclass(frozen=True, slots=True)
class Page:
    number: int  # 0-based
    count: int  # at least 1
    per_page: int
    total: int

    @classmethod
    def of(cls, total: int, page: int, per_page: int) -> Page:
        count = max(1, -(-total // per_page))
        number = min(max(page, 0), count - 1)
        return cls(number=number, count=count, per_page=per_page, total=total)

    @property
    def offset(self) -> int:
        return self.number * self.per_page

    @property
    def human(self) -> int:
        """1-based, for texts: «страница 2 из 5»."""
        return self.number + 1

    def slice(self, items: Sequence[ItemT]) -> Sequence[ItemT]:
        return items[self.offset : self.offset + self.per_page]


def nav_row(
    kb: InlineKeyboardBuilder,
    page: Page,
    to_page: Callable[[int], CallbackData],
) -> None:
    """Append ``◀️ n/m ▶️`` (only the arrows that lead somewhere; nothing for one page)."""
    if page.count <= 1:
        return
    nav = InlineKeyboardBuilder()
    if page.number > 0:
        nav.button(text=t.plain("page-prev"), callback_data=to_page(page.number - 1))
    nav.button(
        text=t.plain("page-position", page=page.human, pages=page.count),
        callback_data=to_page(page.number),
    )
    if page.number < page.count - 1:
        nav.button(text=t.plain("page-next"), callback_data=to_page(page.number + 1))
    kb.attach(nav)
