"""The demo's people and data, put in through the domain's own operations.

``prepare_staff`` runs at every demo start: the admin and the moderator personas get a
profile, the moderator gets the role. ``seed`` (``make demo SEED=1``) adds the rest once: all
personas registered, more subscribers in several municipalities, a law text, three upcoming
events (published: the announcements go out through the outbox as in production) and a few
proposals. The wording lives in ``demo_data/`` (data, not the bot's text layer).
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.consent import current_consent, give_consent
from models.errors import DomainError
from models.events import EventKind, staff
from models.events.entities import Event
from models.events.rules import EventDraft
from models.municipalities import Municipality
from models.proposals import campaigns, drafts, law, numbering
from models.proposals.entities import AmendmentKind
from models.proposals.places import PlaceKind
from models.users import Occupation, Role, User
from models.users.profile import set_municipality, set_name, set_occupation, touch_user
from models.users.roles import set_role
from sandbox.web import BOT_USERNAME, CHANNEL_ID, Persona, PersonaBook
from texts import t

DATA = Path(__file__).resolve().parent / "demo_data"
# Telegram ids of the seeded subscribers who are not personas.
FIRST_SUBSCRIBER_ID = 9001
# Standard reminders: a day and two hours before.
REMINDERS = (24 * 60, 2 * 60)

Factory = async_sessionmaker[AsyncSession]


@dataclass(frozen=True)
class Profile:
    telegram_id: int
    full_name: str
    occupation: str
    municipality: str


def _profile(persona: Persona) -> Profile | None:
    if not (persona.full_name and persona.occupation and persona.municipality):
        return None
    return Profile(persona.id, persona.full_name, persona.occupation, persona.municipality)


def load_data() -> dict[str, Any]:
    """The seed file (``demo_data/seed.toml``)."""
    with (DATA / "seed.toml").open("rb") as fh:
        return tomllib.load(fh)


async def _municipality_id(session: AsyncSession, name: str) -> int:
    found = await session.scalar(select(Municipality.id).where(Municipality.name == name))
    if found is None:
        raise LookupError(f"no municipality {name!r} in the directory")
    return int(found)


async def register(session: AsyncSession, profile: Profile) -> User:
    """Consent and a full profile, as the registration dialogue would leave them."""
    user = await touch_user(session, profile.telegram_id)
    if user.is_registered:
        return user
    if not user.has_consent:
        await give_consent(session, user, current_consent().version)
    await set_name(session, user, profile.full_name)
    await set_occupation(session, user, Occupation(profile.occupation))
    await set_municipality(session, user, await _municipality_id(session, profile.municipality))
    return user


async def prepare_staff(factory: Factory, personas: PersonaBook, admin_id: int) -> None:
    """Profiles for the admin and moderator personas; the moderator role (audited)."""
    async with factory() as session:
        for persona in personas:
            profile = _profile(persona)
            if persona.role not in {"admin", "moderator"} or profile is None:
                continue
            user = await register(session, profile)
            if persona.role == "moderator" and user.role is not Role.MODERATOR:
                await set_role(session, admin_id, persona.id, Role.MODERATOR)


async def seed(factory: Factory, personas: PersonaBook, admin_id: int, *, tz: ZoneInfo) -> bool:
    """Add the demo data unless it is there already (an event exists); True when added."""
    data = load_data()
    async with factory() as session:
        if await session.scalar(select(func.count()).select_from(Event)):
            return False
        for persona in personas:
            profile = _profile(persona)
            if profile is not None:
                await register(session, profile)
        for number, row in enumerate(data.get("subscribers", [])):
            profile = Profile(
                FIRST_SUBSCRIBER_ID + number, row["name"], row["occupation"], row["municipality"]
            )
            await register(session, profile)
        text = (DATA / data["law_file"]).read_bytes()
        await law.upload_law(session, admin_id, data["law_file"], text)
        for row in data.get("events", []):
            await _event(session, row, admin_id, tz)
        for row in data.get("proposals", []):
            await _proposal(session, row)
    return True


async def _event(session: AsyncSession, row: dict[str, Any], admin_id: int, tz: ZoneInfo) -> None:
    day = datetime.now(tz).date() + timedelta(days=int(row["days"]))
    starts = datetime.combine(day, time(int(row["hour"])), tzinfo=tz)
    draft = EventDraft(
        title=row["title"],
        description=row["description"],
        kind=EventKind(row["kind"]),
        starts_at=starts,
        ends_at=starts + timedelta(hours=int(row["hours"])),
        place=row.get("place"),
        capacity=row.get("capacity"),
        rsvp_deadline=None,
        topic=row["topic"],
        municipality_ids=frozenset(),
        reminder_offsets=REMINDERS,
    )
    event = await staff.create(session, draft, admin_id)
    await staff.publish(
        session,
        event.id,
        admin_id,
        render=t,
        bot_username=BOT_USERNAME,
        channel_id=CHANNEL_ID,
        tz=tz,
    )


async def _proposal(session: AsyncSession, row: dict[str, Any]) -> None:
    author = await touch_user(session, int(row["author"]))
    if not author.is_registered:
        return  # a persona without a profile cannot propose
    current = await law.current_law(session)
    if not (await campaigns.collection(session)).accepting:
        await campaigns.set_accept_without_campaign(session, int(row["author"]), True)
    try:
        await drafts.set_place(
            session,
            author.id,
            PlaceKind.PROVISION,
            int(row["article"]),
            row.get("part"),
            row.get("point"),
            law=current,
        )
        await drafts.set_kind(session, author.id, AmendmentKind(row["kind"]))
        await drafts.set_proposed(session, author.id, row["proposed"])
        await drafts.set_justification(session, author.id, row["justification"])
        await drafts.set_attachment(session, author.id, None, None)
        await numbering.submit(session, author)
    except DomainError:
        # The proposal rules changed under the demo data: leave this one out, keep the rest.
        await drafts.discard_draft(session, author.id)
