"""Where an amendment applies: a provision of the law («ст. 5 ч. 2 п. 3»), a new article or
the law as a whole; its label, its place in the law's order and the typed form's parser."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass

from models.errors import DomainError
from models.rendering import Renderer


class PlaceKind(enum.StrEnum):
    PROVISION = "provision"  # an article, maybe a part and a point
    NEW_ARTICLE = "new_article"
    WHOLE_LAW = "whole_law"


# Input grammar: "ст. 5 ч. 2 п. 3", "статья 5, часть 2", "ст.5 п.1".
_PLACE_RE = re.compile(
    r"^\s*(?:ст(?:атья|\.)?)\s*(\d{1,3})"
    r"(?:\s*,?\s*(?:ч(?:асть|\.)?)\s*(\d{1,3}))?"
    r"(?:\s*,?\s*(?:п(?:ункт|\.)?)\s*(\d{1,3}))?\s*\.?\s*$",
    re.IGNORECASE,
)
# The label of a provision by which of part / point it names.
_PROVISION_KEYS = {
    (False, False): "proposals-place-article",
    (True, False): "proposals-place-part",
    (False, True): "proposals-place-article-point",
    (True, True): "proposals-place-point",
}


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
        """The law's order: the law as a whole first, then articles, parts, points
        numerically (the whole article before its parts), new articles last."""
        if self.kind is PlaceKind.WHOLE_LAW:
            return (0, 0, 0, 0)
        if self.kind is PlaceKind.NEW_ARTICLE:
            return (2, 0, 0, 0)
        part = -1 if self.part is None else self.part
        point = -1 if self.point is None else self.point
        return (1, self.article or 0, part, point)

    def label(self, render: Renderer) -> str:
        """«ст. 5 ч. 2 п. 3», «новая статья», «закон в целом» (plain text)."""
        if self.kind is PlaceKind.NEW_ARTICLE:
            return render.plain("proposals-place-new-article")
        if self.kind is PlaceKind.WHOLE_LAW:
            return render.plain("proposals-place-whole-law")
        key = _PROVISION_KEYS[(self.part is not None, self.point is not None)]
        return render.plain(key, article=self.article, part=self.part, point=self.point)


def article_place(article: int) -> Place:
    return Place(PlaceKind.PROVISION, article)


def parse_place(raw: str) -> tuple[int, int | None, int | None]:
    """``"ст. 5 ч. 2 п. 3"`` (part and point optional) → ``(5, 2, 3)``."""
    m = _PLACE_RE.match(raw.replace("\u00a0", " "))
    if m is None:
        raise DomainError("proposals-bad-place")
    article, part, point = (int(g) if g is not None else None for g in m.groups())
    assert article is not None
    if article == 0 or part == 0 or point == 0:
        raise DomainError("proposals-bad-place")
    return article, part, point
