"""The documents the bot hands out, checked in their structure: the official comparative
table (A4 landscape, margins, Times New Roman 12, header row repeated, widths summing to the
text width, rows kept whole, a PAGE field, the title and signature blocks, grouped by
provision in the law's order), its XLSX (print setup, filter, frozen header, row heights,
attachment mark) and CSV; the attendee XLSX / CSV and the sign-in sheet; and the one formula
guard on every spreadsheet export."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm
from docx.table import _Row
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.base import DEFAULT_TZ
from models.documents import neutralise
from models.events.entities import RsvpStatus
from models.events.exports import AttendeeRow, EventInfo, sign_in_sheet
from models.events.exports import to_csv as attendees_csv
from models.events.exports import to_xlsx as attendees_xlsx
from models.lawtext import numbers
from models.municipalities import Municipality
from models.personal_document import my_data_docx
from models.proposals import export
from models.proposals.entities import AmendmentKind, ProposalStatus
from models.proposals.places import Place, PlaceKind
from models.topics import Topic
from models.users import Occupation
from texts import t

EVIL = '=HYPERLINK("http://evil.example/x";"Подробнее")'
NOW = datetime(2026, 3, 2, 5, 30, tzinfo=UTC)


def _rows() -> list[export.Row]:
    places = [
        Place(PlaceKind.WHOLE_LAW),
        Place(PlaceKind.PROVISION, 2, 1, 2),
        Place(PlaceKind.PROVISION, 2, 1, 2),
        Place(PlaceKind.PROVISION, 3, 1, numbers.with_sub(2, 1)),
        Place(PlaceKind.PROVISION, numbers.parse("3-1")),
    ]
    return [
        export.Row(
            index=i,
            number=f"2026-{i:04d}",
            place=place,
            kind=AmendmentKind.NEW_WORDING,
            current="Действующая редакция положения." if i else "",
            proposed="Предлагаемая редакция положения закона.",
            justification=EVIL if i == 1 else "Обоснование предложения.",
            author="Иванова Мария Петровна",
            municipality="Новокузнецкий городской округ",
            status=ProposalStatus.SUBMITTED,
            answer="",
            attachment=i == 2,
        )
        for i, place in enumerate(places, start=1)
    ]


def _attendees() -> list[AttendeeRow]:
    return [
        AttendeeRow(EVIL, Occupation.TOS_ACTIVIST, "+7 город", RsvpStatus.GOING, NOW, NOW),
        AttendeeRow("Петров Пётр", None, None, RsvpStatus.MAYBE, NOW + timedelta(hours=1), None),
    ]


EVENT = EventInfo("Семинар «Бюджет»", NOW + timedelta(days=3), None, "Кемерово, ул. Весенняя, 5")


def _flag(row: _Row, tag: str) -> str | None:
    """The value of a row property (``w:tblHeader``, ``w:cantSplit``), ``None`` if unset."""
    trpr = row._tr.trPr
    found = None if trpr is None else trpr.find(qn(tag))
    return None if found is None else str(found.get(qn("w:val")))


def test_neutralise() -> None:
    for bad in ("=1+2", "+7", "-3", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(bad) == "'" + bad
    assert neutralise("Обычный текст") == "Обычный текст"
    assert neutralise("") == ""


def test_comparative_table_docx_is_an_official_attachment() -> None:
    document = docx.Document(io.BytesIO(export.to_docx(_rows(), t, NOW)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (297, 210)  # type: ignore[union-attr]
    assert section.orientation == 1  # landscape
    margins = (
        section.top_margin,
        section.right_margin,
        section.bottom_margin,
        section.left_margin,
    )
    assert [round(m.mm) for m in margins] == [20, 10, 20, 20]  # type: ignore[union-attr]
    normal = document.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 12)
    # Page numbers: a PAGE field in the header, not on the first page.
    assert section.different_first_page_header_footer
    instr = [x.text for x in section.header._element.iter(qn("w:instrText"))]
    assert instr == [" PAGE "]
    # Title block and signature block.
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Приложение"
    assert texts[1].startswith("к решению ")
    assert texts[2].startswith("от «___»") and "№" in texts[2]
    assert "Сравнительная таблица предложений" in texts[4]
    assert texts[5] == "Дата формирования: " + t.when(NOW)
    assert texts[-2].startswith("Ответственный за подготовку")
    [table] = document.tables
    header = table.rows[0]
    assert _flag(header, "w:tblHeader") == "true"
    assert all(_flag(r, "w:cantSplit") == "true" for r in table.rows)
    text_width = section.page_width - section.left_margin - section.right_margin  # type: ignore[operator]
    widths = [c.width for c in header.cells]
    assert abs(sum(widths) - text_width) < Mm(1)
    assert widths[2] > 5 * widths[0]  # wordings wide, numbers narrow
    layout = table._tbl.tblPr.find(qn("w:tblLayout"))
    assert layout.get(qn("w:type")) == "fixed"
    # Grouped by provision in the law's order: a heading row, then its proposals.
    first_cells = [r.cells[0].text for r in table.rows[1:]]
    assert first_cells == [
        "закон в целом (новая редакция)",
        "1",
        "ст. 2 ч. 1 п. 2 (новая редакция)",
        "2",
        "3",
        "ст. 3 ч. 1 п. 2 пп. а (новая редакция)",
        "4",
        "ст. 3-1 (новая редакция)",
        "5",
    ]
    # The group's current wording is shown once.
    assert [table.rows[4].cells[2].text, table.rows[5].cells[2].text] == [
        "Действующая редакция положения.",
        "",
    ]


def test_long_rows_may_split_short_rows_never() -> None:
    rows = _rows()[:2]
    long = export.Row(**{**rows[1].__dict__, "proposed": "слово " * 400})
    document = docx.Document(io.BytesIO(export.to_docx([rows[0], long], t, NOW)))
    [table] = document.tables
    flags = [_flag(r, "w:cantSplit") == "true" for r in table.rows]
    assert flags == [True, True, True, True, False]


def test_comparative_table_xlsx_prints_well_and_keeps_formulas_out() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(_rows(), t, NOW)))
    ws = wb.active
    assert ws is not None
    assert ws.page_setup.orientation == "landscape"
    assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
    assert (ws.page_setup.fitToWidth, ws.page_setup.fitToHeight) == (1, 0)
    assert ws.sheet_properties.pageSetUpPr.fitToPage
    assert ws.print_title_rows == "$3:$3"
    assert ws.auto_filter.ref == "A3:K8"
    assert ws.freeze_panes == "A4"
    header = [c.value for c in ws[3]]
    assert header[-2:] == ["Вложение", "Поддержали"]
    assert [ws.cell(r, 10).value for r in range(4, 9)] == [None, "есть", None, None, None]
    assert all(ws.row_dimensions[r].height for r in range(4, 9))
    cell = ws.cell(4, 6)
    assert cell.value == "'" + EVIL and cell.data_type == "s"
    assert not any(
        c.data_type == "f" for row in ws.iter_rows() for c in row
    )  # no live formula anywhere


def test_comparative_table_csv() -> None:
    data = export.to_csv(_rows(), t)
    assert data.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert parsed[0][0] == "№" and len(parsed[0]) == len(export.HEADER_KEYS)
    assert parsed[1][5] == "'" + EVIL
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in parsed for cell in row)


def test_attendee_xlsx_has_the_event_row_numbers_and_real_times() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(attendees_xlsx(_attendees(), t, EVENT)))
    ws = wb.active
    assert ws is not None
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[0][0] == "Участники мероприятия «Семинар «Бюджет»»"
    assert rows[1][0] is not None and "Кемерово, ул. Весенняя, 5" in rows[1][0]
    assert rows[3][0] == "№"
    assert [r[0] for r in rows[4:]] == [1, 2]
    assert rows[4][1] == "'" + EVIL and rows[4][3] == "'+7 город"
    local = NOW.astimezone(DEFAULT_TZ).replace(tzinfo=None)
    assert rows[4][5] == local and rows[4][6] == local
    assert rows[5][6] is None
    assert ws.cell(5, 6).number_format == "DD.MM.YYYY HH:MM"
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)


def test_attendee_csv_neutralises() -> None:
    parsed = list(
        csv.reader(
            io.StringIO(attendees_csv(_attendees(), t, EVENT).decode("utf-8-sig")), delimiter=";"
        )
    )
    assert parsed[3][1] == "'" + EVIL
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in parsed for cell in row)


def test_sign_in_sheet() -> None:
    document = docx.Document(io.BytesIO(sign_in_sheet(_attendees(), t, EVENT)))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)  # type: ignore[union-attr]
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells] == [
        "№",
        "Фамилия, имя, отчество",
        "Муниципалитет",
        "Должность / роль",
        "Подпись",
    ]
    assert _flag(table.rows[0], "w:tblHeader") == "true"
    assert table.rows[1].cells[1].text == EVIL  # a Word table runs no formulas
    assert len(table.rows) == 1 + 1 + 5  # the one going, five blank rows
    assert document.paragraphs[0].text == "ЛИСТ РЕГИСТРАЦИИ УЧАСТНИКОВ"


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_every_format_renders(fmt: str) -> None:
    data = {
        "docx": lambda: export.to_docx(_rows(), t, NOW),
        "xlsx": lambda: export.to_xlsx(_rows(), t, NOW),
        "csv": lambda: export.to_csv(_rows(), t),
    }[fmt]()
    assert len(data) > 100


async def test_my_data_document_is_readable(session: AsyncSession) -> None:
    mun = await session.scalar(select(Municipality).order_by(Municipality.id).limit(1))
    assert mun is not None
    data = {
        "exported_at": "2026-03-02T05:30:00+00:00",
        "profile": {
            "name": "Ирина Петрова",
            "role": Occupation.TOS_ACTIVIST.value,
            "municipality": "Кемеровский городской округ",
            "staff_role": "user",
            "created_at": "2026-01-10T03:00:00+00:00",
        },
        "consent": {"current_version": "2026-01", "given_at": "2026-01-10T03:01:00+00:00"},
        "subscriptions": {
            "topics": ["law", "events"],
            "extra_municipality_ids": [mun.id],
            "announcements": True,
            "reminders": False,
        },
        "event_answers": [
            {"event": "Семинар", "starts_at": "2026-03-05T04:00:00+00:00", "answer": "going"}
        ],
        "proposals": [
            {
                "number": "2026-0001",
                "place": "ст. 3 ч. 1",
                "proposed_wording": "Новая редакция",
                "status": "подано",
                "submitted_at": "2026-02-01T02:00:00+00:00",
            }
        ],
    }
    document = docx.Document(io.BytesIO(await my_data_docx(session, data, t, DEFAULT_TZ)))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Профиль" in text and "Подписки" in text
    assert "Роль: " + t.label(Occupation.TOS_ACTIVIST) in text
    assert "Права в боте: участник" in text
    assert "Муниципалитеты, за которыми вы следите: " + mun.name in text
    assert t.label(Topic.LAW) in text
    local = datetime(2026, 1, 10, 3, 0, tzinfo=UTC).astimezone(DEFAULT_TZ)
    assert "Впервые написали боту: " + t.when(local) in text  # local time, not UTC
    assert "+00:00" not in text and "going" not in text
    events, proposals = document.tables
    assert events.rows[1].cells[2].text == t.label(RsvpStatus.GOING)
    assert proposals.rows[1].cells[0].text == "2026-0001"
