"""The law upload through the real app (build_app + serve, the fake Telegram): a zip bomb is
refused in under a second and a large real text is parsed off the event loop, while another
person's /help is answered at once; the Kemerovo .docx with automatic numbering loads with its
parts and points and becomes current only after the confirmation."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator

import pytest

from bot.config import Settings
from models.proposals import law
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.harness import running_bot
from tests.lawdocs import KEMEROVO_TXT, auto_numbered_docx, zip_bomb_docx
from texts import t

pytestmark = pytest.mark.slow

OTHER = 7301
HELP_MARK = "Обсуждение актов"
BIG_ARTICLE = (
    "Статья {n}. Заголовок статьи {n}\n1. Первая часть статьи с текстом для проверки.\n"
    "1) пункт первый;\n2) пункт второй:\nа) подпункт;\nб) подпункт;\n2. Вторая часть.\n"
    "(в ред. Закона Кемеровской области от 03.05.2012 № 42-ОЗ)\n"
)


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


async def _help_latency(tg: FakeTelegram, other: int) -> float:
    """/help from a person who has not written yet (one message a second per chat is the
    bot's own limit, not what is measured here)."""
    started = time.perf_counter()
    await tg.user(other).send("/help")
    await tg.chat(other).wait_for_text(HELP_MARK)
    return time.perf_counter() - started


async def test_bomb_and_big_text_do_not_hold_the_bot(tg: FakeTelegram, settings: Settings) -> None:
    admin, admin_chat = tg.user(ADMIN_ID, first_name="Админ"), tg.chat(ADMIN_ID)
    async with running_bot(tg, settings, concurrent=True) as app:  # as production runs
        await _help_latency(tg, OTHER)  # warmed up
        # A 100 MB zip bomb (~100 KB file): refused before inflating, /help meanwhile.
        bomb = zip_bomb_docx(100)
        started = time.perf_counter()
        await admin.send_document(bomb, filename="bomb.docx", caption="/law_upload", wait=False)
        help_latency = await _help_latency(tg, OTHER + 1)
        await admin_chat.wait_for_text("Файл не принят")
        refused_after = time.perf_counter() - started
        assert t.plain("proposals-law-bomb") in admin_chat.last_text()
        assert refused_after < 1.0, refused_after
        assert help_latency < 1.0, help_latency
        # A 1.8 MB text with 3 600 articles: parsed in a worker thread.
        await asyncio.sleep(1.1)  # the admin's chat may be written to again (1 per second)
        big = "".join(BIG_ARTICLE.format(n=n) for n in range(1, 3600)).encode("cp1251")
        started = time.perf_counter()
        await admin.send_document(big, filename="big.txt", caption="/law_upload", wait=False)
        help_latency = await _help_latency(tg, OTHER + 2)
        await admin_chat.wait_for_text("Что получилось из «big.txt»", new=False)
        parsed_after = time.perf_counter() - started
        print(
            f"bomb refused {refused_after:.3f} s; big text {parsed_after:.3f} s; "
            f"/help during it {help_latency:.3f} s"
        )
        assert help_latency < 1.0, help_latency
        async with app.session_factory() as session:
            assert await law.current_version(session) is None  # not confirmed yet


async def test_word_auto_numbered_law_loads_after_confirmation(
    tg: FakeTelegram, settings: Settings
) -> None:
    admin, admin_chat = tg.user(ADMIN_ID, first_name="Админ"), tg.chat(ADMIN_ID)
    async with running_bot(tg, settings) as app:
        data = auto_numbered_docx(KEMEROVO_TXT.read_text(encoding="utf-8"))
        await admin.send_document(data, filename="135-oz.docx", caption="/law_upload")
        summary = admin_chat.last_text()
        assert "Глав: 3, статей: 7, частей: 9, пунктов: 7, подпунктов: 3." in summary
        assert "Глава 2. Формы и порядок взаимодействия" in summary
        assert "Статья 3-1. Совещания — частей: 2, пунктов: 0" in summary
        assert "Статья 5. Утратила силу." in summary and "утратила силу" in summary
        async with app.session_factory() as session:
            assert await law.current_version(session) is None
        await admin.press(t.plain("proposals-law-btn-confirm"))
        assert admin_chat.last_text().startswith("Текст закона загружен: «135-oz.docx», статей: 7")
        async with app.session_factory() as session:
            current = await law.current_law(session)
        assert current is not None and current.counts() == (7, 9, 7, 3)
        answer = await admin.press(t.plain("proposals-law-btn-confirm"))
        assert answer is not None and answer.text == t.plain("proposals-law-expired")
        # a new version, from Notepad in cp1251: staff are shown at once what it changed
        text = KEMEROVO_TXT.read_text(encoding="utf-8").replace(
            "Настоящий Закон определяет формы и порядок взаимодействия.",
            "Настоящий Закон определяет формы, порядок и сроки взаимодействия.",
        )
        await asyncio.sleep(1.1)
        await admin.send_document(text.encode("cp1251"), filename="v2.txt", caption="/law_upload")
        await admin.press(t.plain("proposals-law-btn-confirm"))
        changes = next(m for m in admin_chat.texts() if m.startswith("Что изменилось"))
        assert "«v2.txt»" in changes and "«135-oz.docx»" in changes
        assert "ст. 1 — изменено" in changes and "+«сроки»" in changes, changes
