"""Shared rules of every dialogue.

- A step that needs data an earlier step saved in the FSM, and finds it gone (a state left
  by an old version, a forged jump), ends the dialogue politely instead of failing.
- A main-menu button or a command sent during a dialogue is never taken as an answer: the
  dialogue is paused (its state kept under ``PAUSED_KEY``), the menu item runs, and a hint
  with a «continue» button follows (``DialogueGuardMiddleware`` in ``handlers.middlewares``).
- A paste Telegram splits into several messages (4096 + 4096 + …) is refused whole with one
  explanation; its tail is never taken alone as the answer.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.menu import MENU
from handlers.replies import alert
from models.errors import DomainError
from texts import Safe, t

PAUSED_KEY = "paused_state"  # in the FSM data: the state of a dialogue put on hold
BURST_KEY = "burst_until"  # in the FSM data: parts of a split paste are dropped until then
LONG_KEY = "long_text_at"  # in the FSM data: when the last long text came
# Telegram splits a longer paste into parts of up to 4096 characters: a text of 4096 is a
# part; a text right after a long one (cut at a word, a little shorter) is a tail.
SPLIT_PART_MIN = 4096
LONG_TEXT_MIN = 4050  # a part cut at a word boundary is a word shorter than 4096
BURST_SECONDS = 1  # a further part arrives within a second of the previous one
T = TypeVar("T")

_COMMAND = re.compile(r"^/[A-Za-z0-9_]{1,32}(?:@\w+)?(?:\s|$)")
# Commands that end or restart a dialogue themselves: they are not detours.
OWN_COMMANDS = frozenset({"/cancel", "/start"})
# The state group of a dialogue → its kind, and the kind → its name in the pause hint.
DIALOGUE_KINDS = {
    "Profile": "profile",
    "ProposalStates": "proposal",
    "EventCreate": "event",
    "EventEdit": "event",
    "MailingStates": "mailing",
}
DIALOGUE_NAMES = {
    "profile": "dialogue-name-profile",
    "proposal": "dialogue-name-proposal",
    "event": "dialogue-name-event",
    "mailing": "dialogue-name-mailing",
    "other": "dialogue-name-other",
}


class DialogueLost(Exception):
    """The FSM data this step depends on is missing or unreadable."""


class ResumeCb(CallbackData, prefix="resume"):
    """«Continue» under the pause hint."""


async def dialogue_data(state: FSMContext, *required: str) -> dict[str, Any]:
    """The dialogue's saved data, or ``DialogueLost`` if any of ``required`` is missing. The
    error handler turns ``DialogueLost`` into a clear answer and leaves the dialogue."""
    data = await state.get_data()
    missing = [key for key in required if key not in data]
    if missing:
        raise DialogueLost(", ".join(missing))
    return data


def command_of(text: str | None) -> str | None:
    """``/name`` of a command message (without the bot's @username), else ``None``."""
    if not text or not _COMMAND.match(text):
        return None
    return text.split(maxsplit=1)[0].split("@")[0].lower()


def is_detour(text: str | None) -> bool:
    """A main-menu press or a command other than those that end a dialogue themselves."""
    if text is None:
        return False
    if text in {t.plain(key) for key in MENU}:
        return True
    command = command_of(text)
    return command is not None and command not in OWN_COMMANDS


def dialogue_kind(raw_state: str | None) -> str:
    group = (raw_state or "").partition(":")[0]
    return DIALOGUE_KINDS.get(group, "other")


def pause_hint(raw_state: str) -> tuple[Safe, InlineKeyboardMarkup]:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("dialogue-resume-btn"), callback_data=ResumeCb())
    what = t.plain(DIALOGUE_NAMES[dialogue_kind(raw_state)])
    return t("dialogue-paused", what=what), kb.as_markup()


async def pressed_step(
    callback_answer: CallbackAnswer,
    operation: Awaitable[T],
    then: Callable[[T], Awaitable[None]],
) -> None:
    """A dialogue's button: run its domain operation, then ``then`` with what it returned
    (usually: ask the next step). A refusal is the press's pop-up (``DomainError``'s code
    with its params) and the dialogue stays where it was."""
    try:
        result = await operation
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    await then(result)
