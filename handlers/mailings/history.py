"""The stop button under a running mailing, and /mailings: the history with each report."""

from __future__ import annotations

from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.mailings import keyboards as kb
from handlers.mailings.callbacks import MailingStopCb, MassMailingCb
from handlers.mailings.view import describe, edit
from handlers.replies import alert
from models import mailings
from models.errors import DomainError
from models.mailings import MassMailing
from texts import Safe, t
from texts.mailings import history_text, report_text


async def stop_cb(
    callback: CallbackQuery,
    callback_data: MailingStopCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    try:
        cancelled = await mailings.stop(session, callback_data.id, callback.from_user.id)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    progress = await mailings.progress(session, callback_data.id)
    if progress is not None and progress.finished_at is not None:
        await edit(callback, report_text(progress), None)
    else:
        await edit(callback, t("mailing-stopping", id=callback_data.id), None)
    callback_answer.text = t.plain("mailing-stopped", n=cancelled)


async def history_cmd(message: Message, session: AsyncSession) -> None:
    text, markup = await _history(session)
    await message.answer(text, reply_markup=markup)


HISTORY_MARKS = {
    "scheduled": "mailing-history-marks-scheduled",
    "running": "mailing-history-marks-running",
    "stopped": "mailing-history-marks-stopped",
    "done": "mailing-history-marks-done",
}


def _mark(mass: MassMailing) -> str:
    if mass.started_at is None and mass.finished_at is None:
        return t.plain(HISTORY_MARKS["scheduled"])
    if mass.finished_at is None:
        return t.plain(HISTORY_MARKS["running"])
    if mass.stopped_by is not None:
        return t.plain(HISTORY_MARKS["stopped"])
    return t.plain(HISTORY_MARKS["done"])


async def _history(session: AsyncSession) -> tuple[Safe, InlineKeyboardMarkup | None]:
    items = await mailings.history(session, limit=15)
    if not items:
        return t("mailing-history-empty"), None
    rows = [
        (
            mass.mailing_id,
            t.plain(
                "mailing-history-item",
                id=mass.mailing_id,
                mark=_mark(mass),
                title=mass.mailing.title,
            ),
        )
        for mass in items
    ]
    return t("mailing-history-head"), kb.history(rows)


async def history_report(session: AsyncSession, mailing_id: int) -> Safe | None:
    """The report of one mass mailing with who, when and to whom."""
    progress = await mailings.progress(session, mailing_id)
    if progress is None:
        return None
    _, summary = await describe(session, progress.audience)
    return history_text(progress, summary)


async def history_cb(
    callback: CallbackQuery,
    callback_data: MassMailingCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    if callback_data.id == 0:
        text, markup = await _history(session)
        await edit(callback, text, markup)
        return
    report = await history_report(session, callback_data.id)
    if report is None:
        alert(callback_answer, t.plain("mailing-not-found"))
        return
    await edit(callback, report, kb.history_back())
