"""The fake's memory: chats, files, updates queue, request log, and change notification."""

# The public test API takes ``timeout=`` arguments on purpose (a deadline for the test).

from __future__ import annotations

import asyncio
import mimetypes
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from .errors import ApiError, FakeTelegramTimeoutError
from .faults import FaultInjector, PaceLimiter
from .records import (
    CallbackAnswer,
    CallbackQueryRecord,
    ChatMessage,
    ChatTranscript,
    Delivery,
    JsonDict,
    RecordedRequest,
    StoredFile,
    WebhookFailure,
)

_T = TypeVar("_T")

# Update types Telegram leaves out unless asked for explicitly.
_NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})
_FILE_ID_PREFIX = {"document": "BQACAgIAAxkBAAI", "photo": "AgACAgIAAxkBAAI", "sticker": "CAACAgI"}
_DEFAULT_EXT = {"photo": ".jpg", "sticker": ".webp", "document": ""}


@dataclass
class PendingUpdate:
    """An update waiting to be delivered/confirmed; ``future`` tells how it ended."""

    update_id: int
    kind: str
    payload: JsonDict
    created: float
    future: asyncio.Future[str] = field(repr=False)
    delivered: bool = False


@dataclass
class WebhookConfig:
    """The webhook set with ``setWebhook``."""

    url: str
    secret_token: str | None
    max_connections: int = 40
    ip_address: str | None = None


class FakeState:
    """State shared by the HTTP server, the Bot API methods and the person API."""

    def __init__(
        self,
        token: str,
        *,
        bot_username: str,
        bot_first_name: str,
        seed: int | None,
        enforce_limits: bool,
        global_per_second: int,
        per_chat_per_second: int,
        per_group_per_minute: int,
        auto_create_chats: bool,
        handle_timeout: float,
    ) -> None:
        left, sep, right = token.partition(":")
        if not sep or not left.isdigit() or not right:
            raise ValueError(f"token must look like '<bot id>:<secret>', got {token!r}")
        self.token = token
        self.bot_id = int(left)
        self.bot_user: JsonDict = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": bot_first_name,
            "username": bot_username,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }
        self.handle_timeout = handle_timeout
        self.auto_create_chats = auto_create_chats

        self.chats: dict[int, ChatTranscript] = {}
        self.files: dict[str, StoredFile] = {}
        self.files_by_path: dict[str, StoredFile] = {}
        self.requests: list[RecordedRequest] = []
        self.updates: list[JsonDict] = []
        self.pending_updates: list[PendingUpdate] = []
        self.callback_queries: list[CallbackQueryRecord] = []
        self.callback_answers: list[CallbackAnswer] = []
        self.commands: dict[tuple[str, str], list[JsonDict]] = {}
        self.webhook: WebhookConfig | None = None
        self.webhook_failures: list[WebhookFailure] = []
        self.deliveries: list[Delivery] = []
        self.allowed_updates: list[str] | None = None
        self.faults = FaultInjector(seed)
        self.limits = PaceLimiter(
            enabled=enforce_limits,
            global_per_second=global_per_second,
            per_chat_per_second=per_chat_per_second,
            per_group_per_minute=per_group_per_minute,
        )

        self._queries: dict[str, CallbackQueryRecord] = {}
        self._next_update_id = 1
        self._file_counter = 0
        self._query_counter = 0
        self._changed = asyncio.Event()
        self._stopping = False
        # Grows on every change: a watcher (the demo's web page) asks "anything since N?".
        self.version = 0

    # -- change notification -------------------------------------------------------------

    def _bump(self) -> None:
        """Wake everyone waiting for a change (pollers, ``wait_for`` callers)."""
        self.version += 1
        self._changed.set()
        self._changed = asyncio.Event()

    async def _wait_change(self, seconds: float | None) -> None:
        event = self._changed
        if seconds is not None and seconds <= 0:
            return
        try:
            async with asyncio.timeout(seconds):
                await event.wait()
        except TimeoutError:
            pass

    async def wait_changed(self, since: int, timeout: float) -> int:
        """Wait until :attr:`version` is past ``since`` (at most ``timeout`` s); return it."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while self.version <= since and not self._stopping:
            remaining = deadline - loop.time()
            if remaining <= 0:
                break
            await self._wait_change(remaining)
        return self.version

    async def wait_for(
        self, predicate: Callable[[], _T | None], timeout: float = 10.0, *, what: str = ""
    ) -> _T:
        """Wait until ``predicate()`` is truthy (re-checked on every request and state change)
        and return its value; raise :class:`FakeTelegramTimeoutError` after ``timeout`` s."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - loop.time()
            if remaining <= 0 or self._stopping:
                reason = "the fake stopped" if self._stopping else f"{timeout:g} s passed"
                raise FakeTelegramTimeoutError(
                    f"waited for {what or getattr(predicate, '__name__', 'a condition')}, "
                    f"but {reason}; last bot requests: {self._recent_requests()}"
                )
            await self._wait_change(remaining)

    def _recent_requests(self, count: int = 5) -> str:
        recent = [
            f"{r.method}({r.outcome})" for r in self.requests if r.method.lower() != "getupdates"
        ][-count:]
        return ", ".join(recent) or "none"

    # -- chats ---------------------------------------------------------------------------

    def chat(self, chat_id: int) -> ChatTranscript:
        """Transcript of a chat created with ``user()`` / ``group()``."""
        try:
            return self.chats[chat_id]
        except KeyError:
            raise KeyError(f"no chat {chat_id}; known chats: {sorted(self.chats)}") from None

    def _ensure_chat(self, info: JsonDict) -> ChatTranscript:
        chat = self.chats.get(int(info["id"]))
        if chat is None:
            chat = ChatTranscript(self, info)
            self.chats[chat.id] = chat
        else:
            chat.info.update(info)
        return chat

    def _find_chat(self, chat_id: int | str) -> ChatTranscript:
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if str(chat.info.get("username", "")).lower() == name:
                    return chat
            raise ApiError(400, "Bad Request: chat not found")
        found = self.chats.get(chat_id)
        if found is not None:
            return found
        if not self.auto_create_chats:
            raise ApiError(400, "Bad Request: chat not found")
        info: JsonDict
        if chat_id > 0:
            info = {"id": chat_id, "type": "private", "first_name": f"User {chat_id}"}
        else:
            kind = "supergroup" if str(chat_id).startswith("-100") else "group"
            info = {"id": chat_id, "type": kind, "title": f"Chat {chat_id}"}
        return self._ensure_chat(info)

    def _add_message(
        self, chat: ChatTranscript, *, from_bot: bool, sender: JsonDict, **fields: Any
    ) -> ChatMessage:
        msg = ChatMessage(
            chat=chat,
            message_id=chat.new_message_id(),
            date=int(time.time()),
            time=time.monotonic(),
            from_bot=from_bot,
            sender=dict(sender),
            **fields,
        )
        chat.history.append(msg)
        self._bump()
        return msg

    # -- files ---------------------------------------------------------------------------

    def store_file(
        self,
        kind: str,
        data: bytes,
        *,
        filename: str | None = None,
        mime_type: str | None = None,
        width: int | None = None,
        height: int | None = None,
        source_url: str | None = None,
    ) -> StoredFile:
        """Keep a file and give it a fresh file_id / file_unique_id / file_path."""
        self._file_counter += 1
        number = self._file_counter
        ext = ""
        if filename and "." in filename:
            ext = "." + filename.rsplit(".", 1)[1]
        elif mime_type:
            ext = mimetypes.guess_extension(mime_type) or ""
        ext = ext or _DEFAULT_EXT.get(kind, "")
        stored = StoredFile(
            file_id=f"{_FILE_ID_PREFIX.get(kind, 'BQACAgI')}{number:06d}FakeTg",
            file_unique_id=f"AgAD{number:06d}",
            kind=kind,
            data=data,
            file_path=f"{kind}s/file_{number}{ext}",
            filename=filename,
            mime_type=mime_type,
            width=width,
            height=height,
            source_url=source_url,
        )
        self.files[stored.file_id] = stored
        self.files_by_path[stored.file_path] = stored
        return stored

    # -- updates -------------------------------------------------------------------------

    def _queue_update(self, kind: str, obj: JsonDict) -> PendingUpdate:
        """Queue an update ``{"update_id": N, kind: obj}`` for the bot."""
        update_id = self._next_update_id
        self._next_update_id += 1
        payload = {"update_id": update_id, kind: obj}
        future: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        pending = PendingUpdate(update_id, kind, payload, time.monotonic(), future)
        self.updates.append(payload)
        self.pending_updates.append(pending)
        self._bump()
        return pending

    def _finish_update(self, pending: PendingUpdate, outcome: str) -> None:
        if pending in self.pending_updates:
            self.pending_updates.remove(pending)
        if not pending.future.done():
            pending.future.set_result(outcome)
        self._bump()

    def _confirm_updates(self, offset: int | None) -> None:
        """Apply getUpdates ``offset``: updates below it are confirmed and forgotten."""
        if offset is None:
            return
        if offset < 0:
            keep = self.pending_updates[offset:]
            for pending in list(self.pending_updates):
                if pending not in keep:
                    self._finish_update(pending, "dropped")
            return
        for pending in list(self.pending_updates):
            if pending.update_id < offset:
                self._finish_update(pending, "handled")

    def _drop_pending(self) -> None:
        for pending in list(self.pending_updates):
            self._finish_update(pending, "dropped")

    def _is_allowed(self, kind: str) -> bool:
        if self.allowed_updates:
            return kind in self.allowed_updates
        return kind not in _NOT_BY_DEFAULT

    def _deliverable(self, limit: int) -> list[PendingUpdate]:
        """Pending updates the bot may receive now (others are skipped like Telegram does)."""
        batch: list[PendingUpdate] = []
        for pending in list(self.pending_updates):
            if not self._is_allowed(pending.kind):
                self._finish_update(pending, "not allowed")
                continue
            if len(batch) < limit:
                batch.append(pending)
        return batch

    # -- callback queries ----------------------------------------------------------------

    def _new_callback_query(
        self, user_id: int, chat_id: int, message_id: int | None, data: str, label: str | None
    ) -> CallbackQueryRecord:
        self._query_counter += 1
        query = CallbackQueryRecord(
            id=str(4_190_000_000_000_000_000 + self._query_counter),
            user_id=user_id,
            chat_id=chat_id,
            message_id=message_id,
            data=data,
            time=time.monotonic(),
            label=label,
        )
        self.callback_queries.append(query)
        self._queries[query.id] = query
        return query

    @property
    def unanswered_callbacks(self) -> list[CallbackQueryRecord]:
        """Callback queries the bot has not answered."""
        return [q for q in self.callback_queries if q.answer is None]
