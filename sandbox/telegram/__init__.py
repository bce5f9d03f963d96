"""A fake Telegram Bot API server for tests.

Run an unmodified aiogram bot against it over real HTTP (long polling or webhook), talk to the
bot as people, press its buttons, inject faults and check pace limits::

    async with FakeTelegram(token="42:TEST") as tg:
        bot = tg.make_bot()
        u = tg.user(42, first_name="Ирина", username="irina")
        await u.send("/start")          # returns once the bot handled it
        assert "Добро пожаловать" in tg.chat(42).last_text()
"""

from .errors import ApiError, FakeTelegramError, FakeTelegramTimeoutError
from .faults import SEND_LIKE_METHODS, EarlyRetry, FaultRule, RateLimitEvent
from .formatting import EntityParseError, parse_text, utf16_len
from .params import Params, UploadedFile
from .person import Group, Person, detect_entities, tiny_png
from .records import (
    CallbackAnswer,
    CallbackQueryRecord,
    ChatAction,
    ChatMessage,
    ChatTranscript,
    Delivery,
    EditRecord,
    RecordedRequest,
    StoredFile,
    WebhookFailure,
)
from .server import FakeTelegram
from .state import PendingUpdate, WebhookConfig

__all__ = [
    "SEND_LIKE_METHODS",
    "ApiError",
    "CallbackAnswer",
    "CallbackQueryRecord",
    "ChatAction",
    "ChatMessage",
    "ChatTranscript",
    "Delivery",
    "EarlyRetry",
    "EditRecord",
    "EntityParseError",
    "FakeTelegram",
    "FakeTelegramError",
    "FakeTelegramTimeoutError",
    "FaultRule",
    "Group",
    "Params",
    "PendingUpdate",
    "Person",
    "RateLimitEvent",
    "RecordedRequest",
    "StoredFile",
    "UploadedFile",
    "WebhookConfig",
    "WebhookFailure",
    "detect_entities",
    "parse_text",
    "tiny_png",
    "utf16_len",
]
