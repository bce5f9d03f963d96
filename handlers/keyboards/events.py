"""Keyboards of the events section."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers import texts
from handlers.callbacks import RsvpAnswer
from handlers.callbacks.events import (
    CalendarCb,
    DialogAction,
    DialogCb,
    EventAnswerCb,
    EventListCb,
    EventOpenCb,
    KindCb,
    MyEventsCb,
    PickMunicipalityCb,
    PickPageCb,
    StaffAction,
    StaffEventCb,
    StaffListCb,
    TopicCb,
)
from handlers.texts import events as t
from models.events import TOPIC_LABELS, Event, EventState, Rsvp, RsvpStatus
from models.municipalities import Municipality

PAGE_SIZE = 6
PICK_PAGE_SIZE = 10


def _short(event: Event, tz: ZoneInfo) -> str:
    return f"{event.starts_at.astimezone(tz):%d.%m %H:%M} · {event.title}"[:60]


def event_list(
    items: Sequence[Event], page: int, pages: int, tz: ZoneInfo
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in items:
        kb.button(text=_short(event, tz), callback_data=EventOpenCb(id=event.id))
    kb.adjust(1)
    if pages > 1:
        nav = InlineKeyboardBuilder()
        if page > 0:
            nav.button(text=texts.PAGE_PREV, callback_data=EventListCb(page=page - 1))
        nav.button(text=f"{page + 1}/{pages}", callback_data=EventListCb(page=page))
        if page < pages - 1:
            nav.button(text=texts.PAGE_NEXT, callback_data=EventListCb(page=page + 1))
        kb.attach(nav)
    kb.row()
    kb.button(text=t.MY_EVENTS_BTN, callback_data=MyEventsCb())
    return kb.as_markup()


def card(event: Event, answer: Rsvp | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    current = answer.status if answer else None
    if event.state is EventState.PUBLISHED:
        for value in RsvpAnswer:
            label = t.ANSWER_LABELS[value.value]
            chosen = current is not None and (
                current.value == value.value
                or (current is RsvpStatus.WAITLIST and value is RsvpAnswer.GOING)
            )
            kb.button(
                text=f"• {label} •" if chosen else label,
                callback_data=EventAnswerCb(id=event.id, answer=value),
            )
        kb.button(text=t.CALENDAR_BTN, callback_data=CalendarCb(id=event.id))
    kb.button(text=t.MY_EVENTS_BTN, callback_data=MyEventsCb())
    kb.button(text=t.BACK_TO_LIST_BTN, callback_data=EventListCb(page=0))
    kb.adjust(3, 1, 2) if event.state is EventState.PUBLISHED else kb.adjust(2)
    return kb.as_markup()


def my_events(items: Sequence[tuple[Event, Rsvp]], tz: ZoneInfo) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event, _ in items:
        kb.button(text=_short(event, tz), callback_data=EventOpenCb(id=event.id))
    kb.button(text=t.BACK_TO_LIST_BTN, callback_data=EventListCb(page=0))
    kb.adjust(1)
    return kb.as_markup()


# --- staff ---


def staff_list(items: Sequence[Event], past: bool, tz: ZoneInfo) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in items:
        mark = {"draft": "📝 ", "cancelled": "🚫 "}.get(event.state.value, "")
        kb.button(
            text=mark + _short(event, tz),
            callback_data=StaffEventCb(id=event.id, action=StaffAction.OPEN),
        )
    kb.button(text=t.STAFF_NEW_BTN, callback_data=DialogCb(action=DialogAction.NEW))
    if past:
        kb.button(text=t.STAFF_UPCOMING_BTN, callback_data=StaffListCb(past=False))
    else:
        kb.button(text=t.STAFF_PAST_BTN, callback_data=StaffListCb(past=True))
    kb.adjust(1)
    return kb.as_markup()


def staff_card(event: Event) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()

    def add(label: str, action: StaffAction) -> None:
        kb.button(text=label, callback_data=StaffEventCb(id=event.id, action=action))

    if event.state is EventState.DRAFT:
        add(t.STAFF_PUBLISH_BTN, StaffAction.PUBLISH)
    if event.state is not EventState.CANCELLED:
        add(t.STAFF_TIME_BTN, StaffAction.TIME)
        add(t.STAFF_PLACE_BTN, StaffAction.PLACE)
    add(t.STAFF_XLSX_BTN, StaffAction.XLSX)
    add(t.STAFF_CSV_BTN, StaffAction.CSV)
    if event.state is EventState.PUBLISHED:
        add(t.STAFF_QR_BTN, StaffAction.QR)
    if event.state is not EventState.CANCELLED:
        add(t.STAFF_CANCEL_BTN, StaffAction.CANCEL)
    kb.button(text=t.STAFF_BACK_BTN, callback_data=StaffListCb(past=False))
    kb.adjust(2)
    return kb.as_markup()


def cancel_confirm(event_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.STAFF_CANCEL_CONFIRM_BTN,
        callback_data=StaffEventCb(id=event_id, action=StaffAction.CANCEL_CONFIRM),
    )
    kb.button(
        text=t.STAFF_BACK_BTN, callback_data=StaffEventCb(id=event_id, action=StaffAction.OPEN)
    )
    kb.adjust(1)
    return kb.as_markup()


def one(label: str, action: DialogAction) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=label, callback_data=DialogCb(action=action))
    return kb.as_markup()


def kinds() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for kind, label in t.KIND_LABELS.items():
        kb.button(text=label, callback_data=KindCb(kind=kind))
    kb.adjust(2)
    return kb.as_markup()


def topics() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic, label in TOPIC_LABELS.items():
        kb.button(text=label, callback_data=TopicCb(topic=topic))
    kb.adjust(1)
    return kb.as_markup()


def audience() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.ALL_MUNICIPALITIES_BTN,
        callback_data=DialogCb(action=DialogAction.ALL_MUNICIPALITIES),
    )
    kb.button(
        text=t.PICK_MUNICIPALITIES_BTN,
        callback_data=DialogCb(action=DialogAction.PICK_MUNICIPALITIES),
    )
    kb.adjust(1)
    return kb.as_markup()


def pick_municipalities(
    items: Sequence[Municipality], chosen: set[int], page: int, pages: int
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        mark = "✅ " if item.id in chosen else ""
        kb.button(text=mark + item.name, callback_data=PickMunicipalityCb(id=item.id, page=page))
    kb.adjust(2)
    nav = InlineKeyboardBuilder()
    if page > 0:
        nav.button(text=texts.PAGE_PREV, callback_data=PickPageCb(page=page - 1))
    if page < pages - 1:
        nav.button(text=texts.PAGE_NEXT, callback_data=PickPageCb(page=page + 1))
    kb.attach(nav)
    kb.row()
    kb.button(text=t.DONE_BTN, callback_data=DialogCb(action=DialogAction.DONE))
    return kb.as_markup()


def preview() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.PUBLISH_BTN, callback_data=DialogCb(action=DialogAction.PUBLISH))
    kb.button(text=t.DRAFT_BTN, callback_data=DialogCb(action=DialogAction.DRAFT))
    kb.button(text=t.DISCARD_BTN, callback_data=DialogCb(action=DialogAction.DISCARD))
    kb.adjust(1)
    return kb.as_markup()
