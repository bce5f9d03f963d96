"""Start-up that waits: Telegram unreachable → retry with a capped backoff (each try logged),
a wrong or revoked token → ``BadTokenError`` (the CLI explains it in Russian, exit 2).
A stop signal ends the wait at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
from collections.abc import Iterator

from aiogram import Bot
from aiogram.exceptions import (
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import User

log = logging.getLogger("bot.startup")

FIRST_DELAY = 1.0
MAX_DELAY = 30.0


class BadTokenError(RuntimeError):
    """Telegram does not know this token (wrong, revoked, or the .env.example placeholder)."""


async def _sleep_or_stop(delay: float, stop: asyncio.Event) -> bool:
    """True when ``stop`` was set during the pause."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), delay)
    return stop.is_set()


async def wait_for_telegram(
    bot: Bot,
    stop: asyncio.Event,
    *,
    first_delay: float = FIRST_DELAY,
    max_delay: float = MAX_DELAY,
) -> User | None:
    """``getMe`` until it answers; None if ``stop`` is set first."""
    delay, attempt = first_delay, 0
    while not stop.is_set():
        attempt += 1
        try:
            me = await bot.get_me()
        except (TelegramUnauthorizedError, TelegramNotFound) as exc:
            raise BadTokenError(str(exc)) from exc
        except TelegramRetryAfter as exc:
            wait = float(exc.retry_after)
            log.warning("Telegram asks to wait %.0f s (try %d)", wait, attempt)
        except (TelegramNetworkError, TelegramServerError, OSError, TimeoutError) as exc:
            wait = delay
            delay = min(delay * 2, max_delay)
            log.warning(
                "Telegram is unreachable (try %d: %s); next try in %.0f s", attempt, exc, wait
            )
        else:
            if attempt > 1:
                log.warning("Telegram is reachable again after %d tries", attempt)
            log.info("connected to Telegram as @%s", me.username)
            return me
        if await _sleep_or_stop(wait, stop):
            break
    return None


@contextlib.contextmanager
def stop_on_signals(stop: asyncio.Event) -> Iterator[None]:
    """SIGTERM and SIGINT set ``stop`` (as PID 1 in a container a process without a handler
    ignores SIGTERM, and ``docker stop`` then has to SIGKILL it)."""
    loop = asyncio.get_running_loop()
    signals = (signal.SIGTERM, signal.SIGINT)
    for sig in signals:
        loop.add_signal_handler(sig, _on_signal, stop, sig)
    try:
        yield
    finally:
        for sig in signals:
            loop.remove_signal_handler(sig)


def _on_signal(stop: asyncio.Event, sig: signal.Signals) -> None:
    if not stop.is_set():
        log.info("%s received: stopping", sig.name)
    stop.set()
