"""Events: the tables, answers with capacity and waitlist, staff operations, check-in,
queries, the calendar file and the attendee exports.

Modules: ``entities`` (tables and enums), ``answers`` (RSVP rules), ``rules`` (typed values),
``staff`` (create, publish, edit, cancel), ``checkin``, ``queries``, ``messages`` (what goes
into the outbox, by text key), ``calendar`` (.ics), ``exports`` (XLSX/CSV).
This package re-exports the names other sections use.
"""

from models.events.answers import RsvpResult, counts, rsvp
from models.events.entities import (
    BOT_NAME,
    DEFAULT_REMINDER_OFFSETS,
    DEFAULT_TOPIC,
    EVENT_TOPICS,
    Event,
    EventKind,
    EventMunicipality,
    EventState,
    Rsvp,
    RsvpStatus,
)
from models.events.questions import EventQuestion, QuestionAnswer
from models.events.tickets import Ticket

__all__ = [
    "BOT_NAME",
    "DEFAULT_REMINDER_OFFSETS",
    "DEFAULT_TOPIC",
    "EVENT_TOPICS",
    "Event",
    "EventKind",
    "EventMunicipality",
    "EventQuestion",
    "EventState",
    "QuestionAnswer",
    "Rsvp",
    "RsvpResult",
    "RsvpStatus",
    "Ticket",
    "counts",
    "rsvp",
]
