"""FSM states of the reports section. The answers themselves are rows
(``models.reports.entities.ReportValue``): the state only says which question is open."""

from aiogram.fsm.state import State, StatesGroup


class ReportFill(StatesGroup):
    answer = State()  # a typed answer (or a file) to the open question
    comment = State()  # why a number changed by more than the threshold


class ReportStaff(StatesGroup):
    upload = State()  # a filled template
    deadline = State()  # the deadline before sending
    comment = State()  # the comment on a returned question
