"""Telegram message text + entities (UTF-16 offsets) → safe HTML for the demo page.

The page never shows what the bot sent as markup: it rebuilds the markup from the entities
the stand-in parsed, the way a Telegram app does, so nothing the bot (or a person) typed can
inject HTML into the page. Plain URLs, ``t.me`` links and ``/commands`` become links, as the
apps make them.
"""

from __future__ import annotations

import html
import re
from typing import Any

_LINKABLE = re.compile(
    r"(?P<url>https?://[^\s<>\"]+|(?<![\w/.])t\.me/[^\s<>\"]+)"
    r"|(?P<cmd>(?<!\S)/[A-Za-z][A-Za-z0-9_]{0,31}(?:@[A-Za-z0-9_]+)?(?![\w/@]))"
)
_TRAILING = ".,;:!?)»"

_SIMPLE = {
    "bold": "b",
    "italic": "i",
    "underline": "u",
    "strikethrough": "s",
    "code": "code",
}


def _utf16_index(text: str) -> list[int]:
    """``index[k]``: the position in ``text`` of UTF-16 offset ``k`` (one past the end too)."""
    index: list[int] = []
    for position, char in enumerate(text):
        index.append(position)
        if ord(char) > 0xFFFF:
            index.append(position)
    index.append(len(text))
    return index


def _open_tag(entity: dict[str, Any], inner: str) -> tuple[str, str]:
    kind = str(entity.get("type", ""))
    if kind in _SIMPLE:
        tag = _SIMPLE[kind]
        return f"<{tag}>", f"</{tag}>"
    if kind == "pre":
        return "<pre>", "</pre>"
    if kind == "spoiler":
        return '<span class="spoiler">', "</span>"
    if kind in {"blockquote", "expandable_blockquote"}:
        return "<blockquote>", "</blockquote>"
    if kind == "text_link":
        return _link(str(entity.get("url", "")))
    if kind == "url":
        return _link(inner)
    if kind == "bot_command":
        return f'<a href="#" class="cmd" data-cmd="{html.escape(inner)}">', "</a>"
    return "", ""


def _link(url: str) -> tuple[str, str]:
    target = url if re.match(r"^[a-z]+://", url) else "https://" + url
    safe = html.escape(target, quote=True)
    return f'<a href="{safe}" target="_blank" rel="noopener">', "</a>"


def _autolink(chunk: str) -> str:
    """Escape a piece of plain text and turn URLs and commands in it into links."""
    out: list[str] = []
    last = 0
    for match in _LINKABLE.finditer(chunk):
        found = match.group(0)
        trimmed = found.rstrip(_TRAILING) if match.group("url") else found
        end = match.start() + len(trimmed)
        out.append(html.escape(chunk[last : match.start()]))
        if match.group("url"):
            start, close = _link(trimmed)
        else:
            start = f'<a href="#" class="cmd" data-cmd="{html.escape(trimmed)}">'
            close = "</a>"
        out.append(start + html.escape(trimmed) + close)
        last = end
    out.append(html.escape(chunk[last:]))
    return "".join(out)


def to_html(text: str, entities: list[dict[str, Any]] | None) -> str:
    """HTML for ``text`` with its ``entities``; newlines stay newlines (CSS pre-wrap)."""
    index = _utf16_index(text)
    spans: list[tuple[int, int, dict[str, Any]]] = []
    for entity in entities or []:
        offset, length = int(entity.get("offset", 0)), int(entity.get("length", 0))
        if length <= 0 or offset < 0 or offset + length >= len(index):
            continue
        spans.append((index[offset], index[offset + length], entity))
    spans.sort(key=lambda s: (s[0], -s[1]))
    opens: dict[int, list[tuple[int, str, str]]] = {}
    linked: list[tuple[int, int]] = []
    for start, end, entity in spans:
        head, tail = _open_tag(entity, text[start:end])
        if head:
            opens.setdefault(start, []).append((end, head, tail))
            if head.startswith("<a"):
                linked.append((start, end))
    out: list[str] = []
    stack: list[tuple[int, str]] = []
    plain_from = 0

    def flush(upto: int) -> None:
        nonlocal plain_from
        if upto <= plain_from:
            return
        chunk = text[plain_from:upto]
        inside_link = any(s <= plain_from and upto <= e for s, e in linked)
        out.append(html.escape(chunk) if inside_link else _autolink(chunk))
        plain_from = upto

    for position in range(len(text) + 1):
        closing = [item for item in stack if item[0] == position]
        if closing or position in opens:
            flush(position)
        # Close in reverse order; entities that overlap without nesting are re-opened.
        while stack and any(end == position for end, _ in stack):
            _, tail = stack.pop()
            out.append(tail)
        for end, head, tail in sorted(opens.get(position, []), key=lambda o: -o[0]):
            out.append(head)
            stack.append((end, tail))
    flush(len(text))
    while stack:
        out.append(stack.pop()[1])
    return "".join(out)
