"""Shared builders for the reports tests: a 20-question questionnaire as a filled XLSX
template, representatives for many municipalities at once, and a full set of answers."""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date
from typing import Any

from openpyxl import load_workbook
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.consent import current_consent
from models.reports import (
    ReportAnswer,
    ReportForm,
    ReportQuestion,
    ReportState,
    ReportValue,
    answers,
)
from models.reports.template import blank_template
from models.representatives import Representative
from models.users import Occupation, User
from texts import t

# (section, code, question, type, options, unit, min, max, required, hint)
QUESTIONS: list[tuple[Any, ...]] = [
    (
        "Население",
        "1.1",
        "Численность населения на 1 января",
        "целое число",
        "",
        "чел.",
        0,
        5_000_000,
        "да",
        "По данным Кемеровостата",
    ),
    ("Население", "1.2", "Доля жителей старше 60 лет", "число", "", "%", 0, 100, "да", ""),
    ("Население", "1.3", "Число ТОС", "целое", "", "ед.", 0, 10000, "да", ""),
    ("Население", "1.4", "Есть ли молодёжный совет", "да/нет", "", "", None, None, "да", ""),
    ("Население", "1.5", "Дата последних выборов главы", "дата", "", "", None, None, "нет", ""),
    (
        "Бюджет",
        "2.1",
        "Собственные доходы бюджета",
        "число",
        "",
        "тыс. руб.",
        0,
        None,
        "да",
        "Без субвенций",
    ),
    ("Бюджет", "2.2", "Расходы на благоустройство", "число", "", "тыс. руб.", 0, None, "да", ""),
    ("Бюджет", "2.3", "Доля программных расходов", "число", "", "%", 0, 100, "да", ""),
    (
        "Бюджет",
        "2.4",
        "Инициативное бюджетирование",
        "один из списка",
        "Не проводится; Проводится; Проводится с софинансированием",
        "",
        None,
        None,
        "да",
        "",
    ),
    ("Бюджет", "2.5", "Число инициативных проектов", "целое число", "", "ед.", 0, 1000, "да", ""),
    (
        "Кадры",
        "3.1",
        "Штатная численность администрации",
        "целое число",
        "",
        "чел.",
        0,
        10000,
        "да",
        "",
    ),
    ("Кадры", "3.2", "Вакансии на 1 января", "целое число", "", "чел.", 0, 1000, "нет", ""),
    (
        "Кадры",
        "3.3",
        "Формы обучения служащих",
        "несколько из списка",
        "Курсы; Семинары; Стажировки; Дистанционно",
        "",
        None,
        None,
        "да",
        "",
    ),
    ("Кадры", "3.4", "Есть кадровый резерв", "да/нет", "", "", None, None, "да", ""),
    ("Кадры", "3.5", "Средний стаж служащих", "число", "", "лет", 0, 60, "нет", ""),
    ("Открытость", "4.1", "Адрес официального сайта", "текст", "", "", None, None, "да", ""),
    ("Открытость", "4.2", "Число обращений граждан", "целое число", "", "ед.", 0, None, "да", ""),
    ("Открытость", "4.3", "Доля ответов в срок", "число", "", "%", 0, 100, "да", ""),
    ("Открытость", "4.4", "Главные проблемы", "текст", "", "", None, None, "нет", "Кратко"),
    ("Открытость", "4.5", "Отчёт главы (файл)", "файл", "", "", None, None, "нет", ""),
]
TITLE = "Доклад о местном самоуправлении"
YEAR = 2026
THRESHOLD = 30


def template_bytes(
    rows: list[tuple[Any, ...]] | None = None,
    *,
    title: str = TITLE,
    year: Any = YEAR,
    threshold: Any = THRESHOLD,
) -> bytes:
    """The bot's own blank template, filled as staff would fill it."""
    wb = load_workbook(io.BytesIO(blank_template(t)))
    sheet = wb.worksheets[0]
    for row in QUESTIONS if rows is None else rows:
        sheet.append(list(row))
    params = wb.worksheets[1]
    params["B1"], params["B2"], params["B3"] = title, year, threshold
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def make_representatives(
    session: AsyncSession,
    municipalities: range,
    *,
    per_municipality: int = 1,
    first_id: int = 50_000,
    signatory: bool = True,
) -> dict[int, list[User]]:
    """``per_municipality`` registered people for each municipality, the first the signatory."""
    people: dict[int, list[User]] = {}
    users = []
    for m in municipalities:
        for k in range(per_municipality):
            user = User(
                telegram_id=first_id + m * 10 + k,
                consent_version=current_consent().version,
                consent_given_at=None,
                full_name=f"Представитель {m}-{k}",
                occupation=Occupation.MUNICIPAL_EMPLOYEE,
                municipality_id=m,
            )
            users.append(user)
            people.setdefault(m, []).append(user)
    session.add_all(users)
    await session.flush()
    session.add_all(
        Representative(
            municipality_id=m, user_id=u.id, is_signatory=signatory and k == 0, confirmed_by=1
        )
        for m, group in people.items()
        for k, u in enumerate(group)
    )
    await session.commit()
    return people


def answer_for(code: str, m: int) -> Any:
    """A valid stored value per question code for municipality ``m`` (deterministic)."""
    values: dict[str, Any] = {
        "1.1": 10_000 + m * 1000,
        "1.2": 20.0 + m % 10,
        "1.3": m,
        "1.4": m % 2 == 0,
        "1.5": date(2024, 9, 1 + m % 20).isoformat(),
        "2.1": 1000.5 * m,
        "2.2": 100.0 + m,
        "2.3": 50.0 + m % 40,
        "2.4": "Проводится" if m % 3 else "Не проводится",
        "2.5": m % 7,
        "3.1": 20 + m,
        "3.2": None,
        "3.3": ["Курсы", "Семинары"] if m % 2 else ["Дистанционно"],
        "3.4": True,
        "3.5": 7.5,
        "4.1": f"https://mo{m}.example.ru",
        "4.2": 100 * m,
        "4.3": 90.0,
        "4.4": None,
        "4.5": None,
    }
    return values[code]


async def save(
    session: AsyncSession,
    user: User,
    form: ReportForm,
    m: int,
    question: ReportQuestion,
    value: Any,
    **options: Any,
) -> ReportValue:
    """One value of municipality ``m``'s answer, saved by ``user`` (``options``: ``comment``,
    ``unchanged``)."""
    return await answers.save_value(
        session,
        user_id=user.id,
        form_id=form.id,
        municipality_id=m,
        question_id=question.id,
        value=value,
        **options,
    )


async def submit(session: AsyncSession, user: User, form: ReportForm, m: int) -> ReportAnswer:
    """Municipality ``m``'s answer sent to the Council by ``user``."""
    return await answers.submit(
        session,
        user_id=user.id,
        actor_telegram_id=user.telegram_id,
        form_id=form.id,
        municipality_id=m,
    )


async def fill(
    session: AsyncSession,
    form: ReportForm,
    m: int,
    user: User,
    questions: Iterable[ReportQuestion] | None = None,
) -> None:
    """The values of :func:`answer_for` for ``questions`` (all by default; a required
    question without a value is left open)."""
    for q in form.questions if questions is None else questions:
        value = answer_for(q.code, m)
        if value is None and q.required:
            continue
        await save(session, user, form, m, q, value)


async def fill_and_submit(session: AsyncSession, form: ReportForm, m: int, user: User) -> None:
    """A municipality's whole answer by model calls (the values of :func:`answer_for`)."""
    await fill(session, form, m, user)
    await submit(session, user, form, m)


async def bulk_submitted(session: AsyncSession, form: ReportForm, ms: Iterable[int]) -> None:
    """Submitted answers written straight into the tables (last year's data, fast)."""
    rows = list(
        await session.scalars(
            select(ReportAnswer).where(
                ReportAnswer.form_id == form.id, ReportAnswer.municipality_id.in_(list(ms))
            )
        )
    )
    for answer in rows:
        session.add_all(
            ReportValue(
                answer_id=answer.id,
                question_id=q.id,
                value=answer_for(q.code, answer.municipality_id),
            )
            for q in form.questions
        )
        answer.state = ReportState.SUBMITTED
    await session.commit()
