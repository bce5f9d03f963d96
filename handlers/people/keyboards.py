"""Keyboards of consent and the profile dialogue (labels are ``t.plain``)."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.people.callbacks import (
    ConsentAnswer,
    ConsentCb,
    MunicipalityCb,
    MunicipalityPageCb,
    OccupationCb,
    ProfileEditCb,
)
from handlers.widgets.pager import Page, nav_row
from models.municipalities import Municipality
from models.users import Occupation, ProfileStep
from texts import t

MUNICIPALITIES_PER_PAGE = 10


def consent(version: str) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("consent-yes"),
        callback_data=ConsentCb(answer=ConsentAnswer.YES, version=version),
    )
    kb.button(
        text=t.plain("consent-no"),
        callback_data=ConsentCb(answer=ConsentAnswer.NO, version=version),
    )
    kb.adjust(2)
    return kb.as_markup()


@cache
def occupations() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for occupation in Occupation:
        kb.button(text=t.label(occupation), callback_data=OccupationCb(value=occupation))
    kb.adjust(1)
    return kb.as_markup()


def municipalities(
    items: Sequence[Municipality], page: Page | None = None
) -> InlineKeyboardMarkup:
    """Municipalities two per row; with ``page``, the pager's arrows under them."""
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(text=item.name, callback_data=MunicipalityCb(id=item.id))
    kb.adjust(2)
    if page is not None:
        nav_row(kb, page, lambda number: MunicipalityPageCb(page=number))
    return kb.as_markup()


@cache
def profile_edit() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for key, field in (
        ("profile-edit-name", ProfileStep.NAME),
        ("profile-edit-occupation", ProfileStep.OCCUPATION),
        ("profile-edit-municipality", ProfileStep.MUNICIPALITY),
    ):
        kb.button(text=t.plain(key), callback_data=ProfileEditCb(field=field))
    kb.adjust(2, 1)
    return kb.as_markup()
