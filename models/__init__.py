"""The domain: SQLAlchemy entities and the operations on them. No aiogram here."""

from models.audit import AuditEntry
from models.base import Base
from models.consent import ConsentLog
from models.consultations import Act, LateDraft, Position
from models.contest import Contest
from models.events import Event, EventMunicipality, Rsvp
from models.fsm import DialogueState
from models.mailings import MassMailing
from models.municipalities import Municipality
from models.outbox import Delivery, Mailing
from models.proposals import (
    Campaign,
    LawVersion,
    Proposal,
    ProposalCounter,
    ProposalDraft,
    ProposalNote,
    ProposalSettings,
)
from models.reports import ReportForm
from models.representatives import Representative, RepresentativeInvite
from models.subscriptions import UserMunicipality, UserTopic
from models.users import User

__all__ = [
    "Act",
    "AuditEntry",
    "Base",
    "Campaign",
    "ConsentLog",
    "Contest",
    "Delivery",
    "DialogueState",
    "Event",
    "EventMunicipality",
    "LateDraft",
    "LawVersion",
    "Mailing",
    "MassMailing",
    "Municipality",
    "Position",
    "Proposal",
    "ProposalCounter",
    "ProposalDraft",
    "ProposalNote",
    "ProposalSettings",
    "ReportForm",
    "Representative",
    "RepresentativeInvite",
    "Rsvp",
    "User",
    "UserMunicipality",
    "UserTopic",
]
