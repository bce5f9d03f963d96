"""The real bot (``python -m bot run``) as an OS process, for crash and takeover tests.

Each process writes its stdout and stderr to one log file in the test's tmp dir; failure
messages quote the tail of those logs. Processes are killed by their own handle only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import sys
from collections.abc import Awaitable, Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, TypeVar, cast

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from models import outbox
from models.outbox import DeliveryState
from sandbox.telegram import FakeTelegram, Params

ROOT = Path(__file__).resolve().parents[1]

LEADER_LINE = "this instance now runs the scheduler and the sender"
POLLING_LINE = "Start polling"
# APScheduler logs every run of every job at INFO (the leader check runs every second).
APSCHEDULER_NOISE = ("apscheduler.executors.default:", "aiohttp.access:")
_WORKER_RE = re.compile(r"sender (sender-[0-9a-f]+) started")

_T = TypeVar("_T")


def bot_env(**settings: str) -> dict[str, str]:
    """The environment of a bot process: ours without any bot setting, plus ``settings``.

    Settings the parent happens to have (REDIS_URL, ADMIN_IDS...) are dropped so the process
    sees exactly what the test gives it; the cwd has no ``.env`` either.
    """
    ours = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p
    )
    env["PYTHONUNBUFFERED"] = "1"
    env.update(settings)
    return env


def _open_log(path: Path) -> IO[bytes]:
    return path.open("wb")


@dataclass
class BotProcess:
    name: str
    proc: asyncio.subprocess.Process
    log_path: Path
    # Substrings of log lines that ``tail()`` leaves out (e.g. APSCHEDULER_NOISE).
    noise: tuple[str, ...] = ()

    @property
    def pid(self) -> int:
        return self.proc.pid

    @property
    def alive(self) -> bool:
        return self.proc.returncode is None

    def log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def tail(self, lines: int = 30) -> str:
        kept = [ln for ln in self.log().splitlines() if not any(n in ln for n in self.noise)]
        text = "\n".join(kept[-lines:])
        state = "running" if self.alive else f"exited with {self.proc.returncode}"
        return f"--- {self.name} (pid {self.pid}, {state}), {self.log_path} ---\n{text}"

    def has(self, line: str) -> bool:
        return line in self.log()

    @property
    def is_leader(self) -> bool:
        return self.has(LEADER_LINE)

    def worker_ids(self) -> list[str]:
        """Ids of the senders this process started (one per leadership term)."""
        return _WORKER_RE.findall(self.log())

    async def kill(self) -> None:
        """SIGKILL (no clean-up of any kind in the bot) and reap."""
        if self.alive:
            with contextlib.suppress(ProcessLookupError):
                self.proc.kill()
        await self.proc.wait()


async def start_bot(
    name: str, workdir: Path, env: dict[str, str], *, noise: tuple[str, ...] = ()
) -> BotProcess:
    """``python -m bot run`` in ``workdir``; stdout and stderr go to ``workdir/<name>.log``.
    Log lines containing any of ``noise`` are left out of failure messages."""
    log_path = workdir / f"{name}.log"
    log = _open_log(log_path)
    try:
        proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bot",
            "run",
            cwd=workdir,
            env=env,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=log,
            stderr=asyncio.subprocess.STDOUT,
        )
    finally:
        log.close()  # the child has its own copy
    return BotProcess(name, proc, log_path, noise)


def tails(procs: Iterable[BotProcess]) -> str:
    return "\n".join(p.tail() for p in procs)


async def wait_until(
    tg: FakeTelegram,
    predicate: Callable[[], _T | None],
    *,
    timeout: float,
    what: str,
    alive: Iterable[BotProcess] = (),
    logs: Iterable[BotProcess] = (),
) -> _T:
    """``tg.wait_for(predicate)`` that fails at once (with the logs) if a process in ``alive``
    exits, and on timeout quotes the logs of ``alive`` and ``logs``."""
    alive, logs = list(alive), list(logs)
    shown = alive + [p for p in logs if p not in alive]
    waiter: asyncio.Future[Any] = asyncio.ensure_future(
        tg.wait_for(predicate, timeout=timeout, what=what)
    )
    exits: dict[asyncio.Future[Any], BotProcess] = {
        asyncio.ensure_future(p.proc.wait()): p for p in alive
    }
    try:
        done, _ = await asyncio.wait({waiter, *exits}, return_when=asyncio.FIRST_COMPLETED)
        if waiter in done:
            try:
                return cast("_T", waiter.result())
            except AssertionError as exc:
                raise AssertionError(f"{exc}\n{tails(shown)}") from None
        dead = next(exits[t] for t in done if t in exits)
        raise AssertionError(f"{dead.name} exited while waiting for {what}\n{tails(shown)}")
    finally:
        for task in (waiter, *exits):
            task.cancel()
        await asyncio.gather(waiter, *exits, return_exceptions=True)


async def wait_for_log(
    procs: Iterable[BotProcess],
    line: str,
    *,
    timeout: float,
    alive: Iterable[BotProcess] = (),
    poll: float = 0.05,
) -> BotProcess:
    """The first of ``procs`` whose log shows ``line`` (logs are files: polled briefly)."""
    procs, alive = list(procs), list(alive)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        for p in procs:
            if p.has(line):
                return p
        for p in alive:
            if not p.alive:
                raise AssertionError(
                    f"{p.name} exited while waiting for {line!r} in a log\n{tails(procs)}"
                )
        if loop.time() >= deadline:
            raise AssertionError(f"no log showed {line!r} in {timeout:g} s\n{tails(procs)}")
        await asyncio.sleep(poll)


async def poll_until(
    check: Callable[[], Awaitable[bool]],
    *,
    timeout: float,
    what: str,
    describe: Callable[[], str] = lambda: "",
    poll: float = 0.2,
) -> None:
    """Await ``check()`` (an async callable returning truthy when done) until it holds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() >= deadline:
            raise AssertionError(f"{what}: not reached in {timeout:g} s\n{describe()}")
        await asyncio.sleep(poll)


@contextlib.contextmanager
def late_answers(tg: FakeTelegram, seconds: float, method: str = "sendMessage") -> Iterator[None]:
    """The fake delivers ``method`` calls at once but answers them ``seconds`` late, as over a
    real network: the bot learns of a send only after the message is out. A crash in between
    leaves a delivered message unmarked, which is what the outbox may send again."""
    original = tg._process
    key = method.lower()

    async def answer_late(name: str, params: Params, *, token: str, via: str) -> Any:
        reply = await original(name, params, token=token, via=via)
        if name.lower() == key:
            await asyncio.sleep(seconds)  # cancelled if the bot is gone: it never hears back
        return reply

    tg._process = answer_late  # type: ignore[method-assign,assignment]
    try:
        yield
    finally:
        del tg._process  # the class's method again


async def wait_all_sent(
    factory: async_sessionmaker[AsyncSession],
    mailing_id: int,
    total: int,
    procs: Iterable[BotProcess] = (),
    timeout: float = 15,
) -> None:
    """The last sends are marked a moment after Telegram got them: wait for the database."""
    last: dict[DeliveryState, int] = {}

    async def all_sent() -> bool:
        nonlocal last
        async with factory() as session:
            last = (await outbox.report(session, mailing_id)).counts
        return last.get(DeliveryState.SENT, 0) == total

    await poll_until(
        all_sent,
        timeout=timeout,
        what="every delivery marked sent",
        describe=lambda: f"states: {last}\n{tails(procs)}",
    )
