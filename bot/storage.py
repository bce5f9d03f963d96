"""aiogram's FSM storage over the bot's own database (the default): dialogues survive a
restart without Redis. Each call is one short transaction in its own session, like the
domain's operations; the rows are ``models.fsm.DialogueState``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from aiogram.fsm.state import State
from aiogram.fsm.storage.base import (
    BaseStorage,
    DefaultKeyBuilder,
    KeyBuilder,
    StateType,
    StorageKey,
)
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import fsm


class DatabaseStorage(BaseStorage):
    """State and data of one key in one row of ``fsm_states`` (insert-or-update)."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        key_builder: KeyBuilder | None = None,
    ) -> None:
        self.session_factory = session_factory
        self.key_builder = key_builder or DefaultKeyBuilder(with_bot_id=True)

    def _key(self, key: StorageKey) -> str:
        return self.key_builder.build(key)

    async def set_state(self, key: StorageKey, state: StateType = None) -> None:
        value = state.state if isinstance(state, State) else state
        async with self.session_factory() as session:
            await fsm.save(session, self._key(key), state=value)

    async def get_state(self, key: StorageKey) -> str | None:
        async with self.session_factory() as session:
            state, _ = await fsm.load(session, self._key(key))
        return state

    async def set_data(self, key: StorageKey, data: Mapping[str, Any]) -> None:
        async with self.session_factory() as session:
            await fsm.save(session, self._key(key), data=dict(data))

    async def get_data(self, key: StorageKey) -> dict[str, Any]:
        async with self.session_factory() as session:
            _, data = await fsm.load(session, self._key(key))
        return data

    async def close(self) -> None:
        """The engine belongs to the app, which disposes of it."""
