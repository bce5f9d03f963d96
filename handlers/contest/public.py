"""The contest as everyone sees it: /contest, a contest's card with what one can do at its
stage, the rules, one's applications, the winners' practices after the results."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.contest import keyboards as kb
from handlers.contest.apply import start_pressed
from handlers.contest.callbacks import Act, ContestCb, PracticeCb, WinnersCb
from handlers.contest.views import STAGE_KEYS, app_card, contest_card
from handlers.long_text import send_chunks
from handlers.replies import alert
from models.base import utcnow
from models.contest import Application, AppStatus, Contest, FileKind, Stage
from models.contest import applications as apps
from models.contest.announce import WINNERS_SHOWN, public_favourite
from models.contest.results import results
from models.contest.setup import get_contest, juror_nominations, list_contests
from models.contest.stages import stage_at
from models.errors import DomainError
from models.users import Role, User
from texts import Safe, t

STATUS_KEYS = {
    AppStatus.DRAFT: "contest-status-draft",
    AppStatus.SUBMITTED: "contest-status-submitted",
    AppStatus.RETURNED: "contest-status-returned",
}


def is_staff(role: Role) -> bool:
    return role in (Role.MODERATOR, Role.ADMIN)


async def show_card(
    bot: Bot, chat_id: int, contest: Contest, user: User, role: Role, session: AsyncSession
) -> None:
    now = utcnow()
    stage = stage_at(contest, now)
    draft = await apps.draft_of(session, user, contest.id) if user.is_registered else None
    juror = bool(await juror_nominations(session, user.id, contest.id))
    text = contest_card(contest, now)
    if draft is not None and draft.status is AppStatus.RETURNED:
        text = Safe(text + "\n\n" + t("contest-card-returned", number=draft.number or 0))
    markup = kb.contest_actions(contest, stage, draft=draft, juror=juror, staff=is_staff(role))
    await bot.send_message(chat_id, text, reply_markup=markup)


async def section(
    message: Message, state: FSMContext, user: User, role: Role, session: AsyncSession, bot: Bot
) -> None:
    await state.clear()
    items = await list_contests(session, open_at=None if is_staff(role) else utcnow())
    if not items:
        key = "contest-none-staff" if is_staff(role) else "contest-none"
        await message.answer(t(key))
        return
    if len(items) == 1:
        await show_card(bot, message.chat.id, items[0], user, role, session)
        return
    await message.answer(t("contest-choose"), reply_markup=kb.contests(items))


async def contest_pressed(
    callback: CallbackQuery,
    callback_data: ContestCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    role: Role,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chat_id = callback.from_user.id
    try:
        contest = await get_contest(session, callback_data.contest)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code))
        return
    if (
        contest.stage is Stage.DRAFT
        and stage_at(contest, utcnow()) is Stage.DRAFT
        and not is_staff(role)
    ):
        alert(callback_answer, t.plain("contest-not-found"))
        return
    act = callback_data.act
    if act is Act.CARD:
        await show_card(bot, chat_id, contest, user, role, session)
    elif act is Act.RULES and contest.rules_file_id:
        await bot.send_document(chat_id, contest.rules_file_id, caption=t("contest-rules-caption"))
    elif act is Act.APPLY:
        await start_pressed(chat_id, contest.id, state, user, session, bot)
    elif act is Act.MINE:
        await _mine(bot, chat_id, contest, user, session)
    else:
        alert(callback_answer, t.plain("contest-stale"))


async def _mine(
    bot: Bot, chat_id: int, contest: Contest, user: User, session: AsyncSession
) -> None:
    items = [
        a for a in await apps.mine(session, user, contest.id) if a.status is not AppStatus.DRAFT
    ]
    if not items:
        await bot.send_message(chat_id, t("contest-mine-none"))
        return
    lines = [t("contest-mine-head")]
    for app in items:
        status = t.plain(STATUS_KEYS[app.status])
        vote = t.plain("contest-mine-in-vote") if app.in_vote else ""
        lines.append(
            t(
                "contest-mine-line",
                number=app.number or 0,
                title=app.title or "",
                status=status,
                vote=vote,
            )
        )
    await send_chunks(bot, chat_id, [Safe("\n".join(lines))], None)


async def winners(
    callback: CallbackQuery,
    callback_data: WinnersCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    contest = await session.get(Contest, callback_data.contest)
    if contest is None or contest.announced_at is None:
        alert(callback_answer, t.plain("contest-stale"))
        return
    chat_id = callback.from_user.id
    for result in await results(session, contest.id):
        top = [r for r in result.ranking[:WINNERS_SHOWN] if r.score is not None]
        if not top:
            continue
        lines = [t("contest-winners-head", nomination=result.nomination.title)]
        lines += [t("contest-winners-line", place=r.place, title=r.app.title or "") for r in top]
        favourite = public_favourite(result) if contest.has_vote else None
        if favourite is not None:
            lines.append(
                t(
                    "contest-announce-public",
                    title=favourite.app.title or "",
                    count=favourite.votes,
                )
            )
        buttons = [
            (r.app.id, t.plain("contest-btn-practice", place=r.place, title=r.app.title or ""))
            for r in top
        ]
        await bot.send_message(chat_id, Safe("\n".join(lines)), reply_markup=kb.practices(buttons))


def public_app(app: Application, contest: Contest, stage: Stage) -> bool:
    """A practice anyone may open: a winner after the results, or one in the public vote."""
    if app.status is not AppStatus.SUBMITTED:
        return False
    if contest.announced_at is not None:
        return True
    return app.in_vote and stage is Stage.VOTE


async def send_practice(
    bot: Bot, chat_id: int, session: AsyncSession, app: Application, card: Safe | None = None
) -> None:
    """The application's card, then its photos and documents."""
    await send_chunks(bot, chat_id, [card or await app_card(session, app)], None)
    for item in await apps.files_of(session, app.id):
        if item.kind is FileKind.PHOTO:
            await bot.send_photo(chat_id, item.file_id)
        else:
            await bot.send_document(chat_id, item.file_id)


async def practice(
    callback: CallbackQuery,
    callback_data: PracticeCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    app = await session.get(Application, callback_data.app)
    contest = await session.get(Contest, app.contest_id) if app else None
    if app is None or contest is None or not public_app(app, contest, stage_at(contest, utcnow())):
        alert(callback_answer, t.plain("contest-stale"))
        return
    await send_practice(bot, callback.from_user.id, session, app)


def create_router() -> Router:
    router = Router(name="contest_public")
    router.message.register(section, Command("contest"))
    router.message.register(section, F.text == t.plain("menu-contest"))
    router.callback_query.register(contest_pressed, ContestCb.filter())
    router.callback_query.register(winners, WinnersCb.filter())
    router.callback_query.register(practice, PracticeCb.filter())
    return router


__all__ = ["STAGE_KEYS", "create_router", "show_card"]
