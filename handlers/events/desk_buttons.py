"""Button payloads and the small button sets of the events desk (tickets, participants,
writing to participants, registration questions). Other keyboards of the section call
``ticket_button`` and ``people_rows`` with one line; nothing here imports a handler."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton

from handlers.callback_fields import Int32
from models.events.entities import Event, EventState, RsvpStatus
from texts import t


class TicketCb(CallbackData, prefix="dtk"):
    event_id: Int32


class PeopleCb(CallbackData, prefix="dpl"):
    event_id: Int32
    page: Int32 = 0


class CheckInCb(CallbackData, prefix="dci"):
    event_id: Int32
    user_id: Int32
    page: Int32 = 0


class AddCb(CallbackData, prefix="dad"):
    event_id: Int32
    user_id: Int32 = 0  # 0: ask for a name or an id; else add this person


class WriteAction(enum.StrEnum):
    START = "start"
    TOGGLE = "toggle"
    NEXT = "next"
    SEND = "send"
    DROP = "drop"


class WriteCb(CallbackData, prefix="dwr"):
    event_id: Int32
    action: WriteAction
    status: str = ""  # the status a TOGGLE switches


class QuestionAction(enum.StrEnum):
    LIST = "list"
    ADD_TEXT = "text"
    ADD_CHOICE = "choice"
    REMOVE = "rm"


class QuestionCb(CallbackData, prefix="dq"):
    event_id: Int32
    action: QuestionAction
    question_id: Int32 = 0


class ChoiceCb(CallbackData, prefix="dqa"):
    question_id: Int32
    option: Int32


WRITE_STATUSES = (RsvpStatus.GOING, RsvpStatus.MAYBE, RsvpStatus.WAITLIST)


def ticket_button(event: Event, status: RsvpStatus | None) -> InlineKeyboardButton | None:
    """«Мой билет» on the card of someone going to a published event."""
    if event.state is not EventState.PUBLISHED or status is not RsvpStatus.GOING:
        return None
    return InlineKeyboardButton(
        text=t.plain("events-desk-ticket-btn"), callback_data=TicketCb(event_id=event.id).pack()
    )


def people_rows(event: Event) -> list[list[InlineKeyboardButton]]:
    """The desk's rows on the staff card: participants, writing to them, questions."""
    if event.state is EventState.DRAFT:
        return [[_question_list(event.id)]]
    rows = [
        [
            InlineKeyboardButton(
                text=t.plain("events-desk-people-btn"),
                callback_data=PeopleCb(event_id=event.id).pack(),
            ),
            _question_list(event.id),
        ]
    ]
    if event.state is EventState.PUBLISHED:
        rows.append(
            [
                InlineKeyboardButton(
                    text=t.plain("events-desk-write-btn"),
                    callback_data=WriteCb(event_id=event.id, action=WriteAction.START).pack(),
                )
            ]
        )
    return rows


def _question_list(event_id: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        text=t.plain("events-desk-questions-btn"),
        callback_data=QuestionCb(event_id=event_id, action=QuestionAction.LIST).pack(),
    )
