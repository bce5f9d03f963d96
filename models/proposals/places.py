"""Where an amendment applies: a provision of the law («ст. 5 ч. 2 п. 3»), a new article or
the law as a whole; its label, its place in the law's order and the typed form's parser."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from models.errors import DomainError
from models.lawtext import numbers
from models.rendering import Renderer


class PlaceKind(enum.StrEnum):
    PROVISION = "provision"  # an article, maybe a part and a point
    NEW_ARTICLE = "new_article"
    WHOLE_LAW = "whole_law"


# Input grammar: units with their numbers in either order, from the article down
# («ст. 5 ч. 2 п. 3», «ст. 3-1», «ст. 3 ч. 1 п. 2 пп. а») or as lawyers cite, from the smallest
# unit up («п. 2 ч. 1 ст. 3», «подпункт "а" пункта 2 части 1 статьи 3»).
_TOKEN_RE = re.compile(
    r"\s*,?\s*(?:(?P<sub>подп(?:ункт[а-я]*)?\.?|пп\.?)|(?P<point>п(?:ункт[а-я]*)?\.?)"
    r"|(?P<part>ч(?:аст[а-я]*)?\.?)|(?P<article>ст(?:ать[а-я]*)?\.?))\s*"
    r"(?:(?P<num>\d{1,4}(?:[-.]\d{1,2})?)(?![\d])|[\"«„]?(?P<letter>[а-я])[\"»“]?(?![а-я]))"
    r"\s*\.?",
    re.IGNORECASE,
)
# The label of a provision by which of part / point it names.
_PROVISION_KEYS = {
    (False, False): "proposals-place-article",
    (True, False): "proposals-place-part",
    (False, True): "proposals-place-article-point",
    (True, True): "proposals-place-point",
}


ORDER_STEP = 100  # an inserted index / a sub-point letter stays below this


@dataclass(frozen=True, slots=True)
class Place:
    kind: PlaceKind
    article: int | None = None
    part: int | None = None
    point: int | None = None

    @classmethod
    def of(
        cls, kind: PlaceKind | str, article: int | None, part: int | None, point: int | None
    ) -> Place:
        return cls(PlaceKind(kind), article, part, point)

    @property
    def sort_key(self) -> tuple[int, int, int, int]:
        """The law's order: the law as a whole first, then articles, parts, points and
        sub-points (inserted «3-1» right after «3»; the whole before what it holds), new
        articles last."""
        if self.kind is PlaceKind.WHOLE_LAW:
            return (0, 0, 0, 0)
        if self.kind is PlaceKind.NEW_ARTICLE:
            return (2, 0, 0, 0)
        part = -1 if self.part is None else _rank(self.part)
        point = -1
        if self.point is not None:
            code, sub = numbers.split_sub(self.point)
            point = _rank(code) * ORDER_STEP + (sub or 0)
        return (1, _rank(self.article or 0), part, point)

    def label(self, render: Renderer) -> str:
        """«ст. 5 ч. 2 п. 3», «новая статья», «закон в целом» (plain text)."""
        if self.kind is PlaceKind.NEW_ARTICLE:
            return render.plain("proposals-place-new-article")
        if self.kind is PlaceKind.WHOLE_LAW:
            return render.plain("proposals-place-whole-law")
        key = _PROVISION_KEYS[(self.part is not None, self.point is not None)]
        return render.plain(
            key,
            article=numbers.label(self.article or 0),
            part=None if self.part is None else numbers.label(self.part),
            point=None if self.point is None else point_label(self.point, render),
        )


def _rank(code: int) -> int:
    base, inserted = numbers.order(code)
    return base * ORDER_STEP + inserted


def point_label(code: int, render: Renderer) -> str:
    """«2», «2-1», «2 пп. а» (a point with its sub-point)."""
    point, sub = numbers.split_sub(code)
    if sub is None:
        return numbers.label(point)
    return render.plain(
        "proposals-place-with-subpoint", point=numbers.label(point), letter=numbers.letter(sub)
    )


def article_place(article: int) -> Place:
    return Place(PlaceKind.PROVISION, article)


def _units(raw: str) -> dict[str, str]:
    found: dict[str, str] = {}
    text = raw.replace("\u00a0", " ").strip()
    pos = 0
    while pos < len(text):
        m = _TOKEN_RE.match(text, pos)
        if m is None or m.end() == pos:
            raise DomainError("proposals-bad-place")
        unit = next(name for name in ("sub", "point", "part", "article") if m.group(name))
        value = m.group("num") or m.group("letter")
        if unit in found or (unit == "sub") != (m.group("letter") is not None):
            raise DomainError("proposals-bad-place")
        found[unit] = value
        pos = m.end()
    return found


def parse_place(raw: str) -> tuple[int, int | None, int | None]:
    """A typed reference → ``(article, part, point)`` as codes (``models.lawtext.numbers``;
    a sub-point rides in the point's code): ``"ст. 5 ч. 2 п. 3"`` → ``(5, 2, 3)``,
    ``"пп. а п. 2 ч. 1 ст. 3"`` → ``(3, 1, point 2 with sub-point а)``."""
    found = _units(raw)
    if "article" not in found or ("sub" in found and "point" not in found):
        raise DomainError("proposals-bad-place")
    try:
        codes = {k: numbers.parse(v) for k, v in found.items() if k != "sub"}
    except ValueError:
        raise DomainError("proposals-bad-place") from None
    point = codes.get("point")
    if point is not None and "sub" in found:
        point = numbers.with_sub(point, numbers.letter_number(found["sub"]))
    return codes["article"], codes.get("part"), point
