"""Dates as people write them in Russian (models.dates.parse_local), said back in words
(handlers.events.date_words), and through the event creation dialogue."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from bot.config import Settings
from handlers.events.date_words import in_words
from models.dates import parse_local
from models.errors import DomainError
from models.events import EventKind
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.harness import running_bot
from texts import t

TZ = ZoneInfo("Asia/Novokuznetsk")
# Wednesday 2 December 2026, 10:00 in Novokuznetsk.
NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
MONTHS = [
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
]


def local(text: str, **kw: datetime) -> str:
    return f"{parse_local(text, TZ, now=NOW, **kw).astimezone(TZ):%d.%m.%Y %H:%M}"


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("22.12.2026 10:00", "22.12.2026 10:00"),
        (" 22.12.2026   10:00 ", "22.12.2026 10:00"),
        ("22.12.26 10:00", "22.12.2026 10:00"),
        ("22/12/2026 10.00", "22.12.2026 10:00"),
        ("22.12 10:00", "22.12.2026 10:00"),
        ("22.12 в 10", "22.12.2026 10:00"),
        ("1.12 10:00", "01.12.2027 10:00"),  # yesterday's date: next year's
        ("02.12 18:00", "02.12.2026 18:00"),  # today is still this year
        ("15.01 9:00", "15.01.2027 09:00"),
        ("22 декабря 10:00", "22.12.2026 10:00"),
        ("22 декабря в 10:00", "22.12.2026 10:00"),
        ("22 Декабря 2026 г. в 10:00", "22.12.2026 10:00"),
        ("22 дек 10:00", "22.12.2026 10:00"),
        ("22 дек. 2026 10.00", "22.12.2026 10:00"),
        ("3 марта в 9:30", "03.03.2027 09:30"),
        ("1 мая 2027 в 11:00", "01.05.2027 11:00"),
        ("9 мая 12:00", "09.05.2027 12:00"),
        ("29 февраля 10:00", "29.02.2028 10:00"),
        ("22 декабря 2026, вторник, 10:00", "22.12.2026 10:00"),
        ("завтра в 15:00", "03.12.2026 15:00"),
        ("Завтра 15:00", "03.12.2026 15:00"),
        ("завтра в 15", "03.12.2026 15:00"),
        ("завтра в 7 вечера", "03.12.2026 19:00"),
        ("завтра в 3 дня", "03.12.2026 15:00"),
        ("послезавтра 9:30", "04.12.2026 09:30"),
        ("сегодня в 18:30", "02.12.2026 18:30"),
        ("2026-12-22 10:00", "22.12.2026 10:00"),
        ("2026-12-22T10:00", "22.12.2026 10:00"),
        ("10.00", "03.12.2026 10:00"),  # 10:00 is now: the next 10:00
        ("в 10:00", "03.12.2026 10:00"),
        ("в 18:00", "02.12.2026 18:00"),
        ("18:00", "02.12.2026 18:00"),
        ("в 11", "02.12.2026 11:00"),
        ("в пятницу в 10:00", "04.12.2026 10:00"),  # today is a Wednesday
        ("в среду в 18:00", "02.12.2026 18:00"),  # today, still ahead
        ("в среду в 9:00", "09.12.2026 09:00"),  # today's has passed: next week's
        ("понедельник 11.00", "07.12.2026 11:00"),
        ("в субботу в 3 дня", "05.12.2026 15:00"),
        ("9:05", "03.12.2026 09:05"),
    ],
)
def test_real_inputs(typed: str, meant: str) -> None:
    assert local(typed) == meant


def test_a_time_alone_is_on_the_given_day() -> None:
    start = parse_local("22.12.2026 10:00", TZ, now=NOW)
    assert local("18:00", day_of=start) == "22.12.2026 18:00"
    assert local("в 12.30", day_of=start) == "22.12.2026 12:30"
    assert local("23 декабря 13:00", day_of=start) == "23.12.2026 13:00"  # a date wins


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "завтра",
        "22.12.2026",
        "22 декабря",
        "2026-12-22",
        "завтра в десять",
        "10",
        "32.12.2026 10:00",
        "31.02.2027 10:00",
        "22.13 10:00",
        "25:00",
        "10:60",
        "22 блабла 10:00",
        "в следующий вторник",
        "в пятницу",
        "22.12.2026 10:00 и 11:00",
        "<b>22.12</b> 10:00",
        "2" * 200,
    ],
)
def test_refused(typed: str) -> None:
    with pytest.raises(DomainError) as err:
        parse_local(typed, TZ, now=NOW)
    assert err.value.code == "date-invalid"


moments = st.datetimes(min_value=datetime(2026, 12, 3), max_value=datetime(2028, 11, 30)).map(
    lambda d: d.replace(second=0, microsecond=0)
)


@hsettings(max_examples=150, deadline=None)
@given(moments)
def test_every_written_form_means_the_same_moment(moment: datetime) -> None:
    month = MONTHS[moment.month - 1]
    forms = [
        f"{moment:%d.%m.%Y %H:%M}",
        f"{moment:%d.%m.%y %H.%M}",
        f"{moment:%Y-%m-%d %H:%M}",
        f"{moment.day} {month} {moment.year} в {moment:%H:%M}",
        f"{moment.day} {month[:3]}. {moment.year} г. {moment.hour}:{moment:%M}",
    ]
    if moment - datetime(2026, 12, 2) < timedelta(days=364):  # no year: the next one
        forms += [f"{moment:%d.%m %H:%M}", f"{moment.day} {month} {moment:%H:%M}"]
    expected = moment.replace(tzinfo=TZ).astimezone(UTC)
    for form in forms:
        assert parse_local(form, TZ, now=NOW) == expected, form
    # What the bot says back parses to the same moment (a person may paste it).
    assert parse_local(in_words(expected, TZ), TZ, now=NOW) == expected


@hsettings(max_examples=300, deadline=None)
@given(st.text(max_size=40))
def test_anything_else_is_a_clear_refusal_never_a_crash(text: str) -> None:
    code: str | None = None
    try:
        parsed = parse_local(text, TZ, now=NOW)
    except DomainError as err:
        code = err.code
    else:
        assert parsed.tzinfo is not None
    assert code in (None, "date-invalid")


def test_said_back_in_words() -> None:
    assert in_words(datetime(2026, 12, 22, 3, 0, tzinfo=UTC), TZ) == (
        "22 декабря 2026, вторник, 10:00"
    )
    assert in_words(datetime(2027, 3, 7, 2, 5, tzinfo=UTC), TZ) == (
        "7 марта 2027, воскресенье, 09:05"
    )


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


@pytest.mark.slow
@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_event_creation_takes_russian_dates(tg: FakeTelegram, settings: Settings) -> None:
    """«послезавтра в 10:00» for the start, «18.00» for the end (that day), each said back
    in words before the next question."""
    async with running_bot(tg, settings):
        admin, chat = tg.user(ADMIN_ID), tg.chat(ADMIN_ID)
        await admin.send("/event_new")
        await admin.send("Семинар по бюджету")
        await admin.send("Программа")
        await admin.press(t.label(EventKind.SEMINAR))
        await admin.send("послезавтра в 10:00")
        start = (datetime.now(TZ) + timedelta(days=2)).replace(
            hour=10, minute=0, second=0, microsecond=0
        )
        said = chat.messages[-2].source_text or ""
        assert said == t("dates-understood", when=in_words(start, TZ))
        assert re.search(r"\d+ [а-я]+ \d{4}, [а-я]+, 10:00", said)
        await admin.send("18.00")
        end = start.replace(hour=18)
        assert chat.messages[-2].source_text == t("dates-understood", when=in_words(end, TZ))
        assert chat.last_text() == t.plain("events-ask-place")
