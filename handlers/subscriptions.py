"""Subscriptions: "🔔 Подписки" and /settings (topics, municipalities of interest,
reminders), and /stop — off from every announcement in one step."""

from __future__ import annotations

from aiogram import F, Router, html
from aiogram.filters import Command
from aiogram.types import CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers import texts
from handlers.callbacks.subscriptions import SubAction, SubCb
from handlers.keyboards import subscriptions as kb
from handlers.texts import subscriptions as t
from models import municipalities, subscriptions
from models.subscriptions import Topic
from models.users import User

PER_PAGE = 10


async def _card(session: AsyncSession, user: User) -> tuple[str, object]:
    topics = await subscriptions.topics_of(session, user.id)
    extra = await subscriptions.extra_municipalities(session, user.id)
    names = [m.name for m in await municipalities.list_active(session) if m.id in extra]
    text = t.settings_card(
        announcements=user.announcements_enabled,
        topics_on=len(topics),
        municipalities=names,
        reminders=user.reminders_enabled,
    )
    markup = kb.settings(topics, len(names), user.reminders_enabled, user.announcements_enabled)
    return text, markup


async def settings_cmd(message: Message, user: User, session: AsyncSession) -> None:
    if not user.is_registered:
        await message.answer(t.NEED_PROFILE)
        return
    text, markup = await _card(session, user)
    await message.answer(text, reply_markup=markup)  # type: ignore[arg-type]


async def stop_cmd(message: Message, user: User, session: AsyncSession) -> None:
    if not user.announcements_enabled:
        await message.answer(t.ALREADY_STOPPED)
        return
    await subscriptions.stop_announcements(session, user)
    await message.answer(t.STOPPED)


async def _show_main(callback: CallbackQuery, session: AsyncSession, user: User) -> None:
    text, markup = await _card(session, user)
    if isinstance(callback.message, Message):
        await callback.message.edit_text(text, reply_markup=markup)  # type: ignore[arg-type]


async def _show_municipalities(
    callback: CallbackQuery, session: AsyncSession, user: User, page: int
) -> None:
    items, pages = await municipalities.page_active(session, page, PER_PAGE)
    page = min(max(page, 0), pages - 1)
    chosen = await subscriptions.extra_municipalities(session, user.id)
    own = user.municipality.name if user.municipality else "—"
    text = t.MUNICIPALITIES_HEAD.format(page=page + 1, pages=pages, own=html.quote(own))
    if isinstance(callback.message, Message):
        await callback.message.edit_text(
            text, reply_markup=kb.municipalities(items, chosen, user.municipality_id, page, pages)
        )


async def settings_cb(
    callback: CallbackQuery, callback_data: SubCb, user: User, session: AsyncSession
) -> None:
    if not user.is_registered:
        await callback.answer(t.NEED_PROFILE, show_alert=True)
        return
    action = callback_data.action
    note: str | None = None
    if action is SubAction.TOPIC:
        try:
            topic = Topic(callback_data.value)
        except ValueError:
            await callback.answer(texts.STALE_BUTTON, show_alert=True)
            return
        on = await subscriptions.toggle_topic(session, user.id, topic)
        label = t.TOPIC_LABELS[topic]
        note = (t.TOPIC_ON if on else t.TOPIC_OFF).format(topic=label)
    elif action is SubAction.REMINDERS:
        on = await subscriptions.toggle_reminders(session, user)
        note = t.REMINDERS_ON if on else t.REMINDERS_OFF
    elif action is SubAction.ANNOUNCEMENTS:
        on = await subscriptions.toggle_announcements(session, user)
        note = t.ANNOUNCEMENTS_ON if on else t.ANNOUNCEMENTS_OFF
    elif action is SubAction.MUNICIPALITIES:
        await _show_municipalities(callback, session, user, callback_data.page)
        await callback.answer()
        return
    elif action is SubAction.MUNICIPALITY:
        await _municipality(callback, callback_data, user, session)
        return
    await _show_main(callback, session, user)
    await callback.answer(note)


async def _municipality(
    callback: CallbackQuery, callback_data: SubCb, user: User, session: AsyncSession
) -> None:
    municipality = (
        await municipalities.get_by_id(session, int(callback_data.value))
        if callback_data.value.isdigit()
        else None
    )
    if municipality is None or not municipality.is_active:
        await callback.answer(t.UNKNOWN_MUNICIPALITY, show_alert=True)
        return
    if municipality.id == user.municipality_id:
        await callback.answer(t.OWN_MUNICIPALITY, show_alert=True)
        return
    on = await subscriptions.toggle_municipality(session, user.id, municipality.id)
    await _show_municipalities(callback, session, user, callback_data.page)
    await callback.answer(
        (t.MUNICIPALITY_ON if on else t.MUNICIPALITY_OFF).format(name=municipality.name)
    )


def create_router() -> Router:
    """The subscriptions router with its handlers, in matching order."""
    router = Router(name="subscriptions")
    router.message.register(settings_cmd, Command("settings"))
    router.message.register(settings_cmd, F.text == texts.MENU_SUBSCRIPTIONS)
    router.message.register(stop_cmd, Command("stop"))
    router.callback_query.register(settings_cb, SubCb.filter())
    return router
