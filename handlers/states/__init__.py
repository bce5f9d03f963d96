"""FSM states of every dialogue."""

from aiogram.fsm.state import State, StatesGroup


class Profile(StatesGroup):
    name = State()
    occupation = State()
    municipality = State()


class AdminStates(StatesGroup):
    moderator_id = State()
