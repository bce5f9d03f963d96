"""Keyboards of the mass-mailing dialogue and history."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers import texts
from handlers.callbacks.mailing import (
    AudienceAction,
    AudienceCb,
    MailingStep,
    MailingStepCb,
    MailingStopCb,
    MassMailingCb,
)
from handlers.texts import mailing as t
from handlers.texts.subscriptions import OFF, ON, TOPIC_LABELS
from models import mailings
from models.events import Event
from models.municipalities import Municipality
from models.subscriptions import Audience


def _step(kb: InlineKeyboardBuilder, text: str, step: MailingStep) -> None:
    kb.button(text=text, callback_data=MailingStepCb(step=step))


def no_buttons() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _step(kb, t.BTN_NO_BUTTONS, MailingStep.NO_BUTTONS)
    _step(kb, t.BTN_CANCEL, MailingStep.CANCEL)
    kb.adjust(1)
    return kb.as_markup()


def audience_main(n: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for label, action in (
        (t.BTN_TOPICS, AudienceAction.TOPICS),
        (t.BTN_MUNICIPALITIES, AudienceAction.MUNICIPALITIES),
        (t.BTN_OCCUPATIONS, AudienceAction.OCCUPATIONS),
        (t.BTN_EVENT, AudienceAction.EVENTS),
        (t.BTN_RESET, AudienceAction.RESET),
    ):
        kb.button(text=label, callback_data=AudienceCb(action=action))
    _step(kb, t.BTN_AUDIENCE_DONE.format(n=n), MailingStep.AUDIENCE_DONE)
    _step(kb, t.BTN_CANCEL, MailingStep.CANCEL)
    kb.adjust(2, 2, 1, 1, 1)
    return kb.as_markup()


def _back(kb: InlineKeyboardBuilder) -> None:
    back = InlineKeyboardBuilder()
    back.button(text=t.BTN_BACK, callback_data=AudienceCb(action=AudienceAction.MAIN))
    kb.attach(back)


def _mark(on: bool) -> str:
    return ON if on else OFF


def topics(audience: Audience) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for topic, label in TOPIC_LABELS.items():
        kb.button(
            text=f"{_mark(topic in audience.topics)} {label}",
            callback_data=AudienceCb(action=AudienceAction.TOPIC, value=topic.value),
        )
    kb.adjust(1)
    _back(kb)
    return kb.as_markup()


def occupations(audience: Audience) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for occupation, label in t.OCCUPATION_LABELS.items():
        kb.button(
            text=f"{_mark(occupation in audience.occupations)} {label}",
            callback_data=AudienceCb(action=AudienceAction.OCCUPATION, value=occupation.value),
        )
    kb.adjust(1)
    _back(kb)
    return kb.as_markup()


def municipalities(
    items: Sequence[Municipality], audience: Audience, page: int, pages: int
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(
            text=f"{_mark(item.id in audience.municipality_ids)} {item.name}",
            callback_data=AudienceCb(
                action=AudienceAction.MUNICIPALITY, value=str(item.id), page=page
            ),
        )
    kb.adjust(2)
    nav = InlineKeyboardBuilder()
    if page > 0:
        nav.button(
            text=texts.PAGE_PREV,
            callback_data=AudienceCb(action=AudienceAction.MUNICIPALITIES, page=page - 1),
        )
    if page < pages - 1:
        nav.button(
            text=texts.PAGE_NEXT,
            callback_data=AudienceCb(action=AudienceAction.MUNICIPALITIES, page=page + 1),
        )
    kb.attach(nav)
    _back(kb)
    return kb.as_markup()


def events(items: Sequence[Event], label: dict[int, str]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for event in items:
        kb.button(
            text=label[event.id][:60],
            callback_data=AudienceCb(action=AudienceAction.EVENT, value=str(event.id)),
        )
    kb.button(text=t.BTN_NO_EVENT, callback_data=AudienceCb(action=AudienceAction.NO_EVENT))
    kb.adjust(1)
    _back(kb)
    return kb.as_markup()


def statuses(audience: Audience) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for status, label in t.STATUS_LABELS.items():
        kb.button(
            text=f"{_mark(status in audience.rsvp_statuses)} {label}",
            callback_data=AudienceCb(action=AudienceAction.STATUS, value=status.value),
        )
    kb.button(
        text=f"{_mark(audience.checked_in)} {t.CHECKED_IN_LABEL}",
        callback_data=AudienceCb(action=AudienceAction.CHECKED_IN),
    )
    kb.adjust(2)
    _back(kb)
    return kb.as_markup()


def choice() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _step(kb, t.BTN_TEST, MailingStep.TEST)
    _step(kb, t.BTN_SEND_NOW, MailingStep.SEND_NOW)
    _step(kb, t.BTN_SCHEDULE, MailingStep.SCHEDULE)
    _step(kb, t.BTN_CHANGE_AUDIENCE, MailingStep.AUDIENCE)
    _step(kb, t.BTN_CANCEL, MailingStep.CANCEL)
    kb.adjust(1)
    return kb.as_markup()


def confirm(n: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    _step(kb, t.BTN_CONFIRM.format(n=n), MailingStep.CONFIRM)
    _step(kb, t.BTN_BACK_TO_CHOICE, MailingStep.CHOICE)
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
    kb.button(text=mailings.STOP_LABEL, callback_data=MailingStopCb(id=mailing_id))
    return kb.as_markup()


def history_back() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.BTN_HISTORY_BACK, callback_data=MassMailingCb(id=0))
    return kb.as_markup()
