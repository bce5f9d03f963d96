"""The admin menu. Every handler here sits behind ``RoleFilter(Role.ADMIN)``, evaluated on
each update; for anyone else ``/admin`` falls through to "unknown command"."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import keyboards, texts
from handlers.callbacks import AdminAction, AdminCb, MailingCb, RemoveModeratorCb
from handlers.filters import RoleFilter
from handlers.states import AdminStates
from models import audit, outbox
from models.users import InvalidInput, Role, list_moderators, set_role, stats


async def admin_menu(message: Message, state: FSMContext) -> None:
    await state.clear()
    await message.answer(texts.ADMIN_MENU, reply_markup=keyboards.admin_menu())


async def _edit(callback: CallbackQuery, text: str, **kwargs: object) -> None:
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, **kwargs)  # type: ignore[arg-type]
    await callback.answer()


async def menu_cb(callback: CallbackQuery, state: FSMContext) -> None:
    await state.clear()
    await _edit(callback, texts.ADMIN_MENU, reply_markup=keyboards.admin_menu())


async def stats_cb(callback: CallbackQuery, session: AsyncSession) -> None:
    counts = await stats(session)
    await _edit(callback, texts.ADMIN_STATS.format(**counts), reply_markup=keyboards.admin_back())


async def moderators_cb(callback: CallbackQuery, session: AsyncSession) -> None:
    mods = await list_moderators(session)
    await _edit(
        callback, await _moderators_summary(session), reply_markup=keyboards.moderators(mods)
    )


async def _moderators_summary(session: AsyncSession) -> str:
    mods = await list_moderators(session)
    if not mods:
        return texts.ADMIN_MODERATORS_EMPTY
    items = "\n".join(f"• {texts.display_name(m)} (<code>{m.telegram_id}</code>)" for m in mods)
    return texts.ADMIN_MODERATORS_LIST.format(items=items)


async def add_moderator_cb(callback: CallbackQuery, state: FSMContext) -> None:
    await state.set_state(AdminStates.moderator_id)
    await _edit(callback, texts.ADMIN_ASK_MODERATOR_ID)


async def moderator_id_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    assert message.text is not None
    assert message.from_user is not None
    raw = message.text.strip()
    if not raw.isdigit() or len(raw) > 15:
        await message.answer(texts.ADMIN_BAD_ID)
        return
    try:
        target = await set_role(session, message.from_user.id, int(raw), Role.MODERATOR)
    except InvalidInput as exc:
        if exc.code == "unchanged":
            await state.clear()
            await message.answer(texts.ADMIN_ALREADY_MODERATOR.format(name=html.quote(raw)))
            return
        await message.answer(texts.ADMIN_USER_NOT_FOUND)
        return
    await state.clear()
    await message.answer(
        texts.ADMIN_MODERATOR_ADDED.format(name=texts.display_name(target)),
        reply_markup=keyboards.admin_back(),
    )


async def moderator_id_not_text(message: Message) -> None:
    await message.answer(texts.ADMIN_BAD_ID)


async def remove_moderator_cb(
    callback: CallbackQuery, callback_data: RemoveModeratorCb, session: AsyncSession
) -> None:
    try:
        target = await set_role(
            session, callback.from_user.id, callback_data.telegram_id, Role.USER
        )
    except InvalidInput:
        await callback.answer(texts.STALE_BUTTON, show_alert=True)
        return
    mods = await list_moderators(session)
    await callback.answer(
        texts.ADMIN_MODERATOR_REMOVED.format(name=target.full_name or target.telegram_id)
    )
    if isinstance(callback.message, Message):
        await callback.message.edit_text(
            await _moderators_summary(session), reply_markup=keyboards.moderators(mods)
        )


async def audit_cb(callback: CallbackQuery, session: AsyncSession, tz: ZoneInfo) -> None:
    entries = await audit.latest(session, limit=15)
    if not entries:
        text = texts.ADMIN_AUDIT_EMPTY
    else:
        text = texts.ADMIN_AUDIT.format(
            items="\n".join(
                f"{e.created_at.astimezone(tz):%d.%m.%Y %H:%M} · "
                f"<code>{e.actor_telegram_id}</code> · "
                f"{html.quote(e.action)} {html.quote(e.target or '')} "
                f"{html.quote(str(e.details))}"
                for e in entries
            )
        )
    await _edit(callback, text, reply_markup=keyboards.admin_back())


async def mailings_cb(callback: CallbackQuery, session: AsyncSession) -> None:
    items = await outbox.recent_mailings(session, limit=10)
    text = texts.ADMIN_MAILINGS if items else texts.ADMIN_MAILINGS_EMPTY
    await _edit(callback, text, reply_markup=keyboards.mailings(items))


async def mailing_cb(
    callback: CallbackQuery, callback_data: MailingCb, session: AsyncSession, tz: ZoneInfo
) -> None:
    mailing = await session.get(outbox.Mailing, callback_data.id)
    if mailing is None:
        await callback.answer(texts.ADMIN_MAILING_NOT_FOUND, show_alert=True)
        return
    rep = await outbox.report(session, mailing.id)
    text = texts.mailing_report(
        mailing.id,
        mailing.kind.value,
        mailing.title,
        f"{mailing.created_at.astimezone(tz):%d.%m.%Y %H:%M}",
        {state.value: n for state, n in rep.counts.items()},
        rep.top_errors,
    )
    await _edit(callback, text, reply_markup=keyboards.mailing_back())


async def soon_cb(callback: CallbackQuery) -> None:
    await callback.answer(texts.ADMIN_SOON, show_alert=True)


def create_router() -> Router:
    """The admin router with its handlers, in matching order."""
    router = Router(name="admin")
    router.message.filter(RoleFilter(Role.ADMIN))
    router.callback_query.filter(RoleFilter(Role.ADMIN))
    router.message.register(admin_menu, Command("admin"))
    router.callback_query.register(menu_cb, AdminCb.filter(F.action == AdminAction.MENU))
    router.callback_query.register(stats_cb, AdminCb.filter(F.action == AdminAction.STATS))
    router.callback_query.register(
        moderators_cb, AdminCb.filter(F.action == AdminAction.MODERATORS)
    )
    router.callback_query.register(
        add_moderator_cb, AdminCb.filter(F.action == AdminAction.ADD_MODERATOR)
    )
    router.message.register(
        moderator_id_given, AdminStates.moderator_id, F.text, ~F.text.startswith("/")
    )
    router.message.register(moderator_id_not_text, AdminStates.moderator_id, ~F.text)
    router.callback_query.register(remove_moderator_cb, RemoveModeratorCb.filter())
    router.callback_query.register(audit_cb, AdminCb.filter(F.action == AdminAction.AUDIT))
    router.callback_query.register(mailings_cb, AdminCb.filter(F.action == AdminAction.MAILINGS))
    router.callback_query.register(mailing_cb, MailingCb.filter())
    router.callback_query.register(soon_cb, AdminCb.filter(F.action == AdminAction.MUNICIPALITIES))
    return router
