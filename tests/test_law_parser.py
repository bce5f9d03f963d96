"""The law parser on realistic texts of our own making (a Kemerovo regional law with chapters,
inserted numbers, sub-points, notes, a lost-force article and the Governor's signature; a
federal-style one with «3.1»), in each encoding and as a Word .docx with automatic numbering:
the tree is asserted node by node. Bad files get a reason; a zip bomb is refused at once."""

from __future__ import annotations

import codecs
import io
import time
import zipfile

import pytest

from models.errors import DomainError
from models.lawtext import LawStructure, numbers, parse_law, parse_upload
from models.proposals.places import Place, PlaceKind, parse_place
from tests.lawdocs import FEDERAL_TXT, KEMEROVO_TXT, auto_numbered_docx, zip_bomb_docx
from texts import t

N = numbers.parse
KEMEROVO = KEMEROVO_TXT.read_text(encoding="utf-8")
NOTE_42 = "Законом Кемеровской области от 03.05.2012 № 42-ОЗ)"


def _kemerovo_forms() -> dict[str, tuple[str, bytes]]:
    return {
        "utf-8": ("law.txt", KEMEROVO.encode("utf-8")),
        "utf-8-bom": ("law.txt", codecs.BOM_UTF8 + KEMEROVO.encode("utf-8")),
        "cp1251": ("LAW.TXT", KEMEROVO.replace("\n", "\r\n").encode("cp1251")),
        "utf-16-bom": ("law.txt", KEMEROVO.replace("\n", "\r\n").encode("utf-16")),
        "utf-16-le-no-bom": ("law.txt", KEMEROVO.encode("utf-16-le")),
        "docx-auto-numbers": ("law.docx", auto_numbered_docx(KEMEROVO)),
    }


def _assert_kemerovo(law: LawStructure) -> None:
    assert law.preamble.startswith("ТЕКСТ СОСТАВЛЕН ДЛЯ ТЕСТОВ")
    assert law.preamble.endswith("при взаимодействии органов местного самоуправления.")
    assert law.chapters == [
        "Глава 1. Общие положения",
        "Глава 2. Формы и порядок взаимодействия",
        "Глава 3. Заключительные положения",
    ]
    assert [a.label for a in law.articles] == ["1", "2", "3", "3-1", "4", "5", "6"]
    assert [a.chapter[:7] for a in law.articles] == ["Глава 1"] * 2 + ["Глава 2"] * 4 + ["Глава 3"]
    a1, a2, a3, a31, a4, a5, a6 = law.articles
    assert (a1.title, a1.text, a1.parts, a1.points) == (
        "Предмет регулирования",
        "Настоящий Закон определяет формы и порядок взаимодействия.",
        [],
        [],
    )
    # Article 2: part 1 with points 1, 2, 2-1 (with its note), 3; part 2 over two lines.
    assert [p.label for p in a2.parts] == ["1", "2"]
    assert [q.label for q in a2.parts[0].points] == ["1", "2", "2-1", "3"]
    p21 = a2.parts[0].points[2]
    assert p21.text == "муниципальный округ - муниципальное образование, указанное в законе;"
    assert p21.notes == ["(п. 2-1 введен " + NOTE_42]
    assert a2.parts[0].points[3].notes == []
    assert a2.parts[1].text == (
        "Иные понятия используются в значениях,\nопределенных федеральным законодательством."
    )
    # The chapter heading after article 2 is not glued into its last part.
    assert "Глава" not in (law.wording(2) or "")
    # Article 3: sub-points а), б) (with a note at the line's end), в) of point 2; part 1-1.
    assert [p.label for p in a3.parts] == ["1", "1-1", "2"]
    point2 = a3.parts[0].points[1]
    assert point2.text == "проведение совместных совещаний:"
    assert [(s.label, s.text) for s in point2.subpoints] == [
        ("а", "плановых;"),
        ("б", "внеплановых;"),
        ("в", "выездных;"),
    ]
    assert point2.subpoints[1].notes == [
        "(в ред. Закона Кемеровской области от 11.06.2019 № 51-ОЗ)"
    ]
    assert a3.parts[0].points[2].text == "подготовка предложений."
    assert a3.parts[1].notes == ["(часть 1-1 введена " + NOTE_42]
    # Article 3-1: its note is the article's; part 2 lost force and says so.
    assert (a31.number, a31.title, a31.notes) == (N("3-1"), "Совещания", ["(введена " + NOTE_42])
    assert [p.repealed for p in a31.parts] == [False, True]
    # Article 4 keeps a sentence that starts with «Губернатор» (not a signature).
    assert a4.text.endswith("рассматривает предложения в месячный срок.")
    assert a5.repealed and a5.title.startswith("Утратила силу.")
    assert not any(a.repealed for a in (a1, a2, a3, a31, a4, a6))
    # Article 6: the signature block is not in its last part.
    assert a6.parts[-1].text == "Положения статьи 3-1 применяются с 1 января 2013 года."
    assert law.signature.splitlines() == [
        "Губернатор",
        "Кемеровской области",
        "А.Г. Образцов",
        "г. Кемерово",
        "12 июля 2006 года",
        "№ 135-ОЗ",
    ]
    assert law.unplaced == []
    assert law.counts() == (7, 9, 7, 3)


@pytest.mark.parametrize("form", list(_kemerovo_forms()))
def test_kemerovo_law_in_each_encoding_and_form(form: str) -> None:
    filename, data = _kemerovo_forms()[form]
    law = parse_upload(filename, data)
    _assert_kemerovo(law)
    assert LawStructure.from_json(law.to_json()) == law


def test_wording_of_inserted_points_and_sub_points() -> None:
    law = parse_law(KEMEROVO)
    assert law.wording(2, 1, N("2-1")) == (
        "2-1) муниципальный округ - муниципальное образование, указанное в законе;\n"
        "(п. 2-1 введен " + NOTE_42
    )
    assert law.wording(3, 1, numbers.with_sub(2, numbers.letter_number("б"))) == (
        "б) внеплановых;\n(в ред. Закона Кемеровской области от 11.06.2019 № 51-ОЗ)"
    )
    assert law.wording(3, 1, 2) == (
        "2) проведение совместных совещаний:\nа) плановых;\nб) внеплановых;\n"
        "(в ред. Закона Кемеровской области от 11.06.2019 № 51-ОЗ)\nв) выездных;"
    )
    assert law.wording(3, 1, numbers.with_sub(2, 9)) is None
    assert law.wording(N("3-1")) is not None
    assert law.wording(N("3-2")) is None


def test_federal_style_law_with_dotted_numbers() -> None:
    law = parse_upload("federal.txt", FEDERAL_TXT.read_bytes())
    assert [a.label for a in law.articles] == ["1", "2", "2.1", "3"]
    a2, a21, a3 = law.articles[1:]
    assert [p.label for p in a2.parts] == ["1", "1.1", "2"]
    assert a2.parts[1].notes == ["(часть 1.1 введена Федеральным законом от 01.01.2020 N 1-ФЗ)"]
    assert a21.notes == ["(введена Федеральным законом от 01.01.2020 N 1-ФЗ)"]
    assert (a21.text, [q.text for q in a21.points]) == (
        "Требования к образцам устанавливаются:",
        ["советом;", "комиссией."],
    )
    assert a3.text == (
        "Настоящий Федеральный закон вступает в силу со дня его официального опубликования."
    )
    assert law.signature.splitlines()[0] == "Президент"
    assert law.signature.splitlines()[-1] == "N 2-ФЗ"
    assert N("2.1") != N("2-1")
    assert numbers.order(N("2.1")) == numbers.order(N("2-1")) == (2, 1)


def test_lines_between_a_chapter_and_its_article_are_reported() -> None:
    law = parse_law("Статья 1. А\nтекст\nГлава 2. Б\nстрока без места\nСтатья 2. В\nтекст")
    assert law.unplaced == ["строка без места"]
    assert law.articles[0].text == "текст"
    assert law.articles[1].chapter == "Глава 2. Б"


@pytest.mark.parametrize(
    ("filename", "data", "code"),
    [
        ("empty.txt", b"", "proposals-law-empty"),
        ("blank.txt", b"\r\n  \r\n", "proposals-law-empty"),
        ("blank16.txt", "\r\n".encode("utf-16"), "proposals-law-empty"),
        ("law.docx", b"not a zip", "proposals-law-bad-docx"),
        ("law.pdf", b"%PDF-1.4", "proposals-law-bad-type"),
        ("odd16.txt", codecs.BOM_UTF16_LE + b"\x41", "proposals-law-encoding"),
        ("big.txt", b"x" * (3 * 1024 * 1024), "proposals-law-too-big"),
    ],
)
def test_bad_files_get_a_reason(filename: str, data: bytes, code: str) -> None:
    with pytest.raises(DomainError) as err:
        parse_upload(filename, data)
    assert err.value.code == code
    assert t.plain(code, **err.value.params)  # a Russian sentence exists for it


def test_docx_without_document_xml_and_with_an_xml_bomb() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/other.xml", "<x/>")
    with pytest.raises(DomainError) as err:
        parse_upload("law.docx", out.getvalue())
    assert err.value.code == "proposals-law-bad-docx"
    billion_laughs = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
        "<w:document>&lol2;</w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", billion_laughs)
    with pytest.raises(DomainError) as err:
        parse_upload("law.docx", out.getvalue())
    assert err.value.code == "proposals-law-bad-docx"


def test_zip_bomb_is_refused_before_inflating() -> None:
    bomb = zip_bomb_docx(100)
    assert len(bomb) < 200 * 1024
    started = time.perf_counter()
    with pytest.raises(DomainError) as err:
        parse_upload("bomb.docx", bomb)
    assert err.value.code == "proposals-law-bomb"
    assert time.perf_counter() - started < 1.0


def test_numbers_codec_round_trips_and_orders() -> None:
    for text in ("1", "3-1", "3-12", "3.1", "9999"):
        assert numbers.label(N(text)) == text
    assert numbers.follows(None, N("1"))
    assert numbers.follows(N("3"), N("3-1")) and numbers.follows(N("3-1"), N("3-2"))
    assert numbers.follows(N("3-1"), N("4")) and not numbers.follows(N("3"), N("5"))
    code = numbers.with_sub(N("2-1"), 3)
    assert numbers.split_sub(code) == (N("2-1"), 3)
    assert code < 2**31


@pytest.mark.parametrize(
    ("typed", "expected", "label"),
    [
        ("п. 2 ч. 1 ст. 3", (3, 1, 2), "ст. 3 ч. 1 п. 2"),
        ("пункт 2 части 1 статьи 3", (3, 1, 2), "ст. 3 ч. 1 п. 2"),
        ("ч. 2 ст. 6", (6, 2, None), "ст. 6 ч. 2"),
        ("ст. 3 ч. 1 п. 2 пп. а", (3, 1, numbers.with_sub(2, 1)), "ст. 3 ч. 1 п. 2 пп. а"),
        ('подпункт "б" пункта 2 части 1 статьи 3', (3, 1, numbers.with_sub(2, 2)), None),
        ("пп. «в» п. 2-1 ч. 1 ст. 3-1", (N("3-1"), 1, numbers.with_sub(N("2-1"), 3)), None),
        ("статья 2.1 часть 1.1", (N("2.1"), N("1.1"), None), "ст. 2.1 ч. 1.1"),
    ],
)
def test_references_in_both_orders(
    typed: str, expected: tuple[int, int | None, int | None], label: str | None
) -> None:
    assert parse_place(typed) == expected
    if label is not None:
        assert Place(PlaceKind.PROVISION, *expected).label(t) == label


@pytest.mark.parametrize(
    "typed", ["пп. а ст. 3", "ст. 3 ст. 4", "ст. а", "п. 2 ч. 1", "ст. 3 пп. 2"]
)
def test_references_refused(typed: str) -> None:
    with pytest.raises(DomainError) as err:
        parse_place(typed)
    assert err.value.code == "proposals-bad-place"


def test_typed_sub_point_finds_its_wording_and_sorts_in_the_law_order() -> None:
    law = parse_law(KEMEROVO)
    article, part, point = parse_place("пп. б п. 2 ч. 1 ст. 3")
    assert law.wording(article, part, point) == (
        "б) внеплановых;\n(в ред. Закона Кемеровской области от 11.06.2019 № 51-ОЗ)"
    )
    places = [
        Place(PlaceKind.PROVISION, *parse_place(x))
        for x in ("ст. 4", "ст. 3-1", "пп. б п. 2 ч. 1 ст. 3", "ст. 3 ч. 1 п. 2", "ст. 3 ч. 1-1")
    ]
    ordered = [p.label(t) for p in sorted(places, key=lambda p: p.sort_key)]
    assert ordered == [
        "ст. 3 ч. 1 п. 2",
        "ст. 3 ч. 1 п. 2 пп. б",
        "ст. 3 ч. 1-1",
        "ст. 3-1",
        "ст. 4",
    ]
