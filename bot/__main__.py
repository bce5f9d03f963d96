"""Command line: ``python -m bot run|migrate|check|backup|restore|demo``.

Exit codes: 0 done, 1 failed (check, backup, restore), 2 the settings are wrong (nothing was
started: no token, a token Telegram rejects, webhook mode without its address or secret).
"""

from __future__ import annotations

import argparse
import asyncio
import errno
import logging
import os
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.backup import BackupError, backup, prune, restore, running_on
from bot.config import Settings
from bot.factory import MissingTokenError
from bot.health import check_all
from bot.logging import setup_logging
from bot.runner import run
from bot.startup import BadTokenError
from migrations.runner import upgrade_url
from texts import t

log = logging.getLogger("bot")

COMMANDS = ("run", "migrate", "check", "backup", "restore", "demo")


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        print(t.plain("cli-bad-settings"), file=sys.stderr)
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]).upper()
            print(f"  {where}: {err['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def _refuse_to_run(settings: Settings) -> int | None:
    """Exit code 2 with an explanation when ``run`` cannot work with these settings."""
    if settings.bot_token is None or not settings.bot_token.get_secret_value().strip():
        print(t.plain("cli-no-token"), file=sys.stderr)
        print(t.plain("cli-try-demo"), file=sys.stderr)
        return 2
    problems = settings.run_problems()
    for key, args in problems:
        print(t.plain(key, **args), file=sys.stderr)
    return 2 if problems else None


def cmd_run(settings: Settings) -> int:
    refused = _refuse_to_run(settings)
    if refused is not None:
        return refused
    try:
        with running_on(settings.database_url):
            asyncio.run(run(settings))
    except MissingTokenError:
        print(t.plain("cli-no-token"), file=sys.stderr)
        print(t.plain("cli-try-demo"), file=sys.stderr)
        return 2
    except BadTokenError:
        print(t.plain("cli-token-rejected"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    log.info("stopped")
    return 0


def cmd_demo(port: int | None, seed: bool, reset: bool) -> int:
    """The bot against the built-in Telegram stand-in, with a chat page (bot/demo.py)."""
    from bot import demo  # loaded only for this command

    if reset:
        demo.reset_database(demo.database_url_from_env())
    chosen = demo.port_from_env() if port is None else port
    try:
        asyncio.run(demo.run_demo(chosen, seed))
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        print(t.plain("demo-port-busy", port=str(chosen)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0


def cmd_migrate(settings: Settings) -> int:
    asyncio.run(upgrade_url(settings.database_url))
    log.info("database is at the latest migration")
    return 0


def cmd_check(settings: Settings) -> int:
    results = asyncio.run(check_all(settings))
    ok = True
    for name, (passed, detail) in results.items():
        ok = ok and passed
        print(f"{'OK ' if passed else 'FAIL'} {name}: {detail}")
    return 0 if ok else 1


def cmd_backup(settings: Settings, target: str | None, keep_days: int | None = None) -> int:
    try:
        path = backup(settings.database_url, Path(target) if target else None)
        days = settings.backup_keep_days if keep_days is None else keep_days
        removed = [] if target else prune(settings.database_url, days)
    except BackupError as exc:
        print(t.plain("cli-backup-failed", reason=str(exc)), file=sys.stderr)
        return 1
    print(t.plain("cli-backup-done", path=str(path)))
    if removed:
        print(t.plain("cli-backup-pruned", count=len(removed), days=days))
    return 0


def cmd_restore(settings: Settings, source: str | None) -> int:
    if not source:
        print(t.plain("cli-restore-which"), file=sys.stderr)
        return 2
    try:
        previous = restore(settings.database_url, Path(source))
    except BackupError as exc:
        print(t.plain("cli-restore-failed", reason=str(exc)), file=sys.stderr)
        return 1
    print(t.plain("cli-restore-done", path=source))
    if previous is not None:
        print(t.plain("cli-restore-kept", path=str(previous)))
    return 0


def main(argv: list[str] | None = None) -> int:
    # Everything the bot creates (database, -wal, backups, exports, locks): owner only.
    os.umask(0o077)
    parser = argparse.ArgumentParser(
        prog="python -m bot",
        description=t.plain("cli-description"),
        epilog=t.plain("cli-more-commands"),
    )
    parser.add_argument(
        "command", nargs="?", default="run", choices=COMMANDS, help=t.plain("cli-command-help")
    )
    parser.add_argument("target", nargs="?", help=t.plain("cli-target-help"))
    parser.add_argument("--keep-days", type=int, default=None, help=t.plain("cli-keep-days-help"))
    parser.add_argument("--port", type=int, default=None, help=t.plain("demo-port-help"))
    parser.add_argument("--seed", action="store_true", help=t.plain("demo-seed-help"))
    parser.add_argument("--reset", action="store_true", help=t.plain("demo-reset-help"))
    args = parser.parse_args(argv)
    if args.command == "demo":
        setup_logging(os.environ.get("LOG_LEVEL", "WARNING"), "text")
        return cmd_demo(args.port, args.seed, args.reset)
    settings = _settings()
    setup_logging(settings.log_level, settings.log_format)
    if args.command == "backup":
        return cmd_backup(settings, args.target, args.keep_days)
    if args.command == "restore":
        return cmd_restore(settings, args.target)
    return {"run": cmd_run, "migrate": cmd_migrate, "check": cmd_check}[args.command](settings)


if __name__ == "__main__":
    sys.exit(main())
