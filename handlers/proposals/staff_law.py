"""The law's text for staff: /law_upload with a .txt or .docx file (in the caption or as the
next message). A refused file says the line where it broke and keeps the previous version."""

from __future__ import annotations

import io

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.proposals.staff_queue import staff_only
from handlers.proposals.states import ProposalAdminStates
from handlers.proposals.views import error_text
from models.errors import DomainError
from models.proposals import law
from texts import t

A = ProposalAdminStates
DEFAULT_FILENAME = "law.txt"


async def law_upload_command(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot
) -> None:
    if message.document is not None:
        await _take_law(message, state, session, bot)
        return
    await state.set_state(A.law_upload)
    await message.answer(t("proposals-law-ask-file"))


async def law_file_given(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot
) -> None:
    if message.document is None:
        await message.answer(t("proposals-law-not-document"))
        return
    await _take_law(message, state, session, bot)


async def _take_law(message: Message, state: FSMContext, session: AsyncSession, bot: Bot) -> None:
    document = message.document
    assert document is not None and message.from_user is not None
    filename = document.file_name or DEFAULT_FILENAME
    try:
        if (document.file_size or 0) > law.MAX_UPLOAD_BYTES:
            raise DomainError("proposals-law-too-big")
        buffer = io.BytesIO()
        await bot.download(document.file_id, destination=buffer)
        version = await law.upload_law(session, message.from_user.id, filename, buffer.getvalue())
    except DomainError as exc:
        previous = await law.current_version(session)
        tail = (
            t("proposals-law-previous", when=previous.uploaded_at)
            if previous
            else t("proposals-law-no-previous")
        )
        await message.answer(t("proposals-law-refused", reason=error_text(exc), previous=tail))
        return
    await state.clear()
    await message.answer(
        t("proposals-law-uploaded", filename=filename, articles=len(version.law.articles))
    )


def create_router() -> Router:
    """The law upload (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_law"))
    router.message.register(law_upload_command, Command("law_upload"))
    router.message.register(law_file_given, StateFilter(A.law_upload), ~F.text.startswith("/"))
    return router
