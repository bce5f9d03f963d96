"""Start-up time, memory and audience resolution of the real bot on a full database.

    python -m bench.footprint --users 50000 --events 1000

Fills a SQLite database (migrated, WAL) with ``--users`` registered people (every topic on)
and ``--events`` events, then starts ``python -m bot run`` against the fake Telegram and
measures:

- ``startup_s``: from spawning the process to its first ``getUpdates`` (migrations checked,
  command menu set, background service started);
- ``rss_mb``: the bot process's resident memory once it polls;
- ``audience_50k_ms``: resolving the audience "every subscriber" with the bot's own
  ``models.audiences.resolve`` (the query a mass mailing runs), median of 5.

References measured in the same run: a bare ``python -c "import aiogram"`` process (time and
memory of the interpreter plus aiogram), and the same ids fetched with one plain ``sqlite3``
query. The last line: ``startup_s=<n> rss_mb=<n> audience_50k_ms=<n>`` followed by the ratios.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from migrations.runner import upgrade
from models.audiences import Audience, resolve
from models.db import create_engine, create_session_factory
from sandbox.telegram import FakeTelegram
from tests.conftest import TOKEN

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ("events", "council", "law", "practices", "tos", "news")


def fill(path: Path, users: int, events: int) -> None:
    now = datetime.now(UTC).replace(tzinfo=None)
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO users (telegram_id, is_active, reminders_enabled, announcements_enabled,"
            " role, consent_version, consent_given_at, full_name, occupation, municipality_id,"
            " created_at, updated_at) VALUES (?, 1, 1, 1, 'user', 'bench', ?, ?, ?, ?, ?, ?)",
            [
                (
                    10_000_000 + i,
                    now,
                    f"Участник {i}",
                    ("municipal_employee", "tos_activist", "deputy", "other")[i % 4],
                    1 + i % 34,
                    now,
                    now,
                )
                for i in range(users)
            ],
        )
        conn.executemany(
            "INSERT INTO user_topics (user_id, topic) SELECT id, ? FROM users",
            [(t,) for t in TOPICS],
        )
        conn.executemany(
            "INSERT INTO events (title, description, kind, state, starts_at, going_count,"
            " reminder_offsets, created_at, updated_at, checkin_token, sequence,"
            " schedule_version) VALUES (?, '', 'seminar', 'published', ?, 0, '[1440, 120]',"
            " ?, ?, ?, 0, 0)",
            [
                (f"Семинар {i}", now + timedelta(days=10 + i % 300), now, now, f"tok{i}")
                for i in range(events)
            ],
        )


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def reference_process() -> tuple[float, float]:
    """Time and peak memory of a bare interpreter that imports aiogram."""
    started = time.perf_counter()
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            "import aiogram.types, resource; "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return time.perf_counter() - started, int(out.stdout.strip()) / 1024


async def main(users: int, events: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bot.db"
        url = f"sqlite+aiosqlite:///{db}"
        engine = create_engine(url)
        await upgrade(engine)
        fill(db, users, events)

        factory = create_session_factory(engine)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            async with factory() as session:
                everyone = await resolve(session, Audience(topics=frozenset()))
            timings.append((time.perf_counter() - started) * 1000)
        await engine.dispose()
        audience_ms = statistics.median(timings)
        raw = []
        for _ in range(5):
            started = time.perf_counter()
            with sqlite3.connect(db) as conn:
                conn.execute(
                    "SELECT telegram_id, id FROM users WHERE is_active AND consent_version IS NOT"
                    " NULL AND full_name IS NOT NULL AND announcements_enabled ORDER BY id"
                ).fetchall()
            raw.append((time.perf_counter() - started) * 1000)
        raw_ms = statistics.median(raw)

        async with FakeTelegram(token=TOKEN) as tg:
            env = {
                **{k: v for k, v in os.environ.items() if k not in {"BOT_TOKEN", "DATABASE_URL"}},
                "PYTHONPATH": str(ROOT),
                "BOT_TOKEN": TOKEN,
                "DATABASE_URL": url,
                "TELEGRAM_API_URL": tg.base_url,
                "LOG_LEVEL": "WARNING",
            }
            started = time.perf_counter()
            proc = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "bot", "run", cwd=tmp, env=env
            )
            try:
                await tg.wait_for(lambda: bool(tg.calls("getUpdates")), timeout=120)
                startup = time.perf_counter() - started
                await asyncio.sleep(1.0)  # let start-up work (planning, first claims) settle
                memory = rss_mb(proc.pid)
            finally:
                proc.kill()
                await proc.wait()

    ref_time, ref_memory = reference_process()
    print(f"users={users} events={events} audience={len(everyone)}")
    print(f"reference: python + import aiogram {ref_time:.2f} s, {ref_memory:.0f} MB")
    print(f"reference: plain sqlite3 query for the same ids {raw_ms:.1f} ms")
    print(
        f"startup_s={startup:.2f} rss_mb={memory:.0f} audience_50k_ms={audience_ms:.0f} "
        f"startup_ratio={startup / ref_time:.2f} rss_ratio={memory / ref_memory:.2f} "
        f"audience_ratio={audience_ms / raw_ms:.2f}"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50_000)
    parser.add_argument("--events", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(main(args.users, args.events))
