"""Keyboards of the proposals section: the participants' dialogue and the staff screens."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.proposals.callbacks import (
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
    PSubCb,
    PSubmitCb,
    PWithdrawCb,
    SAction,
    SAssignCb,
    SAttachmentCb,
    SCardCb,
    SDueCb,
    SExportCb,
    SGroupCb,
    SGroupDecideCb,
    SGroupsCb,
    SLawCb,
    SMenuCb,
    SNoteCb,
    SQueueCb,
    SQueueFilterCb,
    SStatusCb,
    SSummaryCb,
    STemplateCb,
)
from handlers.proposals.views import shorten
from handlers.widgets.pager import Page, nav_row
from models.lawtext import numbers
from models.proposals.decisions import UNDECIDED, AnswerTemplate
from models.proposals.drafts import Draft, Step
from models.proposals.entities import (
    AmendmentKind,
    Campaign,
    Proposal,
    ProposalStatus,
)
from models.proposals.export import FORMATS
from models.proposals.law import Article, LawStructure, Part, Point
from models.proposals.places import PlaceKind
from models.proposals.queries import Group
from models.proposals.review import allowed
from texts import t

BUTTON_TEXT_MAX = 60
KIND_BUTTONS = {
    AmendmentKind.NEW_WORDING: "proposals-kind-new-wording",
    AmendmentKind.ADDITION: "proposals-kind-addition",
    AmendmentKind.DELETION: "proposals-kind-deletion",
}
EDIT_BUTTONS = {
    Step.PLACE: "proposals-edit-place",
    Step.KIND: "proposals-edit-kind",
    Step.CURRENT: "proposals-edit-current",
    Step.PROPOSED: "proposals-edit-proposed",
    Step.JUSTIFICATION: "proposals-edit-justification",
    Step.ATTACHMENT: "proposals-edit-attachment",
}
# Staff decisions, in the order the card shows them.
REVIEW_BUTTONS = {
    ProposalStatus.UNDER_REVIEW: "proposals-review-take",
    ProposalStatus.ACCEPTED: "proposals-review-accept",
    ProposalStatus.PARTIALLY_ACCEPTED: "proposals-review-accept-partly",
    ProposalStatus.REJECTED: "proposals-review-reject",
    ProposalStatus.MERGED: "proposals-review-merge",
}


def _short(text: str) -> str:
    return text if len(text) <= BUTTON_TEXT_MAX else shorten(text, BUTTON_TEXT_MAX - 1)


def _menu_buttons(kb: InlineKeyboardBuilder, has_draft: bool) -> None:
    if has_draft:
        kb.button(
            text=t.plain("proposals-btn-continue"),
            callback_data=PMenuCb(action=MenuAction.CONTINUE),
        )
        kb.button(
            text=t.plain("proposals-btn-discard"), callback_data=PMenuCb(action=MenuAction.DISCARD)
        )


def section(has_draft: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _menu_buttons(kb, has_draft)
    if not has_draft:
        kb.button(text=t.plain("proposals-btn-new"), callback_data=PMenuCb(action=MenuAction.NEW))
    kb.button(text=t.plain("proposals-btn-mine"), callback_data=PMenuCb(action=MenuAction.MINE))
    kb.adjust(1)
    return kb.as_markup()


def draft_choice() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _menu_buttons(kb, True)
    kb.adjust(1)
    return kb.as_markup()


def _special_places(kb: InlineKeyboardBuilder) -> None:
    kb.button(
        text=t.plain("proposals-btn-new-article"),
        callback_data=PPlaceCb(kind=PlaceKind.NEW_ARTICLE),
    )
    kb.button(
        text=t.plain("proposals-btn-whole-law"), callback_data=PPlaceCb(kind=PlaceKind.WHOLE_LAW)
    )


def articles(law: LawStructure) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for art in law.articles:
        kb.button(
            text=_short(t.plain("proposals-btn-article", number=art.label, title=art.title)),
            callback_data=PArticleCb(article=art.number),
        )
    _special_places(kb)
    kb.adjust(1)
    return kb.as_markup()


def parts(art: Article) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("proposals-btn-whole-article"),
        callback_data=PPartCb(article=art.number, part=0),
    )
    for prt in art.parts:
        kb.button(
            text=t.plain("proposals-btn-part", number=prt.label),
            callback_data=PPartCb(article=art.number, part=prt.number),
        )
    kb.adjust(1, 4)
    return kb.as_markup()


def points(art: Article, prt: Part | None) -> InlineKeyboardMarkup:
    """The points; one with sub-points opens them (``PSubCb``) instead of choosing it."""
    kb = InlineKeyboardBuilder()
    part_no = prt.number if prt else 0
    whole = t.plain("proposals-btn-whole-part" if prt else "proposals-btn-whole-article")
    kb.button(text=whole, callback_data=PPointCb(article=art.number, part=part_no, point=0))
    for pt in prt.points if prt else art.points:
        if pt.subpoints:
            kb.button(
                text=t.plain("proposals-btn-point-open", number=pt.label),
                callback_data=PSubCb(article=art.number, part=part_no, point=pt.number),
            )
            continue
        kb.button(
            text=t.plain("proposals-btn-point", number=pt.label),
            callback_data=PPointCb(article=art.number, part=part_no, point=pt.number),
        )
    kb.adjust(1, 4)
    return kb.as_markup()


def subpoints(article: int, part: int, pt: Point) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("proposals-btn-whole-point"),
        callback_data=PPointCb(article=article, part=part, point=pt.number),
    )
    for sub in pt.subpoints:
        kb.button(
            text=t.plain("proposals-btn-subpoint", letter=sub.label),
            callback_data=PPointCb(
                article=article, part=part, point=numbers.with_sub(pt.number, sub.number)
            ),
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
    for kind, key in KIND_BUTTONS.items():
        if place_kind == PlaceKind.NEW_ARTICLE and kind is not AmendmentKind.ADDITION:
            continue
        if place_kind == PlaceKind.WHOLE_LAW and kind is AmendmentKind.DELETION:
            continue
        kb.button(text=t.plain(key), callback_data=PKindCb(kind=kind))
    kb.adjust(1)
    return kb.as_markup()


def skip(step: Step, key: str = "proposals-btn-skip") -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain(key), callback_data=PSkipCb(step=step))
    return kb.as_markup()


def _editable(step: Step, draft: Draft) -> bool:
    if step is Step.KIND:
        return draft.place_kind != PlaceKind.NEW_ARTICLE
    if step is Step.CURRENT:
        return draft.is_provision and not draft.current_from_law
    if step is Step.PROPOSED:
        return draft.kind != AmendmentKind.DELETION
    return True


def preview(draft: Draft) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for step, key in EDIT_BUTTONS.items():
        if _editable(step, draft):
            kb.button(text=t.plain(key), callback_data=PEditCb(step=step))
    kb.adjust(2)
    tail = InlineKeyboardBuilder()
    tail.button(text=t.plain("proposals-btn-submit"), callback_data=PSubmitCb())
    tail.button(
        text=t.plain("proposals-btn-discard"), callback_data=PMenuCb(action=MenuAction.DISCARD)
    )
    tail.adjust(1)
    kb.attach(tail)
    return kb.as_markup()


def mine(items: Sequence[Proposal]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items:
        kb.button(
            text=_short(t.plain("proposals-btn-open", number=p.number, status=p.status)),
            callback_data=PMineCb(id=p.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def my_card(p: Proposal) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if p.withdrawable:
        kb.button(text=t.plain("proposals-btn-withdraw"), callback_data=PWithdrawCb(id=p.id))
    kb.button(text=t.plain("proposals-btn-back"), callback_data=PMenuCb(action=MenuAction.MINE))
    kb.adjust(1)
    return kb.as_markup()


# --- staff ---


def _menu_button(kb: InlineKeyboardBuilder) -> None:
    kb.button(text=t.plain("proposals-btn-menu"), callback_data=SMenuCb(action=SAction.MENU))


def admin_menu(accepting: bool, campaign_open: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("proposals-btn-queue"), callback_data=SQueueCb())
    kb.button(text=t.plain("proposals-btn-grouped"), callback_data=SGroupsCb())
    kb.button(text=t.plain("proposals-btn-export"), callback_data=SExportCb())
    kb.button(text=t.plain("decisions-btn-summary"), callback_data=SSummaryCb())
    state = t.plain("proposals-accept-on" if accepting else "proposals-accept-off")
    kb.button(
        text=t.plain("proposals-btn-toggle-accept", state=state),
        callback_data=SMenuCb(action=SAction.TOGGLE_ACCEPT),
    )
    if campaign_open:
        kb.button(
            text=t.plain("proposals-btn-close-campaign"),
            callback_data=SMenuCb(action=SAction.CLOSE_CAMPAIGN),
        )
    kb.adjust(2, 2, 1, 1)
    return kb.as_markup()


def back_to_menu() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _menu_button(kb)
    return kb.as_markup()


def queue(
    items: Sequence[Proposal],
    flt: SQueueCb,
    page: Page,
    labels: tuple[str, str, str],
    changed: frozenset[int] = frozenset(),
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items:
        text = t.plain(
            "proposals-queue-item", number=p.number, place=p.place.label(t), status=p.status
        )
        if p.id in changed:  # the wording it amends changed in a newer version
            text = t.plain("decisions-queue-changed", item=text)
        kb.button(text=_short(text), callback_data=SCardCb(id=p.id))
    kb.adjust(1)
    nav_row(kb, page, lambda n: SQueueCb(**flt.model_dump() | {"page": n}))
    filters = InlineKeyboardBuilder()
    base = {"status": flt.status, "article": flt.article, "mun": flt.mun}
    for what, label in zip(("status", "article", "mun"), labels, strict=True):
        filters.button(text=_short(label), callback_data=SQueueFilterCb(what=what, **base))
    _menu_button(filters)
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
    for status, key in REVIEW_BUTTONS.items():
        if allowed(p.status, status):
            kb.button(
                text=t.plain(key),
                callback_data=SStatusCb(id=p.id, status=status, expected=p.status),
            )
    if p.status in UNDECIDED:
        kb.button(text=t.plain("decisions-btn-group"), callback_data=SGroupDecideCb(id=p.id))
    kb.button(text=t.plain("decisions-btn-assign"), callback_data=SAssignCb(id=p.id))
    kb.button(text=t.plain("decisions-btn-due"), callback_data=SDueCb(id=p.id))
    kb.button(text=t.plain("proposals-btn-note"), callback_data=SNoteCb(id=p.id))
    if p.attachment_file_id:
        kb.button(text=t.plain("proposals-btn-attachment"), callback_data=SAttachmentCb(id=p.id))
    kb.button(text=t.plain("proposals-btn-to-queue"), callback_data=SQueueCb())
    kb.adjust(2)
    return kb.as_markup()


def groups(shown: Sequence[Group], page: Page) -> InlineKeyboardMarkup:
    """One button per group on this page (its index in the whole list), the pager, the menu."""
    kb = InlineKeyboardBuilder()
    for index, group in enumerate(shown, start=page.offset):
        label = t.plain(
            "proposals-group-button", place=group.place.label(t), count=len(group.proposals)
        )
        kb.button(text=_short(label), callback_data=SGroupCb(index=index))
    kb.adjust(2)
    nav_row(kb, page, lambda n: SGroupsCb(page=n))
    tail = InlineKeyboardBuilder()
    _menu_button(tail)
    kb.attach(tail)
    return kb.as_markup()


def group_cards(items: Sequence[Proposal]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items:
        kb.button(text=p.number, callback_data=SCardCb(id=p.id))
    kb.button(text=t.plain("proposals-btn-grouped"), callback_data=SGroupsCb())
    kb.adjust(3)
    return kb.as_markup()


def _mark(selected: bool, label: str) -> str:
    return t.plain("proposals-export-selected", label=label) if selected else label


def _campaign_label(c: Campaign) -> str:
    return t.plain("proposals-campaign-label", title=c.title[:30], deadline=t.day(c.deadline))


def export(flt: SExportCb, campaigns: Sequence[Campaign]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    base = flt.model_dump() | {"fmt": ""}
    kb.button(
        text=_mark(flt.campaign == 0, t.plain("proposals-export-all-campaigns")),
        callback_data=SExportCb(**base | {"campaign": 0}),
    )
    for c in campaigns:
        kb.button(
            text=_short(_mark(flt.campaign == c.id, _campaign_label(c))),
            callback_data=SExportCb(**base | {"campaign": c.id}),
        )
    kb.adjust(1)
    statuses = InlineKeyboardBuilder()
    statuses.button(
        text=_mark(flt.status == "-", t.plain("proposals-export-status-default")),
        callback_data=SExportCb(**base | {"status": "-"}),
    )
    for status, label in t.labels(ProposalStatus).items():
        statuses.button(
            text=_short(_mark(flt.status == status.value, label)),
            callback_data=SExportCb(**base | {"status": status.value}),
        )
    statuses.adjust(1, 2)
    kb.attach(statuses)
    formats = InlineKeyboardBuilder()
    for fmt in FORMATS:
        formats.button(
            text=fmt.upper(), callback_data=SExportCb(**flt.model_dump() | {"fmt": fmt})
        )
    _menu_button(formats)
    formats.adjust(3, 1)
    kb.attach(formats)
    return kb.as_markup()


def law_confirm() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("proposals-law-btn-confirm"), callback_data=SLawCb(confirm=True))
    kb.button(text=t.plain("proposals-law-btn-cancel"), callback_data=SLawCb(confirm=False))
    kb.adjust(1)
    return kb.as_markup()


def templates(items: Sequence[AnswerTemplate]) -> InlineKeyboardMarkup | None:
    """Saved reasons offered while a decision's reason is awaited."""
    if not items:
        return None
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(
            text=_short(t.plain("decisions-btn-template", title=item.title)),
            callback_data=STemplateCb(id=item.id),
        )
    kb.adjust(1)
    return kb.as_markup()
