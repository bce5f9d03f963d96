"""The guided dialogue of a proposal: the place (buttons from the loaded law or typed), the
kind, the wordings, the justification, an attachment, the preview with edits, submission.

The FSM state says which step is open; the answers live in the draft row, so after a restart
(memory FSM storage forgets) the section offers to continue the draft where it stopped.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.menu import main_menu
from handlers.proposals import keyboards as kb
from handlers.proposals import support
from handlers.proposals.callbacks import (
    PArticleCb,
    PEditCb,
    PKindCb,
    PPartCb,
    PPlaceCb,
    PPointCb,
    PSkipCb,
    PSubmitCb,
)
from handlers.proposals.scope import act_law
from handlers.proposals.states import ProposalStates
from handlers.proposals.views import draft_sections, error_text, place_text, shorten
from handlers.replies import alert
from models.errors import DomainError
from models.proposals import drafts, numbering
from models.proposals.drafts import Draft, Step
from models.proposals.entities import TEXT_MAX
from models.proposals.places import Place, PlaceKind, article_place, parse_place
from models.users import User
from models.users.profile import get_by_telegram_id
from texts import Safe, t

S = ProposalStates
TEXT_STATES = {
    Step.CURRENT: S.current,
    Step.PROPOSED: S.proposed,
    Step.JUSTIFICATION: S.justification,
}
WORDING_SHOWN = 3000  # characters of the law's wording shown before the kind
EDIT_SHOWN = 1000  # characters of the old answer shown when a step is edited


async def ask(
    bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession, draft: Draft
) -> None:
    """Ask the draft's next step (or show the preview)."""
    step = draft.next_step
    if step is Step.PLACE:
        person = await get_by_telegram_id(session, chat_id)
        law = await act_law(session, person.id if person else None)
        await state.set_state(S.place)
        if law is not None:
            await bot.send_message(
                chat_id, t("proposals-ask-article"), reply_markup=kb.articles(law)
            )
        else:
            await bot.send_message(
                chat_id, t("proposals-ask-place-typed"), reply_markup=kb.specials_only()
            )
    elif step is Step.KIND:
        if not draft.editing:
            await support.show_on_place(bot, chat_id, session, draft.place)
        await state.set_state(S.kind)
        await bot.send_message(
            chat_id, _kind_prompt(draft), reply_markup=kb.kinds(draft.place_kind)
        )
    elif step in TEXT_STATES:
        await state.set_state(TEXT_STATES[step])
        await _ask_text(bot, chat_id, step, draft)
    elif step is Step.ATTACHMENT:
        await state.set_state(S.attachment)
        markup = kb.skip(Step.ATTACHMENT, "proposals-btn-no-attachment")
        await bot.send_message(chat_id, t("proposals-ask-attachment"), reply_markup=markup)
    else:
        await state.set_state(S.preview)
        await send_chunks(bot, chat_id, draft_sections(draft), kb.preview(draft))


def _kind_prompt(draft: Draft) -> str:
    place = place_text(draft.place)
    text = t("proposals-ask-kind", place=place)
    if draft.current_from_law and draft.current_wording:
        wording = shorten(draft.current_wording, WORDING_SHOWN)
        return t("proposals-current-from-law", place=place, text=wording) + "\n\n" + text
    return text


async def _ask_text(bot: Bot, chat_id: int, step: Step, draft: Draft) -> None:
    markup = None
    prompt: Safe
    if step is Step.CURRENT:
        value = draft.current_wording
        prompt = t("proposals-ask-current", place=place_text(draft.place), limit=TEXT_MAX)
        markup = kb.skip(Step.CURRENT)
    elif step is Step.PROPOSED:
        value = draft.proposed_wording
        prompt = t("proposals-ask-proposed", limit=TEXT_MAX)
    else:
        value = draft.justification
        prompt = t("proposals-ask-justification", limit=TEXT_MAX)
    text = str(prompt)
    if draft.editing and value:
        text += "\n\n" + t("proposals-edit-now", value=shorten(value, EDIT_SHOWN))
    await bot.send_message(chat_id, text, reply_markup=markup)


# --- the place ---


async def _after(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, draft: Draft
) -> None:
    assert message.chat is not None
    await ask(bot, message.chat.id, state, session, draft)


async def place_typed(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    assert message.text is not None
    law = await act_law(session, user.id)
    try:
        article, part, point = parse_place(message.text)
        draft = await drafts.set_place(
            session, user.id, PlaceKind.PROVISION, article, part, point, law=law
        )
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await _after(message, state, session, bot, draft)


async def place_not_text(message: Message) -> None:
    await message.answer(t("proposals-place-not-text"))


async def special_place(
    callback: CallbackQuery,
    callback_data: PPlaceCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    if callback_data.kind is PlaceKind.PROVISION:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    draft = await drafts.set_place(session, user.id, callback_data.kind)
    await ask(bot, callback.from_user.id, state, session, draft)


async def article_chosen(
    callback: CallbackQuery,
    callback_data: PArticleCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    law = await act_law(session, user.id)
    art = law.article(callback_data.article) if law else None
    if law is None or art is None:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    chat_id = callback.from_user.id
    if art.parts:
        await state.set_state(S.part)
        text = t("proposals-ask-part", article=art.label, title=art.title)
        await bot.send_message(chat_id, text, reply_markup=kb.parts(art))
        return
    if art.points:
        await state.set_state(S.point)
        text = t(
            "proposals-ask-point",
            place=article_place(art.number).label(t),
            whole=t.plain("proposals-btn-whole-article"),
        )
        await bot.send_message(chat_id, text, reply_markup=kb.points(art, None))
        return
    draft = await drafts.set_place(session, user.id, PlaceKind.PROVISION, art.number, law=law)
    await ask(bot, chat_id, state, session, draft)


async def part_chosen(
    callback: CallbackQuery,
    callback_data: PPartCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    law = await act_law(session, user.id)
    art = law.article(callback_data.article) if law else None
    prt = art.part(callback_data.part) if art and callback_data.part else None
    if law is None or art is None or (callback_data.part and prt is None):
        alert(callback_answer, t.plain("proposals-stale"))
        return
    chat_id = callback.from_user.id
    if prt is not None and prt.points:
        await state.set_state(S.point)
        text = t(
            "proposals-ask-point",
            place=Place(PlaceKind.PROVISION, art.number, prt.number).label(t),
            whole=t.plain("proposals-btn-whole-part"),
        )
        await bot.send_message(chat_id, text, reply_markup=kb.points(art, prt))
        return
    part = prt.number if prt else None
    draft = await drafts.set_place(
        session, user.id, PlaceKind.PROVISION, art.number, part, law=law
    )
    await ask(bot, chat_id, state, session, draft)


async def point_chosen(
    callback: CallbackQuery,
    callback_data: PPointCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    law = await act_law(session, user.id)
    part = callback_data.part or None
    point = callback_data.point or None
    try:
        draft = await drafts.set_place(
            session, user.id, PlaceKind.PROVISION, callback_data.article, part, point, law=law
        )
    except DomainError:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    await ask(bot, callback.from_user.id, state, session, draft)


# --- the other steps ---


async def kind_chosen(
    callback: CallbackQuery,
    callback_data: PKindCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    try:
        draft = await drafts.set_kind(session, user.id, callback_data.kind)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code))
        return
    await ask(bot, callback.from_user.id, state, session, draft)


async def press_button(message: Message) -> None:
    await message.answer(t("proposals-press-button"))


async def text_given(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    current = await state.get_state()
    setter = {
        S.current.state: drafts.set_current,
        S.proposed.state: drafts.set_proposed,
        S.justification.state: drafts.set_justification,
    }[current or ""]
    try:
        draft = await setter(session, user.id, message.text)
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await _after(message, state, session, bot, draft)


async def not_text(message: Message) -> None:
    await message.answer(t("proposals-not-text"))


async def skipped(
    callback: CallbackQuery,
    callback_data: PSkipCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    current = await state.get_state()
    if callback_data.step is Step.CURRENT and current == S.current.state:
        draft = await drafts.set_current(session, user.id, None)
    elif callback_data.step is Step.ATTACHMENT and current == S.attachment.state:
        draft = await drafts.set_attachment(session, user.id, None, None)
    else:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    await ask(bot, callback.from_user.id, state, session, draft)


async def attachment_given(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    if message.document is not None:
        file_id, kind = message.document.file_id, "document"
    elif message.photo:
        file_id, kind = message.photo[-1].file_id, "photo"
    else:
        await message.answer(t("proposals-attachment-wrong"))
        return
    draft = await drafts.set_attachment(session, user.id, file_id, kind)
    await _after(message, state, session, bot, draft)


async def edit_pressed(
    callback: CallbackQuery,
    callback_data: PEditCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    if await drafts.get_draft(session, user.id) is None:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    try:
        draft = await drafts.reopen_step(session, user.id, callback_data.step)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code))
        return
    await ask(bot, callback.from_user.id, state, session, draft)


async def submit_pressed(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chat_id = callback.from_user.id
    try:
        proposal = await numbering.submit(session, user)
    except DomainError as exc:
        if exc.code in ("proposals-closed", "proposals-closed-since"):
            await state.clear()
            await bot.send_message(chat_id, error_text(exc))
        elif exc.code == "proposals-incomplete":
            callback_answer.text = t.plain("proposals-incomplete")
            draft = await drafts.get_draft(session, user.id)
            if draft is not None:
                await ask(bot, chat_id, state, session, draft)
        else:
            alert(callback_answer, t.plain("proposals-stale"))
        return
    await state.clear()
    if isinstance(callback.message, Message):
        await callback.message.edit_reply_markup(reply_markup=None)
    await bot.send_message(
        chat_id,
        t("proposals-submitted", number=proposal.number),
        reply_markup=main_menu(),
    )


def create_router() -> Router:
    """The steps of the dialogue, each behind its FSM state."""
    router = Router(name="proposals_dialogue")
    router.callback_query.register(special_place, PPlaceCb.filter(), StateFilter(S.place))
    router.callback_query.register(article_chosen, PArticleCb.filter(), StateFilter(S.place))
    router.callback_query.register(part_chosen, PPartCb.filter(), StateFilter(S.part))
    router.callback_query.register(point_chosen, PPointCb.filter(), StateFilter(S.point))
    router.callback_query.register(kind_chosen, PKindCb.filter(), StateFilter(S.kind))
    router.callback_query.register(skipped, PSkipCb.filter(), StateFilter(*S.__all_states__))
    router.callback_query.register(edit_pressed, PEditCb.filter(), StateFilter(S.preview))
    router.callback_query.register(submit_pressed, PSubmitCb.filter(), StateFilter(S.preview))

    # Typed answers. Commands are left to the other routers (/cancel is in common).
    not_command = ~F.text.startswith("/")
    texts_open = StateFilter(S.current, S.proposed, S.justification)
    router.message.register(place_typed, StateFilter(S.place), F.text, not_command)
    router.message.register(place_not_text, StateFilter(S.place), ~F.text)
    router.message.register(text_given, texts_open, F.text, not_command)
    router.message.register(not_text, texts_open, ~F.text)
    router.message.register(attachment_given, StateFilter(S.attachment), not_command)
    router.message.register(
        press_button, StateFilter(S.part, S.point, S.kind, S.preview), not_command
    )
    return router
