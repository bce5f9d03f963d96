"""Staff decisions beyond one card: the same decision for every undecided proposal on one
provision, answer templates (picked while a reason is awaited, shown to edit or applied as
they are; /templates, /template_add), the responsible staff member and the answer's due date."""

from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.proposals.callbacks import (
    SAssignCb,
    SDueCb,
    SGroupDecideCb,
    STemplateArchiveCb,
    STemplateCb,
)
from handlers.proposals.keyboards import REVIEW_BUTTONS
from handlers.proposals.scope import of_act
from handlers.proposals.staff_card import ask_with_templates, decide_from_state, send_card
from handlers.proposals.staff_queue import staff_only
from handlers.proposals.states import ProposalAdminStates
from handlers.proposals.views import error_plain, error_text
from handlers.replies import alert
from models.dates import parse_local
from models.errors import DomainError
from models.proposals import alerts, decisions, queries
from models.proposals.entities import TEXT_MAX, Proposal, ProposalStatus
from texts import t


class DecisionStates(StatesGroup):
    group_reason = State()
    due = State()
    template_text = State()


D = DecisionStates


async def _on_place(session: AsyncSession, proposal: Proposal) -> list[Proposal]:
    found = await queries.all_matching(session, of_act(proposal.act_id))
    return [p for p in found if p.place == proposal.place and p.status in decisions.UNDECIDED]


def _choices(proposal_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for status in decisions.DECISIONS:
        kb.button(
            text=t.plain(REVIEW_BUTTONS[status]),
            callback_data=SGroupDecideCb(id=proposal_id, status=status.value),
        )
    kb.adjust(1)
    return kb.as_markup()


async def group_pressed(
    callback: CallbackQuery,
    callback_data: SGroupDecideCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    proposal = await queries.get(session, callback_data.id)
    try:
        status = None if callback_data.status == "-" else ProposalStatus(callback_data.status)
    except ValueError:
        status = None
        proposal = None
    if proposal is None or (status is not None and status not in decisions.DECISIONS):
        alert(callback_answer, t.plain("proposals-stale"))
        return
    todo = await _on_place(session, proposal)
    if not todo:
        alert(callback_answer, t.plain("decisions-group-nothing"))
        return
    chat_id, place = callback.from_user.id, proposal.place.label(t)
    numbers = ", ".join(p.number for p in todo)
    if status is None:
        text = t("decisions-group-choose", place=place, numbers=numbers)
        await bot.send_message(chat_id, text, reply_markup=_choices(proposal.id))
        return
    await state.set_state(D.group_reason)
    await state.update_data(proposal_id=proposal.id, status=status.value)
    text = t("decisions-group-ask-reason", status=status, place=place, numbers=numbers)
    await ask_with_templates(bot, chat_id, session, text)


async def decide_group_from_state(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    wake_sender: Callable[[], None],
    reason: str | None,
) -> None:
    data = await state.get_data()
    try:
        proposal = await queries.get(session, int(data.get("proposal_id") or 0))
        status = ProposalStatus(str(data.get("status")))
    except (ValueError, TypeError):  # the FSM data was lost or is not ours
        proposal, status = None, ProposalStatus.SUBMITTED
    if proposal is None:
        await state.clear()
        await bot.send_message(chat_id, t("decisions-dialogue-lost"))
        return
    try:
        result = await decisions.decide_group(
            session, chat_id, of_act(proposal.act_id), proposal.place, status, reason, render=t
        )
    except DomainError as exc:
        await bot.send_message(chat_id, error_text(exc))
        if exc.code != "decisions-reason-required" and exc.code != "proposals-too-long":
            await state.clear()
        return
    await state.clear()
    wake_sender()
    lines = [
        t(
            "decisions-group-done",
            status=status,
            numbers=", ".join(p.number for p in result.decided),
        )
    ]
    if result.skipped:
        lines.append(
            t("decisions-group-skipped", numbers=", ".join(p.number for p in result.skipped))
        )
    await send_chunks(bot, chat_id, lines, None)


async def group_reason_given(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    assert message.from_user is not None
    await decide_group_from_state(
        bot, message.from_user.id, state, session, wake_sender, message.text
    )


# --- templates ---


async def template_pressed(
    callback: CallbackQuery,
    callback_data: STemplateCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    item = await decisions.template(session, callback_data.id)
    if item is None:
        alert(callback_answer, t.plain("decisions-template-gone"))
        return
    current = await state.get_state()
    if current not in (ProposalAdminStates.answer.state, D.group_reason.state):
        alert(callback_answer, t.plain("decisions-template-stale"))
        return
    chat_id = callback.from_user.id
    if not callback_data.use:
        kb = InlineKeyboardBuilder()
        kb.button(
            text=t.plain("decisions-btn-template-use"),
            callback_data=STemplateCb(id=item.id, use=True),
        )
        text = t("decisions-template-text", title=item.title, text=item.text)
        await bot.send_message(chat_id, text, reply_markup=kb.as_markup())
        return
    if current == D.group_reason.state:
        await decide_group_from_state(bot, chat_id, state, session, wake_sender, item.text)
    else:
        await decide_from_state(bot, chat_id, state, session, wake_sender, item.text)


def _templates_markup(items: list[decisions.AnswerTemplate]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(
            text=t.plain("decisions-btn-template-archive", title=item.title)[:60],
            callback_data=STemplateArchiveCb(id=item.id),
        )
    kb.adjust(1)
    return kb.as_markup()


async def templates_command(message: Message, state: FSMContext, session: AsyncSession) -> None:
    await state.clear()
    assert message.chat is not None
    items = await decisions.templates(session)
    if not items:
        await message.answer(t("decisions-templates-empty"))
        return
    lines = [t("decisions-templates-title")]
    lines += [t("decisions-template-line", title=i.title, text=i.text) for i in items]
    assert message.bot is not None
    await send_chunks(message.bot, message.chat.id, lines, _templates_markup(items))


async def template_add(message: Message, state: FSMContext) -> None:
    await state.set_state(D.template_text)
    await message.answer(t("decisions-template-ask", limit=TEXT_MAX))


async def template_text_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.from_user is not None
    try:
        item = await decisions.add_template(session, message.from_user.id, message.text)
    except DomainError as exc:
        await message.answer(error_text(exc))
        if exc.code == "decisions-templates-full":
            await state.clear()
        return
    await state.clear()
    await message.answer(t("decisions-template-saved", title=item.title))


async def template_archive_pressed(
    callback: CallbackQuery,
    callback_data: STemplateArchiveCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    try:
        await decisions.archive_template(session, callback.from_user.id, callback_data.id)
    except DomainError as exc:
        alert(callback_answer, error_plain(exc))
        return
    alert(callback_answer, t.plain("decisions-template-archived"))


# --- responsible and due date ---


async def _staff(session: AsyncSession, admin_ids: frozenset[int]) -> list[tuple[int, str]]:
    """Staff members who may answer: Telegram id and how they are named."""
    names = await alerts.staff_names(session, admin_ids)
    return [(telegram_id, name or str(telegram_id)) for telegram_id, name in names.items()]


async def assign_pressed(
    callback: CallbackQuery,
    callback_data: SAssignCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    admin_ids: frozenset[int],
) -> None:
    chat_id = callback.from_user.id
    proposal = await queries.get(session, callback_data.id)
    if proposal is None:
        alert(callback_answer, t.plain("proposals-not-found"))
        return
    staff = await _staff(session, admin_ids | {chat_id})
    if callback_data.who == -1:
        kb = InlineKeyboardBuilder()
        for telegram_id, name in staff:
            kb.button(text=name[:60], callback_data=SAssignCb(id=proposal.id, who=telegram_id))
        kb.adjust(1)
        text = t("decisions-assign-choose", number=proposal.number)
        await bot.send_message(chat_id, text, reply_markup=kb.as_markup())
        return
    try:
        await decisions.assign(
            session, chat_id, proposal.id, callback_data.who, [s[0] for s in staff]
        )
    except DomainError as exc:
        alert(callback_answer, error_plain(exc))
        return
    name = dict(staff)[callback_data.who]
    callback_answer.text = t.plain("decisions-assigned", number=proposal.number, name=name)
    await send_card(bot, chat_id, session, proposal.id)


async def due_pressed(
    callback: CallbackQuery,
    callback_data: SDueCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    proposal = await queries.get(session, callback_data.id)
    if proposal is None:
        alert(callback_answer, t.plain("proposals-not-found"))
        return
    await state.set_state(D.due)
    await state.update_data(proposal_id=proposal.id)
    await bot.send_message(callback.from_user.id, t("decisions-due-ask", number=proposal.number))


async def due_given(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, tz: ZoneInfo
) -> None:
    assert message.from_user is not None and message.text is not None
    data = await state.get_data()
    try:
        proposal = await queries.get(session, int(data.get("proposal_id") or 0))
    except (ValueError, TypeError):  # the FSM data was lost or is not ours
        proposal = None
    if proposal is None:
        await state.clear()
        await message.answer(t("decisions-dialogue-lost"))
        return
    try:
        due = parse_local(message.text, tz)
        await decisions.set_due(session, message.from_user.id, proposal.id, due)
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await state.clear()
    await message.answer(t("decisions-due-set", number=proposal.number, due=due))
    await send_card(bot, message.from_user.id, session, proposal.id)


async def not_text(message: Message) -> None:
    await message.answer(t("proposals-not-text"))


def create_router() -> Router:
    """Group decisions, templates, responsible and due date (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_decisions"))
    router.message.register(templates_command, Command("templates"))
    router.message.register(template_add, Command("template_add"))
    router.callback_query.register(group_pressed, SGroupDecideCb.filter())
    router.callback_query.register(template_pressed, STemplateCb.filter())
    router.callback_query.register(template_archive_pressed, STemplateArchiveCb.filter())
    router.callback_query.register(assign_pressed, SAssignCb.filter())
    router.callback_query.register(due_pressed, SDueCb.filter())
    not_command = ~F.text.startswith("/")
    router.message.register(group_reason_given, StateFilter(D.group_reason), F.text, not_command)
    router.message.register(due_given, StateFilter(D.due), F.text, not_command)
    router.message.register(template_text_given, StateFilter(D.template_text), F.text, not_command)
    router.message.register(not_text, StateFilter(D.group_reason, D.due, D.template_text), ~F.text)
    return router
