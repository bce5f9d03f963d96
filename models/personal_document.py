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


def _section(
    document: Document,
    render: Renderer,
    heading: str,
    columns: list[tuple[str, int]],
    rows: list[list[str]],
) -> None:
    """A heading and a table of ``rows`` under ``columns`` (key, width mm), or «нет»."""
    _heading(document, render, heading)
    if not rows:
        word.paragraph(document, render.plain("my-data-none"))
        return
    table = word.table(
        document, [render.plain(k) for k, _ in columns], tuple(w for _, w in columns)
    )
    for row in rows:
        word.add_row(table, row)


APP_STATUS_KEYS = {
    "draft": "my-data-app-draft",
    "submitted": "my-data-app-submitted",
    "returned": "my-data-app-returned",
}
Row = Callable[[dict[str, Any]], list[str]]
# Columns (heading key, width mm) of each newer section's table, by its heading.
SECTION_COLUMNS: dict[str, list[tuple[str, int]]] = {
    "my-data-contest": [
        ("my-data-contest-name", 45),
        ("my-data-nomination", 45),
        ("my-data-applicant", 55),
        ("my-data-status", 35),
    ],
    "my-data-votes": [("my-data-nomination", 70), ("my-data-voted-for", 70), ("my-data-when", 40)],
    "my-data-reports": [
        ("my-data-report", 80),
        ("my-data-municipality", 55),
        ("my-data-submitted", 45),
    ],
    "my-data-roles": [
        ("my-data-municipality", 70),
        ("my-data-signatory", 30),
        ("my-data-since", 40),
        ("my-data-until", 40),
    ],
    "my-data-registration": [
        ("my-data-event", 60),
        ("my-data-question", 60),
        ("my-data-answer", 60),
    ],
    "my-data-tickets": [("my-data-event", 120), ("my-data-issued", 60)],
    "my-data-supports": [("my-data-number", 90), ("my-data-when", 90)],
}


def _cell(value: Any) -> str:
    return NONE if value in (None, "") else str(value)


def _section_rows(render: Renderer, when: Any) -> list[tuple[str, str, Row]]:
    """(heading, export key, row of one item) of each newer section."""
    yes, no = render.plain("my-data-yes"), render.plain("my-data-no")

    def application(a: dict[str, Any]) -> list[str]:
        applicant = "\n".join(_cell(a.get(k)) for k in ("applicant", "municipality", "contact"))
        status = APP_STATUS_KEYS.get(a.get("status") or "")
        return [
            _cell(a.get("contest")),
            _cell(a.get("nomination")),
            applicant,
            render.plain(status) if status else NONE,
        ]

    def report(r: dict[str, Any]) -> list[str]:
        sent = when(r.get("submitted_at")) if r.get("submitted_by_you") else NONE
        return [
            f"{_cell(r.get('form'))} ({_cell(r.get('year'))})",
            _cell(r.get("municipality")),
            sent,
        ]

    def role(r: dict[str, Any]) -> list[str]:
        signs = yes if r.get("signatory") else no
        return [
            _cell(r.get("municipality")),
            signs,
            when(r.get("since")),
            when(r.get("revoked_at")),
        ]

    return [
        ("my-data-contest", "contest_applications", application),
        (
            "my-data-votes",
            "contest_votes",
            lambda v: [_cell(v.get("nomination")), _cell(v.get("application")), when(v.get("at"))],
        ),
        ("my-data-reports", "municipal_reports", report),
        ("my-data-roles", "representative_roles", role),
        (
            "my-data-registration",
            "event_registration_answers",
            lambda a: [_cell(a.get(k)) for k in ("event", "question", "answer")],
        ),
        (
            "my-data-tickets",
            "event_tickets",
            lambda x: [_cell(x.get("event")), when(x.get("issued_at"))],
        ),
        (
            "my-data-supports",
            "proposal_supports",
            lambda x: [_cell(x.get("proposal")), when(x.get("at"))],
        ),
    ]


def _sections(document: Document, data: dict[str, Any], render: Renderer, when: Any) -> None:
    """What the newer sections keep (``models.privacy_sections.export``)."""
    for heading, key, row in _section_rows(render, when):
        rows = [row(item) for item in data.get(key, [])]
        _section(document, render, heading, SECTION_COLUMNS[heading], rows)


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
    _sections(document, data, render, when)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
