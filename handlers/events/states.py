"""FSM states of the events section."""

from aiogram.fsm.state import State, StatesGroup


class EventCreate(StatesGroup):
    title = State()
    description = State()
    kind = State()
    starts = State()
    ends = State()
    place = State()
    capacity = State()
    deadline = State()
    topic = State()
    audience = State()
    offsets = State()
    preview = State()


class EventEdit(StatesGroup):
    starts = State()
    ends = State()
    place = State()
