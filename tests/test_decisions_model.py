"""Decisions domain: support (+1) once per person, decisions with a mandatory reason, one
decision for a provision's group, templates, responsible and due reminders, the summary's
files cell by cell, versions' diff and flags, the result notices, the batched staff
alerts and the digest."""

from __future__ import annotations

import asyncio
import io
from datetime import timedelta

import docx
import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import proposals
from models.audit import AuditEntry
from models.base import utcnow
from models.errors import DomainError
from models.outbox import Mailing
from models.proposals import (
    AmendmentKind,
    Place,
    PlaceKind,
    Proposal,
    QueueFilter,
    alerts,
    decisions,
    export,
    law,
    summary,
    summary_files,
    support,
    versions,
)
from models.proposals import ProposalStatus as Status
from models.proposals.acts import LEGACY_CODE, Act, ActKind, ActStage
from models.users import User
from tests.factories import make_user
from tests.test_proposals_model import LAW_TXT, _draft_ready
from texts import t

ALL = QueueFilter()
# The stories run on SQLite; the double taps (concurrency-sensitive) on both databases.
SQLITE = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
ADMIN = 424242


async def _submit(
    session: AsyncSession,
    user: User,
    place: tuple[int, int | None, int | None] = (2, 1, 2),
    proposed: str = "Новая редакция",
    kind: AmendmentKind = AmendmentKind.NEW_WORDING,
) -> Proposal:
    await _draft_ready(session, user, place=place, proposed=proposed, kind=kind)
    return await proposals.submit(session, user)


async def _mailings(session: AsyncSession, prefix: str) -> list[Mailing]:
    rows = await session.scalars(
        select(Mailing).where(Mailing.dedup_key.like(f"{prefix}%")).order_by(Mailing.id)
    )
    return list(rows)


# --- support ---


@SQLITE
async def test_support_once_per_person_not_own_withdrawable(session: AsyncSession) -> None:
    author = await make_user(session, 8001, name="Автор")
    fan = await make_user(session, 8002, name="Сторонник")
    p = await _submit(session, author)
    with pytest.raises(DomainError) as own:
        await support.support(session, author, p.id)
    assert own.value.code == "decisions-support-own"
    first = await support.support(session, fan, p.id)
    again = await support.support(session, fan, p.id)
    assert (first.changed, first.count, again.changed, again.count) == (True, 1, False, 1)
    gone = await support.withdraw_support(session, fan, p.id)
    assert (gone.changed, gone.count) == (True, 0)
    assert (await support.withdraw_support(session, fan, p.id)).changed is False
    with pytest.raises(DomainError) as forged:
        await support.support(session, fan, 2**40)
    assert forged.value.code == "decisions-support-gone"


async def test_double_taps_of_twenty_people_count_once_each(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    author = await make_user(session, 8100, name="Автор")
    p = await _submit(session, author)
    fans = [await make_user(session, 8101 + i, name=f"Сторонник {i}") for i in range(10)]

    async def tap(user_id: int) -> None:
        for _ in range(50):  # SQLite may say "database is locked" under contention
            try:
                async with session_factory() as s:
                    user = await s.get(User, user_id)
                    assert user is not None
                    await support.support(s, user, p.id)
                    return
            except Exception as exc:  # only the lock is retried
                if "locked" not in str(exc):
                    raise
                await asyncio.sleep(0.02)

    await asyncio.gather(*(tap(f.id) for f in fans for _ in range(2)))
    assert await support.count_of(session, p.id) == 10


@SQLITE
async def test_on_place_lists_related_published_proposals(session: AsyncSession) -> None:
    a = await make_user(session, 8201, name="А")
    b = await make_user(session, 8202, name="Б")
    exact = await _submit(session, a, (2, 1, 2))
    whole = await _submit(session, b, (2, None, None))
    other_part = await _submit(session, b, (2, 2, None))
    elsewhere = await _submit(session, b, (3, None, None))
    await proposals.withdraw(session, b, whole.id)
    found = await support.on_place(session, Place(PlaceKind.PROVISION, 2, 1, 2), ALL)
    assert [p.id for p in found] == [exact.id]
    found = await support.on_place(session, Place(PlaceKind.PROVISION, 2), ALL)
    assert [p.id for p in found] == [exact.id, other_part.id]
    assert elsewhere.id not in [p.id for p in found]


# --- decisions ---


@SQLITE
async def test_decision_needs_a_reason_and_group_decides_the_undecided(
    session: AsyncSession,
) -> None:
    users = [await make_user(session, 8301 + i, name=f"Автор {i}") for i in range(4)]
    group = [await _submit(session, u, (3, 1, None)) for u in users[:3]]
    lone = await _submit(session, users[3], (3, 2, None))
    with pytest.raises(DomainError) as empty:
        await proposals.change_status(session, ADMIN, lone.id, Status.ACCEPTED, "  ", render=t)
    assert empty.value.code == "decisions-reason-required"
    assert "без причины не принимается" in t.plain(empty.value.code, **empty.value.params)
    # A decision straight on a submitted proposal (no "take into review" needed).
    await proposals.change_status(session, ADMIN, group[0].id, Status.REJECTED, "Нет", render=t)
    with pytest.raises(DomainError):
        await decisions.decide_group(
            session, ADMIN, ALL, group[0].place, Status.ACCEPTED, None, render=t
        )
    result = await decisions.decide_group(
        session, ADMIN, ALL, group[0].place, Status.PARTIALLY_ACCEPTED, "Частично", render=t
    )
    assert [p.id for p in result.decided] == [group[1].id, group[2].id]
    assert [p.id for p in result.skipped] == [group[0].id]
    statuses = {p.id: (p.status, p.answer) for p in await session.scalars(select(Proposal))}
    assert statuses[group[1].id] == (Status.PARTIALLY_ACCEPTED, "Частично")
    assert statuses[lone.id] == (Status.SUBMITTED, None)
    audits = list(await session.scalars(select(AuditEntry.action)))
    assert audits.count("proposal.group_decision") == 1
    assert audits.count("proposal.status") == 3
    notices = await session.scalar(
        select(func.count()).select_from(Mailing).where(Mailing.title.like("Предложение%"))
    )
    assert notices == 3
    with pytest.raises(DomainError) as nothing:
        await decisions.decide_group(
            session, ADMIN, ALL, group[0].place, Status.REJECTED, "x", render=t
        )
    assert nothing.value.code == "decisions-group-nothing"


@SQLITE
async def test_templates_responsible_and_due_reminder_once(session: AsyncSession) -> None:
    author = await make_user(session, 8401, name="Автор")
    p = await _submit(session, author)
    item = await decisions.add_template(session, ADMIN, "Учтено в новой редакции\nподробно")
    assert item.title == "Учтено в новой редакции"
    assert [x.id for x in await decisions.templates(session)] == [item.id]
    await decisions.archive_template(session, ADMIN, item.id)
    assert await decisions.templates(session) == []
    now = utcnow()
    with pytest.raises(DomainError):
        await decisions.set_due(session, ADMIN, p.id, now - timedelta(hours=1))
    await decisions.set_due(session, ADMIN, p.id, now + timedelta(days=2))
    await decisions.assign(session, ADMIN, p.id, 555)
    assert await decisions.remind_due(session, now + timedelta(days=1), t) == 0
    assert await decisions.remind_due(session, now + timedelta(days=3), t) == 1
    assert await decisions.remind_due(session, now + timedelta(days=4), t) == 0
    [due] = await _mailings(session, "proposal-due:")
    assert f"№ {p.number}" in (due.text or "")


# --- the summary ---


async def _decided_set(session: AsyncSession) -> list[Proposal]:
    a = await make_user(session, 8501, name="Анна Автор")
    b = await make_user(session, 8502, name='=HYPERLINK("x")', municipality_id=2)
    c = await make_user(session, 8503, name="Сергей Сторонник")
    p1 = await _submit(session, a, (2, 1, 2), "Новое понятие")
    p2 = await _submit(session, b, (2, 1, 2), "Другое понятие")
    p3 = await _submit(session, a, (3, 1, None), "=1+1")
    await support.support(session, c, p1.id)
    await support.support(session, b, p1.id)
    await support.support(session, c, p3.id)
    await proposals.change_status(session, ADMIN, p1.id, Status.ACCEPTED, "Учтено", render=t)
    await proposals.change_status(session, ADMIN, p2.id, Status.REJECTED, "Дублирует", render=t)
    return [p1, p2, p3]


@SQLITE
async def test_summary_docx_and_xlsx_cell_by_cell(session: AsyncSession) -> None:
    p1, _, p3 = await _decided_set(session)
    data = await summary.build(session, ALL)
    assert data.totals == summary.Totals(received=3, accepted=1, partial=0, rejected=1)
    now = utcnow()
    doc = docx.Document(io.BytesIO(summary_files.to_docx(data, t, "Тест", now)))
    table = doc.tables[0]
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0] == [t.plain(k) for k in summary_files.DOCX_KEYS]
    assert cells[1][0] == "ст. 2 ч. 1 п. 2"  # the provision heads its group (merged)
    assert cells[2] == [
        "1",
        p1.number,
        "новая редакция: Новое понятие",
        "Анна Автор\n" + cells[2][3].split("\n")[1],
        "2",
        "учтено",
        "Учтено",
    ]
    assert cells[3][4:] == ["0", "не учтено", "Дублирует"]
    assert cells[4][0] == "ст. 3 ч. 1"
    assert cells[5][1:] == [
        p3.number,
        "новая редакция: =1+1",
        cells[5][3],
        "1",
        "не рассмотрено",
        "",
    ]
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "Поступило предложений: 3" in body and "Не учтено: 1" in body
    header = table.rows[0]._tr.trPr
    assert header is not None and header.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    wb = openpyxl.load_workbook(io.BytesIO(summary_files.to_xlsx(data, t, "Тест", now)))
    ws = wb.active
    assert ws is not None
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=3)]
    assert rows[0] == [t.plain(k) for k in summary_files.XLSX_KEYS]
    assert rows[1][0] == 1 and rows[1][6] == 2 and isinstance(rows[1][6], int)
    assert rows[2][4] == '\'=HYPERLINK("x")'  # formula neutralised
    assert rows[3][3] == "новая редакция: =1+1"  # starts with a letter: no formula
    totals = {r[3]: r[6] for r in rows[5:] if r[3]}
    assert totals == {
        "Поступило предложений": 3,
        "Учтено": 1,
        "Учтено частично": 0,
        "Не учтено": 1,
        "Без решения": 1,
    }


@SQLITE
async def test_publish_sends_each_participant_their_lines_once(session: AsyncSession) -> None:
    p1, p2, p3 = await _decided_set(session)
    data = await summary.build(session, ALL)
    files = [("FILE-DOCX", "docx"), ("FILE-XLSX", "xlsx")]
    count = await summary.publish(
        session, ADMIN, data, files, title="Тест", scope_key="t", render=t
    )
    assert count == 3
    again = await summary.publish(
        session, ADMIN, data, files, title="Тест", scope_key="t", render=t
    )
    assert again == 3
    sent = await _mailings(session, "summary:t:")
    assert len(sent) == 5  # three personal messages and two files, nothing twice
    texts = {m.dedup_key.rsplit(":", 1)[1]: m.text or "" for m in sent if m.dedup_key}
    users = {u.telegram_id: u.id for u in await session.scalars(select(User))}
    anna, sergey = texts[f"u{users[8501]}"], texts[f"u{users[8503]}"]
    assert p1.number in anna and p3.number in anna and p2.number not in anna
    assert "Ваши предложения" in anna and "поддержали" not in anna
    assert "Предложения, которые вы поддержали" in sergey and p1.number in sergey


# --- versions ---


@SQLITE
async def test_versions_diff_flags_and_result(session: AsyncSession) -> None:
    a = await make_user(session, 8601, name="А")
    b = await make_user(session, 8602, name="Б")
    old_text = LAW_TXT.read_text(encoding="utf-8")
    v1 = await law.upload_law(session, ADMIN, "v1.txt", old_text.encode())
    await _draft_ready(
        session, a, place=(2, 1, 2), proposed="2) тестовый орган — главный участник;"
    )
    p_changed = await proposals.submit(session, a)
    await _draft_ready(session, b, place=(3, 2, None), proposed="Совсем иначе")
    p_same = await proposals.submit(session, b)
    new_text = old_text.replace(
        "2) тестовый орган — участник примера;", "2) тестовый орган — главный участник;"
    ).replace("4. Вступление", "4. Вступление")
    new_text += "\n\nСтатья 5. Новая\nНовая статья текста."
    v2 = await law.upload_law(session, ADMIN, "v2.txt", new_text.encode())
    changes = versions.diff(v1.law, v2.law)
    assert [(c.place.label(t), c.kind) for c in changes] == [
        ("ст. 2 ч. 1 п. 2", versions.ChangeKind.CHANGED),
        ("ст. 5", versions.ChangeKind.ADDED),
    ]
    assert changes[0].short == "−«участник примера;» +«главный участник;»"
    flagged = await versions.flag_changed(session, ALL, v1.law, v2.law, v2.id)
    assert [p.id for p in flagged] == [p_changed.id]
    assert await versions.flag_changed(session, ALL, v1.law, v2.law, v2.id) == []
    results = await versions.tell_result(
        session, ADMIN, ALL, v2.law, title="Тест", scope_key="t", render=t
    )
    assert results == {p_changed.id: True, p_same.id: False}
    notices = await _mailings(session, "result:t:")
    assert len(notices) == 2
    assert "есть в принятом тексте" in (notices[0].text or "")
    assert "нет" in (notices[1].text or "")


# --- alerts ---


@SQLITE
async def test_new_proposal_alerts_are_batched_and_digest_once(session: AsyncSession) -> None:
    users = [await make_user(session, 8701 + i, name=f"А{i}") for i in range(3)]
    now = utcnow()
    for u in users:
        await _submit(session, u)
    assert await alerts.alert_new(session, now, {ADMIN}, t) == 1
    [first] = await _mailings(session, f"proposal-alert:{ADMIN}:")
    assert "Новых предложений: <b>3</b>" in (first.text or "")
    extra = await make_user(session, 8799, name="Поздний")
    await _submit(session, extra, (3, 1, None))
    assert await alerts.alert_new(session, now + timedelta(minutes=5), {ADMIN}, t) == 0
    assert await alerts.alert_new(session, now + timedelta(minutes=16), {ADMIN}, t) == 1
    later = await _mailings(session, f"proposal-alert:{ADMIN}:")
    assert "Новых предложений: <b>1</b>" in (later[-1].text or "")
    assert await alerts.alert_new(session, now + timedelta(minutes=40), {ADMIN}, t) == 0
    done = await alerts.digest(
        session, ALL, key="k", title="Обсуждение", admin_ids={ADMIN}, render=t
    )
    assert done and not await alerts.digest(
        session, ALL, key="k", title="Обсуждение", admin_ids={ADMIN}, render=t
    )
    [digest] = await _mailings(session, "proposal-digest:k")
    assert "Поступило предложений: 4; без решения: 4" in (digest.text or "")
    assert "ст. 2 — 3" in (digest.text or "") and "ст. 3 — 1" in (digest.text or "")


@SQLITE
async def test_comparative_table_counts_supports(session: AsyncSession) -> None:
    p1, _, p3 = await _decided_set(session)
    items = await export.rows(session, ALL)
    assert [(r.number, r.supports) for r in items] == [
        (p1.number, 2),
        (items[1].number, 0),
        (p3.number, 1),
    ]
    now = utcnow()
    ws = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(items, t, now))).active
    assert ws is not None
    header = export.TITLE_ROWS + 1
    assert ws.cell(header, export.SUPPORTS_COLUMN).value == "Поддержали"
    values = [ws.cell(header + n, export.SUPPORTS_COLUMN).value for n in (1, 2, 3)]
    assert values == [2, 0, 1]  # numbers, not text
    table = docx.Document(io.BytesIO(export.to_docx(items, t, now))).tables[0]
    assert table.rows[2].cells[5].text.endswith("\nПоддержали: 2")
    assert "Поддержали" not in table.rows[3].cells[5].text
    csv_lines = export.to_csv(items, t).decode("utf-8-sig").splitlines()
    assert csv_lines[0].endswith(";Поддержали") and csv_lines[1].endswith(";2")


@SQLITE
async def test_scopes_per_act_and_the_act_digest(session: AsyncSession) -> None:
    now = utcnow()
    act = Act(
        code="777",
        kind=ActKind.REGIONAL_DRAFT,
        title="Проект закона о тестах",
        stage=ActStage.DISCUSSION,
        discussion_ends_at=now + timedelta(days=10),
    )
    session.add(act)
    await session.commit()
    a = await make_user(session, 8801, name="А")
    b = await make_user(session, 8802, name="Б")
    legacy_act = await session.scalar(select(Act).where(Act.code == LEGACY_CODE))
    assert legacy_act is not None  # the migration makes 135-OZ the first act
    await _draft_ready(session, a, place=(2, 1, 2))
    legacy = await proposals.submit(session, a, act_id=legacy_act.id)
    await _draft_ready(session, b, place=(2, 1, 2))
    on_act = await proposals.submit(session, b, act_id=act.id)
    assert on_act.number.startswith("777-") and on_act.act_id == act.id
    scope = QueueFilter(act_id=act.id)
    assert [x.number for x in (await summary.build(session, scope)).lines] == [on_act.number]
    place = Place(PlaceKind.PROVISION, 2, 1, 2)
    assert [p.id for p in await support.on_place(session, place, scope)] == [on_act.id]
    assert {p.id for p in await support.on_place(session, place, ALL)} == {legacy.id, on_act.id}
    assert await alerts.act_digests(session, now, {ADMIN}, t) == 0  # still in discussion
    later = now + timedelta(days=11)
    assert await alerts.act_digests(session, later, {ADMIN}, t) == 1
    assert await alerts.act_digests(session, later, {ADMIN}, t) == 0
    [digest] = await _mailings(session, f"proposal-digest:act:{act.id}")
    assert "Проект закона о тестах" in (digest.text or "")
    assert "Поступило предложений: 1; без решения: 1" in (digest.text or "")


@SQLITE
async def test_summary_docx_lists_positions_after_the_totals(session: AsyncSession) -> None:
    await _decided_set(session)
    positions = [
        summary.Position("Кемеровский городской округ", "поддерживаем с замечаниями", "Уточнить"),
        summary.Position("Юргинский городской округ", "не поддерживаем", "=cmd|' /C calc'!A0"),
    ]
    data = await summary.build(session, ALL, positions)
    doc = docx.Document(io.BytesIO(summary_files.to_docx(data, t, "Тест", utcnow())))
    assert len(doc.tables) == 2
    rows = [[c.text for c in r.cells] for r in doc.tables[1].rows]
    assert rows == [
        ["Муниципалитет", "Позиция", "Текст позиции"],
        ["Кемеровский городской округ", "поддерживаем с замечаниями", "Уточнить"],
        ["Юргинский городской округ", "не поддерживаем", "=cmd|' /C calc'!A0"],
    ]
    wb = openpyxl.load_workbook(io.BytesIO(summary_files.to_xlsx(data, t, "Тест", utcnow())))
    assert wb.sheetnames == ["Сводка", "Позиции"]
    sheet = [[c.value for c in r] for r in wb["Позиции"].iter_rows()]
    assert sheet[2] == ["Юргинский городской округ", "не поддерживаем", "'=cmd|' /C calc'!A0"]
    body = [p.text for p in doc.paragraphs]
    assert body.index("Итого") < body.index("Позиции муниципальных образований")
    empty = docx.Document(
        io.BytesIO(summary_files.to_docx(await summary.build(session, ALL), t, "Тест", utcnow()))
    )
    assert len(empty.tables) == 1 and "Позиции муниципальных образований" not in [
        p.text for p in empty.paragraphs
    ]
