"""Reports from municipalities, the domain on both databases: reading values as people type
them, the XLSX template (refused with rows), filling one answer by two representatives,
the signatory's submission, return for correction of exactly two questions, last year's
values with the threshold comment, reminders in working hours only, the exports."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Awaitable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models.errors import DomainError
from models.outbox import Delivery, Mailing
from models.reports import (
    ReportFormState,
    ReportQuestionKind,
    ReportState,
    answers,
    forms,
    reminders,
    review,
)
from models.reports.entities import ReportForm, ReportQuestion
from models.reports.export import answers_xlsx, collect
from models.reports.template import TemplateRefused, read_template
from models.reports.values import format_number, parse_answer, parse_number
from models.users import User
from tests.reports_world import (
    QUESTIONS,
    answer_for,
    fill,
    fill_and_submit,
    make_representatives,
    save,
    submit,
    template_bytes,
)
from texts import t

TZ = ZoneInfo("Asia/Novokuznetsk")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 234,5", 1234.5),
        ("12,5 %", 12.5),
        ("1234.5", 1234.5),
        ("1.234,5", 1234.5),
        ("1\u00a0234\u00a0567", 1234567),
        ("-3", -3),
        ("1,234,567", 1234567),
        ("7 чел.", 7),
    ],
)
def test_numbers_as_people_type_them(typed: str, expected: float) -> None:
    assert parse_number(typed, "чел.") == expected


@pytest.mark.parametrize("typed", ["abc", "1.2.3", "12,", "1 2 3 4,5,6", "inf"])
def test_not_a_number_is_refused_in_words(typed: str) -> None:
    with pytest.raises(DomainError) as caught:
        parse_number(typed)
    assert caught.value.code == "reports-value-not-number"
    assert "не число" in t(caught.value.code, **caught.value.params)


def _question(kind: ReportQuestionKind, **kw: Any) -> ReportQuestion:
    defaults: dict[str, Any] = {
        "options": [],
        "required": True,
        "min_value": None,
        "max_value": None,
        "unit": None,
    }
    defaults.update(kw)
    return ReportQuestion(kind=kind, code="x", text="?", section="s", position=1, **defaults)


def test_each_type_is_checked() -> None:
    integer = _question(ReportQuestionKind.INTEGER, min_value=0, max_value=100)
    assert parse_answer(integer, "42") == 42
    for typed, code in (
        ("4,5", "reports-value-not-integer"),
        ("101", "reports-value-above-max"),
        ("-1", "reports-value-below-min"),
    ):
        with pytest.raises(DomainError) as caught:
            parse_answer(integer, typed)
        assert caught.value.code == code
    assert "не больше 100" in t("reports-value-above-max", max=format_number(100))
    choice = _question(ReportQuestionKind.CHOICE, options=["Да, полностью", "Частично"])
    assert parse_answer(choice, "частично") == "Частично"
    assert parse_answer(choice, "1") == "Да, полностью"
    multi = _question(ReportQuestionKind.MULTI, options=["A", "B", "C"])
    assert parse_answer(multi, "c; a") == ["A", "C"]
    assert parse_answer(_question(ReportQuestionKind.DATE), "1.3.2026") == "2026-03-01"
    with pytest.raises(DomainError):
        parse_answer(_question(ReportQuestionKind.DATE), "31.02.2026")
    assert parse_answer(_question(ReportQuestionKind.YESNO), "Да") is True
    with pytest.raises(DomainError):
        parse_answer(_question(ReportQuestionKind.TEXT), "   ")
    with pytest.raises(DomainError) as caught:
        parse_answer(_question(ReportQuestionKind.TEXT), "я" * 3001)
    assert caught.value.code == "reports-value-too-long"
    html = _question(ReportQuestionKind.INTEGER, min_value=0, max_value=100)
    html.text, html.hint = "<b>Число</b> & <script>", "<i>"
    assert "&lt;script&gt;" in t("reports-ask-question", code="1", question=html.text)


def test_template_round_trip() -> None:
    spec = read_template(template_bytes(), t)
    assert (spec.title, spec.year, spec.threshold) == ("Доклад о местном самоуправлении", 2026, 30)
    assert len(spec.questions) == 20
    assert [s for s, _ in spec.sections()] == ["Население", "Бюджет", "Кадры", "Открытость"]
    q = spec.questions[0]
    assert (q.code, q.kind, q.unit, q.min_value, q.max_value, q.required) == (
        "1.1",
        ReportQuestionKind.INTEGER,
        "чел.",
        0,
        5_000_000,
        True,
    )
    assert spec.questions[8].options == [
        "Не проводится",
        "Проводится",
        "Проводится с софинансированием",
    ]
    assert spec.questions[11].required is False


def test_a_broken_template_is_refused_with_its_rows() -> None:
    rows = list(QUESTIONS[:4])
    rows.append(("Население", "1.1", "Повтор кода", "целое", "", "", None, None, "да", ""))
    rows.append(("Население", "1.7", "Опечатка", "чсило", "", "", None, None, "да", ""))
    rows.append(
        ("Население", "1.8", "Без вариантов", "один из списка", "", "", None, None, "да", "")
    )
    rows.append(("Население", "1.9", "", "число", "", "", "мало", 5, "может быть", ""))
    with pytest.raises(TemplateRefused) as caught:
        read_template(template_bytes(rows, year="двадцать"), t)
    found = {(i.row, i.code) for i in caught.value.issues}
    assert {
        (6, "reports-tpl-code-duplicate"),
        (7, "reports-tpl-kind-unknown"),
        (8, "reports-tpl-options-missing"),
        (9, "reports-tpl-missing"),
        (9, "reports-tpl-not-number"),
        (9, "reports-tpl-required-bad"),
        (2, "reports-tpl-year-bad"),
    } <= found
    typo = next(i for i in caught.value.issues if i.code == "reports-tpl-kind-unknown")
    text = t("reports-tpl-issue", sheet=typo.sheet, row=typo.row, text=t(typo.code, **typo.params))
    assert "строка 7: тип «чсило» неизвестен; допустимо: «число», «целое число»" in text


@pytest.mark.parametrize("payload", [b"not a zip", b"PK\x03\x04broken"])
def test_not_an_xlsx(payload: bytes) -> None:
    with pytest.raises(DomainError) as caught:
        read_template(payload, t)
    assert caught.value.code == "reports-tpl-not-xlsx"


def test_a_zip_bomb_is_refused_without_inflating() -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * 40_000_000 + b"</a>")
    with pytest.raises(DomainError) as caught:
        read_template(out.getvalue(), t)
    assert caught.value.code == "reports-tpl-bomb"


async def _sent_form(
    session: AsyncSession, municipalities: list[int], *, year: int = 2026
) -> ReportForm:
    spec = read_template(template_bytes(year=year), t)
    form = await forms.create_form(session, 1, spec)
    await forms.send_form(
        session, 1, form.id, datetime.now(UTC) + timedelta(days=10), t, municipalities
    )
    return await forms.get_form(session, form.id)


async def _refused(operation: Awaitable[object]) -> DomainError:
    """The refusal an operation ends with (the test fails if it goes through)."""
    with pytest.raises(DomainError) as caught:
        await operation
    return caught.value


def _by_code(form: ReportForm, *codes: str) -> list[ReportQuestion]:
    return [next(q for q in form.questions if q.code == c) for c in codes]


def _described(form: ReportForm) -> list[tuple[Any, ...]]:
    names = "position section code text kind options unit min_value max_value required hint"
    return [tuple(getattr(q, name) for name in names.split()) for q in form.questions]


async def test_fill_submit_return_and_resubmit(session: AsyncSession) -> None:
    people = await make_representatives(session, range(1, 4), per_municipality=2)
    form = await _sent_form(session, [1, 2, 3])
    deliveries = await session.scalar(select(func.count()).select_from(Delivery))
    assert deliveries == 6  # both representatives of each municipality are told
    signatory, deputy = people[1]
    # The deputy starts, the signatory continues the same answer.
    half = len(form.questions) // 2
    await fill(session, form, 1, deputy, form.questions[:half])
    answer = await answers.get_answer(session, form.id, 1)
    assert answer.state is ReportState.DRAFT and answer.started_by == deputy.id
    nxt = await answers.next_question(session, form, answer)
    assert nxt is not None and nxt.code == form.questions[half].code
    status = await forms.status(session, form.id)
    assert [(r.municipality.id, r.answered) for r in status.in_progress] == [(1, half)]
    assert len(status.not_started) == 2
    assert (await _refused(submit(session, signatory, form, 1))).code == "reports-submit-missing"
    await fill(session, form, 1, signatory)
    # Someone of another municipality cannot write here.
    stranger = save(session, people[2][0], form, 1, form.questions[0], 1)
    assert (await _refused(stranger)).code == "reports-not-representative"
    assert (await _refused(submit(session, deputy, form, 1))).code == "reports-not-signatory"
    await submit(session, signatory, form, 1)
    assert (await _refused(submit(session, signatory, form, 1))).code == "reports-answer-submitted"
    # Staff return two questions: exactly those reopen.
    answer = await answers.get_answer(session, form.id, 1)
    q11, q21, q31 = _by_code(form, "1.1", "2.1", "3.1")
    await review.return_for_correction(
        session,
        1,
        answer.id,
        {q11.id: "Не сходится с Росстатом", q21.id: "Укажите в тыс. руб."},
        t,
    )
    await session.refresh(answer)
    assert answer.state is ReportState.RETURNED
    assert [q.code for q in answers.to_ask(form, answer)] == ["1.1", "2.1"]
    not_returned = await _refused(save(session, deputy, form, 1, q31, 5))
    assert not_returned.code == "reports-question-not-returned"
    await save(session, deputy, form, 1, q11, 11_111)
    still_open = await _refused(submit(session, signatory, form, 1))  # 2.1 not fixed yet
    assert still_open.params["codes"] == "2.1"
    await save(session, deputy, form, 1, q21, 999.5)
    await submit(session, signatory, form, 1)
    await review.accept(session, 1, answer.id)
    kinds = [e.kind.value for e in await review.history(session, answer.id)]
    assert kinds == ["submitted", "returned", "submitted", "accepted"]
    notice = await session.scalar(select(Mailing).where(Mailing.text.contains("возвращён")))
    assert notice is not None and "Не сходится с Росстатом" in (notice.text or "")
    twice = await _refused(review.accept(session, 1, answer.id))
    assert twice.code == "reports-review-not-submitted"


async def test_last_year_prefills_and_a_big_change_asks_for_a_comment(
    session: AsyncSession,
) -> None:
    people = await make_representatives(session, range(1, 3))
    person = people[1][0]
    last = await _sent_form(session, [1, 2], year=2025)
    await fill_and_submit(session, last, 1, person)
    now = await forms.copy_form(session, 1, last.id)
    assert now.year == 2026 and now.previous_form_id == last.id
    await forms.send_form(session, 1, now.id, datetime.now(UTC) + timedelta(days=5), t, [1, 2])
    now = await forms.get_form(session, now.id)
    assert _described(now) == _described(last)  # every question's field is copied
    (q,) = _by_code(now, "1.1")
    before = answer_for("1.1", 1)
    previous = await answers.previous_value(session, now, q, 1)
    assert previous is not None and previous.value == before
    assert await answers.previous_value(session, now, q, 2) is None
    saved = await save(session, person, now, 1, q, None, unchanged=True)
    assert saved.value == before and saved.unchanged
    big = await _refused(save(session, person, now, 1, q, before * 2))
    assert big.code == "reports-comment-needed" and big.params["change"] == 100
    saved = await save(session, person, now, 1, q, before * 2, comment="Присоединили посёлок")
    assert saved.comment == "Присоединили посёлок"
    saved = await save(session, person, now, 1, q, int(before * 1.2))
    assert saved.comment is None  # 20 % is under the 30 % threshold


async def test_reminders_only_to_the_late_only_in_working_hours(session: AsyncSession) -> None:
    people = await make_representatives(session, range(1, 4), per_municipality=3)
    form = await _sent_form(session, [1, 2, 3])
    deadline = datetime(2026, 12, 18, 18, 0, tzinfo=TZ)  # a Friday evening
    form.deadline = deadline.astimezone(UTC)
    await session.commit()
    await fill_and_submit(session, form, 1, people[1][0])
    await save(session, people[2][2], form, 2, form.questions[0], 5)

    async def plan(local: datetime) -> int:
        return await reminders.plan_reminders(session, local.astimezone(UTC), TZ, t)

    assert await plan(datetime(2026, 12, 11, 20, 0, tzinfo=TZ)) == 0  # 7 days before, but 20:00
    assert await plan(datetime(2026, 12, 12, 10, 0, tzinfo=TZ)) == 0  # Saturday
    assert await plan(datetime(2026, 12, 14, 9, 0, tzinfo=TZ)) == 2  # Monday morning: 2 and 3
    assert await plan(datetime(2026, 12, 14, 9, 1, tzinfo=TZ)) == 0  # idempotent
    assert await plan(datetime(2026, 12, 15, 18, 30, tzinfo=TZ)) == 0  # 3 days before, evening
    assert await plan(datetime(2026, 12, 16, 9, 30, tzinfo=TZ)) == 2
    assert await plan(datetime(2026, 12, 17, 18, 0, tzinfo=TZ)) == 0  # 18:00 is after hours
    assert await plan(datetime(2026, 12, 18, 8, 0, tzinfo=TZ)) == 0
    assert await plan(datetime(2026, 12, 18, 9, 0, tzinfo=TZ)) == 2  # third: escalated
    assert await plan(datetime(2026, 12, 21, 10, 0, tzinfo=TZ)) == 2  # after the deadline

    async def told(stage: int, m: int) -> set[int]:
        rows = await session.scalars(
            select(Delivery.chat_id)
            .join(Mailing)
            .where(Mailing.dedup_key == f"report:{form.id}:r{stage}:{m}")
        )
        return set(rows)

    reps2 = [u.telegram_id for u in people[2]]
    reps3 = [u.telegram_id for u in people[3]]
    assert await told(1, 1) == set()  # submitted: never reminded
    assert await told(1, 2) == {reps2[0], reps2[2]}  # the signatory and who started
    assert await told(1, 3) == {reps3[0]}  # nobody started: the signatory
    assert await told(2, 3) == {reps3[0]}
    assert await told(3, 3) == set(reps3)  # after the second: everyone
    assert await told(4, 2) == set(reps2)
    assert reminders.next_working_moment(datetime(2026, 12, 19, 12, tzinfo=TZ), TZ) == datetime(
        2026, 12, 21, 9, tzinfo=TZ
    )


async def test_exports_numbers_as_numbers_dates_as_dates(session: AsyncSession) -> None:
    people = await make_representatives(session, range(1, 4))
    form = await _sent_form(session, [1, 2, 3])
    for m in (1, 2):
        await fill_and_submit(session, form, m, people[m][0])
    (q44,) = _by_code(form, "4.4")
    formula = parse_answer(q44, '=HYPERLINK("http://evil.example/x";"Подробнее")')
    await save(session, people[3][0], form, 3, q44, formula)
    data = await collect(session, form.id)
    wb = load_workbook(io.BytesIO(answers_xlsx(data, t)))
    ws = wb.worksheets[0]
    codes = [c.value for c in ws[2]]
    assert codes[2:] == [q[1] for q in QUESTIONS]
    assert [c.value for c in ws[3]][2] == "чел."
    row = {codes[i]: c.value for i, c in enumerate(ws[4]) if codes[i]}
    assert row["1.1"] == answer_for("1.1", 1) and isinstance(row["1.1"], int)
    assert row["2.1"] == pytest.approx(1000.5)
    assert row["1.5"].date() == date.fromisoformat(answer_for("1.5", 1))
    assert row["3.3"] == "Курсы; Семинары"
    assert ws.cell(row=6, column=2).value == t.label(ReportState.DRAFT)
    assert ws.cell(row=6, column=codes.index("4.4") + 1).value.startswith("'=HYPERLINK")
    closed = await forms.close_form(session, 1, form.id)
    assert closed.state is ReportFormState.CLOSED
    late = await _refused(save(session, people[3][0], form, 3, q44, "поздно"))
    assert late.code == "reports-form-closed"
    assert await reminders.plan_reminders(session, datetime(2030, 1, 7, 10, tzinfo=TZ), TZ, t) == 0
    assert [s.title for s in wb.worksheets] == [
        "Все ответы",
        "Население",
        "Бюджет",
        "Кадры",
        "Открытость",
    ]


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_two_representatives_at_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    async with session_factory() as session:
        people = await make_representatives(session, range(1, 2), per_municipality=2)
        form = await _sent_form(session, [1])
    a, b = people[1]

    async def save_all(user: User, qs: list[ReportQuestion]) -> None:
        async with session_factory() as s:
            await fill(s, form, 1, user, qs)

    required = [q for q in form.questions if answer_for(q.code, 1) is not None]
    same = required[0]
    await asyncio.gather(save_all(a, [*required[::2], same]), save_all(b, [*required[1::2], same]))

    async def submit_once() -> str:
        async with session_factory() as s:
            try:
                await submit(s, a, form, 1)
            except DomainError as exc:
                return exc.code
            return "ok"

    results = await asyncio.gather(*(submit_once() for _ in range(5)))
    assert sorted(results) == ["ok"] + ["reports-answer-submitted"] * 4
    async with session_factory() as s:
        answer = await answers.get_answer(s, form.id, 1)
        assert len(await answers.values_of(s, answer.id)) == len(required)
        assert answer.state is ReportState.SUBMITTED
