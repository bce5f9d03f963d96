"""The contest's rules straight through the domain: the structured text, applications
(numbers, completeness, return, late refusal), jury (exclusion, hidden scores, spread),
results with ties by time, the public vote (fresh accounts, change, burst), stages."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.audit import AuditEntry
from models.base import DEFAULT_TZ, utcnow
from models.contest import (
    Application,
    AppStatus,
    Field,
    FileKind,
    Stage,
    Vote,
    jury,
    setup,
    voting,
)
from models.contest import applications as apps
from models.contest.announce import sync
from models.contest.results import rank
from models.contest.spec import parse_spec
from models.contest.stages import stage_at
from models.errors import DomainError
from models.outbox import Mailing
from models.users import User
from tests.conftest import ADMIN_ID
from tests.contest_story import make_contest, representative, spec_text, write_application
from tests.factories import make_user, make_users
from texts import t


def test_spec_parses_and_names_the_bad_line() -> None:
    now = utcnow()
    spec = parse_spec(spec_text(now), DEFAULT_TZ)
    assert spec.title.startswith("Лучшая муниципальная")
    assert [n.title for n in spec.nominations] == [
        "Благоустройство общественных пространств",
        "Лучший ТОС",
    ]
    assert spec.nominations[0].criteria == [
        ("Результативность", 3.0),
        ("Экономическая эффективность", 2.0),
        ("Тиражируемость", 1.0),
    ]
    assert spec.nominations[1].score_max == 5
    assert [f.value for f in spec.nominations[0].required] == ["description", "results", "photos"]
    assert spec.vote_until is not None
    assert not spec.live_counts
    live = parse_spec(
        spec_text(now).replace("Расхождение: 3", "Подсчёт: сразу\nРасхождение: 2,5"), DEFAULT_TZ
    )
    assert live.live_counts and live.spread == 2.5
    bad = spec_text(now).replace("Баллы: 0-5", "Баллы: 5-0")
    with pytest.raises(DomainError) as caught:
        parse_spec(bad, DEFAULT_TZ)
    assert caught.value.code == "contest-spec-range"
    assert caught.value.params["line"] == 15
    with pytest.raises(DomainError) as caught:
        parse_spec(
            spec_text(now).replace("Критерий: Результаты; 1", "Критерий: Результаты"), DEFAULT_TZ
        )
    assert caught.value.code == "contest-spec-criterion"
    with pytest.raises(DomainError) as caught:
        parse_spec("Конкурс: X\nЧто-то: странное", DEFAULT_TZ)
    assert caught.value.code == "contest-spec-line"


async def test_application_numbers_completeness_return_and_late(session: AsyncSession) -> None:
    now = utcnow()
    contest = await make_contest(session, now)
    rep = await representative(session, 9001, municipality_id=3)
    stranger = await make_user(session, 9002, municipality_id=4)
    nominations = await setup.nominations_of(session, contest.id)
    # Not a representative: a municipal nomination is refused.
    draft = await apps.start(session, stranger, contest, now)
    await apps.set_nomination(session, stranger, draft.id, nominations[0].id, now)
    with pytest.raises(DomainError, match="contest-not-representative"):
        await apps.set_municipality(session, stranger, draft.id, 4, now)
    # A TOS names its municipality: a forged id is refused, not a failed foreign key.
    await apps.set_nomination(session, stranger, draft.id, nominations[1].id, now)
    with pytest.raises(DomainError, match="contest-stale"):
        await apps.set_municipality(session, stranger, draft.id, 99_999, now)
    tos = await apps.set_municipality(session, stranger, draft.id, 4, now)
    assert tos.municipality_id == 4
    # Incomplete: the photo the nomination requires is missing.
    app = await apps.start(session, rep, contest, now)
    await apps.set_nomination(session, rep, app.id, nominations[0].id, now)
    await apps.set_municipality(session, rep, app.id, 3, now)
    for field, value in [
        (Field.CONTACT, "x"),
        (Field.TITLE, "Двор"),
        (Field.DESCRIPTION, "d"),
        (Field.RESULTS, "r"),
    ]:
        await apps.set_text(session, rep, app.id, field, value, now)
    with pytest.raises(DomainError, match="contest-field-required"):
        await apps.set_text(session, rep, app.id, Field.DESCRIPTION, None, now)
    assert await apps.missing(session, app) == [Field.PHOTOS]
    with pytest.raises(DomainError, match="contest-incomplete"):
        await apps.submit(session, rep, app.id, t, now=now)
    await apps.add_file(session, rep, app.id, FileKind.PHOTO, "ph1", None, now)
    submitted = await apps.submit(session, rep, app.id, t, now=now)
    assert submitted.number == 1 and submitted.status is AppStatus.SUBMITTED
    with pytest.raises(DomainError, match="contest-stale"):
        await apps.submit(session, rep, app.id, t, now=now)  # a second tap
    second = await write_application(session, rep, contest, 0, now, title="Сквер")
    assert (await session.get(Application, second)).number == 2  # type: ignore[union-attr]
    # Returned with a comment, fixed, submitted again: the number stays, the first time too.
    await apps.return_for_revision(session, ADMIN_ID, app.id, "Добавьте бюджет", t, now=now)
    # A returned application keeps its nomination: forged presses are refused.
    with pytest.raises(DomainError, match="contest-stale"):
        await apps.reopen(session, rep, app.id, Field.NOMINATION, now)
    with pytest.raises(DomainError, match="contest-stale"):
        await apps.set_nomination(session, rep, app.id, nominations[1].id, now)
    assert (await session.get(Application, app.id)).nomination_id == nominations[0].id  # type: ignore[union-attr]
    later = now + timedelta(days=1)
    await apps.set_text(session, rep, app.id, Field.BUDGET, "500 тыс.", later)
    again = await apps.submit(session, rep, app.id, t, now=later)
    assert again.number == 1 and again.submitted_at == now and again.resubmitted_at == later
    notices = list(await session.scalars(select(Mailing.text).order_by(Mailing.id)))
    assert any(
        "возвращена на доработку" in (n or "") and "Добавьте бюджет" in (n or "") for n in notices
    )
    # After the deadline: refused, and so is a return.
    late = contest.applications_until + timedelta(minutes=1)
    with pytest.raises(DomainError) as caught:
        await apps.start(session, stranger, contest, late)
    assert caught.value.code == "contest-late"
    with pytest.raises(DomainError, match="contest-return-late"):
        await apps.return_for_revision(session, ADMIN_ID, app.id, "поздно", t, now=late)


async def test_concurrent_submissions_get_distinct_numbers(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    now = utcnow()
    contest = await make_contest(session, now)
    people = [await representative(session, 9100 + i, municipality_id=1 + i) for i in range(12)]
    ids = [
        await write_application(session, p, contest, 0, now, title=f"Практика {i}", submit=False)
        for i, p in enumerate(people)
    ]

    async def submit(user_id: int, app_id: int) -> int | None:
        async with session_factory() as own:
            user = await own.get(User, user_id)
            assert user is not None
            return (await apps.submit(own, user, app_id, t, now=now)).number

    numbers = await asyncio.gather(*(submit(p.id, i) for p, i in zip(people, ids, strict=True)))
    assert sorted(n for n in numbers if n is not None) == list(range(1, 13))


async def test_jury_exclusion_hidden_scores_spread_and_ranking(session: AsyncSession) -> None:
    now = utcnow()
    contest = await make_contest(session, now, vote=False)
    nominations = await setup.nominations_of(session, contest.id)
    first, second = nominations
    reps = [await representative(session, 9200 + i, municipality_id=5 + i) for i in range(3)]
    # The same scores for two applications: the earlier submission ranks higher.
    ids = [
        await write_application(
            session, reps[i], contest, 0, now + timedelta(minutes=i), title=f"П{i}"
        )
        for i in range(3)
    ]
    local = await make_user(session, 9300, name="Жюри Местный", municipality_id=5)
    other = await make_user(session, 9301, name="Жюри Другой", municipality_id=20)
    third = await make_user(session, 9302, name="Жюри Третий", municipality_id=21)
    for juror in (local, other, third):
        await setup.appoint_juror(session, ADMIN_ID, first.id, juror.telegram_id)
    jury_now = contest.applications_until + timedelta(hours=1)
    assert [a.id for a in await jury.queue(session, local, contest.id)] == ids[1:]
    with pytest.raises(DomainError, match="contest-juror-excluded"):
        await jury.score(session, local, ids[0], 1, 5, t, now=jury_now)
    criteria = await setup.criteria_of(session, first.id)
    plan = {
        other.id: {ids[0]: [8, 6, 4], ids[1]: [8, 6, 4], ids[2]: [2, 2, 2]},
        third.id: {ids[0]: [8, 6, 4], ids[1]: [8, 6, 4], ids[2]: [9, 2, 2]},
        local.id: {ids[1]: [8, 6, 4], ids[2]: [2, 2, 2]},
    }
    for juror in (other, third, local):
        for app_id, values in plan[juror.id].items():
            for criterion, value in zip(criteria, values, strict=True):
                await jury.score(
                    session, juror, app_id, criterion.id, value, t, [ADMIN_ID], now=jury_now
                )
    progress = await jury.progress(session, local, contest.id)
    assert (progress.done, progress.total, progress.next_app) == (2, 2, None)
    with pytest.raises(DomainError, match="contest-score-range"):
        await jury.score(session, other, ids[0], criteria[0].id, 11, t, now=jury_now)
    # Hidden from other jurors until the jury stage ends.
    app0 = await session.get(Application, ids[1])
    assert app0 is not None
    shown = await jury.visible_sheets(session, other, app0, contest, staff=False, now=jury_now)
    assert [s.user_id for s in shown] == [other.id]
    after = contest.jury_until + timedelta(minutes=1)
    assert (
        len(await jury.visible_sheets(session, other, app0, contest, staff=False, now=after)) == 3
    )
    # The spread of 7 on the first criterion of П2 is flagged once, to staff.
    flagged = await session.get(Application, ids[2])
    assert flagged is not None and flagged.flagged_at is not None
    alerts = await session.scalar(
        select(func.count())
        .select_from(Mailing)
        .where(Mailing.dedup_key.like("contest:disagreement:%"))
    )
    assert alerts == 1
    result = await rank(session, first)
    assert [r.app.id for r in result.ranking] == [ids[0], ids[1], ids[2]]
    assert result.ranking[0].score == pytest.approx((8 * 3 + 6 * 2 + 4) / 6)
    assert result.ranking[0].score == result.ranking[1].score
    assert len(result.ranking[0].by_juror) == 2 and len(result.ranking[1].by_juror) == 3
    assert second.id  # the TOS nomination has no applications here


async def test_vote_counts_only_people_registered_before_and_flags_a_burst(
    session: AsyncSession,
) -> None:
    now = utcnow()
    contest = await make_contest(session, now)
    nominations = await setup.nominations_of(session, contest.id)
    reps = [await representative(session, 9400 + i, municipality_id=7 + i) for i in range(2)]
    ids = [
        await write_application(session, reps[i], contest, 0, now, title=f"В{i}") for i in range(2)
    ]
    for app_id in ids:
        await apps.admit_to_vote(session, ADMIN_ID, app_id, t)
    with pytest.raises(DomainError, match="contest-already-admitted"):
        await apps.admit_to_vote(session, ADMIN_ID, ids[0], t)
    voters = await make_users(session, 9500, 10)
    fresh = await make_users(session, 9600, 6)
    opened = contest.jury_until
    await session.execute(
        update(User)
        .where(User.telegram_id >= 9600)
        .values(
            created_at=opened + timedelta(minutes=5),
            consent_given_at=opened + timedelta(minutes=5),
        )
    )
    await session.commit()
    vote_now = opened + timedelta(hours=1)
    assert stage_at(contest, vote_now) is Stage.VOTE
    with pytest.raises(DomainError, match="contest-vote-closed"):
        await voting.vote(session, voters[0], ids[0], t, now=now)
    for voter in voters:
        await voting.vote(session, voter, ids[0], t, [ADMIN_ID], now=vote_now)
    for person in fresh:
        await session.refresh(person)
        result = await voting.vote(session, person, ids[1], t, [ADMIN_ID], now=vote_now)
        assert not result.counted
    # A change of mind moves the vote; the same vote again changes nothing.
    moved = await voting.vote(session, voters[0], ids[1], t, now=vote_now)
    assert moved.changed and moved.previous_id == ids[0]
    assert not (await voting.vote(session, voters[0], ids[1], t, now=vote_now)).changed
    assert await voting.tally(session, nominations[0].id) == {ids[0]: 9, ids[1]: 1}
    assert await voting.uncounted(session, nominations[0].id) == 6
    votes = await session.scalar(select(func.count()).select_from(Vote))
    assert votes == 16
    audited = await session.scalar(
        select(func.count()).select_from(AuditEntry).where(AuditEntry.action == "contest.vote")
    )
    assert audited == 17
    burst = await session.scalar(
        select(func.count())
        .select_from(Mailing)
        .where(Mailing.dedup_key == f"contest:burst:{ids[1]}")
    )
    assert burst == 1
    assert not voting.counts_visible(contest, vote_now)
    assert contest.vote_until is not None
    assert voting.counts_visible(contest, contest.vote_until + timedelta(seconds=1))


async def test_stages_follow_dates_and_results_are_announced_once(session: AsyncSession) -> None:
    now = utcnow()
    contest = await make_contest(session, now, vote=False)
    rep = await representative(session, 9700, municipality_id=9)
    await write_application(session, rep, contest, 0, now, title="Итоговая")
    assert await sync(session, contest, t, now) is Stage.APPLICATIONS
    assert await sync(session, contest, t, now) is None
    end = contest.jury_until + timedelta(minutes=1)
    assert await sync(session, contest, t, end) is Stage.RESULTS
    assert await sync(session, contest, t, end) is None
    texts = list(await session.scalars(select(Mailing.text).order_by(Mailing.id)))
    assert (
        sum("Итоги конкурса" in (x or "") for x in texts) == 2
    )  # the announcement and the notice
