"""The summary of proposals (сводка предложений): per provision each proposal with its
author and municipality, its support count, the decision and its reason; the totals
(received, учтено, учтено частично, не учтено); municipalities' positions when the caller has
them. :func:`build` reads it for a scope (a ``QueueFilter``: a campaign, an act); the
writers are in :mod:`models.proposals.summary_files`; :func:`publish` sends it to everyone
who took part (authors and supporters), each with their own lines in their message."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import outbox
from models.municipalities import Municipality
from models.outbox import Content, ContentKind, MailingKind, Recipient
from models.proposals.entities import AmendmentKind, Proposal, ProposalStatus
from models.proposals.places import Place
from models.proposals.queries import QueueFilter, all_matching
from models.proposals.support import supporters
from models.rendering import Renderer
from models.users import User

PERSONAL_LINES_MAX = 25  # lines of one person's message; the rest is counted


@dataclass(frozen=True)
class Line:
    index: int
    proposal_id: int
    number: str
    place: Place
    kind: AmendmentKind
    proposed: str
    author: str | None  # None: anonymised
    municipality: str
    supports: int
    status: ProposalStatus
    reason: str
    author_user_id: int | None
    supporter_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class Group:
    place: Place
    lines: list[Line]


@dataclass(frozen=True)
class Position:
    """A municipality's official position, as the consultations section gives it."""

    municipality: str
    stance: str  # already worded («поддерживаем с замечаниями»)
    text: str


@dataclass(frozen=True)
class Totals:
    received: int
    accepted: int
    partial: int
    rejected: int

    @property
    def undecided(self) -> int:
        return self.received - self.accepted - self.partial - self.rejected


@dataclass
class Summary:
    groups: list[Group]
    positions: list[Position] = field(default_factory=list)

    @property
    def lines(self) -> list[Line]:
        return [line for g in self.groups for line in g.lines]

    @property
    def totals(self) -> Totals:
        lines = self.lines

        def n(status: ProposalStatus) -> int:
            return sum(1 for line in lines if line.status is status)

        return Totals(
            received=len(lines),
            accepted=n(ProposalStatus.ACCEPTED),
            partial=n(ProposalStatus.PARTIALLY_ACCEPTED),
            rejected=n(ProposalStatus.REJECTED),
        )

    def fingerprint(self) -> str:
        """Changes when any decision, reason or support changes (the dedup of a sending)."""
        digest = hashlib.sha256()
        for line in self.lines:
            digest.update(f"{line.number}|{line.status}|{line.reason}|{line.supports}\n".encode())
        return digest.hexdigest()[:16]


def _line(index: int, p: Proposal, names: dict[int, str], backers: list[User]) -> Line:
    user = p.author
    author, mun = None, ""
    if user is not None and user.full_name is not None:
        author = user.full_name
        mun = names.get(p.municipality_id or 0, "")
    return Line(
        index=index,
        proposal_id=p.id,
        number=p.number,
        place=p.place,
        kind=p.kind,
        proposed=p.proposed_wording or "",
        author=author,
        municipality=mun,
        supports=len(backers),
        status=p.status,
        reason=p.answer or "" if p.status is not ProposalStatus.SUBMITTED else "",
        author_user_id=p.author_id,
        supporter_ids=tuple(u.id for u in backers),
    )


async def build(
    session: AsyncSession, scope: QueueFilter, positions: Sequence[Position] = ()
) -> Summary:
    """Every proposal of ``scope`` but the withdrawn, grouped by provision in the law's
    order."""
    shown = frozenset(set(ProposalStatus) - {ProposalStatus.WITHDRAWN})
    proposals = await all_matching(session, replace(scope, statuses=shown))
    names = {m.id: m.name for m in await session.scalars(select(Municipality))}
    backers = await supporters(session, [p.id for p in proposals])
    groups: dict[tuple[int, int, int, int], Group] = {}
    for index, p in enumerate(proposals, start=1):
        line = _line(index, p, names, backers.get(p.id, []))
        groups.setdefault(p.place.sort_key, Group(place=p.place, lines=[])).lines.append(line)
    return Summary(groups=list(groups.values()), positions=list(positions))


def line_text(render: Renderer, line: Line, *, supported: bool = False) -> str:
    """One line of a person's message (HTML)."""
    key = "decisions-summary-line-supported" if supported else "decisions-summary-line"
    status = render.label(line.status)
    text = render(key, number=line.number, place=line.place.label(render), status=status)
    if line.reason:
        text += "\n" + render("decisions-summary-line-reason", reason=line.reason[:300])
    return text


def personal_text(render: Renderer, title: str, own: list[Line], backed: list[Line]) -> str:
    parts = [render("decisions-summary-personal", title=title)]
    blocks = (("decisions-summary-own", own, False), ("decisions-summary-backed", backed, True))
    budget = PERSONAL_LINES_MAX
    for key, lines, supported in blocks:
        if not lines:
            continue
        shown = lines[: max(budget, 0)]
        budget -= len(shown)
        parts.append(
            render(key)
            + "\n"
            + "\n".join(line_text(render, x, supported=supported) for x in shown)
        )
        if len(lines) > len(shown):
            parts.append(render("decisions-summary-more", count=len(lines) - len(shown)))
    parts.append(render("decisions-summary-files"))
    return "\n\n".join(parts)


def participants(summary: Summary) -> dict[int, tuple[list[Line], list[Line]]]:
    """user id → (their own lines, lines they supported)."""
    found: dict[int, tuple[list[Line], list[Line]]] = {}
    for line in summary.lines:
        if line.author_user_id is not None and line.author is not None:
            found.setdefault(line.author_user_id, ([], []))[0].append(line)
        for uid in line.supporter_ids:
            found.setdefault(uid, ([], []))[1].append(line)
    return found


async def publish(
    session: AsyncSession,
    actor_telegram_id: int,
    summary: Summary,
    files: Sequence[tuple[str, str]],
    *,
    title: str,
    scope_key: str,
    render: Renderer,
) -> int:
    """Send the summary to every participant: their message with their own lines, then
    the files (``(file_id, caption)`` of documents staff already got), all through the
    outbox, once per summary version (a repeated press adds nothing). Returns how many
    people it goes to. Commits."""
    people = participants(summary)
    users = {
        u.id: u
        for u in await session.scalars(select(User).where(User.id.in_(list(people))))
        if u.is_active and u.telegram_id > 0 and u.full_name is not None
    }
    key = f"summary:{scope_key}:{summary.fingerprint()}"
    recipients: list[Recipient] = []
    for uid, (own, backed) in people.items():
        user = users.get(uid)
        if user is None:
            continue
        recipients.append(Recipient(user.telegram_id, user.id))
        await outbox.enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("decisions-summary-mailing", title=title),
            content=Content(text=personal_text(render, title, own, backed)),
            recipients=[recipients[-1]],
            created_by=actor_telegram_id,
            dedup_key=f"{key}:u{uid}",
        )
    for n, (file_id, caption) in enumerate(files):
        if not recipients:
            break
        await outbox.enqueue(
            session,
            kind=MailingKind.NOTICE,
            title=render.plain("decisions-summary-mailing", title=title),
            content=Content(kind=ContentKind.DOCUMENT, file_id=file_id, text=caption),
            recipients=recipients,
            created_by=actor_telegram_id,
            dedup_key=f"{key}:f{n}",
        )
    await session.commit()
    return len(recipients)
