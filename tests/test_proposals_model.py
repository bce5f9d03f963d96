"""Proposals domain: the law parser, numbers under concurrency, drafts, statuses with their
audit and notices, campaigns and the amendments table files."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import timedelta
from pathlib import Path

import docx
import openpyxl
import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from models import proposals
from models.audit import AuditEntry
from models.base import DEFAULT_TZ, utcnow
from models.errors import DomainError
from models.outbox import Delivery, Mailing, MailingKind, MailingState
from models.proposals import AmendmentKind, PlaceKind, QueueFilter, export, law
from models.proposals import ProposalStatus as Status
from models.subscriptions import set_default_topics
from models.users import User
from tests.factories import make_user
from texts import t

LAW_TXT = Path(__file__).parent / "data" / "law_135_synthetic.txt"


def law_docx_bytes() -> bytes:
    """The synthetic law as a .docx, one paragraph per line (made here, not shipped)."""
    document = docx.Document()
    for line in LAW_TXT.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_parse_synthetic_law() -> None:
    structure = law.parse_law(LAW_TXT.read_text(encoding="utf-8"))
    assert [a.number for a in structure.articles] == [1, 2, 3, 4]
    assert structure.articles[1].title == "Основные понятия"
    art2 = structure.article(2)
    assert art2 is not None
    assert [p.number for p in art2.parts] == [1, 2]
    assert [q.number for q in art2.parts[0].points] == [1, 2, 3]
    assert (
        art2.parts[1].text
        == "Иные понятия используются в значениях,\nопределённых другими тестами."
    )
    assert structure.wording(2, 1, 2) == "2) тестовый орган — участник примера;"
    assert structure.wording(3, 3) == "3. Настоящая часть нужна для сортировки."
    assert structure.wording(1) is not None and "вымышленного" in structure.wording(1)  # type: ignore[operator]
    assert structure.wording(2, 3) is None
    assert structure.wording(9) is None
    assert "СИНТЕТИЧЕСКИЙ" in structure.preamble
    # The JSON form round-trips.
    assert law.LawStructure.from_json(structure.to_json()) == structure


@pytest.mark.parametrize(
    ("text", "line", "code"),
    [
        ("Статья 1. А\n1. текст\n3. текст", 3, "proposals-law-part-order"),
        ("Статья 1. А\nтекст\n\nСтатья 3. Б", 4, "proposals-law-article-order"),
        ("Статья 1. А\n1. текст\n1) п\n3) п", 4, "proposals-law-point-order"),
        ("Статья 1. А\n1) п\n1. текст", 3, "proposals-law-part-after-points"),
        ("Преамбула\nСтатья первая. А", 2, "proposals-law-bad-article"),
        ("Просто текст\nбез статей", 2, "proposals-law-no-articles"),
    ],
)
def test_parse_refuses_with_line(text: str, line: int, code: str) -> None:
    with pytest.raises(DomainError) as err:
        law.parse_law(text)
    assert (err.value.params["line"], err.value.code) == (line, code)
    assert str(line) in t.plain(err.value.code, **err.value.params)


def test_read_upload_docx_and_cp1251() -> None:
    from_docx = law.parse_upload("law.docx", law_docx_bytes())
    from_txt = law.parse_law(LAW_TXT.read_text(encoding="utf-8"))
    assert from_docx.articles == from_txt.articles
    cp1251 = LAW_TXT.read_text(encoding="utf-8").encode("cp1251")
    assert law.parse_upload("LAW.TXT", cp1251).articles == from_txt.articles
    with pytest.raises(DomainError) as err:
        law.parse_upload("law.docx", b"not a zip")
    assert err.value.code == "proposals-law-bad-docx"
    with pytest.raises(DomainError) as err:
        law.parse_upload("law.pdf", b"%PDF")
    assert err.value.code == "proposals-law-bad-type"


def test_whole_article_wording_keeps_its_heading() -> None:
    structure = law.parse_law("Статья 1.  Предмет\nТекст статьи\n1) пункт")
    assert structure.wording(1) == "Статья 1. Предмет\nТекст статьи\n1) пункт"
    assert law.LawStructure.from_json(structure.to_json()).wording(1) == structure.wording(1)


def test_parse_place() -> None:
    assert proposals.parse_place("ст. 5 ч. 2 п. 3") == (5, 2, 3)
    assert proposals.parse_place("Статья 12") == (12, None, None)
    assert proposals.parse_place("ст.5 ч.2") == (5, 2, None)
    assert proposals.parse_place("ст 7, п. 1") == (7, None, 1)
    for bad in ("пятая статья", "ст. 0", "ч. 2", "ст. 5 ч. 2 п. 3 и ещё", "", "ст. 5 ч. п. 3"):
        with pytest.raises(DomainError) as err:
            proposals.parse_place(bad)
        assert err.value.code == "proposals-bad-place"


@pytest.mark.parametrize(
    ("place", "label"),
    [
        (proposals.Place(PlaceKind.PROVISION, 5), "ст. 5"),
        (proposals.Place(PlaceKind.PROVISION, 5, 2), "ст. 5 ч. 2"),
        (proposals.Place(PlaceKind.PROVISION, 5, None, 3), "ст. 5 п. 3"),
        (proposals.Place(PlaceKind.PROVISION, 5, 2, 3), "ст. 5 ч. 2 п. 3"),
        (proposals.Place(PlaceKind.NEW_ARTICLE), "новая статья"),
        (proposals.Place(PlaceKind.WHOLE_LAW), "закон в целом"),
    ],
)
def test_place_labels(place: proposals.Place, label: str) -> None:
    assert place.label(t) == label


async def _draft_ready(
    session: AsyncSession,
    user: User,
    *,
    place: tuple[int, int | None, int | None] | None = (2, 1, 2),
    kind: AmendmentKind = AmendmentKind.NEW_WORDING,
    proposed: str = "Новая редакция",
) -> None:
    if place is None:
        await proposals.set_place(session, user.id, PlaceKind.WHOLE_LAW)
    else:
        await proposals.set_place(session, user.id, PlaceKind.PROVISION, *place)
    await proposals.set_kind(session, user.id, kind)
    await proposals.set_current(session, user.id, "Действующая")
    if kind is not AmendmentKind.DELETION:
        await proposals.set_proposed(session, user.id, proposed)
    await proposals.set_justification(session, user.id, "Потому что")
    await proposals.set_attachment(session, user.id, None, None)


async def test_numbers_are_unique_under_concurrency(
    session: AsyncSession, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    users = [await make_user(session, 5000 + i, name=f"Автор {chr(1040 + i)}") for i in range(6)]
    for user in users:
        await _draft_ready(session, user)

    async def one(user_id: int) -> str:
        for _ in range(50):  # SQLite may say "database is locked" under contention: retry
            try:
                async with session_factory() as s:
                    u = await s.get(User, user_id)
                    assert u is not None
                    return (await proposals.submit(s, u)).number
            except Exception as exc:  # pragma: no cover - only on lock contention
                if "locked" not in str(exc):
                    raise
                await asyncio.sleep(0.05)
        raise AssertionError("never submitted")

    numbers = await asyncio.gather(*(one(u.id) for u in users))
    year = utcnow().astimezone(DEFAULT_TZ).year
    assert sorted(numbers) == [f"135-{year}-{i:04d}" for i in range(1, 7)]


async def test_status_flow_audit_and_notice(session: AsyncSession) -> None:
    author = await make_user(session, 5100)
    await _draft_ready(session, author)
    p = await proposals.submit(session, author)
    assert await proposals.get_draft(session, author.id) is None

    with pytest.raises(DomainError) as err:
        await proposals.change_status(session, 1000, p.id, Status.SUBMITTED, "да", render=t)
    assert err.value.code == "proposals-bad-transition"  # no such move
    await proposals.change_status(session, 1000, p.id, Status.UNDER_REVIEW, render=t)
    with pytest.raises(DomainError) as err:
        await proposals.withdraw(session, author, p.id)
    assert err.value.code == "proposals-not-withdrawable"
    with pytest.raises(DomainError) as err:
        await proposals.change_status(session, 1000, p.id, Status.REJECTED, "  ", render=t)
    assert err.value.code == "decisions-reason-required"
    with pytest.raises(DomainError) as err:
        await proposals.change_status(
            session, 1000, p.id, Status.MERGED, "с 135-2000-0001", render=t
        )
    assert err.value.code == "proposals-merge-target"
    await proposals.change_status(
        session, 1000, p.id, Status.REJECTED, "Не по предмету <закона>", render=t
    )

    entries = list(
        await session.scalars(
            select(AuditEntry)
            .where(AuditEntry.action == "proposal.status")
            .order_by(AuditEntry.id)
        )
    )
    assert [(e.details["before"], e.details["after"]) for e in entries] == [
        ("submitted", "under_review"),
        ("under_review", "rejected"),
    ]
    assert all(e.actor_telegram_id == 1000 for e in entries)
    notices = list(
        await session.scalars(select(Mailing).where(Mailing.kind == MailingKind.NOTICE))
    )
    assert len(notices) == 2
    assert notices[-1].text is not None and "&lt;закона&gt;" in notices[-1].text
    assert f"№ {p.number}</b> (ст. 2 ч. 1 п. 2): статус — <b>не учтено</b>." in notices[-1].text
    assert notices[-1].title == f"Предложение {p.number}: не учтено"
    chats = await session.scalars(select(Delivery.chat_id))
    assert set(chats) == {5100}


async def test_withdraw_only_own_and_only_submitted(session: AsyncSession) -> None:
    author = await make_user(session, 5200)
    other = await make_user(session, 5201)
    await _draft_ready(session, author)
    p = await proposals.submit(session, author)
    with pytest.raises(DomainError) as err:
        await proposals.withdraw(session, other, p.id)
    assert err.value.code == "proposals-not-found"
    await proposals.withdraw(session, author, p.id)
    assert (await proposals.get(session, p.id)).status is Status.WITHDRAWN  # type: ignore[union-attr]


async def test_campaign_announces_reminds_and_closes(session: AsyncSession) -> None:
    subscriber = await make_user(session, 5300)
    await set_default_topics(session, subscriber.id)
    await session.commit()
    now = utcnow()
    deadline = now + timedelta(days=5)
    campaign = await proposals.open_campaign(
        session, 1000, "Весенний сбор", deadline, now=now, render=t
    )
    mailings = list(await session.scalars(select(Mailing).order_by(Mailing.id)))
    assert [m.kind for m in mailings] == [MailingKind.ANNOUNCEMENT, MailingKind.REMINDER]
    assert mailings[1].start_at == deadline - timedelta(days=1)
    assert campaign.reminder_mailing_id == mailings[1].id
    assert mailings[0].title == "Сбор предложений: Весенний сбор"
    assert mailings[0].text is not None and f"до {t.when(deadline)}." in mailings[0].text
    assert mailings[1].text is not None and "(«Весенний сбор»)" in mailings[1].text
    state = await proposals.collection(session, now)
    assert state.accepting and state.campaign is not None
    with pytest.raises(DomainError):
        await proposals.open_campaign(session, 1000, "Второй", deadline, now=now, render=t)

    await proposals.close_campaign(session, 1000, now=now + timedelta(hours=1))
    await session.refresh(mailings[1])
    assert mailings[1].state is MailingState.CANCELLED
    # Closed; without-campaign acceptance is on by default, off when staff say so.
    later = now + timedelta(hours=2)
    assert (await proposals.collection(session, later)).accepting
    await proposals.set_accept_without_campaign(session, 1000, False)
    state = await proposals.collection(session, later)
    assert not state.accepting
    assert state.last_ended is not None
    assert state.last_ended.ended_at == now + timedelta(hours=1)
    await _draft_ready(session, subscriber)
    with pytest.raises(DomainError) as err:
        await proposals.submit(session, subscriber, now=later)
    assert err.value.code == "proposals-closed-since"
    assert await proposals.get_draft(session, subscriber.id) is not None  # the draft stays

    # A proposal made during a campaign belongs to it; the export filters by campaign.
    second = await proposals.open_campaign(
        session, 1000, "Осенний сбор", later + timedelta(days=3), now=later, render=t
    )
    inside = await proposals.submit(session, subscriber, now=later + timedelta(hours=1))
    assert inside.campaign_id == second.id
    await _draft_ready(session, subscriber, place=(4, None, None))
    await proposals.set_accept_without_campaign(session, 1000, True)
    outside = await proposals.submit(session, subscriber, now=later + timedelta(days=4))
    assert outside.campaign_id is None
    by_campaign = await export.rows(session, QueueFilter(campaign_id=second.id))
    assert [r.number for r in by_campaign] == [inside.number]
    assert len(await export.rows(session, QueueFilter())) == 2


async def test_exports_sorted_filtered_anonymised(session: AsyncSession) -> None:
    a = await make_user(session, 5400, name="Анна Иванова")
    b = await make_user(session, 5401, name="Борис Петров", municipality_id=2)
    places: list[tuple[User, tuple[int, int | None, int | None] | None]] = [
        (a, (10, 2, None)),
        (b, (2, 1, 2)),
        (a, None),
        (b, (2, None, None)),
        (a, (10, 1, 3)),
    ]
    made: list[proposals.Proposal] = []
    for user, place in places:
        await _draft_ready(session, user, place=place, proposed=f"Текст {len(made)}")
        made.append(await proposals.submit(session, user))
    await proposals.change_status(session, 1000, made[1].id, Status.UNDER_REVIEW, render=t)
    await proposals.change_status(
        session, 1000, made[1].id, Status.ACCEPTED, "Поддержать", render=t
    )
    await proposals.withdraw(session, a, made[4].id)
    # Borys deletes his profile: his rows stay, anonymised.
    b.full_name = None
    await session.commit()

    flt = QueueFilter(statuses=frozenset(set(Status) - {Status.WITHDRAWN}))
    rows = await export.rows(session, flt)
    assert [r.place.label(t) for r in rows] == [
        "закон в целом",
        "ст. 2",
        "ст. 2 ч. 1 п. 2",
        "ст. 10 ч. 2",  # numerically after 2, not as a string
    ]
    assert rows[0].author_cell(t).startswith("Анна Иванова, ")
    assert rows[1].author is rows[2].author is None
    assert rows[1].author_cell(t) == "анонимизировано"
    assert (rows[2].cells(t)[7], rows[2].answer) == ("учтено", "Поддержать")
    headers = export.headers(t)
    assert headers[:3] == ["№", "Номер предложения", "Положение закона"]

    now = utcnow()
    doc = docx.Document(io.BytesIO(export.to_docx(rows, t, now)))
    table = doc.tables[0]
    assert [c.text for c in table.rows[0].cells] == [t.plain(k) for k in export.DOCX_KEYS]
    assert len(table.rows) == 1 + 2 * 4  # a heading row per provision, one proposal each
    assert table.rows[5].cells[0].text.startswith("ст. 2 ч. 1 п. 2")
    assert table.rows[6].cells[5].text == "анонимизировано"
    assert table.rows[6].cells[6].text == "учтено\nПоддержать"

    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(rows, t, now)))
    ws = wb.active
    assert ws is not None
    values = [[c.value for c in row] for row in ws.iter_rows(min_row=export.TITLE_ROWS + 1)]
    assert values[0] == headers
    assert values[1][2] == "закон в целом (новая редакция)"
    assert values[4][2] == "ст. 10 ч. 2 (новая редакция)"
    assert values[4][4] == "Текст 0"

    text = export.to_csv(rows, t).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert parsed[0][0] == "№" and len(parsed) == 5

    only_accepted = await export.rows(session, QueueFilter(statuses=frozenset({Status.ACCEPTED})))
    assert [r.number for r in only_accepted] == [made[1].number]
    total = await session.scalar(select(func.count()).select_from(proposals.Proposal))
    assert total == 5
