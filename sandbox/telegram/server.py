"""The HTTP side: an aiohttp app speaking the Bot API, long polling and webhook delivery."""

# The public test API takes ``timeout=`` arguments on purpose (a deadline for the test).

from __future__ import annotations

import asyncio
import contextlib
import copy
import functools
import json
import logging
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from types import TracebackType
from typing import Any, NoReturn, Self

from aiogram import Bot
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import (
    ClientError,
    ClientResponse,
    ClientSession,
    ClientTimeout,
    MultipartReader,
    web,
)

from .errors import ApiError, FakeTelegramError, FakeTelegramTimeoutError
from .faults import SEND_LIKE_METHODS, EarlyRetry, FaultError, FaultRule, RateLimitEvent
from .faults import describe_error as _describe_error
from .methods import BotApiMethods, MethodHandler
from .params import Params, UploadedFile, read_multipart, read_request
from .person import Group, Person
from .records import Delivery, JsonDict, RecordedRequest, WebhookFailure
from .state import PendingUpdate, WebhookConfig

logger = logging.getLogger(__name__)

_WEBHOOK_CONFLICT = (
    "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to "
    "delete the webhook first"
)
_POLL_CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)
_dumps = functools.partial(json.dumps, ensure_ascii=False)


@dataclass
class _Reply:
    status: int = 200
    body: JsonDict = field(default_factory=dict)
    drop: bool = False


async def _close_bot_session(bot: Bot) -> None:
    """Close a bot's HTTP session. aiogram's ``AiohttpSession.close()`` sleeps 250 ms for TLS
    shutdown; the fake speaks plain HTTP, so close the aiohttp session directly when we can."""
    inner = getattr(bot.session, "_session", None)
    if isinstance(inner, ClientSession):
        await inner.close()
    await bot.session.close()  # no-op (no sleep) once the inner session is closed


class FakeTelegram(BotApiMethods):
    """A fake Telegram Bot API server on 127.0.0.1 for tests.

    ``async with FakeTelegram() as tg:`` starts it on a free port; point a bot at
    ``tg.base_url`` (or use :meth:`make_bot`), create people with :meth:`user` and talk.
    """

    def __init__(
        self,
        token: str = "42:TEST",
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        bot_username: str = "test_bot",
        bot_first_name: str = "Test Bot",
        enforce_limits: bool = False,
        global_per_second: int = 30,
        per_chat_per_second: int = 1,
        per_chat_burst: int = 3,
        per_group_per_minute: int = 20,
        paid_per_second: int = 1000,
        seed: int | None = 0,
        auto_create_chats: bool = False,
        handle_timeout: float = 10.0,
    ) -> None:
        super().__init__(
            token,
            bot_username=bot_username,
            bot_first_name=bot_first_name,
            seed=seed,
            enforce_limits=enforce_limits,
            global_per_second=global_per_second,
            per_chat_per_second=per_chat_per_second,
            per_group_per_minute=per_group_per_minute,
            auto_create_chats=auto_create_chats,
            handle_timeout=handle_timeout,
        )
        self.limits.per_chat_burst = per_chat_burst
        self.limits.paid_per_second = paid_per_second
        self.host = host
        self.port = port
        self.people: dict[int, Person] = {}
        self.groups: dict[int, Group] = {}
        self._methods = self._build_method_table()
        self._runner: web.AppRunner | None = None
        self._client: ClientSession | None = None
        self._webhook_task: asyncio.Task[None] | None = None
        self._bots: list[Bot] = []
        self._poll_generation = 0
        # Simulated network round trip of every API call (seconds): half before the call
        # reaches the fake (its arrival time), half on the way back.
        self.latency = 0.0

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self) -> Self:
        """Start serving on ``host:port`` (a free port when 0)."""
        if self._runner is not None:
            raise RuntimeError("FakeTelegram is already started")
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/bot{token}/{method}", self._handle_api)
        app.router.add_get("/file/bot{token}/{path:.+}", self._handle_file)
        runner = web.AppRunner(
            app, handler_cancellation=True, access_log=None, shutdown_timeout=1.0
        )
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        self.port = int(runner.addresses[0][1])
        self._stopping = False
        self._client = ClientSession()
        self._webhook_task = asyncio.create_task(self._webhook_worker(), name="fake-tg-webhook")
        return self

    async def stop(self) -> None:
        """Release long polls and waiters, close bots made by :meth:`make_bot`, stop serving."""
        if self._runner is None:
            return
        self._stopping = True
        self._bump()  # long polls answer [] at once, wait_for() callers fail fast
        if self._webhook_task is not None:
            self._webhook_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._webhook_task
            self._webhook_task = None
        for pending in list(self.pending_updates):
            self._finish_update(pending, "stopped")
        await self._runner.cleanup()  # waits for in-flight handlers, then closes connections
        self._runner = None
        if self._client is not None:
            await self._client.close()
            self._client = None
        await asyncio.gather(*(_close_bot_session(bot) for bot in self._bots))

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.stop()

    @property
    def base_url(self) -> str:
        """``http://host:port`` of the running server."""
        if self._runner is None:
            raise RuntimeError("FakeTelegram is not started")
        return f"http://{self.host}:{self.port}"

    @property
    def api_server(self) -> TelegramAPIServer:
        """aiogram API server config pointing at the fake."""
        return TelegramAPIServer.from_base(self.base_url)

    def make_bot(self, token: str | None = None, **kwargs: Any) -> Bot:
        """An aiogram Bot wired to the fake (HTML parse mode by default); closed on stop."""
        kwargs.setdefault("default", DefaultBotProperties(parse_mode="HTML"))
        bot = Bot(token or self.token, session=AiohttpSession(api=self.api_server), **kwargs)
        self._bots.append(bot)
        return bot

    # -- people and chats ------------------------------------------------------------------

    def user(
        self,
        user_id: int,
        first_name: str = "Test",
        *,
        last_name: str | None = None,
        username: str | None = None,
        language_code: str | None = "ru",
    ) -> Person:
        """A person with a private chat with the bot (the same object for the same id)."""
        person = self.people.get(user_id)
        if person is None:
            person = Person(self, user_id, first_name, last_name, username, language_code)
            self.people[user_id] = person
            self._ensure_chat(person.private_chat_info)
        return person

    def group(
        self,
        chat_id: int,
        title: str = "Test group",
        *,
        chat_type: str | None = None,
        username: str | None = None,
    ) -> Group:
        """A group chat (``supergroup`` for ``-100...`` ids unless ``chat_type`` says)."""
        if chat_id >= 0:
            raise ValueError("group chat ids are negative")
        group = self.groups.get(chat_id)
        if group is None:
            kind = chat_type or ("supergroup" if str(chat_id).startswith("-100") else "group")
            info: JsonDict = {"id": chat_id, "type": kind, "title": title}
            if username:
                info["username"] = username
            group = Group(self, self._ensure_chat(info).info)
            self.groups[chat_id] = group
        return group

    # -- updates ---------------------------------------------------------------------------

    async def deliver_update(
        self, kind: str, obj: JsonDict, *, wait: bool = True, timeout: float | None = None
    ) -> PendingUpdate:
        """Queue ``{kind: obj}`` for the bot; with ``wait`` return once it was handled.

        Polling: handled when the bot asks getUpdates with an offset past it (aiogram's
        ``start_polling(handle_as_tasks=False)`` does so after handling). Webhook: when the
        POST returned and its reply method ran.
        """
        pending = self._queue_update(kind, obj)
        if wait:
            await self.wait_handled(pending, timeout)
        return pending

    async def send_update(
        self, update: JsonDict, *, wait: bool = True, timeout: float | None = None
    ) -> JsonDict:
        """Deliver a raw update (``update_id`` is assigned); return it."""
        kinds = [key for key in update if key != "update_id"]
        if len(kinds) != 1:
            raise ValueError("an update has exactly one field besides update_id")
        pending = await self.deliver_update(kinds[0], update[kinds[0]], wait=wait, timeout=timeout)
        return pending.payload

    async def wait_handled(self, pending: PendingUpdate, timeout: float | None = None) -> str:
        """Wait until the bot handled ``pending``; return the outcome (``handled``,
        ``dropped``, ``not allowed``, ``webhook failed``)."""
        limit = self.handle_timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(limit):
                outcome = await asyncio.shield(pending.future)
        except TimeoutError:
            raise FakeTelegramTimeoutError(self._explain_unhandled(pending, limit)) from None
        if outcome == "stopped":
            raise FakeTelegramError(
                f"the fake stopped before update {pending.update_id} was handled"
            )
        return outcome

    def _explain_unhandled(self, pending: PendingUpdate, limit: float) -> str:
        what = f"update {pending.update_id} ({pending.kind}) was not handled within {limit:g} s"
        if self.webhook is not None:
            return (
                f"{what}: the POST to the webhook {self.webhook.url} has not finished (is the "
                "handler stuck?)"
            )
        polls = [
            r
            for r in self.requests
            if r.method.lower() == "getupdates" and r.time >= pending.created
        ]
        if not polls:
            return (
                f"{what}: the bot made no getUpdates request since it was queued; is it "
                "polling? (dp.start_polling(bot, handle_as_tasks=False))"
            )
        return (
            f"{what}: the last getUpdates had offset={polls[-1].params.get('offset')}, the bot "
            f"has not asked for an offset above {pending.update_id} yet (still handling it?)"
        )

    # -- faults and limits -----------------------------------------------------------------

    def fail(
        self,
        method: str | Iterable[str] | None = "sendMessage",
        *,
        chat_id: int | str | None = None,
        error: FaultError = 429,
        retry_after: int = 3,
        description: str | None = None,
        times: int | None = 1,
        probability: float | None = None,
    ) -> FaultRule:
        """Make calls of ``method`` (None: any but getUpdates), optionally only to
        ``chat_id``, fail with ``error``: an HTTP code (429 adds retry_after) or ``"drop"``
        (connection closed without answer). ``times=None``: always; ``probability``: random
        (seeded). Returns the rule (``rule.cancel()``, ``rule.hits``)."""
        return self.faults.add(
            method,
            chat_id=chat_id,
            error=error,
            retry_after=retry_after,
            description=description,
            times=times,
            probability=probability,
        )

    def clear_faults(self) -> None:
        """Remove all fault rules and blocks."""
        self.faults.clear()

    def block(self, chat_id: int | str) -> None:
        """The person blocked the bot: every send to the chat answers 403."""
        self.faults.blocked.add(str(chat_id))

    def unblock(self, chat_id: int | str) -> None:
        """Undo :meth:`block`."""
        self.faults.blocked.discard(str(chat_id))

    def register_method(self, name: str, handler: MethodHandler) -> None:
        """Serve an extra Bot API method: ``handler(params) -> result`` (raise ApiError)."""
        self._methods[name.lower()] = handler

    @property
    def rejected_429(self) -> int:
        """Sends refused by pace enforcement."""
        return self.limits.rejected_429

    @property
    def paid_charged(self) -> int:
        """Paid-broadcast sends beyond the free per-second limit (0.1 Star each)."""
        return self.limits.paid_charged

    @property
    def rate_limit_events(self) -> list[RateLimitEvent]:
        """Every 429 answered to a send (pace enforcement and injected)."""
        return self.limits.events

    @property
    def early_retries(self) -> int:
        """Sends to a chat made before the retry_after of its last 429 elapsed."""
        return len(self.limits.early)

    @property
    def early_retry_events(self) -> list[EarlyRetry]:
        """Details of :attr:`early_retries`."""
        return self.limits.early

    # -- inspection ------------------------------------------------------------------------

    def calls(self, method: str | None = None, *, ok: bool | None = None) -> list[RecordedRequest]:
        """Recorded requests of ``method`` (case-insensitive; all when None)."""
        return [
            r
            for r in self.requests
            if (method is None or r.method.lower() == method.lower())
            and (ok is None or r.ok == ok)
        ]

    def max_rate(self, window: float = 1.0, chat_id: int | str | None = None) -> int:
        """The most successful sends within any ``window`` seconds (to ``chat_id``)."""
        times = sorted(
            d.time for d in self.deliveries if chat_id is None or str(d.chat_id) == str(chat_id)
        )
        best, start = 0, 0
        for end, moment in enumerate(times):
            while times[start] <= moment - window:
                start += 1
            best = max(best, end - start + 1)
        return best

    # -- HTTP handlers ---------------------------------------------------------------------

    async def _handle_api(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        method = request.match_info["method"]
        if self.latency > 0 and method.lower() != "getupdates":
            await asyncio.sleep(self.latency / 2)
        try:
            params = await read_request(request)
        except ApiError as exc:
            record = RecordedRequest(method=method, params={}, time=time.monotonic())
            self.requests.append(record)
            reply = self._error_reply(record, exc.code, exc.description, None)
        else:
            reply = await self._process(method, params, token=token, via="http")
        if reply.drop:
            await self._drop_connection(request)
        if self.latency > 0 and method.lower() != "getupdates":
            await asyncio.sleep(self.latency / 2)
        return web.json_response(reply.body, status=reply.status, dumps=_dumps)

    @staticmethod
    async def _drop_connection(request: web.Request) -> NoReturn:
        """Close the connection without an answer; the handler is then cancelled."""
        if request.transport is not None:
            request.transport.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(5):
                await asyncio.Event().wait()
        raise ConnectionResetError("connection dropped by the fake")

    async def _handle_file(self, request: web.Request) -> web.StreamResponse:
        token = request.match_info["token"]
        path = request.match_info["path"]
        record = RecordedRequest(
            method="downloadFile", params={"file_path": path}, time=time.monotonic()
        )
        self.requests.append(record)
        stored = self.files_by_path.get(path)
        if token != self.token:
            reply = self._error_reply(record, 401, "Unauthorized", None)
        elif stored is None:
            reply = self._error_reply(record, 404, "Not Found", None)
        else:
            record.status, record.outcome = 200, "ok"
            return web.Response(
                body=stored.data, content_type=stored.mime_type or "application/octet-stream"
            )
        return web.json_response(reply.body, status=reply.status, dumps=_dumps)

    # -- request pipeline ------------------------------------------------------------------

    async def _process(self, method: str, params: Params, *, token: str, via: str) -> _Reply:
        """Record, check faults/limits, execute one Bot API call; return the answer."""
        record = RecordedRequest(
            method=method, params=params.display(), time=time.monotonic(), via=via
        )
        self.requests.append(record)
        self._bump()
        try:
            return await self._dispatch(record, method.lower(), params, token)
        except ApiError as exc:
            return self._error_reply(record, exc.code, exc.description, exc.retry_after)
        finally:
            if record.outcome == "pending":
                record.outcome = "cancelled"
            record.finished = time.monotonic()
            self._bump()

    async def _dispatch(
        self, record: RecordedRequest, key: str, params: Params, token: str
    ) -> _Reply:
        if token != self.token:
            raise ApiError(401, "Unauthorized")
        handler = self._methods.get(key)
        if handler is None and key != "getupdates":
            raise ApiError(404, "Not Found")
        raw_chat = params.get("chat_id")
        chat_id = raw_chat if isinstance(raw_chat, int | str) and raw_chat != "" else None
        now = record.time
        send_like = key in SEND_LIKE_METHODS
        if send_like and chat_id is not None:
            self.limits.check_early(record.method, chat_id, now)
        rule = self.faults.check(key, chat_id)
        if rule is not None:
            status = rule.status
            if status is None:
                record.outcome = "dropped"
                return _Reply(drop=True)
            retry_after = rule.retry_after if status == 429 else None
            if retry_after is not None:
                self.limits.note_429(record.method, chat_id, now, retry_after, "injected")
            raise ApiError(status, rule.error_description(), retry_after=retry_after)
        if (send_like or key == "sendchataction") and self.faults.is_blocked(chat_id):
            raise ApiError(403, self._blocked_description(chat_id))
        paid = send_like and params.get_bool("allow_paid_broadcast")
        if send_like:
            over = self.limits.check(chat_id, now, paid=paid)
            if over is not None:
                retry_after, reason = over
                self.limits.note_429(record.method, chat_id, now, retry_after, reason)
                raise ApiError(429, _describe_error(429, retry_after), retry_after=retry_after)
        if handler is None:
            result: Any = await self._get_updates(params)
        else:
            result = handler(params)
        if send_like and chat_id is not None:
            self.limits.record_delivery(chat_id, now, paid=paid)
            message_id = result.get("message_id") if isinstance(result, dict) else None
            self.deliveries.append(Delivery(now, record.method, chat_id, message_id))
        record.status, record.outcome, record.result = 200, "ok", result
        return _Reply(200, {"ok": True, "result": result})

    def _blocked_description(self, chat_id: int | str | None) -> str:
        chat = self.chats.get(chat_id) if isinstance(chat_id, int) else None
        if chat is None or chat.is_private:
            return "Forbidden: bot was blocked by the user"
        return f"Forbidden: bot was kicked from the {chat.type} chat"

    @staticmethod
    def _error_reply(
        record: RecordedRequest, code: int, description: str, retry_after: int | None
    ) -> _Reply:
        body: JsonDict = {"ok": False, "error_code": code, "description": description}
        if retry_after is not None:
            body["parameters"] = {"retry_after": retry_after}
        record.status, record.outcome = code, "error"
        record.error_code, record.description, record.retry_after = code, description, retry_after
        return _Reply(code, body)

    # -- long polling ----------------------------------------------------------------------

    async def _get_updates(self, p: Params) -> list[JsonDict]:
        if self.webhook is not None:
            raise ApiError(409, _WEBHOOK_CONFLICT)
        offset = p.get_int("offset")
        limit = min(max(p.get_int("limit") or 100, 1), 100)
        timeout = max(p.get_int("timeout") or 0, 0)
        allowed = p.get_list("allowed_updates")
        if allowed is not None:
            self.allowed_updates = [str(kind) for kind in allowed]
        self._confirm_updates(offset)
        self._poll_generation += 1
        generation = self._poll_generation
        deadline = time.monotonic() + timeout
        while True:
            if self._stopping:
                return []
            if self.webhook is not None:
                raise ApiError(409, _WEBHOOK_CONFLICT)
            if generation != self._poll_generation:
                raise ApiError(409, _POLL_CONFLICT)
            batch = self._deliverable(limit)
            remaining = deadline - time.monotonic()
            if batch or remaining <= 0:
                for pending in batch:
                    pending.delivered = True
                return [copy.deepcopy(pending.payload) for pending in batch]
            await self._wait_change(remaining)

    # -- webhook ---------------------------------------------------------------------------

    async def _webhook_worker(self) -> None:
        """Push pending updates to the webhook one at a time, in order."""
        while not self._stopping:
            config = self.webhook
            batch = self._deliverable(1) if config is not None else []
            if config is None or not batch:
                await self._wait_change(None)
                continue
            await self._post_update(config, batch[0])

    async def _post_update(self, config: WebhookConfig, pending: PendingUpdate) -> None:
        assert self._client is not None
        headers = {}
        if config.secret_token:
            headers["X-Telegram-Bot-Api-Secret-Token"] = config.secret_token
        pending.delivered = True
        outcome = "handled"
        reply: tuple[str, Params] | None = None
        try:
            async with self._client.post(
                config.url,
                data=_dumps(pending.payload),
                headers={**headers, "Content-Type": "application/json"},
                timeout=ClientTimeout(total=60),
            ) as resp:
                if resp.status >= 300:
                    text = await resp.text()
                    self._webhook_failed(
                        pending, config, resp.status, f"HTTP {resp.status}: {text}"
                    )
                    outcome = "webhook failed"
                else:
                    reply = await self._read_webhook_reply(resp)
        except (ClientError, TimeoutError, ValueError) as exc:
            self._webhook_failed(pending, config, None, f"{type(exc).__name__}: {exc}")
            outcome = "webhook failed"
        if reply is not None:
            method, params = reply
            await self._process(method, params, token=self.token, via="webhook_reply")
        self._finish_update(pending, outcome)

    def _webhook_failed(
        self, pending: PendingUpdate, config: WebhookConfig, status: int | None, error: str
    ) -> None:
        logger.warning(
            "fake Telegram: webhook delivery of update %s failed: %s", pending.update_id, error
        )
        self.webhook_failures.append(
            WebhookFailure(time.monotonic(), pending.update_id, config.url, status, error)
        )

    @staticmethod
    async def _read_webhook_reply(resp: ClientResponse) -> tuple[str, Params] | None:
        """A method call carried by a webhook answer (multipart or JSON), if any."""
        values: dict[str, Any] = {}
        files: dict[str, UploadedFile] = {}
        content_type = resp.content_type
        if content_type.startswith("multipart/"):
            await read_multipart(MultipartReader(resp.headers, resp.content), values, files)
        elif content_type == "application/json":
            data = await resp.json()
            if not isinstance(data, dict):
                return None
            values.update(data)
        else:
            return None
        method = values.pop("method", None)
        if not method:
            return None
        return str(method), Params(values, files)
