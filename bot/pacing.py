"""One pace for the whole token: every request the bot makes passes this session middleware.

- A message the bot sends in reply (``send*``, ``copyMessage``, ``forwardMessage``…) takes a
  slot of the process's one ``RateLimiter`` *before* the sender does: while a reply waits,
  the sender holds back, so replies keep their latency during a big mailing.
- A 429 on any request pauses the whole token for ``retry_after`` (the sender too), waits
  it out and sends the request again: a reply is never dropped for pace.
- Whether Telegram is reachable is learnt from every answer: a connection error or a 5xx
  starts an outage (the sender pauses and probes), any answer ends it.
- The outbox sender's own requests are marked (``SENDER_PACED``): it paced them and handles
  their errors itself, so they pass through untouched.

Several instances: the limiter is per process. Only the leader runs the sender, so the
outbox has one pace; replies on the other instances are not counted in it. Telegram's 429
is then the arbiter (honoured on both sides, nothing lost). Leave room with SEND_RATE if
many people talk to the followers during big mailings.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError, TelegramRetryAfter, TelegramServerError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

from scheduler.limits import SENDER_PACED, RateLimiter, weight_of

log = logging.getLogger(__name__)

# Requests that put a message into a chat: they count against Telegram's message limits.
MESSAGE_METHODS = frozenset(
    name.lower()
    for name in (
        "sendMessage",
        "sendPhoto",
        "sendDocument",
        "sendAudio",
        "sendVideo",
        "sendVoice",
        "sendAnimation",
        "sendVideoNote",
        "sendSticker",
        "sendLocation",
        "sendVenue",
        "sendContact",
        "sendPoll",
        "sendDice",
        "sendMediaGroup",
        "sendInvoice",
        "copyMessage",
        "copyMessages",
        "forwardMessage",
        "forwardMessages",
    )
)
# A request refused with 429 this many times in a row is given up (Telegram is throttling
# the token hard; the error reaches the handler).
MAX_FLOOD_RETRIES = 10


def _chat_of(method: Any) -> int | None:
    chat_id = getattr(method, "chat_id", None)
    return chat_id if isinstance(chat_id, int) else None


def _text_of(method: Any) -> str | None:
    text = getattr(method, "text", None) or getattr(method, "caption", None)
    return text if isinstance(text, str) else None


class PacingMiddleware(BaseRequestMiddleware):
    def __init__(self, limiter: RateLimiter) -> None:
        self.limiter = limiter
        self.flood_retries = 0  # replies sent again after a 429 (for tests and benchmarks)

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if SENDER_PACED.get():
            return await make_request(bot, method)
        counted = method.__api_method__.lower() in MESSAGE_METHODS
        chat_id = _chat_of(method)
        for attempt in range(MAX_FLOOD_RETRIES + 1):
            if counted:
                await self.limiter.acquire_urgent(chat_id, weight_of(_text_of(method)))
            try:
                response = await make_request(bot, method)
            except TelegramRetryAfter as exc:
                self.limiter.pause(exc.retry_after)
                if attempt == MAX_FLOOD_RETRIES:
                    raise
                self.flood_retries += 1
                log.warning(
                    "429 on %s: waiting %s s, then again", method.__api_method__, exc.retry_after
                )
                await asyncio.sleep(exc.retry_after)
                continue
            except (TelegramNetworkError, TelegramServerError) as exc:
                self.limiter.network_failed(type(exc).__name__)
                raise
            self.limiter.network_ok()
            return response
        raise AssertionError("unreachable")  # pragma: no cover


def install_pacing(bot: Bot, limiter: RateLimiter) -> PacingMiddleware:
    """Put every request of ``bot`` through ``limiter``."""
    middleware = PacingMiddleware(limiter)
    bot.session.middleware(middleware)
    return middleware
