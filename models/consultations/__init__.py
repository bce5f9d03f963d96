"""Consultations on acts: registering an act and its dated stages (``stages``), the
official positions of municipalities (``positions``, ``entities``), coverage and the
reminders to those who have not answered (``coverage``). The act's tables (``Act``,
``LateDraft``…) are in ``models.proposals.acts``: proposals need an act to be numbered."""

from models.consultations.coverage import (
    AUTO_OFFSETS,
    act_coverage,
    answered_ids,
    auto_reminders,
    remind_missing,
)
from models.consultations.entities import POSITION_TEXT_MAX, Position, Stance
from models.consultations.positions import (
    clean_position_text,
    current_positions,
    history,
    submit_position,
)
from models.consultations.queries import late_drafts, list_acts
from models.consultations.stages import (
    NewAct,
    advance,
    announce,
    apply_due,
    audience,
    create_act,
    next_stage,
    scope_ids,
    set_responsible,
)
from models.proposals.acts import (
    Act,
    ActKind,
    ActStage,
    LateDraft,
    choose_act,
    chosen_act,
    default_act,
    get_act,
)

__all__ = [
    "AUTO_OFFSETS",
    "POSITION_TEXT_MAX",
    "Act",
    "ActKind",
    "ActStage",
    "LateDraft",
    "NewAct",
    "Position",
    "Stance",
    "act_coverage",
    "advance",
    "announce",
    "answered_ids",
    "apply_due",
    "audience",
    "auto_reminders",
    "choose_act",
    "chosen_act",
    "clean_position_text",
    "create_act",
    "current_positions",
    "default_act",
    "get_act",
    "history",
    "late_drafts",
    "list_acts",
    "next_stage",
    "remind_missing",
    "scope_ids",
    "set_responsible",
    "submit_position",
]
