"""Running in production: a start that waits for Telegram, settings refused before anything
starts, graceful SIGTERM, restore after a crash, private files. Real ``python -m bot``
processes against the fake Telegram (tests/procs.py)."""

from __future__ import annotations

import asyncio
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiohttp
import pytest

from bot.backup import backup, prune
from sandbox.telegram import FakeTelegram
from tests.conftest import TOKEN
from tests.procs import (
    APSCHEDULER_NOISE,
    POLLING_LINE,
    ROOT,
    BotProcess,
    bot_env,
    start_bot,
    wait_for_log,
    wait_until,
)
from texts import t

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]

STARTUP = 60.0  # a bot process needs ~8 s on 2 idle cores, much more on a loaded box
SECRET = "s3cret-for-the-production-tests"
UNREACHABLE = "Telegram is unreachable (try"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _sqlite(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _cli(cwd: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env=bot_env(LOG_LEVEL="WARNING", **env),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


async def _get(url: str) -> tuple[int, dict[str, object]]:
    async with aiohttp.ClientSession() as http, http.get(url) as resp:
        return resp.status, await resp.json()


async def _stop(proc: BotProcess, limit: float = 5.0) -> float:
    """SIGTERM and the seconds until the process has exited (fails past ``limit``)."""
    started = time.monotonic()
    proc.proc.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(proc.proc.wait(), limit)
    except TimeoutError:
        await proc.kill()
        raise AssertionError(f"still running {limit:g} s after SIGTERM\n{proc.tail()}") from None
    return time.monotonic() - started


async def test_start_waits_for_telegram_then_serves_and_stops_on_sigterm(tmp_path: Path) -> None:
    """Webhook mode; Telegram comes up 10 s after the bot's first failed try. Meanwhile
    /healthz is 200 (liveness) and /readyz 503; then the webhook is set, a person is
    answered, and SIGTERM ends the process within 5 s."""
    tg_port, bot_port = _free_port(), _free_port()
    env = bot_env(
        BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{tg_port}",
        DATABASE_URL=_sqlite(tmp_path / "data" / "bot.db"),
        RUN_MODE="webhook",
        WEBHOOK_BASE_URL=f"http://127.0.0.1:{bot_port}",
        WEBHOOK_SECRET=SECRET,
        WEBHOOK_HOST="127.0.0.1",
        WEBHOOK_PORT=str(bot_port),
        LOG_LEVEL="INFO",
    )
    bot = await start_bot("webhook", tmp_path, env, noise=APSCHEDULER_NOISE)
    try:
        await wait_for_log([bot], UNREACHABLE, timeout=STARTUP, alive=[bot])
        status, body = await _get(f"http://127.0.0.1:{bot_port}/healthz")
        assert (status, body) == (200, {"ok": True, "database": "ok"}), bot.tail()
        status, body = await _get(f"http://127.0.0.1:{bot_port}/readyz")
        assert status == 503
        assert body["ok"] is False
        await asyncio.sleep(10)
        assert bot.alive, bot.tail()
        async with FakeTelegram(token=TOKEN, port=tg_port) as tg:
            await wait_until(
                tg,
                lambda: tg.calls("setWebhook") or None,
                timeout=60,
                what="setWebhook after Telegram came back",
                alive=[bot],
            )
            person = tg.user(8101)
            await person.send("/start")
            await person.press(t.plain("consent-yes"))
            assert tg.chat(8101).last_text() == t("ask-name")
            tries = bot.log().count(UNREACHABLE)
            assert tries >= 2, bot.tail()  # every try is logged, with a growing pause
            assert "Traceback" not in bot.log(), bot.tail()
            seconds = await _stop(bot)
        assert bot.proc.returncode == 0, bot.tail()
        print(f"tries while Telegram was down: {tries}; stopped {seconds:.1f} s after SIGTERM")
    finally:
        await bot.kill()


async def test_polling_mode_stops_on_sigterm(tmp_path: Path) -> None:
    async with FakeTelegram(token=TOKEN) as tg:
        env = bot_env(
            BOT_TOKEN=TOKEN,
            TELEGRAM_API_URL=tg.base_url,
            DATABASE_URL=_sqlite(tmp_path / "data" / "bot.db"),
            LOG_LEVEL="INFO",
        )
        bot = await start_bot("polling", tmp_path, env, noise=APSCHEDULER_NOISE)
        try:
            await wait_for_log([bot], POLLING_LINE, timeout=STARTUP, alive=[bot])
            await _stop(bot)
            assert bot.proc.returncode == 0, bot.tail()
        finally:
            await bot.kill()


async def test_rejected_token_is_explained_in_russian(tmp_path: Path) -> None:
    async with FakeTelegram(token=TOKEN) as tg:
        result = await asyncio.to_thread(
            _cli,
            tmp_path,
            "run",
            BOT_TOKEN="123456:REVOKED-token-the-fake-does-not-know",
            TELEGRAM_API_URL=tg.base_url,
            DATABASE_URL=_sqlite(tmp_path / "bot.db"),
        )
    assert result.returncode == 2, result.stderr
    assert t.plain("cli-token-rejected").splitlines()[0] in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("settings", "key"),
    [
        ({"BOT_TOKEN": "123456789:AA..."}, "cli-token-malformed"),  # the .env.example line
        ({"RUN_MODE": "webhook", "WEBHOOK_SECRET": SECRET}, "cli-webhook-no-base-url"),
        ({"RUN_MODE": "webhook", "WEBHOOK_BASE_URL": "https://x.org"}, "cli-webhook-no-secret"),
        (
            {"RUN_MODE": "webhook", "WEBHOOK_BASE_URL": "https://x.org", "WEBHOOK_SECRET": "a b"},
            "cli-webhook-bad-secret",
        ),
    ],
)
def test_settings_that_cannot_work_stop_before_anything(
    tmp_path: Path, settings: dict[str, str], key: str
) -> None:
    env = {"BOT_TOKEN": TOKEN, "DATABASE_URL": _sqlite(tmp_path / "data" / "bot.db"), **settings}
    result = _cli(tmp_path, "run", **env)
    assert result.returncode == 2, result.stderr
    assert t.plain(key).splitlines()[0] in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "data").exists()  # nothing was started, not even the database


def _users(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("SELECT count(*) FROM users").fetchone()[0])


async def _register(tg: FakeTelegram, user_id: int) -> None:
    """/start and consent; a process polls with handle_as_tasks, so wait for each answer."""
    person, chat, label = tg.user(user_id), tg.chat(user_id), t.plain("consent-yes")
    await person.send("/start")
    await tg.wait_for(
        lambda: any(m.from_bot and m.button(label) for m in chat.history), timeout=30
    )
    await person.press(label)
    await chat.wait_for_text(t.plain("ask-name"), timeout=30)


async def test_restore_after_sigkill(tmp_path: Path) -> None:
    db = tmp_path / "data" / "bot.db"
    url = _sqlite(db)
    async with FakeTelegram(token=TOKEN) as tg:
        env = bot_env(BOT_TOKEN=TOKEN, TELEGRAM_API_URL=tg.base_url, DATABASE_URL=url)
        bot = await start_bot("bot", tmp_path, env, noise=APSCHEDULER_NOISE)
        try:
            await wait_for_log([bot], POLLING_LINE, timeout=STARTUP, alive=[bot])
            await _register(tg, 9001)
            copy = backup(url)  # while the bot runs
            await _register(tg, 9002)
            await _register(tg, 9003)
            refused = await asyncio.to_thread(_cli, tmp_path, "restore", str(copy), **env)
            assert refused.returncode == 1
            assert t.plain("cli-restore-bot-running") in refused.stderr
            await bot.kill()  # SIGKILL: the -wal keeps what was not checkpointed
            assert db.with_name("bot.db-wal").exists()

            result = await asyncio.to_thread(_cli, tmp_path, "restore", str(copy), **env)
            assert result.returncode == 0, result.stderr
            assert not db.with_name("bot.db-wal").exists()
            assert not db.with_name("bot.db-shm").exists()
            with sqlite3.connect(db) as conn:
                assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert _users(db) == _users(copy) == 1
            kept = [p for p in db.parent.iterdir() if p.name.endswith(tuple("0123456789"))]
            assert len(kept) == 1, sorted(p.name for p in db.parent.iterdir())
            assert _users(kept[0]) == 3  # the previous file, with its -wal, is intact
            assert stat.S_IMODE(db.stat().st_mode) == 0o600

            again = await start_bot("again", tmp_path, env, noise=APSCHEDULER_NOISE)
            try:
                await wait_for_log([again], POLLING_LINE, timeout=STARTUP, alive=[again])
                await _register(tg, 9004)
                assert tg.chat(9004).last_text() == t("ask-name")
                await _stop(again)
            finally:
                await again.kill()
            assert _users(db) == 2
        finally:
            await bot.kill()


def test_check_elsewhere_creates_no_database_and_files_are_private(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    default = ROOT / "data" / "bot.db"
    existed = default.exists()
    result = _cli(elsewhere, "check")
    assert not (elsewhere / "data").exists(), result.stdout
    assert default.exists() == existed, result.stdout

    db = tmp_path / "private" / "bot.db"
    assert _cli(tmp_path, "migrate", DATABASE_URL=_sqlite(db)).returncode == 0
    made = _cli(tmp_path, "backup", DATABASE_URL=_sqlite(db))
    assert made.returncode == 0, made.stderr
    copies = list((db.parent / "backups").iterdir())
    assert len(copies) == 1
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (db.parent, db, copies[0].parent)}
    modes[copies[0].name] = stat.S_IMODE(copies[0].stat().st_mode)
    assert modes == {
        db.parent.name: 0o700,
        db.name: 0o600,
        "backups": 0o700,
        copies[0].name: 0o600,
    }


def test_prune_keeps_recent_copies_and_foreign_files(tmp_path: Path) -> None:
    url = _sqlite(tmp_path / "bot.db")
    sqlite3.connect(tmp_path / "bot.db").close()
    now = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)
    made = [backup(url, now=now - timedelta(days=d)) for d in (0, 3, 15, 40)]
    foreign = tmp_path / "backups" / "keep-me.db"
    foreign.write_bytes(b"")
    removed = prune(url, keep_days=14, now=now)
    assert sorted(removed) == sorted(made[2:])
    assert all(p.exists() for p in made[:2])
    assert foreign.exists()
    assert prune(url, keep_days=0, now=now + timedelta(days=400)) == []
