"""Shared rule for every dialogue: a step that needs data an earlier step saved in the FSM, and
finds it gone (a restart with the memory storage, a state left by an old version, a forged
jump), ends the dialogue politely instead of failing."""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext


class DialogueLost(Exception):
    """The FSM data this step depends on is missing or unreadable."""


async def dialogue_data(state: FSMContext, *required: str) -> dict[str, Any]:
    """The dialogue's saved data, or ``DialogueLost`` if any of ``required`` is missing. The
    error handler turns ``DialogueLost`` into a clear answer and leaves the dialogue."""
    data = await state.get_data()
    missing = [key for key in required if key not in data]
    if missing:
        raise DialogueLost(", ".join(missing))
    return data
