"""Finding the person behind an update and filling their profile.

Refusals are ``DomainError``s whose code is the key of the explanation.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import dialect_insert
from models.errors import DomainError
from models.municipalities import Municipality
from models.users.entities import NAME_MAX, NAME_MIN, Occupation, User

# Words of letters of any alphabet, joined by single spaces, hyphens or apostrophes; an
# initial may end with a dot («А. С. Пушкин», «Анна-Мария», «Д’Артаньян»). Combining marks
# (a stress mark in «Ма́рия») are checked apart: they may follow a letter.
_NAME_RE = re.compile(r"^[^\W\d_]+\.?(?:(?:[ \-'’]|(?<=\.))[^\W\d_]+\.?)*$")


def clean_name(raw: str) -> str:
    """Normalise and check a person's name: 2-100 characters of letters (with their
    accents), spaces, hyphens, apostrophes and the dots of initials. Invisible characters
    (zero-width, direction overrides: Unicode's "format" class) are refused."""
    if any(unicodedata.category(c) in ("Cf", "Co", "Cs") for c in raw):
        raise DomainError("name-error-bad_chars")
    name = unicodedata.normalize("NFC", " ".join(raw.split()))
    if len(name) > NAME_MAX:
        raise DomainError("name-error-too_long", length=len(name), limit=NAME_MAX)
    if len(name) < NAME_MIN:
        raise DomainError("name-error-too_short", limit=NAME_MIN)
    decomposed = unicodedata.normalize("NFD", name)
    if unicodedata.category(decomposed[0]) == "Mn":
        raise DomainError("name-error-bad_chars")
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    if not _NAME_RE.match(bare):
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
        # Insert-or-ignore: two first updates of a new person (a double /start) may race.
        insert = dialect_insert(session)
        await session.execute(
            insert(User)
            .values(telegram_id=telegram_id)
            .on_conflict_do_nothing(index_elements=["telegram_id"])
        )
        await session.commit()
        user = await get_by_telegram_id(session, telegram_id)
        assert user is not None
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
