"""FSM states of the admin dialogues."""

from aiogram.fsm.state import State, StatesGroup


class AdminStates(StatesGroup):
    moderator_id = State()
