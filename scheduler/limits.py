"""Pacing for one bot token, shared by every send: Telegram's broadcast limits.

- overall: at most ``rate`` messages in any sliding second, sent evenly rather than in bursts;
- a private chat: one message per second; a group: 20 per minute;
- a long message (over ``LONG_MESSAGE`` characters) weighs ``LONG_WEIGHT`` messages;
- a 429 pauses *everything* until its ``retry_after`` has passed.
"""

from __future__ import annotations

from collections import deque

from scheduler.clock import Clock

LONG_MESSAGE = 500
LONG_WEIGHT = 2
WINDOW = 1.0
# Our clock ticks when a request leaves; Telegram's when it arrives. A small margin keeps
# jitter between the two from pushing a window over the limit.
MARGIN = 0.02
PRIVATE_INTERVAL = 1.0
GROUP_WINDOW = 60.0
GROUP_LIMIT = 20


def weight_of(text: str | None) -> int:
    return LONG_WEIGHT if text is not None and len(text) > LONG_MESSAGE else 1


class RateLimiter:
    def __init__(self, clock: Clock, rate: float) -> None:
        if rate <= 0:
            raise ValueError("rate must be positive")
        self.clock = clock
        self.rate = rate
        self.interval = (WINDOW + MARGIN) / rate
        self._sent: deque[float] = deque()  # times of recent sends, one entry per weight unit
        self._next_slot = 0.0
        self._private_next: dict[int, float] = {}
        self._group_sent: dict[int, deque[float]] = {}
        self.paused_until = 0.0

    def pause(self, seconds: float) -> None:
        """Stop all sending for ``seconds`` (a 429 answered with ``retry_after``)."""
        self.paused_until = max(self.paused_until, self.clock.monotonic() + seconds)

    def _global_wait(self, weight: int, now: float) -> float:
        waits = [self.paused_until - now, self._next_slot - now]
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
        return max(0.0, self._private_next.get(chat_id, 0.0) - now)

    def _wait(self, chat_id: int, weight: int, now: float) -> float:
        return max(self._global_wait(weight, now), self.chat_wait(chat_id))

    def try_acquire(self, chat_id: int, weight: int = 1) -> float:
        """Take a slot now and return 0, or return how long to wait before asking again."""
        now = self.clock.monotonic()
        wait = self._wait(chat_id, weight, now)
        if wait > 0:
            return wait
        self._sent.extend([now] * weight)
        # The next slot follows the one that was due, not the moment the send went out: the
        # event loop wakes a little late every time, and counting from "now" would lose that
        # lateness on every message (~3% of the pace). After an idle spell start from now, so
        # there is no burst; the sliding window above still caps any second.
        base = self._next_slot if now - self._next_slot < self.interval else now
        self._next_slot = base + self.interval * weight
        if chat_id < 0:
            self._group_sent.setdefault(chat_id, deque()).append(now)
        else:
            self._private_next[chat_id] = now + PRIVATE_INTERVAL + MARGIN
        self._forget(now)
        return 0.0

    def _forget(self, now: float) -> None:
        # Keep the per-chat maps small during a mailing to tens of thousands of people.
        if len(self._private_next) > 10_000:
            self._private_next = {c: t for c, t in self._private_next.items() if t > now}
        if len(self._group_sent) > 1_000:
            self._group_sent = {
                c: q for c, q in self._group_sent.items() if q and q[-1] > now - GROUP_WINDOW
            }
