"""Proposals to amend the law, as participants see them: the section with the collection
state, starting / continuing / discarding a draft, "my proposals" and withdrawal. The
dialogue itself is in :mod:`handlers.proposals.dialogue`."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.proposals import keyboards as kb
from handlers.proposals.callbacks import MenuAction, PMenuCb, PMineCb, PWithdrawCb
from handlers.proposals.dialogue import ask
from handlers.proposals.views import (
    closed_text,
    collection_line,
    error_plain,
    mine_line,
    place_text,
    proposal_sections,
)
from handlers.replies import alert
from models.errors import DomainError
from models.proposals import acts, campaigns, drafts, queries, review, support
from models.users import User
from texts import t


async def section(message: Message, state: FSMContext, user: User, session: AsyncSession) -> None:
    await state.clear()
    if not user.is_registered:
        await message.answer(t("proposals-need-profile"))
        return
    draft = await drafts.get_draft(session, user.id)
    status = await campaigns.collection(session)
    act = await acts.chosen_act(session, user.id)
    act_line = act.title if act is not None else t.plain("proposals-section-no-act")
    text = f"{t('proposals-section', act=act_line)}\n\n{collection_line(status)}"
    if draft is not None:
        text += "\n\n" + t("proposals-draft-found", place=place_text(draft.place))
    await message.answer(text, reply_markup=kb.section(draft is not None))


async def menu_pressed(
    callback: CallbackQuery,
    callback_data: PMenuCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    if not user.is_registered:
        alert(callback_answer, t.plain("proposals-need-profile"))
        return
    chat_id = callback.from_user.id
    action = callback_data.action
    if action is MenuAction.MINE:
        await show_mine(bot, chat_id, user, session)
        return
    if action is MenuAction.DISCARD:
        await state.clear()
        await drafts.discard_draft(session, user.id)
        callback_answer.text = t.plain("proposals-draft-discarded")
        await bot.send_message(
            chat_id, t("proposals-draft-discarded"), reply_markup=kb.section(False)
        )
        return
    draft = await drafts.get_draft(session, user.id)
    if action is MenuAction.NEW and draft is not None:
        text = t("proposals-draft-found", place=place_text(draft.place))
        await bot.send_message(chat_id, text, reply_markup=kb.draft_choice())
        return
    status = await campaigns.collection(session)
    if not status.accepting:
        since = status.last_ended.ended_at if status.last_ended else None
        await bot.send_message(chat_id, closed_text(since))
        return
    if draft is None:
        if action is MenuAction.CONTINUE:
            alert(callback_answer, t.plain("proposals-no-draft"))
            return
        draft = await drafts.start_draft(session, user.id)
    await ask(bot, chat_id, state, session, draft)


# --- my proposals ---


async def show_mine(bot: Bot, chat_id: int, user: User, session: AsyncSession) -> None:
    items = await queries.of_user(session, user.id)
    if not items:
        has_draft = await drafts.get_draft(session, user.id) is not None
        await bot.send_message(
            chat_id, t("proposals-mine-empty"), reply_markup=kb.section(has_draft)
        )
        return
    lines = [t("proposals-mine-title"), *(mine_line(p) for p in items)]
    await send_chunks(bot, chat_id, lines, kb.mine(items))


async def mine_command(message: Message, user: User, session: AsyncSession, bot: Bot) -> None:
    if not user.is_registered:
        await message.answer(t("proposals-need-profile"))
        return
    assert message.from_user is not None
    await show_mine(bot, message.from_user.id, user, session)


async def mine_card(
    callback: CallbackQuery,
    callback_data: PMineCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    proposal = await queries.get(session, callback_data.id)
    if proposal is None or proposal.author_id != user.id:
        alert(callback_answer, t.plain("proposals-not-found"))
        return
    sections = proposal_sections(proposal)
    sections.append(
        t("decisions-field-supports", count=await support.count_of(session, proposal.id))
    )
    await send_chunks(bot, callback.from_user.id, sections, kb.my_card(proposal))


async def withdraw_pressed(
    callback: CallbackQuery,
    callback_data: PWithdrawCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
) -> None:
    try:
        proposal = await review.withdraw(session, user, callback_data.id)
    except DomainError as exc:
        alert(callback_answer, error_plain(exc))
        return
    alert(callback_answer, t.plain("proposals-withdrawn", number=proposal.number))
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=kb.my_card(proposal))


def create_router() -> Router:
    """The section's entry points (the menu button, /proposals, /my_proposals) and buttons."""
    router = Router(name="proposals_public")
    router.message.register(section, F.text == t.plain("menu-proposals"))
    router.message.register(section, Command("proposals"))
    router.message.register(mine_command, Command("my_proposals"))
    router.callback_query.register(menu_pressed, PMenuCb.filter())
    router.callback_query.register(mine_card, PMineCb.filter())
    router.callback_query.register(withdraw_pressed, PWithdrawCb.filter())
    return router
