"""Official positions of municipalities on an act: «поддерживаем / поддерживаем с
замечаниями / не поддерживаем», a text and optionally the signed letter. One current
position per municipality and act (a partial unique index); a newer one replaces it and the
older rows stay as history (``superseded_at``)."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, String, Text, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models.base import Base, str_enum, utcnow
from models.municipalities import Municipality
from models.users import User

POSITION_TEXT_MAX = 4000
FILE_NAME_MAX = 255


class Stance(enum.StrEnum):
    SUPPORT = "support"
    SUPPORT_WITH_REMARKS = "remarks"
    OPPOSE = "oppose"


class Position(Base):
    __tablename__ = "act_positions"
    __table_args__ = (
        Index(
            "uq_act_positions_current",
            "act_id",
            "municipality_id",
            unique=True,
            sqlite_where=text("superseded_at IS NULL"),
            postgresql_where=text("superseded_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    act_id: Mapped[int] = mapped_column(ForeignKey("acts.id", ondelete="CASCADE"), index=True)
    municipality_id: Mapped[int] = mapped_column(
        ForeignKey("municipalities.id", ondelete="CASCADE")
    )
    stance: Mapped[Stance] = mapped_column(str_enum(Stance, "position_stance", 16))
    text: Mapped[str] = mapped_column(Text)
    attachment_file_id: Mapped[str | None] = mapped_column(String(255))
    attachment_name: Mapped[str | None] = mapped_column(String(FILE_NAME_MAX))
    submitted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    by_signatory: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    superseded_at: Mapped[datetime | None]

    municipality: Mapped[Municipality] = relationship(lazy="joined")
    author: Mapped[User | None] = relationship(lazy="joined")
