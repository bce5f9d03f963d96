"""The one parser of a date and time typed by a person, in Russian as people write it.

Accepted (in the Council's zone, case and extra spaces ignored):

- ``22.12.2026 10:00``, ``22.12.26 10:00``, ``22/12/2026 10.00``;
- ``22.12 10:00`` (no year: the next 22 December from today);
- ``22 декабря 10:00``, ``22 декабря 2026 г. в 10:00``, ``22 дек 10:00``, ``22 декабря в 10``;
- ``сегодня в 15:00``, ``завтра в 15:00``, ``послезавтра 9:30``, ``завтра в 7 вечера``,
  ``в пятницу в 10:00``;
- ISO ``2026-12-22 10:00`` and ``2026-12-22T10:00``;
- a time alone: ``10:00``, ``10.00``, ``в 10:00``, ``в 10``: on the day of ``day_of`` (an end
  on the start's day), else its next occurrence from ``now``.

A weekday alone (``в пятницу в 10:00``) is the nearest such day still ahead; written along a
date (``22 декабря 2026, вторник, 10:00``, as the bot echoes dates back) it is ignored.
A date without a time, or anything else, raises ``DomainError("date-invalid")``, whose text
lists the forms.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from models.errors import DomainError

_YO = str.maketrans("ё", "е")
_NOISE = re.compile(r"(?<!\S)(?:в|во|к|на|г\.?|года?|утра)(?!\S)")
_WEEKDAY = re.compile(
    r"(?<!\S)(?:(?P<w0>понедельник)|(?P<w1>вторник)|(?P<w2>сред[ау])|(?P<w3>четверг)"
    r"|(?P<w4>пятниц[ау])|(?P<w5>суббот[ау])|(?P<w6>воскресенье))(?!\S)"
)
_NOISE_SPLIT = re.compile(r"[,;]|\s+—\s+|\s+-\s+")
_PM = re.compile(r"(?<!\S)(?:вечера|дня)(?!\S)")
_HOUR_HINT = re.compile(r"(?<!\S)(?:в|во|к)\s+\d")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ t](.+))?$")
_NUM_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})(?:[./](\d{4}|\d{2}))?(?:\s+(.+))?$")
_WORD_DATE = re.compile(r"^(\d{1,2})\s+([а-я]+)\.?(?:\s+(\d{4}))?(?:\s+(.+))?$")
_RELATIVE = re.compile(
    r"^(?:(?P<d0>сегодня)|(?P<d1>завтра)|(?P<d2>послезавтра))(?:\s+(?P<rest>.+))?$"
)
_TIME = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?(?:\s*ч(?:ас(?:а|ов)?)?\.?)?$")
_MONTH = re.compile(
    r"^(?:(?P<m1>янв)|(?P<m2>фев)|(?P<m3>мар)|(?P<m4>апр)|(?P<m5>ма[йяе])|(?P<m6>июн)"
    r"|(?P<m7>июл)|(?P<m8>авг)|(?P<m9>сен)|(?P<m10>окт)|(?P<m11>ноя)|(?P<m12>дек))"
)


def _invalid() -> DomainError:
    return DomainError("date-invalid")


def _clean(text: str) -> tuple[str, bool, bool, int | None]:
    """Lower case, no noise words; whether an hour alone may stand («в 10»), whether
    «вечера»/«дня» moves it past noon, and the weekday named (0 = Monday), if any."""
    lowered = text.translate(_YO).lower().strip()
    hour_hint = _HOUR_HINT.search(lowered) is not None
    pm = _PM.search(lowered) is not None
    weekday = _WEEKDAY.search(lowered)
    lowered = _WEEKDAY.sub(" ", _PM.sub(" ", _NOISE_SPLIT.sub(" ", lowered)))
    named = int(weekday.lastgroup[1:]) if weekday and weekday.lastgroup else None
    return " ".join(_NOISE.sub(" ", lowered).split()), hour_hint, pm, named


def _time(text: str | None, *, hour_alone: bool, pm: bool) -> time:
    if text is None:
        raise _invalid()
    found = _TIME.fullmatch(text)
    if found is None or (found.group(2) is None and not hour_alone):
        raise _invalid()
    hour, minute = int(found.group(1)), int(found.group(2) or 0)
    if pm and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        raise _invalid()
    return time(hour, minute)


def _day(year: int | None, month: int, day: int, today: date) -> date:
    """A calendar day; without a year, the next such day from ``today`` (today included)."""
    try:
        if year is not None:
            return date(year + 2000 if year < 100 else year, month, day)
        candidate = date(today.year, month, day)
    except ValueError:
        if year is None and month == 2 and day == 29:  # the next 29 February
            for ahead in range(1, 9):
                try:
                    return date(today.year + ahead, 2, 29)
                except ValueError:
                    continue
        raise _invalid() from None
    return candidate if candidate >= today else candidate.replace(year=today.year + 1)


def _month(word: str) -> int:
    found = _MONTH.match(word)
    if found is None or found.lastgroup is None:
        raise _invalid()
    return int(found.lastgroup[1:])


def _date_and_rest(text: str, today: date) -> tuple[date, str | None] | None:
    """The date part and what follows it, or None when the text starts with no date."""
    if found := _ISO.fullmatch(text):
        day = _day(int(found.group(1)), int(found.group(2)), int(found.group(3)), today)
        return day, found.group(4)
    if (found := _NUM_DATE.fullmatch(text)) and (found.group(3) or found.group(4)):
        year = int(found.group(3)) if found.group(3) else None
        return _day(year, int(found.group(2)), int(found.group(1)), today), found.group(4)
    if found := _WORD_DATE.fullmatch(text):
        year = int(found.group(3)) if found.group(3) else None
        return _day(year, _month(found.group(2)), int(found.group(1)), today), found.group(4)
    if found := _RELATIVE.fullmatch(text):
        ahead = next(i for i, key in enumerate(("d0", "d1", "d2")) if found.group(key))
        return today + timedelta(days=ahead), found.group("rest")
    return None


def parse_local(
    text: str,
    tz: ZoneInfo,
    *,
    now: datetime | None = None,
    day_of: datetime | None = None,
) -> datetime:
    """What a person typed in ``tz`` → an aware UTC datetime (see the module for the forms).
    ``day_of``: the day a time alone belongs to (the start, for an end)."""
    cleaned, hour_hint, pm, weekday = _clean(text)
    if not cleaned or len(cleaned) > 60:
        raise _invalid()
    local_now = (now or datetime.now(UTC)).astimezone(tz)
    parsed = _date_and_rest(cleaned, local_now.date())
    if parsed is not None:
        day, rest = parsed
        moment = datetime.combine(day, _time(rest, hour_alone=True, pm=pm))
    elif weekday is not None:  # «в пятницу в 10:00»: the nearest such day still ahead
        today = local_now.date()
        day = today + timedelta(days=(weekday - today.weekday()) % 7)
        moment = datetime.combine(day, _time(cleaned, hour_alone=True, pm=pm))
        if moment <= local_now.replace(tzinfo=None):
            moment += timedelta(days=7)
    else:
        at = _time(cleaned, hour_alone=hour_hint, pm=pm)
        if day_of is not None:
            moment = datetime.combine(day_of.astimezone(tz).date(), at)
        else:
            moment = datetime.combine(local_now.date(), at)
            if moment <= local_now.replace(tzinfo=None):
                moment += timedelta(days=1)
    return moment.replace(tzinfo=tz).astimezone(UTC)
