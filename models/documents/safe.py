"""Spreadsheet apps run a cell that starts with ``= + - @`` (or a tab / carriage return
before one) as a formula: ``=HYPERLINK("http://evil.example/x";"Подробнее")`` in a
justification would become a live link. Every export passes its text cells through
:func:`neutralise`, which keeps them text by a leading apostrophe (OWASP's advice)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

T = TypeVar("T")

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def neutralise_row(values: Iterable[T]) -> list[T | str]:
    """Text cells neutralised; numbers and dates (real spreadsheet values) left as they are."""
    return [neutralise(v) if isinstance(v, str) else v for v in values]
