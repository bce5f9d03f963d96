"""An uploaded file → the lines of the law's text, within limits checked before reading.

``.txt``: the encoding by its BOM (UTF-8, UTF-16 LE/BE), else UTF-16 without a BOM by its
zero bytes, else UTF-8, else Windows-1251. ``.docx``: the zip's directory is checked first
(size, total unzipped size, compression ratio, member count: a zip bomb is refused without
inflating it), then ``word/document.xml`` and ``word/numbering.xml`` are read with bounded
reads and parsed by ``defusedxml`` (no entities, no DTD). Word's automatic list numbers
(``w:numPr`` → ``numbering.xml``) are put back in front of their paragraphs."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from models.errors import DomainError
from models.lawtext import numbers

MAX_UPLOAD_BYTES = 2 * 1024 * 1024
MAX_UNZIPPED_BYTES = 20 * 1024 * 1024
MAX_RATIO = 100  # uncompressed / compressed of any member
MAX_MEMBERS = 1000
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
DOCUMENT = "word/document.xml"
NUMBERING = "word/numbering.xml"
_BOMS = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode_text(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode(data, encoding)
    sample = data[:4096]
    if len(data) % 2 == 0 and len(sample) >= 2:
        # Russian and Latin text in UTF-16 has high bytes 0x00 and 0x04 only.
        for encoding, high in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
            if (high.count(0) + high.count(4)) * 10 >= len(high) * 9:
                return _decode(data, encoding)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _decode(data, "cp1251")


def _decode(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise DomainError("proposals-law-encoding") from None


def _check_zip(archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise DomainError("proposals-law-bomb")
    if sum(m.file_size for m in members) > MAX_UNZIPPED_BYTES:
        raise DomainError("proposals-law-bomb")
    for m in members:
        if m.file_size > MAX_RATIO * max(m.compress_size, 1) and m.file_size > 1024 * 1024:
            raise DomainError("proposals-law-bomb")


def _read_member(archive: zipfile.ZipFile, name: str) -> bytes | None:
    """A member's bytes, at most the limit (a directory that lies about sizes is caught)."""
    try:
        with archive.open(name) as member:
            data = member.read(MAX_UNZIPPED_BYTES + 1)
    except KeyError:
        return None
    if len(data) > MAX_UNZIPPED_BYTES:
        raise DomainError("proposals-law-bomb")
    return data


def _xml(data: bytes) -> Element:
    try:
        root: Element = SafeET.fromstring(data)
    except (DefusedXmlException, SafeET.ParseError):
        raise DomainError("proposals-law-bad-docx") from None
    return root


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str = "%1."
    start: int = 1


@dataclass
class _Numbering:
    """``numbering.xml``: numId → its abstract list and level restarts; the counters run per
    abstract list (as Word counts: two lists of one definition continue each other unless a
    ``w:startOverride`` restarts a level)."""

    abstract: dict[str, dict[int, _Level]] = field(default_factory=dict)
    nums: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)
    counters: dict[str, dict[int, int]] = field(default_factory=dict)
    started: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, root: Element | None) -> _Numbering:
        out = cls()
        if root is None:
            return out
        for node in root.iter(f"{W}abstractNum"):
            levels = {}
            for lvl in node.iter(f"{W}lvl"):
                levels[int(lvl.get(f"{W}ilvl", "0"))] = _Level(
                    fmt=_val(lvl, "numFmt") or "decimal",
                    text=_val(lvl, "lvlText") or "",
                    start=int(_val(lvl, "start") or "1"),
                )
            out.abstract[node.get(f"{W}abstractNumId", "")] = levels
        for num in root.iter(f"{W}num"):
            overrides = {
                int(o.get(f"{W}ilvl", "0")): int(_val(o, "startOverride") or "1")
                for o in num.iter(f"{W}lvlOverride")
                if o.find(f"{W}startOverride") is not None
            }
            out.nums[num.get(f"{W}numId", "")] = (_val(num, "abstractNumId") or "", overrides)
        return out

    def label(self, num_id: str, ilvl: int) -> str:
        ref, overrides = self.nums.get(num_id, ("", {}))
        levels = self.abstract.get(ref)
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(ref, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for level, start in overrides.items():
                counters[level] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        text = levels[ilvl].text
        for k, lvl in levels.items():
            if f"%{k + 1}" in text:
                text = text.replace(f"%{k + 1}", _format(counters.get(k, lvl.start), lvl.fmt))
        return text


def _val(node: Element, tag: str) -> str | None:
    child = node.find(f"{W}{tag}")
    return None if child is None else child.get(f"{W}val")


def _format(value: int, fmt: str) -> str:
    if fmt in ("russianLower", "lowerLetter"):
        return numbers.letter(value)
    if fmt in ("russianUpper", "upperLetter"):
        return numbers.letter(value).upper()
    return str(value)


def _paragraph_text(p: Element) -> str:
    chunks = []
    for node in p.iter():
        if node.tag == f"{W}t" and node.text:
            chunks.append(node.text)
        elif node.tag == f"{W}tab":
            chunks.append(" ")
        elif node.tag in (f"{W}br", f"{W}cr"):
            chunks.append("\n")
    return "".join(chunks)


def docx_lines(data: bytes) -> list[str]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError):
        raise DomainError("proposals-law-bad-docx") from None
    with archive:
        _check_zip(archive)
        try:
            document = _read_member(archive, DOCUMENT)
            numbering_xml = _read_member(archive, NUMBERING)
        except (zipfile.BadZipFile, OSError, RuntimeError, EOFError):
            raise DomainError("proposals-law-bad-docx") from None
    if document is None:
        raise DomainError("proposals-law-bad-docx")
    numbering = _Numbering.of(None if numbering_xml is None else _xml(numbering_xml))
    body = _xml(document).find(f"{W}body")
    lines: list[str] = []
    for p in [] if body is None else body.iter(f"{W}p"):
        prefix = ""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is not None:
            num_id, ilvl = _val(num_pr, "numId") or "", int(_val(num_pr, "ilvl") or "0")
            prefix = numbering.label(num_id, ilvl)
        text = _paragraph_text(p)
        lines.append(f"{prefix} {text}" if prefix else text)
    return lines


def upload_lines(filename: str, data: bytes) -> list[str]:
    """The lines of an uploaded ``.txt`` or ``.docx``; ``DomainError`` with a reason."""
    name = filename.lower()
    if len(data) > MAX_UPLOAD_BYTES:
        raise DomainError("proposals-law-too-big")
    if not data.strip(b"\x00\t\r\n \xef\xbb\xbf\xff\xfe"):
        raise DomainError("proposals-law-empty")
    if name.endswith(".txt"):
        return decode_text(data).splitlines()
    if name.endswith(".docx"):
        return docx_lines(data)
    raise DomainError("proposals-law-bad-type")
