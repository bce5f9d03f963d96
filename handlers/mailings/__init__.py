"""Mass mailings (admins only): the /mailing dialogue in three steps (``compose``,
``audience``, ``send``), the stop button and the /mailings history (``history``).

Every handler sits behind ``RoleFilter(Role.ADMIN)`` checked on each update: for anyone else
/mailing is an unknown command and a mailing button is a stale one (the fallback router).
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.filters import Command, StateFilter

from handlers.filters import RoleFilter
from handlers.mailings.audience import audience_cb
from handlers.mailings.callbacks import AudienceCb, MailingStepCb, MailingStopCb, MassMailingCb
from handlers.mailings.compose import buttons_given, buttons_not_text, content_given, mailing_cmd
from handlers.mailings.history import history_cb, history_cmd, stop_cb
from handlers.mailings.send import step_cb, use_buttons, when_given, when_not_text
from handlers.mailings.states import MailingStates
from models.users import Role


def create_router() -> Router:
    """The mass-mailing router (admins only), in matching order."""
    router = Router(name="mailing")
    router.message.filter(RoleFilter(Role.ADMIN))
    router.callback_query.filter(RoleFilter(Role.ADMIN))
    router.message.register(mailing_cmd, Command("mailing"))
    router.message.register(history_cmd, Command("mailings"))
    router.message.register(content_given, MailingStates.content)
    router.message.register(buttons_given, MailingStates.buttons, F.text, ~F.text.startswith("/"))
    router.message.register(buttons_not_text, MailingStates.buttons, ~F.text)
    router.message.register(when_given, MailingStates.when, F.text, ~F.text.startswith("/"))
    router.message.register(when_not_text, MailingStates.when, ~F.text)
    router.message.register(
        use_buttons,
        StateFilter(MailingStates.audience, MailingStates.choice, MailingStates.confirm),
        ~F.text.startswith("/"),
    )
    router.callback_query.register(step_cb, MailingStepCb.filter())
    router.callback_query.register(audience_cb, AudienceCb.filter())
    router.callback_query.register(stop_cb, MailingStopCb.filter())
    router.callback_query.register(history_cb, MassMailingCb.filter())
    return router


__all__ = ["create_router"]
