"""A representative's side: /representative shows whom they represent and makes a link for
a deputy; ``open_invite`` handles ``?start=rep_<token>`` once the person is registered."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot
from aiogram.types import CallbackQuery, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.replies import alert, message_of
from handlers.representatives import keyboards as kb
from handlers.representatives.callbacks import RepHandoverCb
from models import representatives as reps
from models.errors import DomainError
from models.users import User
from texts import Safe, t


async def mine_command(message: Message, user: User, session: AsyncSession) -> None:
    rows = await reps.roles_of(session, user.id)
    if not rows:
        await message.answer(t("reps-mine-none"))
        return
    items = "\n".join(
        t(
            "reps-mine-item",
            municipality=r.municipality.name,
            signatory="yes" if r.is_signatory else "no",
        )
        for r in rows
    )
    await message.answer(t("reps-mine", items=Safe(items)), reply_markup=kb.mine(rows))


async def handover_cb(
    callback: CallbackQuery,
    callback_data: RepHandoverCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    row = await session.get(reps.Representative, callback_data.representative_id)
    message = message_of(callback)
    if row is None or row.user_id != user.id or row.revoked_at is not None or message is None:
        alert(callback_answer, t.plain("reps-gone"))
        return
    invite = await reps.create_handover_invite(session, row)
    me = await bot.me()
    await message.answer(
        t(
            "reps-handover-made",
            municipality=row.municipality.name,
            until=t.when(invite.expires_at),
            signatory="yes" if row.is_signatory else "no",
            link=reps.deep_link(me.username or "", invite.token),
        )
    )


async def open_invite(
    bot: Bot,
    chat_id: int,
    token: str,
    user: User,
    session: AsyncSession,
    wake_sender: Callable[[], None] | None = None,
) -> None:
    """``/start rep_<token>`` from a registered person: accept and say what it means."""
    try:
        row = await reps.accept_invite(session, token, user, render=t)
    except DomainError as exc:
        await bot.send_message(chat_id, t(exc.code, **exc.params))
        return
    if wake_sender is not None:
        wake_sender()
    await bot.send_message(
        chat_id,
        t(
            "reps-welcome",
            municipality=row.municipality.name,
            signatory="yes" if row.is_signatory else "no",
        ),
    )
