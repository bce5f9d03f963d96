"""The text of a law as a structure: reading an upload safely (``read``), parsing its lines
(``parse``), the tree (``tree``) and the numbers of provisions as codes (``numbers``).

:func:`parse_upload` is the one call: file name and bytes → :class:`LawStructure` or a
``DomainError`` whose code names the reason (an ftl key)."""

import asyncio

from models.errors import DomainError
from models.lawtext.parse import parse_law, parse_lines
from models.lawtext.read import MAX_UPLOAD_BYTES, upload_lines
from models.lawtext.tree import Article, LawStructure, Part, Point, SubPoint

PARSE_TIMEOUT = 15.0


def parse_upload(filename: str, data: bytes) -> LawStructure:
    return parse_lines(upload_lines(filename, data))


async def parse_upload_off_loop(
    filename: str, data: bytes, timeout: float = PARSE_TIMEOUT
) -> LawStructure:
    """:func:`parse_upload` in a worker thread, so the bot answers others meanwhile; past
    ``timeout`` seconds the upload is refused (``proposals-law-timeout``). The limits of
    ``read`` bound the work, so an abandoned thread ends soon after."""
    try:
        return await asyncio.wait_for(asyncio.to_thread(parse_upload, filename, data), timeout)
    except TimeoutError:
        raise DomainError("proposals-law-timeout") from None


__all__ = [
    "MAX_UPLOAD_BYTES",
    "PARSE_TIMEOUT",
    "Article",
    "LawStructure",
    "Part",
    "Point",
    "SubPoint",
    "parse_law",
    "parse_lines",
    "parse_upload",
    "parse_upload_off_loop",
    "upload_lines",
]
