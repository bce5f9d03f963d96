"""The personal-data consent text: one file, one version line at the top."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

CONSENT_FILE = Path(__file__).parent / "data" / "consent.txt"


@dataclass(frozen=True, slots=True)
class ConsentText:
    version: str
    text: str


def parse_consent(raw: str) -> ConsentText:
    head, _, body = raw.partition("\n")
    key, _, version = head.partition(":")
    if key.strip() != "version" or not version.strip() or not body.strip():
        raise ValueError("consent file must start with 'version: <id>' followed by the text")
    return ConsentText(version=version.strip(), text=body.strip())


@lru_cache(maxsize=1)
def current_consent() -> ConsentText:
    return parse_consent(CONSENT_FILE.read_text(encoding="utf-8"))
