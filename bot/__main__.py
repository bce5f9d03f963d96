"""Command line: ``python -m bot run|migrate|check|backup``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.backup import BackupError, backup
from bot.config import Settings
from bot.factory import MissingTokenError
from bot.health import check_all
from bot.logging import setup_logging
from bot.runner import run
from migrations.runner import upgrade_url
from texts import t

log = logging.getLogger("bot")


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        print(t.plain("cli-bad-settings"), file=sys.stderr)
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]).upper()
            print(f"  {where}: {err['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_run(settings: Settings) -> int:
    try:
        asyncio.run(run(settings))
    except MissingTokenError:
        print(t.plain("cli-no-token"), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        log.info("stopped")
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


def cmd_backup(settings: Settings, target: str | None) -> int:
    try:
        path = backup(settings.database_url, Path(target) if target else None)
    except BackupError as exc:
        print(t.plain("cli-backup-failed", reason=str(exc)), file=sys.stderr)
        return 1
    print(t.plain("cli-backup-done", path=str(path)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description=t.plain("cli-description"))
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=["run", "migrate", "check", "backup"],
        help=t.plain("cli-command-help"),
    )
    parser.add_argument("target", nargs="?", help=t.plain("cli-target-help"))
    args = parser.parse_args(argv)
    settings = _settings()
    setup_logging(settings.log_level)
    if args.command == "run" and settings.bot_token is None:
        print(t.plain("cli-no-token"), file=sys.stderr)
        return 2
    if args.command == "backup":
        return cmd_backup(settings, args.target)
    return {"run": cmd_run, "migrate": cmd_migrate, "check": cmd_check}[args.command](settings)


if __name__ == "__main__":
    sys.exit(main())
