"""Inline-button payloads of the events section (64 bytes at most each)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32
from models.events.changes import EventField
from models.events.entities import EventKind


class RsvpAnswer(enum.StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"


class RsvpCb(CallbackData, prefix="rsvp"):
    event_id: Int32
    answer: RsvpAnswer


class EventOpenCb(CallbackData, prefix="evo"):
    id: Int32


class EventAnswerCb(CallbackData, prefix="eva"):
    id: Int32
    answer: RsvpAnswer


class EventListCb(CallbackData, prefix="evl"):
    page: Int32


class MyEventsCb(CallbackData, prefix="evm"):
    pass


class CalendarCb(CallbackData, prefix="evc"):
    id: Int32


class StaffListCb(CallbackData, prefix="sevl"):
    past: bool = False
    page: Int32 = 0


class StaffAction(enum.StrEnum):
    OPEN = "open"
    PUBLISH = "pub"
    EDIT = "edit"  # the menu of fields
    FILES = "files"
    CLOSE = "close"  # registration
    REOPEN = "reopen"
    DUPLICATE = "dup"
    DELETE = "del"  # a draft
    DELETE_CONFIRM = "del_ok"
    CANCEL = "cancel"
    CANCEL_CONFIRM = "cancel_ok"
    XLSX = "xlsx"
    CSV = "csv"
    SHEET = "sheet"  # the printable sign-in sheet
    QR = "qr"


class StaffEventCb(CallbackData, prefix="sev"):
    id: Int32
    action: StaffAction


class EditFieldCb(CallbackData, prefix="seve"):
    """Which field of an event to change."""

    id: Int32
    field: EventField


class EditAction(enum.StrEnum):
    NONE = "none"  # no limit / until the start / no place / no link / keep the duration
    SAVE = "save"
    DISCARD = "discard"
    DONE = "done"  # files
    CLEAR = "clear"  # files: remove all


class EditCb(CallbackData, prefix="sevx"):
    action: EditAction


class EventFilesCb(CallbackData, prefix="evf"):
    """The files of an event, from its public card."""

    id: Int32


class DialogAction(enum.StrEnum):
    NEW = "new"
    NO_LIMIT = "nolimit"
    NO_DEADLINE = "nodeadline"
    ALL_MUNICIPALITIES = "allmun"
    PICK_MUNICIPALITIES = "pickmun"
    DONE = "done"
    DEFAULT_OFFSETS = "defoff"
    PUBLISH = "publish"
    DRAFT = "draft"
    DISCARD = "discard"


class DialogCb(CallbackData, prefix="sevd"):
    action: DialogAction


class KindCb(CallbackData, prefix="sevk"):
    kind: EventKind


class TopicCb(CallbackData, prefix="sevt"):
    topic: str


class PickMunicipalityCb(CallbackData, prefix="sevm"):
    id: Int32
    page: Int32


class PickPageCb(CallbackData, prefix="sevp"):
    page: Int32
