"""A proposal's card for staff: the author's profile, the attachment, status decisions with
an answer to the author, and internal notes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.proposals import keyboards as kb
from handlers.proposals.callbacks import SAttachmentCb, SCardCb, SNoteCb, SStatusCb
from handlers.proposals.staff_queue import staff_only
from handlers.proposals.states import ProposalAdminStates
from handlers.proposals.views import error_plain, error_text, proposal_sections
from handlers.replies import alert
from models.errors import DomainError
from models.proposals import decisions, queries, review, support
from models.proposals.entities import (
    FINAL_STATUSES,
    NOTE_MAX,
    TEXT_MAX,
    ProposalNote,
    ProposalStatus,
)
from models.proposals.numbering import NUMBER_RE
from models.users.profile import get_by_telegram_id
from texts import t

A = ProposalAdminStates
# After these refusals the answer being typed has nothing left to apply to.
ANSWER_ENDS = ("proposals-status-stale", "proposals-not-found", "proposals-bad-transition")


def _notes_block(notes: Sequence[ProposalNote]) -> str | None:
    if not notes:
        return None
    lines = [t("proposals-notes-title")]
    lines += [
        t("proposals-note-line", when=n.created_at, author=n.author_telegram_id, text=n.text)
        for n in notes
    ]
    return "\n".join(lines)


async def review_sections(session: AsyncSession, proposal_id: int) -> list[str]:
    """Supports, who answers by when, and whether the wording changed under it."""
    row = await decisions.review_of(session, proposal_id)
    who = t.plain("decisions-nobody")
    due = t.plain("decisions-no-due")
    if row is not None and row.responsible_telegram_id is not None:
        person = await get_by_telegram_id(session, row.responsible_telegram_id)
        who = person.full_name if person and person.full_name else str(row.responsible_telegram_id)
    if row is not None and row.due_at is not None:
        due = t.when(row.due_at)
    count = await support.count_of(session, proposal_id)
    sections: list[str] = [
        t("decisions-field-supports", count=count),
        t("decisions-field-review", who=who, due=due),
    ]
    if row is not None and row.wording_changed_at is not None:
        sections.append(t("decisions-field-changed", when=row.wording_changed_at))
    return sections


async def send_card(bot: Bot, chat_id: int, session: AsyncSession, proposal_id: int) -> bool:
    proposal = await queries.get(session, proposal_id)
    if proposal is None:
        return False
    sections = proposal_sections(proposal, staff=True)
    sections += await review_sections(session, proposal.id)
    notes = _notes_block(await queries.notes_of(session, proposal.id))
    if notes:
        sections.append(notes)
    await send_chunks(bot, chat_id, sections, kb.card(proposal))
    return True


async def card_pressed(
    callback: CallbackQuery,
    callback_data: SCardCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    if not await send_card(bot, callback.from_user.id, session, callback_data.id):
        alert(callback_answer, t.plain("proposals-not-found"))


async def card_command(message: Message, session: AsyncSession, bot: Bot) -> None:
    """/proposal 135-2026-0007 opens a card by its number."""
    assert message.text is not None and message.from_user is not None
    match = NUMBER_RE.search(message.text)
    proposal = await queries.by_number(session, match.group(0)) if match else None
    if proposal is None:
        await message.answer(t("proposals-not-found"))
        return
    await send_card(bot, message.from_user.id, session, proposal.id)


async def attachment_pressed(
    callback: CallbackQuery,
    callback_data: SAttachmentCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
) -> None:
    proposal = await queries.get(session, callback_data.id)
    if proposal is None or not proposal.attachment_file_id:
        alert(callback_answer, t.plain("proposals-not-found"))
        return
    chat_id, file_id, caption = callback.from_user.id, proposal.attachment_file_id, proposal.number
    if proposal.attachment_kind == "photo":
        await bot.send_photo(chat_id, file_id, caption=caption)
        return
    # Staff get the file under a neutral name (the proposal's number): the name the author's
    # computer gave it may carry their own name, which /delete_me must not leave behind.
    file = await bot.get_file(file_id)
    content = await bot.download_file(file.file_path or "")
    suffix = PurePosixPath(file.file_path or "").suffix[:10]
    data = content.read() if content is not None else b""
    named = BufferedInputFile(data, filename=f"{proposal.number}{suffix}")
    await bot.send_document(chat_id, named, caption=caption)


# --- decisions ---


async def _ask_answer(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    proposal_id: int,
    number: str,
    data: SStatusCb,
) -> None:
    await state.set_state(A.answer)
    await state.update_data(
        proposal_id=proposal_id, status=data.status.value, expected=data.expected.value
    )
    text: str = t("proposals-ask-answer", number=number, status=data.status, limit=TEXT_MAX)
    if data.status is ProposalStatus.MERGED:
        text += "\n" + t("proposals-ask-answer-merged", number=number)
    await ask_with_templates(bot, chat_id, session, text)


async def ask_with_templates(bot: Bot, chat_id: int, session: AsyncSession, text: str) -> None:
    """Ask for a decision's reason, offering the saved templates."""
    markup = kb.templates(await decisions.templates(session))
    if markup is not None:
        text += "\n\n" + t("decisions-templates-hint")
    await bot.send_message(chat_id, text, reply_markup=markup)


async def status_pressed(
    callback: CallbackQuery,
    callback_data: SStatusCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    proposal = await queries.get(session, callback_data.id)
    if proposal is None:
        alert(callback_answer, t.plain("proposals-not-found"))
        return
    if proposal.status is not callback_data.expected:
        alert(callback_answer, t.plain("proposals-status-stale", status=proposal.status))
        return
    chat_id = callback.from_user.id
    if callback_data.status in FINAL_STATUSES:
        await _ask_answer(
            bot, chat_id, state, session, proposal.id, proposal.number, callback_data
        )
        return
    try:
        proposal = await review.change_status(
            session,
            chat_id,
            proposal.id,
            callback_data.status,
            render=t,
            expected=callback_data.expected,
        )
    except DomainError as exc:
        alert(callback_answer, error_plain(exc))
        return
    wake_sender()
    callback_answer.text = t.plain(
        "proposals-status-changed", number=proposal.number, status=proposal.status
    )
    await send_card(bot, chat_id, session, proposal.id)


async def answer_given(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    wake_sender: Callable[[], None],
) -> None:
    assert message.from_user is not None
    await decide_from_state(bot, message.from_user.id, state, session, wake_sender, message.text)


async def decide_from_state(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    wake_sender: Callable[[], None],
    reason: str | None,
) -> None:
    """The decision the FSM holds, with the reason typed or taken from a template."""
    data = await state.get_data()
    try:
        proposal_id = int(data["proposal_id"])
        status, expected = ProposalStatus(data["status"]), ProposalStatus(data["expected"])
    except (KeyError, ValueError, TypeError):  # the FSM data was lost (a restart)
        await state.clear()
        await bot.send_message(chat_id, t("proposals-dialogue-lost"))
        return
    try:
        proposal = await review.change_status(
            session, chat_id, proposal_id, status, reason, render=t, expected=expected
        )
    except DomainError as exc:
        await bot.send_message(chat_id, error_text(exc))
        if exc.code in ANSWER_ENDS:
            await state.clear()
        return
    await state.clear()
    wake_sender()
    await bot.send_message(
        chat_id, t("proposals-status-changed", number=proposal.number, status=proposal.status)
    )
    await send_card(bot, chat_id, session, proposal.id)


# --- notes ---


async def note_pressed(
    callback: CallbackQuery,
    callback_data: SNoteCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    proposal = await queries.get(session, callback_data.id)
    if proposal is None:
        alert(callback_answer, t.plain("proposals-not-found"))
        return
    await state.set_state(A.note)
    await state.update_data(proposal_id=proposal.id)
    await bot.send_message(
        callback.from_user.id, t("proposals-ask-note", number=proposal.number, limit=NOTE_MAX)
    )


async def note_given(message: Message, state: FSMContext, session: AsyncSession, bot: Bot) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    try:
        proposal_id = int(data["proposal_id"])
    except (KeyError, ValueError, TypeError):  # the FSM data was lost (a restart)
        await state.clear()
        await message.answer(t("proposals-dialogue-lost"))
        return
    try:
        note = await review.add_note(session, message.from_user.id, proposal_id, message.text)
    except DomainError as exc:
        await message.answer(error_text(exc))
        if exc.code == "proposals-not-found":
            await state.clear()
        return
    await state.clear()
    proposal = await queries.get(session, note.proposal_id)
    assert proposal is not None
    await message.answer(t("proposals-note-saved", number=proposal.number))
    await send_card(bot, message.from_user.id, session, proposal.id)


async def not_text(message: Message) -> None:
    await message.answer(t("proposals-not-text"))


def create_router() -> Router:
    """The card, decisions and notes (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_card"))
    router.message.register(card_command, Command("proposal"))
    router.callback_query.register(card_pressed, SCardCb.filter())
    router.callback_query.register(status_pressed, SStatusCb.filter())
    router.callback_query.register(note_pressed, SNoteCb.filter())
    router.callback_query.register(attachment_pressed, SAttachmentCb.filter())
    not_command = ~F.text.startswith("/")
    router.message.register(answer_given, StateFilter(A.answer), F.text, not_command)
    router.message.register(note_given, StateFilter(A.note), F.text, not_command)
    router.message.register(not_text, StateFilter(A.answer, A.note), ~F.text)
    return router
