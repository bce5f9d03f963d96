"""The application dialogue: nomination, applicant (a municipality the person represents,
or a TOS: its name and municipality), contact, title, description, results, budget, photos,
documents, then the preview with the completeness check and submission. Every answer is
saved in the application's row at once, so the dialogue continues after a restart."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiogram import Bot, F, Router
from aiogram.filters import StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.contest import keyboards as kb
from handlers.contest.callbacks import (
    ContinueCb,
    EditCb,
    MunicipalityCb,
    NominationCb,
    SkipCb,
    SubmitCb,
)
from handlers.contest.states import ContestApply
from handlers.contest.views import ASK_KEYS, error_text, preview
from handlers.dialogue import dialogue_data, pressed_step
from handlers.long_text import send_chunks
from handlers.menu import main_menu
from handlers.replies import alert
from models.base import utcnow
from models.contest import ApplicantKind, Application, Field, FileKind
from models.contest import applications as apps
from models.contest.setup import get_contest, nominations_of
from models.errors import DomainError
from models.municipalities import get_by_id, search_active
from models.users import User
from texts import t

S = ContestApply
FILE_FIELDS = (Field.PHOTOS, Field.DOCUMENTS)
TEXT_FIELDS = (Field.CONTACT, Field.TITLE, Field.DESCRIPTION, Field.RESULTS, Field.BUDGET)
MUNICIPALITY_CHOICES = 8


async def ask(
    bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession, app: Application
) -> None:
    """Ask the application's open step (or show the preview)."""
    await state.update_data(app=app.id)
    nomination = await apps.nomination_of(session, app)
    kind = nomination.applicant_kind if nomination else None
    step = app.step or apps.PREVIEW
    if step == Field.NOMINATION.value or nomination is None:
        await state.set_state(S.buttons)
        items = await nominations_of(session, app.contest_id)
        await bot.send_message(
            chat_id, t("contest-ask-nomination"), reply_markup=kb.nominations(app.id, items)
        )
    elif step == Field.APPLICANT.value and kind is ApplicantKind.MUNICIPALITY:
        await _ask_represented(bot, chat_id, state, session, app)
    elif step in (Field.APPLICANT.value, Field.MUNICIPALITY.value) or step in {
        f.value for f in TEXT_FIELDS
    }:
        field = Field(step)
        target = {Field.APPLICANT: S.applicant, Field.MUNICIPALITY: S.municipality}.get(
            field, S.text
        )
        await state.set_state(target)
        await state.update_data(field=field.value)
        markup = kb.step_buttons(
            app.id, field, optional=not nomination.requires(field), files=False
        )
        await bot.send_message(chat_id, t(ASK_KEYS[field]), reply_markup=markup)
    elif step in {f.value for f in FILE_FIELDS}:
        field = Field(step)
        await state.set_state(S.files)
        await state.update_data(field=field.value)
        markup = kb.step_buttons(app.id, field, optional=True, files=True)
        required = t.plain("contest-required") if nomination.requires(field) else ""
        await bot.send_message(chat_id, t(ASK_KEYS[field], required=required), reply_markup=markup)
    else:
        await state.set_state(S.buttons)
        await send_chunks(bot, chat_id, [await preview(session, app)], kb.preview(app, kind))


async def _ask_represented(
    bot: Bot, chat_id: int, state: FSMContext, session: AsyncSession, app: Application
) -> None:
    await state.set_state(S.buttons)
    user_ids = await apps.represented(session, app.author_id or 0)
    items = [(m, place.name) for m in user_ids if (place := await get_by_id(session, m))]
    if not items:
        await state.clear()
        await bot.send_message(chat_id, t("contest-not-representative"))
        return
    await bot.send_message(
        chat_id, t("contest-ask-municipality"), reply_markup=kb.municipalities(app.id, items)
    )


async def start_pressed(
    chat_id: int, contest_id: int, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    """«Подать заявку» (called by the public screen)."""
    try:
        contest = await get_contest(session, contest_id)
        app = await apps.start(session, user, contest, utcnow())
    except DomainError as exc:
        await bot.send_message(chat_id, error_text(exc))
        return
    await ask(bot, chat_id, state, session, app)


def _then_ask(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, bot: Bot
) -> Callable[[Application], Awaitable[None]]:
    """What a dialogue button does once its operation went through: ask the next step."""

    async def then(app: Application) -> None:
        await ask(bot, callback.from_user.id, state, session, app)

    return then


async def continue_pressed(
    callback: CallbackQuery,
    callback_data: ContinueCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    async def editable() -> Application:
        app, _ = await apps.editable(session, user, callback_data.app, utcnow())
        return app

    await pressed_step(callback_answer, editable(), _then_ask(callback, state, session, bot))


async def nomination_chosen(
    callback: CallbackQuery,
    callback_data: NominationCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chosen = apps.set_nomination(
        session, user, callback_data.app, callback_data.nomination, utcnow()
    )
    await pressed_step(callback_answer, chosen, _then_ask(callback, state, session, bot))


async def municipality_chosen(
    callback: CallbackQuery,
    callback_data: MunicipalityCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chosen = apps.set_municipality(
        session, user, callback_data.app, callback_data.municipality, utcnow()
    )
    await pressed_step(callback_answer, chosen, _then_ask(callback, state, session, bot))


async def _typed(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot, field: Field
) -> None:
    data = await dialogue_data(state, "app")
    try:
        app = await apps.set_text(session, user, int(data["app"]), field, message.text, utcnow())
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await ask(bot, message.chat.id, state, session, app)


async def tos_typed(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    await _typed(message, state, user, session, bot, Field.APPLICANT)


async def text_typed(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    data = await dialogue_data(state, "app", "field")
    field = Field(data["field"])
    if field not in TEXT_FIELDS:
        await message.answer(t("contest-press-button"))
        return
    await _typed(message, state, user, session, bot, field)


async def tos_municipality_typed(
    message: Message, state: FSMContext, user: User, session: AsyncSession, bot: Bot
) -> None:
    data = await dialogue_data(state, "app")
    app_id = int(data["app"])
    found = await search_active(session, message.text or "")
    if not found:
        await message.answer(t("contest-municipality-not-found"))
        return
    if len(found) > 1:
        items = [(m.id, m.name) for m in found[:MUNICIPALITY_CHOICES]]
        await message.answer(
            t("contest-municipality-choose"), reply_markup=kb.municipalities(app_id, items)
        )
        return
    try:
        app = await apps.set_municipality(session, user, app_id, found[0].id, utcnow())
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    await ask(bot, message.chat.id, state, session, app)


async def press_button(message: Message) -> None:
    await message.answer(t("contest-press-button"))


async def not_text(message: Message) -> None:
    await message.answer(t("contest-not-text"))


async def file_sent(
    message: Message, state: FSMContext, user: User, session: AsyncSession
) -> None:
    data = await dialogue_data(state, "app", "field")
    field = Field(data["field"])
    if field is Field.PHOTOS and message.photo:
        kind, file_id, name = FileKind.PHOTO, message.photo[-1].file_id, None
    elif field is Field.DOCUMENTS and message.document is not None:
        kind, file_id, name = (
            FileKind.DOCUMENT,
            message.document.file_id,
            message.document.file_name,
        )
    else:
        await message.answer(
            t("contest-file-wrong" if field is Field.PHOTOS else "contest-document-wrong")
        )
        return
    try:
        count = await apps.add_file(session, user, int(data["app"]), kind, file_id, name, utcnow())
    except DomainError as exc:
        await message.answer(error_text(exc))
        return
    key = "contest-photo-received" if kind is FileKind.PHOTO else "contest-document-received"
    await message.answer(t(key, count=count))


async def skipped(
    callback: CallbackQuery,
    callback_data: SkipCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    field, now = callback_data.field, utcnow()
    if field in FILE_FIELDS:
        done = apps.files_done(session, user, callback_data.app, field, now)
    else:
        done = apps.set_text(session, user, callback_data.app, field, None, now)
    await pressed_step(callback_answer, done, _then_ask(callback, state, session, bot))


async def edit_pressed(
    callback: CallbackQuery,
    callback_data: EditCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    reopened = apps.reopen(session, user, callback_data.app, callback_data.field, utcnow())
    await pressed_step(callback_answer, reopened, _then_ask(callback, state, session, bot))


async def submit_pressed(
    callback: CallbackQuery,
    callback_data: SubmitCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    user: User,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    chat_id = callback.from_user.id
    try:
        app = await apps.submit(session, user, callback_data.app, t)
    except DomainError as exc:
        if exc.code == "contest-stale":
            alert(callback_answer, t.plain(exc.code, **exc.params))
        else:
            await bot.send_message(chat_id, error_text(exc))
        return
    wake_sender()
    await state.clear()
    await bot.send_message(
        chat_id, t("contest-submitted", number=app.number or 0), reply_markup=main_menu()
    )


def create_router() -> Router:
    router = Router(name="contest_apply")
    router.callback_query.register(continue_pressed, ContinueCb.filter())
    router.callback_query.register(nomination_chosen, NominationCb.filter())
    router.callback_query.register(municipality_chosen, MunicipalityCb.filter())
    router.callback_query.register(skipped, SkipCb.filter())
    router.callback_query.register(edit_pressed, EditCb.filter())
    router.callback_query.register(submit_pressed, SubmitCb.filter())
    not_command = ~F.text.startswith("/")
    router.message.register(tos_typed, StateFilter(S.applicant), F.text, not_command)
    router.message.register(
        tos_municipality_typed, StateFilter(S.municipality), F.text, not_command
    )
    router.message.register(text_typed, StateFilter(S.text), F.text, not_command)
    router.message.register(not_text, StateFilter(S.applicant, S.municipality, S.text), ~F.text)
    router.message.register(file_sent, StateFilter(S.files), not_command)
    router.message.register(press_button, StateFilter(S.buttons), not_command)
    return router
