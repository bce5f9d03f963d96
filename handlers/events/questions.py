"""Registration questions: staff set them on the event's card (text or a choice of
options); a person who answers «Пойду» is asked them one by one (a short dialogue; a menu
press mid-way pauses it through ``DialogueGuardMiddleware``). Answers go to the exports."""

from __future__ import annotations

import contextlib

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import dialogue_data
from handlers.events.callbacks import StaffAction, StaffEventCb
from handlers.events.desk_buttons import ChoiceCb, QuestionAction, QuestionCb
from handlers.replies import alert, message_of
from models.errors import DomainError
from models.events import queries
from models.events import questions as qs
from models.events.entities import RsvpStatus
from models.users import User
from texts import t

BUTTON_MAX = 60
ANSWERING = frozenset({RsvpStatus.GOING, RsvpStatus.WAITLIST})


class RegQuestions(StatesGroup):
    answer = State()


class DeskQuestions(StatesGroup):
    text = State()
    options = State()


# --- a participant answers ---


def _choices(question: qs.EventQuestion) -> InlineKeyboardMarkup | None:
    if question.options is None:
        return None
    kb = InlineKeyboardBuilder()
    for index, option in enumerate(question.options):
        kb.button(
            text=option[:BUTTON_MAX], callback_data=ChoiceCb(question_id=question.id, option=index)
        )
    kb.adjust(2)
    return kb.as_markup()


async def ask_next(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    event_id: int,
    user_id: int,
    *,
    first: bool = False,
) -> None:
    """Ask the first question not answered yet; after the last, thank and end."""
    left = await qs.unanswered(session, event_id, user_id)
    if not left:
        if not first:
            await state.clear()
            await message.answer(t("events-desk-q-thanks"))
        return
    question = left[0]
    await state.set_state(RegQuestions.answer)
    await state.set_data({"event_id": event_id, "question_id": question.id})
    key = "events-desk-q-ask-choice" if question.options else "events-desk-q-ask-text"
    if first:
        await message.answer(t("events-desk-q-intro", count=len(left)))
    await message.answer(t(key, text=question.text), reply_markup=_choices(question))


async def after_answer(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    event_id: int,
    user: User,
    status: RsvpStatus,
) -> None:
    """Called by the card's «Пойду»: the questions, if the event has any left for them."""
    if status in ANSWERING:
        await ask_next(message, state, session, event_id, user.id, first=True)


async def text_given(
    message: Message, state: FSMContext, session: AsyncSession, user: User
) -> None:
    assert message.text is not None
    data = await dialogue_data(state, "event_id", "question_id")
    try:
        await qs.answer(session, int(data["question_id"]), user.id, message.text)
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        if exc.code == "events-desk-q-gone":
            await ask_next(message, state, session, int(data["event_id"]), user.id)
        return
    await ask_next(message, state, session, int(data["event_id"]), user.id)


async def choice_pressed(
    callback: CallbackQuery,
    callback_data: ChoiceCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    user: User,
) -> None:
    question = await session.get(qs.EventQuestion, callback_data.question_id)
    options = question.options if question is not None else None
    if question is None or not options or not 0 <= callback_data.option < len(options):
        alert(callback_answer, t.plain("events-desk-q-gone"))
        return
    answer = await queries.answer_of(session, question.event_id, user.id)
    if answer is None or answer.status not in ANSWERING:
        alert(callback_answer, t.plain("events-desk-q-not-going"))
        return
    chosen = options[callback_data.option]
    await qs.answer(session, question.id, user.id, chosen)
    callback_answer.text = t.plain("events-desk-q-saved", answer=chosen)
    if (message := message_of(callback)) is None:
        return
    with contextlib.suppress(TelegramBadRequest):
        await message.edit_text(t("events-desk-q-answered", text=question.text, answer=chosen))
    await ask_next(message, state, session, question.event_id, user.id)


async def not_text(message: Message) -> None:
    await message.answer(t("events-not-text"))


# --- staff set the questions ---


async def _list_view(session: AsyncSession, event_id: int) -> tuple[str, InlineKeyboardMarkup]:
    found = await qs.of_event(session, event_id)
    lines = [t("events-desk-q-list-header")]
    kb = InlineKeyboardBuilder()
    for index, question in enumerate(found, start=1):
        if question.options:
            options = " / ".join(question.options)
            lines.append(
                t("events-desk-q-line-choice", index=index, text=question.text, options=options)
            )
        else:
            lines.append(t("events-desk-q-line-text", index=index, text=question.text))
        kb.button(
            text=t.plain("events-desk-q-remove-btn", index=index),
            callback_data=QuestionCb(
                event_id=event_id, action=QuestionAction.REMOVE, question_id=question.id
            ),
        )
    if not found:
        lines.append(t("events-desk-q-list-empty"))
    for key, action in (
        ("events-desk-q-add-text-btn", QuestionAction.ADD_TEXT),
        ("events-desk-q-add-choice-btn", QuestionAction.ADD_CHOICE),
    ):
        kb.button(text=t.plain(key), callback_data=QuestionCb(event_id=event_id, action=action))
    kb.button(
        text=t.plain("events-desk-back-btn"),
        callback_data=StaffEventCb(id=event_id, action=StaffAction.OPEN),
    )
    kb.adjust(*([4] * -(-len(found) // 4)), 2, 1)
    return "\n".join(lines), kb.as_markup()


async def staff_list(
    callback: CallbackQuery,
    callback_data: QuestionCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    """LIST shows the questions; REMOVE deletes one and shows the rest."""
    event = await queries.get(session, callback_data.event_id)
    if event is None:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    if callback_data.action is QuestionAction.REMOVE:
        removed = await qs.remove(
            session, event.id, callback_data.question_id, callback.from_user.id
        )
        callback_answer.text = t.plain(
            "events-desk-q-removed" if removed else "events-desk-q-gone"
        )
    await state.clear()
    text, markup = await _list_view(session, event.id)
    if (message := message_of(callback)) is not None:
        await message.answer(text, reply_markup=markup)


async def staff_add(callback: CallbackQuery, callback_data: QuestionCb, state: FSMContext) -> None:
    choice = callback_data.action is QuestionAction.ADD_CHOICE
    await state.set_state(DeskQuestions.text)
    await state.set_data({"event_id": callback_data.event_id, "choice": choice})
    if (message := message_of(callback)) is not None:
        await message.answer(t("events-desk-q-ask-question"))


async def _save(
    message: Message, state: FSMContext, session: AsyncSession, options: list[str] | None
) -> None:
    assert message.from_user is not None
    data = await dialogue_data(state, "event_id", "text")
    event_id = int(data["event_id"])
    try:
        await qs.add(session, event_id, str(data["text"]), options, message.from_user.id)
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    await state.clear()
    text, markup = await _list_view(session, event_id)
    await message.answer(t("events-desk-q-added"))
    await message.answer(text, reply_markup=markup)


async def staff_text_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.text is not None
    data = await dialogue_data(state, "event_id", "choice")
    text = " ".join(message.text.split())
    if len(text) > qs.TEXT_MAX:
        await message.answer(t("events-errors-too_long", length=len(text), limit=qs.TEXT_MAX))
        return
    await state.update_data({"text": text})
    if data["choice"]:
        await state.set_state(DeskQuestions.options)
        await message.answer(t("events-desk-q-ask-options"))
        return
    await _save(message, state, session, None)


async def staff_options_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.text is not None
    try:
        options = qs.parse_options(message.text)
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    await _save(message, state, session, options)


def create_router() -> Router:
    """A participant's answers (any person going)."""
    router = Router(name="events_questions")
    router.callback_query.register(choice_pressed, ChoiceCb.filter())
    router.message.register(text_given, RegQuestions.answer, F.text, ~F.text.startswith("/"))
    router.message.register(not_text, RegQuestions.answer, ~F.text)
    return router


def create_staff_router() -> Router:
    """Staff set the questions (behind the staff router's role filter)."""
    router = Router(name="events_questions_staff")
    adding = {QuestionAction.ADD_TEXT, QuestionAction.ADD_CHOICE}
    router.callback_query.register(staff_add, QuestionCb.filter(F.action.in_(adding)))
    router.callback_query.register(staff_list, QuestionCb.filter())
    for step, handler in (
        (DeskQuestions.text, staff_text_given),
        (DeskQuestions.options, staff_options_given),
    ):
        router.message.register(handler, step, F.text, ~F.text.startswith("/"))
        router.message.register(not_text, step, ~F.text)
    return router
