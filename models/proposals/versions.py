"""Versions of the text under consultation: what a new version changed, provision by
provision (added / removed / changed, with a short word diff), which proposals now amend a
wording that is no longer current (flagged «редакция изменилась» for staff), and, when the
adopted text is published, whether each proposal made it into it (the author is told)."""

from __future__ import annotations

import difflib
import enum
import re
from dataclasses import dataclass, replace
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models.base import utcnow
from models.lawtext import LawStructure, numbers
from models.outbox import Content, MailingKind, Recipient
from models.proposals.decisions import ProposalReview, reviews_of
from models.proposals.entities import AmendmentKind, Proposal, ProposalStatus
from models.proposals.places import Place, PlaceKind
from models.proposals.queries import QueueFilter, all_matching
from models.rendering import Renderer

SHORT_DIFF_MAX = 240
SIMILAR = 0.85  # a proposed wording this close to the adopted one counts as taken in
_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({"«": '"', "»": '"', "„": '"', "“": '"', "”": '"', "ё": "е"})


class ChangeKind(enum.StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Change:
    place: Place
    kind: ChangeKind
    old: str
    new: str

    @property
    def short(self) -> str:
        return short_diff(self.old, self.new)


def normal(text: str | None) -> str:
    return _SPACES.sub(" ", (text or "").translate(_QUOTES)).strip().casefold()


def provisions(law: LawStructure) -> dict[Place, str]:
    """Each provision's own text (what is below it is a provision of its own)."""
    found: dict[Place, str] = {}
    for art in law.articles:
        found[Place(PlaceKind.PROVISION, art.number)] = f"{art.heading}\n{art.text}".strip()
        holders = [(None, art.points)] + [(p.number, p.points) for p in art.parts]
        for prt in art.parts:
            found[Place(PlaceKind.PROVISION, art.number, prt.number)] = prt.text
        for part_no, points in holders:
            for pt in points:
                found[Place(PlaceKind.PROVISION, art.number, part_no, pt.number)] = pt.text
                for sub in pt.subpoints:
                    code = numbers.with_sub(pt.number, sub.number)
                    found[Place(PlaceKind.PROVISION, art.number, part_no, code)] = sub.text
    return found


def short_diff(old: str, new: str, limit: int = SHORT_DIFF_MAX) -> str:
    """Words taken out as «−…», words put in as «+…»."""
    a, b = old.split(), new.split()
    pieces: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op in ("delete", "replace"):
            pieces.append("−«" + " ".join(a[i1:i2]) + "»")
        if op in ("insert", "replace"):
            pieces.append("+«" + " ".join(b[j1:j2]) + "»")
    text = " ".join(pieces)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff(old: LawStructure, new: LawStructure) -> list[Change]:
    before, after = provisions(old), provisions(new)
    changes: list[Change] = []
    for place in before.keys() | after.keys():
        was, now = before.get(place), after.get(place)
        if was is None:
            changes.append(Change(place, ChangeKind.ADDED, "", now or ""))
        elif now is None:
            changes.append(Change(place, ChangeKind.REMOVED, was, ""))
        elif normal(was) != normal(now):
            changes.append(Change(place, ChangeKind.CHANGED, was, now))
    return sorted(changes, key=lambda c: c.place.sort_key)


def _wording(law: LawStructure, place: Place) -> str | None:
    if place.kind is not PlaceKind.PROVISION or place.article is None:
        return None
    return law.wording(place.article, place.part, place.point)


async def flag_changed(
    session: AsyncSession,
    scope: QueueFilter,
    old: LawStructure,
    new: LawStructure,
    version_id: int,
    now: datetime | None = None,
) -> list[Proposal]:
    """Flag the proposals of ``scope`` whose provision reads differently in ``new`` (the
    wording they amend is no longer current). Commits; returns the newly flagged."""
    now = now or utcnow()
    everything = replace(
        scope, statuses=frozenset(set(ProposalStatus) - {ProposalStatus.WITHDRAWN})
    )
    proposals = await all_matching(session, everything)
    reviews = await reviews_of(session, [p.id for p in proposals])
    flagged: list[Proposal] = []
    for p in proposals:
        if p.place_kind is not PlaceKind.PROVISION:
            continue
        was = _wording(old, p.place)
        if was is None:  # not in the old text: what the author quoted
            was = p.current_wording
        if normal(was) == normal(_wording(new, p.place)):
            continue
        row = reviews.get(p.id)
        if row is None:
            row = ProposalReview(proposal_id=p.id)
            session.add(row)
        if row.wording_changed_version_id != version_id:
            row.wording_changed_version_id, row.wording_changed_at = version_id, now
            flagged.append(p)
    await session.commit()
    return flagged


def made_it(p: Proposal, adopted: LawStructure) -> bool:
    """Whether the adopted text carries the proposed change."""
    text = _wording(adopted, p.place)
    if p.kind is AmendmentKind.DELETION:
        node = adopted.find(p.place.article or 0, p.place.part, p.place.point)
        return node is None or bool(getattr(node, "repealed", False))
    proposed = normal(p.proposed_wording)
    if not proposed:
        return False
    if p.place_kind is not PlaceKind.PROVISION:
        whole = normal("\n".join(a.wording() for a in adopted.articles))
        return proposed in whole
    here = normal(text)
    if proposed in here:
        return True
    # Close to the proposal, and closer to it than to the wording the author amended (an
    # unchanged provision never counts, however similar the proposal is to it).
    near = difflib.SequenceMatcher(a=proposed, b=here, autojunk=False).ratio()
    was = difflib.SequenceMatcher(a=normal(p.current_wording), b=here, autojunk=False).ratio()
    return near >= SIMILAR and near > was


async def tell_result(
    session: AsyncSession,
    actor_telegram_id: int,
    scope: QueueFilter,
    adopted: LawStructure,
    *,
    title: str,
    scope_key: str,
    render: Renderer,
) -> dict[int, bool]:
    """Tell each author of a proposal of ``scope`` (withdrawn aside) its decision and
    whether the adopted text contains the change; once per proposal. Returns proposal id
    → made it. Audited, commits."""
    everything = replace(
        scope, statuses=frozenset(set(ProposalStatus) - {ProposalStatus.WITHDRAWN})
    )
    results: dict[int, bool] = {}
    for p in await all_matching(session, everything):
        results[p.id] = taken = made_it(p, adopted)
        author = p.author
        if author is None or author.full_name is None or not author.is_active:
            continue
        status = render.label(p.status)
        text = render(
            "decisions-result-notice",
            title=title,
            number=p.number,
            place=p.place.label(render),
            status=status,
            taken="yes" if taken else "no",
        )
        if p.answer:
            text += "\n" + render("decisions-summary-line-reason", reason=p.answer[:500])
        await outbox.enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("decisions-result-mailing", number=p.number),
            content=Content(text=text),
            recipients=[Recipient(author.telegram_id, author.id)],
            created_by=actor_telegram_id,
            dedup_key=f"result:{scope_key}:{p.id}",
        )
    audit.record(
        session,
        actor_telegram_id,
        "proposals.result",
        target=scope_key,
        proposals=len(results),
        taken=sum(results.values()),
    )
    await session.commit()
    return results
