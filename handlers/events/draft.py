"""The event being created, as the dialogue keeps it in FSM data (restart-safe), turned into
the domain's draft and into the unsaved event the preview shows."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from handlers.dialogue import DialogueLost
from models.events import rules
from models.events.entities import Event, EventKind, EventState


def draft_of(data: dict[str, Any]) -> rules.EventDraft:
    try:
        return _read(data)
    except (KeyError, ValueError, TypeError) as exc:
        raise DialogueLost(str(exc)) from exc


def _read(data: dict[str, Any]) -> rules.EventDraft:
    return rules.EventDraft(
        title=data["title"],
        description=data["description"],
        kind=EventKind(data["kind"]),
        starts_at=datetime.fromisoformat(data["starts"]),
        ends_at=datetime.fromisoformat(data["ends"]),
        place=data["place"],
        capacity=data["capacity"],
        rsvp_deadline=datetime.fromisoformat(data["deadline"]) if data["deadline"] else None,
        topic=data["topic"],
        municipality_ids=frozenset(data["muns"]),
        reminder_offsets=tuple(data["offsets"]),
    )


def shown_event(draft: rules.EventDraft) -> Event:
    """The event as its announcement will show it (not saved)."""
    return Event(
        id=0,
        title=draft.title,
        description=draft.description,
        kind=draft.kind,
        state=EventState.PUBLISHED,
        starts_at=draft.starts_at,
        ends_at=draft.ends_at,
        place=draft.place,
        capacity=draft.capacity,
        going_count=0,
        rsvp_deadline=draft.rsvp_deadline,
        topic=draft.topic,
    )
