"""/my_data as a document a person can read (DOCX): Russian headings, local times, names
instead of codes and ids. It is built from the machine-readable export of
``models.privacy.export`` (sent next to it as JSON), so both always hold the same facts."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from docx.document import Document
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.documents import word
from models.events.entities import RsvpStatus
from models.municipalities import Municipality
from models.rendering import Renderer
from models.topics import Topic
from models.users import Occupation, Role

NONE = "—"
STAFF_ROLE_KEYS = {
    Role.USER: "my-data-role-user",
    Role.MODERATOR: "my-data-role-moderator",
    Role.ADMIN: "my-data-role-admin",
}


def _staff_role(render: Renderer, value: str | None) -> str:
    try:
        return render.plain(STAFF_ROLE_KEYS[Role(value or "")])
    except ValueError:
        return NONE


def _when(render: Renderer, tz: ZoneInfo) -> Callable[[str | None], str]:
    def when(value: str | None) -> str:
        if not value:
            return NONE
        return render.when(datetime.fromisoformat(value).astimezone(tz))

    return when


def _label(render: Renderer, kind: Callable[[str], Any], value: str | None) -> str:
    if not value:
        return NONE
    try:
        return render.label(kind(value))
    except ValueError:
        return value


def _lines(document: Document, render: Renderer, rows: list[tuple[str, str]]) -> None:
    for key, value in rows:
        word.paragraph(document, render.plain("my-data-line", name=render.plain(key), value=value))


def _heading(document: Document, render: Renderer, key: str) -> None:
    word.paragraph(document, "", space_after=4)
    word.paragraph(document, render.plain(key), bold=True, keep_with_next=True, space_after=4)


def _profile(document: Document, data: dict[str, Any], render: Renderer, when: Any) -> None:
    profile = data.get("profile", {})
    _heading(document, render, "my-data-profile")
    _lines(
        document,
        render,
        [
            ("my-data-name", profile.get("name") or NONE),
            ("my-data-occupation", _label(render, Occupation, profile.get("role"))),
            ("my-data-municipality", profile.get("municipality") or NONE),
            ("my-data-staff-role", _staff_role(render, profile.get("staff_role"))),
            ("my-data-created", when(profile.get("created_at"))),
        ],
    )
    consent = data.get("consent", {})
    _heading(document, render, "my-data-consent")
    _lines(
        document,
        render,
        [
            ("my-data-consent-version", consent.get("current_version") or NONE),
            ("my-data-consent-given", when(consent.get("given_at"))),
        ],
    )


def _subscriptions(
    document: Document, data: dict[str, Any], render: Renderer, names: dict[int, str]
) -> None:
    subs = data.get("subscriptions", {})
    yes, no = render.plain("my-data-yes"), render.plain("my-data-no")
    topics = ", ".join(_label(render, Topic, x) for x in subs.get("topics", [])) or NONE
    followed = [names.get(i, str(i)) for i in subs.get("extra_municipality_ids", [])]
    _heading(document, render, "my-data-subscriptions")
    _lines(
        document,
        render,
        [
            ("my-data-topics", topics),
            ("my-data-followed", ", ".join(followed) or NONE),
            ("my-data-announcements", yes if subs.get("announcements") else no),
            ("my-data-reminders", yes if subs.get("reminders") else no),
        ],
    )


def _events(document: Document, data: dict[str, Any], render: Renderer, when: Any) -> None:
    _heading(document, render, "my-data-events")
    answers = data.get("event_answers", [])
    if not answers:
        word.paragraph(document, render.plain("my-data-none"))
        return
    table = word.table(
        document,
        [render.plain(k) for k in ("my-data-event", "my-data-starts", "my-data-answer")],
        (90, 45, 45),
    )
    for a in answers:
        answer = _label(render, RsvpStatus, a.get("answer"))
        word.add_row(table, [a.get("event") or NONE, when(a.get("starts_at")), answer])


def _proposals(document: Document, data: dict[str, Any], render: Renderer, when: Any) -> None:
    _heading(document, render, "my-data-proposals")
    items = data.get("proposals", [])
    if not items:
        word.paragraph(document, render.plain("my-data-none"))
        return
    keys = ("my-data-number", "my-data-place", "my-data-proposed", "my-data-status")
    table = word.table(document, [render.plain(k) for k in keys], (25, 35, 85, 35))
    for p in items:
        status = f"{p.get('status') or NONE}\n{when(p.get('submitted_at'))}"
        word.add_row(
            table,
            [
                p.get("number") or NONE,
                p.get("place") or NONE,
                p.get("proposed_wording") or NONE,
                status,
            ],
        )


async def my_data_docx(
    session: AsyncSession, data: dict[str, Any], render: Renderer, tz: ZoneInfo
) -> bytes:
    """The readable document of the export ``data``."""
    names = {m.id: m.name for m in await session.scalars(select(Municipality))}
    when = _when(render, tz)
    document = word.official()
    word.paragraph(document, render.plain("my-data-title"), bold=True)
    word.paragraph(document, render.plain("my-data-formed", when=when(data.get("exported_at"))))
    _profile(document, data, render, when)
    _subscriptions(document, data, render, names)
    _events(document, data, render, when)
    _proposals(document, data, render, when)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
