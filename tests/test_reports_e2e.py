"""Reports from municipalities end to end, through the real bot in production mode (updates
as tasks) against the fake Telegram, SQLite: staff take the blank template, a broken upload
is refused with its rows, a 20-question questionnaire is uploaded and sent to all 34
municipalities; 30 answer (27 by model calls for speed; three through the dialogue: one with
bad input, last year's values, a threshold comment, a file and an edit from the summary; two
representatives of one municipality sharing the draft; one across a restart of the bot);
reminders go only to the four late ones and only in working hours (a fake clock); one
answer is returned on two questions, fixed and resubmitted; the XLSX, DOCX and ZIP exports
are checked cell by cell."""

from __future__ import annotations

import asyncio
import io
import zipfile
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import docx
import pytest
from openpyxl import load_workbook
from sqlalchemy import select, update

from bot.config import Settings
from bot.runner import App
from handlers.reports.callbacks import AnsAct, RAnsCb, ROpenCb, RStaffCb, StaffAct
from models.municipalities import Municipality
from models.reports import ReportForm, ReportFormState, ReportState, answers, forms
from models.reports.template import read_template
from models.reports.values import format_number
from models.users import User
from sandbox.telegram import FakeTelegram
from sandbox.telegram.records import ChatMessage
from tests.conftest import ADMIN_ID, TOKEN
from tests.harness import running_bot
from tests.reports_world import (
    QUESTIONS,
    answer_for,
    bulk_submitted,
    fill,
    fill_and_submit,
    make_representatives,
    save,
    template_bytes,
)
from texts import t

pytestmark = [pytest.mark.slow, pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)]
TZ = ZoneInfo("Asia/Novokuznetsk")
FIRST = 50_000
DONE_BY_MODEL = [m for m in range(2, 31) if m not in (5, 7)]
LATE = [31, 32, 33, 34]


def rep(m: int, k: int = 0) -> int:
    return FIRST + m * 10 + k


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram(token=TOKEN, auto_create_chats=True) as fake:
        yield fake


class Talk:
    """One person's side of a dialogue in production mode: each step waits for the bot."""

    def __init__(self, tg: FakeTelegram) -> None:
        self.tg = tg

    def bot_messages(self, who: int) -> list[ChatMessage]:
        self.tg.user(who)
        return [m for m in self.tg.chat(who).messages if m.from_bot]

    async def say(self, who: int, text: str, expect: int = 1) -> str:
        before = len(self.bot_messages(who))
        await self.tg.user(who).send(text)
        await self.tg.wait_for(lambda: len(self.bot_messages(who)) >= before + expect, what=text)
        return self.tg.chat(who).last_text()

    async def doc(self, who: int, data: bytes, filename: str, expect: int = 1) -> str:
        before = len(self.bot_messages(who))
        await self.tg.user(who).send_document(data, filename=filename)
        await self.tg.wait_for(
            lambda: len(self.bot_messages(who)) >= before + expect, what=filename
        )
        return self.tg.chat(who).last_text()

    async def tap(self, who: int, prefix: str) -> str | None:
        """Press the newest button whose label starts with ``prefix``; the alert, if any."""
        self.tg.user(who)
        label = next(
            (
                b
                for m in reversed(self.tg.chat(who).history)
                if m.from_bot and not m.deleted
                for b in m.buttons
                if b.startswith(prefix)
            ),
            None,
        )
        assert label is not None, (
            f"no button {prefix!r} for {who}: {self.tg.chat(who).last_text()}"
        )
        await self.tg.user(who).press(label)
        query = [q for q in self.tg.callback_queries if q.user_id == who][-1]
        answer = await self.tg.wait_for(lambda: query.answer, what=label)
        return answer.text or None

    def edits(self, who: int) -> int:
        return sum(len(m.edits) for m in self.tg.chat(who).messages)


# The dialogue of municipality 1: (action, argument); the value each question ends with.
SCRIPT_1: list[tuple[str, Any]] = [
    ("tap", "↩️ Без изменений"),  # 1.1: last year's 11 000
    ("bad", "abc"),
    ("bad", "101"),
    ("say", "21,5 %"),  # 1.2
    ("say", "1"),  # 1.3 (changed later from the summary)
    ("tap", "Да"),  # 1.4
    ("say", "01.09.2024"),  # 1.5
    ("comment", "2 500,5"),  # 2.1: +150 % against 1 000,5 → a comment
    ("say", "Ввели новый налог"),
    ("say", "101"),  # 2.2
    ("say", "51 %"),  # 2.3
    ("tap", "Проводится"),  # 2.4
    ("say", "1"),  # 2.5
    ("say", "21"),  # 3.1
    ("tap", "⏭"),  # 3.2 skipped
    ("toggle", "▫️ Курсы"),  # 3.3
    ("toggle", "▫️ Семинары"),
    ("tap", "✅ Готово"),
    ("tap", "Да"),  # 3.4
    ("say", "7,5"),  # 3.5
    ("say", "https://mo1.example.ru"),  # 4.1
    ("say", "100"),  # 4.2
    ("say", "90"),  # 4.3
    ("say", "Дороги <b>и</b> мосты"),  # 4.4
    ("doc", "otchet.pdf"),  # 4.5
]
EXPECTED_1 = {
    "1.1": 11_000, "1.2": 21.5, "1.3": 2, "1.4": "да", "1.5": date(2024, 9, 1), "2.1": 2500.5,
    "2.2": 101, "2.3": 51, "2.4": "Проводится", "2.5": 1, "3.1": 21, "3.2": None,
    "3.3": "Курсы; Семинары", "3.4": "да", "3.5": 7.5, "4.1": "https://mo1.example.ru",
    "4.2": 100, "4.3": 90, "4.4": "Дороги <b>и</b> мосты", "4.5": "otchet.pdf",
}  # fmt: skip


def typed(code: str, m: int) -> list[tuple[str, Any]]:
    """The dialogue steps that give question ``code`` municipality ``m``'s model value."""
    value = answer_for(code, m)
    if value is None:
        return [("tap", "⏭")]
    if isinstance(value, bool):
        return [("tap", "Да" if value else "Нет")]
    if isinstance(value, list):
        return [("toggle", f"▫️ {v}") for v in value] + [("tap", "✅ Готово")]
    if code == "2.4":
        return [("tap", value)]
    if code == "1.5":
        return [("say", date.fromisoformat(value).strftime("%d.%m.%Y"))]
    if isinstance(value, float):
        return [("say", format_number(value))]
    return [("say", str(value))]


async def run_script(talk: Talk, who: int, steps: list[tuple[str, Any]]) -> None:
    for action, arg in steps:
        if action == "tap":
            alert = await talk.tap(who, arg)
            assert alert is None, alert
        elif action == "toggle":
            before = talk.edits(who)
            await talk.tap(who, arg)
            assert talk.edits(who) == before + 1
        elif action == "doc":
            await talk.doc(who, b"%PDF-1.4 report", arg)
        else:
            reply = await talk.say(who, arg)
            if action == "bad":
                assert "Вопрос" not in reply, reply
            elif action == "comment":
                assert "больше порога" in reply, reply
            else:
                assert "Вопрос" in reply or "Отвечено" in reply, (arg, reply)


async def _world(app: App) -> tuple[dict[int, list[User]], ReportForm]:
    """34 municipalities with a signatory each (municipality 5 also a deputy) and last
    year's questionnaire answered by 30 of them, then closed."""
    async with app.session_factory() as session:
        people = await make_representatives(session, range(1, 35), first_id=FIRST)
        deputy = (
            await make_representatives(session, range(5, 6), first_id=FIRST + 1, signatory=False)
        )[5][0]
        people[5].append(deputy)
        last = await forms.create_form(
            session, ADMIN_ID, read_template(template_bytes(year=2025), t)
        )
        await forms.send_form(session, ADMIN_ID, last.id, datetime.now(UTC) + timedelta(days=1), t)
        last = await forms.get_form(session, last.id)
        await bulk_submitted(session, last, range(1, 31))
        await session.execute(
            update(ReportForm).where(ReportForm.id == last.id).values(state=ReportFormState.CLOSED)
        )
        await session.commit()
    return people, last


def _friday_deadline() -> datetime:
    """A Friday 18:00 local at least ten days ahead."""
    day = datetime.now(TZ).date() + timedelta(days=10)
    day += timedelta(days=(4 - day.weekday()) % 7)
    return datetime(day.year, day.month, day.day, 18, 0, tzinfo=TZ)


async def test_questionnaire_story(tg: FakeTelegram, settings: Settings) -> None:
    talk = Talk(tg)
    deadline = _friday_deadline()
    async with running_bot(tg, settings, concurrent=True) as app:
        for m in range(1, 35):
            tg.user(rep(m))
        tg.user(rep(5, 1))
        everyone = [rep(m) for m in range(1, 35)] + [rep(5, 1)]
        people, last = await _world(app)
        await tg.wait_for(lambda: all(tg.chat(rep(m)).messages for m in range(1, 35)), timeout=30)
        # Staff: the blank template, a broken upload, the real one, the preview, sending.
        await talk.say(ADMIN_ID, "/reports_admin")
        await talk.tap(ADMIN_ID, t.plain("reports-btn-template"))
        blank = tg.chat(ADMIN_ID).last_message()
        assert blank is not None and blank.document is not None
        sheet = load_workbook(io.BytesIO(tg.files[blank.document["file_id"]].data)).worksheets[0]
        assert [c.value for c in sheet[1]] == [
            "Раздел",
            "Код",
            "Вопрос",
            "Тип",
            "Варианты",
            "Единица",
            "Мин",
            "Макс",
            "Обязательный",
            "Подсказка",
        ]
        await talk.tap(ADMIN_ID, t.plain("reports-btn-upload"))
        broken = [
            *list(QUESTIONS[:5]),
            ("Население", "1.7", "Опечатка", "чсило", "", "", None, None, "да", ""),
        ]
        reply = await talk.doc(ADMIN_ID, template_bytes(broken), "broken.xlsx")
        assert "Шаблон не принят: 1 ошибка" in reply
        assert "строка 7: тип «чсило» неизвестен; допустимо: «число», «целое число»" in reply
        await talk.doc(ADMIN_ID, template_bytes(), "anketa.xlsx", expect=3)
        texts = tg.chat(ADMIN_ID).texts()
        assert any("Шаблон принят: 20 вопросов" in x for x in texts)
        assert any(
            "Просмотр: Доклад о местном самоуправлении (2026)" in x and "чсило" not in x
            for x in texts
        )
        assert "Значения прошлого года из анкеты за: 2025" in tg.chat(ADMIN_ID).last_text()
        await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-send-all"))
        await talk.say(ADMIN_ID, f"{deadline:%d.%m.%Y}")
        assert "34 муниципалитетам" in tg.chat(ADMIN_ID).last_text()
        await talk.tap(ADMIN_ID, "✅ Отправить (34)")
        assert "34 муниципалитета" in tg.chat(ADMIN_ID).last_text()
        await talk.tap(ADMIN_ID, "✅ Отправить (34)")  # a double tap sends nothing more
        async with app.session_factory() as session:
            form = await session.scalar(select(ReportForm).where(ReportForm.year == 2026))
            assert form is not None and form.previous_form_id == last.id
            form = await forms.get_form(session, form.id)
        # Everyone is told, with the button.
        await tg.wait_for(
            lambda: all(tg.chat(who).find("2026 год") for who in everyone),
            timeout=30,
        )
        # A representative is not staff.
        assert await talk.say(rep(1), "/reports_admin") == t.plain("unknown-command")

        # Three municipalities at once through the dialogue.
        await asyncio.gather(
            _municipality_1(talk),
            _municipality_5(app, talk, form, people),
            _municipality_7_before_restart(talk),
        )
    async with running_bot(tg, settings, concurrent=True) as app:
        # Municipality 7 goes on after the restart: the open question takes the typed answer.
        assert "Вопрос 5 из 20" in await talk.say(rep(7), "нет")
        async with app.session_factory() as session:
            await fill(session, form, 7, people[7][0], form.questions[4:])
            for m in DONE_BY_MODEL:
                await fill_and_submit(session, form, m, people[m][0])
            await save(session, people[31][0], form, 31, form.questions[0], 5)
        await talk.tap(rep(7), "📋 Сводка")
        assert "Отвечено: 20 из 20" in tg.chat(rep(7)).last_text()
        await talk.tap(rep(7), "📤 Отправить в Совет")
        assert "отправлен в Совет" in tg.chat(rep(7)).last_text()
        await _coverage_and_reminders(app, tg, talk, form, deadline)
        await _return_and_fix(app, tg, talk, form)
        await _exports(app, tg, talk, form)


async def _municipality_1(talk: Talk) -> None:
    """Bad input, last year's value, a threshold comment, a file, an edit from the summary."""
    tg = talk.tg
    await talk.tap(rep(1), "📝 Заполнить анкету")
    first = tg.chat(rep(1)).last_text()
    assert "Вопрос 1 из 20" in first and "В прошлом году: 11\u00a0000 чел." in first
    await run_script(talk, rep(1), SCRIPT_1)
    summary = tg.chat(rep(1)).last_text()
    assert "Отвечено: 20 из 20" in summary and "Дороги <b>и</b> мосты" in summary
    assert "💬 Ввели новый налог" in summary
    await talk.tap(rep(1), "✏️ 1.3")
    assert "Сейчас сохранено: 1" in tg.chat(rep(1)).last_text()
    assert "больше порога" in await talk.say(rep(1), "2")  # 1 → 2 is +100 %
    assert "Отвечено: 20 из 20" in await talk.say(rep(1), "Пересчитали ТОС")
    await talk.tap(rep(1), "📤 Отправить в Совет")
    assert "отправлен в Совет" in tg.chat(rep(1)).last_text()


async def _municipality_5(
    app: App, talk: Talk, form: ReportForm, people: dict[int, list[User]]
) -> None:
    """The deputy starts and cannot submit; the signatory sees the progress and goes on."""
    tg = talk.tg
    deputy, signatory = people[5][1].telegram_id, rep(5)
    await talk.say(deputy, "/reports")
    await talk.tap(deputy, "Доклад")
    steps = [s for code in ("1.1", "1.2", "1.3", "1.4", "1.5") for s in typed(code, 5)]
    await run_script(talk, deputy, steps)
    await talk.tap(deputy, "📋 Сводка")
    assert await talk.tap(deputy, "📤 Отправить в Совет") == t.plain("reports-not-signatory")
    await talk.tap(deputy, "▶️")
    await talk.tap(deputy, "⏸")
    await talk.say(signatory, "/reports")
    assert any("(5/20)" in b for b in tg.chat(signatory).last_message().buttons)  # type: ignore[union-attr]
    await talk.tap(signatory, "Доклад")
    assert "Вопрос 6 из 20" in tg.chat(signatory).last_text()
    await run_script(talk, signatory, [s for q in form.questions[5:8] for s in typed(q.code, 5)])
    async with app.session_factory() as session:
        await fill(session, form, 5, people[5][0], form.questions[8:])
    await talk.tap(signatory, "📋 Сводка")
    await talk.tap(signatory, "📤 Отправить в Совет")
    assert "отправлен в Совет" in tg.chat(signatory).last_text()


async def _municipality_7_before_restart(talk: Talk) -> None:
    await talk.say(rep(7), "/reports")
    await talk.tap(rep(7), "Доклад")
    await run_script(talk, rep(7), [s for code in ("1.1", "1.2", "1.3") for s in typed(code, 7)])
    assert "Вопрос 4 из 20" in talk.tg.chat(rep(7)).last_text()


async def _coverage_and_reminders(
    app: App, tg: FakeTelegram, talk: Talk, form: ReportForm, deadline: datetime
) -> None:
    await talk.say(ADMIN_ID, "/reports_admin")
    await talk.tap(ADMIN_ID, "Доклад о местном самоуправлении (2026)")
    await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-status"))
    status = "\n".join(tg.chat(ADMIN_ID).texts()[-2:])
    assert "Сдали 30 из 34" in status
    assert "Заполняют (1)" in status and "отвечено 1 из 20" in status
    assert "Не начинали (3)" in status

    def reminded(who: int) -> int:
        return sum("До срока сдачи анкеты" in x for x in tg.chat(who).texts())

    service = app.background
    local = deadline.astimezone(TZ)
    assert (
        await service.report_reminders((local - timedelta(days=7)).astimezone(UTC)) == 0
    )  # Fri 18:00
    assert (
        await service.report_reminders((local - timedelta(days=6, hours=8)).astimezone(UTC)) == 0
    )  # Sat
    monday = (local - timedelta(days=4)).replace(hour=9, minute=0)
    assert await service.report_reminders(monday.astimezone(UTC)) == 4
    assert await service.report_reminders((monday + timedelta(minutes=5)).astimezone(UTC)) == 0
    await tg.wait_for(lambda: all(reminded(rep(m)) == 1 for m in LATE), timeout=20)
    thursday_evening = (local - timedelta(days=1)).replace(hour=19)
    assert await service.report_reminders(thursday_evening.astimezone(UTC)) == 0  # night
    friday = local.replace(hour=9)
    assert await service.report_reminders(friday.astimezone(UTC)) == 4
    await tg.wait_for(lambda: all(reminded(rep(m)) == 2 for m in LATE), timeout=20)
    assert all(reminded(rep(m)) == 0 for m in range(1, 31))
    # The one-tap nudge reaches the late ones only, and once per hour.
    alert = await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-nudge"))
    assert alert == t.plain("reports-nudged", count=4)
    await tg.wait_for(
        lambda: all(tg.chat(rep(m)).find("⏰ Напоминание") for m in LATE), timeout=20
    )
    assert not any(tg.chat(rep(m)).find("⏰ Напоминание") for m in range(1, 31))


async def _return_and_fix(app: App, tg: FakeTelegram, talk: Talk, form: ReportForm) -> None:
    async with app.session_factory() as session:
        name = (await session.get(Municipality, 2)).name  # type: ignore[union-attr]
    await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-review"))
    assert "ждут проверки: 30" in tg.chat(ADMIN_ID).last_text()
    await talk.tap(ADMIN_ID, f"{name} — сдано")
    await talk.tap(ADMIN_ID, t.plain("reports-btn-return"))
    await talk.tap(ADMIN_ID, "▫️ 1.1")
    await talk.tap(ADMIN_ID, "▫️ 2.1")
    await talk.tap(ADMIN_ID, "💬 Написать комментарии (2)")
    assert "1.1" in tg.chat(ADMIN_ID).last_text()
    await talk.say(ADMIN_ID, "Сверьте с данными Росстата")
    assert "2.1" in tg.chat(ADMIN_ID).last_text()
    await talk.say(ADMIN_ID, "Укажите в тысячах рублей")
    assert "возвращён на доработку (2)" in tg.chat(ADMIN_ID).last_text()
    await tg.wait_for(lambda: tg.chat(rep(2)).find("возвращён на доработку"), timeout=20)
    notice = tg.chat(rep(2)).find("возвращён на доработку")
    assert notice is not None and "Сверьте с данными Росстата" in notice.display_text
    asked_before = sum("Вопрос " in x for x in tg.chat(rep(2)).texts())
    await talk.tap(rep(2), "✏️ Исправить ответы")
    assert "Сверьте с данными Росстата" in tg.chat(rep(2)).last_text()
    await talk.say(rep(2), "12 345")
    assert "Укажите в тысячах рублей" in tg.chat(rep(2)).last_text()
    await talk.say(rep(2), "2 001")
    assert "Отвечено" in tg.chat(rep(2)).last_text()
    assert sum("Вопрос " in x for x in tg.chat(rep(2)).texts()) - asked_before == 2
    await talk.tap(rep(2), "📤 Отправить в Совет")
    async with app.session_factory() as session:
        answer = await answers.get_answer(session, form.id, 2)
        assert answer.state is ReportState.SUBMITTED


def expected_row(m: int) -> dict[str, Any]:
    if m == 1:
        return EXPECTED_1
    out: dict[str, Any] = {}
    for _section, code, *_ in QUESTIONS:
        value = answer_for(code, m)
        if isinstance(value, bool):
            value = "да" if value else "нет"
        elif isinstance(value, list):
            value = "; ".join(value)
        elif code == "1.5":
            value = date.fromisoformat(value)
        out[code] = value
    if m == 2:
        out["1.1"], out["2.1"] = 12_345, 2001
    return out


async def _exports(app: App, tg: FakeTelegram, talk: Talk, form: ReportForm) -> None:
    async with app.session_factory() as session:
        names = {m.id: m.name for m in await session.scalars(select(Municipality))}
    await talk.say(ADMIN_ID, "/reports_admin")
    await talk.tap(ADMIN_ID, "Доклад о местном самоуправлении (2026)")
    await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-xlsx"))
    sent = tg.chat(ADMIN_ID).last_message()
    assert sent is not None and sent.document is not None
    ws = load_workbook(io.BytesIO(tg.files[sent.document["file_id"]].data)).worksheets[0]
    codes = [c.value for c in ws[2]]
    assert codes[2:] == [q[1] for q in QUESTIONS]
    assert [c.value for c in ws[3]][2:4] == ["чел.", "%"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=4)}
    assert len(rows) == 34
    for m in range(1, 31):
        row = rows[names[m]]
        assert row[1].value == "сдано", names[m]
        for i, code in enumerate(codes[2:], 2):
            got, want = row[i].value, expected_row(m)[code]
            if isinstance(want, date):
                assert got.date() == want, (m, code)
            elif isinstance(want, float):
                assert got == pytest.approx(want), (m, code, got)
            else:
                assert got == want, (m, code, got)
            if code in ("1.1", "2.1") and got is not None:
                assert isinstance(got, int | float)
    assert rows[names[31]][1].value == "заполняется" and rows[names[32]][1].value == "не начато"
    # The DOCX: totals of the first section's numbers, last year's column.
    await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-docx"))
    sent = tg.chat(ADMIN_ID).last_message()
    assert sent is not None and sent.document is not None
    document = docx.Document(io.BytesIO(tg.files[sent.document["file_id"]].data))
    table = document.tables[0]
    header = [c.text for c in table.rows[0].cells]
    assert header[:2] == ["Муниципальное образование", "Численность населения на 1 января, чел."]
    total = next(r for r in table.rows if r.cells[0].text == "Итого")
    want = sum(expected_row(m)["1.1"] for m in range(1, 31))
    assert total.cells[1].text == format_number(want)
    share = next(r for r in table.rows if r.cells[0].text == "Среднее")
    shares = [expected_row(m)["1.2"] for m in range(1, 31)]
    assert share.cells[2].text == format_number(round(sum(shares) / len(shares), 2))
    assert total.cells[2].text == "—"  # no sum of percentages
    change = document.tables[1]
    assert [c.text for c in change.rows[0].cells][2:4] == ["2025", "2026"]
    last_total = sum(answer_for("1.1", m) for m in range(1, 31))
    assert change.rows[1].cells[2].text == format_number(last_total)
    # Files as a ZIP named by municipality.
    await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-files"))
    sent = tg.chat(ADMIN_ID).last_message()
    assert sent is not None and sent.document is not None
    archive = zipfile.ZipFile(io.BytesIO(tg.files[sent.document["file_id"]].data))
    assert archive.namelist() == [f"{names[1]}/4.5_otchet.pdf"]
    assert archive.read(archive.namelist()[0]) == b"%PDF-1.4 report"


async def test_chosen_set_copy_stale_and_forged_buttons(
    tg: FakeTelegram, settings: Settings
) -> None:
    """Staff copy last year's questionnaire and send it to two chosen municipalities; the
    others are never asked. Forged and stale buttons get a clear answer, never a traceback;
    people without the right fall through to «unknown command» / «stale button»."""
    talk = Talk(tg)
    async with running_bot(tg, settings, concurrent=True) as app:
        async with app.session_factory() as session:
            people = await make_representatives(session, range(1, 5), first_id=FIRST)
            last = await forms.create_form(
                session, ADMIN_ID, read_template(template_bytes(year=2025), t)
            )
            await forms.send_form(
                session, ADMIN_ID, last.id, datetime.now(UTC) + timedelta(days=2), t, [1]
            )
            names = {m.id: m.name for m in await session.scalars(select(Municipality))}
        await talk.say(ADMIN_ID, "/reports_admin")
        await talk.tap(ADMIN_ID, "Доклад о местном самоуправлении (2025)")
        await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-copy"))
        assert (
            "(2026)" in tg.chat(ADMIN_ID).last_text()
            and "черновик" in tg.chat(ADMIN_ID).last_text()
        )
        await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-send-pick"))
        await talk.tap(ADMIN_ID, f"▫️ {names[2][:20]}")
        await talk.tap(ADMIN_ID, f"▫️ {names[3][:20]}")
        await talk.tap(ADMIN_ID, f"✅ {names[3][:20]}")  # changed my mind
        await talk.tap(ADMIN_ID, f"▫️ {names[4][:20]}")
        await talk.tap(ADMIN_ID, "Далее ▶️ (2)")
        assert "Не понял дату" in await talk.say(ADMIN_ID, "32.13.2026")
        day = datetime.now(TZ) + timedelta(days=14)
        await talk.say(ADMIN_ID, f"{day:%d.%m.%Y} 12:00")
        await talk.tap(ADMIN_ID, "✅ Отправить (2)")
        assert "2 муниципалитета" in tg.chat(ADMIN_ID).last_text()
        async with app.session_factory() as session:
            form = await session.scalar(select(ReportForm).where(ReportForm.year == 2026))
            assert form is not None
            status = await forms.status(session, form.id)
            assert sorted(r.municipality.id for r in status.rows) == [2, 4]
        # A chat exists in the fake from its first message on: wait for it, do not ask first.
        await tg.wait_for(
            lambda: all(
                who in tg.chats and tg.chat(who).find("2026 год") for who in (rep(2), rep(4))
            ),
            timeout=30,
        )
        assert rep(3) not in tg.chats  # never told anything
        # Municipality 3 was not asked: its representative sees nothing to fill; a forged
        # button for another municipality is refused in words.
        assert await talk.say(rep(3), "/reports") == t.plain("reports-mine-none")
        forged = ROpenCb(form=form.id, mun=2).pack()
        before = len(tg.callback_queries)
        await tg.user(rep(3)).press_raw(forged)
        await tg.wait_for(
            lambda: len(tg.callback_queries) > before and tg.callback_queries[-1].answer
        )
        assert tg.callback_queries[-1].answer.text == t.plain("reports-not-representative")  # type: ignore[union-attr]
        # A forged question id (of last year's form) and an out-of-range option.
        await talk.tap(rep(2), "📝 Заполнить анкету")
        stale, required = t.plain("reports-value-stale"), t.plain("reports-value-required")
        for data, expected in (
            (RAnsCb(form=form.id, mun=2, q=last.questions[0].id, act=AnsAct.SKIP).pack(), stale),
            (
                RAnsCb(
                    form=form.id, mun=2, q=form.questions[8].id, act=AnsAct.OPTION, idx=99
                ).pack(),
                stale,
            ),
            (
                RAnsCb(form=form.id, mun=2, q=form.questions[0].id, act=AnsAct.SKIP).pack(),
                required,
            ),
            ("rpa:not:a:button", t.plain("stale-button")),
        ):
            before = len(tg.callback_queries)
            await tg.user(rep(2)).press_raw(data)

            def answered(n: int = before) -> bool:
                return len(tg.callback_queries) > n and bool(tg.callback_queries[-1].answer)

            await tg.wait_for(answered)
            assert tg.callback_queries[-1].answer.text == expected  # type: ignore[union-attr]
        # A person without the staff role pressing a staff button gets «stale button».
        await tg.user(rep(2)).press_raw(RStaffCb(act=StaffAct.NUDGE, form=form.id).pack())
        await tg.wait_for(lambda: tg.callback_queries[-1].answer)
        assert tg.callback_queries[-1].answer.text == t.plain("stale-button")  # type: ignore[union-attr]
        async with app.session_factory() as session:
            assert await forms.status(session, form.id) is not None
            answer = await answers.get_answer(session, form.id, 2)
            assert answer.state is ReportState.PENDING  # nothing forged was stored
        # Staff close the questionnaire: the open button now shows the answers, read-only.
        await talk.say(ADMIN_ID, "/reports_admin")
        await talk.tap(ADMIN_ID, "Доклад о местном самоуправлении (2026)")
        await talk.tap(ADMIN_ID, t.plain("reports-staff-btn-close"))
        assert "Состояние: закрыта" in tg.chat(ADMIN_ID).last_text()
        await talk.tap(rep(2), "📝 Заполнить анкету")
        assert t.plain("reports-summary-closed") in tg.chat(rep(2)).last_text()
        assert not tg.chat(rep(2)).last_message().buttons  # type: ignore[union-attr]
        assert people[2]
