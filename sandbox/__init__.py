"""The Telegram stand-in shipped with the bot: a protocol-level fake of the Bot API.

``sandbox.telegram`` serves the Bot API over real HTTP on 127.0.0.1 (the bot reaches it
through aiogram's ``TelegramAPIServer``); the tests drive people through it, and the demo
(``python -m bot demo``) puts a chat page in front of it. It imports nothing of the bot.
"""
