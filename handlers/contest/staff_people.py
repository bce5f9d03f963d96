"""Staff and people: the applications (a card with the contact and files, return for
revision with a comment, admission to the public vote), the jurors (appointing by Telegram
id, progress per juror, reminding the slow ones)."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.contest import keyboards as kb
from handlers.contest.callbacks import AppAct, AppsPageCb, JurorAddCb, StaffAct, StaffAppCb
from handlers.contest.public import send_practice
from handlers.contest.states import ContestStaff
from handlers.contest.views import app_card, error_text
from handlers.dialogue import dialogue_data
from handlers.filters import RoleFilter
from handlers.long_text import send_chunks
from handlers.replies import alert, message_of
from handlers.widgets.pager import Page
from models.base import utcnow
from models.contest import Application, AppStatus, Contest, jury
from models.contest import applications as apps
from models.contest.results import weighted
from models.contest.setup import appoint_juror, criteria_of, get_nomination, nominations_of
from models.contest.stages import accepting
from models.errors import DomainError
from models.users import Role, User
from texts import Safe, t

TELEGRAM_ID_MAX = 2**53
APPS_PER_PAGE = 10


async def dispatch(
    callback: CallbackQuery,
    act: StaffAct,
    contest: Contest,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    chat_id = callback.from_user.id
    if act is StaffAct.APPS:
        await _apps_page(bot, chat_id, session, contest, 0, None)
    elif act is StaffAct.JURY:
        await _jury(bot, chat_id, session, contest)
    elif act is StaffAct.REMIND:
        count = await jury.remind_slow(session, contest, t, actor_telegram_id=chat_id)
        wake_sender()
        callback_answer.text = t.plain("contest-staff-reminded", count=count)
    else:
        alert(callback_answer, t.plain("contest-stale"))


async def _apps_page(
    bot: Bot,
    chat_id: int,
    session: AsyncSession,
    contest: Contest,
    number: int,
    message: Message | None,
) -> None:
    """Submitted and returned applications, a page at a time (edited in place when paged)."""
    items = await apps.mine_all(session, contest.id)
    if not items:
        await bot.send_message(chat_id, t("contest-staff-apps-none"))
        return
    page = Page.of(len(items), number, APPS_PER_PAGE)
    text = t("contest-staff-apps-head", count=len(items))
    markup = kb.staff_apps(contest.id, items, page)
    if message is not None:
        await message.edit_text(text, reply_markup=markup)
    else:
        await bot.send_message(chat_id, text, reply_markup=markup)


async def apps_paged(
    callback: CallbackQuery,
    callback_data: AppsPageCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    contest = await session.get(Contest, callback_data.contest)
    if contest is None:
        alert(callback_answer, t.plain("contest-not-found"))
        return
    message = message_of(callback)
    await _apps_page(bot, callback.from_user.id, session, contest, callback_data.page, message)


async def _jury(bot: Bot, chat_id: int, session: AsyncSession, contest: Contest) -> None:
    rows = await jury.jury_progress(session, contest.id)
    lines = [t("contest-staff-jury-head")]
    for row in rows:
        mark = t.plain("contest-staff-jury-slow") if row.done < row.total else ""
        lines.append(
            t(
                "contest-staff-jury-line",
                name=row.juror.full_name or "",
                nomination=row.nomination.title,
                done=row.done,
                total=row.total,
                mark=mark,
            )
        )
    if not rows:
        lines.append(t("contest-staff-jury-none"))
    markup = kb.staff_jury(await nominations_of(session, contest.id))
    await send_chunks(bot, chat_id, [Safe("\n".join(lines))], markup)


async def app_pressed(
    callback: CallbackQuery,
    callback_data: StaffAppCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    app = await session.get(Application, callback_data.app)
    contest = await session.get(Contest, app.contest_id) if app else None
    if app is None or contest is None or app.status is AppStatus.DRAFT:
        alert(callback_answer, t.plain("contest-stale"))
        return
    chat_id = callback.from_user.id
    if callback_data.act is AppAct.OPEN:
        card = await app_card(session, app, with_contact=True)
        await send_practice(bot, chat_id, session, app, card=card)
        text = Safe(
            "\n".join(
                [
                    t("contest-staff-app-actions", number=app.number or 0),
                    *await _scores(session, app),
                ]
            )
        )
        markup = kb.staff_app(app, accepting=accepting(contest, utcnow()), vote=contest.has_vote)
        await bot.send_message(chat_id, text, reply_markup=markup)
    elif callback_data.act is AppAct.RETURN:
        await state.set_state(ContestStaff.return_comment)
        await state.update_data(app=app.id)
        await bot.send_message(chat_id, t("contest-staff-ask-return", number=app.number or 0))
    else:
        try:
            await apps.admit_to_vote(session, chat_id, app.id, t)
        except DomainError as exc:
            alert(callback_answer, t.plain(exc.code))
            return
        wake_sender()
        callback_answer.text = t.plain("contest-staff-admitted", number=app.number or 0)


async def _scores(session: AsyncSession, app: Application) -> list[Safe]:
    """The jurors' finished sheets of an application (staff see them at any stage)."""
    sheets = await jury.completed_sheets(session, [app.id])
    criteria = await criteria_of(session, app.nomination_id or 0)
    lines = [t("contest-staff-flagged")] if app.flagged_at is not None else []
    for sheet in sheets:
        juror = await session.get(User, sheet.user_id)
        lines.append(
            t(
                "contest-staff-sheet",
                name=juror.full_name if juror else "",
                score=f"{weighted(sheet, criteria):.2f}",
                comment=sheet.comment or "—",
            )
        )
    return lines


async def return_typed(
    message: Message, state: FSMContext, session: AsyncSession, wake_sender: Callable[[], None]
) -> None:
    data = await dialogue_data(state, "app")
    assert message.from_user is not None
    try:
        app = await apps.return_for_revision(
            session, message.from_user.id, int(data["app"]), message.text or "", t
        )
    except DomainError as exc:
        await state.clear()
        await message.answer(error_text(exc))
        return
    wake_sender()
    await state.clear()
    await message.answer(t("contest-staff-returned", number=app.number or 0))


async def juror_pressed(
    callback: CallbackQuery,
    callback_data: JurorAddCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    try:
        nomination = await get_nomination(session, callback_data.nomination)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code))
        return
    await state.set_state(ContestStaff.juror)
    await state.update_data(nomination=nomination.id)
    await bot.send_message(
        callback.from_user.id, t("contest-staff-ask-juror", nomination=nomination.title)
    )


async def juror_typed(message: Message, state: FSMContext, session: AsyncSession) -> None:
    data = await dialogue_data(state, "nomination")
    text = (message.text or "").strip()
    if not text.isdigit() or int(text) >= TELEGRAM_ID_MAX:
        await message.answer(t("contest-staff-juror-id"))
        return
    assert message.from_user is not None
    try:
        user = await appoint_juror(
            session, message.from_user.id, int(data["nomination"]), int(text)
        )
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await state.clear()
    await message.answer(t("contest-staff-juror-added", name=user.full_name or ""))


def create_router() -> Router:
    router = Router(name="contest_staff_people")
    staff = RoleFilter(Role.MODERATOR)
    router.message.filter(staff)
    router.callback_query.filter(staff)
    router.callback_query.register(app_pressed, StaffAppCb.filter())
    router.callback_query.register(apps_paged, AppsPageCb.filter())
    router.callback_query.register(juror_pressed, JurorAddCb.filter())
    not_command = ~F.text.startswith("/")
    router.message.register(
        return_typed, StateFilter(ContestStaff.return_comment), F.text, not_command
    )
    router.message.register(juror_typed, StateFilter(ContestStaff.juror), F.text, not_command)
    return router
