"""FSM states of the contest section. The application's answers live in its row
(``contest_applications``, saved at each step); the FSM says which step is open and which
application (``app`` in the data) it belongs to."""

from aiogram.fsm.state import State, StatesGroup


class ContestApply(StatesGroup):
    applicant = State()  # a TOS's name typed
    municipality = State()  # a TOS's municipality typed
    text = State()  # contact, title, description, results, budget (``field`` in the data)
    files = State()  # photos or documents (``field`` in the data)
    buttons = State()  # a step answered by buttons (nomination, municipality, preview)


class ContestJury(StatesGroup):
    comment = State()


class ContestStaff(StatesGroup):
    spec = State()
    rules = State()
    juror = State()
    return_comment = State()
