"""Representatives fill their municipality's answer: /reports lists the questionnaires, a
question per message (buttons for choices, yes/no, «пропустить» when optional, «без
изменений» with last year's value), each answer saved as it is given, so the person (or a
colleague) continues later, after a restart too; the summary with «изменить» per question;
the signatory submits. After a return, only the returned questions are asked."""

from __future__ import annotations

from typing import Any

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.replies import alert
from handlers.reports import views
from handlers.reports.callbacks import AnsAct, RAnsCb, ROpenCb, RSumCb, SumAct
from handlers.reports.states import ReportFill
from models import representatives
from models.errors import DomainError
from models.reports import ReportForm, ReportQuestion, ReportQuestionKind
from models.reports import answers as domain
from models.reports.entities import DONE_STATES, ReportFormState, ReportState
from models.reports.values import file_value, parse_answer
from models.users import User
from texts import t

PENDING = "r_pending"  # FSM data: a value waiting for its comment
MULTI = "r_multi"  # FSM data: options ticked so far for a several-of-a-list question


async def reports_command(
    message: Message, session: AsyncSession, user: User, state: FSMContext
) -> None:
    pairs = await domain.open_for(session, user.id)
    if not pairs:
        await message.answer(t("reports-mine-none"))
        return
    items = [(f, a, len(await domain.values_of(session, a.id))) for f, a in pairs]
    await message.answer(t("reports-mine-head"), reply_markup=views.mine_keyboard(items))


def _question_of(form: ReportForm, question_id: int) -> ReportQuestion:
    """The questionnaire's question named by a button or the FSM (a stale id is refused)."""
    q = next((x for x in form.questions if x.id == question_id), None)
    if q is None:
        raise DomainError("reports-value-stale")
    return q


async def _ask(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    form: ReportForm,
    mun: int,
    question_id: int,
) -> None:
    answer = await domain.get_answer(session, form.id, mun)
    q = _question_of(form, question_id)
    saved = (await domain.values_of(session, answer.id)).get(q.id)
    previous = await domain.previous_value(session, form, q, mun)
    chosen = (
        list(saved.value)
        if saved is not None and q.kind is ReportQuestionKind.MULTI and saved.value
        else []
    )
    await state.set_state(ReportFill.answer)
    await state.set_data(views.fsm(form.id, mun, q.id, **{MULTI: chosen}))
    await bot.send_message(
        chat_id,
        views.question_text(form, answer, q, saved, previous),
        reply_markup=views.question_keyboard(form, mun, q, previous, chosen),
    )


async def _summary(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    form: ReportForm,
    mun: int,
    user: User,
) -> None:
    await state.clear()
    answer = await domain.get_answer(session, form.id, mun)
    values = await domain.values_of(session, answer.id)
    signatory = await representatives.is_signatory(session, user.id, mun)
    paragraphs = views.summary_paragraphs(form, answer, values, signatory=signatory)
    markup = views.summary_keyboard(form, answer, domain.to_ask(form, answer))
    await send_chunks(bot, chat_id, paragraphs, markup)


async def _continue(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    form_id: int,
    mun: int,
    user: User,
) -> None:
    """The next open question, or the summary when none is left (or the answer is done)."""
    form, answer = await domain.for_representative(session, form_id, mun, user.id)
    if answer.state not in DONE_STATES and form.state is ReportFormState.SENT:
        q = await domain.next_question(session, form, answer)
        if q is not None:
            await _ask(bot, chat_id, state, session, form, mun, q.id)
            return
    await _summary(bot, chat_id, state, session, form, mun, user)


async def open_pressed(
    callback: CallbackQuery,
    callback_data: ROpenCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    bot: Bot,
) -> None:
    try:
        form, answer = await domain.for_representative(
            session, callback_data.form, callback_data.mun, user.id
        )
        if answer.state is ReportState.RETURNED:
            await bot.send_message(
                callback.from_user.id, t("reports-returned-intro", count=len(answer.reopened))
            )
        await _continue(
            bot, callback.from_user.id, state, session, form.id, callback_data.mun, user
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))


async def _save(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    target: tuple[int, int, int],
    value: Any,
    **options: Any,
) -> str | None:
    """Save a value and go on; a refusal is returned as text (the question stays open)."""
    form_id, mun, question_id = target
    try:
        await domain.save_value(
            session,
            user_id=user.id,
            form_id=form_id,
            municipality_id=mun,
            question_id=question_id,
            value=value,
            **options,
        )
    except DomainError as exc:
        if exc.code == "reports-comment-needed":
            await state.set_state(ReportFill.comment)
            await state.set_data(
                views.fsm(form_id, mun, question_id, **{PENDING: {"value": value, **options}})
            )
            await bot.send_message(chat_id, t(exc.code, **exc.params))
            return None
        return t.plain(exc.code, **exc.params)
    await _continue(bot, chat_id, state, session, form_id, mun, user)
    return None


def _target(data: dict[str, Any]) -> tuple[int, int, int] | None:
    try:
        return int(data["r_form"]), int(data["r_mun"]), int(data["r_q"])
    except (KeyError, TypeError, ValueError):
        return None


async def typed_answer(
    message: Message, state: FSMContext, session: AsyncSession, user: User, bot: Bot
) -> None:
    target = _target(await state.get_data())
    if target is None:
        await state.clear()
        await message.answer(t("reports-lost"))
        return
    q = await session.get(ReportQuestion, target[2])
    if q is None:
        await state.clear()
        await message.answer(t("reports-lost"))
        return
    try:
        if message.document is not None:
            if q.kind is not ReportQuestionKind.FILE:
                raise DomainError("reports-value-text-needed")
            value: Any = file_value(message.document.file_id, message.document.file_name)
        elif message.photo and q.kind is ReportQuestionKind.FILE:
            value = file_value(message.photo[-1].file_id, "photo.jpg")
        else:
            value = parse_answer(q, message.text or "")
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    refusal = await _save(bot, message.chat.id, state, session, user, target, value)
    if refusal:
        await message.answer(refusal)


async def typed_comment(
    message: Message, state: FSMContext, session: AsyncSession, user: User, bot: Bot
) -> None:
    data = await state.get_data()
    target, pending = _target(data), data.get(PENDING)
    if target is None or not isinstance(pending, dict):
        await state.clear()
        await message.answer(t("reports-lost"))
        return
    comment = (message.text or "").strip()
    if not comment:
        await message.answer(t("reports-comment-empty"))
        return
    refusal = await _save(
        bot,
        message.chat.id,
        state,
        session,
        user,
        target,
        pending.get("value"),
        comment=comment,
        unchanged=bool(pending.get("unchanged")),
    )
    if refusal:
        await message.answer(refusal)


async def _button_value(
    q: ReportQuestion, data: RAnsCb, state: FSMContext
) -> tuple[Any, dict[str, Any]]:
    act = data.act
    if act is AnsAct.OPTION:
        if not 0 <= data.idx < len(q.options):
            raise DomainError("reports-value-stale")
        return q.options[data.idx], {}
    if act in (AnsAct.YES, AnsAct.NO):
        return act is AnsAct.YES, {}
    if act is AnsAct.SKIP:
        return None, {}
    if act is AnsAct.SAME:
        return None, {"unchanged": True}
    chosen = (await state.get_data()).get(MULTI) or []
    return [o for o in q.options if o in chosen], {}


async def answer_pressed(
    callback: CallbackQuery,
    callback_data: RAnsCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    bot: Bot,
) -> None:
    chat_id, data = callback.from_user.id, callback_data
    try:
        form, _answer = await domain.for_representative(session, data.form, data.mun, user.id)
        q = _question_of(form, data.q)
        if data.act is AnsAct.LATER:
            await state.clear()
            await bot.send_message(chat_id, t("reports-later"))
            return
        if data.act is AnsAct.SUMMARY:
            await _summary(bot, chat_id, state, session, form, data.mun, user)
            return
        if data.act is AnsAct.TOGGLE:
            await _toggle(callback, state, session, form, data, q)
            return
        value, options = await _button_value(q, data, state)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    refusal = await _save(
        bot, chat_id, state, session, user, (data.form, data.mun, data.q), value, **options
    )
    if refusal:
        alert(callback_answer, refusal)


async def _toggle(
    callback: CallbackQuery,
    state: FSMContext,
    session: AsyncSession,
    form: ReportForm,
    data: RAnsCb,
    q: ReportQuestion,
) -> None:
    if q.kind is not ReportQuestionKind.MULTI or not 0 <= data.idx < len(q.options):
        raise DomainError("reports-value-stale")
    fsm = await state.get_data()
    if _target(fsm) != (data.form, data.mun, data.q):  # an older question's buttons
        await state.set_state(ReportFill.answer)
        fsm = views.fsm(data.form, data.mun, data.q, **{MULTI: []})
    chosen = list(fsm.get(MULTI) or [])
    option = q.options[data.idx]
    chosen = [o for o in chosen if o != option] if option in chosen else [*chosen, option]
    fsm[MULTI] = chosen
    await state.set_data(fsm)
    if isinstance(callback.message, Message):
        previous = await domain.previous_value(session, form, q, data.mun)
        markup = views.question_keyboard(form, data.mun, q, previous, chosen)
        await callback.message.edit_reply_markup(reply_markup=markup)


async def summary_pressed(
    callback: CallbackQuery,
    callback_data: RSumCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    user: User,
    bot: Bot,
) -> None:
    chat_id, data = callback.from_user.id, callback_data
    try:
        form, answer = await domain.for_representative(session, data.form, data.mun, user.id)
        if data.act is SumAct.EDIT:
            if answer.state in DONE_STATES:
                raise DomainError("reports-answer-submitted")
            if data.q not in {q.id for q in domain.to_ask(form, answer)}:
                raise DomainError("reports-question-not-returned")
            await _ask(bot, chat_id, state, session, form, data.mun, data.q)
        elif data.act is SumAct.NEXT:
            await _continue(bot, chat_id, state, session, form.id, data.mun, user)
        else:
            await domain.submit(
                session,
                user_id=user.id,
                actor_telegram_id=chat_id,
                form_id=form.id,
                municipality_id=data.mun,
            )
            await state.clear()
            await bot.send_message(
                chat_id,
                t("reports-submitted", title=form.title, municipality=answer.municipality.name),
            )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))


def create_router() -> Router:
    router = Router(name="reports_fill")
    router.message.register(reports_command, Command("reports"))
    router.message.register(reports_command, F.text == t.plain("menu-reports"))
    router.callback_query.register(open_pressed, ROpenCb.filter())
    router.callback_query.register(answer_pressed, RAnsCb.filter())
    router.callback_query.register(summary_pressed, RSumCb.filter())
    router.message.register(typed_answer, StateFilter(ReportFill.answer), ~F.text.startswith("/"))
    router.message.register(
        typed_comment, StateFilter(ReportFill.comment), ~F.text.startswith("/")
    )
    return router
