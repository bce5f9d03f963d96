"""Command line: ``python -m bot run|migrate|check``."""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from pathlib import Path

from pydantic import ValidationError

from bot.config import Settings
from bot.factory import MissingTokenError
from bot.logging import setup_logging

log = logging.getLogger("bot")

NO_TOKEN = """\
Не задан токен бота (BOT_TOKEN).

Как получить токен:
  1. Откройте в Telegram @BotFather и отправьте ему команду /newbot.
  2. Придумайте имя и адрес бота; BotFather пришлёт токен вида 123456789:AA...
  3. Создайте в папке проекта файл .env (образец — .env.example) и впишите строку
       BOT_TOKEN=123456789:AA...
     или задайте переменную окружения BOT_TOKEN.

Затем снова выполните: make run
"""


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        print("Ошибка в настройках (.env или переменные окружения):", file=sys.stderr)
        for err in exc.errors():
            where = ".".join(str(p) for p in err["loc"]).upper()
            print(f"  {where}: {err['msg']}", file=sys.stderr)
        raise SystemExit(2) from None


def cmd_run(settings: Settings) -> int:
    from bot.runner import run

    try:
        asyncio.run(run(settings))
    except MissingTokenError:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        log.info("stopped")
    return 0


def cmd_migrate(settings: Settings) -> int:
    from migrations.runner import upgrade_url

    asyncio.run(upgrade_url(settings.database_url))
    log.info("database is at the latest migration")
    return 0


def cmd_check(settings: Settings) -> int:
    from bot.health import check_all

    results = asyncio.run(check_all(settings))
    ok = True
    for name, (passed, detail) in results.items():
        ok = ok and passed
        print(f"{'OK ' if passed else 'FAIL'} {name}: {detail}")
    return 0 if ok else 1


def cmd_backup(settings: Settings, target: str | None) -> int:
    from bot.backup import BackupError, backup

    try:
        path = backup(settings.database_url, Path(target) if target else None)
    except BackupError as exc:
        print(f"Не удалось сделать копию: {exc}", file=sys.stderr)
        return 1
    print(f"Резервная копия: {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot", description="Бот Совета МО Кузбасса")
    parser.add_argument(
        "command",
        nargs="?",
        default="run",
        choices=["run", "migrate", "check", "backup"],
        help=(
            "run — запустить бота; migrate — применить миграции; check — проверить связь; "
            "backup [файл] — резервная копия базы SQLite"
        ),
    )
    parser.add_argument("target", nargs="?", help="куда сохранить копию (для backup)")
    args = parser.parse_args(argv)
    settings = _settings()
    setup_logging(settings.log_level)
    if args.command == "run" and settings.bot_token is None:
        print(NO_TOKEN, file=sys.stderr)
        return 2
    if args.command == "backup":
        return cmd_backup(settings, args.target)
    return {"run": cmd_run, "migrate": cmd_migrate, "check": cmd_check}[args.command](settings)


if __name__ == "__main__":
    sys.exit(main())
