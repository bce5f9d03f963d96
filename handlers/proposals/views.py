"""How the proposals section words what it shows: a draft, a proposal's card, the collection
state, an error; and how long texts are packed into messages Telegram accepts."""

from __future__ import annotations

from datetime import datetime

from models.errors import DomainError
from models.proposals.campaigns import Collection
from models.proposals.drafts import Draft
from models.proposals.entities import AmendmentKind, Proposal
from models.proposals.places import Place, PlaceKind
from models.users import User
from texts import Safe, t

ATTACHMENT_KEYS = {
    "document": "proposals-attachment-document",
    "photo": "proposals-attachment-photo",
}


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def place_text(place: Place | None) -> str:
    return t.plain("proposals-no-place") if place is None else place.label(t)


def error_text(exc: DomainError) -> Safe:
    """A refusal of the domain in words: its code is the key, places become labels."""
    params = {k: v.label(t) if isinstance(v, Place) else v for k, v in exc.params.items()}
    return t(exc.code, **params)


def error_plain(exc: DomainError) -> str:
    params = {k: v.label(t) if isinstance(v, Place) else v for k, v in exc.params.items()}
    return t.plain(exc.code, **params)


def collection_line(state: Collection) -> Safe:
    if state.campaign is not None:
        return t(
            "proposals-collection-campaign",
            title=state.campaign.title,
            deadline=state.campaign.deadline,
        )
    last = state.last_ended
    if not state.accepting:
        if last is not None:
            return t("proposals-collection-closed-since", since=last.ended_at)
        return t("proposals-collection-none")
    if last is not None:
        return t("proposals-collection-after", title=last.title, ended=last.ended_at)
    return t("proposals-collection-open")


def closed_text(since: datetime | None) -> Safe:
    if since is None:
        return t("proposals-closed")
    return t("proposals-closed-since", since=since)


def _field(header_key: str, value: str | None) -> str:
    """A bold header and the person's text quoted below it (or a dash)."""
    body = t("proposals-quote", text=value) if value else t("proposals-field-missing")
    return f"{t(header_key)}\n{body}"


def _attachment(kind: str | None, missing: str) -> str:
    return t.plain(ATTACHMENT_KEYS.get(kind or "", missing))


def draft_sections(draft: Draft) -> list[str]:
    """The preview as paragraphs; :func:`pack` puts them into messages."""
    kind = draft.amendment_kind
    parts: list[str] = [
        t("proposals-preview-title"),
        t("proposals-field-place", place=place_text(draft.place)),
        t("proposals-field-kind", kind=kind if kind else t.plain("proposals-field-missing")),
    ]
    if draft.is_provision:
        header = (
            "proposals-field-current-from-law"
            if draft.current_from_law
            else "proposals-field-current"
        )
        parts.append(_field(header, draft.current_wording))
    if kind is not AmendmentKind.DELETION:
        parts.append(_field("proposals-field-proposed", draft.proposed_wording))
    parts.append(_field("proposals-field-justification", draft.justification))
    attachment = _attachment(draft.attachment_kind, "proposals-attachment-none")
    parts.append(t("proposals-field-attachment", attachment=attachment))
    parts.append(t("proposals-preview-hint"))
    return parts


def proposal_sections(p: Proposal, *, staff: bool = False) -> list[str]:
    place = t.plain("proposals-place-with-kind", place=p.place.label(t), kind=p.kind)
    parts: list[str] = [
        t("proposals-card-title", number=p.number),
        t("proposals-field-status", status=p.status, since=p.status_changed_at),
        t("proposals-field-submitted", when=p.submitted_at),
        t("proposals-field-place", place=place),
    ]
    if p.place_kind is PlaceKind.PROVISION:
        parts.append(_field("proposals-field-current", p.current_wording))
    if p.proposed_wording:
        parts.append(_field("proposals-field-proposed", p.proposed_wording))
    parts.append(_field("proposals-field-justification", p.justification))
    if p.attachment_kind:
        attachment = _attachment(p.attachment_kind, "proposals-attachment-file")
        parts.append(t("proposals-field-attachment", attachment=attachment))
    if staff:
        parts.append(author_card(p.author))
    if p.answer:
        parts.append(_field("proposals-field-answer", p.answer))
    return parts


def author_card(user: User | None) -> Safe:
    if user is None or user.full_name is None:
        return t("proposals-field-author", name=t.plain("proposals-anonymised"))
    missing = t.plain("proposals-field-missing")
    return t(
        "proposals-author-card",
        name=user.full_name,
        occupation=user.occupation or missing,
        municipality=user.municipality.name if user.municipality else missing,
        telegram_id=user.telegram_id,
    )


def mine_line(p: Proposal) -> Safe:
    args = {"number": p.number, "place": p.place.label(t), "status": p.status}
    if p.answer:
        return t("proposals-mine-line-answer", **args, answer=shorten(p.answer, 200))
    return t("proposals-mine-line", **args)
