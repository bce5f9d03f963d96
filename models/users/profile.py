"""Finding the person behind an update and filling their profile.

Refusals are ``DomainError``s whose code is the key of the explanation.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.errors import DomainError
from models.municipalities import Municipality
from models.users.entities import NAME_MAX, NAME_MIN, Occupation, User

# Letters of any alphabet, single spaces, hyphens and apostrophes inside a name.
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ \-'’][^\W\d_]+)*$")


def clean_name(raw: str) -> str:
    """Normalise and check a person's name: 2-100 letters, spaces, hyphens."""
    name = " ".join(raw.split())
    if len(name) > NAME_MAX:
        raise DomainError("name-error-too_long", length=len(name), limit=NAME_MAX)
    if len(name) < NAME_MIN:
        raise DomainError("name-error-too_short", limit=NAME_MIN)
    if not _NAME_RE.match(name):
        raise DomainError("name-error-bad_chars")
    return name


async def get_by_telegram_id(session: AsyncSession, telegram_id: int) -> User | None:
    return await session.scalar(select(User).where(User.telegram_id == telegram_id))


async def touch_user(session: AsyncSession, telegram_id: int) -> User:
    """The user behind an update: created on first contact with nothing but the Telegram id,
    and made active again if they had blocked the bot before (they write to us, so they can
    be reached)."""
    user = await get_by_telegram_id(session, telegram_id)
    if user is None:
        user = User(telegram_id=telegram_id)
        session.add(user)
        await session.commit()
    elif not user.is_active:
        user.is_active = True
        await session.commit()
    return user


async def set_name(session: AsyncSession, user: User, raw: str) -> str:
    require_consent(user)
    user.full_name = clean_name(raw)
    await session.commit()
    return user.full_name


async def set_occupation(session: AsyncSession, user: User, occupation: Occupation) -> None:
    require_consent(user)
    user.occupation = occupation
    await session.commit()


async def set_municipality(
    session: AsyncSession, user: User, municipality_id: int
) -> Municipality:
    require_consent(user)
    municipality = await session.get(Municipality, municipality_id)
    if municipality is None or not municipality.is_active:
        raise DomainError("unknown-municipality")
    user.municipality_id = municipality.id
    user.municipality = municipality
    await session.commit()
    return municipality


def require_consent(user: User) -> None:
    if not user.has_consent:
        raise DomainError("consent-needed")
