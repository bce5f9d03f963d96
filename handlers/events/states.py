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
    value = State()  # a typed value of the chosen field
    ends = State()  # the end, after a new start
    topic = State()
    audience = State()
    confirm = State()  # the preview «было → стало»
    files = State()
