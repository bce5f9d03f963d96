"""The person behind a Telegram account: the ``users`` table and its enums."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow
from models.municipalities import Municipality

NAME_MIN = 2
NAME_MAX = 100


class Role(enum.StrEnum):
    """Stored roles. ``ADMIN`` is never stored: admins come from config (``ADMIN_IDS``)."""

    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Occupation(enum.StrEnum):
    """What a person does; shown through ``t.label`` (``occupation-*`` in common.ftl)."""

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
