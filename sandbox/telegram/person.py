"""The person side: users who write to the bot and press its buttons, and group chats."""

# The public test API takes ``timeout=`` arguments on purpose (a deadline for the test).

from __future__ import annotations

import mimetypes
import re
import struct
import zlib
from typing import TYPE_CHECKING, Any

from .errors import FakeTelegramError
from .formatting import utf16_len
from .methods import image_size
from .records import CallbackAnswer, ChatMessage, ChatTranscript, JsonDict

if TYPE_CHECKING:
    from .server import FakeTelegram

_ENTITY_PATTERNS = (
    ("bot_command", re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\w@/])")),
    ("mention", re.compile(r"(?<!\S)@[A-Za-z0-9_]{5,32}\b")),
    ("hashtag", re.compile(r"(?<!\S)#\w+")),
    ("url", re.compile(r"https?://[^\s]+")),
)


def detect_entities(text: str) -> list[JsonDict]:
    """Entities Telegram's apps add to a typed text: commands, mentions, hashtags, URLs."""
    found: list[JsonDict] = []
    for kind, pattern in _ENTITY_PATTERNS:
        for match in pattern.finditer(text):
            found.append(
                {
                    "type": kind,
                    "offset": utf16_len(text[: match.start()]),
                    "length": utf16_len(match.group(0)),
                }
            )
    return sorted(found, key=lambda e: e["offset"])


def tiny_png(width: int = 64, height: int = 48) -> bytes:
    """A valid RGB PNG of the given size (for photo uploads)."""

    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data)
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x30\x80\xc0" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def _chat_instance(chat_id: int) -> str:
    return str((abs(chat_id) * 2654435761 + 97) % 10**19)


class Group:
    """A group or supergroup chat; people send into it with ``person.send(..., chat=group)``."""

    def __init__(self, tg: FakeTelegram, info: JsonDict) -> None:
        self._tg = tg
        self.info = info

    def __repr__(self) -> str:
        return f"<Group {self.id} {self.title!r}>"

    @property
    def id(self) -> int:
        """Chat id (negative)."""
        return int(self.info["id"])

    @property
    def title(self) -> str:
        """Chat title."""
        return str(self.info.get("title", ""))

    @property
    def chat(self) -> ChatTranscript:
        """The transcript of this group."""
        return self._tg.chat(self.id)


class Person:
    """A Telegram user talking to the bot (in a private chat unless ``chat=`` is given).

    Every ``send*``/``press*`` returns only after the bot fully handled the update (see
    :meth:`FakeTelegram.deliver_update`); pass ``wait=False`` to return at once.
    """

    def __init__(
        self,
        tg: FakeTelegram,
        user_id: int,
        first_name: str,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> None:
        self._tg = tg
        self.id = user_id
        self.first_name = first_name
        self.last_name = last_name
        self.username = username
        self.language_code = language_code

    def __repr__(self) -> str:
        return f"<Person {self.id} {self.first_name!r}>"

    @property
    def user(self) -> JsonDict:
        """The Telegram ``User`` object."""
        data: JsonDict = {"id": self.id, "is_bot": False, "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        if self.language_code:
            data["language_code"] = self.language_code
        return data

    @property
    def private_chat_info(self) -> JsonDict:
        """The Telegram ``Chat`` object of the private chat with the bot."""
        data: JsonDict = {"id": self.id, "type": "private", "first_name": self.first_name}
        if self.last_name:
            data["last_name"] = self.last_name
        if self.username:
            data["username"] = self.username
        return data

    @property
    def chat(self) -> ChatTranscript:
        """Transcript of the private chat with the bot."""
        return self._tg.chat(self.id)

    def _target(self, chat: Group | ChatTranscript | int | None) -> ChatTranscript:
        if chat is None:
            return self.chat
        if isinstance(chat, Group):
            return chat.chat
        if isinstance(chat, ChatTranscript):
            return chat
        return self._tg.chat(chat)

    # -- messages --------------------------------------------------------------------------

    async def _post(
        self,
        chat: Group | ChatTranscript | int | None,
        content: dict[str, Any],
        *,
        reply_to: int | None,
        wait: bool,
        timeout: float | None,
    ) -> JsonDict:
        target = self._target(chat)
        reply = None
        if reply_to is not None:
            reply = target.message(reply_to)
            if reply is None:
                raise FakeTelegramError(f"no message {reply_to} in chat {target.id} to reply to")
        msg = self._tg._add_message(
            target, from_bot=False, sender=self.user, reply_to=reply, **content
        )
        payload = msg.to_dict()
        await self._tg.deliver_update("message", payload, wait=wait, timeout=timeout)
        return payload

    async def send(
        self,
        text: str,
        *,
        chat: Group | ChatTranscript | int | None = None,
        entities: list[JsonDict] | None = None,
        reply_to: int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Send a text message (commands, mentions, URLs get entities); return the Message."""
        content = {
            "text": text,
            "source_text": text,
            "entities": detect_entities(text) if entities is None else entities,
        }
        return await self._post(chat, content, reply_to=reply_to, wait=wait, timeout=timeout)

    async def send_photo(
        self,
        data: bytes | None = None,
        *,
        caption: str | None = None,
        chat: Group | ChatTranscript | int | None = None,
        reply_to: int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Send a photo (a generated PNG by default); its bytes are downloadable by the bot."""
        data = data if data is not None else tiny_png()
        width, height = image_size(data) or (640, 480)
        stored = self._tg.store_file(
            "photo", data, mime_type="image/jpeg", width=width, height=height
        )
        content = {
            "media": {"photo": stored.as_photo()},
            "file": stored,
            "caption": caption,
            "source_text": caption,
            "entities": detect_entities(caption) if caption else [],
        }
        return await self._post(chat, content, reply_to=reply_to, wait=wait, timeout=timeout)

    async def send_document(
        self,
        data: bytes = b"%PDF-1.4\n% fake document\n",
        *,
        filename: str = "document.pdf",
        mime_type: str | None = None,
        caption: str | None = None,
        chat: Group | ChatTranscript | int | None = None,
        reply_to: int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Send a document with these bytes and file name."""
        mime = mime_type or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        stored = self._tg.store_file("document", data, filename=filename, mime_type=mime)
        content = {
            "media": {"document": stored.as_document()},
            "file": stored,
            "caption": caption,
            "source_text": caption,
            "entities": detect_entities(caption) if caption else [],
        }
        return await self._post(chat, content, reply_to=reply_to, wait=wait, timeout=timeout)

    async def send_sticker(
        self,
        emoji: str = "👍",
        *,
        chat: Group | ChatTranscript | int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Send a (static) sticker."""
        stored = self._tg.store_file(
            "sticker", b"RIFF\x1a\x00\x00\x00WEBPVP8 fake", mime_type="image/webp"
        )
        sticker = {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "type": "regular",
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "emoji": emoji,
            "file_size": stored.size,
        }
        content = {"media": {"sticker": sticker}, "file": stored}
        return await self._post(chat, content, reply_to=None, wait=wait, timeout=timeout)

    async def send_contact(
        self,
        phone_number: str = "+79000000000",
        *,
        first_name: str | None = None,
        own: bool = True,
        chat: Group | ChatTranscript | int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Send a contact (the person's own by default, as the "share phone" button does)."""
        contact: JsonDict = {
            "phone_number": phone_number,
            "first_name": first_name or self.first_name,
        }
        if own:
            contact["user_id"] = self.id
        content = {"media": {"contact": contact}}
        return await self._post(chat, content, reply_to=None, wait=wait, timeout=timeout)

    async def send_location(
        self,
        latitude: float = 55.3547,
        longitude: float = 86.0873,
        *,
        chat: Group | ChatTranscript | int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Send a location."""
        content = {"media": {"location": {"latitude": latitude, "longitude": longitude}}}
        return await self._post(chat, content, reply_to=None, wait=wait, timeout=timeout)

    async def send_raw(
        self,
        fields: JsonDict,
        *,
        chat: Group | ChatTranscript | int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Send a message with arbitrary content fields (e.g. ``{"poll": {...}}``)."""
        content = {"media": dict(fields)}
        return await self._post(chat, content, reply_to=None, wait=wait, timeout=timeout)

    async def press_reply(
        self,
        label: str,
        *,
        chat: Group | ChatTranscript | int | None = None,
        wait: bool = True,
        timeout: float | None = None,
    ) -> JsonDict:
        """Tap a button of the reply keyboard currently shown (sends its text, or the contact /
        location it requests)."""
        target = self._target(chat)
        keyboard = target.current_reply_keyboard
        rows: list[Any] = []
        if keyboard is not None and keyboard.reply_markup is not None:
            rows = keyboard.reply_markup.get("keyboard", [])
        for row in rows:
            for button in row:
                text = button if isinstance(button, str) else button.get("text")
                if text != label:
                    continue
                if isinstance(button, dict) and button.get("request_contact"):
                    return await self.send_contact(chat=chat, wait=wait, timeout=timeout)
                if isinstance(button, dict) and button.get("request_location"):
                    return await self.send_location(chat=chat, wait=wait, timeout=timeout)
                return await self.send(label, chat=chat, wait=wait, timeout=timeout)
        raise FakeTelegramError(
            f"no reply keyboard button {label!r} in chat {target.id}; "
            f"keyboard shown: {target.reply_keyboard or 'none'}"
        )

    # -- inline buttons --------------------------------------------------------------------

    async def press(
        self,
        label: str,
        *,
        message_id: int | None = None,
        chat: Group | ChatTranscript | int | None = None,
        timeout: float | None = None,
    ) -> CallbackAnswer | None:
        """Press the inline button ``label`` on the newest bot message that has it (or on
        message ``message_id``); return the bot's answerCallbackQuery, if it answered."""
        target = self._target(chat)
        msg: ChatMessage | None
        if message_id is not None:
            msg = target.message(message_id)
            if msg is None or msg.deleted or not msg.from_bot:
                raise FakeTelegramError(f"no visible bot message {message_id} in chat {target.id}")
            if msg.button(label) is None:
                raise FakeTelegramError(
                    f"message {message_id} in chat {target.id} has no inline button {label!r}; "
                    f"its buttons: {msg.buttons}"
                )
        else:
            msg = next(
                (
                    m
                    for m in reversed(target.history)
                    if m.from_bot and not m.deleted and m.button(label) is not None
                ),
                None,
            )
            if msg is None:
                raise FakeTelegramError(
                    f"no inline button {label!r} in chat {target.id}; {_describe_buttons(target)}"
                )
        button = msg.button(label)
        assert button is not None
        data = button.get("callback_data")
        if not isinstance(data, str):
            raise FakeTelegramError(
                f"button {label!r} is not a callback button ({button}); it does not reach the bot"
            )
        return await self._callback(target, msg, data, label, timeout)

    async def press_raw(
        self,
        callback_data: str,
        *,
        message_id: int | None = None,
        chat: Group | ChatTranscript | int | None = None,
        timeout: float | None = None,
    ) -> CallbackAnswer | None:
        """Send a callback query with arbitrary (e.g. forged) data, attached to message
        ``message_id`` or to the newest bot message with an inline keyboard."""
        target = self._target(chat)
        msg: ChatMessage | None
        if message_id is not None:
            msg = target.message(message_id)
            if msg is None:
                raise FakeTelegramError(f"no message {message_id} in chat {target.id}")
        else:
            msg = (
                next(
                    (m for m in reversed(target.history) if m.from_bot and m.inline_keyboard),
                    None,
                )
                or target.last_message()
            )
        return await self._callback(target, msg, callback_data, None, timeout)

    async def _callback(
        self,
        target: ChatTranscript,
        msg: ChatMessage | None,
        data: str,
        label: str | None,
        timeout: float | None,
    ) -> CallbackAnswer | None:
        query = self._tg._new_callback_query(
            self.id, target.id, msg.message_id if msg else None, data, label
        )
        obj: JsonDict = {
            "id": query.id,
            "from": self.user,
            "chat_instance": _chat_instance(target.id),
            "data": data,
        }
        if msg is not None:
            obj["message"] = msg.to_dict()
        await self._tg.deliver_update("callback_query", obj, timeout=timeout)
        return query.answer


def _describe_buttons(chat: ChatTranscript) -> str:
    with_buttons = [m for m in chat.history if m.from_bot and not m.deleted and m.buttons]
    if not with_buttons:
        last = chat.last_text()
        return f"no visible bot message has inline buttons (last bot text: {last!r})"
    shown = "; ".join(f"message {m.message_id}: {m.buttons}" for m in with_buttons[-3:])
    return f"available buttons: {shown}"
