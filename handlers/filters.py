"""Filters for access rules."""

from __future__ import annotations

from aiogram.filters import Filter
from aiogram.types import TelegramObject

from models.users import Role

_RANK = {Role.USER: 0, Role.MODERATOR: 1, Role.ADMIN: 2}


class RoleFilter(Filter):
    """Passes when the role computed for this very update is at least ``minimum``."""

    def __init__(self, minimum: Role) -> None:
        self.minimum = minimum

    async def __call__(self, event: TelegramObject, role: Role = Role.USER) -> bool:
        return _RANK[role] >= _RANK[self.minimum]
