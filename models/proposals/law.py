"""The text of the law as staff load it: articles, parts and points, versioned by upload.

The project ships no text of the law. Staff send the current text as ``.txt`` or ``.docx``;
:func:`parse_law` turns it into a structure or refuses it with the line where it broke
(``DomainError`` whose params hold ``line``), and :func:`upload_law` stores it as a new
version (the previous versions stay).

Recognised lines (anything before the first article is the law's title and preamble)::

    Статья 5. Title         an article (numbers go up)
    1. Text                 a part of the current article (1, 2, 3... in order)
    1) Text                 a point of the current part, or of the article itself
    other text              continues the paragraph above
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import docx
from sqlalchemy import JSON, BigInteger, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models import audit
from models.base import Base, utcnow
from models.errors import DomainError

MAX_UPLOAD_BYTES = 2 * 1024 * 1024

_ARTICLE_RE = re.compile(r"^Статья\s+(\d+)\s*\.\s*(.*)$")
_ARTICLE_LIKE_RE = re.compile(r"^Статья\b", re.IGNORECASE)
_PART_RE = re.compile(r"^(\d+)\.\s+(\S.*)$")
_POINT_RE = re.compile(r"^(\d+)\)\s+(\S.*)$")


@dataclass
class Point:
    number: int
    text: str


@dataclass
class Part:
    number: int
    text: str
    points: list[Point] = field(default_factory=list)


@dataclass
class Article:
    number: int
    title: str
    text: str = ""  # the article's own text when it has no numbered parts
    parts: list[Part] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)  # points right under the article
    heading: str = ""  # the heading line as the file has it: "Статья 5. Title"

    def part(self, number: int) -> Part | None:
        return next((p for p in self.parts if p.number == number), None)


@dataclass
class LawStructure:
    preamble: str
    articles: list[Article]

    def article(self, number: int) -> Article | None:
        return next((a for a in self.articles if a.number == number), None)

    def has(self, article: int, part: int | None = None, point: int | None = None) -> bool:
        return self.wording(article, part, point) is not None

    def wording(
        self, article: int, part: int | None = None, point: int | None = None
    ) -> str | None:
        """The text of a provision (with its parts and points below it), ``None`` if absent."""
        art = self.article(article)
        if art is None:
            return None
        if part is None:
            if point is not None:
                return _point_text(art.points, point)
            return _article_text(art)
        prt = art.part(part)
        if prt is None:
            return None
        return _part_text(prt) if point is None else _point_text(prt.points, point)

    def to_json(self) -> dict[str, Any]:
        return {
            "preamble": self.preamble,
            "articles": [
                {
                    "n": a.number,
                    "title": a.title,
                    "heading": a.heading,
                    "text": a.text,
                    "parts": [
                        {"n": p.number, "text": p.text, "points": _points_json(p.points)}
                        for p in a.parts
                    ],
                    "points": _points_json(a.points),
                }
                for a in self.articles
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LawStructure:
        return cls(
            preamble=data.get("preamble", ""),
            articles=[
                Article(
                    number=a["n"],
                    title=a["title"],
                    text=a.get("text", ""),
                    parts=[
                        Part(number=p["n"], text=p["text"], points=_points_of(p["points"]))
                        for p in a["parts"]
                    ],
                    points=_points_of(a.get("points", [])),
                    heading=a["heading"],  # migration 0006 gave older versions theirs
                )
                for a in data["articles"]
            ],
        )


def _points_json(points: list[Point]) -> list[dict[str, Any]]:
    return [{"n": q.number, "text": q.text} for q in points]


def _points_of(data: list[dict[str, Any]]) -> list[Point]:
    return [Point(q["n"], q["text"]) for q in data]


def _point_text(points: list[Point], number: int) -> str | None:
    pt = next((p for p in points if p.number == number), None)
    return None if pt is None else f"{pt.number}) {pt.text}"


def _part_text(part: Part) -> str:
    lines = [f"{part.number}. {part.text}"]
    lines += [f"{q.number}) {q.text}" for q in part.points]
    return "\n".join(lines)


def _article_text(art: Article) -> str:
    lines = [art.heading.rstrip()]
    if art.text:
        lines.append(art.text)
    lines += [f"{q.number}) {q.text}" for q in art.points]
    lines += [_part_text(p) for p in art.parts]
    return "\n".join(lines)


class _Parser:
    """One pass over the lines; ``last`` is what a continuation line extends."""

    def __init__(self) -> None:
        self.preamble: list[str] = []
        self.articles: list[Article] = []
        self.last: Article | Part | Point | None = None

    def line(self, index: int, line: str) -> None:
        if _ARTICLE_LIKE_RE.match(line):
            self.article(index, line)
        elif not self.articles:
            self.preamble.append(line)
        elif m := _PART_RE.match(line):
            self.part(index, int(m.group(1)), m.group(2))
        elif m := _POINT_RE.match(line):
            self.point(index, int(m.group(1)), m.group(2))
        elif isinstance(self.last, Article):
            self.last.text = f"{self.last.text}\n{line}" if self.last.text else line
        elif self.last is not None:
            self.last.text = f"{self.last.text}\n{line}"

    def article(self, index: int, line: str) -> None:
        m = _ARTICLE_RE.match(line)
        if m is None:
            raise DomainError("proposals-law-bad-article", line=index, text=line[:80])
        number = int(m.group(1))
        expected = self.articles[-1].number + 1 if self.articles else None
        if expected is not None and number != expected:
            raise DomainError(
                "proposals-law-article-order", line=index, number=number, expected=expected
            )
        self.last = Article(number=number, title=m.group(2).strip(), heading=line)
        self.articles.append(self.last)

    def part(self, index: int, number: int, text: str) -> None:
        art = self.articles[-1]
        if art.points:
            raise DomainError("proposals-law-part-after-points", line=index, number=number)
        expected = art.parts[-1].number + 1 if art.parts else 1
        if number != expected:
            raise DomainError(
                "proposals-law-part-order", line=index, number=number, expected=expected
            )
        self.last = Part(number=number, text=text)
        art.parts.append(self.last)

    def point(self, index: int, number: int, text: str) -> None:
        art = self.articles[-1]
        holder = art.parts[-1].points if art.parts else art.points
        expected = holder[-1].number + 1 if holder else 1
        if number != expected:
            raise DomainError(
                "proposals-law-point-order", line=index, number=number, expected=expected
            )
        self.last = Point(number=number, text=text)
        holder.append(self.last)


def parse_law(text: str) -> LawStructure:
    """Parse the law's text; raise ``DomainError`` (with ``line``) at the first bad line."""
    parser = _Parser()
    lines = text.splitlines()
    for index, raw in enumerate(lines, start=1):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if line:
            parser.line(index, line)
    if not parser.articles:
        raise DomainError("proposals-law-no-articles", line=len(lines) or 1)
    return LawStructure(preamble="\n".join(parser.preamble), articles=parser.articles)


def read_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded ``.txt`` (UTF-8 or Windows-1251) or ``.docx`` file."""
    name = filename.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError("proposals-law-too-big")
    if name.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise DomainError("proposals-law-encoding")
    if name.endswith(".docx"):
        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # a broken zip / not a docx: python-docx raises many kinds
            raise DomainError("proposals-law-bad-docx") from exc
        return "\n".join(p.text for p in document.paragraphs)
    raise DomainError("proposals-law-bad-type")


class LawVersion(Base):
    """One uploaded text of the law. The newest one is current."""

    __tablename__ = "law_versions"

    id: Mapped[int] = mapped_column(primary_key=True)
    filename: Mapped[str] = mapped_column(String(255))
    uploaded_by: Mapped[int] = mapped_column(BigInteger)
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)
    structure: Mapped[dict[str, Any]] = mapped_column(JSON)

    @property
    def law(self) -> LawStructure:
        return LawStructure.from_json(self.structure)


async def upload_law(
    session: AsyncSession, actor_telegram_id: int, filename: str, data: bytes
) -> LawVersion:
    """Parse and store a new version (audited, committed). A bad file raises
    ``DomainError`` and changes nothing."""
    structure = parse_law(read_upload(filename, data))
    version = LawVersion(
        filename=filename[:255], uploaded_by=actor_telegram_id, structure=structure.to_json()
    )
    session.add(version)
    await session.flush()
    audit.record(
        session,
        actor_telegram_id,
        "law.upload",
        target=f"law_version:{version.id}",
        filename=filename[:255],
        articles=len(structure.articles),
    )
    await session.commit()
    return version


async def current_version(session: AsyncSession) -> LawVersion | None:
    return await session.scalar(select(LawVersion).order_by(LawVersion.id.desc()).limit(1))


async def current_law(session: AsyncSession) -> LawStructure | None:
    version = await current_version(session)
    return None if version is None else version.law
