"""Inline-button payloads of the mass-mailing dialogue (admins only). ``MailingStopCb`` is
also packed by the scheduler, as ``models.mailings.stop_callback``."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32


class MailingStep(enum.StrEnum):
    NO_BUTTONS = "nobtn"
    AUDIENCE_DONE = "audok"
    AUDIENCE = "aud"  # back to the audience screen
    TEST = "test"
    SEND_NOW = "now"
    SCHEDULE = "later"
    CONFIRM = "yes"
    PAID = "paid"  # switch the paid broadcast mode on the confirmation
    CHOICE = "choice"  # back to "test / now / later"
    CANCEL = "cancel"


class MailingStepCb(CallbackData, prefix="mls"):
    step: MailingStep


class AudienceAction(enum.StrEnum):
    TOPICS = "topics"
    TOPIC = "topic"
    MUNICIPALITIES = "muns"
    MUNICIPALITY = "mun"
    OCCUPATIONS = "occs"
    OCCUPATION = "occ"
    EVENTS = "events"
    EVENT = "event"
    NO_EVENT = "noevent"
    STATUS = "status"
    CHECKED_IN = "checkin"
    RESET = "reset"
    MAIN = "main"


class AudienceCb(CallbackData, prefix="mla"):
    action: AudienceAction
    value: str = ""
    page: Int32 = 0


class MailingStopCb(CallbackData, prefix="mlstop"):
    id: Int32


class MassMailingCb(CallbackData, prefix="mlh"):
    id: Int32
