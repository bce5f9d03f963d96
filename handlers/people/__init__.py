"""People: consent (152-FZ), the profile dialogue after /start, /profile and its edits.

``consent`` asks and records the answer, ``registration`` runs the profile steps,
``profile`` shows the card, ``cards`` renders a person.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command

from handlers.people import consent, profile, registration
from handlers.people.callbacks import (
    ConsentCb,
    MunicipalityCb,
    MunicipalityPageCb,
    OccupationCb,
    ProfileEditCb,
)
from handlers.people.states import Profile
from texts import t


def create_router() -> Router:
    """The people router with its handlers, in matching order."""
    router = Router(name="people")
    not_command = ~F.text.startswith("/")
    router.callback_query.register(consent.consent_answer, ConsentCb.filter())
    router.message.register(registration.name_given, Profile.name, F.text, not_command)
    router.message.register(registration.name_not_text, Profile.name, ~F.text)
    router.callback_query.register(registration.occupation_chosen, OccupationCb.filter())
    router.message.register(registration.occupation_typed, Profile.occupation, not_command)
    router.callback_query.register(registration.municipality_page, MunicipalityPageCb.filter())
    router.callback_query.register(registration.municipality_chosen, MunicipalityCb.filter())
    router.message.register(
        registration.municipality_typed, Profile.municipality, F.text, not_command
    )
    router.message.register(registration.municipality_not_text, Profile.municipality, ~F.text)
    router.message.register(profile.show_profile, Command("profile"))
    router.message.register(profile.show_profile, F.text == t.plain("menu-profile"))
    router.callback_query.register(profile.edit_field, ProfileEditCb.filter())
    return router
