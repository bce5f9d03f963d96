"""Inline-button payloads of the consultations screens (ids bounded: buttons can be
forged)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32
from models.consultations import ActKind, ActStage, Stance


class ActsPageCb(CallbackData, prefix="acl"):
    page: Int32


class ActCardCb(CallbackData, prefix="acc"):
    act_id: Int32


class ActPublic(enum.StrEnum):
    PROPOSE = "prop"
    POSITION = "pos"


class ActPublicCb(CallbackData, prefix="acp"):
    action: ActPublic
    act_id: Int32


class ActStaff(enum.StrEnum):
    MISSING = "miss"
    POSITIONS = "pos"
    LATE = "late"
    TEXT = "text"
    REFRESH = "ref"
    TAKE = "take"  # «I am responsible for this act»


class ActStaffCb(CallbackData, prefix="acs"):
    action: ActStaff
    act_id: Int32


class ActStageCb(CallbackData, prefix="acg"):
    """Move the act on from ``expected`` (a stale button finds the stage moved)."""

    act_id: Int32
    expected: ActStage


class ActRemindCb(CallbackData, prefix="acr"):
    """The one-tap reminder; ``stamp`` (minutes, from the card) makes a double tap one."""

    act_id: Int32
    stamp: Int32


class ActKindCb(CallbackData, prefix="ack"):
    kind: ActKind


class NewAction(enum.StrEnum):
    ALL = "all"
    CREATE = "create"
    CANCEL = "cancel"


class ActNewCb(CallbackData, prefix="acn"):
    """The creation dialogue's buttons: «all municipalities», create, cancel."""

    action: NewAction


class PosMunicipalityCb(CallbackData, prefix="apm"):
    municipality_id: Int32


class PosStanceCb(CallbackData, prefix="aps"):
    stance: Stance


class PosAction(enum.StrEnum):
    NO_FILE = "nofile"
    SEND = "send"
    CANCEL = "cancel"


class PosActionCb(CallbackData, prefix="apa"):
    """«no letter», send, cancel."""

    action: PosAction
