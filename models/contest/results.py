"""Results: each juror's weighted score of an application (Σ weight·score / Σ weight), the
application's result as the mean over its jurors, the ranking per nomination with ties
broken by the earlier (first) submission; and the public vote's counts beside it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession

from models.contest.applications import submitted
from models.contest.entities import Application, Criterion, Nomination, ScoreSheet
from models.contest.jury import completed_sheets
from models.contest.setup import criteria_of, nominations_of
from models.contest.voting import tally


def weighted(sheet: ScoreSheet, criteria: list[Criterion]) -> float:
    total_weight = sum(c.weight for c in criteria)
    points = sum(c.weight * float(sheet.scores.get(str(c.id), 0)) for c in criteria)
    return points / total_weight if total_weight else 0.0


@dataclass
class Ranked:
    app: Application
    place: int
    score: float | None  # None: no juror finished it
    by_juror: dict[int, float] = field(default_factory=dict)  # user id → weighted score
    sheets: list[ScoreSheet] = field(default_factory=list)
    votes: int = 0


@dataclass
class NominationResult:
    nomination: Nomination
    criteria: list[Criterion]
    ranking: list[Ranked]


def _order(item: Ranked) -> tuple[float, float, int]:
    submitted_at = item.app.submitted_at
    moment = submitted_at.timestamp() if submitted_at else float("inf")
    return (-(item.score if item.score is not None else -1.0), moment, item.app.number or 0)


async def rank(session: AsyncSession, nomination: Nomination) -> NominationResult:
    criteria = await criteria_of(session, nomination.id)
    apps = await submitted(session, nomination.contest_id, nomination.id)
    sheets = await completed_sheets(session, (a.id for a in apps))
    votes = await tally(session, nomination.id)
    items = []
    for app in apps:
        mine = [s for s in sheets if s.application_id == app.id]
        by_juror = {s.user_id: weighted(s, criteria) for s in mine}
        score = sum(by_juror.values()) / len(by_juror) if by_juror else None
        items.append(Ranked(app, 0, score, by_juror, mine, votes.get(app.id, 0)))
    items.sort(key=_order)
    for place, item in enumerate(items, start=1):
        item.place = place
    return NominationResult(nomination, criteria, items)


async def results(session: AsyncSession, contest_id: int) -> list[NominationResult]:
    return [await rank(session, n) for n in await nominations_of(session, contest_id)]
