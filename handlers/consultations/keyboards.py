"""Keyboards of the consultations screens (labels are ``t.plain``)."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.consultations.callbacks import (
    ActCardCb,
    ActKindCb,
    ActNewCb,
    ActPublic,
    ActPublicCb,
    ActRemindCb,
    ActsPageCb,
    ActStaff,
    ActStaffCb,
    ActStageCb,
    NewAction,
    PosAction,
    PosActionCb,
    PosMunicipalityCb,
    PosStanceCb,
)
from handlers.proposals.callbacks import MenuAction, PMenuCb
from handlers.widgets.pager import Page, nav_row
from models.consultations import Act, ActKind, ActStage, Stance, next_stage
from models.municipalities import Municipality
from texts import t

PER_PAGE = 8
TITLE_MAX = 40  # characters of a title on a button


def short(text: str, limit: int = TITLE_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def act_list(acts: Sequence[Act], page: Page) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for act in page.slice(acts):
        kb.button(
            text=t.plain(
                "consultations-list-btn", title=short(act.title), stage=t.label(act.stage)
            ),
            callback_data=ActCardCb(act_id=act.id),
        )
    kb.adjust(1)
    nav_row(kb, page, lambda n: ActsPageCb(page=n))
    return kb.as_markup()


def public_card(act: Act, *, representative: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if act.stage is ActStage.DISCUSSION:
        kb.button(
            text=t.plain("consultations-btn-propose"),
            callback_data=ActPublicCb(action=ActPublic.PROPOSE, act_id=act.id),
        )
        if representative:
            kb.button(
                text=t.plain("consultations-btn-position"),
                callback_data=ActPublicCb(action=ActPublic.POSITION, act_id=act.id),
            )
    kb.button(text=t.plain("consultations-back-btn"), callback_data=ActsPageCb(page=0))
    kb.adjust(1)
    return kb.as_markup()


def start_proposal() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("consultations-btn-start"), callback_data=PMenuCb(action=MenuAction.NEW)
    )
    return kb.as_markup()


def staff_card(act: Act, missing: int, stamp: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    following = next_stage(act.stage)
    if following is not None:
        kb.button(
            text=t.plain("consultations-btn-next", stage=t.label(following)),
            callback_data=ActStageCb(act_id=act.id, expected=act.stage),
        )
    if act.stage is ActStage.DISCUSSION and missing:
        kb.button(
            text=t.plain("consultations-btn-remind", count=missing),
            callback_data=ActRemindCb(act_id=act.id, stamp=stamp),
        )
    for key, action in (
        ("consultations-btn-missing", ActStaff.MISSING),
        ("consultations-btn-positions", ActStaff.POSITIONS),
        ("consultations-btn-late", ActStaff.LATE),
        ("consultations-btn-text", ActStaff.TEXT),
        ("consultations-btn-take", ActStaff.TAKE),
        ("consultations-btn-refresh", ActStaff.REFRESH),
    ):
        kb.button(text=t.plain(key), callback_data=ActStaffCb(action=action, act_id=act.id))
    kb.button(text=t.plain("consultations-back-btn"), callback_data=ActsPageCb(page=0))
    kb.adjust(1)
    return kb.as_markup()


def back_to(act_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("consultations-btn-refresh"),
        callback_data=ActStaffCb(action=ActStaff.REFRESH, act_id=act_id),
    )
    return kb.as_markup()


def kinds() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in ActKind:
        kb.button(text=t.label(kind), callback_data=ActKindCb(kind=kind))
    kb.adjust(1)
    return kb.as_markup()


def scope_all() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("consultations-btn-all"), callback_data=ActNewCb(action=NewAction.ALL))
    return kb.as_markup()


def create_confirm() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("consultations-btn-create"), callback_data=ActNewCb(action=NewAction.CREATE)
    )
    kb.button(
        text=t.plain("consultations-btn-cancel"), callback_data=ActNewCb(action=NewAction.CANCEL)
    )
    kb.adjust(1)
    return kb.as_markup()


def municipalities(items: Sequence[Municipality]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for m in items:
        kb.button(text=short(m.name), callback_data=PosMunicipalityCb(municipality_id=m.id))
    kb.adjust(1)
    return kb.as_markup()


def stances() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for stance in Stance:
        kb.button(text=t.label(stance), callback_data=PosStanceCb(stance=stance))
    kb.adjust(1)
    return kb.as_markup()


def no_file() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("consultations-btn-no-file"),
        callback_data=PosActionCb(action=PosAction.NO_FILE),
    )
    return kb.as_markup()


def position_confirm() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("consultations-btn-send"), callback_data=PosActionCb(action=PosAction.SEND)
    )
    kb.button(
        text=t.plain("consultations-btn-cancel"),
        callback_data=PosActionCb(action=PosAction.CANCEL),
    )
    kb.adjust(1)
    return kb.as_markup()
