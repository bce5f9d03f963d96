"""How an outbox content becomes a Telegram call (aiogram ``Bot``)."""

from __future__ import annotations

from typing import Protocol

from aiogram import Bot
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup

from models.outbox import Content, ContentKind


class Transport(Protocol):
    async def send(self, chat_id: int, content: Content) -> int:
        """Send ``content``; return Telegram's message id. Raises aiogram's exceptions."""


def markup_of(content: Content) -> InlineKeyboardMarkup | None:
    if not content.buttons:
        return None
    return InlineKeyboardMarkup(
        inline_keyboard=[
            [InlineKeyboardButton.model_validate(button) for button in row]
            for row in content.buttons
        ]
    )


class BotTransport:
    def __init__(self, bot: Bot) -> None:
        self.bot = bot

    async def send(self, chat_id: int, content: Content) -> int:
        markup = markup_of(content)
        paid = True if content.paid_broadcast else None  # allow_paid_broadcast
        if content.kind is ContentKind.TEXT:
            assert content.text is not None
            message = await self.bot.send_message(
                chat_id, content.text, reply_markup=markup, allow_paid_broadcast=paid
            )
        elif content.kind is ContentKind.PHOTO:
            assert content.file_id is not None
            message = await self.bot.send_photo(
                chat_id,
                content.file_id,
                caption=content.text,
                reply_markup=markup,
                allow_paid_broadcast=paid,
            )
        elif content.kind is ContentKind.DOCUMENT:
            assert content.file_id is not None
            message = await self.bot.send_document(
                chat_id,
                content.file_id,
                caption=content.text,
                reply_markup=markup,
                allow_paid_broadcast=paid,
            )
        elif content.kind is ContentKind.EDIT:
            assert content.text is not None and content.copy_message_id is not None
            edited = await self.bot.edit_message_text(
                text=content.text,
                chat_id=chat_id,
                message_id=content.copy_message_id,
                reply_markup=markup,
            )
            return content.copy_message_id if isinstance(edited, bool) else edited.message_id
        else:
            assert content.copy_from_chat_id is not None
            assert content.copy_message_id is not None
            copied = await self.bot.copy_message(
                chat_id,
                content.copy_from_chat_id,
                content.copy_message_id,
                reply_markup=markup,
                allow_paid_broadcast=paid,
            )
            return copied.message_id
        return message.message_id
