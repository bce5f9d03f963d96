"""The tables of municipal representatives: who acts for a municipality, and the one-use
invitations staff send.

A row is never deleted when a person stops being a representative (a removal or a hand-over
sets ``revoked_at``): the history says who answered for the municipality when. Two partial
unique indexes keep the rules in the database, so concurrent taps cannot break them: one
active row per (municipality, person), at most one active signatory per municipality.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, ForeignKey, Index, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, utcnow
from models.municipalities import Municipality
from models.users import User

TOKEN_MAX = 43  # secrets.token_urlsafe(32); a /start payload holds 64 characters


class Representative(Base):
    __tablename__ = "representatives"
    __table_args__ = (
        Index(
            "uq_representatives_active",
            "municipality_id",
            "user_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL"),
            postgresql_where=text("revoked_at IS NULL"),
        ),
        Index(
            "uq_representatives_signatory",
            "municipality_id",
            unique=True,
            sqlite_where=text("revoked_at IS NULL AND is_signatory"),
            postgresql_where=text("revoked_at IS NULL AND is_signatory"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    is_signatory: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # How the person became one: "staff" (appointed), "invite" (a staff link), "handover".
    source: Mapped[str] = mapped_column(String(16), default="staff")
    confirmed_by: Mapped[int | None] = mapped_column(BigInteger)  # staff telegram id
    confirmed_at: Mapped[datetime] = mapped_column(default=utcnow)
    revoked_at: Mapped[datetime | None]
    revoked_by: Mapped[int | None] = mapped_column(BigInteger)  # telegram id of who did it

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    user: Mapped[User] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class RepresentativeInvite(Base):
    """A one-use link (``?start=rep_<token>``). ``handover_from`` set: a representative's
    link for their deputy, who takes their place (and their signature) on accepting."""

    __tablename__ = "representative_invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    token: Mapped[str] = mapped_column(String(TOKEN_MAX), unique=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    signatory: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    created_by: Mapped[int] = mapped_column(BigInteger)  # telegram id
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    handover_from: Mapped[int | None] = mapped_column(
        ForeignKey("representatives.id", ondelete="CASCADE")
    )
    used_at: Mapped[datetime | None]
    used_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    municipality: Mapped[Municipality] = relationship(lazy="joined")
