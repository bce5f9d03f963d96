"""Keyboards of the proposals section."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks.proposals import (
    MenuAction,
    PArticleCb,
    PEditCb,
    PKindCb,
    PMenuCb,
    PMineCb,
    PPartCb,
    PPlaceCb,
    PPointCb,
    PSkipCb,
    PSubmitCb,
    PWithdrawCb,
    SAction,
    SAttachmentCb,
    SCardCb,
    SExportCb,
    SGroupCb,
    SMenuCb,
    SNoteCb,
    SQueueCb,
    SQueueFilterCb,
    SStatusCb,
)
from handlers.texts import proposals as t
from models.law import Article, LawStructure, Part
from models.proposals import (
    STAFF_TRANSITIONS,
    STATUS_LABELS,
    AmendmentKind,
    Campaign,
    Draft,
    PlaceKind,
    Proposal,
    Status,
    Step,
)

BUTTON_TEXT_MAX = 60


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_MAX else text[: BUTTON_TEXT_MAX - 1] + "…"


def section(has_draft: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if has_draft:
        kb.button(text=t.BTN_CONTINUE, callback_data=PMenuCb(action=MenuAction.CONTINUE))
        kb.button(text=t.BTN_DISCARD, callback_data=PMenuCb(action=MenuAction.DISCARD))
    else:
        kb.button(text=t.BTN_NEW, callback_data=PMenuCb(action=MenuAction.NEW))
    kb.button(text=t.BTN_MINE, callback_data=PMenuCb(action=MenuAction.MINE))
    kb.adjust(1)
    return kb.as_markup()


def draft_choice() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_CONTINUE, callback_data=PMenuCb(action=MenuAction.CONTINUE))
    kb.button(text=t.BTN_DISCARD, callback_data=PMenuCb(action=MenuAction.DISCARD))
    kb.adjust(1)
    return kb.as_markup()


def _special_places(kb: InlineKeyboardBuilder) -> None:
    kb.button(text=t.BTN_NEW_ARTICLE, callback_data=PPlaceCb(kind=PlaceKind.NEW_ARTICLE))
    kb.button(text=t.BTN_WHOLE_LAW, callback_data=PPlaceCb(kind=PlaceKind.WHOLE_LAW))


def articles(law: LawStructure | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for art in law.articles if law else []:
        kb.button(
            text=_short(t.BTN_ARTICLE.format(number=art.number, title=art.title)),
            callback_data=PArticleCb(article=art.number),
        )
    _special_places(kb)
    kb.adjust(1)
    return kb.as_markup()


def parts(art: Article) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_WHOLE_ARTICLE, callback_data=PPartCb(article=art.number, part=0))
    for prt in art.parts:
        kb.button(
            text=t.BTN_PART.format(number=prt.number),
            callback_data=PPartCb(article=art.number, part=prt.number),
        )
    kb.adjust(1, 4)
    return kb.as_markup()


def points(art: Article, prt: Part | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    part_no = prt.number if prt else 0
    whole = t.BTN_WHOLE_PART if prt else t.BTN_WHOLE_ARTICLE
    kb.button(text=whole, callback_data=PPointCb(article=art.number, part=part_no, point=0))
    for pt in prt.points if prt else art.points:
        kb.button(
            text=t.BTN_POINT.format(number=pt.number),
            callback_data=PPointCb(article=art.number, part=part_no, point=pt.number),
        )
    kb.adjust(1, 4)
    return kb.as_markup()


def specials_only() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _special_places(kb)
    kb.adjust(2)
    return kb.as_markup()


def kinds(place_kind: str | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind, label in t.KIND_BUTTONS.items():
        if place_kind == PlaceKind.NEW_ARTICLE and kind is not AmendmentKind.ADDITION:
            continue
        if place_kind == PlaceKind.WHOLE_LAW and kind is AmendmentKind.DELETION:
            continue
        kb.button(text=label, callback_data=PKindCb(kind=kind))
    kb.adjust(1)
    return kb.as_markup()


def skip(step: Step, label: str = t.BTN_SKIP) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=label, callback_data=PSkipCb(step=step))
    return kb.as_markup()


def preview(draft: Draft) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for step, label in t.BTN_EDIT.items():
        if step is Step.KIND and draft.place_kind == PlaceKind.NEW_ARTICLE:
            continue
        if step is Step.CURRENT and (not draft.is_provision or draft.current_from_law):
            continue
        if step is Step.PROPOSED and draft.kind == AmendmentKind.DELETION:
            continue
        kb.button(text=label, callback_data=PEditCb(step=step))
    kb.adjust(2)
    tail = InlineKeyboardBuilder()
    tail.button(text=t.BTN_SUBMIT, callback_data=PSubmitCb())
    tail.button(text=t.BTN_DISCARD, callback_data=PMenuCb(action=MenuAction.DISCARD))
    tail.adjust(1)
    kb.attach(tail)
    return kb.as_markup()


def mine(items: Sequence[Proposal]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items:
        kb.button(
            text=_short(t.BTN_OPEN.format(number=p.number, status=STATUS_LABELS[p.status])),
            callback_data=PMineCb(id=p.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def my_card(p: Proposal) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if p.withdrawable:
        kb.button(text=t.BTN_WITHDRAW, callback_data=PWithdrawCb(id=p.id))
    kb.button(text=t.BTN_BACK, callback_data=PMenuCb(action=MenuAction.MINE))
    kb.adjust(1)
    return kb.as_markup()


# --- staff ---


def admin_menu(accepting: bool, campaign_open: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_QUEUE, callback_data=SQueueCb())
    kb.button(text=t.BTN_GROUPED, callback_data=SMenuCb(action=SAction.GROUPED))
    kb.button(text=t.BTN_EXPORT, callback_data=SExportCb())
    kb.button(
        text=t.BTN_TOGGLE_ACCEPT.format(state=t.ACCEPT_ON if accepting else t.ACCEPT_OFF),
        callback_data=SMenuCb(action=SAction.TOGGLE_ACCEPT),
    )
    if campaign_open:
        kb.button(text=t.BTN_CLOSE_CAMPAIGN, callback_data=SMenuCb(action=SAction.CLOSE_CAMPAIGN))
    kb.adjust(2, 1, 1, 1)
    return kb.as_markup()


def back_to_menu() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_MENU, callback_data=SMenuCb(action=SAction.MENU))
    return kb.as_markup()


def queue(
    items: Sequence[Proposal],
    flt: SQueueCb,
    total: int,
    per_page: int,
    labels: tuple[str, str, str],
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items:
        kb.button(
            text=_short(f"{p.number} · {p.place} · {STATUS_LABELS[p.status]}"),
            callback_data=SCardCb(id=p.id),
        )
    kb.adjust(1)
    nav = InlineKeyboardBuilder()
    if flt.page > 0:
        nav.button(
            text=t.BTN_PREV, callback_data=SQueueCb(**{**flt.model_dump(), "page": flt.page - 1})
        )
    if (flt.page + 1) * per_page < total:
        nav.button(
            text=t.BTN_NEXT, callback_data=SQueueCb(**{**flt.model_dump(), "page": flt.page + 1})
        )
    kb.attach(nav)
    filters = InlineKeyboardBuilder()
    base = {"status": flt.status, "article": flt.article, "mun": flt.mun}
    for what, label in zip(("status", "article", "mun"), labels, strict=True):
        filters.button(text=_short(label), callback_data=SQueueFilterCb(what=what, **base))
    filters.button(text=t.BTN_MENU, callback_data=SMenuCb(action=SAction.MENU))
    filters.adjust(1)
    kb.attach(filters)
    return kb.as_markup()


def filter_options(options: Sequence[tuple[str, SQueueCb]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for label, data in options:
        kb.button(text=_short(label), callback_data=data)
    kb.adjust(2)
    return kb.as_markup()


def card(p: Proposal) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for status in (
        Status.UNDER_REVIEW,
        Status.ACCEPTED,
        Status.PARTIALLY_ACCEPTED,
        Status.REJECTED,
        Status.MERGED,
    ):
        if status in STAFF_TRANSITIONS[p.status]:
            kb.button(
                text=t.BTN_STATUS[status],
                callback_data=SStatusCb(id=p.id, status=status, expected=p.status),
            )
    kb.button(text=t.BTN_NOTE, callback_data=SNoteCb(id=p.id))
    if p.attachment_file_id:
        kb.button(text=t.BTN_ATTACHMENT, callback_data=SAttachmentCb(id=p.id))
    kb.button(text=t.BTN_TO_QUEUE, callback_data=SQueueCb())
    kb.adjust(2)
    return kb.as_markup()


def groups(count: int, labels: Sequence[str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for index, label in zip(range(count), labels, strict=False):
        kb.button(text=_short(label), callback_data=SGroupCb(index=index))
    kb.button(text=t.BTN_MENU, callback_data=SMenuCb(action=SAction.MENU))
    kb.adjust(2)
    return kb.as_markup()


def group_cards(items: Sequence[Proposal]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items:
        kb.button(text=p.number, callback_data=SCardCb(id=p.id))
    kb.button(text=t.BTN_GROUPED, callback_data=SMenuCb(action=SAction.GROUPED))
    kb.adjust(3)
    return kb.as_markup()


def export(
    flt: SExportCb, campaigns: Sequence[Campaign], campaign_labels: Sequence[str]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()

    def mark(selected: bool, label: str) -> str:
        return f"✅ {label}" if selected else label

    base = flt.model_dump() | {"fmt": ""}
    kb.button(
        text=mark(flt.campaign == 0, t.EXPORT_ALL_CAMPAIGNS),
        callback_data=SExportCb(**base | {"campaign": 0}),
    )
    for c, label in zip(campaigns, campaign_labels, strict=True):
        kb.button(
            text=_short(mark(flt.campaign == c.id, label)),
            callback_data=SExportCb(**base | {"campaign": c.id}),
        )
    kb.adjust(1)
    statuses = InlineKeyboardBuilder()
    statuses.button(
        text=mark(flt.status == "-", t.EXPORT_STATUS_DEFAULT),
        callback_data=SExportCb(**base | {"status": "-"}),
    )
    for status, label in STATUS_LABELS.items():
        statuses.button(
            text=_short(mark(flt.status == status.value, label)),
            callback_data=SExportCb(**base | {"status": status.value}),
        )
    statuses.adjust(1, 2)
    kb.attach(statuses)
    formats = InlineKeyboardBuilder()
    for fmt in ("docx", "xlsx", "csv"):
        formats.button(
            text=fmt.upper(), callback_data=SExportCb(**flt.model_dump() | {"fmt": fmt})
        )
    formats.button(text=t.BTN_MENU, callback_data=SMenuCb(action=SAction.MENU))
    formats.adjust(3, 1)
    kb.attach(formats)
    return kb.as_markup()
