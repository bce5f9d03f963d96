"""Fault injection (forced errors, dropped connections, blocked chats) and pace limits."""

from __future__ import annotations

import math
import random
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

# Methods that deliver a message to a chat: they count against pace limits and are refused
# in blocked chats.
SEND_LIKE_METHODS = frozenset(
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

DEFAULT_DESCRIPTIONS = {
    400: "Bad Request: chat not found",
    401: "Unauthorized",
    403: "Forbidden: bot was blocked by the user",
    404: "Not Found",
    409: "Conflict: terminated by other getUpdates request",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
    504: "Gateway Timeout",
}

FaultError = int | Literal["drop"]


def describe_error(code: int, retry_after: int | None = None) -> str:
    """The usual Telegram description for an error code."""
    if code == 429:
        return f"Too Many Requests: retry after {retry_after or 1}"
    return DEFAULT_DESCRIPTIONS.get(code, f"Error {code}")


@dataclass
class FaultRule:
    """A forced failure: ``error`` for calls of ``methods`` (to ``chat_id``).

    ``times`` is how many more calls it hits (None: always); ``probability`` makes it hit
    randomly (seeded). ``hits`` counts the calls it failed.
    """

    methods: frozenset[str] | None
    chat_id: int | str | None
    error: FaultError
    retry_after: int = 1
    description: str | None = None
    times: int | None = 1
    probability: float | None = None
    hits: int = 0
    active: bool = True

    def cancel(self) -> None:
        """Stop applying this rule."""
        self.active = False

    def matches(self, method: str, chat_id: int | str | None) -> bool:
        """Whether the rule applies to a call (``method`` lower-cased)."""
        if not self.active or (self.times is not None and self.hits >= self.times):
            return False
        if self.methods is None:
            if method == "getupdates":
                return False
        elif method not in self.methods:
            return False
        return self.chat_id is None or str(self.chat_id) == str(chat_id)

    @property
    def status(self) -> int | None:
        """HTTP status to answer (None for a dropped connection)."""
        return None if self.error == "drop" else int(self.error)

    def error_description(self) -> str:
        """Description for the error body."""
        status = self.status
        assert status is not None
        return self.description or describe_error(status, self.retry_after)


class FaultInjector:
    """Holds fault rules and blocked chats."""

    def __init__(self, seed: int | None = 0) -> None:
        self.rules: list[FaultRule] = []
        self.blocked: set[str] = set()
        self.rng = random.Random(seed)

    def add(
        self,
        method: str | Iterable[str] | None,
        *,
        chat_id: int | str | None,
        error: FaultError,
        retry_after: int,
        description: str | None,
        times: int | None,
        probability: float | None,
    ) -> FaultRule:
        """Register a rule (see :meth:`FakeTelegram.fail`)."""
        if error != "drop" and not (isinstance(error, int) and 400 <= error <= 599):
            raise ValueError(f"error must be an HTTP error code or 'drop', not {error!r}")
        methods: frozenset[str] | None
        if method is None:
            methods = None
        elif isinstance(method, str):
            methods = frozenset({method.lower()})
        else:
            methods = frozenset(m.lower() for m in method)
        rule = FaultRule(
            methods=methods,
            chat_id=chat_id,
            error=error,
            retry_after=max(1, retry_after),
            description=description,
            times=times,
            probability=probability,
        )
        self.rules.append(rule)
        return rule

    def check(self, method: str, chat_id: int | str | None) -> FaultRule | None:
        """The first rule that fires for this call (and count the hit), or None."""
        for rule in self.rules:
            if not rule.matches(method, chat_id):
                continue
            if rule.probability is not None and self.rng.random() >= rule.probability:
                continue
            rule.hits += 1
            return rule
        return None

    def clear(self) -> None:
        """Remove every rule and unblock every chat."""
        self.rules.clear()
        self.blocked.clear()

    def is_blocked(self, chat_id: int | str | None) -> bool:
        """Whether sends to this chat are refused with 403."""
        return chat_id is not None and str(chat_id) in self.blocked


@dataclass
class RateLimitEvent:
    """A 429 answered to a send (``reason``: global, chat, group or injected)."""

    time: float
    method: str
    chat_id: int | str | None
    retry_after: int
    reason: str


@dataclass
class EarlyRetry:
    """A send to a chat that came before the retry_after of its last 429 elapsed."""

    time: float
    method: str
    chat_id: int | str
    retry_after: int
    since_429: float


@dataclass
class PaceLimiter:
    """Telegram's flood limits, plus bookkeeping of 429s.

    - overall: at most ``global_per_second`` free sends in any sliding second; a send with
      ``allow_paid_broadcast`` (a paid broadcast) may go while all sends of that second stay
      under ``paid_per_second``, and is billed (``paid_charged``) beyond the free number;
    - a private chat: a token bucket, a burst of ``per_chat_burst`` messages, then
      ``per_chat_per_second`` (a real flood still gets 429);
    - a group: ``per_group_per_minute`` in any sliding minute.
    """

    enabled: bool = False
    global_per_second: int = 30
    per_chat_per_second: int = 1
    per_chat_burst: int = 3
    per_group_per_minute: int = 20
    paid_per_second: int = 1000
    rejected_429: int = 0
    # Paid sends beyond the free ``global_per_second`` in their clock second (0.1 Star each).
    paid_charged: int = 0
    events: list[RateLimitEvent] = field(default_factory=list)
    early: list[EarlyRetry] = field(default_factory=list)
    _global: deque[float] = field(default_factory=deque)  # every send
    _free: deque[float] = field(default_factory=deque)  # sends without allow_paid_broadcast
    _second: int = -1  # the clock second being billed and how many sends it had
    _in_second: int = 0
    _groups: dict[str, deque[float]] = field(default_factory=dict)
    # A private chat's bucket as a theoretical arrival time (GCRA): a send may go while
    # ``now >= tat - (burst - 1) * interval``; each send moves ``tat`` one interval on.
    _chat_tat: dict[str, float] = field(default_factory=dict)
    _not_before: dict[str, tuple[float, float, int]] = field(default_factory=dict)

    @staticmethod
    def _is_group(chat_id: int | str) -> bool:
        return isinstance(chat_id, str) or chat_id < 0

    def check_early(self, method: str, chat_id: int | str, now: float) -> None:
        """Record an early retry if the chat is still inside a 429's retry_after."""
        pending = self._not_before.get(str(chat_id))
        if pending is not None and now < pending[0]:
            _, issued, retry_after = pending
            self.early.append(EarlyRetry(now, method, chat_id, retry_after, now - issued))

    def _chat_wait(self, chat_id: int | str, now: float) -> tuple[float, str] | None:
        key = str(chat_id)
        if self._is_group(chat_id):
            times = self._groups.setdefault(key, deque())
            _prune(times, now, 60.0)
            if len(times) >= self.per_group_per_minute:
                return times[0] + 60.0 - now, "group"
            return None
        interval = 1.0 / self.per_chat_per_second
        allowed_at = self._chat_tat.get(key, 0.0) - (self.per_chat_burst - 1) * interval
        return (allowed_at - now, "chat") if now < allowed_at else None

    def check(
        self, chat_id: int | str | None, now: float, *, paid: bool = False
    ) -> tuple[int, str] | None:
        """``(retry_after, reason)`` if a send now would exceed a limit, else None."""
        if not self.enabled:
            return None
        waits: list[tuple[float, str]] = []
        window = self._global if paid else self._free
        limit = self.paid_per_second if paid else self.global_per_second
        _prune(window, now, 1.0)
        if len(window) >= limit:
            waits.append((window[len(window) - limit] + 1.0 - now, "global"))
        if chat_id is not None and (chat := self._chat_wait(chat_id, now)) is not None:
            waits.append(chat)
        if not waits:
            return None
        wait, reason = max(waits)
        return max(1, math.ceil(wait)), reason

    def note_429(
        self, method: str, chat_id: int | str | None, now: float, retry_after: int, reason: str
    ) -> None:
        """Remember a 429 (to count it and to detect early retries)."""
        if reason != "injected":
            self.rejected_429 += 1
        self.events.append(RateLimitEvent(now, method, chat_id, retry_after, reason))
        if chat_id is not None:
            self._not_before[str(chat_id)] = (now + retry_after, now, retry_after)

    def record_delivery(
        self, chat_id: int | str | None, now: float, *, paid: bool = False
    ) -> None:
        """Count a successful send in the windows and the chat's bucket."""
        _prune(self._global, now, 1.0)
        _prune(self._free, now, 1.0)
        second = math.floor(now)
        if second != self._second:
            self._second, self._in_second = second, 0
        self._in_second += 1
        if paid and self._in_second > self.global_per_second:
            self.paid_charged += 1  # beyond the free number in this second
        self._global.append(now)
        if not paid:
            self._free.append(now)
        if chat_id is None:
            return
        key = str(chat_id)
        if self._is_group(chat_id):
            self._groups.setdefault(key, deque()).append(now)
        else:
            interval = 1.0 / self.per_chat_per_second
            self._chat_tat[key] = max(self._chat_tat.get(key, 0.0), now) + interval


def _prune(times: deque[float], now: float, window: float) -> None:
    while times and times[0] <= now - window:
        times.popleft()
