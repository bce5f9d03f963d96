"""FSM states of the profile dialogue."""

from aiogram.fsm.state import State, StatesGroup


class Profile(StatesGroup):
    name = State()
    occupation = State()
    municipality = State()
