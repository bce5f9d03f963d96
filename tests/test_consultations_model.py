"""Acts under consultation on the model, on SQLite and PostgreSQL: registering an act
announces it to its audience once, positions replace each other with history, coverage
counts positions and representatives' proposals, reminders go only to those who have not
answered (one per tap, one per offset), the deadline closes the discussion by itself and a
late draft is refused and kept, numbers run per act, and twenty concurrent submissions get
twenty different numbers."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import consultations as cons
from models import representatives as reps
from models.base import utcnow
from models.consultations import ActKind, ActStage, NewAct, Stance
from models.errors import DomainError
from models.outbox import Delivery, Mailing
from models.proposals import Proposal
from models.proposals.acts import Act
from models.proposals.drafts import Draft, get_draft, save_draft
from models.proposals.numbering import submit
from models.subscriptions import set_default_topics
from models.users import User
from tests.conftest import ADMIN_ID
from tests.factories import make_users
from texts import t

DRAFT = Draft(
    place_kind="whole_law",
    kind="new_wording",
    proposed_wording="Изложить в новой редакции",
    justification="Так яснее",
    attachment_done=True,
)


async def _regional(session: AsyncSession, days: int = 10, **kw: object) -> Act:
    return await cons.create_act(
        session,
        ADMIN_ID,
        NewAct(
            kind=ActKind.REGIONAL_DRAFT,
            title="О внесении изменений в Закон Кемеровской области «О местном самоуправлении»",
            number="42-ЗП",
            sender="Парламент Кузбасса",
            discussion_ends_at=utcnow() + timedelta(days=days),
            **kw,  # type: ignore[arg-type]
        ),
        render=t,
    )


async def _representatives(session: AsyncSession, first: int, count: int) -> list[User]:
    people = await make_users(session, first, count)
    for i, person in enumerate(people):
        await reps.appoint(session, ADMIN_ID, 1 + i % 34, person.id)
    return people


async def _delivered_to(session: AsyncSession, key_part: str) -> set[int]:
    rows = await session.scalars(
        select(Delivery.chat_id).join(Mailing).where(Mailing.dedup_key.contains(key_part))
    )
    return set(rows)


async def test_register_announce_positions_and_coverage(session: AsyncSession) -> None:
    people = await _representatives(session, 9600, 34)
    subscriber = (await make_users(session, 9700, 1))[0]
    await set_default_topics(session, subscriber.id)
    await session.commit()
    act = await _regional(session)
    assert (act.stage, act.code) == (ActStage.DISCUSSION, "42")
    announced = await _delivered_to(session, f"act:{act.id}:stage:discussion")
    assert announced == {p.telegram_id for p in people} | {subscriber.telegram_id}
    await cons.announce(session, act, t, ADMIN_ID)  # again: nobody gets it twice
    await session.commit()
    count = await session.scalar(select(func.count()).select_from(Delivery))
    assert count == 35

    first = await cons.submit_position(session, people[0], act.id, 1, Stance.SUPPORT, "Да")
    second = await cons.submit_position(
        session, people[0], act.id, 1, Stance.OPPOSE, "Передумали", attachment_file_id="F1"
    )
    current = await cons.current_positions(session, act.id)
    assert [(p.id, p.stance) for p in current] == [(second.id, Stance.OPPOSE)]
    assert [p.id for p in await cons.history(session, act.id, 1)] == [second.id, first.id]
    with pytest.raises(DomainError) as err:  # not a representative of municipality 2
        await cons.submit_position(session, people[0], act.id, 2, Stance.SUPPORT, "Да")
    assert err.value.code == "consultations-not-representative"
    with pytest.raises(DomainError):
        await cons.submit_position(session, people[1], act.id, 2, Stance.SUPPORT, "  ")

    # A representative's proposal answers for their municipality too.
    await save_draft(session, people[2].id, Draft(**DRAFT.__dict__))
    proposal = await submit(session, people[2])
    assert proposal.act_id == act.id and proposal.number.startswith("42-")
    covered = await cons.act_coverage(session, act)
    assert (covered.done, covered.total) == (2, 34)
    assert {m.id for m in covered.answered} == {1, 3}


async def test_reminders_only_to_the_missing_and_once(session: AsyncSession) -> None:
    people = await _representatives(session, 9800, 34)
    act = await _regional(session)
    for person in people[:5]:
        await cons.submit_position(
            session, person, act.id, person.municipality_id or 0, Stance.SUPPORT, "Да"
        )
    stamp = 123
    sent = await cons.remind_missing(session, ADMIN_ID, act.id, stamp, render=t)
    again = await cons.remind_missing(session, ADMIN_ID, act.id, stamp, render=t)  # double tap
    assert (sent, again) == (29, 0)
    nudged = await _delivered_to(session, f"act:{act.id}:nudge:")
    assert nudged == {p.telegram_id for p in people[5:]}

    deadline = act.discussion_ends_at
    assert deadline is not None
    assert await cons.auto_reminders(session, deadline - timedelta(days=4), t) == 0
    assert await cons.auto_reminders(session, deadline - timedelta(days=3), t) == 29
    assert await cons.auto_reminders(session, deadline - timedelta(days=2), t) == 0
    for person in people[5:15]:
        await cons.submit_position(
            session,
            person,
            act.id,
            person.municipality_id or 0,
            Stance.SUPPORT_WITH_REMARKS,
            "С замечаниями",
        )
    assert await cons.auto_reminders(session, deadline - timedelta(hours=23), t) == 19
    assert await cons.auto_reminders(session, deadline - timedelta(hours=1), t) == 0
    last = await _delivered_to(session, f"act:{act.id}:auto:24h")
    assert last == {p.telegram_id for p in people[15:]}


async def test_deadline_closes_and_a_late_draft_is_kept(session: AsyncSession) -> None:
    people = await _representatives(session, 9900, 2)
    act = await _regional(session)
    deadline = act.discussion_ends_at
    assert deadline is not None
    assert await cons.apply_due(session, deadline - timedelta(minutes=1), t) == 0
    assert await cons.apply_due(session, deadline + timedelta(seconds=1), t) == 1
    assert await cons.apply_due(session, deadline + timedelta(seconds=2), t) == 0
    await session.refresh(act)
    assert act.stage is ActStage.SUMMARY
    assert await _delivered_to(session, f"act:{act.id}:stage:summary")
    await cons.choose_act(session, people[0].id, act.id)  # «propose» on the act's card
    await save_draft(session, people[0].id, Draft(**DRAFT.__dict__))
    with pytest.raises(DomainError) as err:
        await submit(session, people[0])
    assert err.value.code == "proposals-closed-since"
    assert await get_draft(session, people[0].id) is not None  # the draft stays
    late = await cons.late_drafts(session, act.id)
    assert [(d.user_id, d.summary) for d in late] == [(people[0].id, "Изложить в новой редакции")]
    with pytest.raises(DomainError) as err:
        await cons.submit_position(session, people[0], act.id, 1, Stance.SUPPORT, "Поздно")
    assert err.value.code == "consultations-positions-closed"
    with pytest.raises(DomainError) as err:  # a stale «next stage» button
        await cons.advance(session, ADMIN_ID, act.id, ActStage.DISCUSSION, render=t)
    assert err.value.code == "consultations-stage-stale"
    moved = await cons.advance(session, ADMIN_ID, act.id, ActStage.SUMMARY, render=t)
    assert moved.stage is ActStage.RESULT and moved.result_at is not None


async def test_numbers_run_per_act(session: AsyncSession) -> None:
    (person,) = await make_users(session, 9950, 1)
    legacy = await session.scalar(select(Act).where(Act.code == "135"))
    assert legacy is not None
    act = await _regional(session)
    await cons.choose_act(session, person.id, legacy.id)
    await save_draft(session, person.id, Draft(**DRAFT.__dict__))
    on_legacy = await submit(session, person)
    await save_draft(session, person.id, Draft(**DRAFT.__dict__))
    on_act = await submit(session, person, act_id=act.id)
    year = on_act.year
    assert (on_legacy.number, on_act.number) == (f"135-{year}-0001", f"42-{year}-0001")


async def test_twenty_concurrent_submissions_get_twenty_numbers(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    people = await make_users(session, 9960, 20)
    act = await _regional(session)
    for person in people:
        await save_draft(session, person.id, Draft(**DRAFT.__dict__))

    async def one(user_id: int) -> str:
        async with session_factory() as s:
            user = await s.get(User, user_id)
            assert user is not None
            return (await submit(s, user, act_id=act.id)).number

    numbers = await asyncio.gather(*(one(p.id) for p in people))
    year = utcnow().year
    assert sorted(numbers) == [f"42-{year}-{n:04d}" for n in range(1, 21)]
    async with session_factory() as check:
        total = await check.scalar(
            select(func.count()).select_from(Proposal).where(Proposal.act_id == act.id)
        )
        assert total == 20


async def test_two_representatives_submit_at_once_one_current(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """Ten positions of one municipality from two representatives at the same moment: one
    current, the other nine kept as history (the partial unique index and a retry)."""
    people = await make_users(session, 9990, 2)
    for person in people:
        await reps.appoint(session, ADMIN_ID, 9, person.id)
    act = await _regional(session)

    async def one(user_id: int, n: int) -> int:
        async with session_factory() as s:
            user = await s.get(User, user_id)
            assert user is not None
            position = await cons.submit_position(s, user, act.id, 9, Stance.SUPPORT, f"№{n}")
            return position.id

    ids = await asyncio.gather(*(one(people[n % 2].id, n) for n in range(10)))
    assert len(set(ids)) == 10
    async with session_factory() as check:
        current = await cons.current_positions(check, act.id)
        assert len(current) == 1
        assert len(await cons.history(check, act.id, 9)) == 10
