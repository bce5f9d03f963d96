"""An answer typed by a person → the value stored for its question, or a ``DomainError``
whose text says what is wrong in words (``reports-value-*``).

Numbers are taken as people type them: «1 234,5», «1234.5», «12,5 %», «1.234,5», with the
question's unit after them or not. Dates are ``дд.мм.гггг``. Values are JSON: a float, an
int, a string, a list of strings (in the order of the options), ``"YYYY-MM-DD"``, a bool,
``{"file_id": ..., "name": ...}``.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from models.errors import DomainError
from models.rendering import Renderer
from models.reports.entities import NUMERIC, TEXT_ANSWER_MAX, ReportQuestion, ReportQuestionKind

_SPACES = re.compile(r"[\s\u00a0\u202f']+")
_NUMBER = re.compile(r"^([+\-\u2212]?)(\d[\d.,]*)$")
_GROUPED = re.compile(r"^\d{1,3}([.,])\d{3}(\1\d{3})*$")
_YES = re.compile(r"^(да|д|yes|y|есть|имеется|1)$", re.IGNORECASE)
_NO = re.compile(r"^(нет|н|no|n|отсутствует|0)$", re.IGNORECASE)
_DATE = re.compile(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{2}|\d{4})$")
_LIST_SPLIT = re.compile(r"[;,\n]+")
PERCENT = "%"


def parse_number(text: str, unit: str | None = None) -> float:
    """«1 234,5 %» → 1234.5. The unit (or «%») may follow the number."""
    cleaned = text.strip()
    for tail in filter(None, (unit, PERCENT)):
        if cleaned.casefold().endswith(tail.casefold()):
            cleaned = cleaned[: -len(tail)]
    cleaned = _SPACES.sub("", cleaned)
    match = _NUMBER.match(cleaned)
    if match is None:
        raise DomainError("reports-value-not-number", given=text.strip()[:40])
    sign, digits = match.groups()
    digits = _normalise_separators(digits)
    if digits is None:
        raise DomainError("reports-value-not-number", given=text.strip()[:40])
    value = float(digits)
    if not math.isfinite(value):
        raise DomainError("reports-value-not-number", given=text.strip()[:40])
    return -value if sign in ("-", "\u2212") else value


def _normalise_separators(digits: str) -> str | None:
    """«1.234,5» → «1234.5»: with both separators the last one is the decimal point; one
    separator once is a decimal point; one repeated separates thousands."""
    if digits.endswith((",", ".")):
        return None
    if "," in digits and "." in digits:
        decimal = max(digits.rfind(","), digits.rfind("."))
        whole = digits[:decimal].replace(",", "").replace(".", "")
        return f"{whole}.{digits[decimal + 1 :]}"
    for sep in (",", "."):
        count = digits.count(sep)
        if count == 1:
            return digits.replace(sep, ".")
        if count > 1:
            return digits.replace(sep, "") if _GROUPED.match(digits) else None
    return digits


def format_number(value: float | int | None) -> str:
    """1234.5 → «1 234,5» (a thin space between thousands, a decimal comma)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = f"{value:,}" if isinstance(value, int) else f"{value:,.6f}".rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", ",")


def _check_range(question: ReportQuestion, value: float) -> None:
    if question.min_value is not None and value < question.min_value:
        raise DomainError("reports-value-below-min", min=format_number(question.min_value))
    if question.max_value is not None and value > question.max_value:
        raise DomainError("reports-value-above-max", max=format_number(question.max_value))


def _option(question: ReportQuestion, text: str) -> str:
    wanted = " ".join(text.split()).casefold()
    for option in question.options:
        if option.casefold() == wanted:
            return option
    if wanted.isdigit() and 1 <= int(wanted) <= len(question.options):
        return question.options[int(wanted) - 1]
    raise DomainError("reports-value-not-option", given=text.strip()[:40])


def parse_date(text: str) -> date:
    match = _DATE.match(text.strip())
    if match is None:
        raise DomainError("reports-value-not-date")
    day, month, year = (int(x) for x in match.groups())
    if year < 100:
        year += 2000
    try:
        return date(year, month, day)
    except ValueError:
        raise DomainError("reports-value-not-date") from None


def parse_answer(question: ReportQuestion, text: str) -> Any:
    """What a person typed for ``question`` → its stored value (file answers come as a
    document, not as text: see :func:`file_value`)."""
    kind = question.kind
    if kind is ReportQuestionKind.FILE:
        raise DomainError("reports-value-need-file")
    if not text.strip():
        raise DomainError("reports-value-empty")
    if kind in NUMERIC:
        number = parse_number(text, question.unit)
        if kind is ReportQuestionKind.INTEGER:
            if not number.is_integer():
                raise DomainError("reports-value-not-integer")
            _check_range(question, number)
            return int(number)
        _check_range(question, number)
        return number
    if kind is ReportQuestionKind.TEXT:
        cleaned = text.strip()
        if len(cleaned) > TEXT_ANSWER_MAX:
            raise DomainError("reports-value-too-long", max=TEXT_ANSWER_MAX, length=len(cleaned))
        return cleaned
    if kind is ReportQuestionKind.CHOICE:
        return _option(question, text)
    if kind is ReportQuestionKind.MULTI:
        chosen = {_option(question, part) for part in _LIST_SPLIT.split(text) if part.strip()}
        return [o for o in question.options if o in chosen]
    if kind is ReportQuestionKind.DATE:
        return parse_date(text).isoformat()
    if _YES.match(text.strip()):
        return True
    if _NO.match(text.strip()):
        return False
    raise DomainError("reports-value-not-yesno")


def file_value(file_id: str, name: str | None) -> dict[str, str]:
    return {"file_id": file_id, "name": (name or "file")[:200]}


def check_value(question: ReportQuestion, value: Any) -> Any:
    """A value given by a button (a choice, a set of choices, yes/no) checked like a typed
    one: a forged or stale button cannot store what the question does not allow."""
    kind = question.kind
    if value is None:
        if question.required:
            raise DomainError("reports-value-required")
        return None
    if kind is ReportQuestionKind.CHOICE and value in question.options:
        return value
    if kind is ReportQuestionKind.MULTI and isinstance(value, list):
        if not value and question.required:
            raise DomainError("reports-value-required")
        if all(v in question.options for v in value):
            return [o for o in question.options if o in value]
    if kind is ReportQuestionKind.YESNO and isinstance(value, bool):
        return value
    if kind in NUMERIC and isinstance(value, int | float) and not isinstance(value, bool):
        _check_range(question, float(value))
        return int(value) if kind is ReportQuestionKind.INTEGER else float(value)
    if kind in (ReportQuestionKind.TEXT, ReportQuestionKind.DATE) and isinstance(value, str):
        return value
    if kind is ReportQuestionKind.FILE and isinstance(value, dict) and "file_id" in value:
        return value
    raise DomainError("reports-value-stale")


def change_percent(previous: Any, value: Any) -> float | None:
    """How much a number changed from last year, in percent (None: not comparable)."""
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in (previous, value)):
        return None
    if previous == 0:
        return None if value == 0 else math.inf
    return float(abs(value - previous) / abs(previous) * 100)


def needs_comment(threshold: float | None, previous: Any, value: Any) -> float | None:
    """The change in percent when it is larger than the staff's threshold, else None."""
    if threshold is None:
        return None
    change = change_percent(previous, value)
    if change is None or change <= threshold:
        return None
    return change


def display(question: ReportQuestion, value: Any, render: Renderer) -> str:
    """A stored value in words, for a summary or a document (plain text)."""
    if value is None:
        return render.plain("reports-value-skipped")
    kind = question.kind
    if kind in NUMERIC:
        unit = f" {question.unit}" if question.unit else ""
        return f"{format_number(value)}{unit}"
    if kind is ReportQuestionKind.YESNO:
        return render.plain("reports-yes" if value else "reports-no")
    if kind is ReportQuestionKind.MULTI:
        return "; ".join(value)
    if kind is ReportQuestionKind.DATE:
        return datetime.fromisoformat(value).strftime("%d.%m.%Y")
    if kind is ReportQuestionKind.FILE:
        return str(value.get("name", ""))
    return str(value)
