"""Keyboards of the representatives screens (labels are ``t.plain``)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.representatives.callbacks import (
    RepHandoverCb,
    RepPickCb,
    RepRowAction,
    RepRowCb,
    RepsAction,
    RepsActionCb,
    RepsCardCb,
    RepsPageCb,
)
from handlers.widgets.pager import Page, nav_row
from models.municipalities import Municipality
from models.representatives import Representative
from models.users import User
from texts import t

PER_PAGE = 10
NAME_MAX = 28  # characters of a name on a button


def short(name: str | None) -> str:
    text = name or ""
    return text if len(text) <= NAME_MAX else text[: NAME_MAX - 1] + "…"


def municipality_list(
    items: Sequence[Municipality], counts: dict[int, tuple[int, bool]], page: Page
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for m in page.slice(items):
        count, signed = counts.get(m.id, (0, False))
        key = "reps-list-btn-none" if not count else "reps-list-btn"
        if signed:
            key = "reps-list-btn-signed"
        kb.button(
            text=t.plain(key, name=m.name, count=count),
            callback_data=RepsCardCb(municipality_id=m.id),
        )
    kb.adjust(1)
    nav_row(kb, page, lambda n: RepsPageCb(page=n))
    return kb.as_markup()


def card(municipality_id: int, reps: Sequence[Representative]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for rep in reps:
        name = short(rep.user.full_name)
        if not rep.is_signatory:
            kb.button(
                text=t.plain("reps-btn-signatory", name=name),
                callback_data=RepRowCb(action=RepRowAction.SIGNATORY, representative_id=rep.id),
            )
        kb.button(
            text=t.plain("reps-btn-revoke", name=name),
            callback_data=RepRowCb(action=RepRowAction.REVOKE_ASK, representative_id=rep.id),
        )
    for key, action in (
        ("reps-btn-appoint", RepsAction.APPOINT),
        ("reps-btn-invite", RepsAction.INVITE),
        ("reps-btn-invite-signatory", RepsAction.INVITE_SIGNATORY),
    ):
        kb.button(
            text=t.plain(key),
            callback_data=RepsActionCb(action=action, municipality_id=municipality_id),
        )
    kb.button(text=t.plain("reps-back-btn"), callback_data=RepsPageCb(page=0))
    kb.adjust(1)
    return kb.as_markup()


def revoke_confirm(rep: Representative) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("reps-btn-revoke-yes"),
        callback_data=RepRowCb(action=RepRowAction.REVOKE, representative_id=rep.id),
    )
    kb.button(
        text=t.plain("reps-btn-revoke-no"),
        callback_data=RepsCardCb(municipality_id=rep.municipality_id),
    )
    kb.adjust(2)
    return kb.as_markup()


def found(municipality_id: int, people: Sequence[User]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for person in people:
        where = person.municipality.name if person.municipality else ""
        kb.button(
            text=t.plain("reps-pick-btn", name=short(person.full_name), municipality=short(where)),
            callback_data=RepPickCb(municipality_id=municipality_id, user_id=person.id),
        )
    kb.button(
        text=t.plain("reps-back-card-btn"),
        callback_data=RepsCardCb(municipality_id=municipality_id),
    )
    kb.adjust(1)
    return kb.as_markup()


def back_to_card(municipality_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("reps-back-card-btn"),
        callback_data=RepsCardCb(municipality_id=municipality_id),
    )
    return kb.as_markup()


def mine(reps: Sequence[Representative]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for rep in reps:
        kb.button(
            text=t.plain("reps-btn-handover", municipality=short(rep.municipality.name)),
            callback_data=RepHandoverCb(representative_id=rep.id),
        )
    kb.adjust(1)
    return kb.as_markup()
