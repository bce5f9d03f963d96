"""Build real aiogram ``Update`` objects for fast dispatcher tests."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime
from typing import Any

from aiogram.types import CallbackQuery, Chat, Message, MessageEntity, Update, User

from tests.mocked_bot import BOT_USER

_update_ids = itertools.count(1)
_message_ids = itertools.count(1)


def person(user_id: int, first_name: str = "Ирина") -> User:
    return User(id=user_id, is_bot=False, first_name=first_name, language_code="ru")


def message(user_id: int, text: str | None = None, **fields: Any) -> Update:
    entities = None
    if text and text.startswith("/"):
        entities = [MessageEntity(type="bot_command", offset=0, length=len(text.split()[0]))]
    msg = Message(
        message_id=next(_message_ids),
        date=datetime.now(UTC),
        chat=Chat(id=user_id, type="private"),
        from_user=person(user_id),
        text=text,
        entities=entities,
        **fields,
    )
    return Update(update_id=next(_update_ids), message=msg)


def callback(user_id: int, data: str, message_id: int = 1) -> Update:
    origin = Message(
        message_id=message_id,
        date=datetime.now(UTC),
        chat=Chat(id=user_id, type="private"),
        from_user=BOT_USER,
        text="…",
    )
    query = CallbackQuery(
        id=str(next(_update_ids)),
        from_user=person(user_id),
        chat_instance="ci",
        message=origin,
        data=data,
    )
    return Update(update_id=next(_update_ids), callback_query=query)
