"""Keyboards of the mass-mailing dialogue and history."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.mailings.callbacks import (
    AudienceAction,
    AudienceCb,
    MailingStep,
    MailingStepCb,
    MailingStopCb,
    MassMailingCb,
)
from handlers.widgets.pager import Page, nav_row
from models.audiences import Audience
from models.events import Event, RsvpStatus
from models.municipalities import Municipality
from models.topics import Topic
from models.users import Occupation
from texts import t

# The answers an admin may address, in this order, with the audience screen's wording.
STATUS_KEYS: dict[RsvpStatus, str] = {
    RsvpStatus.GOING: "mailing-audience-status-going",
    RsvpStatus.MAYBE: "mailing-audience-status-maybe",
    RsvpStatus.WAITLIST: "mailing-audience-status-waitlist",
    RsvpStatus.NOT_GOING: "mailing-audience-status-not_going",
}


def mark(on: bool) -> str:
    return t.plain("subs-on") if on else t.plain("subs-off")


def _step(kb: InlineKeyboardBuilder, key: str, step: MailingStep, **args: int) -> None:
    kb.button(text=t.plain(key, **args), callback_data=MailingStepCb(step=step))


def no_buttons() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _step(kb, "mailing-btn-no-buttons", MailingStep.NO_BUTTONS)
    _step(kb, "mailing-btn-cancel", MailingStep.CANCEL)
    kb.adjust(1)
    return kb.as_markup()


def audience_main(n: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for key, action in (
        ("mailing-btn-topics", AudienceAction.TOPICS),
        ("mailing-btn-municipalities", AudienceAction.MUNICIPALITIES),
        ("mailing-btn-occupations", AudienceAction.OCCUPATIONS),
        ("mailing-btn-event", AudienceAction.EVENTS),
        ("mailing-btn-reset", AudienceAction.RESET),
    ):
        kb.button(text=t.plain(key), callback_data=AudienceCb(action=action))
    _step(kb, "mailing-btn-audience-done", MailingStep.AUDIENCE_DONE, n=n)
    _step(kb, "mailing-btn-cancel", MailingStep.CANCEL)
    kb.adjust(2, 2, 1, 1, 1)
    return kb.as_markup()


def _back(kb: InlineKeyboardBuilder) -> None:
    back = InlineKeyboardBuilder()
    back.button(
        text=t.plain("mailing-btn-back"), callback_data=AudienceCb(action=AudienceAction.MAIN)
    )
    kb.attach(back)


def topics(audience: Audience) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic in Topic:
        kb.button(
            text=f"{mark(topic in audience.topics)} {t.label(topic)}",
            callback_data=AudienceCb(action=AudienceAction.TOPIC, value=topic.value),
        )
    kb.adjust(1)
    _back(kb)
    return kb.as_markup()


def occupations(audience: Audience) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for occupation in Occupation:
        kb.button(
            text=f"{mark(occupation in audience.occupations)} {t.label(occupation)}",
            callback_data=AudienceCb(action=AudienceAction.OCCUPATION, value=occupation.value),
        )
    kb.adjust(1)
    _back(kb)
    return kb.as_markup()


def municipalities(
    items: Sequence[Municipality], audience: Audience, page: Page
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(
            text=f"{mark(item.id in audience.municipality_ids)} {item.name}",
            callback_data=AudienceCb(
                action=AudienceAction.MUNICIPALITY, value=str(item.id), page=page.number
            ),
        )
    kb.adjust(2)
    nav_row(kb, page, lambda n: AudienceCb(action=AudienceAction.MUNICIPALITIES, page=n))
    _back(kb)
    return kb.as_markup()


def events(items: Sequence[Event], label: dict[int, str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in items:
        kb.button(
            text=label[event.id][:60],
            callback_data=AudienceCb(action=AudienceAction.EVENT, value=str(event.id)),
        )
    kb.button(
        text=t.plain("mailing-btn-no-event"),
        callback_data=AudienceCb(action=AudienceAction.NO_EVENT),
    )
    kb.adjust(1)
    _back(kb)
    return kb.as_markup()


def statuses(audience: Audience) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for status, key in STATUS_KEYS.items():
        kb.button(
            text=f"{mark(status in audience.rsvp_statuses)} {t.plain(key)}",
            callback_data=AudienceCb(action=AudienceAction.STATUS, value=status.value),
        )
    kb.button(
        text=f"{mark(audience.checked_in)} {t.plain('mailing-checked-in-label')}",
        callback_data=AudienceCb(action=AudienceAction.CHECKED_IN),
    )
    kb.adjust(2)
    _back(kb)
    return kb.as_markup()


def choice() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _step(kb, "mailing-btn-test", MailingStep.TEST)
    _step(kb, "mailing-btn-send-now", MailingStep.SEND_NOW)
    _step(kb, "mailing-btn-schedule", MailingStep.SCHEDULE)
    _step(kb, "mailing-btn-change-audience", MailingStep.AUDIENCE)
    _step(kb, "mailing-btn-cancel", MailingStep.CANCEL)
    kb.adjust(1)
    return kb.as_markup()


def confirm(n: int, paid: bool = False) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _step(kb, "mailing-btn-confirm", MailingStep.CONFIRM, n=n)
    _step(kb, "mailing-btn-paid-off" if paid else "mailing-btn-paid-on", MailingStep.PAID)
    _step(kb, "mailing-btn-back-to-choice", MailingStep.CHOICE)
    kb.adjust(1)
    return kb.as_markup()


def history(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for mailing_id, label in items:
        kb.button(text=label[:60], callback_data=MassMailingCb(id=mailing_id))
    kb.adjust(1)
    return kb.as_markup()


def stop(mailing_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("mailing-btn-stop"), callback_data=MailingStopCb(id=mailing_id))
    return kb.as_markup()


def history_back() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("mailing-btn-history-back"), callback_data=MassMailingCb(id=0))
    return kb.as_markup()
