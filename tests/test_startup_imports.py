"""Start-up stays cheap (issue 20): the bot on an up-to-date database does not load Alembic
(with Mako and Pygments) nor the document libraries, which only building a file needs."""

from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from migrations.runner import MIGRATIONS_DIR, alembic_config, script_heads, upgrade_url
from texts import Texts

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("alembic", "mako", "pygments", "openpyxl", "icalendar", "redis")


def test_script_heads_are_alembics_heads() -> None:
    cfg = alembic_config("sqlite://")
    assert script_heads() == tuple(sorted(ScriptDirectory.from_config(cfg).get_heads()))
    assert script_heads(MIGRATIONS_DIR / "versions")


def test_an_up_to_date_database_starts_without_alembic_or_document_libraries(
    tmp_path: Path,
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
    asyncio.run(upgrade_url(url))  # migrated by this process; the bot's process only checks
    probe = (
        "import asyncio, sys\n"
        "import bot.__main__\n"
        "from migrations.runner import upgrade_url\n"
        f"asyncio.run(upgrade_url({url!r}))\n"
        f"print(sorted(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


async def test_a_new_database_is_still_migrated(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'new.db'}"
    await upgrade_url(url)
    with sqlite3.connect(tmp_path / "new.db") as conn:
        rows = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    assert tuple(sorted(r[0] for r in rows)) == script_heads()


def test_a_broken_text_file_still_stops_start_up_naming_its_line(tmp_path: Path) -> None:
    (tmp_path / "a.ftl").write_text("good = Хорошо\n\nbad = { $\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"a\.ftl:3: Fluent syntax error"):
        Texts(tmp_path)
    (tmp_path / "a.ftl").write_text("good = Хорошо\n", encoding="utf-8")
    (tmp_path / "b.ftl").write_text("good = Снова\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"key 'good' is also in a\.ftl"):
        Texts(tmp_path)
    (tmp_path / "b.ftl").write_text("other = Другое { $n }\n", encoding="utf-8")
    assert Texts(tmp_path).plain("other", n=5) == "Другое 5"
