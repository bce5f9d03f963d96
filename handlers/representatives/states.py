"""FSM states of the representatives screens."""

from aiogram.fsm.state import State, StatesGroup


class RepsStates(StatesGroup):
    person = State()  # staff type a Telegram id or a name to appoint
