"""The history of mailings (announcements, reminders, mass mailings, notices) and the
delivery report of one."""

from __future__ import annotations

from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.admin import keyboards
from handlers.admin.callbacks import MailingCb
from handlers.admin.menu import edit
from handlers.replies import alert
from models import outbox
from models.outbox import DeliveryState, Mailing, MailingReport
from texts import Safe, t

MAILINGS_SHOWN = 10  # the latest mailings in the history


async def mailings_cb(callback: CallbackQuery, session: AsyncSession) -> None:
    items = await outbox.recent_mailings(session, limit=MAILINGS_SHOWN)
    text = t("admin-mailings") if items else t("admin-mailings-empty")
    await edit(callback, text, keyboards.mailings(items))


async def mailing_cb(
    callback: CallbackQuery,
    callback_data: MailingCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
) -> None:
    mailing = await session.get(Mailing, callback_data.id)
    if mailing is None:
        alert(callback_answer, t.plain("admin-mailing-not-found"))
        return
    rep = await outbox.report(session, mailing.id)
    await edit(callback, mailing_report(mailing, rep), keyboards.mailing_back())


def mailing_report(mailing: Mailing, rep: MailingReport) -> Safe:
    lines = [
        t(
            "admin-mailing-report",
            id=mailing.id,
            kind=mailing.kind,
            title=mailing.title,
            created=mailing.created_at,
        ),
        "",
        t("admin-mailing-report-total", total=sum(rep.counts.values())),
    ]
    lines += [
        t("admin-mailing-report-state", state=state, count=rep.counts[state])
        for state in DeliveryState
        if rep.counts.get(state)
    ]
    if rep.top_errors:
        lines += ["", t("admin-mailing-report-errors")]
        lines += [
            t("admin-mailing-report-error", error=error, count=n) for error, n in rep.top_errors
        ]
    return Safe("\n".join(lines))
