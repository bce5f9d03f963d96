"""FSM states of the consultations dialogues."""

from aiogram.fsm.state import State, StatesGroup


class ActNew(StatesGroup):
    kind = State()
    title = State()
    number = State()
    sender = State()
    deadline = State()
    scope = State()
    preview = State()


class PositionStates(StatesGroup):
    municipality = State()
    stance = State()
    text = State()
    file = State()
    preview = State()
