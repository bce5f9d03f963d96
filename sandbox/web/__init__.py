"""The demo's web page: a Telegram-like chat client in the browser over the stand-in
(:mod:`sandbox.telegram`). ``python -m bot demo`` serves it; see README.md here."""

from .app import create_app, ensure_person, serve
from .personas import (
    BOT_FIRST_NAME,
    BOT_USERNAME,
    BUILT_IN,
    CHANNEL_ID,
    CHANNEL_TITLE,
    CHANNEL_USERNAME,
    Persona,
    PersonaBook,
)

__all__ = [
    "BOT_FIRST_NAME",
    "BOT_USERNAME",
    "BUILT_IN",
    "CHANNEL_ID",
    "CHANNEL_TITLE",
    "CHANNEL_USERNAME",
    "Persona",
    "PersonaBook",
    "create_app",
    "ensure_person",
    "serve",
]
