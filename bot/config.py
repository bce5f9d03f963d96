"""Settings from the environment and ``.env`` (pydantic-settings)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _project_dir() -> Path:
    """The checkout the bot runs from (``data/`` lives there), whatever the current
    directory; an installed package (the Docker image) uses the current directory and sets
    DATABASE_URL itself."""
    here = Path(__file__).resolve().parents[1]
    return here if (here / "pyproject.toml").exists() else Path.cwd()


# What @BotFather hands out: digits, a colon, then letters, digits, "_" and "-".
TOKEN_RE = re.compile(r"^\d{3,}:[A-Za-z0-9_-]{20,}$")
# Telegram accepts 1-256 of these in a webhook's secret_token.
SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")

DEFAULT_DATABASE_URL = f"sqlite+aiosqlite:///{_project_dir() / 'data' / 'bot.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    bot_token: SecretStr | None = None
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    admin_ids: Annotated[frozenset[int], NoDecode] = frozenset()
    timezone: str = "Asia/Novokuznetsk"
    telegram_api_url: str | None = None
    log_level: str = "INFO"
    # "json": one JSON object per line (for log collectors); "text" for people.
    log_format: Literal["text", "json"] = "text"
    # `python -m bot backup` deletes its own backups older than this many days (0: keep all).
    backup_keep_days: int = Field(default=14, ge=0)
    # Flood control: more than THROTTLE_RATE updates in THROTTLE_WINDOW seconds from one
    # person → one "too often" answer and THROTTLE_COOLDOWN seconds of silence.
    throttle_rate: int = Field(default=5, ge=1)
    # Updates inside the handlers at once; each may hold two database connections, so this
    # stays below half the pool (models.db.POOL_SIZE + POOL_OVERFLOW = 30).
    update_concurrency: int = Field(default=12, ge=1, le=14)
    throttle_window: float = Field(default=1.0, gt=0)
    throttle_cooldown: float = Field(default=3.0, ge=0)
    # A Telegram channel where published events are also posted (the bot must be its admin).
    channel_id: int | None = None
    # Messages per second for the token, replies and the outbox together (one limiter per
    # process; replies first). Telegram allows about 30; the limiter keeps a small margin, so
    # 30 stays under it. Higher values are for a local Bot API server or tests (Telegram
    # would answer 429, which is honoured, so nothing is lost — it is only slower).
    send_rate: float = Field(default=30.0, gt=0, le=1000)
    # While Telegram is unreachable deliveries wait; one fails for good only this many hours
    # after its mailing was due (then its report lists it with that reason).
    send_horizon_hours: float = Field(default=24.0, gt=0)
    # Run the scheduler and the sender in this process (one instance leads at a time).
    background: bool = True
    # How long a sender's claim on a delivery lasts before another may take it over.
    send_lease_seconds: float = Field(default=60.0, gt=0)
    # How often an instance tries to become the leader (takeover time after a crash).
    leader_check_seconds: float = Field(default=5.0, gt=0, le=30)

    run_mode: Literal["polling", "webhook"] = "polling"
    webhook_base_url: str | None = None
    webhook_path: str = "/webhook"
    webhook_secret: SecretStr | None = None
    webhook_host: str = "0.0.0.0"
    webhook_port: int = Field(default=8080, ge=1, le=65535)
    # Polling mode: serve /healthz and /readyz on this port (the Docker image sets 8080).
    health_port: int | None = Field(default=None, ge=1, le=65535)

    @field_validator("admin_ids", mode="before")
    @classmethod
    def _parse_admin_ids(cls, value: object) -> object:
        """Accept ``ADMIN_IDS=1,2 3`` as well as a JSON list."""
        if isinstance(value, str):
            parts = value.replace(";", ",").replace(" ", ",").strip("[]").split(",")
            return frozenset(int(p) for p in parts if p.strip())
        if isinstance(value, int):
            return frozenset({value})
        return value

    @field_validator("timezone")
    @classmethod
    def _check_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("webhook_path")
    @classmethod
    def _check_path(cls, value: str) -> str:
        return value if value.startswith("/") else "/" + value

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def webhook_url(self) -> str | None:
        if not self.webhook_base_url:
            return None
        return self.webhook_base_url.rstrip("/") + self.webhook_path

    def run_problems(self) -> list[tuple[str, dict[str, str]]]:
        """What stops ``run`` before anything else happens, as (text key, arguments): a
        token that cannot be a token (the .env.example placeholder) and, in webhook mode, the
        public address and the secret."""
        problems: list[tuple[str, dict[str, str]]] = []
        token = self.bot_token.get_secret_value().strip() if self.bot_token else ""
        if token and not TOKEN_RE.match(token):
            problems.append(("cli-token-malformed", {}))
        if self.run_mode != "webhook":
            return problems
        base = (self.webhook_base_url or "").strip()
        if not base:
            problems.append(("cli-webhook-no-base-url", {}))
        else:
            parts = urlsplit(base)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                problems.append(("cli-webhook-bad-base-url", {"url": base}))
        secret = self.webhook_secret.get_secret_value() if self.webhook_secret else ""
        if not secret:
            problems.append(("cli-webhook-no-secret", {}))
        elif not SECRET_RE.match(secret):
            problems.append(("cli-webhook-bad-secret", {}))
        return problems
