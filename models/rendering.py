"""What the domain needs from the text layer, without importing it.

The domain never holds a Russian text. Where it writes a message into the outbox (a notice, an
announcement, a reminder), the caller passes a ``Renderer`` (in production ``texts.t``) and the
domain names the message by its key and gives its arguments as data: datetimes, numbers, enum
members and raw user strings. The renderer formats and escapes them.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any, Protocol


class Renderer(Protocol):
    def __call__(self, key: str, /, **args: Any) -> str:
        """A message for HTML parse mode (string arguments escaped)."""
        ...

    def plain(self, key: str, /, **args: Any) -> str:
        """The same without escaping: button labels, titles, file contents."""
        ...

    def label(self, member: enum.Enum) -> str:
        """The name of an enum member (a status, a kind, a topic)."""
        ...

    def when(self, moment: datetime) -> str:
        """A moment in the Council's zone: ``22.12.2026 10:00``."""
        ...

    def clock(self, moment: datetime) -> str:
        """Only the time of day: ``10:00``."""
        ...

    def span(self, start: datetime, end: datetime | None) -> str:
        """``22.12.2026 10:00–12:00`` (both dates when the end is on another day)."""
        ...
