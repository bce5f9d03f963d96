"""The text layer: every text a person sees, in Fluent files under ``texts/ru/``.

``t("key", **args)`` renders a message for Telegram's HTML parse mode: string arguments are
escaped (a person's name with ``<b>`` in it stays text), except those already rendered by
``t`` (they are ``Safe``); datetimes are shown in the Council's zone as ``22.12.2026 10:00``;
integers are shown without digit grouping (ids, years). ``t.plain`` renders the same without
escaping, for button labels, file names and documents. ``t.label(member)`` names an enum
member (``Occupation.TOS_ACTIVIST`` → key ``occupation-tos_activist``).

Russian plural forms are chosen by Fluent from CLDR rules (one / few / many):
``{ $count -> [one] … [few] … *[many] … }``.

Staff correct a wording by editing the ``.ftl`` file; no Python changes.
"""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from html import escape
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from fluent.runtime import FluentBundle, resolver
from fluent.runtime.types import fluent_number
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast
from fluent.syntax import parse as fluent_parse

log = logging.getLogger(__name__)

# fluent.runtime refuses an argument longer than 2,500 characters (a guard for untrusted .ftl
# files). Ours are trusted, and arguments are people's texts: up to 4,000 characters, longer
# once escaped. Lift the guard so a long wording is shown, not dropped.
resolver.MAX_PART_LENGTH = 100_000

LOCALE = "ru"
FOLDER = Path(__file__).with_name(LOCALE)
DEFAULT_TZ = ZoneInfo("Asia/Novokuznetsk")


class Safe(str):
    """Text that is already valid HTML for Telegram (rendered by ``t``); never escaped again."""

    __slots__ = ()


def quote(value: object) -> Safe:
    """A person's text, escaped for HTML parse mode. The one way user text enters a message
    outside a Fluent placeable."""
    return value if isinstance(value, Safe) else Safe(escape(str(value), quote=False))


def label_key(member: enum.Enum) -> str:
    """``EventKind.CONFERENCE`` → ``event-kind-conference``: the key naming an enum member."""
    prefix = re.sub(r"(?<!^)(?=[A-Z])", "-", type(member).__name__).lower()
    return f"{prefix}-{member.value}"


def ftl_files(folder: Path = FOLDER) -> list[Path]:
    return sorted(folder.glob("*.ftl"))


def _parse(source: str) -> fluent_ast.Resource:
    """Without source positions (almost half the parse); a file with a syntax error is parsed
    again with them, so the error names its line."""
    resource = FluentParser(with_spans=False).parse(source)
    if any(isinstance(entry, fluent_ast.Junk) for entry in resource.body):
        return fluent_parse(source)
    return resource


def parse_resources(folder: Path = FOLDER) -> list[tuple[Path, fluent_ast.Resource]]:
    """Every ``.ftl`` file of the folder, parsed once (the catalogue and the checks share it)."""
    return [(path, _parse(path.read_text(encoding="utf-8"))) for path in ftl_files(folder)]


def parse_files(
    folder: Path = FOLDER,
    resources: list[tuple[Path, fluent_ast.Resource]] | None = None,
) -> dict[str, tuple[Path, fluent_ast.Message]]:
    """Every message in the folder with the file it is in. Syntax errors and a key defined
    twice raise, so a broken edit stops the bot at start-up, not in front of a person."""
    found: dict[str, tuple[Path, fluent_ast.Message]] = {}
    for path, resource in parse_resources(folder) if resources is None else resources:
        for entry in resource.body:
            if isinstance(entry, fluent_ast.Junk):
                start = entry.span.start if entry.span else 0
                line = path.read_text(encoding="utf-8")[:start].count("\n") + 1
                raise ValueError(f"{path.name}:{line}: Fluent syntax error: {entry.content!r}")
            if isinstance(entry, fluent_ast.Message):
                key = entry.id.name
                if key in found:
                    raise ValueError(f"{path.name}: key {key!r} is also in {found[key][0].name}")
                found[key] = (path, entry)
    return found


class Texts:
    """The catalogue. One instance per process (``t`` below); ``configure`` sets the zone."""

    def __init__(self, folder: Path = FOLDER, tz: ZoneInfo = DEFAULT_TZ) -> None:
        self.folder = folder
        self.tz = tz
        # One parse serves both the checks and the bundle (parsing is most of the import).
        resources = parse_resources(folder)
        self._keys = frozenset(parse_files(folder, resources))
        self._bundle = FluentBundle([LOCALE], use_isolating=False)
        for _, resource in resources:
            self._bundle.add_resource(resource)

    # --- rendering ---
    def __call__(self, key: str, /, **args: Any) -> Safe:
        return Safe(self._format(key, {k: self._html_arg(v) for k, v in args.items()}))

    def plain(self, key: str, /, **args: Any) -> str:
        return self._format(key, {k: self._plain_arg(v) for k, v in args.items()})

    def label(self, member: enum.Enum) -> str:
        return self.plain(label_key(member))

    def labels(self, members: type[enum.Enum]) -> dict[Any, str]:
        return {m: self.label(m) for m in members}

    def has(self, key: str) -> bool:
        return key in self._keys

    def keys(self) -> frozenset[str]:
        return self._keys

    # --- one formatter for dates and times ---
    def when(self, moment: datetime) -> str:
        """``22.12.2026 10:00`` in the Council's zone."""
        return f"{moment.astimezone(self.tz):%d.%m.%Y %H:%M}"

    def day(self, moment: datetime | date) -> str:
        if isinstance(moment, datetime):
            moment = moment.astimezone(self.tz).date()
        return f"{moment:%d.%m.%Y}"

    def clock(self, moment: datetime) -> str:
        return f"{moment.astimezone(self.tz):%H:%M}"

    def span(self, start: datetime, end: datetime | None) -> str:
        """``22.12.2026 10:00–12:00``, or both dates when the end is on another day."""
        if end is None:
            return self.when(start)
        if start.astimezone(self.tz).date() == end.astimezone(self.tz).date():
            return f"{self.when(start)}–{self.clock(end)}"
        return f"{self.when(start)} – {self.when(end)}"

    # --- internals ---
    def _format(self, key: str, args: Mapping[str, Any]) -> str:
        message = self._bundle.get_message(key) if self._bundle.has_message(key) else None
        if message is None or message.value is None:
            raise KeyError(f"no text {key!r} in {self.folder}")
        text, errors = self._bundle.format_pattern(message.value, dict(args))
        for error in errors:
            log.error("text %s: %s", key, error)
        return str(text)

    def _plain_arg(self, value: Any) -> Any:
        if isinstance(value, bool):
            return str(value)
        if isinstance(value, int):
            return fluent_number(value, useGrouping=False)
        if isinstance(value, datetime):
            return self.when(value)
        if isinstance(value, date):
            return self.day(value)
        if isinstance(value, enum.Enum):
            return self.label(value)
        if value is None:
            return ""
        return value

    def _html_arg(self, value: Any) -> Any:
        value = self._plain_arg(value)
        if isinstance(value, str):
            return quote(value)
        return value


t = Texts()


def configure(tz: ZoneInfo) -> None:
    """Set the zone in which times are shown (``TIMEZONE``); called by the composition root."""
    t.tz = tz


def iter_messages(folder: Path = FOLDER) -> Iterator[tuple[str, fluent_ast.Message]]:
    for key, (_, message) in parse_files(folder).items():
        yield key, message


__all__ = ["DEFAULT_TZ", "Safe", "Texts", "configure", "label_key", "quote", "t"]
