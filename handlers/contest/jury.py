"""The juror's side: the next application of their queue as a card with its files, each
criterion scored by buttons (a tap again changes the score), a comment, «следующая», and
the progress «оценено 12 из 30»."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.contest import keyboards as kb
from handlers.contest.callbacks import JuryCardCb, JuryCommentCb, JuryScoresCb, ScoreCb
from handlers.contest.public import send_practice
from handlers.contest.states import ContestJury
from handlers.contest.views import app_card, error_text
from handlers.dialogue import dialogue_data
from handlers.long_text import send_chunks
from handlers.replies import alert, message_of
from models.base import utcnow
from models.contest import Application, Contest, Criterion, Nomination, ScoreSheet, Stage
from models.contest import jury as domain
from models.contest.results import weighted
from models.contest.setup import criteria_of, get_contest
from models.contest.stages import jury_over, stage_at
from models.errors import DomainError
from models.users import User
from texts import Safe, t


def criterion_prompt(
    criteria: list[Criterion], index: int, nomination: Nomination, app: Application
) -> Safe:
    criterion = criteria[index]
    return t(
        "contest-jury-criterion",
        number=app.number or 0,
        index=index + 1,
        count=len(criteria),
        title=criterion.title,
        weight=f"{criterion.weight:g}",
        low=nomination.score_min,
        high=nomination.score_max,
    )


async def next_card(
    callback: CallbackQuery,
    callback_data: JuryCardCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    await state.clear()
    chat_id = callback.from_user.id
    try:
        contest = await get_contest(session, callback_data.contest)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code))
        return
    if stage_at(contest, utcnow()) is not Stage.JURY:
        alert(callback_answer, t.plain("contest-jury-closed"))
        return
    progress = await domain.progress(session, user, contest.id)
    if progress.total == 0:
        alert(callback_answer, t.plain("contest-not-juror"))
        return
    head = t("contest-jury-progress", done=progress.done, total=progress.total)
    if progress.next_app is None:
        await bot.send_message(chat_id, Safe(head + "\n" + t("contest-jury-all-done")))
        return
    app = progress.next_app
    card = Safe(head + "\n\n" + await app_card(session, app))
    await send_practice(bot, chat_id, session, app, card=card)
    sheet = (await domain.sheets_of(session, user.id, [app.id])).get(app.id)
    text, markup = await _criterion(session, app, sheet.scores if sheet else {})
    await bot.send_message(chat_id, text, reply_markup=markup)


async def _criterion(
    session: AsyncSession, app: Application, scores: dict[str, object]
) -> tuple[Safe, InlineKeyboardMarkup]:
    """The first criterion not scored yet, with its score buttons."""
    nomination = await session.get(Nomination, app.nomination_id)
    assert nomination is not None
    criteria = await criteria_of(session, nomination.id)
    index = next((i for i, c in enumerate(criteria) if str(c.id) not in scores), 0)
    markup = kb.scores(app.id, criteria[index], nomination.score_min, nomination.score_max)
    return criterion_prompt(criteria, index, nomination, app), markup


def _summary(sheet: ScoreSheet, criteria: list[Criterion], app: Application) -> Safe:
    lines = [
        t("contest-jury-scored", number=app.number or 0, score=f"{weighted(sheet, criteria):.2f}")
    ]
    lines += [
        t("contest-jury-scored-line", title=c.title, value=str(sheet.scores.get(str(c.id), "—")))
        for c in criteria
    ]
    return Safe("\n".join(lines))


async def scored(
    callback: CallbackQuery,
    callback_data: ScoreCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    bot: Bot,
    admin_ids: frozenset[int],
) -> None:
    try:
        sheet = await domain.score(
            session,
            user,
            callback_data.app,
            callback_data.criterion,
            callback_data.value,
            t,
            admin_ids,
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    app = await session.get(Application, callback_data.app)
    assert app is not None and app.nomination_id is not None
    criteria = await criteria_of(session, app.nomination_id)
    callback_answer.text = t.plain("contest-jury-saved", value=callback_data.value)
    message = message_of(callback)
    pending = [c for c in criteria if str(c.id) not in sheet.scores]
    if pending:
        text, markup = await _criterion(session, app, sheet.scores)
    else:
        text, markup = _summary(sheet, criteria, app), kb.after_scores(app.contest_id, app.id)
    if message is not None:
        try:
            await message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as exc:  # a double tap: the message already moved on
            if "not modified" not in str(exc):
                raise
    else:
        await bot.send_message(callback.from_user.id, text, reply_markup=markup)


async def all_scores(
    callback: CallbackQuery,
    callback_data: JuryScoresCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    """After the jury stage a juror sees every juror's result on their applications."""
    contest = await session.get(Contest, callback_data.contest)
    now = utcnow()
    if contest is None or not jury_over(contest, now):
        alert(callback_answer, t.plain("contest-jury-scores-hidden"))
        return
    lines = [t("contest-jury-scores-head")]
    for app in await domain.queue(session, user, contest.id):
        criteria = await criteria_of(session, app.nomination_id or 0)
        sheets = await domain.visible_sheets(session, user, app, contest, staff=False, now=now)
        parts = []
        for sheet in sheets:
            juror = await session.get(User, sheet.user_id)
            name = juror.full_name if juror else ""
            parts.append(
                t.plain(
                    "contest-jury-scores-part",
                    name=name or "",
                    score=f"{weighted(sheet, criteria):.2f}",
                )
            )
        lines.append(
            t(
                "contest-jury-scores-line",
                number=app.number or 0,
                title=app.title or "",
                scores="; ".join(parts) or "—",
            )
        )
    await send_chunks(bot, callback.from_user.id, [Safe("\n".join(lines))], None)


async def comment_pressed(
    callback: CallbackQuery,
    callback_data: JuryCommentCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    bot: Bot,
) -> None:
    await state.set_state(ContestJury.comment)
    await state.update_data(app=callback_data.app)
    await bot.send_message(callback.from_user.id, t("contest-jury-ask-comment"))


async def comment_typed(
    message: Message, state: FSMContext, user: User, session: AsyncSession
) -> None:
    data = await dialogue_data(state, "app")
    try:
        sheet = await domain.set_comment(session, user, int(data["app"]), message.text)
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await state.clear()
    app = await session.get(Application, sheet.application_id)
    assert app is not None
    await message.answer(
        t("contest-jury-comment-saved"), reply_markup=kb.next_only(app.contest_id)
    )


async def comment_not_text(message: Message) -> None:
    await message.answer(t("contest-not-text"))


def create_router() -> Router:
    router = Router(name="contest_jury")
    router.callback_query.register(next_card, JuryCardCb.filter())
    router.callback_query.register(scored, ScoreCb.filter())
    router.callback_query.register(all_scores, JuryScoresCb.filter())
    router.callback_query.register(comment_pressed, JuryCommentCb.filter())
    not_command = ~F.text.startswith("/")
    router.message.register(comment_typed, StateFilter(ContestJury.comment), F.text, not_command)
    router.message.register(comment_not_text, StateFilter(ContestJury.comment), ~F.text)
    return router
