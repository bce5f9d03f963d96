"""The update's database session and the person behind it, fetched on first need.

An update whose handler (and filters) need neither the database nor the person — /help, a
menu text, a throttled flood — opens no session and runs no query (/help shows staff
commands by a role hint: a list of moderators each process reads at most every 5 s).
Anything that needs them asks: ``RoleFilter`` awaits ``identity.role()``; the resolver
middleware fills ``session``, ``user`` and ``role`` in for handlers that take them. The
person costs one indexed read (by Telegram id), and a write only the first time or when
they come back after blocking us.
"""

from __future__ import annotations

import time

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.users import Role, User, effective_role, touch_user

STAFF_TTL = 5.0  # seconds a process trusts its list of moderators for a hint


class StaffDirectory:
    """Who is a moderator, as this process last read it (at most ``STAFF_TTL`` old): for
    what only *shows* staff things — /help lists staff commands — so that /help needs no
    query per update. Rights are never decided from it: staff routers and actions read the
    role fresh."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory
        self._moderators: frozenset[int] = frozenset()
        self._read_at = float("-inf")

    async def role_hint(self, telegram_id: int, admin_ids: frozenset[int]) -> Role:
        if telegram_id in admin_ids:
            return Role.ADMIN
        if time.monotonic() - self._read_at > STAFF_TTL:
            async with self.session_factory() as session:
                rows = await session.scalars(
                    select(User.telegram_id).where(User.role == Role.MODERATOR)
                )
                self._moderators = frozenset(rows)
            self._read_at = time.monotonic()
        return Role.MODERATOR if telegram_id in self._moderators else Role.USER


class Identity:
    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        staff: StaffDirectory | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.staff = staff or StaffDirectory(session_factory)
        self.telegram_id: int | None = None  # None: no person (a channel post, a bot)
        self.admin_ids: frozenset[int] = frozenset()
        self._session: AsyncSession | None = None
        self._user: User | None = None
        self._loaded = False

    def bind(self, telegram_id: int | None, admin_ids: frozenset[int]) -> None:
        self.telegram_id = telegram_id
        self.admin_ids = admin_ids

    @property
    def opened(self) -> bool:
        """Whether this update used the database at all (for tests and benchmarks)."""
        return self._session is not None

    def session(self) -> AsyncSession:
        if self._session is None:
            self._session = self.session_factory()
        return self._session

    async def user(self) -> User | None:
        if not self._loaded:
            if self.telegram_id is not None:
                self._user = await touch_user(self.session(), self.telegram_id)
            self._loaded = True
        return self._user

    async def role(self) -> Role:
        if self.telegram_id is None:
            return effective_role(None, 0, frozenset())
        if self.telegram_id in self.admin_ids:
            return Role.ADMIN  # no query needed to know an admin
        return effective_role(await self.user(), self.telegram_id, self.admin_ids)

    async def role_hint(self) -> Role:
        """The role for showing things only (see ``StaffDirectory``); no query per update."""
        if self.telegram_id is None:
            return Role.USER
        if self._loaded:
            return effective_role(self._user, self.telegram_id, self.admin_ids)
        return await self.staff.role_hint(self.telegram_id, self.admin_ids)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
