"""All inline-button payloads, as aiogram ``CallbackData`` factories (64 bytes at most)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callbacks.types import Int32
from models.users import Occupation


class ConsentAnswer(enum.StrEnum):
    YES = "y"
    NO = "n"


class ConsentCb(CallbackData, prefix="consent"):
    answer: ConsentAnswer
    version: str


class OccupationCb(CallbackData, prefix="occ"):
    value: Occupation


class MunicipalityCb(CallbackData, prefix="mun"):
    id: Int32


class MunicipalityPageCb(CallbackData, prefix="munp"):
    page: Int32


class ProfileField(enum.StrEnum):
    NAME = "name"
    OCCUPATION = "occupation"
    MUNICIPALITY = "municipality"


class ProfileEditCb(CallbackData, prefix="pedit"):
    field: ProfileField


class AdminAction(enum.StrEnum):
    MENU = "menu"
    STATS = "stats"
    MODERATORS = "mods"
    ADD_MODERATOR = "addmod"
    AUDIT = "audit"
    MAILINGS = "mailings"
    MUNICIPALITIES = "muns"


class AdminCb(CallbackData, prefix="adm"):
    action: AdminAction


class RemoveModeratorCb(CallbackData, prefix="rmmod"):
    telegram_id: int


class RsvpAnswer(enum.StrEnum):
    GOING = "going"
    MAYBE = "maybe"
    NOT_GOING = "not_going"


class RsvpCb(CallbackData, prefix="rsvp"):
    event_id: Int32
    answer: RsvpAnswer


class MailingCb(CallbackData, prefix="mlg"):
    id: Int32
