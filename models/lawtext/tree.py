"""The structure of a law: chapters (as headings between articles), articles with parts,
points and sub-points, each with the notes that follow it («(в ред. Закона … )»).

Numbers are codes (:mod:`models.lawtext.numbers`): ``number`` of an article, part or point is
an ``int`` (``3`` or the code of «3-1»); ``label`` gives it as the law writes it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from models.lawtext import numbers

_REPEALED_RE = re.compile(r"^\s*(?:утратил[аои]?\s+силу|исключен[аоы]?)\b", re.IGNORECASE)


def _repealed(text: str) -> bool:
    return bool(_REPEALED_RE.match(text))


def _with_notes(line: str, notes: list[str]) -> list[str]:
    return [line, *notes]


@dataclass
class SubPoint:
    number: int  # the letter's number: а = 1
    text: str
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return numbers.letter(self.number)

    def wording(self) -> str:
        return "\n".join(_with_notes(f"{self.label}) {self.text}", self.notes))


@dataclass
class Point:
    number: int
    text: str
    subpoints: list[SubPoint] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return numbers.label(self.number)

    @property
    def repealed(self) -> bool:
        return _repealed(self.text)

    def subpoint(self, number: int) -> SubPoint | None:
        return next((s for s in self.subpoints if s.number == number), None)

    def wording(self) -> str:
        lines = _with_notes(f"{self.label}) {self.text}", self.notes)
        return "\n".join(lines + [s.wording() for s in self.subpoints])


@dataclass
class Part:
    number: int
    text: str
    points: list[Point] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return numbers.label(self.number)

    @property
    def repealed(self) -> bool:
        return _repealed(self.text)

    def wording(self) -> str:
        lines = _with_notes(f"{self.label}. {self.text}", self.notes)
        return "\n".join(lines + [q.wording() for q in self.points])


@dataclass
class Article:
    number: int
    title: str
    text: str = ""  # the article's own text (before its parts, or all of it)
    parts: list[Part] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)  # points right under the article
    heading: str = ""  # the heading line as the file has it: "Статья 5. Title"
    notes: list[str] = field(default_factory=list)
    chapter: str = ""  # the heading of the chapter (section) it belongs to

    @property
    def label(self) -> str:
        return numbers.label(self.number)

    @property
    def repealed(self) -> bool:
        return _repealed(self.title) or (not self.title and _repealed(self.text))

    def part(self, number: int) -> Part | None:
        return next((p for p in self.parts if p.number == number), None)

    def wording(self) -> str:
        lines = [self.heading.rstrip(), *self.notes]
        if self.text:
            lines.append(self.text)
        lines += [q.wording() for q in self.points]
        lines += [p.wording() for p in self.parts]
        return "\n".join(lines)


@dataclass
class LawStructure:
    preamble: str
    articles: list[Article]
    chapters: list[str] = field(default_factory=list)  # chapter / section headings in order
    unplaced: list[str] = field(default_factory=list)  # lines the parser could not place
    signature: str = ""  # the signature block, kept out of every provision

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)

    def has(self, article: int, part: int | None = None, point: int | None = None) -> bool:
        return self.wording(article, part, point) is not None

    def find(
        self, article: int, part: int | None = None, point: int | None = None
    ) -> Article | Part | Point | SubPoint | None:
        """The provision at a place (``point`` may carry a sub-point, see ``numbers``)."""
        art = self.article(article)
        if art is None:
            return None
        if part is None and point is None:
            return art
        holder: Article | Part | None = art if part is None else art.part(part)
        if holder is None or point is None:
            return holder
        point_no, sub = numbers.split_sub(point)
        pt = next((q for q in holder.points if q.number == point_no), None)
        if pt is None or sub is None:
            return pt
        return pt.subpoint(sub)

    def wording(
        self, article: int, part: int | None = None, point: int | None = None
    ) -> str | None:
        """The text of a provision (with what is below it), ``None`` if absent."""
        node = self.find(article, part, point)
        return None if node is None else node.wording()

    def counts(self) -> tuple[int, int, int, int]:
        """Articles, parts, points, sub-points."""
        parts = [p for a in self.articles for p in a.parts]
        points = [q for a in self.articles for q in a.points] + [
            q for p in parts for q in p.points
        ]
        subs = sum(len(q.subpoints) for q in points)
        return len(self.articles), len(parts), len(points), subs

    def to_json(self) -> dict[str, Any]:
        return {
            "preamble": self.preamble,
            "chapters": self.chapters,
            "unplaced": self.unplaced,
            "signature": self.signature,
            "articles": [_article_json(a) for a in self.articles],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LawStructure:
        return cls(
            preamble=data.get("preamble", ""),
            articles=[_article_of(a) for a in data["articles"]],
            chapters=list(data.get("chapters", [])),
            unplaced=list(data.get("unplaced", [])),
            signature=data.get("signature", ""),
        )


def _points_json(points: list[Point]) -> list[dict[str, Any]]:
    return [
        {
            "n": q.number,
            "text": q.text,
            "notes": q.notes,
            "subs": [{"n": s.number, "text": s.text, "notes": s.notes} for s in q.subpoints],
        }
        for q in points
    ]


def _points_of(data: list[dict[str, Any]]) -> list[Point]:
    return [
        Point(
            q["n"],
            q["text"],
            subpoints=[SubPoint(s["n"], s["text"], s.get("notes", [])) for s in q.get("subs", [])],
            notes=q.get("notes", []),
        )
        for q in data
    ]


def _article_json(a: Article) -> dict[str, Any]:
    return {
        "n": a.number,
        "title": a.title,
        "heading": a.heading,
        "text": a.text,
        "notes": a.notes,
        "chapter": a.chapter,
        "parts": [
            {"n": p.number, "text": p.text, "notes": p.notes, "points": _points_json(p.points)}
            for p in a.parts
        ],
        "points": _points_json(a.points),
    }


def _article_of(a: dict[str, Any]) -> Article:
    return Article(
        number=a["n"],
        title=a["title"],
        text=a.get("text", ""),
        parts=[
            Part(p["n"], p["text"], points=_points_of(p["points"]), notes=p.get("notes", []))
            for p in a["parts"]
        ],
        points=_points_of(a.get("points", [])),
        heading=a["heading"],  # migration 0006 gave older versions theirs
        notes=a.get("notes", []),
        chapter=a.get("chapter", ""),
    )
