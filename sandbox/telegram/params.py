"""Request parameters: reading form-data / urlencoded / JSON bodies and typed access."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import BodyPartReader, MultipartReader, hdrs, web

from .errors import ApiError

# Fields whose string values are never JSON-decoded (text that may look like a number).
_STRING_FIELDS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "url",
        "secret_token",
        "callback_query_id",
        "file_id",
        "language_code",
        "description",
        "short_description",
        "name",
        "title",
        "action",
        "ip_address",
        "inline_message_id",
        "business_connection_id",
        "message_effect_id",
        "emoji",
        "photo",
        "document",
        "sticker",
        "video",
        "audio",
        "voice",
        "animation",
        "thumbnail",
        "certificate",
        "phone_number",
        "first_name",
        "last_name",
        "vcard",
        "method",
    }
)
_JSON_START_RE = re.compile(r"\s*(?:[\[{\"]|-?\d|true\b|false\b|null\b)")


def normalize_value(name: str, value: Any) -> Any:
    """Decode a form/query string value the way the Bot API would (numbers, bools, JSON)."""
    if not isinstance(value, str) or name in _STRING_FIELDS or not _JSON_START_RE.match(value):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value


@dataclass
class UploadedFile:
    """A file part of a multipart request."""

    field: str
    filename: str | None
    content_type: str | None
    data: bytes

    def describe(self) -> dict[str, Any]:
        """Short JSON-friendly description used in request records."""
        return {"filename": self.filename, "size": len(self.data), "mime": self.content_type}


class Params:
    """Typed access to the parameters of one Bot API call; errors are Telegram-worded 400s."""

    def __init__(
        self, values: Mapping[str, Any], files: Mapping[str, UploadedFile] | None = None
    ) -> None:
        self.values: dict[str, Any] = {k: normalize_value(k, v) for k, v in values.items()}
        self.files: dict[str, UploadedFile] = dict(files or {})

    def has(self, name: str) -> bool:
        """Whether the parameter was given (and is not null)."""
        return self.values.get(name) is not None or name in self.files

    def get(self, name: str) -> Any:
        """Raw (normalized) value or None."""
        return self.values.get(name)

    def get_str(self, name: str, *, required: bool = False) -> str | None:
        """A string parameter."""
        value = self.values.get(name)
        if value is None:
            if required:
                raise ApiError(400, f"Bad Request: {name} is empty")
            return None
        return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)

    def get_int(self, name: str, *, required: bool = False) -> int | None:
        """An integer parameter."""
        value = self.values.get(name)
        if value is None:
            if required:
                raise ApiError(400, f"Bad Request: {name} is empty")
            return None
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            try:
                return int(value.strip())
            except ValueError:
                pass
        raise ApiError(400, f"Bad Request: invalid {name} specified")

    def get_bool(self, name: str, default: bool = False) -> bool:
        """A boolean parameter ("true"/"false"/1/0)."""
        value = self.values.get(name)
        if value is None:
            return default
        if isinstance(value, str):
            return value.strip().lower() in ("true", "1", "yes")
        return bool(value)

    def _get_json(self, name: str) -> Any:
        value = self.values.get(name)
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                raise ApiError(400, f"Bad Request: can't parse {name} JSON object") from None
        return value

    def get_dict(self, name: str) -> dict[str, Any] | None:
        """A JSON object parameter."""
        value = self._get_json(name)
        if value is None:
            return None
        if not isinstance(value, dict):
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object")
        return value

    def get_list(self, name: str) -> list[Any] | None:
        """A JSON array parameter."""
        value = self._get_json(name)
        if value is None:
            return None
        if not isinstance(value, list):
            raise ApiError(400, f"Bad Request: can't parse {name} JSON object")
        return value

    def chat_id(self, name: str = "chat_id", *, required: bool = True) -> int | str | None:
        """A chat id: an integer or an ``@username``."""
        value = self.values.get(name)
        if value is None or value == "":
            if required:
                raise ApiError(400, f"Bad Request: {name} is empty")
            return None
        if isinstance(value, str) and value.startswith("@"):
            return value
        return self.get_int(name)

    def get_file(self, name: str) -> UploadedFile | str | None:
        """An InputFile parameter: an uploaded part, or a file_id / URL string."""
        value = self.values.get(name)
        if isinstance(value, str) and value.startswith("attach://"):
            part = self.files.get(value.removeprefix("attach://"))
            if part is None:
                raise ApiError(400, f"Bad Request: file {value} not found in the request")
            return part
        if value is None:
            return self.files.get(name)
        return value if isinstance(value, str) else str(value)

    def display(self) -> dict[str, Any]:
        """Parameters as recorded in the request log (files replaced by descriptions)."""
        shown: dict[str, Any] = {}
        for key, value in self.values.items():
            if isinstance(value, str) and value.startswith("attach://"):
                part = self.files.get(value.removeprefix("attach://"))
                shown[key] = part.describe() if part else value
            else:
                shown[key] = value
        for key, part in self.files.items():
            if f"attach://{key}" not in self.values.values():
                shown.setdefault(key, part.describe())
        return shown


async def read_multipart(
    reader: MultipartReader, values: dict[str, Any], files: dict[str, UploadedFile]
) -> None:
    """Collect the fields and file parts of a multipart body."""
    while True:
        part = await reader.next()
        if part is None:
            return
        if isinstance(part, MultipartReader):
            await read_multipart(part, values, files)
            continue
        assert isinstance(part, BodyPartReader)
        name = part.name or ""
        if part.filename is not None:
            data = await part.read(decode=True)
            files[name] = UploadedFile(
                field=name,
                filename=part.filename,
                content_type=part.headers.get(hdrs.CONTENT_TYPE),
                data=bytes(data),
            )
        else:
            values[name] = await part.text()


async def read_request(request: web.Request) -> Params:
    """Parse query string plus a JSON, urlencoded or multipart body into :class:`Params`."""
    values: dict[str, Any] = dict(request.query)
    files: dict[str, UploadedFile] = {}
    if request.body_exists:
        ctype = request.content_type
        if ctype == "application/json":
            try:
                data = await request.json()
            except ValueError:
                raise ApiError(400, "Bad Request: can't parse JSON body") from None
            if not isinstance(data, dict):
                raise ApiError(400, "Bad Request: JSON body must be an object")
            values.update(data)
        elif ctype.startswith("multipart/"):
            await read_multipart(await request.multipart(), values, files)
        else:
            post = await request.post()
            for key, value in post.items():
                values[key] = value if isinstance(value, str) else str(value)
    return Params(values, files)
