"""Webhook mode: the real aiohttp app registers itself with Telegram, checks the secret
token on every request, serves /healthz, and handles a dialogue pushed by the fake."""

from __future__ import annotations

import socket

import aiohttp
import pytest
from aiohttp import web
from pydantic import SecretStr

from bot.config import Settings
from bot.runner import build_app, build_webhook_app
from sandbox.telegram import FakeTelegram
from tests.conftest import TOKEN
from texts import t

pytestmark = pytest.mark.slow

SECRET = "s3cret-token-for-tests"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def test_webhook_mode(settings: Settings) -> None:
    port = _free_port()
    async with FakeTelegram(token=TOKEN) as tg:
        config = settings.model_copy(
            update={
                "telegram_api_url": tg.base_url,
                "run_mode": "webhook",
                "webhook_base_url": f"http://127.0.0.1:{port}",
                "webhook_secret": SecretStr(SECRET),
                "background": False,
            }
        )
        async with build_app(config) as app:
            runner = web.AppRunner(build_webhook_app(app, handle_in_background=False))
            await runner.setup()
            await web.TCPSite(runner, "127.0.0.1", port).start()
            try:
                info = await tg.make_bot().get_webhook_info()
                assert info.url == f"http://127.0.0.1:{port}/webhook"

                async with aiohttp.ClientSession() as http:
                    async with http.get(f"http://127.0.0.1:{port}/healthz") as resp:
                        assert resp.status == 200  # liveness: the process and its database
                        assert await resp.json() == {"ok": True, "database": "ok"}
                    async with http.get(f"http://127.0.0.1:{port}/readyz") as resp:
                        assert resp.status == 200
                        assert await resp.json() == {
                            "ok": True,
                            "database": "ok",
                            "redis": "not used",
                            "telegram": "@test_bot",
                        }
                    update = {
                        "update_id": 1,
                        "message": {
                            "message_id": 1,
                            "date": 0,
                            "chat": {"id": 1, "type": "private"},
                            "from": {"id": 1, "is_bot": False, "first_name": "X"},
                            "text": "/start",
                        },
                    }
                    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "wrong"}):
                        async with http.post(
                            f"http://127.0.0.1:{port}/webhook", json=update, headers=headers
                        ) as resp:
                            assert resp.status == 401
                assert tg.calls("sendMessage") == []  # the forged updates did nothing

                person = tg.user(8001)
                await person.send("/start")
                await person.press(t.plain("consent-yes"))
                assert tg.chat(8001).last_text() == t("ask-name")
            finally:
                await runner.cleanup()
