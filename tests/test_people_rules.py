"""What people type, against the rules of the domain on a real database: municipality search
by every administrative centre and a typo of each, names with accents and punctuation, and
first-time writes raced by two sessions at once (insert-or-ignore, not an IntegrityError)."""

from __future__ import annotations

import asyncio
import csv

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import municipalities
from models.errors import DomainError
from models.proposals import drafts
from models.subscriptions import UserTopic, toggle_topic
from models.topics import Topic
from models.users import User, touch_user
from models.users.profile import clean_name
from tests.factories import make_user

SEED = municipalities.__file__.replace("municipalities.py", "data/municipalities.csv")


def _seed() -> list[dict[str, str]]:
    with open(SEED, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _typo(word: str) -> str:
    """One typo as people make them: a letter replaced (a doubled one for short words)."""
    if len(word) < 4:
        return word + word[-1]
    middle = len(word) // 2
    replacement = "а" if word[middle] != "а" else "о"
    return word[:middle] + replacement + word[middle + 1 :]


async def test_every_centre_and_a_typo_of_each_is_found(session: AsyncSession) -> None:
    rows = _seed()
    by_centre: dict[str, set[str]] = {}
    for row in rows:
        by_centre.setdefault(row["center"], set()).add(row["name"])
    assert len(rows) == 34
    for centre, names in by_centre.items():
        for typed in (centre, centre.upper(), centre.replace("ё", "е"), _typo(centre)):
            found = {m.name for m in await municipalities.search_active(session, typed)}
            assert names <= found, (typed, found)
            assert len(found) <= 4, (typed, found)  # an answer, not the whole list


async def test_ambiguous_centre_offers_both(session: AsyncSession) -> None:
    found = [m.name for m in await municipalities.search_active(session, "  юрга ")]
    assert found == ["Юргинский городской округ", "Юргинский муниципальный округ"]
    assert [m.name for m in await municipalities.search_active(session, "Мыски")] == [
        "Мысковский городской округ"
    ]
    assert await municipalities.search_active(session, "Париж") == []


@pytest.mark.parametrize(
    "name",
    ["Ма́рия Петрова", "Анна-Мария Иванова", "А. С. Пушкин", "Д’Артаньян", "Ёлкина Алёна"],
)
def test_names_with_accents_and_punctuation(name: str) -> None:
    assert clean_name(name) == name


@pytest.mark.parametrize(
    "name",
    [
        "Ирина\u200bПетрова",
        "Ири\u202eна",
        "Ирина\u2066Петрова",
        "\u0301Ия",
        "Ирина 2",
        "<b>Ира</b>",
    ],
)
def test_invisible_and_bad_characters_refused(name: str) -> None:
    with pytest.raises(DomainError) as refused:
        clean_name(name)
    assert refused.value.code == "name-error-bad_chars"


async def _race(factory: async_sessionmaker[AsyncSession], op, n: int = 2) -> list[object]:  # type: ignore[no-untyped-def]
    async def one() -> object:
        async with factory() as s:
            return await op(s)

    return list(await asyncio.gather(*(one() for _ in range(n))))


async def test_first_contact_raced(session_factory: async_sessionmaker[AsyncSession]) -> None:
    users = await _race(session_factory, lambda s: touch_user(s, 9100), n=5)
    assert len({u.id for u in users}) == 1  # type: ignore[attr-defined]
    async with session_factory() as s:
        assert await s.scalar(select(func.count()).select_from(User)) == 1


async def test_draft_and_toggle_raced(session_factory: async_sessionmaker[AsyncSession]) -> None:
    async with session_factory() as s:
        user = await make_user(s, 9200)
    await _race(session_factory, lambda s: drafts.start_draft(s, user.id), n=5)
    await _race(session_factory, lambda s: toggle_topic(s, user.id, Topic.EVENTS), n=2)
    async with session_factory() as s:
        assert await drafts.get_draft(s, user.id) is not None
        on = await s.scalar(select(func.count()).select_from(UserTopic))
        assert on in (0, 1)  # two taps: on then off, or both saw "off" — never an error
