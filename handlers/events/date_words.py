"""A parsed date said back in words, so a person sees what the bot understood:
«22 декабря 2026, вторник, 10:00»."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from texts import Safe, t

MONTH_KEYS = (
    "dates-month-1",
    "dates-month-2",
    "dates-month-3",
    "dates-month-4",
    "dates-month-5",
    "dates-month-6",
    "dates-month-7",
    "dates-month-8",
    "dates-month-9",
    "dates-month-10",
    "dates-month-11",
    "dates-month-12",
)
WEEKDAY_KEYS = (
    "dates-weekday-0",
    "dates-weekday-1",
    "dates-weekday-2",
    "dates-weekday-3",
    "dates-weekday-4",
    "dates-weekday-5",
    "dates-weekday-6",
)


def in_words(moment: datetime, tz: ZoneInfo) -> str:
    local = moment.astimezone(tz)
    return t.plain(
        "dates-in-words",
        day=str(local.day),
        month=t.plain(MONTH_KEYS[local.month - 1]),
        year=str(local.year),
        weekday=t.plain(WEEKDAY_KEYS[local.weekday()]),
        clock=f"{local:%H:%M}",
    )


def understood(moment: datetime, tz: ZoneInfo) -> Safe:
    """«Понял: 22 декабря 2026, вторник, 10:00.»"""
    return t("dates-understood", when=in_words(moment, tz))
