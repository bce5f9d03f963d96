"""Law texts as test files: the realistic .txt samples in each encoding, and a Word .docx
whose part, point and sub-point numbers are automatic (``w:numPr`` + ``numbering.xml``, the
numbers are not in the paragraphs' text), built with python-docx and raw XML."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import docx
from docx.oxml import parse_xml
from docx.text.paragraph import Paragraph

DATA = Path(__file__).parent / "data"
KEMEROVO_TXT = DATA / "law_kemerovo_amended.txt"
FEDERAL_TXT = DATA / "law_federal_style.txt"
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
ABSTRACT = f"""<w:abstractNum {W_NS} w:abstractNumId="7">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2)"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="russianLower"/>
    <w:lvlText w:val="%3)"/></w:lvl>
</w:abstractNum>"""
_LEVELS = (
    (re.compile(r"^\d+\.\s+(.*)$"), 0),
    (re.compile(r"^\d+\)\s*(.*)$"), 1),
    (re.compile(r"^[а-я]\)\s*(.*)$"), 2),
)


def _num(num_id: int) -> str:
    return (
        f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="7"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'
    )


def _number_paragraph(paragraph: Paragraph, num_id: int, ilvl: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    ppr.append(
        parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def auto_numbered_docx(text: str) -> bytes:
    """The text as Word keeps it when numbers are automatic: each article restarts a list;
    inserted numbers («1-1.», «2-1)») stay typed, as people type them."""
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.append(parse_xml(ABSTRACT))
    num_id = 0
    for line in text.splitlines():
        if line.startswith("Статья "):
            num_id += 1
            numbering.append(parse_xml(_num(num_id)))
        for pattern, ilvl in _LEVELS:
            if num_id and (m := pattern.match(line)):
                _number_paragraph(document.add_paragraph(m.group(1)), num_id, ilvl)
                break
        else:
            document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def zip_bomb_docx(unzipped_mb: int = 100) -> bytes:
    """A small .docx whose document.xml inflates to ``unzipped_mb`` MB."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"<w:p>" + b" " * (1024 * 1024 - 5)
            for _ in range(unzipped_mb):
                member.write(chunk)
    return out.getvalue()
