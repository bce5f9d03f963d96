"""The domain: SQLAlchemy entities and the operations on them. No aiogram here."""

from models.audit import AuditEntry
from models.base import Base
from models.events import Event, Rsvp
from models.municipalities import Municipality
from models.outbox import Delivery, Mailing
from models.subscriptions import UserMunicipality, UserTopic
from models.users import ConsentLog, User

__all__ = [
    "AuditEntry",
    "Base",
    "ConsentLog",
    "Delivery",
    "Event",
    "Mailing",
    "Municipality",
    "Rsvp",
    "User",
    "UserMunicipality",
    "UserTopic",
]
