"""The amendments table for staff: a menu of filters (campaign, status) and the file as
DOCX, XLSX or CSV."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import Bot, Router
from aiogram.types import BufferedInputFile, CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.proposals import keyboards as kb
from handlers.proposals.callbacks import SExportCb
from handlers.proposals.scope import scope_of
from handlers.proposals.staff_queue import staff_only, status_label
from handlers.replies import alert
from models.base import utcnow
from models.proposals import campaigns, export
from models.proposals.entities import ProposalStatus
from models.proposals.queries import NOT_WITHDRAWN, QueueFilter
from models.users import User
from texts import t

CAMPAIGNS_SHOWN = 5


def _export_filter(data: SExportCb, act_id: int | None) -> QueueFilter:
    """The filter a button carries, within the staff member's act; ``ValueError`` for a
    status that does not exist."""
    if data.status == "-":
        statuses = NOT_WITHDRAWN.statuses
    else:
        statuses = frozenset({ProposalStatus(data.status)})
    return QueueFilter(statuses=statuses, campaign_id=data.campaign or None, act_id=act_id)


async def _send_menu(
    bot: Bot, chat_id: int, session: AsyncSession, data: SExportCb, act_id: int | None
) -> None:
    shown = await campaigns.list_campaigns(session, limit=CAMPAIGNS_SHOWN, act_id=act_id)
    chosen = next((c for c in shown if c.id == data.campaign), None)
    text = t(
        "proposals-export-menu",
        campaign=chosen.title if chosen else t.plain("proposals-export-all-campaigns"),
        status=status_label(data.status)
        if data.status != "-"
        else t.plain("proposals-export-status-default"),
    )
    await bot.send_message(chat_id, text, reply_markup=kb.export(data, shown))


def _file(fmt: str, items: list[export.Row], act: str | None) -> bytes:
    now = utcnow()
    if fmt == "docx":
        return export.to_docx(items, t, now, act)
    if fmt == "xlsx":
        return export.to_xlsx(items, t, now, act)
    return export.to_csv(items, t)


async def export_pressed(
    callback: CallbackQuery,
    callback_data: SExportCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
    user: User,
) -> None:
    scope = await scope_of(session, user.id)
    act_id = scope.act.id if scope.act else None
    try:
        flt = _export_filter(callback_data, act_id)
    except ValueError:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    chat_id = callback.from_user.id
    if callback_data.fmt == "":
        await _send_menu(bot, chat_id, session, callback_data, act_id)
        return
    if callback_data.fmt not in export.FORMATS:
        alert(callback_answer, t.plain("proposals-stale"))
        return
    rows = await export.rows(session, flt)
    if not rows:
        alert(callback_answer, t.plain("proposals-export-empty"))
        return
    stamp = utcnow().astimezone(tz).strftime("%Y%m%d-%H%M")
    filename = t.plain("proposals-export-filename", stamp=stamp, ext=callback_data.fmt)
    await bot.send_document(
        chat_id,
        BufferedInputFile(
            _file(callback_data.fmt, rows, scope.act.title if scope.act else None),
            filename=filename,
        ),
        caption=t("proposals-export-caption", count=len(rows)),
    )


def create_router() -> Router:
    """Exports (moderators and admins)."""
    router = staff_only(Router(name="proposals_staff_export"))
    router.callback_query.register(export_pressed, SExportCb.filter())
    return router
