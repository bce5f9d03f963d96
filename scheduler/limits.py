"""Pacing for one bot token, shared by every send: Telegram's broadcast limits.

- overall: at most ``rate`` messages in any sliding second, sent evenly rather than in bursts;
- a private chat: a token bucket, a burst of ``PRIVATE_BURST`` messages at once (a reply of
  two or three messages goes out without waiting), then one per second; a group: 20 in any
  sliding minute;
- a long message (over ``LONG_MESSAGE`` characters) weighs ``LONG_WEIGHT`` messages;
- a 429 pauses *everything* until its ``retry_after`` has passed;
- Telegram unreachable (a connection error, a 5xx) pauses the sender too, and lets one probe
  through after 1 s, 2 s, 4 s … 60 s until a request succeeds again;
- replies to people (``urgent``) go first: while one waits for a slot, the sender gets none;
- a paid broadcast (``paid``, Telegram's ``allow_paid_broadcast``) has a lane of its own up to
  ``PAID_LIMIT`` messages a second, less the free lane's ``rate`` so that both together stay
  under it; it does not use the free lane's budget (replies keep theirs).

One limiter per process serves the sender and, through ``bot.pacing``'s session middleware,
every other request the bot makes. A request the sender already paced is marked with
``SENDER_PACED`` so the middleware does not count it twice.
"""

from __future__ import annotations

import logging
from collections import deque
from contextvars import ContextVar
from datetime import datetime

from scheduler.clock import Clock

log = logging.getLogger(__name__)

LONG_MESSAGE = 500
LONG_WEIGHT = 2
WINDOW = 1.0
# Our clock ticks when a request leaves; Telegram's when it arrives. A small margin keeps
# jitter between the two from pushing a window over the limit.
MARGIN = 0.03
PRIVATE_INTERVAL = 1.0
# Telegram tolerates short bursts in one chat; the fake enforces the same bucket.
PRIVATE_BURST = 3
GROUP_WINDOW = 60.0
GROUP_LIMIT = 20
PROBE_FIRST = 1.0
PAID_LIMIT = 1000  # messages a second with allow_paid_broadcast
PAID_CATCH_UP = 0.05
PROBE_MAX = 60.0

# Set inside the sender's own send tasks: the request is paced and its errors handled there.
SENDER_PACED: ContextVar[bool] = ContextVar("sender_paced", default=False)


def weight_of(text: str | None) -> int:
    return LONG_WEIGHT if text is not None and len(text) > LONG_MESSAGE else 1


class RateLimiter:
    def __init__(
        self,
        clock: Clock,
        rate: float,
        *,
        probe_first: float = PROBE_FIRST,
        probe_max: float = PROBE_MAX,
    ) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.clock = clock
        self.rate = rate
        self.interval = (WINDOW + MARGIN) / rate
        self._sent: deque[float] = deque()  # times of recent sends, one entry per weight unit
        self._next_slot = 0.0
        # The paid lane: its own even spacing and sliding second.
        self.paid_rate = max(1.0, PAID_LIMIT - rate)
        self.paid_interval = (WINDOW + MARGIN) / self.paid_rate
        self._paid_sent: deque[float] = deque()
        self._paid_next_slot = 0.0
        # A private chat's bucket as a theoretical arrival time (GCRA): the chat may get a
        # message once ``now >= tat - (PRIVATE_BURST - 1) * interval``.
        self._private_tat: dict[int, float] = {}
        self.private_interval = PRIVATE_INTERVAL + MARGIN
        self.private_tolerance = (PRIVATE_BURST - 1) * self.private_interval
        self._group_sent: dict[int, deque[float]] = {}
        self.paused_until = 0.0
        # Replies waiting for a slot: the sender yields to them.
        self.urgent_waiting = 0
        # Telegram unreachable: since when (UTC), until when the sender waits for the next
        # probe, how long the next wait is, how many probes failed.
        self.unreachable_since: datetime | None = None
        self.outage_until = 0.0
        self.probe_first = probe_first
        self.probe_max = probe_max
        self.probe_delay = probe_first
        self.failed_probes = 0

    def pause(self, seconds: float) -> None:
        """Stop all sending for ``seconds`` (a 429 answered with ``retry_after``)."""
        self.paused_until = max(self.paused_until, self.clock.monotonic() + seconds)

    @property
    def unreachable(self) -> bool:
        return self.unreachable_since is not None

    def network_failed(self, error: str) -> bool:
        """A request could not reach Telegram (connection error, timeout, 5xx): pause the
        sender until the next probe, each wait twice the last (1 s … 60 s). Returns True if
        this started an outage."""
        started = self.unreachable_since is None
        if started:
            self.unreachable_since = self.clock.now()
            self.probe_delay = self.probe_first
            self.failed_probes = 0
            log.warning("telegram unreachable (%s): all sending paused", error)
        else:
            self.failed_probes += 1
        self.outage_until = self.clock.monotonic() + self.probe_delay
        self.probe_delay = min(self.probe_max, self.probe_delay * 2)
        return started

    def network_ok(self) -> None:
        """A request got an answer: Telegram is reachable (again)."""
        if self.unreachable_since is None:
            return
        seconds = (self.clock.now() - self.unreachable_since).total_seconds()
        log.warning(
            "telegram reachable again after %.0f s (%d probes failed): sending resumes",
            seconds,
            self.failed_probes,
        )
        self.unreachable_since = None
        self.outage_until = 0.0
        self.probe_delay = self.probe_first
        self.failed_probes = 0

    def _paid_wait(self, weight: int, now: float) -> float:
        waits = [
            self.paused_until - now,
            self._paid_next_slot - now,
            self.outage_until - now,
        ]
        if self.urgent_waiting:
            waits.append(self.paid_interval)
        sent = self._paid_sent
        while sent and sent[0] <= now - WINDOW - MARGIN:
            sent.popleft()
        if len(sent) + weight > self.paid_rate:
            index = len(sent) + weight - int(self.paid_rate) - 1
            waits.append(sent[max(index, 0)] + WINDOW + MARGIN - now)
        return max(waits)

    def _global_wait(self, weight: int, now: float, urgent: bool) -> float:
        waits = [self.paused_until - now, self._next_slot - now]
        if not urgent:
            # Replies do not wait for probes (each is one), the sender does; and it gives way
            # to any reply waiting for a slot.
            waits.append(self.outage_until - now)
            if self.urgent_waiting:
                waits.append(self.interval)
        while self._sent and self._sent[0] <= now - WINDOW - MARGIN:
            self._sent.popleft()
        if len(self._sent) + weight > self.rate:
            index = len(self._sent) + weight - int(self.rate) - 1
            waits.append(self._sent[max(index, 0)] + WINDOW + MARGIN - now)
        return max(waits)

    def chat_wait(self, chat_id: int) -> float:
        """How long this one chat must wait (0 if it may get a message now). The sender puts
        a delivery with a long chat wait back in the queue instead of holding up the rest."""
        now = self.clock.monotonic()
        if chat_id < 0:
            group = self._group_sent.get(chat_id)
            if group is None:
                return 0.0
            while group and group[0] <= now - GROUP_WINDOW - MARGIN:
                group.popleft()
            if len(group) >= GROUP_LIMIT:
                return group[0] + GROUP_WINDOW + MARGIN - now
            return 0.0
        tat = self._private_tat.get(chat_id)
        if tat is None:
            return 0.0
        return max(0.0, tat - self.private_tolerance - now)

    def _wait(
        self, chat_id: int | None, weight: int, now: float, urgent: bool, paid: bool
    ) -> float:
        chat = 0.0
        if chat_id is not None and (chat_id > 0 or not urgent):
            chat = self.chat_wait(chat_id)
        lane = self._paid_wait(weight, now) if paid else self._global_wait(weight, now, urgent)
        return max(lane, chat)

    def _take_paid(self, weight: int, now: float) -> None:
        self._paid_sent.extend([now] * weight)
        # At about a millisecond a slot the loop always wakes a slot or more late: catch up
        # for up to PAID_CATCH_UP (the sliding second above still caps any second).
        slot = self._paid_next_slot
        base = slot if now - slot < PAID_CATCH_UP else now
        self._paid_next_slot = base + self.paid_interval * weight

    def try_acquire(
        self, chat_id: int | None, weight: int = 1, *, urgent: bool = False, paid: bool = False
    ) -> float:
        """Take a slot now and return 0, or return how long to wait before asking again.
        ``urgent`` (a reply to a person) skips the queue of the sender and the outage wait;
        it still keeps the overall pace, a 429's pause and a private chat's bucket. ``paid``
        (a paid broadcast) takes its slot in the paid lane."""
        now = self.clock.monotonic()
        wait = self._wait(chat_id, weight, now, urgent, paid)
        if wait > 0:
            return wait
        if paid:
            self._take_paid(weight, now)
            self._take_chat(chat_id, now)
            return 0.0
        self._sent.extend([now] * weight)
        # The next slot follows the one that was due, not the moment the send went out: the
        # event loop wakes a little late every time, and counting from "now" would lose that
        # lateness on every message (~3% of the pace). After an idle spell start from now, so
        # there is no burst; the sliding window above still caps any second.
        base = self._next_slot if now - self._next_slot < self.interval else now
        self._next_slot = base + self.interval * weight
        self._take_chat(chat_id, now)
        return 0.0

    def _take_chat(self, chat_id: int | None, now: float) -> None:
        if chat_id is None:
            pass
        elif chat_id < 0:
            self._group_sent.setdefault(chat_id, deque()).append(now)
        else:
            tat = self._private_tat.get(chat_id, 0.0)
            self._private_tat[chat_id] = max(tat, now) + self.private_interval
        self._forget(now)

    async def acquire_urgent(self, chat_id: int | None, weight: int = 1) -> None:
        """Wait for a slot for a reply. While it waits for the overall pace the sender holds
        back; while it waits for its own chat's bucket, the sender goes on."""
        while True:
            if chat_id is not None and chat_id > 0 and (own := self.chat_wait(chat_id)) > 0:
                await self.clock.sleep(own)
                continue
            self.urgent_waiting += 1
            try:
                wait = self.try_acquire(chat_id, weight, urgent=True)
                if wait <= 0:
                    return
                await self.clock.sleep(wait)
            finally:
                self.urgent_waiting -= 1

    def _forget(self, now: float) -> None:
        # Keep the per-chat maps small during a mailing to tens of thousands of people.
        if len(self._private_tat) > 10_000:
            self._private_tat = {c: t for c, t in self._private_tat.items() if t > now}
        if len(self._group_sent) > 1_000:
            self._group_sent = {
                c: q for c, q in self._group_sent.items() if q and q[-1] > now - GROUP_WINDOW
            }
