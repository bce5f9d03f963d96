"""The contest's staff side and its edges through the fake Telegram, as production runs:
a contest described in text (a refused line named, HTML and a formula kept as text),
the rules file, a juror appointed by id, rights (a participant's /contest_new and forged
staff buttons), a TOS application with a typed municipality; and on PostgreSQL 20
submissions at once (distinct numbers) and double-tapped votes (one vote each)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine, Sequence
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, update

from bot.config import Settings
from handlers.contest.callbacks import StaffAct, StaffCb, SubmitCb, VoteCb
from handlers.contest.views import shorten
from models.base import utcnow
from models.contest import Application, AppStatus, Contest, Vote
from models.contest import applications as apps
from models.contest.entities import Nomination
from models.users import User
from sandbox.telegram import FakeTelegram
from tests.conftest import ADMIN_ID, TOKEN
from tests.contest_story import make_contest, representative, spec_text, write_application
from tests.factories import make_user, make_users
from tests.harness import running_bot
from tests.test_contest_e2e import b, press, press_raw, say, seen_after
from texts import t

pytestmark = pytest.mark.slow
PERSON = 8601
JUROR = 8602


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, bot_username="kuzbass_council_bot") as fake:
        yield fake


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
async def test_staff_set_a_contest_up_and_people_cannot(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, concurrent=True) as app:
        async with app.session_factory() as session:
            await make_user(session, PERSON, name="Иван Участник", municipality_id=5)
            await make_user(session, JUROR, name="Мария Жюри", municipality_id=6)
        person, admin = tg.user(PERSON), tg.user(ADMIN_ID)
        # A participant: no contest yet, no staff command, forged staff buttons refused.
        await say(tg, person, "/contest", "Сейчас конкурсов нет")
        await say(tg, person, "/contest_new", "Неизвестная команда")
        forged = await press_raw(tg, person, StaffCb(contest=1, act=StaffAct.PROTOCOL).pack())
        assert forged.text is not None and "устарела" in forged.text
        # Staff: a bad line is named; then the contest is created from the text.
        await say(tg, admin, "/contest_new", "Опишите конкурс одним сообщением")
        now = utcnow()
        text = spec_text(now).replace("Баллы: 0-5", "Баллы: 0-500")
        await say(tg, admin, text, "Строка 15: баллы — от и до")
        text = spec_text(now).replace("Лучшая муниципальная практика", "<b>Лучшая</b> практика")
        text = text.replace("Номинация: Лучший ТОС", "Номинация: =HYPERLINK(1)")
        await say(tg, admin, text, "Конкурс создан: 2 номинации.")
        card = await seen_after(tg, admin, 0, "⚠️ Положение о конкурсе не приложено.")
        assert "<b>Лучшая</b> практика" in card.display_text
        await press(tg, admin, b("contest-btn-staff-rules"))
        await admin.send_document(b"%PDF-1.4 rules", filename="polozhenie.pdf")
        await seen_after(tg, admin, 0, "Положение сохранено")
        # A juror by Telegram id: garbage and an unknown id are refused.
        await press(tg, admin, b("contest-btn-staff-jury"))
        assert "Жюри ещё не назначено." in tg.chat(ADMIN_ID).last_text()
        await press(tg, admin, b("contest-btn-add-juror", nomination=shorten("=HYPERLINK(1)", 30)))
        await say(tg, admin, "мария", "Нужен Telegram ID")
        await say(tg, admin, "777777", "Такого участника нет")
        await say(tg, admin, str(JUROR), "Мария Жюри — член жюри.")
        # The participant sees the contest and its rules.
        await say(tg, person, "/contest", "<b>Лучшая</b> практика")
        await press(tg, person, b("contest-btn-rules"))
        assert tg.chat(PERSON).last_message().document is not None  # type: ignore[union-attr]
        await step_tos_application(tg, person)
        async with app.session_factory() as session:
            nomination = await session.scalar(select(Nomination).where(Nomination.position == 1))
            assert nomination is not None and nomination.title == "=HYPERLINK(1)"
            submitted = await session.scalar(select(Application).where(Application.number == 1))
            assert submitted is not None and submitted.tos_name == "ТОС «Радуга»"
            assert submitted.municipality_id is not None and submitted.budget is None


async def step_tos_application(tg: FakeTelegram, person: object) -> None:
    from sandbox.telegram.person import Person

    assert isinstance(person, Person)
    chat = person.chat
    await press(tg, person, b("contest-btn-apply"))
    await press(tg, person, shorten("=HYPERLINK(1)", 40))
    assert "Напишите название ТОС" in chat.last_text()
    await say(tg, person, "ТОС «Радуга»", "В каком муниципальном образовании")
    await say(tg, person, "Атлантида", "Не нашёл такое муниципальное образование")
    await say(tg, person, "Юрга", "Уточните, какое именно")
    await press(tg, person, "Юргинский городской округ")
    assert "Контакт." in chat.last_text()
    await say(tg, person, "8 900 000-00-00", "Название практики.")
    await say(tg, person, "Двор без границ", "Описание практики.")
    await say(tg, person, "Описание", "Результаты с цифрами.")
    await press(tg, person, b("contest-btn-skip"))
    await press(tg, person, b("contest-btn-skip"))  # the budget
    assert "Фотографии." in chat.last_text() and "обязательно" not in chat.last_text()
    await press(tg, person, b("contest-btn-files-done"))
    await person.send_document(b"%PDF-1.4 report", filename="otchet.pdf")
    await seen_after(tg, person, len(chat.history) - 1, "Документ получен (всего: 1)")
    await press(tg, person, b("contest-btn-files-done"))
    await press(tg, person, b("contest-btn-submit"))
    assert "Заявка № 1 отправлена" in chat.last_text()


async def all_answered(
    tg: FakeTelegram, taps: Sequence[Coroutine[Any, Any, object]]
) -> list[str | None]:
    """Press all at once; the answers' texts once every press is answered."""
    start = len(tg.callback_queries)
    await asyncio.gather(*taps)
    queries = tg.callback_queries[start:]
    await tg.wait_for(lambda: all(q.answer for q in queries), timeout=30, what="every answer")
    return [q.answer.text if q.answer else None for q in queries]


@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
@pytest.mark.postgres
async def test_twenty_submissions_at_once_and_double_tapped_votes(
    tg: FakeTelegram, settings: Settings
) -> None:
    async with running_bot(tg, settings, concurrent=True) as app:
        async with app.session_factory() as session:
            now = utcnow()
            contest = await make_contest(session, now)
            people = [await representative(session, 8700 + i, 1 + i) for i in range(20)]
            drafts = [
                await write_application(session, p, contest, 0, now, title=f"П{i}", submit=False)
                for i, p in enumerate(people)
            ]
        for p in people:
            tg.user(p.telegram_id)
        # Each presses «Отправить» twice at the same moment.
        taps = [
            tg.user(p.telegram_id).press_raw(SubmitCb(app=d).pack())
            for p, d in zip(people, drafts, strict=True)
            for _ in range(2)
        ]
        answers = await all_answered(tg, taps)
        assert sum(1 for a in answers if a == b("contest-stale")) == 20
        async with app.session_factory() as session:
            rows = list(await session.scalars(select(Application).order_by(Application.number)))
            assert [r.number for r in rows] == list(range(1, 21))
            assert all(r.status is AppStatus.SUBMITTED for r in rows)
            for row in rows[:2]:
                await apps.admit_to_vote(session, ADMIN_ID, row.id, t)
            db_contest = await session.get(Contest, contest.id)
            assert db_contest is not None
            db_contest.applications_until = utcnow() - timedelta(hours=2)
            db_contest.jury_until = utcnow() - timedelta(hours=1)
            await session.commit()
            voters = await make_users(session, 8800, 10)
            await session.execute(
                update(User)
                .where(User.telegram_id >= 8800)
                .values(
                    created_at=utcnow() - timedelta(days=1),
                    consent_given_at=utcnow() - timedelta(days=1),
                )
            )
            await session.commit()
        target = rows[0].id
        taps = [
            tg.user(v.telegram_id).press_raw(VoteCb(app=target).pack())
            for v in voters
            for _ in range(2)
        ]
        answers = await all_answered(tg, taps)
        done = sum(1 for a in answers if a == b("contest-vote-done"))
        same = sum(1 for a in answers if a == b("contest-vote-same"))
        assert (done, same) == (10, 10)
        async with app.session_factory() as session:
            votes = await session.scalar(
                select(func.count()).select_from(Vote).where(Vote.counted.is_(True))
            )
            assert votes == 10
