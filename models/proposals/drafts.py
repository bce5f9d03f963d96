"""A half-written proposal. Everything a person types goes into their draft row at once
(:class:`~models.proposals.entities.ProposalDraft`), so a restart or ``/cancel`` loses
nothing; the dialogue asks :attr:`Draft.next_step`."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models.base import dialect_insert, utcnow
from models.errors import DomainError
from models.proposals.entities import TEXT_MAX, AmendmentKind, ProposalDraft
from models.proposals.law import LawStructure
from models.proposals.places import Place, PlaceKind

ATTACHMENT_KINDS = ("document", "photo")


class Step(enum.StrEnum):
    PLACE = "place"
    KIND = "kind"
    CURRENT = "current"
    PROPOSED = "proposed"
    JUSTIFICATION = "justification"
    ATTACHMENT = "attachment"
    PREVIEW = "preview"


def clean_text(raw: str | None, *, limit: int = TEXT_MAX, required: bool = True) -> str | None:
    """Strip a typed text; refuse it empty (when required) or longer than ``limit``."""
    value = (raw or "").strip()
    if not value:
        if required:
            raise DomainError("proposals-empty")
        return None
    if len(value) > limit:
        raise DomainError("proposals-too-long", length=len(value), limit=limit)
    return value


@dataclass
class Draft:
    """The draft's fields. ``*_done`` flags mark optional steps answered (even with nothing)."""

    place_kind: str | None = None
    article: int | None = None
    part: int | None = None
    point: int | None = None
    kind: str | None = None
    current_wording: str | None = None
    current_done: bool = False
    current_from_law: bool = False
    proposed_wording: str | None = None
    justification: str | None = None
    attachment_file_id: str | None = None
    attachment_kind: str | None = None
    attachment_done: bool = False
    editing: str | None = None  # a step reopened from the preview

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Draft:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def place(self) -> Place | None:
        if self.place_kind is None:
            return None
        return Place.of(self.place_kind, self.article, self.part, self.point)

    @property
    def amendment_kind(self) -> AmendmentKind | None:
        return None if self.kind is None else AmendmentKind(self.kind)

    @property
    def is_provision(self) -> bool:
        return self.place_kind == PlaceKind.PROVISION

    @property
    def next_step(self) -> Step:
        """The step reopened for an edit, else the first step not answered yet; the preview
        when everything is."""
        if self.editing is not None:
            return Step(self.editing)
        if self.place_kind is None:
            return Step.PLACE
        if self.kind is None:
            return Step.KIND
        if self.is_provision and not self.current_done:
            return Step.CURRENT
        if self.kind != AmendmentKind.DELETION and not self.proposed_wording:
            return Step.PROPOSED
        if not self.justification:
            return Step.JUSTIFICATION
        if not self.attachment_done:
            return Step.ATTACHMENT
        return Step.PREVIEW


async def get_draft(session: AsyncSession, user_id: int) -> Draft | None:
    row = await session.get(ProposalDraft, user_id, populate_existing=True)
    return None if row is None else Draft.from_json(row.data)


async def save_draft(
    session: AsyncSession, user_id: int, draft: Draft, *, answered: bool = True
) -> Draft:
    """Write the whole draft and commit; ``answered`` ends an edit from the preview."""
    if answered:
        draft.editing = None
    # Insert-or-update in one statement: two first answers racing never hit the key.
    insert = dialect_insert(session)
    stmt = insert(ProposalDraft).values(user_id=user_id, data=draft.to_json(), updated_at=utcnow())
    await session.execute(
        stmt.on_conflict_do_update(
            index_elements=["user_id"],
            set_={"data": stmt.excluded.data, "updated_at": stmt.excluded.updated_at},
        )
    )
    await session.commit()
    return draft


async def start_draft(session: AsyncSession, user_id: int) -> Draft:
    return await save_draft(session, user_id, Draft())


async def discard_draft(session: AsyncSession, user_id: int) -> bool:
    row = await session.get(ProposalDraft, user_id)
    if row is None:
        return False
    await session.delete(row)
    await session.commit()
    return True


async def _draft_or_new(session: AsyncSession, user_id: int) -> Draft:
    return await get_draft(session, user_id) or Draft()


async def set_place(
    session: AsyncSession,
    user_id: int,
    kind: PlaceKind,
    article: int | None = None,
    part: int | None = None,
    point: int | None = None,
    law: LawStructure | None = None,
) -> Draft:
    """Choose the place; with a loaded law the provision must exist and its current wording
    is taken from the text. A changed place clears what depended on it."""
    if kind is PlaceKind.PROVISION:
        if article is None:
            raise DomainError("proposals-bad-place")
        if law is not None and not law.has(article, part, point):
            raise DomainError("proposals-no-such-place", place=Place(kind, article, part, point))
    else:
        article = part = point = None
    draft = await _draft_or_new(session, user_id)
    new = (kind.value, article, part, point)
    changed = (draft.place_kind, draft.article, draft.part, draft.point) != new
    draft.place_kind, draft.article, draft.part, draft.point = new
    if changed or draft.current_from_law:
        draft.current_wording, draft.current_done, draft.current_from_law = None, False, False
    if kind is PlaceKind.NEW_ARTICLE:
        draft.kind = AmendmentKind.ADDITION.value
    elif kind is PlaceKind.WHOLE_LAW and draft.kind == AmendmentKind.DELETION:
        draft.kind = None
    if kind is PlaceKind.PROVISION and law is not None and article is not None:
        draft.current_wording = law.wording(article, part, point)
        draft.current_done = draft.current_from_law = True
    return await save_draft(session, user_id, draft)


async def set_kind(session: AsyncSession, user_id: int, kind: AmendmentKind) -> Draft:
    """The kind; a new article is only an addition, the whole law cannot be deleted (the
    buttons offer nothing else: anything else is a stale button)."""
    draft = await _draft_or_new(session, user_id)
    if draft.place_kind == PlaceKind.NEW_ARTICLE and kind is not AmendmentKind.ADDITION:
        raise DomainError("proposals-stale")
    if draft.place_kind == PlaceKind.WHOLE_LAW and kind is AmendmentKind.DELETION:
        raise DomainError("proposals-stale")
    draft.kind = kind.value
    if kind is AmendmentKind.DELETION:
        draft.proposed_wording = None
    return await save_draft(session, user_id, draft)


async def set_current(session: AsyncSession, user_id: int, raw: str | None) -> Draft:
    """The current wording typed by the person (optional; ``None`` skips it)."""
    draft = await _draft_or_new(session, user_id)
    draft.current_wording = clean_text(raw, required=False)
    draft.current_done, draft.current_from_law = True, False
    return await save_draft(session, user_id, draft)


async def set_proposed(session: AsyncSession, user_id: int, raw: str | None) -> Draft:
    draft = await _draft_or_new(session, user_id)
    draft.proposed_wording = clean_text(raw)
    return await save_draft(session, user_id, draft)


async def set_justification(session: AsyncSession, user_id: int, raw: str | None) -> Draft:
    draft = await _draft_or_new(session, user_id)
    draft.justification = clean_text(raw)
    return await save_draft(session, user_id, draft)


async def set_attachment(
    session: AsyncSession, user_id: int, file_id: str | None, kind: str | None
) -> Draft:
    if kind is not None and kind not in ATTACHMENT_KINDS:
        raise DomainError("proposals-attachment-wrong")
    draft = await _draft_or_new(session, user_id)
    draft.attachment_file_id, draft.attachment_kind = file_id, kind if file_id else None
    draft.attachment_done = True
    return await save_draft(session, user_id, draft)


async def reopen_step(session: AsyncSession, user_id: int, step: Step) -> Draft:
    """Ask one step again (an edit from the preview); the old answer stays until a new one
    is given, so leaving the edit loses nothing."""
    if step is Step.PREVIEW:
        raise DomainError("proposals-stale")
    draft = await _draft_or_new(session, user_id)
    draft.editing = step.value
    return await save_draft(session, user_id, draft, answered=False)
