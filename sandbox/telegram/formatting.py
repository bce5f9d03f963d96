"""Telegram text formatting: HTML, MarkdownV2 and legacy Markdown into plain text + entities.

Like the real Bot API, markup is turned into plain text with ``MessageEntity`` dicts (offsets and
lengths in UTF-16 code units) and malformed markup is rejected with a Telegram-worded error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]


class EntityParseError(ValueError):
    """Markup that Telegram would refuse ("Bad Request: can't parse entities: ...")."""


def utf16_len(text: str) -> int:
    """Length of ``text`` in UTF-16 code units, the unit of Telegram entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def parse_text(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Render ``text`` in ``parse_mode``; return the plain text and its entities."""
    mode = (parse_mode or "").strip().lower()
    if not mode:
        return text, []
    if mode == "html":
        return _parse_html(text)
    if mode == "markdownv2":
        return _parse_markdown_v2(text)
    if mode == "markdown":
        return _parse_markdown(text)
    raise EntityParseError(f"Unsupported parse_mode {parse_mode!r}")


def _byte_offset(src: str, index: int) -> int:
    return len(src[:index].encode("utf-8"))


@dataclass
class _Out:
    """Accumulates plain text and entities."""

    parts: list[str] = field(default_factory=list)
    pos: int = 0
    entities: list[Entity] = field(default_factory=list)

    def add(self, chunk: str) -> None:
        self.parts.append(chunk)
        self.pos += utf16_len(chunk)

    def entity(self, type_: str, start: int, **extra: Any) -> None:
        length = self.pos - start
        if length > 0:
            self.entities.append({"type": type_, "offset": start, "length": length, **extra})

    def result(self) -> tuple[str, list[Entity]]:
        entities = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), entities


# --- HTML -------------------------------------------------------------------------------------

_HTML_TAGS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "span": "spoiler",
    "tg-spoiler": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_CHAR_REF_RE = re.compile(r"&(#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_ATTR_RE = re.compile(
    r"\s*([a-zA-Z][a-zA-Z0-9_-]*)(?:\s*=\s*(?:\"([^\"]*)\"|'([^']*)'|([^\s\"'>]+)))?"
)
_PLAIN_HTML_RE = re.compile(r"[^<&]+")


@dataclass
class _OpenTag:
    name: str
    start: int
    attrs: dict[str, str]
    language: str | None = None


def _parse_attrs(raw: str) -> dict[str, str]:
    attrs: dict[str, str] = {}
    pos = 0
    while pos < len(raw):
        match = _ATTR_RE.match(raw, pos)
        if match is None or match.end() == pos:
            break
        value = match.group(2) or match.group(3) or match.group(4) or ""
        attrs[match.group(1).lower()] = _unescape_html(value)
        pos = match.end()
    return attrs


def _char_ref(match: re.Match[str]) -> str | None:
    body = match.group(1)
    if body.startswith("#"):
        code = int(body[2:], 16) if body[1:2] in ("x", "X") else int(body[1:])
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code)
        return None
    return _NAMED_ENTITIES.get(body)


def _unescape_html(text: str) -> str:
    return _CHAR_REF_RE.sub(lambda m: _char_ref(m) or m.group(0), text)


def _find_tag_end(src: str, i: int) -> int:
    """Index of the ``>`` closing a start tag (skipping quoted attribute values), or -1."""
    quote = ""
    while i < len(src):
        char = src[i]
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == ">":
            return i
        i += 1
    return -1


def _parse_html(src: str) -> tuple[str, list[Entity]]:
    out = _Out()
    stack: list[_OpenTag] = []
    i = 0
    while i < len(src):
        plain = _PLAIN_HTML_RE.match(src, i)
        if plain is not None:
            out.add(plain.group(0))
            i = plain.end()
            continue
        if src[i] == "&":
            ref = _CHAR_REF_RE.match(src, i)
            char = _char_ref(ref) if ref is not None else None
            if ref is not None and char is not None:
                out.add(char)
                i = ref.end()
            else:
                out.add("&")
                i += 1
            continue
        # src[i] == "<": a tag, read like Telegram (tdlib) does
        offset = _byte_offset(src, i)
        j = i + 1
        closing = src.startswith("/", j)
        if closing:
            j += 1
        name_start = j
        while j < len(src) and not src[j].isspace() and src[j] != ">":
            j += 1
        name = src[name_start:j].lower()
        if closing:
            if not stack:
                raise EntityParseError(f"Unexpected end tag at byte offset {offset}")
            end = j
            while end < len(src) and src[end].isspace():
                end += 1
            if end >= len(src) or src[end] != ">":
                raise EntityParseError(f"Unclosed end tag at byte offset {offset}")
            top = stack.pop()
            if name and top.name != name:
                raise EntityParseError(
                    f'Unmatched end tag at byte offset {offset}, expected "</{top.name}>", '
                    f'found "</{name}>"'
                )
            _close_html_tag(out, top, stack)
        else:
            if j >= len(src):
                raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
            if name not in _HTML_TAGS:
                raise EntityParseError(f'Unsupported start tag "{name}" at byte offset {offset}')
            end = _find_tag_end(src, j)
            if end < 0:
                raise EntityParseError(f"Unclosed start tag at byte offset {offset}")
            attrs = _parse_attrs(src[j:end].rstrip("/"))
            if name == "span" and attrs.get("class") != "tg-spoiler":
                raise EntityParseError(
                    f'Tag "span" must have class "tg-spoiler" at byte offset {offset}'
                )
            stack.append(_OpenTag(name=name, start=out.pos, attrs=attrs))
        i = end + 1
    if stack:
        raise EntityParseError(
            f'Can\'t find end tag corresponding to start tag "{stack[-1].name}"'
        )
    return out.result()


def _close_html_tag(out: _Out, tag: _OpenTag, stack: list[_OpenTag]) -> None:
    kind = _HTML_TAGS[tag.name]
    if kind == "text_link":
        href = tag.attrs.get("href")
        if href:
            out.entity("text_link", tag.start, url=href)
    elif kind == "code":
        language = tag.attrs.get("class", "")
        if stack and stack[-1].name == "pre" and language.startswith("language-"):
            stack[-1].language = language.removeprefix("language-")
        else:
            out.entity("code", tag.start)
    elif kind == "pre":
        if tag.language:
            out.entity("pre", tag.start, language=tag.language)
        else:
            out.entity("pre", tag.start)
    elif kind == "blockquote":
        out.entity(
            "expandable_blockquote" if "expandable" in tag.attrs else "blockquote", tag.start
        )
    elif kind == "custom_emoji":
        emoji_id = tag.attrs.get("emoji-id")
        if emoji_id:
            out.entity("custom_emoji", tag.start, custom_emoji_id=emoji_id)
    else:
        out.entity(kind, tag.start)


# --- MarkdownV2 -------------------------------------------------------------------------------

_MDV2_RESERVED = frozenset("_*[]()~`>#+-=|{}.!")
_MDV2_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
    "text_link": "TextUrl",
    "custom_emoji": "CustomEmoji",
}
_MDV2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}


@dataclass
class _OpenMark:
    marker: str
    kind: str
    start: int
    offset: int


def _mdv2_scan_until(src: str, i: int, closing: str) -> tuple[str, int] | None:
    """Read escaped content from ``i`` up to ``closing``; return it and the closing index."""
    chunk: list[str] = []
    while i < len(src):
        if src[i] == "\\" and i + 1 < len(src):
            chunk.append(src[i + 1])
            i += 2
            continue
        if src.startswith(closing, i):
            return "".join(chunk), i
        chunk.append(src[i])
        i += 1
    return None


def _parse_markdown_v2(src: str) -> tuple[str, list[Entity]]:
    out = _Out()
    stack: list[_OpenMark] = []
    quote_start: int | None = None
    i = 0
    while i < len(src):
        char = src[i]
        offset = _byte_offset(src, i)
        if char == ">" and (i == 0 or src[i - 1] == "\n"):
            if quote_start is None:
                quote_start = out.pos
            i += 1
            continue
        if char == "\n" and quote_start is not None and not src.startswith(">", i + 1):
            out.entity("blockquote", quote_start)
            quote_start = None
        if char == "\r":
            i += 1
            continue
        if char == "\\":
            if i + 1 < len(src) and 0 < ord(src[i + 1]) <= 126:
                out.add(src[i + 1])
                i += 2
            else:
                out.add("\\")
                i += 1
            continue
        if char == "`":
            is_pre = src.startswith("```", i)
            closing = "```" if is_pre else "`"
            found = _mdv2_scan_until(src, i + len(closing), closing)
            if found is None:
                name = "Pre" if is_pre else "Code"
                raise EntityParseError(f"Can't find end of {name} entity at byte offset {offset}")
            content, end = found
            start = out.pos
            if is_pre:
                first, newline, rest = content.partition("\n")
                language = ""
                if newline and " " not in first.strip():
                    language, content = first.strip(), rest
                out.add(content)
                if language:
                    out.entity("pre", start, language=language)
                else:
                    out.entity("pre", start)
            else:
                out.add(content)
                out.entity("code", start)
            i = end + len(closing)
            continue
        marker = ""
        if src.startswith("__", i):
            marker = "__"
        elif src.startswith("||", i):
            marker = "||"
        elif char in ("*", "_", "~"):
            marker = char
        if marker:
            if stack and stack[-1].marker == marker:
                top = stack.pop()
                out.entity(top.kind, top.start)
            elif any(m.marker == marker for m in stack):
                top = stack[-1]
                raise EntityParseError(
                    f"Can't find end of {_MDV2_NAMES[top.kind]} entity at byte offset {top.offset}"
                )
            else:
                stack.append(_OpenMark(marker, _MDV2_MARKERS[marker], out.pos, offset))
            i += len(marker)
            continue
        if src.startswith("![", i):
            stack.append(_OpenMark("![", "custom_emoji", out.pos, offset))
            i += 2
            continue
        if char == "[":
            stack.append(_OpenMark("[", "text_link", out.pos, offset))
            i += 1
            continue
        if (
            char == "]"
            and stack
            and stack[-1].marker in ("[", "![")
            and src.startswith("(", i + 1)
        ):
            found = _mdv2_scan_until(src, i + 2, ")")
            if found is None:
                raise EntityParseError(f"Can't find end of a url at byte offset {offset}")
            url, end = found
            top = stack.pop()
            if top.kind == "text_link":
                out.entity("text_link", top.start, url=url)
            else:
                emoji_id = url.partition("id=")[2]
                out.entity("custom_emoji", top.start, custom_emoji_id=emoji_id)
            i = end + 1
            continue
        if char in _MDV2_RESERVED:
            raise EntityParseError(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
            )
        out.add(char)
        i += 1
    if stack:
        top = stack[-1]
        raise EntityParseError(
            f"Can't find end of {_MDV2_NAMES[top.kind]} entity at byte offset {top.offset}"
        )
    if quote_start is not None:
        out.entity("blockquote", quote_start)
    return out.result()


# --- legacy Markdown --------------------------------------------------------------------------

_MD_SIMPLE = {"*": "bold", "_": "italic", "`": "code"}


def _parse_markdown(src: str) -> tuple[str, list[Entity]]:
    out = _Out()
    i = 0
    while i < len(src):
        char = src[i]
        offset = _byte_offset(src, i)
        if char == "\\" and i + 1 < len(src) and src[i + 1] in "_*`[":
            out.add(src[i + 1])
            i += 2
            continue
        if src.startswith("```", i):
            end = src.find("```", i + 3)
            if end < 0:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {offset}"
                )
            content = src[i + 3 : end]
            first, newline, rest = content.partition("\n")
            language = ""
            if newline and " " not in first.strip():
                language, content = first.strip(), rest
            start = out.pos
            out.add(content)
            if language:
                out.entity("pre", start, language=language)
            else:
                out.entity("pre", start)
            i = end + 3
            continue
        if char in _MD_SIMPLE:
            end = src.find(char, i + 1)
            if end < 0:
                raise EntityParseError(
                    f"Can't find end of the entity starting at byte offset {offset}"
                )
            start = out.pos
            out.add(src[i + 1 : end])
            out.entity(_MD_SIMPLE[char], start)
            i = end + 1
            continue
        if char == "[":
            close = src.find("](", i + 1)
            url_end = src.find(")", close + 2) if close >= 0 else -1
            if close >= 0 and url_end >= 0:
                start = out.pos
                out.add(src[i + 1 : close])
                out.entity("text_link", start, url=src[close + 2 : url_end])
                i = url_end + 1
                continue
        out.add(char)
        i += 1
    return out.result()
