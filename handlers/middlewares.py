"""Middlewares: throttling, a log line per update, a database session per update, the
current user and their role."""

from __future__ import annotations

import contextlib
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.context import FSMContext
from aiogram.types import Message, TelegramObject, Update
from aiogram.types import User as TgUser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from handlers.dialogue import (
    BURST_KEY,
    BURST_SECONDS,
    LONG_KEY,
    LONG_TEXT_MIN,
    PAUSED_KEY,
    SPLIT_PART_MIN,
    command_of,
    is_detour,
    pause_hint,
)
from handlers.identity import Identity, StaffDirectory
from handlers.people import keyboards as people_kb
from handlers.people.callbacks import ConsentCb
from handlers.people.consent import consent_message
from models.consent import current_consent
from texts import t

update_log = logging.getLogger("bot.updates")

Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


class DbSessionMiddleware(BaseMiddleware):
    """One ``AsyncSession`` per update, opened only if something needs it (``Identity``);
    domain operations commit their own work."""

    def __init__(self, session_factory: async_sessionmaker[AsyncSession]) -> None:
        self.session_factory = session_factory
        self.staff = StaffDirectory(session_factory)

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        identity = Identity(self.session_factory, self.staff)
        data["identity"] = identity
        try:
            return await handler(event, data)
        finally:
            await identity.close()


class UserMiddleware(BaseMiddleware):
    """Says who is behind the update; the person is read (or created, with the Telegram id
    only) when a filter or handler first needs ``user`` or ``role``. The role is computed
    on every update, so a dismissed moderator or admin loses rights at once."""

    def __init__(self, admin_ids: frozenset[int]) -> None:
        self.admin_ids = admin_ids

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        identity: Identity = data["identity"]
        known = tg_user is not None and not tg_user.is_bot
        identity.bind(tg_user.id if known and tg_user else None, self.admin_ids)
        return await handler(event, data)


NEEDS_DATABASE = frozenset({"session", "user", "role"})


class ResolveMiddleware(BaseMiddleware):
    """Inner middleware: fills ``session``, ``user`` and ``role`` in for a handler that takes
    any of them (the handler is known here, after its filters passed). A handler flagged
    ``role_hint`` (it only shows staff things) gets the cached role and no session."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        target = data.get("handler")
        identity: Identity | None = data.get("identity")
        wants = target is None or target.varkw or not NEEDS_DATABASE.isdisjoint(target.params)
        if (
            identity is not None
            and target is not None
            and target.flags.get("role_hint")
            and NEEDS_DATABASE.intersection(target.params) <= {"role"}
            and not target.varkw
        ):
            data["role"] = await identity.role_hint()
            return await handler(event, data)
        if identity is not None and wants:
            data["session"] = identity.session()
            data["user"] = await identity.user()
            data["role"] = await identity.role()
        return await handler(event, data)


def install_resolver(dp: Dispatcher) -> None:
    """``ResolveMiddleware`` on every kind of update the routers may handle."""
    for name, observer in dp.observers.items():
        if name not in ("update", "error"):
            observer.middleware(ResolveMiddleware())


class ThrottlingMiddleware(BaseMiddleware):
    """A person sending more than ``rate`` updates within ``window`` seconds gets one polite
    "too often" and is ignored for ``cooldown`` seconds; everyone else is unaffected.

    Runs before the database session, so a flood costs no queries. State is per process and
    bounded: idle people are forgotten. A dropped button press is answered here: no handler
    runs, so ``CallbackAnswerMiddleware`` never sees it.
    """

    def __init__(
        self,
        rate: int = 5,
        window: float = 1.0,
        cooldown: float = 3.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate
        self.window = window
        self.cooldown = cooldown
        self.clock = clock
        self._recent: dict[int, deque[float]] = {}
        self._silenced_until: dict[int, float] = {}
        self.dropped = 0

    def _forget_idle(self, now: float) -> None:
        if len(self._recent) > 50_000:
            self._recent = {
                uid: q for uid, q in self._recent.items() if q and q[-1] > now - self.window
            }
            self._silenced_until = {
                uid: until for uid, until in self._silenced_until.items() if until > now
            }

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        tg_user: TgUser | None = data.get("event_from_user")
        if tg_user is None:
            return await handler(event, data)
        now = self.clock()
        if self._silenced_until.get(tg_user.id, 0.0) > now:
            self.dropped += 1
            await _answer_if_callback(event)
            return None
        recent = self._recent.setdefault(tg_user.id, deque())
        while recent and recent[0] <= now - self.window:
            recent.popleft()
        recent.append(now)
        if len(recent) > self.rate:
            self._silenced_until[tg_user.id] = now + self.cooldown
            recent.clear()
            self.dropped += 1
            await _tell_too_often(event, data)
            return None
        self._forget_idle(now)
        return await handler(event, data)


async def _answer_if_callback(event: TelegramObject) -> None:
    if isinstance(event, Update) and event.callback_query is not None:
        with contextlib.suppress(TelegramAPIError):
            await event.callback_query.answer(t.plain("too-often"))


async def _tell_too_often(event: TelegramObject, data: dict[str, Any]) -> None:
    if not isinstance(event, Update):
        return
    with contextlib.suppress(TelegramAPIError):
        if event.callback_query is not None:
            await event.callback_query.answer(t.plain("too-often"), show_alert=True)
        else:
            chat = data.get("event_chat")
            bot = data.get("bot")
            if chat is not None and bot is not None:
                await bot.send_message(chat.id, t("too-often"))


class UpdateLogMiddleware(BaseMiddleware):
    """One log line per update: id, user id, the handler that took it, and the duration.
    No text and no names: personal data stays out of the log."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        trace: dict[str, str] = {"handler": "-"}
        data["update_trace"] = trace
        started = time.perf_counter()
        outcome = "ok"
        try:
            return await handler(event, data)
        except Exception:
            outcome = "error"
            raise
        finally:
            tg_user: TgUser | None = data.get("event_from_user")
            update_log.info(
                "update=%s user=%s type=%s handler=%s duration_ms=%.1f outcome=%s",
                getattr(event, "update_id", "-"),
                tg_user.id if tg_user else "-",
                getattr(event, "event_type", "-"),
                trace["handler"],
                (time.perf_counter() - started) * 1000,
                outcome,
            )


class HandlerNameMiddleware(BaseMiddleware):
    """Inner middleware: notes which handler took the update, for ``UpdateLogMiddleware``."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        trace = data.get("update_trace")
        handler_object = data.get("handler")
        if trace is not None and handler_object is not None:
            callback = handler_object.callback
            trace["handler"] = f"{callback.__module__}.{callback.__qualname__}"
        return await handler(event, data)


class ConsentVersionMiddleware(BaseMiddleware):
    """When the consent text gets a new version, everyone who agreed to an older one is asked
    again at their next interaction; until they answer, nothing else is processed. /start,
    /stop, /help, /delete_me, /my_data, /cancel and the consent buttons themselves always
    pass. A held button press is answered here (no handler runs, so
    ``CallbackAnswerMiddleware`` does not)."""

    PASS_COMMANDS = ("/start", "/stop", "/help", "/delete_me", "/my_data", "/cancel")

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        identity: Identity | None = data.get("identity")
        if not isinstance(event, Update) or identity is None:
            return await handler(event, data)
        if event.message is not None and command_of(event.message.text) in self.PASS_COMMANDS:
            return await handler(event, data)  # asked before the person is read: no query
        user = await identity.user()
        version = current_consent().version
        if user is None or user.consent_version in (None, version):
            return await handler(event, data)
        if event.message is not None:
            await event.message.answer(t("consent-updated"))
            await event.message.answer(consent_message(), reply_markup=people_kb.consent(version))
            return None
        if event.callback_query is not None:
            if (event.callback_query.data or "").startswith(f"{ConsentCb.__prefix__}:"):
                return await handler(event, data)
            await event.callback_query.answer(t.plain("consent-updated-short"), show_alert=True)
            return None
        return await handler(event, data)


class DialogueGuardMiddleware(BaseMiddleware):
    """Outer middleware of messages, for people in a dialogue (any FSM state):

    - a main-menu press or a command is a detour, never an answer: the dialogue is paused
      (its state saved under ``PAUSED_KEY`` and cleared), the menu item or command runs, and
      a one-line hint with a «continue» button follows, unless the detour ended or replaced
      the dialogue itself;
    - a text too long to be one message is a part of a paste Telegram split: it is refused
      with one explanation, and the parts that follow within a second are dropped with it.
    """

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        state: FSMContext | None = data.get("state")
        raw_state: str | None = data.get("raw_state")
        if not isinstance(event, Message) or state is None or raw_state is None:
            return await handler(event, data)
        if is_detour(event.text):
            return await self._detour(handler, event, data, state, raw_state)
        if event.text is not None and await self._split_part(event, state):
            return None
        return await handler(event, data)

    @staticmethod
    async def _detour(
        handler: Handler,
        event: Message,
        data: dict[str, Any],
        state: FSMContext,
        raw_state: str,
    ) -> Any:
        await state.set_state(None)
        await state.update_data({PAUSED_KEY: raw_state})
        data["raw_state"] = None
        result = await handler(event, data)
        if await state.get_state() is None and (await state.get_data()).get(PAUSED_KEY):
            text, markup = pause_hint(raw_state)
            await event.answer(text, reply_markup=markup)
        return result

    @staticmethod
    async def _split_part(event: Message, state: FSMContext) -> bool:
        """True when the message is (part of) a split paste, already answered."""
        assert event.text is not None
        sent_at = int(event.date.timestamp())
        data = await state.get_data()
        burst_until, long_at = data.get(BURST_KEY), data.get(LONG_KEY)
        if isinstance(burst_until, int) and sent_at <= burst_until:
            await state.update_data({BURST_KEY: sent_at + BURST_SECONDS})
            return True
        tail = isinstance(long_at, int) and sent_at <= long_at + BURST_SECONDS
        if len(event.text) >= SPLIT_PART_MIN or tail:
            await state.update_data({BURST_KEY: sent_at + BURST_SECONDS, LONG_KEY: None})
            await event.answer(t("dialogue-split-paste"))
            return True
        if len(event.text) >= LONG_TEXT_MIN:
            await state.update_data({LONG_KEY: sent_at})
        return False
