"""Shared set-up of the contest tests: a contest described in structured text with dates
around a given moment, people, representatives, jurors; straight through the domain."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from models import representatives
from models.base import DEFAULT_TZ
from models.contest import Contest, Field, FileKind, setup
from models.contest import applications as apps
from models.contest.spec import parse_spec
from models.users import User
from tests.conftest import ADMIN_ID
from tests.factories import make_user
from texts import t

SPEC = """Конкурс: Лучшая муниципальная практика — 2027
Приём заявок: {start} – {deadline}
Жюри до: {jury}
Голосование до: {vote}
Расхождение: 3
Номинация: Благоустройство общественных пространств
Участники: муниципалитет
Баллы: 0-10
Критерий: Результативность; 3
Критерий: Экономическая эффективность; 2
Критерий: Тиражируемость; 1
Обязательно: описание, результаты, фото
Номинация: Лучший ТОС
Участники: ТОС
Баллы: 0-5
Критерий: Вовлечённость жителей; 2
Критерий: Результаты; 1
Обязательно: описание
"""


def local(moment: datetime) -> str:
    return moment.astimezone(DEFAULT_TZ).strftime("%d.%m.%Y %H:%M")


def spec_text(now: datetime, *, vote: bool = True) -> str:
    """Applications open an hour ago and close in 10 days; the jury works 5 days; the vote
    takes 5 more."""
    text = SPEC.format(
        start=local(now - timedelta(hours=1)),
        deadline=local(now + timedelta(days=10)),
        jury=local(now + timedelta(days=15)),
        vote=local(now + timedelta(days=20)),
    )
    if not vote:
        text = "\n".join(line for line in text.splitlines() if not line.startswith("Голосование"))
    return text


async def make_contest(session: AsyncSession, now: datetime, *, vote: bool = True) -> Contest:
    return await setup.create_contest(
        session, ADMIN_ID, parse_spec(spec_text(now, vote=vote), DEFAULT_TZ)
    )


async def representative(
    session: AsyncSession, telegram_id: int, municipality_id: int, name: str = "Ольга Соколова"
) -> User:
    user = await make_user(session, telegram_id, name=name, municipality_id=municipality_id)
    await representatives.appoint(session, ADMIN_ID, municipality_id, user.id)
    return user


async def write_application(
    session: AsyncSession,
    user: User,
    contest: Contest,
    nomination_index: int,
    now: datetime,
    *,
    title: str,
    municipality_id: int | None = None,
    submit: bool = True,
    photo: str | None = None,
) -> int:
    """A complete application through the domain's steps; returns its id."""
    nominations = await setup.nominations_of(session, contest.id)
    nomination = nominations[nomination_index]
    app = await apps.start(session, user, contest, now)
    await apps.set_nomination(session, user, app.id, nomination.id, now)
    municipality = municipality_id or user.municipality_id or 1
    if nomination_index == 0:
        await apps.set_municipality(session, user, app.id, municipality, now)
    else:
        await apps.set_text(session, user, app.id, Field.APPLICANT, f"ТОС {title}", now)
        await apps.set_municipality(session, user, app.id, municipality, now)
    await apps.set_text(session, user, app.id, Field.CONTACT, "+7 900 000-00-00", now)
    await apps.set_text(session, user, app.id, Field.TITLE, title, now)
    await apps.set_text(session, user, app.id, Field.DESCRIPTION, f"Описание: {title}", now)
    await apps.set_text(session, user, app.id, Field.RESULTS, "Отремонтировано 3 двора", now)
    await apps.set_text(session, user, app.id, Field.BUDGET, "1,2 млн руб.", now)
    await apps.add_file(
        session, user, app.id, FileKind.PHOTO, photo or f"photo-{title}", None, now
    )
    await apps.files_done(session, user, app.id, Field.PHOTOS, now)
    await apps.files_done(session, user, app.id, Field.DOCUMENTS, now)
    if submit:
        await apps.submit(session, user, app.id, t, now=now)
    return app.id
