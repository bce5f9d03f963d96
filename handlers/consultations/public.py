"""Acts as everyone sees them (/acts): the list, the card, «propose an amendment» (the act
becomes the person's chosen one, then the proposal dialogue starts), and the official
position of a municipality, step by step, for its representatives."""

from __future__ import annotations

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.consultations import keyboards as kb
from handlers.consultations import views
from handlers.consultations.callbacks import (
    ActCardCb,
    ActPublic,
    ActPublicCb,
    ActsPageCb,
    PosAction,
    PosActionCb,
    PosMunicipalityCb,
    PosStanceCb,
)
from handlers.consultations.states import PositionStates
from handlers.dialogue import dialogue_data
from handlers.replies import alert, message_of
from handlers.widgets.pager import Page
from models import consultations as cons
from models import representatives as reps
from models.base import utcnow
from models.consultations import Stance
from models.errors import DomainError
from models.municipalities import get_by_id
from models.users import Role, User
from texts import Safe, t

ACT_KEY = "pos_act"
MUN_KEY = "pos_municipality"
STANCE_KEY = "pos_stance"
TEXT_KEY = "pos_text"
FILE_KEY = "pos_file"
NAME_KEY = "pos_file_name"
STAFF = (Role.MODERATOR, Role.ADMIN)


async def _list(
    session: AsyncSession, number: int, role: Role
) -> tuple[Safe, InlineKeyboardMarkup]:
    acts = await cons.list_acts(session, include_announced=role in STAFF)
    page = Page.of(len(acts), number, kb.PER_PAGE)
    if not acts:
        return t("consultations-list-empty"), kb.act_list([], page)
    return t("consultations-list"), kb.act_list(acts, page)


async def acts_command(
    message: Message, state: FSMContext, session: AsyncSession, role: Role = Role.USER
) -> None:
    await state.clear()
    text, markup = await _list(session, 0, role)
    await message.answer(text, reply_markup=markup)


async def page_cb(
    callback: CallbackQuery,
    callback_data: ActsPageCb,
    session: AsyncSession,
    role: Role = Role.USER,
) -> None:
    message = message_of(callback)
    if message is not None:
        text, markup = await _list(session, callback_data.page, role)
        await message.edit_text(text, reply_markup=markup)


async def card_screen(
    session: AsyncSession, act_id: int, user: User, role: Role
) -> tuple[Safe, InlineKeyboardMarkup] | None:
    act = await session.get(cons.Act, act_id)
    if act is None:
        return None
    if role in STAFF:
        text, missing = await views.staff_card(session, act)
        # The reminder button carries the minute it was drawn: a double tap is one reminder.
        stamp = int(utcnow().timestamp() // 60) % 2**31
        return text, kb.staff_card(act, missing, stamp)
    mine = await reps.municipalities_of(session, user.id)
    text = views.public_card(act)
    given = [p for p in await cons.current_positions(session, act.id) if p.municipality_id in mine]
    for position in given:  # a representative sees what their municipality answered
        line = t(
            "consultations-card-position",
            municipality=position.municipality.name,
            stance=t.label(position.stance),
            when=t.when(position.submitted_at),
        )
        text = Safe(f"{text}\n{line}")
    return text, kb.public_card(act, representative=bool(mine))


async def card_cb(
    callback: CallbackQuery,
    callback_data: ActCardCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    role: Role = Role.USER,
) -> None:
    screen = await card_screen(session, callback_data.act_id, user, role)
    message = message_of(callback)
    if screen is None or message is None:
        alert(callback_answer, t.plain("consultations-act-not-found"))
        return
    await message.edit_text(screen[0], reply_markup=screen[1])


async def public_cb(
    callback: CallbackQuery,
    callback_data: ActPublicCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    act = await session.get(cons.Act, callback_data.act_id)
    if act is None or act.stage is not cons.ActStage.DISCUSSION or not user.is_registered:
        alert(
            callback_answer,
            t.plain("consultations-positions-closed", title=act.title if act else ""),
        )
        return
    chat_id = callback.from_user.id
    if callback_data.action is ActPublic.PROPOSE:
        await cons.choose_act(session, user.id, act.id)
        await bot.send_message(
            chat_id, t("consultations-chosen", title=act.title), reply_markup=kb.start_proposal()
        )
        return
    mine = await reps.roles_of(session, user.id)
    if not mine:
        alert(callback_answer, t.plain("consultations-not-representative"))
        return
    await state.clear()
    await state.set_data({ACT_KEY: act.id})
    if len(mine) == 1:
        await _ask_stance(bot, chat_id, state, session, mine[0].municipality_id)
        return
    await state.set_state(PositionStates.municipality)
    await bot.send_message(
        chat_id,
        t("consultations-position-municipality"),
        reply_markup=kb.municipalities([r.municipality for r in mine]),
    )


async def _ask_stance(
    bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession, municipality_id: int
) -> None:
    data = await dialogue_data(state, ACT_KEY)
    act = await cons.get_act(session, int(data[ACT_KEY]))
    municipality = await get_by_id(session, municipality_id)
    await state.update_data({MUN_KEY: municipality_id})
    await state.set_state(PositionStates.stance)
    await bot.send_message(
        chat_id,
        t(
            "consultations-position-stance",
            municipality=municipality.name if municipality else "",
            title=act.title,
        ),
        reply_markup=kb.stances(),
    )


async def municipality_cb(
    callback: CallbackQuery,
    callback_data: PosMunicipalityCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    if not await reps.is_representative(session, user.id, callback_data.municipality_id):
        alert(callback_answer, t.plain("consultations-not-representative"))
        return
    await _ask_stance(bot, callback.from_user.id, state, session, callback_data.municipality_id)


async def stance_cb(
    callback: CallbackQuery, callback_data: PosStanceCb, state: FSMContext, bot: Bot
) -> None:
    await dialogue_data(state, ACT_KEY, MUN_KEY)
    await state.update_data({STANCE_KEY: callback_data.stance.value})
    await state.set_state(PositionStates.text)
    await bot.send_message(callback.from_user.id, t("consultations-position-text"))


async def text_given(message: Message, state: FSMContext) -> None:
    await dialogue_data(state, ACT_KEY, MUN_KEY, STANCE_KEY)
    try:
        body = cons.clean_position_text(message.text)
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    await state.update_data({TEXT_KEY: body})
    await state.set_state(PositionStates.file)
    await message.answer(t("consultations-position-file"), reply_markup=kb.no_file())


async def not_text(message: Message) -> None:
    await message.answer(t("consultations-position-text"))


async def file_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    if message.document is None:
        await message.answer(
            t("consultations-position-file-not-document"), reply_markup=kb.no_file()
        )
        return
    await state.update_data(
        {FILE_KEY: message.document.file_id, NAME_KEY: message.document.file_name or ""}
    )
    assert message.bot is not None
    await _preview(message.bot, message.chat.id, state, session)


async def _preview(bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession) -> None:
    data = await dialogue_data(state, ACT_KEY, MUN_KEY, STANCE_KEY, TEXT_KEY)
    municipality = await get_by_id(session, int(data[MUN_KEY]))
    await state.set_state(PositionStates.preview)
    await bot.send_message(
        chat_id,
        t(
            "consultations-position-preview",
            municipality=municipality.name if municipality else "",
            stance=t.label(Stance(data[STANCE_KEY])),
            text=str(data[TEXT_KEY]),
            file="yes" if data.get(FILE_KEY) else "no",
        ),
        reply_markup=kb.position_confirm(),
    )


async def action_cb(
    callback: CallbackQuery,
    callback_data: PosActionCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chat_id = callback.from_user.id
    if callback_data.action is PosAction.CANCEL:
        await state.clear()
        await bot.send_message(chat_id, t("common-cancelled"))
        return
    if callback_data.action is PosAction.NO_FILE:
        if await state.get_state() != PositionStates.file.state:
            alert(callback_answer, t.plain("stale-button"))
            return
        await state.update_data({FILE_KEY: None, NAME_KEY: None})
        await _preview(bot, chat_id, state, session)
        return
    if await state.get_state() != PositionStates.preview.state:
        alert(callback_answer, t.plain("stale-button"))
        return
    data = await dialogue_data(state, ACT_KEY, MUN_KEY, STANCE_KEY, TEXT_KEY)
    try:
        position = await cons.submit_position(
            session,
            user,
            int(data[ACT_KEY]),
            int(data[MUN_KEY]),
            Stance(data[STANCE_KEY]),
            str(data[TEXT_KEY]),
            attachment_file_id=data.get(FILE_KEY),
            attachment_name=data.get(NAME_KEY),
        )
    except DomainError as exc:
        await state.clear()
        await bot.send_message(chat_id, t(exc.code, **exc.params))
        return
    await state.clear()
    act = await cons.get_act(session, position.act_id)
    await bot.send_message(
        chat_id,
        t(
            "consultations-position-saved",
            municipality=position.municipality.name,
            title=act.title,
        ),
    )
