"""Staff review a municipality's answer: read it, accept it, or return it for correction
with a comment on each chosen question (exactly those reopen for the representatives)."""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.replies import alert
from handlers.reports import views
from handlers.reports.callbacks import RevAct, RRevCb
from handlers.reports.states import ReportStaff
from handlers.reports.views import shorten, staff_only
from models.errors import DomainError
from models.reports import (
    ReportAnswer,
    ReportForm,
    ReportHistoryKind,
    ReportState,
    answers,
    forms,
    review,
)
from texts import t

CHOSEN = "rev_chosen"  # FSM data: question ids to return
COMMENTS = "rev_comments"  # FSM data: question id → comment written so far
ANSWER = "rev_answer"
PER_ROW = 5
HISTORY = {
    ReportHistoryKind.SUBMITTED: "reports-history-submitted",
    ReportHistoryKind.RETURNED: "reports-history-returned",
    ReportHistoryKind.ACCEPTED: "reports-history-accepted",
}


async def _load(session: AsyncSession, answer_id: int) -> tuple[ReportForm, ReportAnswer]:
    answer = await session.get(ReportAnswer, answer_id)
    if answer is None:
        raise DomainError("reports-answer-not-found")
    return await forms.get_form(session, answer.form_id), answer


def _card_keyboard(answer: ReportAnswer) -> InlineKeyboardMarkup | None:
    kb = InlineKeyboardBuilder()
    if answer.state is ReportState.SUBMITTED:
        kb.button(
            text=t.plain("reports-btn-accept"),
            callback_data=RRevCb(answer=answer.id, act=RevAct.ACCEPT).pack(),
        )
        kb.button(
            text=t.plain("reports-btn-return"),
            callback_data=RRevCb(answer=answer.id, act=RevAct.RETURN).pack(),
        )
    kb.button(
        text=t.plain("reports-btn-history"),
        callback_data=RRevCb(answer=answer.id, act=RevAct.HISTORY).pack(),
    )
    kb.adjust(1)
    return kb.as_markup()


def _choose_keyboard(
    form: ReportForm, answer: ReportAnswer, chosen: set[int]
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for q in form.questions:
        mark = t.plain("reports-mark-on" if q.id in chosen else "reports-mark-off")
        kb.button(
            text=f"{mark} {q.code}",
            callback_data=RRevCb(answer=answer.id, act=RevAct.TOGGLE, q=q.id).pack(),
        )
    kb.button(
        text=t.plain("reports-btn-comments", count=len(chosen)),
        callback_data=RRevCb(answer=answer.id, act=RevAct.COMMENTS).pack(),
    )
    n = len(form.questions)
    kb.adjust(*([PER_ROW] * (n // PER_ROW) + ([n % PER_ROW] if n % PER_ROW else [])), 1)
    return kb.as_markup()


async def _ask_comment(bot: Bot, chat_id: int, state: FSMContext, form: ReportForm) -> None:
    data = await state.get_data()
    written = data.get(COMMENTS) or {}
    left = [
        q for q in form.questions if q.id in (data.get(CHOSEN) or []) and str(q.id) not in written
    ]
    q = left[0]
    await state.set_state(ReportStaff.comment)
    await bot.send_message(chat_id, t("reports-review-comment-ask", code=q.code, question=q.text))


async def review_pressed(
    callback: CallbackQuery,
    callback_data: RRevCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chat_id, act = callback.from_user.id, callback_data.act
    try:
        form, answer = await _load(session, callback_data.answer)
        if act is RevAct.CARD:
            values = await answers.values_of(session, answer.id)
            paragraphs = views.summary_paragraphs(form, answer, values, signatory=False)[:-1]
            await send_chunks(bot, chat_id, paragraphs, _card_keyboard(answer))
        elif act is RevAct.ACCEPT:
            await review.accept(session, chat_id, answer.id)
            await bot.send_message(
                chat_id, t("reports-accepted", municipality=answer.municipality.name)
            )
        elif act is RevAct.HISTORY:
            events = await review.history(session, answer.id)
            lines = [t("reports-history-head", municipality=answer.municipality.name)]
            lines += [
                t(
                    "reports-history-line",
                    when=e.created_at,
                    kind=t.plain(HISTORY[e.kind]),
                )
                for e in events
            ]
            await send_chunks(bot, chat_id, lines, None)
        else:
            await _choose(callback, callback_answer, state, bot, form, answer, callback_data)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))


async def _choose(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    bot: Bot,
    form: ReportForm,
    answer: ReportAnswer,
    data: RRevCb,
) -> None:
    if answer.state is not ReportState.SUBMITTED:
        raise DomainError("reports-review-not-submitted")
    chat_id = callback.from_user.id
    fsm = await state.get_data()
    if data.act is RevAct.RETURN or fsm.get(ANSWER) != answer.id:
        await state.set_state(None)
        await state.set_data({ANSWER: answer.id, CHOSEN: [], COMMENTS: {}})
        if data.act is RevAct.RETURN:
            await bot.send_message(
                chat_id,
                t("reports-review-choose"),
                reply_markup=_choose_keyboard(form, answer, set()),
            )
            return
        fsm = await state.get_data()
    chosen = set(fsm.get(CHOSEN) or [])
    if data.act is RevAct.TOGGLE:
        if data.q not in {q.id for q in form.questions}:
            raise DomainError("reports-value-stale")
        chosen ^= {data.q}
        await state.update_data({CHOSEN: sorted(chosen)})
        if isinstance(callback.message, Message):
            await callback.message.edit_reply_markup(
                reply_markup=_choose_keyboard(form, answer, chosen)
            )
        return
    if not chosen:
        alert(callback_answer, t.plain("reports-return-nothing"))
        return
    await _ask_comment(bot, chat_id, state, form)


async def comment_typed(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot
) -> None:
    data = await state.get_data()
    answer_id = data.get(ANSWER)
    if not isinstance(answer_id, int) or not data.get(CHOSEN):
        await state.clear()
        await message.answer(t("reports-send-expired"))
        return
    comment = (message.text or "").strip()
    if not comment:
        await message.answer(t("reports-comment-empty"))
        return
    form, answer = await _load(session, answer_id)
    written = dict(data.get(COMMENTS) or {})
    left = [q for q in form.questions if q.id in data[CHOSEN] and str(q.id) not in written]
    if not left:
        await state.clear()
        return
    written[str(left[0].id)] = comment
    await state.update_data({COMMENTS: written})
    if len(left) > 1:
        await _ask_comment(bot, message.chat.id, state, form)
        return
    await state.clear()
    try:
        await review.return_for_correction(
            session, message.chat.id, answer.id, {int(k): v for k, v in written.items()}, t
        )
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    await message.answer(
        t("reports-returned-done", municipality=answer.municipality.name, count=len(written))
    )


async def review_list(bot: Bot, chat_id: int, session: AsyncSession, form: ReportForm) -> None:
    status = await forms.status(session, form.id)
    waiting = [r for r in status.rows if r.state is ReportState.SUBMITTED]
    kb = InlineKeyboardBuilder()
    answers = {a.municipality_id: a for a in await forms.answers_of(session, form.id)}
    for row in status.rows:
        if row.state in (ReportState.SUBMITTED, ReportState.ACCEPTED, ReportState.RETURNED):
            label = t.plain(
                "reports-review-item", name=shorten(row.municipality.name, 40), state=row.state
            )
            kb.button(
                text=label,
                callback_data=RRevCb(
                    answer=answers[row.municipality.id].id, act=RevAct.CARD
                ).pack(),
            )
    kb.adjust(1)
    await bot.send_message(
        chat_id, t("reports-review-head", count=len(waiting)), reply_markup=kb.as_markup()
    )


def create_router() -> Router:
    router = staff_only(Router(name="reports_review"))
    router.callback_query.register(review_pressed, RRevCb.filter())
    router.message.register(
        comment_typed, StateFilter(ReportStaff.comment), ~F.text.startswith("/")
    )
    return router
