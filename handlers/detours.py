"""«Continue» after a detour: the dialogue paused by ``DialogueGuardMiddleware`` gets its
state back and its open question is asked again."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import PAUSED_KEY, ResumeCb, dialogue_kind
from handlers.events.staff_resume import ask_again as ask_event_step
from handlers.people.registration import ask_step
from handlers.proposals.dialogue import ask as ask_proposal_step
from handlers.replies import alert, message_of
from models.proposals import drafts
from models.users import ProfileStep, User
from texts import t


async def resume(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
) -> None:
    data = await state.get_data()
    paused = data.pop(PAUSED_KEY, None)
    message = message_of(callback)
    if not isinstance(paused, str) or message is None:
        alert(callback_answer, t.plain("stale-button"))
        return
    await state.set_data(data)
    await state.set_state(paused)
    await message.edit_reply_markup(reply_markup=None)
    chat_id = message.chat.id
    kind = dialogue_kind(paused)
    if kind == "profile":
        step = ProfileStep(paused.partition(":")[2])
        await ask_step(bot, chat_id, state, step, session)
        return
    if kind == "proposal":
        draft = await drafts.get_draft(session, user.id)
        if draft is not None:
            await ask_proposal_step(bot, chat_id, state, session, draft)
            return
    if kind == "event" and await ask_event_step(message, paused, state, session, tz):
        return
    await message.answer(t("dialogue-resumed"))


def create_router() -> Router:
    router = Router(name="detours")
    router.callback_query.register(resume, ResumeCb.filter())
    return router
