"""Lines of a law's text → :class:`~models.lawtext.tree.LawStructure`.

Recognised lines (anything before the first article or chapter is the title and preamble)::

    Глава 2. Title / Раздел I. Title   a chapter: a heading between articles
    Статья 5. Title / Статья 3-1.       an article (numbers in order; «3-1», «3.1» inserted)
    1. Text / 1-1. Text                 a part of the current article
    1) Text / 2-1) Text                 a point of the current part, or of the article
    а) Text                             a sub-point of the current point
    (в ред. Закона … от … № …)          a note of the provision above (also at a line's end)
    Губернатор … / № 135-ОЗ             the signature block: dropped from the provisions
    other text                          continues the paragraph above (an abzats)

A number out of order or a line «Статья …» it cannot read refuses the whole text
(``DomainError`` with ``line``); lines between a chapter heading and its first article are
kept in ``unplaced`` for the person who loads the text to see.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from models.errors import DomainError
from models.lawtext import numbers
from models.lawtext.tree import Article, LawStructure, Part, Point, SubPoint

_NUM = r"(\d{1,4}(?:[-.]\d{1,2})?)"
_CHAPTER_RE = re.compile(r"^(?:Глава|Раздел)\s+(?:[IVXLCDM]+|\d+(?:[-.]\d+)?)\b\.?(?:\s.*)?$")
_ARTICLE_RE = re.compile(r"^Статья\s+" + _NUM + r"\s*\.?\s*(.*)$")
_ARTICLE_LIKE_RE = re.compile(r"^Статья\b", re.IGNORECASE)
_PART_RE = re.compile(r"^" + _NUM + r"\.\s+(\S.*)$")
_POINT_RE = re.compile(r"^" + _NUM + r"\)\s*(\S.*)$")
_SUB_RE = re.compile(r"^([а-я])\)\s*(\S.*)$")
_NOTE_RE = re.compile(
    r"^\((?=[^()]*(?:ред\.|редакции|введен|утратил|изложен|исключен|дополнен))[^\n]*\)$",
    re.IGNORECASE,
)
_TAIL_NOTE_RE = re.compile(r"^(.*?\S)\s*(\((?:в\s+ред\.|в\s+редакции)[^()]*\))$", re.IGNORECASE)
_SIGNATURE_RE = re.compile(
    r"^(?:(?:Временно\s+исполняющий\s+обязанности\s+)?Губернатор|Президент(?:\s+Российской"
    r"\s+Федерации)?|Председатель\s+Совета\s+народных\s+депутатов)\b[^.;:]*$",
    re.IGNORECASE,
)
_SIGNATURE_END_RE = re.compile(
    r"^(?:[№N]\s*\d+-?[А-ЯA-Z]*|г\.\s*\S+|Москва,\s*Кремль|\d{1,2}\s+\S+\s+\d{4}\s*(?:г\.|года)?)$"
)
SIGNATURE_LOOKAHEAD = 6


def _signature_starts(lines: list[str], index: int) -> bool:
    line = lines[index]
    if _SIGNATURE_END_RE.match(line) and line[:1] in "№N":
        return True
    if not _SIGNATURE_RE.match(line):
        return False
    ahead = lines[index + 1 : index + 1 + SIGNATURE_LOOKAHEAD]
    return any(_SIGNATURE_END_RE.match(x) for x in ahead)


def _number(raw: str, line: int) -> int:
    try:
        return numbers.parse(raw)
    except ValueError:
        raise DomainError("proposals-law-bad-number", line=line, text=raw) from None


class _Parser:
    """One pass over the lines; ``last`` is what a continuation line or a note extends."""

    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.articles: list[Article] = []
        self.chapters: list[str] = []
        self.unplaced: list[str] = []
        self.last: Article | Part | Point | SubPoint | None = None

    def line(self, index: int, line: str) -> None:
        if _ARTICLE_LIKE_RE.match(line):
            self.article(index, line)
        elif _CHAPTER_RE.match(line):
            self.chapters.append(line)
            self.last = None
        elif not self.articles and not self.chapters:
            self.preamble.append(line)
        elif self.last is None:
            self.unplaced.append(line)
        elif _NOTE_RE.match(line):
            self.last.notes.append(line)
        else:
            self.provision(index, line)

    def provision(self, index: int, line: str) -> None:
        note = None
        if m := _TAIL_NOTE_RE.match(line):
            line, note = m.group(1), m.group(2)
        if m := _PART_RE.match(line):
            self.part(index, _number(m.group(1), index), m.group(2))
        elif m := _POINT_RE.match(line):
            self.point(index, _number(m.group(1), index), m.group(2))
        elif (m := _SUB_RE.match(line)) and isinstance(self.last, Point | SubPoint):
            self.subpoint(numbers.letter_number(m.group(1)), m.group(2))
        else:
            self.extend(line)
        if note is not None:
            assert self.last is not None
            self.last.notes.append(note)

    def extend(self, line: str) -> None:
        last = self.last
        if isinstance(last, Article):
            last.text = f"{last.text}\n{line}" if last.text else line
        elif last is not None:
            last.text = f"{last.text}\n{line}"

    def article(self, index: int, line: str) -> None:
        m = _ARTICLE_RE.match(line)
        if m is None:
            raise DomainError("proposals-law-bad-article", line=index, text=line[:80])
        number = _number(m.group(1), index)
        previous = self.articles[-1].number if self.articles else None
        if previous is not None and not numbers.follows(previous, number):
            raise DomainError(
                "proposals-law-article-order",
                line=index,
                number=numbers.label(number),
                expected=numbers.expected(previous),
            )
        chapter = self.chapters[-1] if self.chapters else ""
        self.last = Article(number, m.group(2).strip(), heading=line, chapter=chapter)
        self.articles.append(self.last)

    def part(self, index: int, number: int, text: str) -> None:
        art = self.articles[-1]
        if art.points:
            raise DomainError(
                "proposals-law-part-after-points", line=index, number=numbers.label(number)
            )
        previous = art.parts[-1].number if art.parts else None
        if not numbers.follows(previous, number):
            raise DomainError(
                "proposals-law-part-order",
                line=index,
                number=numbers.label(number),
                expected=numbers.expected(previous),
            )
        self.last = Part(number=number, text=text)
        art.parts.append(self.last)

    def point(self, index: int, number: int, text: str) -> None:
        art = self.articles[-1]
        holder = art.parts[-1].points if art.parts else art.points
        previous = holder[-1].number if holder else None
        if not numbers.follows(previous, number):
            raise DomainError(
                "proposals-law-point-order",
                line=index,
                number=numbers.label(number),
                expected=numbers.expected(previous),
            )
        self.last = Point(number=number, text=text)
        holder.append(self.last)

    def subpoint(self, number: int, text: str) -> None:
        art = self.articles[-1]
        holder = art.parts[-1].points if art.parts else art.points
        self.last = SubPoint(number=number, text=text)
        holder[-1].subpoints.append(self.last)


def _clean(lines: Iterable[str]) -> list[tuple[int, str]]:
    out = []
    for index, raw in enumerate(lines, start=1):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if line:
            out.append((index, line))
    return out


def parse_lines(lines: list[str]) -> LawStructure:
    """Parse the law's lines; raise ``DomainError`` (with ``line``) at the first bad line."""
    parser = _Parser()
    cleaned = _clean(lines)
    texts = [line for _, line in cleaned]
    signature: list[str] = []
    for position, (index, line) in enumerate(cleaned):
        if parser.articles and _signature_starts(texts, position):
            signature = texts[position:]
            break
        parser.line(index, line)
    if not parser.articles:
        if not cleaned:
            raise DomainError("proposals-law-empty")
        raise DomainError("proposals-law-no-articles", line=len(lines))
    return LawStructure(
        preamble="\n".join(parser.preamble),
        articles=parser.articles,
        chapters=parser.chapters,
        unplaced=parser.unplaced,
        signature="\n".join(signature),
    )


def parse_law(text: str) -> LawStructure:
    return parse_lines(text.splitlines())
