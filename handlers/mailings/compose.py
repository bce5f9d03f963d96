"""Step 1 of /mailing: the message every recipient gets a copy of, and its URL buttons."""

from __future__ import annotations

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.mailings import keyboards as kb
from handlers.mailings.states import MailingStates
from handlers.mailings.view import show_audience
from models import mailings
from models.audiences import Audience
from models.errors import DomainError
from texts import t

TITLE_LEN = 60


def title_of(message: Message) -> str:
    """What staff see in lists of mailings: the start of the text, or the attachment."""
    text = message.text or message.caption or ""
    if text:
        return " ".join(text.split())[:TITLE_LEN]
    if message.photo:
        return t.plain("mailing-title-photo")
    if message.document:
        return message.document.file_name or t.plain("mailing-title-document")
    return t.plain("mailing-title-message")


def _sendable(message: Message) -> bool:
    return bool(
        message.text
        or message.photo
        or message.document
        or message.video
        or message.animation
        or message.audio
        or message.voice
    )


async def mailing_cmd(message: Message, state: FSMContext) -> None:
    await state.clear()
    await state.set_state(MailingStates.content)
    await message.answer(t("mailing-ask-content"))


async def content_given(message: Message, state: FSMContext) -> None:
    if message.text is not None and message.text.startswith("/"):
        await message.answer(t("mailing-content-command"))
        return
    if not _sendable(message):
        await message.answer(t("mailing-content-unsupported"))
        return
    await state.update_data(
        src_chat=message.chat.id,
        src_msg=message.message_id,
        title=title_of(message),
        buttons=None,
        audience=Audience().to_dict(),
    )
    await state.set_state(MailingStates.buttons)
    await message.answer(
        t("mailing-ask-buttons", limit=mailings.MAX_BUTTONS), reply_markup=kb.no_buttons()
    )


async def buttons_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.text is not None
    try:
        buttons = mailings.parse_buttons(message.text)
    except DomainError as exc:
        text = f"{t(exc.code, **exc.params)}\n{t('mailing-buttons-retry')}"
        await message.answer(text, reply_markup=kb.no_buttons())
        return
    await state.update_data(buttons=buttons)
    await show_audience(message, state, session)


async def buttons_not_text(message: Message) -> None:
    await message.answer(t("mailing-buttons-not-text"), reply_markup=kb.no_buttons())
