"""Inline-button payloads of the events section."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callbacks import RsvpAnswer
from models.events import EventKind


class EventOpenCb(CallbackData, prefix="evo"):
    id: int


class EventAnswerCb(CallbackData, prefix="eva"):
    id: int
    answer: RsvpAnswer


class EventListCb(CallbackData, prefix="evl"):
    page: int


class MyEventsCb(CallbackData, prefix="evm"):
    pass


class CalendarCb(CallbackData, prefix="evc"):
    id: int


class StaffListCb(CallbackData, prefix="sevl"):
    past: bool = False


class StaffAction(enum.StrEnum):
    OPEN = "open"
    PUBLISH = "pub"
    TIME = "time"
    PLACE = "place"
    CANCEL = "cancel"
    CANCEL_CONFIRM = "cancel_ok"
    XLSX = "xlsx"
    CSV = "csv"
    QR = "qr"


class StaffEventCb(CallbackData, prefix="sev"):
    id: int
    action: StaffAction


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
    id: int
    page: int


class PickPageCb(CallbackData, prefix="sevp"):
    page: int
