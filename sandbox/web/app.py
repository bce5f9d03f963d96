"""The demo's web page: a Telegram-like chat client over the stand-in's person API.

A small JSON API (personas, chats, messages, sending, pressing, uploading, files, a long
poll) plus the static page in ``static/``. It uses only the stand-in's objects — what a
Telegram app sees — never the bot's code.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from pathlib import Path
from typing import Any
from urllib.parse import quote

from aiohttp import web

from sandbox.telegram import FakeTelegram, FakeTelegramError, Person

from .personas import CHANNEL_ID, Persona, PersonaBook
from .views import answer_json, chat_json, file_json, preview_json

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
# Longest wait of one /api/poll (the page asks again at once).
POLL_SECONDS = 20.0
MAX_UPLOAD = 20 * 1024 * 1024
TEXT_LIMIT = 4096

TG_KEY = web.AppKey("tg", FakeTelegram)
BOOK_KEY = web.AppKey("personas", PersonaBook)
CHANNELS_KEY: web.AppKey[list[int]] = web.AppKey("channels")
TASKS_KEY: web.AppKey[set[asyncio.Task[Any]]] = web.AppKey("tasks")
# Files a person may send with one click (e.g. a law text to try /law_upload), by name.
SAMPLES_KEY: web.AppKey[dict[str, Path]] = web.AppKey("samples")


def _json_error(status: int, message: str) -> web.HTTPException:
    error = web.HTTPBadRequest if status == 400 else web.HTTPNotFound
    return error(text=json.dumps({"error": message}), content_type="application/json")


def _person(request: web.Request, persona_id: Any) -> tuple[Persona, Person]:
    try:
        number = int(persona_id)
    except (TypeError, ValueError):
        raise _json_error(400, "persona must be a number") from None
    persona = request.app[BOOK_KEY].get(number)
    if persona is None:
        raise _json_error(404, f"no persona {number}")
    return persona, ensure_person(request.app[TG_KEY], persona)


def ensure_person(tg: FakeTelegram, persona: Persona) -> Person:
    """The stand-in's user for this persona (created on first use)."""
    return tg.user(
        persona.id,
        persona.first_name,
        last_name=persona.last_name or None,
        username=persona.username or None,
    )


def _visible_chats(request: web.Request, persona_id: int) -> list[int]:
    return [persona_id, *request.app[CHANNELS_KEY]]


def _chat_of(request: web.Request, persona_id: int, raw: Any) -> int:
    try:
        chat_id = int(raw) if raw not in (None, "") else persona_id
    except ValueError:
        raise _json_error(400, "chat must be a number") from None
    if chat_id not in _visible_chats(request, persona_id):
        raise _json_error(404, "this persona does not see that chat")
    return chat_id


def _background(request: web.Request, coro: Any) -> None:
    """Run a person's action without holding the page's request (errors go to the log)."""
    tasks: set[asyncio.Task[Any]] = request.app[TASKS_KEY]
    task = asyncio.create_task(coro)
    tasks.add(task)

    def done(finished: asyncio.Task[Any]) -> None:
        tasks.discard(finished)
        if not finished.cancelled() and finished.exception() is not None:
            log.warning("demo action failed: %s", finished.exception())

    task.add_done_callback(done)


async def _body(request: web.Request) -> dict[str, Any]:
    try:
        data = await request.json()
    except ValueError:
        raise _json_error(400, "expected a JSON object") from None
    if not isinstance(data, dict):
        raise _json_error(400, "expected a JSON object")
    return data


# -- handlers --------------------------------------------------------------------------------


async def index(request: web.Request) -> web.StreamResponse:
    return web.FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})


async def bootstrap(request: web.Request) -> web.Response:
    tg = request.app[TG_KEY]
    samples: dict[str, Path] = request.app[SAMPLES_KEY]
    channels = []
    for chat_id in request.app[CHANNELS_KEY]:
        info = tg.chat(chat_id).info
        channels.append(
            {"id": chat_id, "title": info.get("title", ""), "username": info.get("username")}
        )
    return web.json_response(
        {
            "bot": {
                "id": tg.bot_id,
                "username": tg.bot_user["username"],
                "name": tg.bot_user["first_name"],
            },
            "personas": [p.public() for p in request.app[BOOK_KEY]],
            "channels": channels,
            "samples": sorted(samples),
        }
    )


async def create_persona(request: web.Request) -> web.Response:
    data = await _body(request)
    try:
        persona = request.app[BOOK_KEY].create(
            str(data.get("first_name", "")),
            str(data.get("last_name", "")),
            str(data.get("about", "")),
        )
    except ValueError as exc:
        raise _json_error(400, str(exc)) from None
    ensure_person(request.app[TG_KEY], persona)
    return web.json_response(persona.public())


def _commands(tg: FakeTelegram, persona_id: int) -> list[dict[str, Any]]:
    """The menu a Telegram app shows this person: the narrowest scope the bot set."""
    scopes: list[dict[str, Any] | None] = [
        {"type": "chat", "chat_id": persona_id},
        {"type": "all_private_chats"},
        None,
    ]
    for scope in scopes:
        for language in ("ru", ""):
            found = tg.commands_for(scope, language)
            if found:
                return found
    return []


def _answers(tg: FakeTelegram, persona_id: int, seen: int) -> list[dict[str, Any]]:
    found = []
    for number, answer in enumerate(tg.callback_answers[seen:], start=seen):
        mine = answer.query is not None and answer.query.user_id == persona_id
        if mine and (answer.text or answer.url):
            found.append(answer_json(number, answer))
    return found


async def poll(request: web.Request) -> web.Response:
    """Wait for a change past ``version`` (at most POLL_SECONDS), then the whole view."""
    tg = request.app[TG_KEY]
    persona, _ = _person(request, request.query.get("persona"))
    chat_id = _chat_of(request, persona.id, request.query.get("chat"))
    try:
        version = int(request.query.get("version", "-1"))
        seen = int(request.query.get("answers", str(len(tg.callback_answers))))
    except ValueError:
        raise _json_error(400, "version and answers are numbers") from None
    if version >= 0:
        await tg.wait_changed(version, POLL_SECONDS)
    return web.json_response(
        {
            "version": tg.version,
            "chat": chat_json(tg.chat(chat_id)),
            "chats": [preview_json(tg.chat(c)) for c in _visible_chats(request, persona.id)],
            "commands": _commands(tg, persona.id),
            "answers": _answers(tg, persona.id, max(seen, 0)),
            "answers_seen": len(tg.callback_answers),
        }
    )


async def send(request: web.Request) -> web.Response:
    data = await _body(request)
    _, person = _person(request, data.get("persona"))
    text = str(data.get("text", "")).strip()
    if not text:
        raise _json_error(400, "empty message")
    if len(text) > TEXT_LIMIT:
        raise _json_error(400, f"a message is at most {TEXT_LIMIT} characters")
    if data.get("reply_button"):
        try:
            await person.press_reply(text, wait=False)
        except FakeTelegramError:
            await person.send(text, wait=False)  # the keyboard changed meanwhile
    else:
        await person.send(text, wait=False)
    return web.json_response({"ok": True})


async def press(request: web.Request) -> web.Response:
    """Press inline button [row][col] of a bot message: a callback goes to the bot (its
    answer comes with the next poll); a URL button gives its address back."""
    data = await _body(request)
    persona, person = _person(request, data.get("persona"))
    chat_id = _chat_of(request, persona.id, data.get("chat"))
    tg = request.app[TG_KEY]
    try:
        msg = tg.chat(chat_id).message(int(data["message"]))
        button = msg.inline_keyboard[int(data["row"])][int(data["col"])] if msg else None
    except (KeyError, ValueError, TypeError, IndexError):
        raise _json_error(400, "no such button") from None
    if msg is None or button is None or msg.deleted:
        raise _json_error(404, "no such message")
    if isinstance(button.get("url"), str):
        return web.json_response({"url": button["url"]})
    label = str(button.get("text", ""))
    _background(request, person.press(label, message_id=msg.message_id, chat=chat_id))
    return web.json_response({"ok": True})


async def upload(request: web.Request) -> web.Response:
    """A person sends a file (``kind=document``) or a photo (``kind=photo``)."""
    form = await request.post()
    _, person = _person(request, form.get("persona"))
    field = form.get("file")
    if not isinstance(field, web.FileField):
        raise _json_error(400, "no file")
    data = field.file.read()
    if not data:
        raise _json_error(400, "the file is empty")
    caption = str(form.get("caption") or "").strip() or None
    if form.get("kind") == "photo":
        await person.send_photo(data, caption=caption, wait=False)
    else:
        await person.send_document(
            data,
            filename=field.filename or "file",
            mime_type=field.content_type or None,
            caption=caption,
            wait=False,
        )
    return web.json_response({"ok": True})


async def send_sample(request: web.Request) -> web.Response:
    """A person sends one of the sample files as a document."""
    data = await _body(request)
    _, person = _person(request, data.get("persona"))
    path = request.app[SAMPLES_KEY].get(str(data.get("name", "")))
    if path is None:
        raise _json_error(404, "no such sample")
    caption = str(data.get("caption") or "").strip() or None
    content = await asyncio.to_thread(path.read_bytes)
    await person.send_document(content, filename=path.name, caption=caption, wait=False)
    return web.json_response({"ok": True})


async def download(request: web.Request) -> web.StreamResponse:
    stored = request.app[TG_KEY].files.get(request.match_info["file_id"])
    if stored is None:
        raise _json_error(404, "no such file")
    info = file_json(stored)
    mode = "attachment" if request.query.get("download") else "inline"
    return web.Response(
        body=stored.data,
        content_type=info["mime"].split(";")[0],
        headers={"Content-Disposition": f"{mode}; filename*=UTF-8''{quote(info['name'])}"},
    )


def create_app(
    tg: FakeTelegram,
    personas: PersonaBook,
    channels: list[int],
    samples: list[Path] | None = None,
) -> web.Application:
    """The page's aiohttp app over a running stand-in."""
    app = web.Application(client_max_size=MAX_UPLOAD)
    app[TG_KEY] = tg
    app[BOOK_KEY] = personas
    app[CHANNELS_KEY] = list(channels)
    app[TASKS_KEY] = set()
    app[SAMPLES_KEY] = {path.name: path for path in samples or []}
    for persona in personas:
        ensure_person(tg, persona)
    app.router.add_get("/", index)
    app.router.add_get("/api/bootstrap", bootstrap)
    app.router.add_post("/api/personas", create_persona)
    app.router.add_get("/api/poll", poll)
    app.router.add_post("/api/send", send)
    app.router.add_post("/api/press", press)
    app.router.add_post("/api/upload", upload)
    app.router.add_post("/api/sample", send_sample)
    app.router.add_get("/api/files/{file_id}", download)
    app.router.add_static("/static/", STATIC)

    async def stop_tasks(_: web.Application) -> None:
        pending: set[asyncio.Task[Any]] = app[TASKS_KEY]
        for task in list(pending):
            task.cancel()
            with contextlib.suppress(BaseException):
                await task

    app.on_cleanup.append(stop_tasks)
    return app


async def serve(
    tg: FakeTelegram,
    personas: PersonaBook,
    *,
    host: str = "127.0.0.1",
    port: int = 8080,
    channels: list[int] | None = None,
    samples: list[Path] | None = None,
) -> web.AppRunner:
    """Start the page on ``host:port``; ``await runner.cleanup()`` stops it."""
    app = create_app(tg, personas, [CHANNEL_ID] if channels is None else channels, samples)
    runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
