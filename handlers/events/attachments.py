"""Files of an event: staff add them from the staff card (documents and photos, checked by
``models.events.files``), people get them from the card's «Материалы» button."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import dialogue_data
from handlers.events import keyboards as kb
from handlers.events.callbacks import EditAction, EditCb, EventFilesCb, StaffAction, StaffEventCb
from handlers.events.staff_card import send_staff_card
from handlers.events.states import EventEdit
from handlers.replies import alert, message_of
from models.errors import DomainError
from models.events import files, queries
from models.events.entities import EventState
from texts import t


async def files_open(
    callback: CallbackQuery,
    callback_data: StaffEventCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    event = await queries.get(session, callback_data.id)
    if event is None:
        alert(callback_answer, t.plain("events-event-gone"))
        return
    await state.clear()
    await state.set_state(EventEdit.files)
    await state.set_data({"event_id": event.id})
    if (message := message_of(callback)) is not None:
        n = await files.count(session, event.id)
        await message.answer(
            t("events-files-ask", count=n, limit=files.SIZE_MAX // (1024 * 1024)),
            reply_markup=kb.files_dialogue(),
        )


def _upload(message: Message) -> files.Upload | None:
    if message.document is not None:
        doc = message.document
        return files.Upload(
            file_id=doc.file_id,
            file_unique_id=doc.file_unique_id,
            file_name=doc.file_name or "",
            size=doc.file_size,
            mime_type=doc.mime_type,
        )
    if message.photo:
        photo = message.photo[-1]  # the largest size
        return files.Upload(
            file_id=photo.file_id,
            file_unique_id=photo.file_unique_id,
            file_name=f"photo-{photo.file_unique_id}.jpg",
            size=photo.file_size,
            is_photo=True,
        )
    return None


async def file_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.from_user is not None
    upload = _upload(message)
    if upload is None:
        await message.answer(t("events-files-wrong-type"))
        return
    data = await dialogue_data(state, "event_id")
    try:
        n = await files.attach(session, int(data["event_id"]), message.from_user.id, upload)
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        if exc.code == "events-errors-gone":
            await state.clear()
        return
    await message.answer(t("events-files-added", count=n), reply_markup=kb.files_dialogue())


async def files_done(
    callback: CallbackQuery, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    data = await dialogue_data(state, "event_id")
    await state.clear()
    event = await queries.get(session, int(data["event_id"]))
    if (message := message_of(callback)) is None:
        return
    await message.edit_reply_markup(reply_markup=None)
    if event is not None:
        await send_staff_card(message, session, event, tz)


async def files_clear(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    data = await dialogue_data(state, "event_id")
    n = await files.remove_all(session, int(data["event_id"]), callback.from_user.id)
    callback_answer.text = t.plain("events-files-cleared", count=n)


async def send_files(
    callback: CallbackQuery,
    callback_data: EventFilesCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    """The card's «Материалы»: each file by Telegram's id (nothing is downloaded)."""
    event = await queries.get(session, callback_data.id)
    items = await files.of_event(session, callback_data.id) if event else []
    if event is None or event.state is EventState.DRAFT or not items:
        alert(callback_answer, t.plain("events-files-none"))
        return
    for item in items:
        if item.is_photo:
            await bot.send_photo(callback.from_user.id, item.file_id)
        else:
            await bot.send_document(callback.from_user.id, item.file_id)


def create_staff_router() -> Router:
    router = Router(name="events_staff_files")
    m, c = router.message, router.callback_query
    c.register(files_open, StaffEventCb.filter(F.action == StaffAction.FILES))
    m.register(file_given, EventEdit.files, F.document | F.photo)
    m.register(file_given, EventEdit.files, ~F.text.startswith("/"))
    c.register(files_done, EventEdit.files, EditCb.filter(F.action == EditAction.DONE))
    c.register(files_clear, EventEdit.files, EditCb.filter(F.action == EditAction.CLEAR))
    return router


def create_router() -> Router:
    router = Router(name="events_files")
    router.callback_query.register(send_files, EventFilesCb.filter())
    return router
