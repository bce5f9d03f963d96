"""Proposals to amend Law No. 135-OZ, as participants see them: the guided dialogue with a
draft saved at every step, the preview with edits, submission, "my proposals" and withdrawal.

The FSM state says which step is open; the answers live in the draft row, so after a restart
(memory FSM storage forgets) the section offers to continue the draft where it stopped.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import keyboards, texts
from handlers.callbacks.proposals import (
    MenuAction,
    PArticleCb,
    PEditCb,
    PKindCb,
    PMenuCb,
    PMineCb,
    PPartCb,
    PPlaceCb,
    PPointCb,
    PSkipCb,
    PSubmitCb,
    PWithdrawCb,
)
from handlers.keyboards import proposals as kb
from handlers.states.proposals import ProposalStates
from handlers.texts import proposals as t
from models import proposals
from models.law import current_law
from models.proposals import (
    STATUS_LABELS,
    TEXT_MAX,
    Draft,
    PlaceKind,
    Step,
    place_label,
)
from models.users import InvalidInput, User

S = ProposalStates
TEXT_STEPS = {
    Step.CURRENT: S.current,
    Step.PROPOSED: S.proposed,
    Step.JUSTIFICATION: S.justification,
}


def _input_error(exc: InvalidInput) -> str:
    if exc.code == "too_long":
        return t.TOO_LONG.format(**exc.params)
    if exc.code == "empty":
        return t.EMPTY
    if exc.code == "no_such_place":
        return t.NO_SUCH_PLACE.format(place=html.quote(str(exc.params.get("place", ""))))
    return t.BAD_PLACE


async def send_chunks(
    bot: Bot, chat_id: int, paragraphs: list[str], markup: InlineKeyboardMarkup | None
) -> None:
    messages = t.pack(paragraphs)
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await bot.send_message(chat_id, text, reply_markup=markup if last else None)


async def ask(
    bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession, draft: Draft
) -> None:
    """Ask the draft's next step (or show the preview)."""
    step = draft.next_step
    now = ""
    if step is Step.PLACE:
        law = await current_law(session)
        await state.set_state(S.place)
        if law is not None:
            await bot.send_message(chat_id, t.ASK_ARTICLE, reply_markup=kb.articles(law))
        else:
            await bot.send_message(chat_id, t.ASK_PLACE_TYPED, reply_markup=kb.specials_only())
        return
    if step is Step.KIND:
        await state.set_state(S.kind)
        text = t.ASK_KIND.format(place=html.quote(draft.place))
        if draft.current_from_law and draft.current_wording:
            wording = draft.current_wording
            if len(wording) > 3000:
                wording = wording[:3000] + "…"
            text = (
                t.CURRENT_FROM_LAW.format(place=html.quote(draft.place), text=html.quote(wording))
                + "\n\n"
                + text
            )
        await bot.send_message(chat_id, text, reply_markup=kb.kinds(draft.place_kind))
        return
    if step in TEXT_STEPS:
        await state.set_state(TEXT_STEPS[step])
        value = {
            Step.CURRENT: draft.current_wording,
            Step.PROPOSED: draft.proposed_wording,
            Step.JUSTIFICATION: draft.justification,
        }[step]
        if draft.editing and value:
            shown = value if len(value) <= 1000 else value[:1000] + "…"
            now = t.EDIT_NOW.format(value=html.quote(shown))
        if step is Step.CURRENT:
            text = t.ASK_CURRENT.format(place=html.quote(draft.place), limit=TEXT_MAX)
            await bot.send_message(chat_id, text + now, reply_markup=kb.skip(Step.CURRENT))
        elif step is Step.PROPOSED:
            await bot.send_message(chat_id, t.ASK_PROPOSED.format(limit=TEXT_MAX) + now)
        else:
            await bot.send_message(chat_id, t.ASK_JUSTIFICATION.format(limit=TEXT_MAX) + now)
        return
    if step is Step.ATTACHMENT:
        await state.set_state(S.attachment)
        await bot.send_message(
            chat_id, t.ASK_ATTACHMENT, reply_markup=kb.skip(Step.ATTACHMENT, t.BTN_NO_ATTACHMENT)
        )
        return
    await state.set_state(S.preview)
    await send_chunks(bot, chat_id, t.draft_sections(draft), kb.preview(draft))


# --- the section ---


async def section(
    message: Message, state: FSMContext, user: User, session: AsyncSession, tz: ZoneInfo
) -> None:
    await state.clear()
    if not user.is_registered:
        await message.answer(t.NEED_PROFILE)
        return
    draft = await proposals.get_draft(session, user.id)
    status = await proposals.collection(session)
    text = f"{t.SECTION}\n\n{t.collection_line(status, tz)}"
    if draft is not None:
        text += "\n\n" + t.DRAFT_FOUND.format(
            place=html.quote(draft.place) if draft.place_kind else "—"
        )
    await message.answer(text, reply_markup=kb.section(draft is not None))


async def menu_pressed(
    callback: CallbackQuery,
    callback_data: PMenuCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
) -> None:
    if not user.is_registered:
        await callback.answer(t.NEED_PROFILE, show_alert=True)
        return
    chat_id = callback.from_user.id
    action = callback_data.action
    if action is MenuAction.MINE:
        await callback.answer()
        await show_mine(bot, chat_id, user, session)
        return
    if action is MenuAction.DISCARD:
        await state.clear()
        await proposals.discard_draft(session, user.id)
        await callback.answer(t.DRAFT_DISCARDED)
        await bot.send_message(chat_id, t.DRAFT_DISCARDED, reply_markup=kb.section(False))
        return
    draft = await proposals.get_draft(session, user.id)
    if action is MenuAction.NEW and draft is not None:
        await callback.answer()
        await bot.send_message(
            chat_id,
            t.DRAFT_FOUND.format(place=html.quote(draft.place) if draft.place_kind else "—"),
            reply_markup=kb.draft_choice(),
        )
        return
    status = await proposals.collection(session)
    if not status.accepting:
        since = status.last_ended.ended_at if status.last_ended else None
        await callback.answer()
        await bot.send_message(chat_id, t.closed(since, tz))
        return
    if draft is None:
        if action is MenuAction.CONTINUE:
            await callback.answer(t.NO_DRAFT, show_alert=True)
            return
        draft = await proposals.start_draft(session, user.id)
    await callback.answer()
    await ask(bot, chat_id, state, session, draft)


# --- step answers ---


async def _after(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, draft: Draft
) -> None:
    assert message.chat is not None
    await ask(bot, message.chat.id, state, session, draft)


async def place_typed(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    assert message.text is not None
    law = await current_law(session)
    try:
        article, part, point = proposals.parse_place(message.text)
        draft = await proposals.set_place(
            session, user.id, PlaceKind.PROVISION, article, part, point, law=law
        )
    except InvalidInput as exc:
        await message.answer(_input_error(exc))
        return
    await _after(message, state, session, bot, draft)


async def place_not_text(message: Message) -> None:
    await message.answer(t.PLACE_NOT_TEXT)


async def special_place(
    callback: CallbackQuery,
    callback_data: PPlaceCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    if callback_data.kind is PlaceKind.PROVISION:
        await callback.answer(t.STALE, show_alert=True)
        return
    draft = await proposals.set_place(session, user.id, callback_data.kind)
    await callback.answer()
    await ask(bot, callback.from_user.id, state, session, draft)


async def article_chosen(
    callback: CallbackQuery,
    callback_data: PArticleCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    law = await current_law(session)
    art = law.article(callback_data.article) if law else None
    if law is None or art is None:
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    chat_id = callback.from_user.id
    if art.parts:
        await state.set_state(S.part)
        text = t.ASK_PART.format(article=art.number, title=html.quote(art.title))
        await bot.send_message(chat_id, text, reply_markup=kb.parts(art))
        return
    if art.points:
        await state.set_state(S.point)
        text = t.ASK_POINT.format(
            place=place_label(PlaceKind.PROVISION, art.number, None, None),
            whole=t.BTN_WHOLE_ARTICLE,
        )
        await bot.send_message(chat_id, text, reply_markup=kb.points(art, None))
        return
    draft = await proposals.set_place(session, user.id, PlaceKind.PROVISION, art.number, law=law)
    await ask(bot, chat_id, state, session, draft)


async def part_chosen(
    callback: CallbackQuery,
    callback_data: PPartCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    law = await current_law(session)
    art = law.article(callback_data.article) if law else None
    prt = art.part(callback_data.part) if art and callback_data.part else None
    if law is None or art is None or (callback_data.part and prt is None):
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    chat_id = callback.from_user.id
    if prt is not None and prt.points:
        await state.set_state(S.point)
        text = t.ASK_POINT.format(
            place=place_label(PlaceKind.PROVISION, art.number, prt.number, None),
            whole=t.BTN_WHOLE_PART,
        )
        await bot.send_message(chat_id, text, reply_markup=kb.points(art, prt))
        return
    part = prt.number if prt else None
    draft = await proposals.set_place(
        session, user.id, PlaceKind.PROVISION, art.number, part, law=law
    )
    await ask(bot, chat_id, state, session, draft)


async def point_chosen(
    callback: CallbackQuery,
    callback_data: PPointCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    law = await current_law(session)
    part = callback_data.part or None
    point = callback_data.point or None
    try:
        draft = await proposals.set_place(
            session, user.id, PlaceKind.PROVISION, callback_data.article, part, point, law=law
        )
    except InvalidInput:
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    await ask(bot, callback.from_user.id, state, session, draft)


async def kind_chosen(
    callback: CallbackQuery,
    callback_data: PKindCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    try:
        draft = await proposals.set_kind(session, user.id, callback_data.kind)
    except InvalidInput:
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    await ask(bot, callback.from_user.id, state, session, draft)


async def press_button(message: Message) -> None:
    await message.answer(t.PRESS_BUTTON)


async def text_given(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    current = await state.get_state()
    setter = {
        S.current.state: proposals.set_current,
        S.proposed.state: proposals.set_proposed,
        S.justification.state: proposals.set_justification,
    }[current or ""]
    try:
        draft = await setter(session, user.id, message.text)
    except InvalidInput as exc:
        await message.answer(_input_error(exc))
        return
    await _after(message, state, session, bot, draft)


async def not_text(message: Message) -> None:
    await message.answer(t.NOT_TEXT)


async def skipped(
    callback: CallbackQuery,
    callback_data: PSkipCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    current = await state.get_state()
    if callback_data.step is Step.CURRENT and current == S.current.state:
        draft = await proposals.set_current(session, user.id, None)
    elif callback_data.step is Step.ATTACHMENT and current == S.attachment.state:
        draft = await proposals.set_attachment(session, user.id, None, None)
    else:
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    await ask(bot, callback.from_user.id, state, session, draft)


async def attachment_given(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    if message.document is not None:
        draft = await proposals.set_attachment(
            session, user.id, message.document.file_id, "document"
        )
    elif message.photo:
        draft = await proposals.set_attachment(
            session, user.id, message.photo[-1].file_id, "photo"
        )
    else:
        await message.answer(t.ATTACHMENT_WRONG)
        return
    await _after(message, state, session, bot, draft)


async def edit_pressed(
    callback: CallbackQuery,
    callback_data: PEditCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    if await proposals.get_draft(session, user.id) is None:
        await callback.answer(t.STALE, show_alert=True)
        return
    try:
        draft = await proposals.reopen_step(session, user.id, callback_data.step)
    except InvalidInput:
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    await ask(bot, callback.from_user.id, state, session, draft)


async def submit_pressed(
    callback: CallbackQuery,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
) -> None:
    chat_id = callback.from_user.id
    try:
        proposal = await proposals.submit(session, user)
    except InvalidInput as exc:
        if exc.code == "closed":
            await state.clear()
            await callback.answer()
            since = exc.params.get("since")
            await bot.send_message(chat_id, t.closed(since, tz))  # type: ignore[arg-type]
            return
        if exc.code == "incomplete":
            await callback.answer(t.INCOMPLETE)
            draft = await proposals.get_draft(session, user.id)
            if draft is not None:
                await ask(bot, chat_id, state, session, draft)
            return
        await callback.answer(t.STALE, show_alert=True)
        return
    await state.clear()
    await callback.answer()
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=None)
    await bot.send_message(
        chat_id, t.SUBMITTED.format(number=proposal.number), reply_markup=keyboards.main_menu()
    )


# --- my proposals ---


async def show_mine(bot: Bot, chat_id: int, user: User, session: AsyncSession) -> None:
    items = await proposals.of_user(session, user.id)
    if not items:
        await bot.send_message(
            chat_id,
            t.MINE_EMPTY,
            reply_markup=kb.section(await proposals.get_draft(session, user.id) is not None),
        )
        return
    lines = [t.MINE_TITLE] + [t.mine_line(p) for p in items]
    await send_chunks(bot, chat_id, ["\n".join(lines[:1]), *lines[1:]], kb.mine(items))


async def mine_command(message: Message, user: User, session: AsyncSession, bot: Bot) -> None:
    if not user.is_registered:
        await message.answer(t.NEED_PROFILE)
        return
    assert message.from_user is not None
    await show_mine(bot, message.from_user.id, user, session)


async def mine_card(
    callback: CallbackQuery,
    callback_data: PMineCb,
    user: User,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
) -> None:
    proposal = await proposals.get(session, callback_data.id)
    if proposal is None or proposal.author_id != user.id:
        await callback.answer(t.NOT_YOURS, show_alert=True)
        return
    await callback.answer()
    await send_chunks(
        bot, callback.from_user.id, t.proposal_sections(proposal, tz), kb.my_card(proposal)
    )


async def withdraw_pressed(
    callback: CallbackQuery,
    callback_data: PWithdrawCb,
    user: User,
    session: AsyncSession,
) -> None:
    try:
        proposal = await proposals.withdraw(session, user, callback_data.id)
    except InvalidInput as exc:
        if exc.code == "not_withdrawable":
            status = exc.params["status"]
            await callback.answer(
                t.NOT_WITHDRAWABLE.format(status=STATUS_LABELS[status]),  # type: ignore[index]
                show_alert=True,
            )
            return
        await callback.answer(t.NOT_YOURS, show_alert=True)
        return
    await callback.answer(t.WITHDRAWN.format(number=proposal.number), show_alert=True)
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=kb.my_card(proposal))


def create_router() -> Router:
    """The participants' proposals router, in matching order."""
    router = Router(name="proposals")
    router.message.register(section, F.text == texts.MENU_PROPOSALS)
    router.message.register(section, Command("proposals"))
    router.message.register(mine_command, Command("my_proposals"))
    router.callback_query.register(menu_pressed, PMenuCb.filter())
    router.callback_query.register(mine_card, PMineCb.filter())
    router.callback_query.register(withdraw_pressed, PWithdrawCb.filter())

    in_dialogue = StateFilter(*S.__all_states__)
    router.callback_query.register(special_place, PPlaceCb.filter(), StateFilter(S.place))
    router.callback_query.register(article_chosen, PArticleCb.filter(), StateFilter(S.place))
    router.callback_query.register(part_chosen, PPartCb.filter(), StateFilter(S.part))
    router.callback_query.register(point_chosen, PPointCb.filter(), StateFilter(S.point))
    router.callback_query.register(kind_chosen, PKindCb.filter(), StateFilter(S.kind))
    router.callback_query.register(skipped, PSkipCb.filter(), in_dialogue)
    router.callback_query.register(edit_pressed, PEditCb.filter(), StateFilter(S.preview))
    router.callback_query.register(submit_pressed, PSubmitCb.filter(), StateFilter(S.preview))

    # Typed answers. Commands are left to the other routers (/cancel is in common).
    not_command = ~F.text.startswith("/")
    router.message.register(place_typed, StateFilter(S.place), F.text, not_command)
    router.message.register(place_not_text, StateFilter(S.place), ~F.text)
    router.message.register(
        text_given, StateFilter(S.current, S.proposed, S.justification), F.text, not_command
    )
    router.message.register(not_text, StateFilter(S.current, S.proposed, S.justification), ~F.text)
    router.message.register(attachment_given, StateFilter(S.attachment), not_command)
    router.message.register(
        press_button, StateFilter(S.part, S.point, S.kind, S.preview), not_command
    )
    return router
