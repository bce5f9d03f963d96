"""A Bot whose session answers locally, after aiogram's own ``tests/mocked_bot.py``.

Every request is recorded; a response can be queued per call (errors go through the real
``check_response`` so they raise real aiogram exceptions); without one, a plausible default
result is made (a ``Message`` for send methods, ``True`` otherwise).
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import AsyncGenerator
from datetime import UTC, datetime
from typing import Any

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.base import BaseSession
from aiogram.methods import TelegramMethod
from aiogram.methods.base import Response, TelegramType
from aiogram.types import Chat, File, Message, User

BOT_USER = User(id=42, is_bot=True, first_name="Совет МО Кузбасса", username="kuzbass_council_bot")


class MockedSession(BaseSession):
    def __init__(self) -> None:
        super().__init__()
        self.requests: deque[TelegramMethod[Any]] = deque()
        self.responses: deque[Response[Any]] = deque()
        self._message_ids = itertools.count(1000)

    def add_result(self, response: Response[Any]) -> None:
        self.responses.append(response)

    def _default(self, method: TelegramMethod[Any]) -> Any:
        chat_id = getattr(method, "chat_id", None)
        if method.__api_method__.startswith(("send", "copy")) and chat_id is not None:
            return Message(
                message_id=next(self._message_ids),
                date=datetime.now(UTC),
                chat=Chat(id=int(chat_id), type="private"),
                from_user=BOT_USER,
                text=getattr(method, "text", None),
            )
        if method.__api_method__ == "getMe":
            return BOT_USER
        if method.__api_method__ == "getFile":
            file_id = str(getattr(method, "file_id", "f"))
            return File(
                file_id=file_id, file_unique_id=file_id, file_size=9, file_path="documents/f"
            )
        return True

    async def make_request(
        self,
        bot: Bot,
        method: TelegramMethod[TelegramType],
        timeout: int | None = None,
    ) -> TelegramType:
        self.requests.append(method)
        if self.responses:
            response = self.responses.popleft()
        else:
            response = Response[Any](ok=True, result=self._default(method))
        checked = self.check_response(
            bot=bot,
            method=method,
            status_code=response.error_code or 200,
            content=response.model_dump_json(),
        )
        return checked.result  # type: ignore[return-value]

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield b"not a law"

    async def close(self) -> None:
        pass


class MockedBot(Bot):
    session: MockedSession

    def __init__(self) -> None:
        super().__init__(
            "42:TEST", session=MockedSession(), default=DefaultBotProperties(parse_mode="HTML")
        )
        self._me = BOT_USER

    def sent(self, api_method: str | None = None) -> list[TelegramMethod[Any]]:
        return [
            m
            for m in self.session.requests
            if api_method is None or m.__api_method__ == api_method
        ]

    def texts(self) -> list[str]:
        return [str(getattr(m, "text", "")) for m in self.sent() if getattr(m, "text", None)]
