"""How the contest section words things: the contest's card, an application's card (for
its author, the jury, the public), the preview with what is missing."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models.contest import ApplicantKind, Application, Contest, Field, FileKind, Nomination, Stage
from models.contest import applications as apps
from models.contest.stages import stage_at
from models.errors import DomainError
from models.municipalities import get_by_id
from texts import Safe, t

STAGE_KEYS = {
    Stage.DRAFT: "contest-stage-draft",
    Stage.APPLICATIONS: "contest-stage-applications",
    Stage.JURY: "contest-stage-jury",
    Stage.VOTE: "contest-stage-vote",
    Stage.RESULTS: "contest-stage-results",
}
FIELD_KEYS = {
    Field.NOMINATION: "contest-field-nomination",
    Field.APPLICANT: "contest-field-applicant",
    Field.MUNICIPALITY: "contest-field-municipality",
    Field.CONTACT: "contest-field-contact",
    Field.TITLE: "contest-field-title",
    Field.DESCRIPTION: "contest-field-description",
    Field.RESULTS: "contest-field-results",
    Field.BUDGET: "contest-field-budget",
    Field.PHOTOS: "contest-field-photos",
    Field.DOCUMENTS: "contest-field-documents",
}
ASK_KEYS = {
    Field.APPLICANT: "contest-ask-tos",
    Field.MUNICIPALITY: "contest-ask-tos-municipality",
    Field.CONTACT: "contest-ask-contact",
    Field.TITLE: "contest-ask-title",
    Field.DESCRIPTION: "contest-ask-description",
    Field.RESULTS: "contest-ask-results",
    Field.BUDGET: "contest-ask-budget",
    Field.PHOTOS: "contest-ask-photos",
    Field.DOCUMENTS: "contest-ask-documents",
}
SHORT = 600  # characters of a long field on a card


def error_text(exc: DomainError) -> Safe:
    return t(exc.code, **exc.params)


def shorten(text: str, limit: int = SHORT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def contest_card(contest: Contest, now: datetime) -> Safe:
    stage = stage_at(contest, now)
    lines = [
        t("contest-card-title", title=contest.title),
        t("contest-card-stage", stage=t.plain(STAGE_KEYS[stage])),
        t(
            "contest-card-applications",
            start=contest.applications_from,
            end=contest.applications_until,
        ),
        t("contest-card-jury", end=contest.jury_until),
    ]
    if contest.vote_until is not None:
        lines.append(t("contest-card-vote", end=contest.vote_until))
    return Safe("\n".join(lines))


async def applicant_text(
    session: AsyncSession, app: Application, nomination: Nomination | None
) -> str:
    place = await get_by_id(session, app.municipality_id) if app.municipality_id else None
    name = place.name if place else ""
    if nomination is not None and nomination.applicant_kind is ApplicantKind.TOS:
        return t.plain("contest-applicant-tos", name=app.tos_name or "—", municipality=name or "—")
    return name or "—"


async def app_card(
    session: AsyncSession, app: Application, *, full: bool = True, with_contact: bool = False
) -> Safe:
    """An application as the jury and the public see it (the author also sees the contact)."""
    nomination = await apps.nomination_of(session, app)
    files = await apps.files_of(session, app.id)
    photos = sum(1 for f in files if f.kind is FileKind.PHOTO)
    lines = [
        t("contest-app-head", number=app.number or 0, title=app.title or "—"),
        t("contest-app-nomination", nomination=nomination.title if nomination else "—"),
        t("contest-app-applicant", applicant=await applicant_text(session, app, nomination)),
    ]
    if with_contact:
        lines.append(t("contest-app-contact", contact=app.contact or "—"))
    limit = 3000 if full else SHORT
    for key, value in (
        ("contest-app-description", app.description),
        ("contest-app-results", app.results),
        ("contest-app-budget", app.budget),
    ):
        if value:
            lines.append(t(key, text=shorten(value, limit)))
    lines.append(t("contest-app-files", photos=photos, documents=len(files) - photos))
    return Safe("\n".join(lines))


async def preview(session: AsyncSession, app: Application) -> Safe:
    """The draft with the completeness check: what is still missing."""
    card = await app_card(session, app, with_contact=True)
    absent = await apps.missing(session, app)
    lines = [t("contest-preview-head"), card]
    if app.return_comment and app.status.value == "returned":
        lines.append(t("contest-preview-returned", comment=app.return_comment))
    if absent:
        names = ", ".join(t.plain(FIELD_KEYS[f]) for f in absent)
        lines.append(t("contest-preview-missing", fields=names))
    else:
        lines.append(t("contest-preview-complete"))
    return Safe("\n\n".join(lines))
