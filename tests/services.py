"""Which outside services the suite can use. Outside CI an unreachable PostgreSQL or Redis
skips the tests that need it; with ``CI=true`` it fails them, loudly."""

from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest

POSTGRES_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def _reachable(url: str, default_port: int) -> bool:
    parts = urlsplit(url.replace("+asyncpg", ""))
    try:
        with socket.create_connection(
            (parts.hostname or "127.0.0.1", parts.port or default_port), 1
        ):
            return True
    except OSError:
        return False


def require(service: str) -> None:
    """Skip (or fail in CI) when ``service`` ("postgres" or "redis") is not reachable."""
    url, port = (POSTGRES_URL, 5432) if service == "postgres" else (REDIS_URL, 6379)
    if _reachable(url, port):
        return
    message = f"{service} is not reachable at {url}"
    if IN_CI:
        pytest.fail(f"{message}; CI=true requires it", pytrace=False)
    pytest.skip(message)
