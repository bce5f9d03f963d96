"""The one error type of the domain.

A rule that refuses an operation raises ``DomainError(code, **params)``. The code is the key
of the text that explains it (``texts/ru/*.ftl``); ``params`` are that text's arguments. A
handler shows it with ``t(error.code, **error.params)``; nothing in the domain is worded.
"""

from __future__ import annotations

from typing import Any


class DomainError(ValueError):
    def __init__(self, code: str, /, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params

    def __repr__(self) -> str:
        return f"DomainError({self.code!r}, {self.params!r})"
