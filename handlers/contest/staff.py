"""Staff: a contest described in one message of structured text (/contest_new), its staff
card, moving it to the next stage, the rules file, the protocol (DOCX) and the scores
(XLSX). Every step is behind the moderator role, checked for each update."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.contest import keyboards as kb
from handlers.contest import staff_people
from handlers.contest.callbacks import StaffAct, StaffCb, StageCb
from handlers.contest.states import ContestStaff
from handlers.contest.views import STAGE_KEYS, contest_card, error_text
from handlers.dialogue import dialogue_data
from handlers.filters import RoleFilter
from handlers.replies import alert
from models.base import utcnow
from models.contest import AppStatus, Contest, protocol
from models.contest import applications as apps
from models.contest.announce import advance
from models.contest.setup import count_jurors, create_contest, get_contest, set_rules
from models.contest.spec import parse_spec
from models.contest.stages import stage_at
from models.errors import DomainError
from models.users import Role
from texts import Safe, t

SPEC_MAX = 4000


async def new_contest(message: Message, state: FSMContext) -> None:
    await state.set_state(ContestStaff.spec)
    await message.answer(t("contest-staff-ask-spec"))


async def spec_typed(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo, bot: Bot
) -> None:
    text = message.text or ""
    if len(text) > SPEC_MAX:
        await message.answer(t("contest-too-long", limit=SPEC_MAX, length=len(text)))
        return
    try:
        spec = parse_spec(text, tz)
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    assert message.from_user is not None
    contest = await create_contest(session, message.from_user.id, spec)
    await state.clear()
    head = t("contest-staff-created", count=len(spec.nominations))
    await show_staff_card(bot, message.chat.id, session, contest, head=head)


async def show_staff_card(
    bot: Bot, chat_id: int, session: AsyncSession, contest: Contest, head: Safe | None = None
) -> None:
    now = utcnow()
    stage = stage_at(contest, now)
    counts = await apps.count_by_status(session, contest.id)
    lines = [
        contest_card(contest, now),
        t(
            "contest-staff-counts",
            submitted=counts.get(AppStatus.SUBMITTED, 0),
            returned=counts.get(AppStatus.RETURNED, 0),
            drafts=counts.get(AppStatus.DRAFT, 0),
            jurors=await count_jurors(session, contest.id),
        ),
    ]
    if head is not None:
        lines.insert(0, head)
    if not contest.rules_file_id:
        lines.append(t("contest-staff-no-rules"))
    await bot.send_message(
        chat_id, Safe("\n\n".join(lines)), reply_markup=kb.staff_card(contest, stage)
    )


async def staff_pressed(
    callback: CallbackQuery,
    callback_data: StaffCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    admin_ids: frozenset[int],
    wake_sender: Callable[[], None],
) -> None:
    chat_id = callback.from_user.id
    try:
        contest = await get_contest(session, callback_data.contest)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code))
        return
    act = callback_data.act
    if act is StaffAct.CARD:
        await show_staff_card(bot, chat_id, session, contest)
    elif act is StaffAct.STAGE:
        stage = stage_at(contest, utcnow())
        text = t("contest-staff-stage-confirm", stage=t.plain(STAGE_KEYS[stage]))
        await bot.send_message(chat_id, text, reply_markup=kb.confirm_stage(contest.id, stage))
    elif act is StaffAct.RULES:
        await state.set_state(ContestStaff.rules)
        await state.update_data(contest=contest.id)
        await bot.send_message(chat_id, t("contest-staff-ask-rules"))
    elif act is StaffAct.PROTOCOL:
        await _protocol(bot, chat_id, session, contest)
    else:
        await staff_people.dispatch(
            callback, act, contest, callback_answer, session, bot, wake_sender
        )


async def stage_confirmed(
    callback: CallbackQuery,
    callback_data: StageCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    now = utcnow()
    try:
        contest = await get_contest(session, callback_data.contest)
        after = await advance(session, callback.from_user.id, contest, callback_data.stage, t, now)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code))
        return
    wake_sender()
    head = t(
        "contest-staff-stage-moved",
        before=t.plain(STAGE_KEYS[callback_data.stage]),
        after=t.plain(STAGE_KEYS[after]),
    )
    await show_staff_card(bot, callback.from_user.id, session, contest, head=head)


async def _protocol(bot: Bot, chat_id: int, session: AsyncSession, contest: Contest) -> None:
    now = utcnow()
    stamp = now.strftime("%Y%m%d")
    document = await protocol.to_docx(session, contest, t, now)
    sheet = await protocol.to_xlsx(session, contest, t)
    await bot.send_document(
        chat_id,
        BufferedInputFile(
            document, filename=t.plain("contest-protocol-filename", id=contest.id, stamp=stamp)
        ),
        caption=t("contest-protocol-caption"),
    )
    await bot.send_document(
        chat_id,
        BufferedInputFile(
            sheet, filename=t.plain("contest-scores-filename", id=contest.id, stamp=stamp)
        ),
    )


async def rules_sent(message: Message, state: FSMContext, session: AsyncSession) -> None:
    data = await dialogue_data(state, "contest")
    if message.document is None:
        await message.answer(t("contest-document-wrong"))
        return
    assert message.from_user is not None
    try:
        await set_rules(
            session, message.from_user.id, int(data["contest"]), message.document.file_id
        )
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await state.clear()
    await message.answer(t("contest-staff-rules-saved"))


def create_router() -> Router:
    router = Router(name="contest_staff")
    staff = RoleFilter(Role.MODERATOR)
    router.message.filter(staff)
    router.callback_query.filter(staff)
    router.message.register(new_contest, Command("contest_new"))
    router.callback_query.register(staff_pressed, StaffCb.filter())
    router.callback_query.register(stage_confirmed, StageCb.filter())
    not_command = ~F.text.startswith("/")
    router.message.register(spec_typed, StateFilter(ContestStaff.spec), F.text, not_command)
    router.message.register(rules_sent, StateFilter(ContestStaff.rules), not_command)
    router.include_router(staff_people.create_router())
    return router
