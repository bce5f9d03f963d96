"""Entering a stage: once per stage (a conditional UPDATE of ``Contest.stage`` claims it,
so two instances or a staff tap and the scheduler never do it twice). The vote's opening
and the results are announced to the subscribers of the practices topic; every applicant
hears their place."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit, outbox
from models.contest.entities import Contest, Stage
from models.contest.notices import notify_applicant
from models.contest.results import NominationResult, Ranked, results
from models.contest.stages import ORDER, STAGE_ENDS, stage_at
from models.errors import DomainError
from models.outbox import Content, MailingKind
from models.rendering import Renderer
from models.subscriptions import subscribers
from models.topics import Topic

WINNERS_SHOWN = 3


def public_favourite(result: NominationResult) -> Ranked | None:
    """The public vote's leader of a nomination (ties: the earlier submission, as the
    ranking orders them); none when nobody's vote counted."""
    leader = max(result.ranking, key=lambda r: r.votes, default=None)
    return leader if leader is not None and leader.votes > 0 else None


def winners_callback(contest_id: int) -> str:
    """The «open the winners» button of the announcement (``WinnersCb`` in handlers)."""
    return f"ctw:{contest_id}"


def vote_callback(contest_id: int) -> str:
    """The «vote» button of the vote's announcement (``VoteMenuCb`` in handlers)."""
    return f"ctv:{contest_id}"


async def sync(
    session: AsyncSession, contest: Contest, render: Renderer, now: datetime
) -> Stage | None:
    """Handle the entry of the stage the dates say, if not done yet; returns it. Commits."""
    target = stage_at(contest, now)
    recorded = contest.stage
    if ORDER.index(target) <= ORDER.index(recorded):
        return None
    claimed = await session.execute(
        update(Contest)
        .where(Contest.id == contest.id, Contest.stage == recorded)
        .values(stage=target)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        await session.commit()  # nothing written: end the transaction
        return None
    contest.stage = target
    if target is Stage.VOTE:
        contest.vote_opened_at = now
        await _announce(
            session,
            render,
            contest,
            ("contest-announce-vote", "contest-announce-vote-button"),
            vote_callback(contest.id),
        )
    elif target is Stage.RESULTS:
        await _results(session, render, contest, now)
    await session.commit()
    return target


async def advance(
    session: AsyncSession,
    actor_telegram_id: int,
    contest: Contest,
    stage: Stage,
    render: Renderer,
    now: datetime,
) -> Stage:
    """Staff end ``stage`` now (refused if the contest is past it: a second tap); the next
    stage's entry is handled at once. The date moves by a conditional UPDATE."""
    column = STAGE_ENDS.get(stage)
    if column is None or stage_at(contest, now) is not stage:
        raise DomainError("contest-stage-gone")
    moved = await session.execute(
        update(Contest)
        .where(Contest.id == contest.id, column > now)
        .values({column: now})
        .execution_options(synchronize_session=False)
    )
    if moved.rowcount != 1:  # type: ignore[attr-defined]
        await session.commit()  # nothing written: end the transaction
        raise DomainError("contest-stage-gone")
    await session.refresh(contest)
    after = stage_at(contest, now)
    audit.record(
        session,
        actor_telegram_id,
        "contest.stage",
        target=f"contest:{contest.id}",
        before=stage.value,
        after=after.value,
    )
    await session.commit()
    await sync(session, contest, render, now)
    return after


async def _announce(
    session: AsyncSession,
    render: Renderer,
    contest: Contest,
    keys: tuple[str, str],
    callback_data: str,
    extra: str = "",
) -> None:
    key, button_key = keys
    recipients = await subscribers(session, frozenset({Topic.PRACTICES}))
    button = render.plain(button_key)
    await outbox.enqueue(
        session,
        kind=MailingKind.ANNOUNCEMENT,
        title=render.plain("contest-mailing-announce", contest=contest.title),
        content=Content(
            text=render(key, contest=contest.title) + extra,
            buttons=[[{"text": button, "callback_data": callback_data}]],
        ),
        recipients=recipients,
        dedup_key=f"contest:{contest.id}:{key}",
    )


async def _results(
    session: AsyncSession, render: Renderer, contest: Contest, now: datetime
) -> None:
    contest.announced_at = now
    lines = []
    for result in await results(session, contest.id):
        top = [r for r in result.ranking[:WINNERS_SHOWN] if r.score is not None]
        block = [render("contest-announce-nomination", nomination=result.nomination.title)]
        block += [
            render("contest-announce-line", place=r.place, title=r.app.title or "") for r in top
        ]
        favourite = public_favourite(result) if contest.has_vote else None
        if favourite is not None:
            block.append(
                render(
                    "contest-announce-public",
                    title=favourite.app.title or "",
                    count=favourite.votes,
                )
            )
        lines.append("\n".join(block))
        for item in result.ranking:
            await notify_applicant(
                session,
                render,
                item.app,
                "contest-notice-result",
                contest=contest,
                place=item.place,
                total=len(result.ranking),
                nomination=result.nomination.title,
            )
    await _announce(
        session,
        render,
        contest,
        ("contest-announce-results", "contest-announce-results-button"),
        winners_callback(contest.id),
        "".join("\n\n" + line for line in lines),
    )
