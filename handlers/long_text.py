"""The one way to send a text that may be longer than a Telegram message (4096 characters).

``pack`` joins paragraphs into as few messages as fit, cutting an over-long paragraph at a
safe place (never inside an HTML entity or tag, a blockquote closed and reopened);
``send_chunks`` sends them with the buttons under the last one. Sizes are measured on the
HTML source, which is never shorter than what Telegram counts.
"""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot
from aiogram.types import InlineKeyboardMarkup

MESSAGE_LIMIT = 4096


def fits(text: str, limit: int = MESSAGE_LIMIT) -> bool:
    return len(text) <= limit


def pack(paragraphs: Sequence[str], limit: int = MESSAGE_LIMIT) -> list[str]:
    messages: list[str] = []
    current = ""
    for paragraph in paragraphs:
        chunks = [paragraph] if len(paragraph) <= limit else _cut(paragraph, limit)
        for chunk in chunks:
            candidate = f"{current}\n\n{chunk}" if current else chunk
            if len(candidate) <= limit:
                current = candidate
            else:
                messages.append(current)
                current = chunk
    if current:
        messages.append(current)
    return messages


def _cut(paragraph: str, limit: int) -> list[str]:
    opener = "<blockquote expandable>"
    closer = "</blockquote>"
    inside = opener in paragraph
    body = paragraph
    pieces: list[str] = []
    room = limit - len(opener) - len(closer)
    while len(body) > room:
        newline = body.rfind("\n", room // 2, room)  # a line boundary when there is one
        cut = newline if newline > 0 else room
        amp = body.rfind("&", 0, cut)
        if amp != -1 and body.find(";", amp) >= cut:
            cut = amp
        lt = body.rfind("<", 0, cut)
        if lt != -1 and body.find(">", lt) >= cut:
            cut = lt
        piece, body = body[:cut], body[cut + 1 if cut == newline else cut :]
        if inside and opener in piece and closer not in piece:
            piece += closer
            body = opener + body
        pieces.append(piece)
    pieces.append(body)
    return pieces


async def send_chunks(
    bot: Bot, chat_id: int, paragraphs: Sequence[str], markup: InlineKeyboardMarkup | None
) -> None:
    """Send the paragraphs packed into messages; the buttons go with the last one."""
    messages = pack(paragraphs)
    for index, text in enumerate(messages):
        last = index == len(messages) - 1
        await bot.send_message(chat_id, text, reply_markup=markup if last else None)
