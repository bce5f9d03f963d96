"""Keyboards of the events section. Paged lists and pickers use the one pager."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.events.callbacks import (
    CalendarCb,
    DialogAction,
    DialogCb,
    EditAction,
    EditCb,
    EditFieldCb,
    EventAnswerCb,
    EventFilesCb,
    EventListCb,
    EventOpenCb,
    KindCb,
    MyEventsCb,
    PickMunicipalityCb,
    PickPageCb,
    RsvpAnswer,
    StaffAction,
    StaffEventCb,
    StaffListCb,
    TopicCb,
)
from handlers.events.desk_buttons import people_rows, ticket_button
from handlers.widgets.pager import Page, nav_row
from models.base import utcnow
from models.events.changes import EventField
from models.events.entities import EVENT_TOPICS, Event, EventKind, EventState, Rsvp, RsvpStatus
from models.events.messages import ANSWER_KEYS
from models.municipalities import Municipality
from texts import t

PAGE_SIZE = 6
STAFF_PAGE_SIZE = 8
PICK_PAGE_SIZE = 10
BUTTON_MAX = 60
STAFF_MARKS = {
    EventState.DRAFT: "events-staff-item-draft",
    EventState.CANCELLED: "events-staff-item-cancelled",
}


def _item(event: Event) -> str:
    return t.plain("events-list-item", when=event.starts_at, title=event.title)[:BUTTON_MAX]


def event_list(items: Sequence[Event], page: Page) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in items:
        kb.button(text=_item(event), callback_data=EventOpenCb(id=event.id))
    kb.adjust(1)
    nav_row(kb, page, lambda n: EventListCb(page=n))
    kb.row()
    kb.button(text=t.plain("events-my-events-btn"), callback_data=MyEventsCb())
    return kb.as_markup()


def _chosen(current: RsvpStatus | None, value: RsvpAnswer) -> bool:
    if current is None:
        return False
    return current.value == value.value or (
        current is RsvpStatus.WAITLIST and value is RsvpAnswer.GOING
    )


def card(event: Event, answer: Rsvp | None, files: int = 0) -> InlineKeyboardMarkup:
    """A person's card: answers while it is published; «В календарь» also once cancelled
    (the CANCEL entry); «Материалы» when there are files."""
    kb = InlineKeyboardBuilder()
    current = answer.status if answer else None
    published = event.state is EventState.PUBLISHED
    sizes: list[int] = []
    if published:
        for value in RsvpAnswer:
            label = t.plain(ANSWER_KEYS[value.value])
            if _chosen(current, value):
                label = t.plain("events-answer-chosen", label=label)
            kb.button(text=label, callback_data=EventAnswerCb(id=event.id, answer=value))
        sizes.append(3)
    if event.state is not EventState.DRAFT:
        kb.button(text=t.plain("events-calendar-btn"), callback_data=CalendarCb(id=event.id))
        if files:
            kb.button(
                text=t.plain("events-files-btn", count=files),
                callback_data=EventFilesCb(id=event.id),
            )
        sizes.append(2 if files else 1)
    kb.button(text=t.plain("events-my-events-btn"), callback_data=MyEventsCb())
    kb.button(text=t.plain("events-back-to-list-btn"), callback_data=EventListCb(page=0))
    kb.adjust(*sizes, 2)
    if (ticket := ticket_button(event, current)) is not None:  # the desk's «Мой билет»
        kb.row(ticket)
    return kb.as_markup()


def my_events(items: Sequence[tuple[Event, Rsvp]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event, _ in items:
        kb.button(text=_item(event), callback_data=EventOpenCb(id=event.id))
    kb.button(text=t.plain("events-back-to-list-btn"), callback_data=EventListCb(page=0))
    kb.adjust(1)
    return kb.as_markup()


# --- staff ---


def staff_list(items: Sequence[Event], past: bool, page: Page) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in items:
        mark = STAFF_MARKS.get(event.state)
        text = t.plain(mark, item=_item(event)) if mark else _item(event)
        kb.button(text=text, callback_data=StaffEventCb(id=event.id, action=StaffAction.OPEN))
    kb.adjust(1)
    nav_row(kb, page, lambda n: StaffListCb(past=past, page=n))
    footer = InlineKeyboardBuilder()
    footer.button(
        text=t.plain("events-staff-new-btn"), callback_data=DialogCb(action=DialogAction.NEW)
    )
    other = "events-staff-upcoming-btn" if past else "events-staff-past-btn"
    footer.button(text=t.plain(other), callback_data=StaffListCb(past=not past))
    footer.adjust(1)
    kb.attach(footer)
    return kb.as_markup()


def staff_card(event: Event) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()

    def add(key: str, action: StaffAction) -> None:
        kb.button(text=t.plain(key), callback_data=StaffEventCb(id=event.id, action=action))

    live = event.state is not EventState.CANCELLED
    if event.state is EventState.DRAFT:
        add("events-staff-publish-btn", StaffAction.PUBLISH)
    if live:
        add("events-staff-edit-btn", StaffAction.EDIT)
        add("events-staff-files-btn", StaffAction.FILES)
    if event.state is EventState.PUBLISHED:
        closed = event.rsvp_deadline is not None and event.rsvp_deadline <= utcnow()
        if closed:
            add("events-staff-reopen-btn", StaffAction.REOPEN)
        else:
            add("events-staff-close-btn", StaffAction.CLOSE)
    add("events-staff-duplicate-btn", StaffAction.DUPLICATE)
    add("events-staff-xlsx-btn", StaffAction.XLSX)
    add("events-staff-csv-btn", StaffAction.CSV)
    add("events-staff-sheet-btn", StaffAction.SHEET)
    if event.state is EventState.PUBLISHED:
        add("events-staff-qr-btn", StaffAction.QR)
    if event.state is EventState.DRAFT:
        add("events-staff-delete-btn", StaffAction.DELETE)
    if live:
        add("events-staff-cancel-btn", StaffAction.CANCEL)
    kb.button(text=t.plain("events-staff-back-btn"), callback_data=StaffListCb(past=False))
    kb.adjust(2)
    for row in people_rows(event):  # the desk: participants, writing to them, questions
        kb.row(*row)
    return kb.as_markup()


def edit_fields(event: Event) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for field in EventField:
        kb.button(text=t.label(field), callback_data=EditFieldCb(id=event.id, field=field))
    kb.button(
        text=t.plain("events-staff-back-btn"),
        callback_data=StaffEventCb(id=event.id, action=StaffAction.OPEN),
    )
    kb.adjust(2)
    return kb.as_markup()


def edit_one(key: str, action: EditAction) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain(key), callback_data=EditCb(action=action))
    return kb.as_markup()


def edit_confirm() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("events-edit-save-btn"), callback_data=EditCb(action=EditAction.SAVE))
    kb.button(
        text=t.plain("events-edit-discard-btn"), callback_data=EditCb(action=EditAction.DISCARD)
    )
    kb.adjust(1)
    return kb.as_markup()


def files_dialogue() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("events-done-btn"), callback_data=EditCb(action=EditAction.DONE))
    kb.button(
        text=t.plain("events-files-clear-btn"), callback_data=EditCb(action=EditAction.CLEAR)
    )
    kb.adjust(1)
    return kb.as_markup()


def cancel_confirm(event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("events-staff-cancel-confirm-btn"),
        callback_data=StaffEventCb(id=event_id, action=StaffAction.CANCEL_CONFIRM),
    )
    kb.button(
        text=t.plain("events-staff-back-btn"),
        callback_data=StaffEventCb(id=event_id, action=StaffAction.OPEN),
    )
    kb.adjust(1)
    return kb.as_markup()


def delete_confirm(event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("events-staff-delete-confirm-btn"),
        callback_data=StaffEventCb(id=event_id, action=StaffAction.DELETE_CONFIRM),
    )
    kb.button(
        text=t.plain("events-staff-back-btn"),
        callback_data=StaffEventCb(id=event_id, action=StaffAction.OPEN),
    )
    kb.adjust(1)
    return kb.as_markup()


def one(key: str, action: DialogAction) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain(key), callback_data=DialogCb(action=action))
    return kb.as_markup()


def kinds() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind in EventKind:
        kb.button(text=t.label(kind), callback_data=KindCb(kind=kind))
    kb.adjust(2)
    return kb.as_markup()


def topics() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic in EVENT_TOPICS:
        kb.button(text=t.label(topic), callback_data=TopicCb(topic=topic.value))
    kb.adjust(1)
    return kb.as_markup()


def audience() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("events-all-municipalities-btn"),
        callback_data=DialogCb(action=DialogAction.ALL_MUNICIPALITIES),
    )
    kb.button(
        text=t.plain("events-pick-municipalities-btn"),
        callback_data=DialogCb(action=DialogAction.PICK_MUNICIPALITIES),
    )
    kb.adjust(1)
    return kb.as_markup()


def pick_municipalities(
    items: Sequence[Municipality], chosen: set[int], page: Page
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        text = t.plain("events-pick-chosen", name=item.name) if item.id in chosen else item.name
        kb.button(text=text, callback_data=PickMunicipalityCb(id=item.id, page=page.number))
    kb.adjust(2)
    nav_row(kb, page, lambda n: PickPageCb(page=n))
    kb.row()
    kb.button(text=t.plain("events-done-btn"), callback_data=DialogCb(action=DialogAction.DONE))
    return kb.as_markup()


def preview() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("events-publish-btn"), callback_data=DialogCb(action=DialogAction.PUBLISH)
    )
    kb.button(text=t.plain("events-draft-btn"), callback_data=DialogCb(action=DialogAction.DRAFT))
    kb.button(
        text=t.plain("events-discard-btn"), callback_data=DialogCb(action=DialogAction.DISCARD)
    )
    kb.adjust(1)
    return kb.as_markup()
