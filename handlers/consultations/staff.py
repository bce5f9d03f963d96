"""Staff actions on an act (moderators and admins, checked on every update): the next
stage, the one-tap reminder to those who have not answered, the list of those, the
positions, the late drafts, and choosing the act for a text upload (/law_upload)."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.consultations import keyboards as kb
from handlers.consultations.callbacks import ActRemindCb, ActStaff, ActStaffCb, ActStageCb
from handlers.consultations.public import card_screen
from handlers.replies import alert, message_of
from models import consultations as cons
from models import representatives as reps
from models.errors import DomainError
from models.users import Role, User
from texts import Safe, t

POSITION_SHOWN = 300  # characters of a position's text in the list
LATE_SHOWN = 150
MESSAGE_MAX = 4000


async def _refresh(
    callback: CallbackQuery, session: AsyncSession, act_id: int, user: User, role: Role
) -> None:
    screen = await card_screen(session, act_id, user, role)
    message = message_of(callback)
    if screen is not None and message is not None:
        await message.edit_text(screen[0], reply_markup=screen[1])


async def stage_cb(
    callback: CallbackQuery,
    callback_data: ActStageCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    role: Role,
    wake_sender: Callable[[], None],
) -> None:
    try:
        act = await cons.advance(
            session, callback.from_user.id, callback_data.act_id, callback_data.expected, render=t
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    wake_sender()
    callback_answer.text = t.plain("consultations-stage-moved", stage=t.label(act.stage))
    await _refresh(callback, session, act.id, user, role)


async def remind_cb(
    callback: CallbackQuery,
    callback_data: ActRemindCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    wake_sender: Callable[[], None],
) -> None:
    try:
        sent = await cons.remind_missing(
            session, callback.from_user.id, callback_data.act_id, callback_data.stamp, render=t
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    if sent:
        wake_sender()
        alert(callback_answer, t.plain("consultations-reminded", count=sent))
    else:
        alert(callback_answer, t.plain("consultations-reminded-none"))


async def _missing(session: AsyncSession, act: cons.Act) -> Safe:
    covered = await cons.act_coverage(session, act)
    if not covered.missing:
        return t("consultations-missing-none")
    reachable = await reps.recipients(session, covered.missing_ids)
    items = "\n".join(
        t("consultations-missing-item", name=m.name, reps="yes" if m.id in reachable else "no")
        for m in covered.missing
    )
    return t("consultations-missing", count=len(covered.missing), items=Safe(items))


async def _positions(session: AsyncSession, act: cons.Act) -> Safe:
    rows = await cons.current_positions(session, act.id)
    if not rows:
        return t("consultations-positions-none")
    items = "\n".join(
        t(
            "consultations-position-item",
            municipality=p.municipality.name,
            stance=t.label(p.stance),
            author=(p.author.full_name if p.author else None) or "—",
            signatory="yes" if p.by_signatory else "no",
            when=t.when(p.submitted_at),
            file="yes" if p.attachment_file_id else "no",
            text=kb.short(p.text, POSITION_SHOWN),
        )
        for p in rows
    )
    return t("consultations-positions", count=len(rows), items=Safe(items))


async def _letters(bot: Bot, chat_id: int, session: AsyncSession, act: cons.Act) -> None:
    """The signed letters attached to the current positions, one document each."""
    for position in await cons.current_positions(session, act.id):
        if position.attachment_file_id:
            caption = t("consultations-position-letter", municipality=position.municipality.name)
            await bot.send_document(chat_id, position.attachment_file_id, caption=caption)


async def _late(session: AsyncSession, act: cons.Act) -> Safe:
    rows = await cons.late_drafts(session, act.id)
    if not rows:
        return t("consultations-late-none")
    names = {
        u.id: u.full_name or "—"
        for u in await session.scalars(
            select(User).where(User.id.in_([r.user_id for r in rows if r.user_id]))
        )
    }
    items = "\n".join(
        t(
            "consultations-late-item",
            when=t.when(r.attempted_at),
            name=names.get(r.user_id or 0, "—"),
            text=kb.short(r.summary or "", LATE_SHOWN),
        )
        for r in rows
    )
    return t("consultations-late", count=len(rows), items=Safe(items))


async def staff_cb(
    callback: CallbackQuery,
    callback_data: ActStaffCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    role: Role,
    bot: Bot,
) -> None:
    act = await session.get(cons.Act, callback_data.act_id)
    if act is None:
        alert(callback_answer, t.plain("consultations-act-not-found"))
        return
    chat_id = callback.from_user.id
    action = callback_data.action
    if action is ActStaff.REFRESH:
        await _refresh(callback, session, act.id, user, role)
        return
    if action is ActStaff.TAKE:
        await cons.set_responsible(session, chat_id, act.id)
        callback_answer.text = t.plain("consultations-taken")
        await _refresh(callback, session, act.id, user, role)
        return
    if action is ActStaff.TEXT:
        await cons.choose_act(session, user.id, act.id)
        await bot.send_message(chat_id, t("consultations-text-ask", title=act.title))
        return
    show = {ActStaff.MISSING: _missing, ActStaff.POSITIONS: _positions, ActStaff.LATE: _late}
    text = await show[action](session, act)
    if action is ActStaff.POSITIONS:
        await _letters(bot, chat_id, session, act)
    parts = _by_lines(str(text))
    for index, part in enumerate(parts):
        markup = kb.back_to(act.id) if index == len(parts) - 1 else None
        await bot.send_message(chat_id, part, reply_markup=markup)


def _by_lines(text: str) -> list[str]:
    """Whole lines packed into messages of at most ``MESSAGE_MAX`` characters (each line of
    these lists is balanced HTML, so no tag is cut)."""
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > MESSAGE_MAX and current:
            parts.append(current)
            candidate = line[:MESSAGE_MAX]
        current = candidate
    return [*parts, current]
