"""Proof that the fake Telegram server speaks the Bot API well enough for a real aiogram Bot
(over HTTP: long polling, webhook, uploads, faults, pace limits)."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import pytest
from aiogram import Bot, Dispatcher, F, html
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramNotFound,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.methods import SendMessage, TelegramMethod
from aiogram.types import (
    BotCommand,
    BotCommandScopeChat,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import ClientSession, web

from sandbox.telegram import FakeTelegram, FakeTelegramError, FakeTelegramTimeoutError, tiny_png

TOKEN = "42:TEST"


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN) as fake:
        yield fake


@asynccontextmanager
async def polling(tg: FakeTelegram, dp: Dispatcher, bot: Bot) -> AsyncIterator[None]:
    """Run ``dp.start_polling`` (sequential handling) for the duration of the block."""
    task = asyncio.create_task(
        dp.start_polling(
            bot,
            handle_as_tasks=False,
            handle_signals=False,
            polling_timeout=5,
            close_bot_session=False,  # the fake closes bots made by make_bot()
        )
    )
    try:
        await tg.wait_for(lambda: tg.calls("getUpdates"), timeout=5, what="the first poll")
        yield
    finally:
        if not task.done():
            await dp.stop_polling()
        await task


def keyboard_dispatcher() -> Dispatcher:
    """A tiny bot: /start shows a consent question with inline buttons."""
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        markup = InlineKeyboardMarkup(
            inline_keyboard=[
                [
                    InlineKeyboardButton(text="Согласен", callback_data="consent:yes"),
                    InlineKeyboardButton(text="Отказ", callback_data="consent:no"),
                ],
                [InlineKeyboardButton(text="Сайт", url="https://example.org")],
            ]
        )
        await message.answer("Вы <b>согласны</b> на обработку данных?", reply_markup=markup)

    @dp.callback_query(F.data == "consent:yes")
    async def agree(query: CallbackQuery) -> None:
        assert isinstance(query.message, Message)
        await query.message.edit_text("Спасибо, согласие получено")
        await query.answer("Принято", show_alert=True)

    @dp.callback_query()
    async def other(query: CallbackQuery) -> None:
        await query.answer(f"Неизвестная кнопка: {query.data}")

    return dp


# -- plain Bot API calls -----------------------------------------------------------------------


async def test_get_me_and_html_message_with_inline_keyboard(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    me = await bot.get_me()
    assert (me.id, me.is_bot, me.username) == (42, True, "test_bot")

    tg.user(1001, first_name="Ирина", username="irina")
    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Да", callback_data="yes")]]
    )
    sent = await bot.send_message(
        1001, "<b>Привет</b>, <a href='https://example.org'>сайт</a> &lt;3", reply_markup=markup
    )

    # aiogram validated the result: Telegram-like plain text + entities (UTF-16 offsets).
    assert sent.text == "Привет, сайт <3"
    assert sent.chat.id == 1001 and sent.from_user is not None and sent.from_user.is_bot
    assert [(e.type, e.offset, e.length) for e in sent.entities or []] == [
        ("bold", 0, 6),
        ("text_link", 8, 4),
    ]
    assert sent.reply_markup is not None
    assert sent.reply_markup.model_dump(exclude_none=True) == markup.model_dump(exclude_none=True)

    msg = tg.chat(1001).last_message()
    assert msg is not None
    assert msg.method == "sendMessage" and msg.parse_mode == "HTML"
    assert msg.source_text == "<b>Привет</b>, <a href='https://example.org'>сайт</a> &lt;3"
    assert tg.chat(1001).last_text() == "Привет, сайт <3"
    assert msg.buttons == ["Да"] and msg.callback_data("Да") == "yes"
    assert msg.reply_markup == {"inline_keyboard": [[{"text": "Да", "callback_data": "yes"}]]}
    assert [r.method for r in tg.requests] == ["getMe", "sendMessage"]
    assert tg.requests[-1].status == 200 and tg.requests[-1].params["chat_id"] == 1001


async def test_markup_is_validated_like_telegram(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    tg.user(5)
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "3"'):
        await bot.send_message(5, "Оценка <3 из 5")
    with pytest.raises(TelegramBadRequest, match="Can't find end tag"):
        await bot.send_message(5, "<b>не закрыт")
    with pytest.raises(TelegramBadRequest, match=r"Character '\.' is reserved"):
        await bot.send_message(5, "Итог: 5.0", parse_mode="MarkdownV2")
    ok = await bot.send_message(5, "*жирный* и \\. точка", parse_mode="MarkdownV2")
    assert ok.text == "жирный и . точка"
    assert [(e.type, e.offset, e.length) for e in ok.entities or []] == [("bold", 0, 6)]
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(777, "кому?")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(
            5,
            "длинные данные",
            reply_markup=InlineKeyboardMarkup(
                inline_keyboard=[[InlineKeyboardButton(text="x", callback_data="d" * 65)]]
            ),
        )
    assert tg.chat(5).texts() == ["жирный и . точка"]  # failed calls create no messages
    assert [r.status for r in tg.calls("sendMessage")] == [400, 400, 400, 200, 400, 400]


async def test_edit_delete_and_chat_calls(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    tg.user(7)
    first = await bot.send_message(7, "Загрузка…")
    edited = await bot.edit_message_text("Готово: <i>3 файла</i>", chat_id=7, message_id=1)
    assert isinstance(edited, Message) and edited.text == "Готово: 3 файла"
    assert edited.edit_date is not None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text("Готово: <i>3 файла</i>", chat_id=7, message_id=1)
    record = tg.chat(7).message(first.message_id)
    assert record is not None
    assert record.texts_history == ["Загрузка…", "Готово: 3 файла"]
    assert record.edits[0].method == "editMessageText"

    markup = InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text="Ещё", callback_data="more")]]
    )
    await bot.edit_message_reply_markup(chat_id=7, message_id=1, reply_markup=markup)
    assert record.buttons == ["Ещё"]

    assert await bot.send_chat_action(7, "typing")
    assert [a.action for a in tg.chat(7).actions] == ["typing"]
    chat = await bot.get_chat(7)
    assert chat.type == "private" and chat.id == 7

    assert await bot.delete_message(7, first.message_id)
    assert record.deleted and tg.chat(7).last_message() is None
    assert tg.chat(7).texts(include_deleted=True) == ["Готово: 3 файла"]
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(7, first.message_id)
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text("x", chat_id=7, message_id=first.message_id)


async def test_commands_are_stored_per_scope_and_language(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    assert await bot.set_my_commands([BotCommand(command="start", description="Начать")])
    admin_scope = BotCommandScopeChat(chat_id=1000)
    await bot.set_my_commands(
        [BotCommand(command="admin", description="Админка")],
        scope=admin_scope,
        language_code="ru",
    )
    assert [c.command for c in await bot.get_my_commands()] == ["start"]
    assert [c.command for c in await bot.get_my_commands(scope=admin_scope, language_code="ru")]
    assert await bot.get_my_commands(scope=admin_scope) == []
    assert tg.commands_for({"type": "chat", "chat_id": 1000}, "ru") == [
        {"command": "admin", "description": "Админка"}
    ]
    assert await bot.delete_my_commands()
    assert await bot.get_my_commands() == []
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad Command", description="x")])


async def test_unknown_method_wrong_token_and_raw_bodies(tg: FakeTelegram) -> None:
    class NoSuchMethod(TelegramMethod[bool]):
        __returning__ = bool
        __api_method__ = "noSuchMethod"

    bot = tg.make_bot()
    with pytest.raises(TelegramNotFound, match="Not Found"):
        await bot(NoSuchMethod())
    with pytest.raises(TelegramUnauthorizedError):
        await tg.make_bot(token="999:WRONG").get_me()

    tg.user(42)
    base = f"{tg.base_url}/bot{TOKEN}"
    async with ClientSession() as http:
        async with http.post(f"{base}/noSuchMethod") as resp:
            assert resp.status == 404
            assert await resp.json() == {
                "ok": False,
                "error_code": 404,
                "description": "Not Found",
            }
        async with http.get(f"{tg.base_url}/bot1:BAD/getMe") as resp:
            assert resp.status == 401 and (await resp.json())["description"] == "Unauthorized"
        json_body = {
            "chat_id": 42,
            "text": "json",
            "reply_markup": {"inline_keyboard": [[{"text": "A", "callback_data": "a"}]]},
        }
        async with http.post(f"{base}/sendMessage", json=json_body) as resp:
            assert (await resp.json())["result"]["reply_markup"] == json_body["reply_markup"]
        async with http.post(f"{base}/sendMessage", data={"chat_id": "42", "text": "123"}) as resp:
            assert (await resp.json())["result"]["text"] == "123"  # text stays a string
        async with http.get(f"{base}/sendMessage?chat_id=42&text=query") as resp:
            assert (await resp.json())["ok"] is True
    assert tg.chat(42).texts() == ["json", "123", "query"]


# -- long polling and the person API -----------------------------------------------------------


async def test_get_updates_long_polls_and_honours_offset(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    u = tg.user(5, first_name="Пётр")
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await tg.wait_for(lambda: tg.calls("getUpdates"), what="the long poll")
    started = time.monotonic()
    await u.send("one", wait=False)
    updates = await poll
    assert time.monotonic() - started < 2  # woken by the update, not by the 20 s timeout
    assert [x.message.text for x in updates if x.message] == ["one"]
    first_id = updates[0].update_id

    # Not confirmed yet: it is returned again; confirming drops it.
    assert [x.update_id for x in await bot.get_updates()] == [first_id]
    await u.send("two", wait=False)
    await u.send("three", wait=False)
    batch = await bot.get_updates(offset=first_id + 1, limit=1)
    assert [x.message.text for x in batch if x.message] == ["two"]
    assert len(tg.pending_updates) == 2
    assert await bot.get_updates(offset=batch[0].update_id + 2) == []

    with pytest.raises(FakeTelegramTimeoutError, match="no getUpdates request"):
        await u.send("nobody polls", timeout=0.2)


async def test_polling_bot_echo_and_reply_keyboard(tg: FakeTelegram) -> None:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> None:
        assert message.from_user is not None
        keyboard = ReplyKeyboardMarkup(
            keyboard=[
                [KeyboardButton(text="Поделиться телефоном", request_contact=True)],
                [KeyboardButton(text="Помощь")],
            ],
            resize_keyboard=True,
        )
        await message.answer(
            f"Здравствуйте, {html.quote(message.from_user.first_name)}!", reply_markup=keyboard
        )

    @dp.message(F.contact)
    async def contact(message: Message) -> None:
        assert message.contact is not None
        await message.answer(
            f"Телефон: {message.contact.phone_number}", reply_markup=ReplyKeyboardRemove()
        )

    @dp.message(F.text)
    async def echo(message: Message) -> None:
        await message.answer(html.quote(message.text or ""))

    bot = tg.make_bot()
    u = tg.user(42, first_name="Ирина", username="irina")
    chat = tg.chat(42)
    async with polling(tg, dp, bot):
        sent = await u.send("/start")
        assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        # No waiting needed: send() returned after the handler finished.
        assert chat.last_text() == "Здравствуйте, Ирина!"
        assert chat.reply_keyboard == ["Поделиться телефоном", "Помощь"]

        await u.send("hi <3")
        assert chat.last_text() == "hi <3"

        await u.press_reply("Поделиться телефоном")
        assert chat.last_text() == "Телефон: +79000000000"
        assert chat.reply_keyboard == []
        with pytest.raises(FakeTelegramError, match="no reply keyboard button"):
            await u.press_reply("Помощь")
        # This bot has no callback handlers, so aiogram polls with
        # allowed_updates=["message"]: like Telegram, the fake never delivers the press.
        assert await u.press_raw("anything") is None
        assert tg.callback_queries[-1].answer is None

    assert [m.from_bot for m in chat.history] == [False, True, False, True, False, True]
    assert chat.user_messages[2].media["contact"]["user_id"] == 42


async def test_inline_buttons_callbacks_and_answers(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    u = tg.user(42, first_name="Ирина")
    chat = tg.chat(42)
    async with polling(tg, keyboard_dispatcher(), bot):
        await u.send("/start")
        await u.send("/start")
        older, newer = chat.messages
        assert newer.button_rows == [["Согласен", "Отказ"], ["Сайт"]]

        answer = await u.press("Согласен")  # the newest message with that button
        assert answer is not None and (answer.text, answer.show_alert) == ("Принято", True)
        assert newer.text == "Спасибо, согласие получено" and newer.buttons == []
        assert newer.edits[0].before["display"] == "Вы согласны на обработку данных?"

        stale = await u.press("Отказ", message_id=older.message_id)
        assert stale is not None and stale.text == "Неизвестная кнопка: consent:no"
        forged = await u.press_raw("forged:1", message_id=older.message_id)
        assert forged is not None and forged.text == "Неизвестная кнопка: forged:1"

        with pytest.raises(FakeTelegramError, match=r"'Нет такой'.*Согласен"):
            await u.press("Нет такой")
        with pytest.raises(FakeTelegramError, match="not a callback button"):
            await u.press("Сайт")

    assert [q.data for q in tg.callback_queries] == ["consent:yes", "consent:no", "forged:1"]
    assert tg.unanswered_callbacks == []
    assert [a.callback_query_id for a in tg.callback_answers] == [
        q.id for q in tg.callback_queries
    ]
    assert tg.callback_queries[0].message_id == newer.message_id


async def test_wait_for_messages_sent_on_the_bots_own(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    tg.user(42)

    async def reminder() -> None:
        await asyncio.sleep(0.05)  # the bot's own schedule, not test synchronisation
        await bot.send_message(42, "Напоминание: заседание в 10:00")

    task = asyncio.create_task(reminder())
    msg = await tg.chat(42).wait_for_text("Напоминание", timeout=5)
    await task
    assert msg.text == "Напоминание: заседание в 10:00"
    assert await tg.wait_for(lambda: len(tg.deliveries) == 1, timeout=1)
    with pytest.raises(FakeTelegramTimeoutError, match="никогда"):
        await tg.chat(42).wait_for_text("никогда", timeout=0.1)


# -- files -------------------------------------------------------------------------------------


async def test_send_document_upload_is_kept_and_downloadable(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    tg.user(42)
    data = b"PK\x03\x04 fake docx content"
    sent = await bot.send_document(
        42, BufferedInputFile(data, filename="отчёт.docx"), caption="<b>Отчёт</b> за май"
    )
    assert sent.document is not None and sent.document.file_name == "отчёт.docx"
    assert sent.caption == "Отчёт за май"
    assert [(e.type, e.length) for e in sent.caption_entities or []] == [("bold", 5)]

    record = tg.chat(42).last_message()
    assert record is not None and record.file is not None
    assert record.file.data == data and record.method == "sendDocument"
    assert record.document is not None
    assert record.document["mime_type"] == (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )

    file = await bot.get_file(sent.document.file_id)
    downloaded = await bot.download(file)
    assert downloaded is not None and downloaded.read() == data

    again = await bot.send_document(42, sent.document.file_id)  # reuse by file_id
    assert again.document is not None and again.document.file_id == sent.document.file_id
    assert len(tg.files) == 1
    with pytest.raises(TelegramBadRequest, match="wrong file identifier"):
        await bot.send_document(42, "no-such-file-id")


async def test_copy_message_copies_a_users_photo(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    u = tg.user(42)
    group = tg.group(-100500, title="Модераторы")
    photo = await u.send_photo(tiny_png(10, 20), caption="Фото с места", wait=False)

    copied_id = await bot.copy_message(group.id, from_chat_id=42, message_id=photo["message_id"])
    copied = group.chat.message(copied_id.message_id)
    assert copied is not None and copied.method == "copyMessage"
    assert copied.photo is not None
    assert copied.photo[0]["file_id"] == photo["photo"][0]["file_id"]
    assert (copied.photo[0]["width"], copied.photo[0]["height"]) == (10, 20)
    assert copied.caption == "Фото с места" and copied.copied_from == (42, photo["message_id"])

    recaptioned = await bot.copy_message(
        group.id, from_chat_id=42, message_id=photo["message_id"], caption="<i>Новая</i>"
    )
    again = group.chat.message(recaptioned.message_id)
    assert again is not None and again.caption == "Новая"
    assert again.entities == [{"type": "italic", "offset": 0, "length": 5}]

    sent_photo = await bot.send_photo(42, BufferedInputFile(tiny_png(3, 4), "p.png"))
    assert sent_photo.photo is not None and sent_photo.photo[-1].width == 3
    with pytest.raises(TelegramBadRequest, match="message to copy not found"):
        await bot.copy_message(group.id, from_chat_id=42, message_id=999)


async def test_bot_downloads_what_a_person_sends(tg: FakeTelegram) -> None:
    dp = Dispatcher()

    @dp.message(F.document)
    async def document(message: Message, bot: Bot) -> None:
        assert message.document is not None
        data = await bot.download(message.document.file_id)
        assert data is not None
        await message.answer(f"{message.document.file_name}: {data.read().decode()}")

    @dp.message(F.sticker)
    async def sticker(message: Message) -> None:
        assert message.sticker is not None
        await message.answer(f"sticker {message.sticker.emoji}")

    bot = tg.make_bot()
    u = tg.user(42)
    group = tg.group(-100300, title="Совет")
    async with polling(tg, dp, bot):
        sent = await u.send_document(b"draft text", filename="x.docx", caption="черновик")
        assert sent["document"]["mime_type"].endswith("wordprocessingml.document")
        assert tg.chat(42).last_text() == "x.docx: draft text"
        await u.send_sticker("🔥", chat=group)
        assert group.chat.last_text() == "sticker 🔥"
        assert group.chat.user_messages[0].sender["id"] == 42


# -- webhook -----------------------------------------------------------------------------------


async def test_webhook_mode_with_secret_and_reply_method(tg: FakeTelegram) -> None:
    dp = Dispatcher()

    @dp.message(CommandStart())
    async def start(message: Message) -> SendMessage:
        return message.answer("Привет из <b>вебхука</b>")  # answered in the webhook response

    @dp.message()
    async def echo(message: Message, bot: Bot) -> None:
        await bot.send_message(message.chat.id, f"echo: {message.text}")

    bot = tg.make_bot()
    app = web.Application()
    SimpleRequestHandler(
        dispatcher=dp, bot=bot, secret_token="s3cr3t", handle_in_background=False
    ).register(app, path="/webhook")
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    url = f"http://127.0.0.1:{runner.addresses[0][1]}/webhook"
    try:
        assert await bot.set_webhook(url, secret_token="s3cr3t")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()

        u = tg.user(7)
        await u.send("/start")
        assert tg.chat(7).last_text() == "Привет из вебхука"
        reply = tg.calls("sendMessage")[-1]
        assert reply.via == "webhook_reply" and reply.params["parse_mode"] == "HTML"

        await u.send("ping")
        assert tg.chat(7).last_text() == "echo: ping"
        assert tg.calls("sendMessage")[-1].via == "http"
        info = await bot.get_webhook_info()
        assert info.url == url and info.pending_update_count == 0

        assert await bot.set_webhook(url, secret_token="wrong")
        await u.send("lost")
        assert tg.webhook_failures[-1].status == 401
        assert tg.chat(7).last_text() == "echo: ping"
        assert await bot.delete_webhook(drop_pending_updates=True)
        assert await bot.get_updates() == []
    finally:
        await runner.cleanup()


# -- faults ------------------------------------------------------------------------------------


async def test_injected_429_raises_retry_after(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    tg.user(42)
    rule = tg.fail(method="sendMessage", error=429, retry_after=3, times=1)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(42, "first")
    assert caught.value.retry_after == 3
    await bot.send_message(42, "second")  # times=1: only once
    assert rule.hits == 1 and tg.chat(42).texts() == ["second"]
    failed = tg.calls("sendMessage")[0]
    assert (failed.status, failed.retry_after, failed.outcome) == (429, 3, "error")
    assert tg.early_retries == 1  # "second" came before the 3 s were over


@pytest.mark.parametrize(
    ("error", "description", "exception", "expected"),
    [
        (403, None, TelegramForbiddenError, "bot was blocked by the user"),
        (400, None, TelegramBadRequest, "Bad Request: chat not found"),
        (400, "Bad Request: message thread not found", TelegramBadRequest, "thread not found"),
        (500, None, TelegramServerError, "Internal Server Error"),
        (502, None, TelegramServerError, "Bad Gateway"),
    ],
)
async def test_injected_errors_raise_aiogram_exceptions(
    tg: FakeTelegram,
    error: int,
    description: str | None,
    exception: type[Exception],
    expected: str,
) -> None:
    bot = tg.make_bot()
    tg.user(42)
    tg.fail(method="sendMessage", chat_id=42, error=error, description=description, times=None)
    for _ in range(2):  # times=None: always
        with pytest.raises(exception, match=expected):
            await bot.send_message(42, "x")
    assert [r.status for r in tg.calls("sendMessage")] == [error, error]
    assert tg.chat(42).messages == []


async def test_dropped_connection_is_a_network_error(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    tg.user(42)
    tg.fail(method="sendMessage", error="drop")
    with pytest.raises(TelegramNetworkError):
        await bot.send_message(42, "lost")
    await bot.send_message(42, "delivered")
    assert [r.outcome for r in tg.calls("sendMessage")] == ["dropped", "ok"]
    assert tg.chat(42).texts() == ["delivered"]


async def test_block_and_seeded_fault_storm(tg: FakeTelegram) -> None:
    bot = tg.make_bot()
    tg.user(1)
    tg.user(2)
    tg.block(1)
    with pytest.raises(TelegramForbiddenError, match="blocked by the user"):
        await bot.send_message(1, "x")
    await bot.send_message(2, "still fine")
    tg.unblock(1)
    await bot.send_message(1, "back")

    rule = tg.fail(method=None, error=502, times=None, probability=0.3)
    outcomes = []
    for i in range(20):
        try:
            await bot.send_message(2, f"storm {i}")
            outcomes.append(True)
        except TelegramServerError:
            outcomes.append(False)
    assert 0 < outcomes.count(False) == rule.hits < 20
    assert len(tg.chat(2).messages) == 1 + outcomes.count(True)


# -- pace enforcement --------------------------------------------------------------------------


async def test_pace_enforcement_per_chat_global_and_group() -> None:
    async with FakeTelegram(enforce_limits=True, global_per_second=5) as tg:
        bot = tg.make_bot()
        for uid in (1, 2, 3, 4):
            tg.user(uid)
        # One chat: a burst of three goes through, the rest of the flood gets 429.
        results = await asyncio.gather(
            *(bot.send_message(1, f"m{i}") for i in range(5)), return_exceptions=True
        )
        limited = [r for r in results if isinstance(r, TelegramRetryAfter)]
        assert sum(isinstance(r, Message) for r in results) == 3
        assert len(limited) == 2 and {r.retry_after for r in limited} == {1}
        assert tg.rejected_429 == 2 and len(tg.chat(1).messages) == 3
        assert {e.reason for e in tg.rate_limit_events} == {"chat"}

        # Global limit: 3 already sent within the second, 5 allowed in total.
        others = await asyncio.gather(
            *(bot.send_message(uid, "hi") for uid in (2, 3, 4)), return_exceptions=True
        )
        assert sum(isinstance(r, TelegramRetryAfter) for r in others) == 1
        assert tg.rate_limit_events[-1].reason == "global"
        assert tg.max_rate(1.0) == 5

    async with FakeTelegram(enforce_limits=True, per_group_per_minute=2) as tg:
        bot = tg.make_bot()
        group = tg.group(-100777)
        await bot.send_message(group.id, "1")
        await bot.send_message(group.id, "2")
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(group.id, "3")
        assert 55 <= caught.value.retry_after <= 60
        assert tg.rate_limit_events[-1].reason == "group"


async def test_chat_bucket_refills_one_message_a_second() -> None:
    """After a burst of three the bucket gives one message a second, not another burst."""
    async with FakeTelegram(enforce_limits=True) as tg:
        bot = tg.make_bot()
        tg.user(1)
        for i in range(3):
            await bot.send_message(1, f"burst {i}")
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(1, "too soon")
        await asyncio.sleep(1.05)
        await bot.send_message(1, "refilled")
        with pytest.raises(TelegramRetryAfter):
            await bot.send_message(1, "only one refilled")
        assert tg.max_rate(1.0, chat_id=1) == 3 and tg.rejected_429 == 2
        assert [e.reason for e in tg.rate_limit_events] == ["chat", "chat"]


async def test_honest_retry_is_not_counted_as_early() -> None:
    async with FakeTelegram(enforce_limits=True) as tg:
        bot = tg.make_bot()
        tg.user(1)
        for text in ("a", "b", "c"):
            await bot.send_message(1, text)
        with pytest.raises(TelegramRetryAfter) as caught:
            await bot.send_message(1, "d")
        assert tg.early_retries == 0
        await asyncio.sleep(caught.value.retry_after)  # what a well-behaved sender does
        await bot.send_message(1, "d")
        assert tg.early_retries == 0 and tg.chat(1).texts() == ["a", "b", "c", "d"]


# -- shutdown ----------------------------------------------------------------------------------


async def test_stop_releases_a_waiting_long_poll() -> None:
    tg = FakeTelegram()
    await tg.start()
    bot = tg.make_bot()
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await tg.wait_for(lambda: tg.calls("getUpdates"), what="the long poll")
    started = time.monotonic()
    await tg.stop()
    assert await poll == []  # answered, not left hanging for 30 s
    assert time.monotonic() - started < 3
    assert tg.calls("getUpdates")[0].outcome == "ok"
