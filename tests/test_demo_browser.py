"""`make demo` in a real browser: Playwright drives Debian's Chromium through the chat page,
which talks to the real bot through the built-in Telegram stand-in.

The story: a new persona registers (consent, profile), the admin creates and publishes an
event, the member opens the channel post's deep link, presses «Пойду» and downloads the .ics.
Screenshots go to DEMO_SCREENSHOTS (or the test's tmp directory). Without Chromium or
Playwright the test is skipped; with CI=true it fails.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.demo import Demo, running_demo
from models.base import utcnow
from models.events import EventKind
from models.topics import Topic
from models.users import Occupation
from sandbox.web import CHANNEL_ID
from tests.services import IN_CI
from texts import t

try:
    from playwright.async_api import Browser, Page, async_playwright, expect
except ImportError:  # pragma: no cover - the dev extras install it
    async_playwright = None  # type: ignore[assignment]

pytestmark = [
    pytest.mark.slow,
    # One long story in a real browser; on a loaded CI machine it takes a minute or more.
    pytest.mark.timeout(300),
    pytest.mark.parametrize("database_url", ["sqlite"], indirect=True),
]

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
TZ = ZoneInfo("Asia/Novokuznetsk")
TITLE = "Семинар <b>по грантам</b> для ТОС"
WAIT_MS = 15_000
LAW = Path(__file__).resolve().parents[1] / "bot" / "demo_data" / "law_demo.txt"


def _require_browser() -> None:
    missing = None
    if async_playwright is None:
        missing = "the playwright package is not installed (pip install -e '.[dev]')"
    elif not Path(CHROMIUM).exists():
        missing = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if missing is None:
        return
    if IN_CI:
        pytest.fail(f"{missing}; CI=true requires it", pytrace=False)
    pytest.skip(missing)


def _shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DEMO_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _plain(key: str, **args: object) -> str:
    """What the page shows of a text: no tags, first line."""
    return re.sub(r"<[^>]+>", "", t.plain(key, **args)).splitlines()[0].strip()


def _local(delta: timedelta) -> str:
    return (utcnow() + delta).astimezone(TZ).strftime("%d.%m.%Y %H:%M")


@pytest.fixture
async def demo(database_url: str) -> AsyncIterator[Demo]:
    _require_browser()
    async with running_demo(port=0, database_url=database_url) as running:
        yield running


@pytest.fixture
async def page(demo: Demo) -> AsyncIterator[Page]:
    assert async_playwright is not None
    async with async_playwright() as pw:
        browser: Browser = await pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--headless"]
        )
        try:
            context = await browser.new_context(
                viewport={"width": 1280, "height": 860}, accept_downloads=True, locale="ru-RU"
            )
            tab = await context.new_page()
            tab.set_default_timeout(WAIT_MS)
            errors: list[str] = []
            tab.on("pageerror", lambda exc: errors.append(str(exc)))
            await tab.goto(demo.url)
            yield tab
            assert not errors, f"JavaScript errors on the page: {errors}"
        finally:
            await browser.close()


async def bot_says(page: Page, text: str) -> None:
    await expect(page.get_by_test_id("bot-message").filter(has_text=text).last).to_be_visible()


async def type_in(page: Page, text: str) -> None:
    box = page.get_by_test_id("input")
    await box.fill(text)
    await box.press("Enter")
    await expect(page.get_by_test_id("my-message").filter(has_text=text[:40]).last).to_be_visible()


async def tap(page: Page, label: str) -> None:
    """Press the inline button ``label`` on the newest bot message that has it."""
    message = page.get_by_test_id("bot-message").filter(
        has=page.get_by_role("button", name=label, exact=True)
    )
    await message.last.get_by_role("button", name=label, exact=True).click()


async def as_persona(page: Page, persona_id: int) -> None:
    await page.get_by_test_id("persona-switch").click()
    await page.locator(f'[data-persona="{persona_id}"]').click()
    await expect(page.locator(".chat-item.active")).to_have_attribute("data-chat", str(persona_id))


async def step_register(page: Page, shots: Path) -> int:
    """A new persona made on the page registers: consent, name, occupation, municipality."""
    await page.get_by_test_id("persona-switch").click()
    await page.get_by_test_id("persona-new").click()
    await page.get_by_test_id("new-first-name").fill("Наталья")
    await page.get_by_test_id("new-last-name").fill("Орлова")
    await page.get_by_test_id("new-persona-create").click()
    await expect(page.locator("#me-name")).to_have_text("Наталья Орлова")
    # The bot's command menu, as the bot set it (getMyCommands).
    await page.get_by_test_id("menu-button").click()
    start = page.get_by_test_id("command").filter(has_text="/start")
    await expect(start).to_contain_text(t.plain("commands-start"))
    await start.click()
    await bot_says(page, "152-ФЗ")
    await tap(page, t.plain("consent-yes"))
    await bot_says(page, _plain("ask-name"))
    await type_in(page, "Орлова Наталья")
    await bot_says(page, _plain("ask-occupation"))
    await tap(page, t.label(Occupation.TOS_ACTIVIST))
    await bot_says(page, "Выберите ваш муниципалитет")
    await type_in(page, "новокузнецк")
    await tap(page, "Новокузнецкий городской округ")
    await bot_says(page, _plain("registration-done", name="Орлова Наталья"))
    # The main menu is the reply keyboard under the input.
    await expect(page.get_by_test_id("reply-button").first).to_be_visible()
    await page.screenshot(path=shots / "01-registered.png")
    return int(await page.locator(".chat-item.active").get_attribute("data-chat") or 0)


async def attach(page: Page, kind: str, path: Path, caption: str = "") -> None:
    """📎 → «Фото» / «Файл» → choose the file → caption → «Отправить»."""
    await page.get_by_test_id("attach").click()
    async with page.expect_file_chooser() as chooser:
        await page.get_by_test_id(f"attach-{kind}").click()
    await (await chooser.value).set_files(path)
    await page.get_by_test_id("upload-caption").fill(caption)
    await page.get_by_test_id("upload-send").click()


async def step_admin_uploads_the_law(page: Page, admin_id: int) -> None:
    """A document from the person's disk reaches the bot: the law text, then «confirm»."""
    await as_persona(page, admin_id)
    await attach(page, "file", LAW, "/law_upload")
    mine = page.get_by_test_id("my-message").filter(has_text=LAW.name)
    await expect(mine).to_be_visible()
    await bot_says(page, "статей: 7")
    await tap(page, t.plain("proposals-law-btn-confirm"))
    await bot_says(page, f"Текст закона загружен: «{LAW.name}»")


async def step_admin_publishes(page: Page, shots: Path, admin_id: int) -> None:
    await type_in(page, "/event_new")
    await bot_says(page, "Создаём мероприятие")
    await type_in(page, TITLE)
    await type_in(page, "Условия конкурса и типичные ошибки в заявках")
    await tap(page, t.label(EventKind.SEMINAR))
    await type_in(page, _local(timedelta(days=3)))
    await type_in(page, _local(timedelta(days=3, hours=2)))
    await type_in(page, "Кемерово, пр. Советский, 58")
    await type_in(page, "1")
    await tap(page, t.plain("events-no-deadline-btn"))
    await tap(page, t.label(Topic.EVENTS))
    await tap(page, t.plain("events-all-municipalities-btn"))
    await tap(page, t.plain("events-default-offsets-btn"))
    await bot_says(page, "Мест: 1, свободно: 1")
    await tap(page, t.plain("events-publish-btn"))
    await bot_says(page, "Опубликовано")
    await page.screenshot(path=shots / "02-admin-published.png")


async def step_member_goes_and_downloads(page: Page, shots: Path, member: int) -> bytes:
    await as_persona(page, member)
    # The announcement reaches the new subscriber through the outbox.
    await bot_says(page, "Анонс")
    # The channel is its own chat; its post's button is a deep link into the bot.
    await page.locator(f'[data-chat="{CHANNEL_ID}"]').click()
    post = page.get_by_test_id("bot-message").filter(has_text=TITLE).last
    await expect(post).to_be_visible()
    await page.screenshot(path=shots / "03-channel.png")
    going = t.plain("events-answer-labels-going")
    cards = page.get_by_test_id("bot-message").filter(
        has=page.get_by_role("button", name=going, exact=True)
    )
    await post.get_by_test_id("inline-button").first.click()
    await expect(
        page.get_by_test_id("my-message").filter(has_text="/start event_")
    ).to_be_visible()
    await expect(cards).to_have_count(2)  # the announcement, then the card the link opened
    await tap(page, going)
    await expect(page.get_by_test_id("toasts")).to_contain_text(t.plain("rsvp-saved-going"))
    # The card is edited in place: the chosen answer is marked.
    chosen = t.plain("events-answer-chosen", label=going)
    await expect(page.get_by_role("button", name=chosen).last).to_be_visible()
    await tap(page, t.plain("events-calendar-btn"))
    ics = page.get_by_test_id("bot-message").filter(has_text=".ics").last
    await expect(ics).to_be_visible()
    await page.screenshot(path=shots / "04-going-ics.png")
    # A person sends a photo too; the page shows it as sent.
    await attach(page, "photo", shots / "03-channel.png", "фото с семинара")
    await expect(page.get_by_test_id("my-message").locator("img.photo").last).to_be_visible()
    await page.screenshot(path=shots / "05-photo-sent.png")
    async with page.expect_download() as info:
        await ics.get_by_test_id("file-download").click()
    download = await info.value
    assert download.suggested_filename.endswith(".ics")
    target = shots / download.suggested_filename
    await download.save_as(target)
    return await asyncio.to_thread(target.read_bytes)


async def step_admin_gets_the_waitlist_alert(page: Page, shots: Path, admin_id: int) -> None:
    """The one seat is taken: the admin's «Пойду» is answered with an alert (a dialog)."""
    await as_persona(page, admin_id)
    await bot_says(page, "Анонс")
    await tap(page, t.plain("events-answer-labels-going"))
    dialog = page.get_by_test_id("alert")
    await expect(dialog).to_contain_text(t.plain("rsvp-waitlist", position=1))
    await page.screenshot(path=shots / "06-alert.png")
    await page.get_by_test_id("alert-ok").click()
    await expect(dialog).to_be_hidden()


async def test_register_publish_go_and_download_the_ics(
    demo: Demo, page: Page, tmp_path: Path
) -> None:
    shots = _shots(tmp_path)
    member = await step_register(page, shots)
    assert member >= 5001
    admin = min(demo.personas.ids_with_role("admin"))
    await step_admin_uploads_the_law(page, admin)
    await step_admin_publishes(page, shots, admin)
    data = await step_member_goes_and_downloads(page, shots, member)
    await step_admin_gets_the_waitlist_alert(page, shots, admin)
    # A deep link given as the page's address opens in the persona's chat as well.
    await page.goto(f"{demo.url}/?persona={member}&start=event_1")
    opened = page.get_by_test_id("my-message").filter(has_text="/start event_1")
    await expect(opened).to_have_count(2)
    assert data.startswith(b"BEGIN:VCALENDAR")
    assert "по грантам".encode() in data
    # What the page showed came from the stand-in: the bot really recorded the answer.
    assert any(call.ok for call in demo.tg.calls("answerCallbackQuery"))
    keep = os.environ.get("DEMO_SCREENSHOTS_COPY")
    if keep:
        for shot in sorted(shots.glob("*.png")):
            shutil.copy(shot, Path(keep) / shot.name)
