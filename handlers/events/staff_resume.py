"""Asking the open step of the event creation dialogue again, when a staff member comes
back to it (after a detour to the menu or a command, see ``handlers.detours``)."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiogram.fsm.context import FSMContext
from aiogram.types import InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import keyboards as kb
from handlers.events.callbacks import DialogAction
from handlers.events.staff_create import show_preview
from handlers.events.states import EventCreate as E
from models.events import rules
from texts import Safe, t

Prompt = Callable[[ZoneInfo], tuple[Safe, InlineKeyboardMarkup | None]]

PROMPTS: dict[str, Prompt] = {
    str(E.title.state): lambda tz: (t("events-ask-title", limit=rules.TITLE_MAX), None),
    str(E.description.state): lambda tz: (t("events-ask-description"), None),
    str(E.kind.state): lambda tz: (t("events-ask-kind"), kb.kinds()),
    str(E.starts.state): lambda tz: (t("events-ask-start", zone=tz.key), None),
    str(E.ends.state): lambda tz: (t("events-ask-end"), None),
    str(E.place.state): lambda tz: (t("events-ask-place"), None),
    str(E.capacity.state): lambda tz: (
        t("events-ask-capacity"),
        kb.one("events-no-limit-btn", DialogAction.NO_LIMIT),
    ),
    str(E.deadline.state): lambda tz: (
        t("events-ask-deadline"),
        kb.one("events-no-deadline-btn", DialogAction.NO_DEADLINE),
    ),
    str(E.topic.state): lambda tz: (t("events-ask-topic"), kb.topics()),
    str(E.audience.state): lambda tz: (t("events-ask-audience"), kb.audience()),
    str(E.offsets.state): lambda tz: (
        t("events-ask-offsets"),
        kb.one("events-default-offsets-btn", DialogAction.DEFAULT_OFFSETS),
    ),
}


async def ask_again(
    message: Message, raw_state: str, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> bool:
    """Repeat the question of ``raw_state``; False for a state this dialogue does not have."""
    if raw_state == E.preview.state:
        await show_preview(message, state, session, tz)
        return True
    prompt = PROMPTS.get(raw_state)
    if prompt is None:
        return False
    text, markup = prompt(tz)
    await message.answer(text, reply_markup=markup)
    return True
