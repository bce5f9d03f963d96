"""Filters for access rules."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from handlers.identity import Identity
from models.users import Role

_RANK = {Role.USER: 0, Role.MODERATOR: 1, Role.ADMIN: 2}


class RoleFilter(Filter):
    """Passes when the role computed for this very update is at least ``minimum``."""

    def __init__(self, minimum: Role) -> None:
        self.minimum = minimum

    async def __call__(
        self, event: TelegramObject, role: Role | None = None, identity: Identity | None = None
    ) -> bool:
        if role is None:
            role = await identity.role() if identity is not None else Role.USER
        return _RANK[role] >= _RANK[self.minimum]
