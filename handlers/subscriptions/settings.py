"""/settings (and the "🔔 Подписки" menu button): one tap turns a topic, reminders or all
announcements on or off; municipalities of interest are picked on a paged list. /stop turns
every announcement off in one step."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.subscriptions import keyboards as kb
from handlers.subscriptions.callbacks import SubAction, SubCb
from handlers.widgets.pager import Page
from models import municipalities, subscriptions
from models.topics import Topic
from models.users import User
from texts import Safe, quote, t

PER_PAGE = 10


def _alert(callback_answer: CallbackAnswer, text: str) -> None:
    callback_answer.text = text
    callback_answer.show_alert = True


def _card_text(user: User, topics_on: int, names: list[str]) -> Safe:
    lines = [t("subs-settings-head"), ""]
    if not user.announcements_enabled:
        lines += [t("subs-settings-stopped"), ""]
    lines.append(t("subs-settings-topics"))
    if topics_on == 0:
        lines.append(t("subs-settings-no-topics"))
    items = quote(", ".join(names)) if names else t("subs-settings-municipalities-none")
    lines += ["", t("subs-settings-municipalities", items=items)]
    reminders = (
        "subs-settings-reminders-on" if user.reminders_enabled else "subs-settings-reminders-off"
    )
    lines += [t(reminders), "", t("subs-settings-footer")]
    return Safe("\n".join(lines))


async def _card(session: AsyncSession, user: User) -> tuple[Safe, InlineKeyboardMarkup]:
    topics = await subscriptions.topics_of(session, user.id)
    extra = await subscriptions.extra_municipalities(session, user.id)
    names = [m.name for m in await municipalities.list_active(session) if m.id in extra]
    markup = kb.settings(topics, len(names), user.reminders_enabled, user.announcements_enabled)
    return _card_text(user, len(topics), names), markup


async def settings_cmd(message: Message, user: User, session: AsyncSession) -> None:
    if not user.is_registered:
        await message.answer(t("subs-need-profile"))
        return
    text, markup = await _card(session, user)
    await message.answer(text, reply_markup=markup)


async def stop_cmd(message: Message, user: User, session: AsyncSession) -> None:
    if not user.announcements_enabled:
        await message.answer(t("subs-already-stopped"))
        return
    await subscriptions.stop_announcements(session, user)
    await message.answer(t("subs-stopped"))


async def _edit(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup) -> None:
    """Redraw the settings message; pressing the page number redraws the same page."""
    if isinstance(callback.message, Message):
        try:
            await callback.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                raise


async def _show_main(callback: CallbackQuery, session: AsyncSession, user: User) -> None:
    text, markup = await _card(session, user)
    await _edit(callback, text, markup)


async def _show_municipalities(
    callback: CallbackQuery, session: AsyncSession, user: User, number: int
) -> None:
    page = Page.of(await municipalities.count_active(session), number, PER_PAGE)
    items = await municipalities.slice_active(session, page.offset, page.per_page)
    chosen = await subscriptions.extra_municipalities(session, user.id)
    own = user.municipality.name if user.municipality else "—"
    text = t("subs-municipalities-head", page=page.human, pages=page.count, own=own)
    await _edit(callback, text, kb.municipalities(items, chosen, user.municipality_id, page))


async def _toggle(session: AsyncSession, user: User, callback_data: SubCb) -> str | None:
    """Switch what the button names; returns the note to show, or None for a stale button."""
    action = callback_data.action
    if action is SubAction.TOPIC:
        try:
            topic = Topic(callback_data.value)
        except ValueError:
            return None
        on = await subscriptions.toggle_topic(session, user.id, topic)
        return t.plain("subs-topic-on" if on else "subs-topic-off", topic=t.label(topic))
    if action is SubAction.REMINDERS:
        on = await subscriptions.toggle_reminders(session, user)
        return t.plain("subs-reminders-on" if on else "subs-reminders-off")
    if action is SubAction.ANNOUNCEMENTS:
        on = await subscriptions.toggle_announcements(session, user)
        return t.plain("subs-announcements-on" if on else "subs-announcements-off")
    return ""  # MAIN: back to the card


async def settings_cb(
    callback: CallbackQuery,
    callback_data: SubCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
) -> None:
    if not user.is_registered:
        _alert(callback_answer, t.plain("subs-need-profile"))
        return
    if callback_data.action is SubAction.MUNICIPALITIES:
        await _show_municipalities(callback, session, user, callback_data.page)
        return
    if callback_data.action is SubAction.MUNICIPALITY:
        await _municipality(callback, callback_data, callback_answer, user, session)
        return
    note = await _toggle(session, user, callback_data)
    if note is None:
        _alert(callback_answer, t.plain("stale-button"))
        return
    await _show_main(callback, session, user)
    callback_answer.text = note or None


async def _municipality(
    callback: CallbackQuery,
    callback_data: SubCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
) -> None:
    municipality = (
        await municipalities.get_by_id(session, int(callback_data.value))
        if callback_data.value.isdigit()
        else None
    )
    if municipality is None or not municipality.is_active:
        _alert(callback_answer, t.plain("subs-unknown-municipality"))
        return
    if municipality.id == user.municipality_id:
        _alert(callback_answer, t.plain("subs-own-municipality"))
        return
    on = await subscriptions.toggle_municipality(session, user.id, municipality.id)
    await _show_municipalities(callback, session, user, callback_data.page)
    key = "subs-municipality-on" if on else "subs-municipality-off"
    callback_answer.text = t.plain(key, name=municipality.name)
