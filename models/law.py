"""The text of Law No. 135-OZ as staff load it: articles, parts and points, versioned by upload.

The project ships no text of the law. Staff send the current text as ``.txt`` or ``.docx``;
:func:`parse_law` turns it into a structure or refuses it with the line where it broke, and
:func:`upload_law` stores it as a new version (the previous versions stay).

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

from sqlalchemy import JSON, BigInteger, String, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from models import audit
from models.base import Base, utcnow

MAX_UPLOAD_BYTES = 2 * 1024 * 1024

_ARTICLE_RE = re.compile(r"^Статья\s+(\d+)\s*\.\s*(.*)$")
_ARTICLE_LIKE_RE = re.compile(r"^Статья\b", re.IGNORECASE)
_PART_RE = re.compile(r"^(\d+)\.\s+(\S.*)$")
_POINT_RE = re.compile(r"^(\d+)\)\s+(\S.*)$")


class LawParseError(ValueError):
    """The file is not a law text the bot understands; ``line`` is 1-based (0: whole file)."""

    def __init__(self, line: int, reason: str, **params: object) -> None:
        super().__init__(f"line {line}: {reason}")
        self.line = line
        self.reason = reason
        self.params = params


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
                pt = next((p for p in art.points if p.number == point), None)
                return None if pt is None else f"{pt.number}) {pt.text}"
            return _article_text(art)
        prt = art.part(part)
        if prt is None:
            return None
        if point is None:
            return _part_text(prt)
        pt = next((p for p in prt.points if p.number == point), None)
        return None if pt is None else f"{pt.number}) {pt.text}"

    def to_json(self) -> dict[str, Any]:
        return {
            "preamble": self.preamble,
            "articles": [
                {
                    "n": a.number,
                    "title": a.title,
                    "text": a.text,
                    "parts": [
                        {
                            "n": p.number,
                            "text": p.text,
                            "points": [{"n": q.number, "text": q.text} for q in p.points],
                        }
                        for p in a.parts
                    ],
                    "points": [{"n": q.number, "text": q.text} for q in a.points],
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
                        Part(
                            number=p["n"],
                            text=p["text"],
                            points=[Point(q["n"], q["text"]) for q in p["points"]],
                        )
                        for p in a["parts"]
                    ],
                    points=[Point(q["n"], q["text"]) for q in a.get("points", [])],
                )
                for a in data["articles"]
            ],
        )


def _part_text(part: Part) -> str:
    lines = [f"{part.number}. {part.text}"]
    lines += [f"{q.number}) {q.text}" for q in part.points]
    return "\n".join(lines)


def _article_text(art: Article) -> str:
    lines = [f"Статья {art.number}. {art.title}".rstrip()]
    if art.text:
        lines.append(art.text)
    lines += [f"{q.number}) {q.text}" for q in art.points]
    lines += [_part_text(p) for p in art.parts]
    return "\n".join(lines)


def parse_law(text: str) -> LawStructure:
    """Parse the law's text; raise :class:`LawParseError` with the first bad line."""
    preamble: list[str] = []
    articles: list[Article] = []
    # What a continuation line extends: ("article", art) | ("part", part) | ("point", point)
    last: Article | Part | Point | None = None
    lines = text.splitlines()
    for index, raw in enumerate(lines, start=1):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if not line:
            continue
        if _ARTICLE_LIKE_RE.match(line):
            m = _ARTICLE_RE.match(line)
            if m is None:
                raise LawParseError(index, "bad_article", text=line[:80])
            number = int(m.group(1))
            expected = articles[-1].number + 1 if articles else None
            if expected is not None and number != expected:
                raise LawParseError(index, "article_order", number=number, expected=expected)
            art = Article(number=number, title=m.group(2).strip())
            articles.append(art)
            last = art
            continue
        if not articles:
            preamble.append(line)
            continue
        art = articles[-1]
        if m := _PART_RE.match(line):
            number = int(m.group(1))
            if art.points:
                raise LawParseError(index, "part_after_points", number=number)
            expected = art.parts[-1].number + 1 if art.parts else 1
            if number != expected:
                raise LawParseError(index, "part_order", number=number, expected=expected)
            prt = Part(number=number, text=m.group(2))
            art.parts.append(prt)
            last = prt
            continue
        if m := _POINT_RE.match(line):
            number = int(m.group(1))
            holder = art.parts[-1].points if art.parts else art.points
            expected = holder[-1].number + 1 if holder else 1
            if number != expected:
                raise LawParseError(index, "point_order", number=number, expected=expected)
            pt = Point(number=number, text=m.group(2))
            holder.append(pt)
            last = pt
            continue
        # A continuation of the paragraph above.
        if isinstance(last, Article):
            last.text = f"{last.text}\n{line}" if last.text else line
        elif last is not None:
            last.text = f"{last.text}\n{line}"
    if not articles:
        raise LawParseError(len(lines) or 1, "no_articles")
    return LawStructure(preamble="\n".join(preamble), articles=articles)


def read_upload(filename: str, data: bytes) -> str:
    """The text of an uploaded ``.txt`` (UTF-8 or Windows-1251) or ``.docx`` file."""
    name = filename.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise LawParseError(0, "too_big")
    if name.endswith(".txt"):
        for encoding in ("utf-8-sig", "cp1251"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise LawParseError(0, "encoding")
    if name.endswith(".docx"):
        import docx  # python-docx: imported on demand, it is slow to import

        try:
            document = docx.Document(io.BytesIO(data))
        except Exception as exc:  # a broken zip / not a docx: python-docx raises many kinds
            raise LawParseError(0, "bad_docx") from exc
        return "\n".join(p.text for p in document.paragraphs)
    raise LawParseError(0, "bad_type")


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
    :class:`LawParseError` and changes nothing."""
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
