"""Field types for callback data. Button payloads can be forged, so numbers that end up in
SQL are bounded to a 4-byte integer (PostgreSQL's INTEGER): an out-of-range value fails to
unpack, and the press is answered as a stale button instead of reaching the database."""

from typing import Annotated

from pydantic import Field

Int32 = Annotated[int, Field(ge=-(2**31), le=2**31 - 1)]
