"""The one parser of a date and time typed by a person.

``15.12.2026 10:00`` (or ``15.12.26 10:00``) in the Council's zone becomes an aware UTC
datetime; anything else raises ``DomainError("date-invalid")``, whose text shows the format.
"""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from models.errors import DomainError

FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%y %H:%M")


def parse_local(text: str, tz: ZoneInfo) -> datetime:
    """``dd.mm.yyyy HH:MM`` or ``dd.mm.yy HH:MM`` typed in ``tz`` → an aware UTC datetime.
    Extra spaces are ignored."""
    cleaned = " ".join(text.split())
    for pattern in FORMATS:
        try:
            naive = datetime.strptime(cleaned, pattern)
        except ValueError:
            continue
        return naive.replace(tzinfo=tz).astimezone(UTC)
    raise DomainError("date-invalid")
