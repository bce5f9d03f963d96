"""The enums whose members people see by name, each with one table of names in its
section's ``ru/*.ftl`` file (the keys ``label_key(member)``).

``t.label(member)`` names a member; a test checks that every member here has its text.
"""

from __future__ import annotations

import enum

from models.consultations import ActKind, ActStage, Stance
from models.events import EventKind, EventState, RsvpStatus
from models.events.changes import EventField
from models.outbox import DeliveryState, MailingKind
from models.proposals import AmendmentKind, ProposalStatus
from models.reports import ReportFormState, ReportQuestionKind, ReportState
from models.topics import Topic
from models.users import Occupation

LABELLED: tuple[type[enum.Enum], ...] = (
    Occupation,
    Topic,
    MailingKind,
    DeliveryState,
    EventKind,
    EventState,
    RsvpStatus,
    EventField,
    ProposalStatus,
    AmendmentKind,
    ActKind,
    ActStage,
    Stance,
    ReportQuestionKind,
    ReportState,
    ReportFormState,
)
