"""Numbers of provisions as one integer each, so the stored places (integer columns) and the
buttons (``Int32`` fields) carry inserted numbers and sub-points without a new column.

- a plain number ``n`` is itself (``3`` → 3), so places stored before keep their meaning;
- an inserted number ``n-k`` (Kemerovo laws) is ``n + k * INSERTED``;
  ``n.k`` (federal laws) is ``n + (k + DOTTED) * INSERTED``;
- a point with a sub-point (letter number ``s``: а = 1, б = 2, …) is ``point + s * SUB``.

:func:`order` gives the law's order of a code, :func:`label` the number as the law writes it.
"""

from __future__ import annotations

INSERTED = 10_000  # base numbers stay below this
DOTTED = 100  # inserted index offset of the «3.1» form
SUB = 10_000_000  # sub-point multiplier (the point code stays below this)
MAX_BASE = INSERTED - 1
MAX_INSERTED = DOTTED - 1
_FIRST_LETTER = 0x42F  # the code point before «а»: «а» is letter 1


def encode(base: int, inserted: int = 0, sep: str = "-") -> int:
    if not 0 < base <= MAX_BASE or not 0 <= inserted <= MAX_INSERTED:
        raise ValueError(f"number out of range: {base}, {inserted}")
    if inserted == 0:
        return base
    return base + (inserted + (DOTTED if sep == "." else 0)) * INSERTED


def parse(text: str) -> int:
    """``"3"``, ``"3-1"``, ``"3.1"`` → the code; ``ValueError`` for anything else."""
    for sep in ("-", "."):
        if sep in text:
            base, inserted = text.split(sep, 1)
            return encode(int(base), int(inserted), sep)
    return encode(int(text))


def split(code: int) -> tuple[int, int, str]:
    """The code → (base, inserted index, separator)."""
    base, rest = code % INSERTED, code // INSERTED
    if rest >= DOTTED:
        return base, rest - DOTTED, "."
    return base, rest, "-"


def order(code: int) -> tuple[int, int]:
    base, inserted, _ = split(code)
    return base, inserted


def label(code: int) -> str:
    base, inserted, sep = split(code)
    return str(base) if inserted == 0 else f"{base}{sep}{inserted}"


def follows(previous: int | None, code: int) -> bool:
    """Whether ``code`` may come right after ``previous`` (``None``: the first one):
    ``n`` → ``n+1`` or an inserted ``n-1``; ``n-k`` → ``n-(k+1)`` or ``n+1``."""
    base, inserted = order(code)
    if previous is None:
        return base == 1 and inserted == 0
    prev_base, prev_inserted = order(previous)
    if base == prev_base:
        return inserted == prev_inserted + 1
    return base == prev_base + 1 and inserted == 0


def expected(previous: int | None) -> str:
    """The number expected after ``previous`` (for the refusal's wording)."""
    return "1" if previous is None else str(order(previous)[0] + 1)


def letter_number(letter: str) -> int:
    return ord(letter.lower()) - _FIRST_LETTER


def letter(number: int) -> str:
    return chr(_FIRST_LETTER + number)


def with_sub(point: int, sub: int | None) -> int:
    return point if not sub else point + sub * SUB


def split_sub(code: int) -> tuple[int, int | None]:
    """A point's code → (the point's own code, the sub-point's letter number or ``None``)."""
    sub, point = divmod(code, SUB)
    return point, sub or None
