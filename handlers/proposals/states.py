"""FSM states of the proposals section. The FSM only says which step is open; the answers
themselves are in the draft row (models.proposals.entities.ProposalDraft)."""

from aiogram.fsm.state import State, StatesGroup


class ProposalStates(StatesGroup):
    place = State()
    part = State()
    point = State()
    kind = State()
    current = State()
    proposed = State()
    justification = State()
    attachment = State()
    preview = State()


class ProposalAdminStates(StatesGroup):
    answer = State()
    note = State()
    law_upload = State()
    campaign_title = State()
    campaign_deadline = State()
