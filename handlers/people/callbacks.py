"""Inline-button payloads of consent, the profile dialogue and the municipality picker."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32
from models.users import Occupation, ProfileStep


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


class ProfileEditCb(CallbackData, prefix="pedit"):
    field: ProfileStep
