"""FSM states of the mass-mailing dialogue."""

from aiogram.fsm.state import State, StatesGroup


class MailingStates(StatesGroup):
    content = State()
    buttons = State()
    audience = State()
    choice = State()  # test / send now / schedule
    when = State()
    confirm = State()
