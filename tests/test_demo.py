"""`make demo` without a browser: the page's JSON API over the stand-in, the seed data, the
text rendering, and `make run` without a token pointing at the demo."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, FormData
from sqlalchemy import func, select

from bot.__main__ import main as cli_main
from bot.demo import Demo, running_demo
from bot.demo_seed import seed
from models.events import Event
from models.proposals.entities import Proposal
from models.users import Role, User
from sandbox.telegram import tiny_png
from sandbox.web import CHANNEL_ID
from sandbox.web.render import to_html
from texts import t

pytestmark = pytest.mark.slow
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)

MEMBER = 1003  # the municipal employee from Мыски
ADMIN = 1001


@pytest.fixture
async def demo(database_url: str) -> AsyncIterator[Demo]:
    async with running_demo(port=0, with_seed=True, database_url=database_url) as running:
        # The seeded events' announcements go out through the outbox, as in production.
        await running.tg.wait_for(lambda: len(running.tg.chat(MEMBER).texts()) >= 3, 15)
        yield running


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession() as session:
        yield session


async def poll(http: ClientSession, demo: Demo, persona: int, chat: int | None = None) -> Any:
    params = {"persona": persona, "chat": chat or persona, "version": -1}
    async with http.get(f"{demo.url}/api/poll", params=params) as resp:
        assert resp.status == 200, await resp.text()
        return await resp.json()


async def post(http: ClientSession, demo: Demo, path: str, body: dict[str, Any]) -> int:
    async with http.post(f"{demo.url}{path}", json=body) as resp:
        return resp.status


def test_page_markup_is_rebuilt_from_entities_and_escaped() -> None:
    text = "Итоги <script>alert(1)</script> /help и </b> t.me/demo_bot?start=event_1."
    html = to_html(text, [{"type": "bold", "offset": 0, "length": 5}])
    assert html.startswith("<b>Итоги</b> &lt;script&gt;")
    assert "<script>" not in html
    assert 'data-cmd="/help"' in html
    assert 'data-cmd="/b"' not in html  # a closing tag in a text is not a command
    assert 'href="https://t.me/demo_bot?start=event_1"' in html  # the full stop stays out
    # UTF-16 offsets: an emoji counts twice.
    assert to_html("😀 жирно", [{"type": "bold", "offset": 3, "length": 5}]) == "😀 <b>жирно</b>"
    link = to_html(
        "сайт", [{"type": "text_link", "offset": 0, "length": 4, "url": 'x" onclick="'}]
    )
    assert 'onclick="' not in link


@SQLITE
async def test_seeded_demo_serves_people_their_own_chats(demo: Demo, http: ClientSession) -> None:
    async with http.get(f"{demo.url}/api/bootstrap") as resp:
        boot = await resp.json()
    assert boot["bot"]["username"] == demo.tg.bot_user["username"]
    assert [c["id"] for c in boot["channels"]] == [CHANNEL_ID]
    roles = {p["id"]: p["role"] for p in boot["personas"]}
    assert roles[ADMIN] == "admin"
    # Seeded: every persona is registered; the moderator has the role; three events, the
    # proposals and the law are in; the announcements reach the personas and the channel.
    async with demo.app.session_factory() as session:
        users = {u.telegram_id: u for u in await session.scalars(select(User))}
        assert all(users[p["id"]].is_registered for p in boot["personas"])
        assert users[1002].role is Role.MODERATOR
        assert await session.scalar(select(func.count()).select_from(Event)) == 3
        assert await session.scalar(select(func.count()).select_from(Proposal)) == 3
    await demo.tg.wait_for(lambda: len(demo.tg.chat(CHANNEL_ID).texts()) >= 3, 15)
    view = await poll(http, demo, MEMBER)
    going = t.plain("events-answer-labels-going")
    assert all(going in str(m["inline"]) for m in view["chat"]["messages"])
    # The admin sees the admin menu (getMyCommands for their chat), a member does not.
    admin_menu = {c["command"] for c in (await poll(http, demo, ADMIN))["commands"]}
    member_menu = {c["command"] for c in view["commands"]}
    assert "admin" in admin_menu and "admin" not in member_menu and "start" in member_menu
    # A second seed adds nothing.
    assert not await seed(demo.app.session_factory, demo.personas, ADMIN, tz=demo.app.settings.tz)


@SQLITE
async def test_press_send_upload_and_download_through_the_page_api(
    demo: Demo, http: ClientSession
) -> None:
    # «Пойду» on the first announcement, as the page presses: message id, row, column.
    first = (await poll(http, demo, MEMBER))["chat"]["messages"][0]
    press = {"persona": MEMBER, "chat": MEMBER, "message": first["id"], "row": 0, "col": 0}
    seen = len(demo.tg.callback_answers)
    assert await post(http, demo, "/api/press", press) == 200
    await demo.tg.wait_for(lambda: len(demo.tg.callback_answers) > seen, 10)
    async with http.get(
        f"{demo.url}/api/poll",
        params={"persona": MEMBER, "version": -1, "answers": seen},
    ) as resp:
        answers = (await resp.json())["answers"]
    assert [a["text"] for a in answers] == [t.plain("rsvp-saved-going")]
    edited = (await poll(http, demo, MEMBER))["chat"]["messages"][0]
    assert edited["id"] == first["id"] and edited["edited"]
    # The calendar file the bot sends can be downloaded under its name.
    await demo.tg.user(MEMBER).press(t.plain("events-calendar-btn"), message_id=first["id"])
    await demo.tg.wait_for(lambda: demo.tg.chat(MEMBER).last_message().file is not None, 10)  # type: ignore[union-attr]
    last = (await poll(http, demo, MEMBER))["chat"]["messages"][-1]
    async with http.get(f"{demo.url}{last['file']['url']}", params={"download": "1"}) as resp:
        assert resp.headers["Content-Disposition"].startswith("attachment; filename*=UTF-8''")
        assert (await resp.read()).startswith(b"BEGIN:VCALENDAR")
    # A person sends a document and a photo: they reach the bot as Telegram would send them.
    form = FormData()
    form.add_field("persona", str(MEMBER))
    form.add_field("kind", "document")
    form.add_field("file", b"law text", filename="zakon.txt", content_type="text/plain")
    async with http.post(f"{demo.url}/api/upload", data=form) as resp:
        assert resp.status == 200
    photo = FormData()
    photo.add_field("persona", str(MEMBER))
    photo.add_field("kind", "photo")
    photo.add_field("caption", "фото с семинара")
    photo.add_field("file", tiny_png(), filename="a.png", content_type="image/png")
    async with http.post(f"{demo.url}/api/upload", data=photo) as resp:
        assert resp.status == 200
    # The sample law text goes with one click; with /law_upload as caption the admin loads it.
    sample = {"persona": ADMIN, "name": "law_demo.txt", "caption": "/law_upload"}
    assert await post(http, demo, "/api/sample", sample) == 200
    await demo.tg.chat(ADMIN).wait_for_text("статей: 7", 15)
    sent = demo.tg.chat(MEMBER).user_messages
    assert sent[-2].document is not None and sent[-2].document["file_name"] == "zakon.txt"
    assert sent[-1].photo is not None and sent[-1].caption == "фото с семинара"


@SQLITE
async def test_page_api_refuses_what_a_person_could_not_do(
    demo: Demo, http: ClientSession
) -> None:
    # Someone else's chat, an unknown persona, a message or button that is not there.
    async with http.get(f"{demo.url}/api/poll", params={"persona": MEMBER, "chat": ADMIN}) as r:
        assert r.status == 404
    assert await post(http, demo, "/api/send", {"persona": 777, "text": "hi"}) == 404
    assert await post(http, demo, "/api/send", {"persona": MEMBER, "text": " "}) == 400
    assert await post(http, demo, "/api/send", {"persona": MEMBER, "text": "я" * 5000}) == 400
    forged = {"persona": MEMBER, "chat": MEMBER, "message": 999, "row": 0, "col": 0}
    assert await post(http, demo, "/api/press", forged) == 404
    first = (await poll(http, demo, MEMBER))["chat"]["messages"][0]
    wrong = {**forged, "message": first["id"], "row": 9}
    assert await post(http, demo, "/api/press", wrong) == 400
    assert await post(http, demo, "/api/personas", {"first_name": "  "}) == 400
    assert await post(http, demo, "/api/sample", {"persona": MEMBER, "name": "../x"}) == 404
    # A name with markup is kept as typed (the page shows it as text).
    async with http.post(f"{demo.url}/api/personas", json={"first_name": "<b>Ира</b>"}) as r:
        made = await r.json()
    assert made["name"] == "<b>Ира</b>" and made["id"] >= 5001
    # The long poll answers as soon as something changes.
    version = (await poll(http, demo, made["id"]))["version"]
    waiting = asyncio.create_task(
        http.get(f"{demo.url}/api/poll", params={"persona": made["id"], "version": version})
    )
    await asyncio.sleep(0.05)
    assert await post(http, demo, "/api/send", {"persona": made["id"], "text": "/start"}) == 200
    async with asyncio.timeout(5):
        resp = await waiting
    assert (await resp.json())["version"] > version
    resp.release()


def test_run_without_a_token_points_at_the_demo(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)  # no .env here
    monkeypatch.delenv("BOT_TOKEN", raising=False)
    # In-process: keep this test process's umask and logging as they are.
    monkeypatch.setattr(os, "umask", lambda mask: 0o022)
    monkeypatch.setattr("bot.__main__.setup_logging", lambda *args: None)
    assert cli_main(["run"]) == 2
    err = capsys.readouterr().err
    assert t.plain("cli-no-token").splitlines()[0] in err
    assert t.plain("cli-try-demo").splitlines()[0] in err
