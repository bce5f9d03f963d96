"""A contest described by staff in one message of structured text, parsed into a ``Spec``.

One ``key: value`` per line; the keys are Russian words (the grammar below)::

    Конкурс: Лучшая муниципальная практика — 2027
    Приём заявок: 01.02.2027 10:00 – 01.03.2027 18:00
    Жюри до: 15.03.2027 18:00
    Голосование до: 25.03.2027 18:00        (no line: no public vote)
    Подсчёт: сразу                          (live counts; default: after the end)
    Расхождение: 3                          (a juror spread above it is flagged)
    Номинация: Благоустройство
    Участники: муниципалитет | ТОС
    Баллы: 0-10
    Критерий: Результативность; 3           (title; weight)
    Обязательно: описание, результаты, бюджет, фото, документы

Every error is a ``DomainError`` naming the line."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from models.contest.entities import TITLE_MAX, ApplicantKind, Field
from models.dates import parse_local
from models.errors import DomainError

LINE = re.compile(r"^\s*([^:]{2,40}?)\s*:\s*(.*?)\s*$")
KEYS = {
    "title": re.compile(r"^(конкурс|название)$", re.I),
    "applications": re.compile(r"^при[её]м\s+заявок$", re.I),
    "jury": re.compile(r"^(работа\s+)?жюри(\s+до)?$", re.I),
    "vote": re.compile(r"^голосование(\s+до)?$", re.I),
    "counts": re.compile(r"^подсч[её]т$", re.I),
    "spread": re.compile(r"^расхождение$", re.I),
    "nomination": re.compile(r"^номинация$", re.I),
    "kind": re.compile(r"^участники$", re.I),
    "range": re.compile(r"^баллы$", re.I),
    "criterion": re.compile(r"^критерий$", re.I),
    "required": re.compile(r"^обязательно$", re.I),
}
SPAN = re.compile(r"^(.+?\d{1,2}:\d{2})\s*(?:[-–—]|до)\s*(.+)$")
RANGE = re.compile(r"^(\d{1,3})\s*[-–—]\s*(\d{1,3})$")
CRITERION = re.compile(r"^(.+?)\s*[;|]\s*(\d+(?:[.,]\d+)?)$")
LIVE = re.compile(r"^(сразу|онлайн|в\s+реальном\s+времени)$", re.I)
TOS = re.compile(r"^тос$", re.I)
MUNICIPALITY = re.compile(r"^(муниципалитет|муниципальное\s+образование|мо)$", re.I)
FIELD_WORDS = {
    Field.DESCRIPTION: re.compile(r"^описание$", re.I),
    Field.RESULTS: re.compile(r"^результаты$", re.I),
    Field.BUDGET: re.compile(r"^бюджет$", re.I),
    Field.PHOTOS: re.compile(r"^фото(графии)?$", re.I),
    Field.DOCUMENTS: re.compile(r"^документы$", re.I),
}
SCORE_MAX = 100


@dataclass
class NominationSpec:
    title: str
    kind: ApplicantKind = ApplicantKind.MUNICIPALITY
    score_min: int = 0
    score_max: int = 10
    criteria: list[tuple[str, float]] = field(default_factory=list)
    required: list[Field] = field(default_factory=list)


@dataclass
class Spec:
    title: str = ""
    applications_from: datetime | None = None
    applications_until: datetime | None = None
    jury_until: datetime | None = None
    vote_until: datetime | None = None
    live_counts: bool = False
    spread: float = 3.0
    nominations: list[NominationSpec] = field(default_factory=list)


def _key(name: str) -> str | None:
    return next((key for key, pattern in KEYS.items() if pattern.match(name)), None)


def _date(value: str, tz: ZoneInfo, line: int) -> datetime:
    try:
        return parse_local(value, tz)
    except DomainError:
        raise DomainError("contest-spec-date", line=line) from None


def parse_spec(text: str, tz: ZoneInfo) -> Spec:
    spec = Spec()
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        match = LINE.match(raw)
        key = _key(match.group(1)) if match else None
        if match is None or key is None:
            raise DomainError("contest-spec-line", line=number)
        _apply(spec, key, match.group(2), tz, number)
    _check(spec)
    return spec


def _apply(spec: Spec, key: str, value: str, tz: ZoneInfo, line: int) -> None:
    if key == "title":
        spec.title = value[:TITLE_MAX]
    elif key == "applications":
        span = SPAN.match(value)
        if span is None:
            raise DomainError("contest-spec-date", line=line)
        spec.applications_from = _date(span.group(1), tz, line)
        spec.applications_until = _date(span.group(2), tz, line)
    elif key == "jury":
        spec.jury_until = _date(value, tz, line)
    elif key == "vote":
        spec.vote_until = _date(value, tz, line)
    elif key == "counts":
        spec.live_counts = bool(LIVE.match(value))
    elif key == "spread":
        spec.spread = _number(value, line)
    elif key == "nomination":
        spec.nominations.append(NominationSpec(title=value[:TITLE_MAX]))
    else:
        _apply_to_nomination(spec, key, value, line)


def _number(value: str, line: int) -> float:
    try:
        return float(value.replace(",", "."))
    except ValueError:
        raise DomainError("contest-spec-number", line=line) from None


def _apply_to_nomination(spec: Spec, key: str, value: str, line: int) -> None:
    if not spec.nominations:
        raise DomainError("contest-spec-no-nomination", line=line)
    nomination = spec.nominations[-1]
    if key == "kind":
        if TOS.match(value):
            nomination.kind = ApplicantKind.TOS
        elif MUNICIPALITY.match(value):
            nomination.kind = ApplicantKind.MUNICIPALITY
        else:
            raise DomainError("contest-spec-kind", line=line)
    elif key == "range":
        found = RANGE.match(value)
        low, high = (int(found.group(1)), int(found.group(2))) if found else (0, 0)
        if found is None or not 0 <= low < high <= SCORE_MAX:
            raise DomainError("contest-spec-range", line=line)
        nomination.score_min, nomination.score_max = low, high
    elif key == "criterion":
        found = CRITERION.match(value)
        weight = _number(found.group(2), line) if found else 0.0
        if found is None or weight <= 0:
            raise DomainError("contest-spec-criterion", line=line)
        nomination.criteria.append((found.group(1)[:TITLE_MAX], weight))
    else:
        for word in (w.strip() for w in value.split(",") if w.strip()):
            known = next((f for f, p in FIELD_WORDS.items() if p.match(word)), None)
            if known is None:
                raise DomainError("contest-spec-field", line=line, word=word)
            nomination.required.append(known)


def _check(spec: Spec) -> None:
    if not spec.title:
        raise DomainError("contest-spec-no-title")
    if spec.applications_from is None or spec.applications_until is None:
        raise DomainError("contest-spec-no-dates")
    if spec.jury_until is None:
        raise DomainError("contest-spec-no-dates")
    dates = [spec.applications_from, spec.applications_until, spec.jury_until]
    if spec.vote_until is not None:
        dates.append(spec.vote_until)
    if any(a >= b for a, b in itertools.pairwise(dates)):
        raise DomainError("contest-spec-order")
    if not spec.nominations:
        raise DomainError("contest-spec-no-nominations")
    for nomination in spec.nominations:
        if not nomination.criteria:
            raise DomainError("contest-spec-no-criteria", nomination=nomination.title)
