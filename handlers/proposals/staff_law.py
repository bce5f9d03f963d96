"""The law's text for staff: /law_upload with a .txt or .docx file (in the caption or as the
next message). The file is parsed in a worker thread within limits; staff see the summary tree
(chapters, articles with their parts and points counted, first lines, lines it could not
place) and confirm before the text becomes current. A refused file says why (the line where
it broke) and keeps the previous version."""

from __future__ import annotations

import html
import io

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.proposals import keyboards as kb
from handlers.proposals.callbacks import SLawCb
from handlers.proposals.staff_queue import staff_only
from handlers.proposals.staff_summary import report_sections
from handlers.proposals.states import ProposalAdminStates
from handlers.proposals.views import error_text, shorten
from handlers.replies import alert
from models.errors import DomainError
from models.lawtext import LawStructure, parse_upload_off_loop
from models.proposals import law
from models.proposals.acts import chosen_act
from models.proposals.queries import QueueFilter
from models.users import User
from texts import Safe, t

A = ProposalAdminStates
DEFAULT_FILENAME = "law.txt"
PENDING = "law_pending"  # FSM data: the parsed text waiting for the confirmation
SUMMARY_ARTICLES = 30
FIRST_LINE = 70
UNPLACED_SHOWN = 5
MESSAGE_MAX = 4096


async def law_upload_command(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, user: User
) -> None:
    if message.document is not None:
        await _take_law(message, state, session, bot, user)
        return
    await state.set_state(A.law_upload)
    await message.answer(t("proposals-law-ask-file"))


async def law_file_given(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, user: User
) -> None:
    if message.document is None:
        await message.answer(t("proposals-law-not-document"))
        return
    await _take_law(message, state, session, bot, user)


async def _refuse(message: Message, session: AsyncSession, exc: DomainError) -> None:
    previous = await law.current_version(session)
    tail = (
        t("proposals-law-previous", when=previous.uploaded_at)
        if previous
        else t("proposals-law-no-previous")
    )
    await message.answer(t("proposals-law-refused", reason=error_text(exc), previous=tail))


async def _take_law(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, user: User
) -> None:
    """Parse the file; the text is for the act the staff member chose (/acts → «Загрузить
    текст»), else the default act."""
    document = message.document
    assert document is not None
    filename = document.file_name or DEFAULT_FILENAME
    try:
        if (document.file_size or 0) > law.MAX_UPLOAD_BYTES:
            raise DomainError("proposals-law-too-big")
        buffer = io.BytesIO()
        await bot.download(document.file_id, destination=buffer)
        structure = await parse_upload_off_loop(filename, buffer.getvalue())
    except DomainError as exc:
        await _refuse(message, session, exc)
        return
    act = await chosen_act(session, user.id)
    await state.set_state(A.law_upload)
    await state.update_data(
        {
            PENDING: {
                "filename": filename,
                "law": structure.to_json(),
                "act_id": act.id if act else None,
            }
        }
    )
    text = summary(filename, structure)
    which = t("consultations-law-for-act", title=act.title) if act else ""
    if which and len(text) + len(which) + 2 <= MESSAGE_MAX:
        text = Safe(f"{text}\n\n{which}")
    await message.answer(text, reply_markup=kb.law_confirm())


def _article_lines(structure: LawStructure) -> list[str]:
    lines: list[str] = []
    chapter = ""
    for art in structure.articles[:SUMMARY_ARTICLES]:
        if art.chapter and art.chapter != chapter:
            chapter = art.chapter
            lines.append(t("proposals-law-summary-chapter", heading=shorten(chapter, 80)))
        heading = shorten(art.heading, FIRST_LINE)
        if art.repealed:
            lines.append(t("proposals-law-summary-repealed", heading=heading))
            continue
        points = len(art.points) + sum(len(p.points) for p in art.parts)
        lines.append(
            t(
                "proposals-law-summary-article",
                heading=heading,
                parts=len(art.parts),
                points=points,
            )
        )
        first = art.text or (art.parts[0].wording() if art.parts else "")
        if first:
            line = shorten(first.splitlines()[0], FIRST_LINE)
            lines.append(t("proposals-law-summary-first", line=line))
    hidden = len(structure.articles) - SUMMARY_ARTICLES
    if hidden > 0:
        lines.append(t("proposals-law-summary-more", count=hidden))
    return lines


def summary(filename: str, structure: LawStructure) -> Safe:
    """What the parser made of the file, within one message."""
    articles, parts, points, subpoints = structure.counts()
    unplaced = Safe("")
    if structure.unplaced:
        shown = [shorten(x, FIRST_LINE) for x in structure.unplaced[:UNPLACED_SHOWN]]
        unplaced = t(
            "proposals-law-summary-unplaced",
            count=len(structure.unplaced),
            lines=Safe("\n".join(html.escape(x) for x in shown)),
        )
    tree = _article_lines(structure)
    while True:
        text = t(
            "proposals-law-summary",
            filename=filename,
            chapters=len(structure.chapters),
            articles=articles,
            parts=parts,
            points=points,
            subpoints=subpoints,
            tree=Safe("\n".join(tree)),
            unplaced=unplaced,
        )
        if len(text) <= MESSAGE_MAX or len(tree) <= 1:
            return text
        tree = tree[: len(tree) * 3 // 4]


async def law_confirm_pressed(
    callback: CallbackQuery,
    callback_data: SLawCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    pending = (await state.get_data()).get(PENDING)
    if pending is None:
        alert(callback_answer, t.plain("proposals-law-expired"))
        return
    await state.clear()
    chat_id = callback.from_user.id
    if not callback_data.confirm:
        await bot.send_message(chat_id, t("proposals-law-cancelled"))
        return
    structure = LawStructure.from_json(pending["law"])
    version = await law.store_law(
        session, chat_id, pending["filename"], structure, act_id=pending.get("act_id")
    )
    await bot.send_message(
        chat_id,
        t(
            "proposals-law-uploaded",
            filename=pending["filename"],
            articles=len(structure.articles),
        ),
    )
    # A new version of a text shows staff at once what it changed and flags the proposals
    # whose current wording is no longer the text's.
    if version.act_id is None:
        return
    older = [v for v in await law.versions_of(session, version.act_id) if v.id < version.id]
    if older:
        scope = QueueFilter(act_id=version.act_id)
        changes = await report_sections(session, older[-1], version, scope)
        await send_chunks(bot, chat_id, changes, None)


def create_router() -> Router:
    """The law upload (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_law"))
    router.message.register(law_upload_command, Command("law_upload"))
    router.message.register(law_file_given, StateFilter(A.law_upload), ~F.text.startswith("/"))
    router.callback_query.register(law_confirm_pressed, SLawCb.filter())
    return router
