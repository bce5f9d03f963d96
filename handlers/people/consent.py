"""Asking for consent to the processing of personal data (152-FZ), and the answer."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.menu import main_menu
from handlers.people import keyboards as kb
from handlers.people.callbacks import ConsentAnswer, ConsentCb
from handlers.people.registration import continue_profile
from handlers.replies import alert, message_of
from models.consent import current_consent, give_consent, withdraw_consent
from models.users import User
from texts import Safe, t


def consent_message() -> Safe:
    """The greeting, the request and the current consent text (folded)."""
    consent = current_consent()
    return Safe(
        "\n\n".join((t("common-greeting"), t("consent-ask"), t("consent-text", text=consent.text)))
    )


async def ask_consent(message: Message) -> None:
    await message.answer(consent_message(), reply_markup=kb.consent(current_consent().version))


async def consent_answer(
    callback: CallbackQuery,
    callback_data: ConsentCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    tz: ZoneInfo,
) -> None:
    consent = current_consent()
    message = message_of(callback)
    if callback_data.version != consent.version:
        # The text changed since this button was sent: show the current one.
        alert(callback_answer, t.plain("stale-button"))
        if message is not None:
            await ask_consent(message)
        return
    if message is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    if callback_data.answer is ConsentAnswer.NO:
        if user.consent_version is None:
            await message.answer(t("consent-declined"), reply_markup=main_menu())
            return
        # «I do not agree» to a new version withdraws the consent given to the old one.
        await withdraw_consent(session, user)
        await state.clear()
        await message.answer(t("consent-withdrawn"), reply_markup=main_menu())
        return
    if user.consent_version != consent.version:
        await give_consent(session, user, consent.version)
    await message.answer(t("consent-given", version=consent.version))
    await continue_profile(message, state, user, session, tz)
