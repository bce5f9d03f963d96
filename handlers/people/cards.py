"""How a person and their profile are shown, and small helpers of the people screens."""

from __future__ import annotations

from models.users import User
from texts import Safe, t


def display_name(user: User) -> str:
    """The person's name, or their id while they have none (plain: ``t`` escapes it)."""
    return user.full_name or t.plain("person-no-name", telegram_id=user.telegram_id)


def profile_card(user: User) -> Safe:
    empty = t.plain("profile-field-empty")
    return t(
        "profile-card",
        name=user.full_name or empty,
        occupation=user.occupation or empty,
        municipality=user.municipality.name if user.municipality else empty,
        version=user.consent_version or empty,
    )
