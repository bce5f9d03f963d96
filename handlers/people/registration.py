"""The profile dialogue: name, occupation and municipality, one missing step after another,
both after consent and when editing from /profile."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, ReplyKeyboardRemove
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.events import DEEP_LINK_KEY, open_deep_link
from handlers.menu import main_menu
from handlers.people import keyboards as kb
from handlers.people.callbacks import MunicipalityCb, MunicipalityPageCb, OccupationCb
from handlers.people.cards import display_name, profile_card
from handlers.people.states import Profile
from handlers.replies import alert, message_of
from handlers.widgets.pager import Page
from models import municipalities
from models.errors import DomainError
from models.users import ProfileStep, User, set_municipality, set_name, set_occupation
from texts import Safe, t

EDIT_FLAG = "edit"  # in the FSM data: the steps edit a complete profile
QUERY_MAX = 100  # characters of a typed municipality search that are looked at
QUERY_SHOWN = 50  # ... and quoted back when nothing is found


async def municipality_screen(
    session: AsyncSession, number: int = 0
) -> tuple[Safe, InlineKeyboardMarkup]:
    """One page of the municipality picker: its text and its keyboard."""
    total = await municipalities.count_active(session)
    page = Page.of(total, number, kb.MUNICIPALITIES_PER_PAGE)
    items = await municipalities.slice_active(session, page.offset, page.per_page)
    text = t("ask-municipality", page=page.human, pages=page.count)
    return text, kb.municipalities(items, page)


async def ask_step(
    bot: Bot, chat_id: int, state: FSMContext, step: ProfileStep, session: AsyncSession
) -> None:
    if step is ProfileStep.NAME:
        await state.set_state(Profile.name)
        await bot.send_message(chat_id, t("ask-name"), reply_markup=ReplyKeyboardRemove())
    elif step is ProfileStep.OCCUPATION:
        await state.set_state(Profile.occupation)
        await bot.send_message(chat_id, t("ask-occupation"), reply_markup=kb.occupations())
    else:
        await state.set_state(Profile.municipality)
        text, markup = await municipality_screen(session)
        await bot.send_message(chat_id, text, reply_markup=markup)


async def continue_profile(
    message: Message, state: FSMContext, user: User, session: AsyncSession, tz: ZoneInfo
) -> None:
    """After any step: ask the next missing field, or finish (registration or an edit).
    A deep link the person came with (/start event_42) is opened at the end."""
    bot = message.bot
    assert bot is not None
    chat_id = message.chat.id
    data = await state.get_data()
    step = user.missing_step
    if step is not None:
        await ask_step(bot, chat_id, state, step, session)
        return
    await state.clear()
    if data.get(EDIT_FLAG):
        await bot.send_message(chat_id, t("profile-updated"), reply_markup=main_menu())
        await bot.send_message(chat_id, profile_card(user), reply_markup=kb.profile_edit())
        return
    await bot.send_message(
        chat_id,
        t("registration-done", name=display_name(user)),
        reply_markup=main_menu(),
    )
    payload = data.get(DEEP_LINK_KEY)
    if isinstance(payload, str):
        await open_deep_link(bot, chat_id, payload, user, session, tz)


# --- name ---
async def name_given(
    message: Message, state: FSMContext, user: User, session: AsyncSession, tz: ZoneInfo
) -> None:
    assert message.text is not None
    try:
        await set_name(session, user, message.text)
    except DomainError as exc:
        if exc.code == "consent-needed":
            await state.clear()
        await message.answer(t(exc.code, **exc.params))
        return
    await continue_profile(message, state, user, session, tz)


async def name_not_text(message: Message) -> None:
    await message.answer(t("name-not-text"))


# --- occupation ---
async def occupation_chosen(
    callback: CallbackQuery,
    callback_data: OccupationCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    message = message_of(callback)
    if not user.has_consent or message is None:
        alert(callback_answer, t.plain("consent-needed"))
        return
    await set_occupation(session, user, callback_data.value)
    await message.edit_text(
        t("occupation-chosen", occupation=callback_data.value), reply_markup=None
    )
    await continue_profile(message, state, user, session, tz)


async def occupation_typed(message: Message) -> None:
    await message.answer(t("choose-with-buttons"), reply_markup=kb.occupations())


# --- municipality ---
async def municipality_page(
    callback: CallbackQuery, callback_data: MunicipalityPageCb, session: AsyncSession
) -> None:
    message = message_of(callback)
    if message is None:
        return
    text, markup = await municipality_screen(session, callback_data.page)
    await message.edit_text(text, reply_markup=markup)


async def municipality_chosen(
    callback: CallbackQuery,
    callback_data: MunicipalityCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    message = message_of(callback)
    if not user.has_consent or message is None:
        alert(callback_answer, t.plain("consent-needed"))
        return
    try:
        chosen = await set_municipality(session, user, callback_data.id)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    await message.edit_text(t("municipality-chosen", name=chosen.name))
    await continue_profile(message, state, user, session, tz)


async def municipality_typed(message: Message, session: AsyncSession) -> None:
    assert message.text is not None
    query = message.text[:QUERY_MAX]
    found = await municipalities.search_active(session, query)
    if not found:
        await message.answer(t("municipality-not-found", query=query[:QUERY_SHOWN]))
        return
    await message.answer(t("municipality-several"), reply_markup=kb.municipalities(found))


async def municipality_not_text(message: Message) -> None:
    await message.answer(t("choose-with-buttons"))
