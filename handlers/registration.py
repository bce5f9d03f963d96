"""Consent (152-FZ) and the profile: the dialogue after /start, /profile and its edits."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router, html
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message, ReplyKeyboardRemove
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import keyboards, texts
from handlers.callbacks import (
    ConsentAnswer,
    ConsentCb,
    MunicipalityCb,
    MunicipalityPageCb,
    OccupationCb,
    ProfileEditCb,
    ProfileField,
)
from handlers.events import DEEP_LINK_KEY, open_deep_link
from handlers.states import Profile
from models import municipalities
from models.consent import current_consent
from models.notices import DEFAULT_TZ
from models.users import (
    InvalidInput,
    ProfileStep,
    User,
    give_consent,
    set_municipality,
    set_name,
    set_occupation,
)

EDIT_FLAG = "edit"


async def ask_consent(message: Message) -> None:
    consent = current_consent()
    await message.answer(
        texts.consent_message(consent.text), reply_markup=keyboards.consent(consent.version)
    )


async def send_municipality_page(
    bot: Bot, chat_id: int, session: AsyncSession, page: int = 0
) -> None:
    items, pages = await municipalities.page_active(
        session, page, keyboards.MUNICIPALITIES_PER_PAGE
    )
    await bot.send_message(
        chat_id,
        texts.ASK_MUNICIPALITY.format(page=page + 1, pages=pages),
        reply_markup=keyboards.municipalities(items, page, pages),
    )


async def ask_step(
    bot: Bot, chat_id: int, state: FSMContext, step: ProfileStep, session: AsyncSession
) -> None:
    if step is ProfileStep.NAME:
        await state.set_state(Profile.name)
        await bot.send_message(chat_id, texts.ASK_NAME, reply_markup=ReplyKeyboardRemove())
    elif step is ProfileStep.OCCUPATION:
        await state.set_state(Profile.occupation)
        await bot.send_message(chat_id, texts.ASK_OCCUPATION, reply_markup=keyboards.occupations())
    else:
        await state.set_state(Profile.municipality)
        await send_municipality_page(bot, chat_id, session)


async def continue_profile(
    message: Message,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo | None = None,
) -> None:
    """After any step: ask the next missing field, or finish (registration or an edit).
    A deep link the person came with (/start event_42) is opened at the end."""
    bot = message.bot
    assert bot is not None
    chat_id = message.chat.id
    data = await state.get_data()
    editing = bool(data.get(EDIT_FLAG))
    step = user.missing_step
    if step is not None:
        await ask_step(bot, chat_id, state, step, session)
        return
    await state.clear()
    payload = data.get(DEEP_LINK_KEY)
    if isinstance(payload, str) and not editing:
        await bot.send_message(
            chat_id,
            texts.REGISTRATION_DONE.format(name=texts.display_name(user)),
            reply_markup=keyboards.main_menu(),
        )
        await open_deep_link(bot, chat_id, payload, user, session, tz or DEFAULT_TZ)
        return
    if editing:
        await bot.send_message(chat_id, texts.PROFILE_UPDATED, reply_markup=keyboards.main_menu())
        await bot.send_message(
            chat_id, texts.profile_card(user), reply_markup=keyboards.profile_edit()
        )
    else:
        await bot.send_message(
            chat_id,
            texts.REGISTRATION_DONE.format(name=texts.display_name(user)),
            reply_markup=keyboards.main_menu(),
        )


def _message_of(callback: CallbackQuery) -> Message | None:
    return callback.message if isinstance(callback.message, Message) else None


# --- consent ---
async def consent_answer(
    callback: CallbackQuery,
    callback_data: ConsentCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
) -> None:
    consent = current_consent()
    message = _message_of(callback)
    if callback_data.version != consent.version:
        # The text changed since this button was sent: show the current one.
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        if message is not None:
            await ask_consent(message)
        return
    await callback.answer()
    if message is None:
        return
    if callback_data.answer is ConsentAnswer.NO:
        await message.edit_reply_markup(reply_markup=None)
        if user.consent_version is None:
            await message.answer(texts.CONSENT_DECLINED, reply_markup=keyboards.main_menu())
        return
    if user.consent_version != consent.version:
        await give_consent(session, user, consent.version)
    await message.edit_reply_markup(reply_markup=None)
    await message.answer(texts.CONSENT_GIVEN.format(version=consent.version))
    await continue_profile(message, state, user, session)


# --- name ---
async def name_given(
    message: Message, state: FSMContext, user: User, session: AsyncSession
) -> None:
    assert message.text is not None
    try:
        await set_name(session, user, message.text)
    except InvalidInput as exc:
        if exc.code == "no_consent":
            await state.clear()
            await message.answer(texts.CONSENT_NEEDED)
            return
        await message.answer(texts.name_error(exc.code, **exc.params))
        return
    await continue_profile(message, state, user, session)


async def name_not_text(message: Message) -> None:
    await message.answer(texts.NAME_NOT_TEXT)


# --- occupation ---
async def occupation_chosen(
    callback: CallbackQuery,
    callback_data: OccupationCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
) -> None:
    message = _message_of(callback)
    if not user.has_consent or message is None:
        await callback.answer(texts.CONSENT_NEEDED, show_alert=True)
        return
    await set_occupation(session, user, callback_data.value)
    await callback.answer()
    await message.edit_text(
        f"{texts.ASK_OCCUPATION}\n<b>{texts.OCCUPATION_LABELS[callback_data.value]}</b>",
        reply_markup=None,
    )
    await continue_profile(message, state, user, session)


async def occupation_typed(message: Message) -> None:
    await message.answer(texts.CHOOSE_WITH_BUTTONS, reply_markup=keyboards.occupations())


# --- municipality ---
async def municipality_page(
    callback: CallbackQuery, callback_data: MunicipalityPageCb, session: AsyncSession
) -> None:
    await callback.answer()
    message = _message_of(callback)
    if message is None:
        return
    items, pages = await municipalities.page_active(
        session, callback_data.page, keyboards.MUNICIPALITIES_PER_PAGE
    )
    page = min(max(callback_data.page, 0), pages - 1)
    await message.edit_text(
        texts.ASK_MUNICIPALITY.format(page=page + 1, pages=pages),
        reply_markup=keyboards.municipalities(items, page, pages),
    )


async def municipality_chosen(
    callback: CallbackQuery,
    callback_data: MunicipalityCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
) -> None:
    message = _message_of(callback)
    if not user.has_consent or message is None:
        await callback.answer(texts.CONSENT_NEEDED, show_alert=True)
        return
    try:
        chosen = await set_municipality(session, user, callback_data.id)
    except InvalidInput:
        await callback.answer(texts.UNKNOWN_MUNICIPALITY, show_alert=True)
        return
    await callback.answer()
    await message.edit_text(f"Муниципалитет: <b>{html.quote(chosen.name)}</b>")
    await continue_profile(message, state, user, session)


async def municipality_typed(message: Message, session: AsyncSession) -> None:
    assert message.text is not None
    query = message.text[:100]
    found = await municipalities.search_active(session, query)
    if not found:
        await message.answer(texts.MUNICIPALITY_NOT_FOUND.format(query=html.quote(query[:50])))
        return
    await message.answer(texts.MUNICIPALITY_SEVERAL, reply_markup=keyboards.municipalities(found))


async def municipality_not_text(message: Message) -> None:
    await message.answer(texts.CHOOSE_WITH_BUTTONS)


# --- /profile ---
async def show_profile(
    message: Message, state: FSMContext, user: User, session: AsyncSession
) -> None:
    if not user.has_consent:
        await message.answer(texts.CONSENT_NEEDED)
        return
    if user.missing_step is not None:
        await message.answer(texts.PROFILE_RESUME)
        await continue_profile(message, state, user, session)
        return
    await message.answer(texts.profile_card(user), reply_markup=keyboards.profile_edit())


_FIELD_STEP = {
    ProfileField.NAME: ProfileStep.NAME,
    ProfileField.OCCUPATION: ProfileStep.OCCUPATION,
    ProfileField.MUNICIPALITY: ProfileStep.MUNICIPALITY,
}


async def edit_field(
    callback: CallbackQuery,
    callback_data: ProfileEditCb,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    message = _message_of(callback)
    if not user.has_consent or message is None:
        await callback.answer(texts.CONSENT_NEEDED, show_alert=True)
        return
    await callback.answer()
    await state.set_data({EDIT_FLAG: True})
    await ask_step(bot, message.chat.id, state, _FIELD_STEP[callback_data.field], session)


def create_router() -> Router:
    """The registration router with its handlers, in matching order."""
    router = Router(name="registration")
    router.callback_query.register(consent_answer, ConsentCb.filter())
    router.message.register(name_given, Profile.name, F.text, ~F.text.startswith("/"))
    router.message.register(name_not_text, Profile.name, ~F.text)
    router.callback_query.register(occupation_chosen, OccupationCb.filter())
    router.message.register(occupation_typed, Profile.occupation, ~F.text.startswith("/"))
    router.callback_query.register(municipality_page, MunicipalityPageCb.filter())
    router.callback_query.register(municipality_chosen, MunicipalityCb.filter())
    router.message.register(
        municipality_typed, Profile.municipality, F.text, ~F.text.startswith("/")
    )
    router.message.register(municipality_not_text, Profile.municipality, ~F.text)
    router.message.register(show_profile, Command("profile"))
    router.message.register(show_profile, F.text == texts.MENU_PROFILE)
    router.callback_query.register(edit_field, ProfileEditCb.filter())
    return router
