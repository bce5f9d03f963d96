"""Inline-button payloads of the representatives screens (ids bounded: buttons can be
forged)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32


class RepsPageCb(CallbackData, prefix="rpl"):
    """A page of the staff list of municipalities."""

    page: Int32


class RepsCardCb(CallbackData, prefix="rpc"):
    """One municipality's representatives (staff)."""

    municipality_id: Int32


class RepsAction(enum.StrEnum):
    APPOINT = "app"
    INVITE = "inv"
    INVITE_SIGNATORY = "invs"


class RepsActionCb(CallbackData, prefix="rpa"):
    action: RepsAction
    municipality_id: Int32


class RepRowAction(enum.StrEnum):
    SIGNATORY = "sig"
    REVOKE_ASK = "rva"
    REVOKE = "rv"


class RepRowCb(CallbackData, prefix="rpr"):
    """An action on one representative's row."""

    action: RepRowAction
    representative_id: Int32


class RepPickCb(CallbackData, prefix="rpp"):
    """A found person to appoint."""

    municipality_id: Int32
    user_id: Int32


class RepHandoverCb(CallbackData, prefix="rph"):
    """A representative asks for a link for their deputy."""

    representative_id: Int32
