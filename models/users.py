"""People who talk to the bot: consent, profile, roles, reachability."""

from __future__ import annotations

import enum
import re
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import audit
from models.base import Base, str_enum, utcnow
from models.municipalities import Municipality

NAME_MIN = 2
NAME_MAX = 100
# Letters of any alphabet, single spaces, hyphens and apostrophes inside a name.
_NAME_RE = re.compile(r"^[^\W\d_]+(?:[ \-'’][^\W\d_]+)*$")


class Role(enum.StrEnum):
    """Stored roles. ``ADMIN`` is never stored: admins come from config (``ADMIN_IDS``)."""

    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Occupation(enum.StrEnum):
    MUNICIPAL_EMPLOYEE = "municipal_employee"
    TOS_ACTIVIST = "tos_activist"
    DEPUTY = "deputy"
    OTHER = "other"


class ProfileStep(enum.StrEnum):
    NAME = "name"
    OCCUPATION = "occupation"
    MUNICIPALITY = "municipality"


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    telegram_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)  # False after a 403 (bot blocked)
    reminders_enabled: Mapped[bool] = mapped_column(default=True)
    announcements_enabled: Mapped[bool] = mapped_column(default=True)  # False after /stop
    role: Mapped[Role] = mapped_column(str_enum(Role, "role", 32), default=Role.USER)
    consent_version: Mapped[str | None] = mapped_column(String(32))
    consent_given_at: Mapped[datetime | None]
    full_name: Mapped[str | None] = mapped_column(String(NAME_MAX))
    occupation: Mapped[Occupation | None] = mapped_column(str_enum(Occupation, "occupation", 32))
    municipality_id: Mapped[int | None] = mapped_column(
        ForeignKey("municipalities.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality | None] = relationship(lazy="joined")

    @property
    def has_consent(self) -> bool:
        return self.consent_version is not None

    @property
    def missing_step(self) -> ProfileStep | None:
        """The first profile step still to fill, or ``None`` when the profile is complete."""
        if not self.full_name:
            return ProfileStep.NAME
        if self.occupation is None:
            return ProfileStep.OCCUPATION
        if self.municipality_id is None:
            return ProfileStep.MUNICIPALITY
        return None

    @property
    def is_registered(self) -> bool:
        return self.has_consent and self.missing_step is None


class ConsentLog(Base):
    """History of consents given and withdrawn: what text version, and when."""

    __tablename__ = "consent_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    version: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(16))  # "given" | "withdrawn"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class InvalidInput(ValueError):
    """A value a person typed that breaks a rule; ``code`` names the rule for the UI."""

    def __init__(self, code: str, **params: object) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def clean_name(raw: str) -> str:
    """Normalise and check a person's name: 2-100 letters, spaces, hyphens."""
    name = " ".join(raw.split())
    if len(name) > NAME_MAX:
        raise InvalidInput("too_long", length=len(name), limit=NAME_MAX)
    if len(name) < NAME_MIN:
        raise InvalidInput("too_short", limit=NAME_MIN)
    if not _NAME_RE.match(name):
        raise InvalidInput("bad_chars")
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


async def give_consent(session: AsyncSession, user: User, version: str) -> None:
    from models.subscriptions import set_default_topics  # subscriptions builds on users

    now = utcnow()
    await set_default_topics(session, user.id)
    user.consent_version = version
    user.consent_given_at = now
    session.add(ConsentLog(user_id=user.id, version=version, action="given", created_at=now))
    await session.commit()


async def set_name(session: AsyncSession, user: User, raw: str) -> str:
    _require_consent(user)
    user.full_name = clean_name(raw)
    await session.commit()
    return user.full_name


async def set_occupation(session: AsyncSession, user: User, occupation: Occupation) -> None:
    _require_consent(user)
    user.occupation = occupation
    await session.commit()


async def set_municipality(
    session: AsyncSession, user: User, municipality_id: int
) -> Municipality:
    _require_consent(user)
    municipality = await session.get(Municipality, municipality_id)
    if municipality is None or not municipality.is_active:
        raise InvalidInput("unknown_municipality")
    user.municipality_id = municipality.id
    user.municipality = municipality
    await session.commit()
    return municipality


def _require_consent(user: User) -> None:
    if not user.has_consent:
        raise InvalidInput("no_consent")


def effective_role(user: User | None, telegram_id: int, admin_ids: frozenset[int]) -> Role:
    if telegram_id in admin_ids:
        return Role.ADMIN
    if user is None:
        return Role.USER
    return user.role


async def stats(session: AsyncSession) -> dict[str, int]:
    """Counts for the admin menu."""
    total = await session.scalar(select(func.count()).select_from(User))
    consented = await session.scalar(
        select(func.count()).select_from(User).where(User.consent_version.is_not(None))
    )
    registered = await session.scalar(
        select(func.count())
        .select_from(User)
        .where(
            User.consent_version.is_not(None),
            User.full_name.is_not(None),
            User.occupation.is_not(None),
            User.municipality_id.is_not(None),
        )
    )
    inactive = await session.scalar(
        select(func.count()).select_from(User).where(User.is_active.is_(False))
    )
    return {
        "total": int(total or 0),
        "consented": int(consented or 0),
        "registered": int(registered or 0),
        "inactive": int(inactive or 0),
    }


async def list_moderators(session: AsyncSession) -> list[User]:
    result = await session.scalars(
        select(User).where(User.role == Role.MODERATOR).order_by(User.full_name)
    )
    return list(result)


async def set_role(
    session: AsyncSession, actor_telegram_id: int, target_telegram_id: int, role: Role
) -> User:
    """Appoint or dismiss a moderator; the change and its audit row commit together.

    Raises ``InvalidInput("not_registered")`` for someone without a complete profile.
    """
    if role is Role.ADMIN:
        raise InvalidInput("admin_from_config")
    target = await get_by_telegram_id(session, target_telegram_id)
    if target is None or not target.is_registered:
        raise InvalidInput("not_registered")
    if target.role is role:
        raise InvalidInput("unchanged")
    previous = target.role
    target.role = role
    audit.record(
        session,
        actor_telegram_id,
        "role.change",
        target=f"user:{target_telegram_id}",
        before=previous.value,
        after=role.value,
    )
    await session.commit()
    return target
