"""Staff screens: the 34 municipalities with their representatives, one municipality's card
(mark the signatory, revoke with a confirmation), appointing a registered person found by
Telegram id or name, and invitation links. Behind ``RoleFilter(Role.MODERATOR)``."""

from __future__ import annotations

from collections.abc import Callable

from aiogram import Bot
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.dialogue import dialogue_data
from handlers.replies import alert, message_of
from handlers.representatives import keyboards as kb
from handlers.representatives.callbacks import (
    RepPickCb,
    RepRowAction,
    RepRowCb,
    RepsAction,
    RepsActionCb,
    RepsCardCb,
    RepsPageCb,
)
from handlers.representatives.states import RepsStates
from handlers.widgets.pager import Page
from models import representatives as reps
from models.errors import DomainError
from models.municipalities import get_by_id, list_active
from models.users import User
from texts import Safe, t

TELEGRAM_ID_DIGITS = 15
QUERY_MAX = 100
MUNICIPALITY_KEY = "reps_municipality"


async def _list_screen(session: AsyncSession, number: int) -> tuple[Safe, InlineKeyboardMarkup]:
    items = await list_active(session)
    counts = await reps.counts(session)
    page = Page.of(len(items), number, kb.PER_PAGE)
    live = [counts[m.id] for m in items if m.id in counts]
    text = t(
        "reps-list",
        total=len(items),
        signed=sum(1 for _, signed in live if signed),
        **{"with": len(live)},
    )
    return text, kb.municipality_list(items, counts, page)


async def _card_screen(
    session: AsyncSession, municipality_id: int
) -> tuple[Safe, InlineKeyboardMarkup] | None:
    municipality = await get_by_id(session, municipality_id)
    if municipality is None or not municipality.is_active:
        return None
    rows = await reps.representatives_of(session, municipality_id)
    items = (
        Safe(
            "\n".join(
                t(
                    "reps-card-item",
                    n=i,
                    name=r.user.full_name or "",
                    signatory="yes" if r.is_signatory else "no",
                    since=t.day(r.confirmed_at),
                )
                for i, r in enumerate(rows, 1)
            )
        )
        if rows
        else t("reps-card-empty")
    )
    return t("reps-card", municipality=municipality.name, items=items), kb.card(
        municipality_id, rows
    )


async def _show(callback: CallbackQuery, screen: tuple[Safe, InlineKeyboardMarkup]) -> None:
    message = message_of(callback)
    if message is not None:
        await message.edit_text(screen[0], reply_markup=screen[1])


async def reps_command(message: Message, state: FSMContext, session: AsyncSession) -> None:
    await state.clear()
    text, markup = await _list_screen(session, 0)
    await message.answer(text, reply_markup=markup)


async def page_cb(
    callback: CallbackQuery, callback_data: RepsPageCb, session: AsyncSession
) -> None:
    await _show(callback, await _list_screen(session, callback_data.page))


async def card_cb(
    callback: CallbackQuery,
    callback_data: RepsCardCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    screen = await _card_screen(session, callback_data.municipality_id)
    if screen is None:
        alert(callback_answer, t.plain("stale-button"))
        return
    if await state.get_state() == RepsStates.person.state:
        await state.clear()
    await _show(callback, screen)


async def action_cb(
    callback: CallbackQuery,
    callback_data: RepsActionCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    municipality = await get_by_id(session, callback_data.municipality_id)
    message = message_of(callback)
    if municipality is None or not municipality.is_active or message is None:
        alert(callback_answer, t.plain("stale-button"))
        return
    if callback_data.action is RepsAction.APPOINT:
        await state.set_state(RepsStates.person)
        await state.update_data({MUNICIPALITY_KEY: municipality.id})
        await message.answer(t("reps-ask-person", municipality=municipality.name))
        return
    signatory = callback_data.action is RepsAction.INVITE_SIGNATORY
    invite = await reps.create_invite(
        session, callback.from_user.id, municipality.id, signatory=signatory
    )
    me = await bot.me()
    await message.answer(
        t(
            "reps-invite-made",
            municipality=municipality.name,
            signatory="yes" if signatory else "no",
            until=t.when(invite.expires_at),
            link=reps.deep_link(me.username or "", invite.token),
        ),
        reply_markup=kb.back_to_card(municipality.id),
    )


async def person_given(message: Message, state: FSMContext, session: AsyncSession) -> None:
    data = await dialogue_data(state, MUNICIPALITY_KEY)
    municipality_id = int(data[MUNICIPALITY_KEY])
    raw = (message.text or "").strip()[:QUERY_MAX]
    if raw.isdigit() and len(raw) <= TELEGRAM_ID_DIGITS:
        person = await session.scalar(select(User).where(User.telegram_id == int(raw)))
        people = [person] if person is not None and person.is_registered else []
    else:
        people = await reps.search_people(session, raw, prefer_municipality=municipality_id)
    if not people:
        await message.answer(t("reps-nobody-found", query=raw))
        return
    await message.answer(t("reps-found"), reply_markup=kb.found(municipality_id, people))


async def person_not_text(message: Message) -> None:
    await message.answer(t("reps-ask-person-text"))


async def pick_cb(
    callback: CallbackQuery,
    callback_data: RepPickCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    wake_sender: Callable[[], None],
) -> None:
    try:
        row = await reps.appoint(
            session,
            callback.from_user.id,
            callback_data.municipality_id,
            callback_data.user_id,
            render=t,
        )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    wake_sender()
    await state.clear()
    callback_answer.text = t.plain(
        "reps-appointed", name=row.user.full_name or "", municipality=row.municipality.name
    )
    screen = await _card_screen(session, row.municipality_id)
    if screen is not None:
        await _show(callback, screen)


async def row_cb(
    callback: CallbackQuery,
    callback_data: RepRowCb,
    callback_answer: CallbackAnswer,
    session: AsyncSession,
    wake_sender: Callable[[], None],
) -> None:
    row = await session.get(reps.Representative, callback_data.representative_id)
    if row is None or row.revoked_at is not None:
        alert(callback_answer, t.plain("reps-gone"))
        return
    name = row.user.full_name or ""
    municipality_id = row.municipality_id
    try:
        if callback_data.action is RepRowAction.REVOKE_ASK:
            text = t("reps-revoke-ask", municipality=row.municipality.name, name=name)
            await _show(callback, (text, kb.revoke_confirm(row)))
            return
        if callback_data.action is RepRowAction.REVOKE:
            await reps.revoke(session, callback.from_user.id, row.id, render=t)
            wake_sender()
            callback_answer.text = t.plain("reps-revoked", name=name)
        else:
            await reps.set_signatory(session, callback.from_user.id, row.id)
            callback_answer.text = t.plain("reps-signatory-set", name=name)
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))
        return
    screen = await _card_screen(session, municipality_id)
    if screen is not None:
        await _show(callback, screen)
