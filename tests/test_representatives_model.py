"""Representatives and coverage on the model, on SQLite and PostgreSQL: who gets what is
addressed to a municipality, the database keeps one active row per person and one
signatory, twenty sessions racing for one invitation or one appointment leave one winner."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import representatives as reps
from models.coverage import coverage
from models.errors import DomainError
from models.outbox import Mailing
from models.users import User
from tests.conftest import ADMIN_ID
from tests.factories import make_user, make_users
from texts import t


async def test_recipients_are_active_reachable_representatives(session: AsyncSession) -> None:
    a, b, c, d = await make_users(session, 9100, 4)
    await reps.appoint(session, ADMIN_ID, 1, a.id, signatory=True)
    await reps.appoint(session, ADMIN_ID, 1, b.id)
    await reps.appoint(session, ADMIN_ID, 2, b.id)  # one person for two municipalities
    row = await reps.appoint(session, ADMIN_ID, 3, c.id)
    await reps.revoke(session, ADMIN_ID, row.id)
    await reps.appoint(session, ADMIN_ID, 4, d.id)
    d.is_active = False  # blocked the bot
    await session.commit()

    found = await reps.recipients(session)
    assert {m: [u.telegram_id for u in users] for m, users in found.items()} == {
        1: [9100, 9101],
        2: [9101],
    }
    signers = await reps.recipients(session, [1, 2], signatories_only=True)
    assert {m: [u.id for u in users] for m, users in signers.items()} == {1: [a.id]}
    outbox = await reps.outbox_recipients(session, [1, 2, 3])
    assert [r.chat_id for r in outbox] == [9100, 9101]  # Boris once
    assert await reps.municipalities_of(session, b.id) == [1, 2]
    assert await reps.is_signatory(session, a.id, 1)
    assert not await reps.is_signatory(session, b.id, 1)
    assert not await reps.is_representative(session, c.id, 3)
    assert await reps.counts(session) == {1: (2, True), 2: (1, False), 4: (1, False)}


async def test_signatory_moves_and_rules_refuse(session: AsyncSession) -> None:
    a, b = await make_users(session, 9200, 2)
    a_id, b_id = a.id, b.id
    first = await reps.appoint(session, ADMIN_ID, 5, a.id, signatory=True)
    second = await reps.appoint(session, ADMIN_ID, 5, b.id, signatory=True)
    assert [(r.user_id, r.is_signatory) for r in await reps.representatives_of(session, 5)] == [
        (b.id, True),
        (a.id, False),
    ]
    await reps.set_signatory(session, ADMIN_ID, first.id)
    assert await reps.is_signatory(session, a.id, 5)
    with pytest.raises(DomainError) as err:
        await reps.set_signatory(session, ADMIN_ID, first.id)
    assert err.value.code == "reps-already-signatory"
    with pytest.raises(DomainError) as err:
        await reps.appoint(session, ADMIN_ID, 5, a_id)
    assert err.value.code == "reps-already"
    with pytest.raises(DomainError) as err:
        await reps.appoint(session, ADMIN_ID, 999, a_id)
    assert err.value.code == "reps-municipality-unknown"
    stranger = User(telegram_id=9299)  # no consent, no profile
    session.add(stranger)
    await session.commit()
    with pytest.raises(DomainError) as err:
        await reps.appoint(session, ADMIN_ID, 5, stranger.id)
    assert err.value.code == "reps-person-not-registered"
    await reps.revoke(session, ADMIN_ID, second.id)
    with pytest.raises(DomainError) as err:
        await reps.revoke(session, ADMIN_ID, second.id)
    assert err.value.code == "reps-gone"
    # Revoked, then appointed again: a new row, the old one stays as history.
    await reps.appoint(session, ADMIN_ID, 5, b_id, render=t)
    total = await session.scalar(
        select(func.count())
        .select_from(reps.Representative)
        .where(reps.Representative.user_id == b_id)
    )
    assert total == 2
    notices = list(await session.scalars(select(Mailing.text)))
    assert any("Вы назначены представителем" in (n or "") for n in notices)


async def test_hand_over_keeps_the_signature(session: AsyncSession) -> None:
    a, b, c = await make_users(session, 9300, 3)
    c_id = c.id
    row = await reps.appoint(session, ADMIN_ID, 6, a.id, signatory=True)
    with pytest.raises(DomainError) as err:
        await reps.hand_over(session, row, a.id)
    assert err.value.code == "reps-handover-self"
    new = await reps.hand_over(session, row, b.id, render=t)
    assert (new.user_id, new.is_signatory, new.source) == (b.id, True, "handover")
    assert await reps.representatives_of(session, 6) == [new]
    with pytest.raises(DomainError) as err:  # the old row is closed: no second hand-over
        await reps.hand_over(session, row, c_id)
    assert err.value.code == "reps-gone"


async def test_coverage_counts_answers_inside_the_scope(session: AsyncSession) -> None:
    everyone = await coverage(session, [1, 2, 3])
    assert (everyone.done, everyone.total) == (3, 34)
    assert len(everyone.missing) == 31 and everyone.missing[0].id not in (1, 2, 3)
    some = await coverage(session, [2, 7, 30], scope=[1, 2, 3, 4])
    assert [m.id for m in some.answered] == [2]
    assert sorted(some.missing_ids) == [1, 3, 4]
    assert some.total == 4


async def _race(factory: async_sessionmaker[AsyncSession], calls: list) -> list[object]:  # type: ignore[type-arg]
    async def one(call) -> object:  # type: ignore[no-untyped-def]
        async with factory() as session:
            try:
                return await call(session)
            except DomainError as exc:
                return exc.code

    return await asyncio.gather(*(one(c) for c in calls))


async def test_twenty_sessions_race_for_one_invitation(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    people = await make_users(session, 9400, 20)
    invite = await reps.create_invite(session, ADMIN_ID, 7, signatory=True)

    def accept(person: User):  # type: ignore[no-untyped-def]
        return lambda s: reps.accept_invite(s, invite.token, person)

    results = await _race(session_factory, [accept(p) for p in people])
    winners = [r for r in results if isinstance(r, reps.Representative)]
    assert len(winners) == 1, results
    assert all(r == "reps-invite-used" for r in results if not isinstance(r, reps.Representative))
    async with session_factory() as check:
        rows = await reps.representatives_of(check, 7)
        assert [(r.user_id, r.is_signatory) for r in rows] == [(winners[0].user_id, True)]


async def test_twenty_sessions_appoint_the_same_person(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    person = await make_user(session, 9500, name="Один Человек")
    results = await _race(
        session_factory,
        [lambda s: reps.appoint(s, ADMIN_ID, 8, person.id, signatory=True)] * 20,
    )
    assert sum(isinstance(r, reps.Representative) for r in results) == 1, results
    assert {r for r in results if isinstance(r, str)} <= {"reps-already", "reps-already-race"}
    async with session_factory() as check:
        assert len(await reps.representatives_of(check, 8)) == 1
