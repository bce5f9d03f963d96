"""Staff commands: listed under /help for moderators and admins (users never see them), and
put into the staff member's own command menu (``setMyCommands`` with a chat scope) when they
ask for /help. Moderators are the full event role; admins add roles and mass mailings."""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.exceptions import AiogramError
from aiogram.types import BotCommand, BotCommandScopeChat

from models.users import Role
from texts import t

log = logging.getLogger(__name__)

# (command, description key): everyone's menu (set for the default scope at start-up).
EVERYONE_COMMANDS = (
    ("start", "commands-start"),
    ("events", "commands-events"),
    ("proposals", "commands-proposals"),
    ("my_events", "commands-my_events"),
    ("my_proposals", "commands-my_proposals"),
    ("acts", "consultations-commands-acts"),
    ("representative", "reps-commands-representative"),
    ("contest", "commands-contest"),
    ("reports", "reports-commands-reports"),
    ("settings", "commands-settings"),
    ("stop", "commands-stop"),
    ("profile", "commands-profile"),
    ("help", "commands-help"),
    ("cancel", "commands-cancel"),
    ("my_data", "commands-my_data"),
    ("delete_me", "commands-delete_me"),
)
# What moderators (and admins) may use.
STAFF_COMMANDS = (
    ("events_admin", "admin-commands-events_admin"),
    ("event_new", "admin-commands-event_new"),
    ("checkin", "staff-commands-checkin"),
    ("proposals_admin", "admin-commands-proposals_admin"),
    ("law_upload", "admin-commands-law_upload"),
    ("campaign_open", "admin-commands-campaign_open"),
    ("campaign_close", "admin-commands-campaign_close"),
    ("templates", "staff-commands-templates"),
    ("acts", "staff-commands-acts"),
    ("act_new", "staff-commands-act_new"),
    ("reps", "staff-commands-reps"),
    ("reports_admin", "reports-commands-reports_admin"),
    ("contest_new", "staff-commands-contest_new"),
)
ADMIN_COMMANDS = (
    ("admin", "admin-commands-admin"),
    ("mailing", "admin-commands-mailing"),
    ("mailings", "admin-commands-mailings"),
)


def commands_of(role: Role) -> tuple[tuple[str, str], ...]:
    if role is Role.ADMIN:
        return STAFF_COMMANDS + ADMIN_COMMANDS
    if role is Role.MODERATOR:
        return STAFF_COMMANDS
    return ()


def help_text(role: Role) -> str:
    """The staff part of /help ("" for users)."""
    commands = commands_of(role)
    if not commands:
        return ""
    header = "staff-help-admin" if role is Role.ADMIN else "staff-help-moderator"
    lines = [t(header)]
    lines += [t("staff-help-line", command=c, what=t.plain(key)) for c, key in commands]
    return "\n".join(lines)


async def set_staff_menu(bot: Bot, chat_id: int, role: Role) -> None:
    """The staff member's own menu: everyone's commands and theirs. A failure is logged:
    the menu is a convenience."""
    staff = [BotCommand(command=c, description=t.plain(key)) for c, key in commands_of(role)]
    if not staff:
        return
    try:
        names = {c.command for c in staff}
        common = [
            BotCommand(command=c, description=t.plain(key))
            for c, key in EVERYONE_COMMANDS
            if c not in names
        ]
        await bot.set_my_commands(common + staff, scope=BotCommandScopeChat(chat_id=chat_id))
    except AiogramError as exc:  # refused, unreachable or an answer it cannot read
        log.warning("could not set the staff command menu: %s", exc)


async def drop_staff_menu(bot: Bot, chat_id: int) -> None:
    """Back to everyone's menu (a dismissed moderator). A failure is logged."""
    try:
        await bot.delete_my_commands(scope=BotCommandScopeChat(chat_id=chat_id))
    except AiogramError as exc:
        log.warning("could not reset the command menu: %s", exc)
