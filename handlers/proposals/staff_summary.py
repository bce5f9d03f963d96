"""The summary of proposals for staff: its totals, the DOCX and XLSX, sending it to everyone
who took part (each with their own lines), telling each author the result against the
adopted text, and what the newest version of the text changed (proposals flagged)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.proposals.callbacks import SSummaryCb, SVersionsCb
from handlers.proposals.scope import Scope, scope_of
from handlers.proposals.staff_queue import staff_only
from handlers.proposals.views import shorten
from handlers.replies import alert
from models.base import utcnow
from models.consultations.positions import current_positions
from models.proposals import law, summary, summary_files, versions
from models.proposals.law import LawVersion
from models.proposals.queries import QueueFilter
from models.users import User
from texts import t

CHANGES_SHOWN = 40
ADDED_SHOWN = 200
CAPTIONS = {"docx": "decisions-summary-caption-docx", "xlsx": "decisions-summary-caption-xlsx"}


def _menu_markup() -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for key, action in (
        ("decisions-btn-summary-files", "files"),
        ("decisions-btn-summary-send", "send"),
        ("decisions-btn-result", "result"),
    ):
        kb.button(text=t.plain(key), callback_data=SSummaryCb(action=action))
    kb.button(text=t.plain("decisions-btn-versions"), callback_data=SVersionsCb())
    kb.adjust(1)
    return kb.as_markup()


async def _send_files(
    bot: Bot, chat_id: int, data: summary.Summary, title: str, tz: ZoneInfo
) -> list[tuple[str, str]]:
    """The DOCX and XLSX to this staff member; their file ids and captions for the outbox."""
    now = utcnow()
    stamp = now.astimezone(tz).strftime("%Y%m%d-%H%M")
    made = await asyncio.gather(
        asyncio.to_thread(summary_files.to_docx, data, t, title, now),
        asyncio.to_thread(summary_files.to_xlsx, data, t, title, now),
    )
    sent: list[tuple[str, str]] = []
    for ext, content in zip(("docx", "xlsx"), made, strict=True):
        caption = str(t(CAPTIONS[ext], title=title))
        name = t.plain("decisions-summary-filename", stamp=stamp, ext=ext)
        message = await bot.send_document(
            chat_id, BufferedInputFile(content, filename=name), caption=caption
        )
        if message.document is not None:
            sent.append((message.document.file_id, caption))
    return sent


async def summary_pressed(
    callback: CallbackQuery,
    callback_data: SSummaryCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
    user: User,
    wake_sender: Callable[[], None],
) -> None:
    chat_id, action = callback.from_user.id, callback_data.action
    scope = await scope_of(session, user.id)
    title = scope.title
    data = await summary.build(session, scope.flt, await _positions(session, scope))
    if not data.lines:
        alert(callback_answer, t.plain("decisions-summary-empty"))
        return
    if action == "":
        totals = data.totals
        text = t(
            "decisions-summary-menu",
            title=title,
            received=totals.received,
            accepted=totals.accepted,
            partial=totals.partial,
            rejected=totals.rejected,
            undecided=totals.undecided,
            people=len(summary.participants(data)),
        )
        await bot.send_message(chat_id, text, reply_markup=_menu_markup())
    elif action in ("files", "send"):
        files = await _send_files(bot, chat_id, data, title, tz)
        if action == "send":
            count = await summary.publish(
                session, chat_id, data, files, title=title, scope_key=scope.key, render=t
            )
            wake_sender()
            await bot.send_message(chat_id, t("decisions-summary-sent", count=count))
    elif action == "result":
        await _result(bot, chat_id, session, scope, wake_sender)
    else:
        alert(callback_answer, t.plain("proposals-stale"))


async def _positions(session: AsyncSession, scope: Scope) -> list[summary.Position]:
    """The municipalities' current official positions on the act (none without an act)."""
    if scope.act is None:
        return []
    return [
        summary.Position(p.municipality.name, t.label(p.stance), p.text)
        for p in await current_positions(session, scope.act.id)
    ]


async def _result(
    bot: Bot, chat_id: int, session: AsyncSession, scope: Scope, wake_sender: Callable[[], None]
) -> None:
    adopted = await law.current_law(session, scope.act.id if scope.act else None)
    if adopted is None:
        await bot.send_message(chat_id, t("decisions-result-no-law"))
        return
    results = await versions.tell_result(
        session, chat_id, scope.flt, adopted, title=scope.title, scope_key=scope.key, render=t
    )
    wake_sender()
    taken = sum(results.values())
    await bot.send_message(chat_id, t("decisions-result-done", taken=taken, total=len(results)))


def change_line(change: versions.Change) -> str:
    place = change.place.label(t)
    if change.kind is versions.ChangeKind.ADDED:
        return t("decisions-change-added", place=place, text=shorten(change.new, ADDED_SHOWN))
    if change.kind is versions.ChangeKind.REMOVED:
        return t("decisions-change-removed", place=place)
    return t("decisions-change-changed", place=place, diff=change.short)


async def report_sections(
    session: AsyncSession, old: LawVersion, new: LawVersion, scope: QueueFilter | None = None
) -> list[str]:
    """What ``new`` changed against ``old``, provision by provision, and the proposals now
    flagged (this also flags them). Usable right after an upload."""
    changes = versions.diff(old.law, new.law)
    scope = scope if scope is not None else QueueFilter(act_id=new.act_id)
    flagged = await versions.flag_changed(session, scope, old.law, new.law, new.id)
    sections: list[str] = [
        t("decisions-versions-title", new=new.filename, when=new.uploaded_at, old=old.filename)
    ]
    sections += [change_line(c) for c in changes[:CHANGES_SHOWN]] or [t("decisions-versions-same")]
    if flagged:
        numbers = ", ".join(p.number for p in flagged)
        sections.append(t("decisions-versions-flagged", numbers=numbers))
    else:
        sections.append(t("decisions-versions-flagged-none"))
    return sections


async def versions_pressed(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    user: User,
) -> None:
    scope = await scope_of(session, user.id)
    query = select(LawVersion).order_by(LawVersion.id.desc()).limit(2)
    if scope.act is not None:
        query = query.where(LawVersion.act_id == scope.act.id)
    latest = list(await session.scalars(query))
    if len(latest) < 2:
        alert(callback_answer, t.plain("decisions-versions-none"))
        return
    new, old = latest
    await send_chunks(bot, callback.from_user.id, await report_sections(session, old, new), None)


def create_router() -> Router:
    """The summary, the result and versions (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_summary"))
    router.callback_query.register(summary_pressed, SSummaryCb.filter())
    router.callback_query.register(versions_pressed, SVersionsCb.filter())
    return router
