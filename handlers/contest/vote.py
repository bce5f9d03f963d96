"""The public vote: the nominations, the admitted applications as cards with a vote
button (one's own choice marked), a vote changed by pressing another card's button."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.contest import keyboards as kb
from handlers.contest.callbacks import BallotCb, VoteCb, VoteMenuCb
from handlers.replies import alert, message_of
from models.base import utcnow
from models.contest import Application, Contest, Nomination, Stage, voting
from models.contest.setup import nominations_of
from models.contest.stages import stage_at
from models.errors import DomainError
from models.users import User
from texts import Safe, t


async def vote_menu(
    callback: CallbackQuery,
    callback_data: VoteMenuCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    contest = await session.get(Contest, callback_data.contest)
    if contest is None or stage_at(contest, utcnow()) is not Stage.VOTE:
        alert(callback_answer, t.plain("contest-vote-closed"))
        return
    items = [
        n
        for n in await nominations_of(session, contest.id)
        if await voting.ballot(session, contest.id, n.id)
    ]
    if not items:
        alert(callback_answer, t.plain("contest-vote-empty"))
        return
    text = t("contest-vote-head", contest=contest.title)
    if not contest.live_counts:
        text = Safe(text + "\n" + t("contest-vote-counts-later"))
    await bot.send_message(callback.from_user.id, text, reply_markup=kb.ballots(items))


async def ballot(
    callback: CallbackQuery,
    callback_data: BallotCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    nomination = await session.get(Nomination, callback_data.nomination)
    contest = await session.get(Contest, nomination.contest_id) if nomination else None
    now = utcnow()
    if nomination is None or contest is None or stage_at(contest, now) is not Stage.VOTE:
        alert(callback_answer, t.plain("contest-vote-closed"))
        return
    text, markup = await ballot_message(session, user, contest, nomination)
    await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def ballot_message(
    session: AsyncSession, user: User, contest: Contest, nomination: Nomination
) -> tuple[Safe, InlineKeyboardMarkup]:
    """One message per nomination: the practices in short, a vote button and an «open»
    button for each; one's own choice marked; the counts when they may be shown."""
    now = utcnow()
    mine = await voting.my_vote(session, user, nomination.id)
    counts = (
        await voting.tally(session, nomination.id) if voting.counts_visible(contest, now) else None
    )
    items = await voting.ballot(session, contest.id, nomination.id)
    lines = [t("contest-ballot-head", nomination=nomination.title)]
    for app in items:
        line = t("contest-ballot-line", number=app.number or 0, title=app.title or "")
        if counts is not None:
            line = Safe(line + " " + t("contest-ballot-count", count=counts.get(app.id, 0)))
        lines.append(line)
    return Safe("\n".join(lines)), kb.ballot(items, mine)


async def voted(
    callback: CallbackQuery,
    callback_data: VoteCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    admin_ids: frozenset[int],
) -> None:
    try:
        result = await voting.vote(session, user, callback_data.app, t, admin_ids)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    if not result.counted:
        alert(callback_answer, t.plain("contest-vote-not-counted"))
    elif not result.changed:
        callback_answer.text = t.plain("contest-vote-same")
    else:
        key = "contest-vote-moved" if result.previous_id else "contest-vote-done"
        callback_answer.text = t.plain(key)
    message = message_of(callback)
    app = await session.get(Application, callback_data.app)
    nomination = await session.get(Nomination, app.nomination_id) if app else None
    contest = await session.get(Contest, app.contest_id) if app else None
    if message is None or not result.changed or nomination is None or contest is None:
        return
    text, markup = await ballot_message(session, user, contest, nomination)
    await message.edit_text(text, reply_markup=markup)


def create_router() -> Router:
    router = Router(name="contest_vote")
    router.callback_query.register(vote_menu, VoteMenuCb.filter())
    router.callback_query.register(ballot, BallotCb.filter())
    router.callback_query.register(voted, VoteCb.filter())
    return router
