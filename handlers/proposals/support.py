"""Support (+1) of others' proposals: while a person chooses the place in the proposal
dialogue they see the published proposals on it («На это положение уже есть
предложения…») and may support one instead of writing the same again; a proposal's public
card (no author) has the same button. Once per person, a double tap is harmless, the
support can be withdrawn."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram import Bot, Router
from aiogram.types import CallbackQuery, InlineKeyboardMarkup
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.proposals.callbacks import PSupportCb, PViewCb
from handlers.proposals.scope import scope_of
from handlers.proposals.views import error_plain, proposal_sections, shorten
from handlers.replies import alert, message_of
from models.errors import DomainError
from models.proposals import queries, support
from models.proposals.entities import Proposal
from models.proposals.places import Place
from models.users import User
from models.users.profile import get_by_telegram_id
from texts import t

WORDING_SHOWN = 200


def _on_place_markup(items: Sequence[Proposal]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for p in items:
        kb.button(
            text=t.plain("decisions-btn-support", number=p.number),
            callback_data=PSupportCb(id=p.id, on=True),
        )
        kb.button(
            text=t.plain("decisions-btn-view", number=p.number), callback_data=PViewCb(id=p.id)
        )
    kb.adjust(2)
    return kb.as_markup()


async def show_on_place(
    bot: Bot, chat_id: int, session: AsyncSession, place: Place | None
) -> None:
    """Before the kind is asked: the published proposals of others on this place."""
    if place is None:
        return
    person = await get_by_telegram_id(session, chat_id)
    scope = await scope_of(session, person.id if person else None)  # the draft's act
    found = await support.on_place(session, place, scope.flt)
    items = [p for p in found if p.author_telegram_id != chat_id][: support.SHOWN_ON_PLACE]
    if not items:
        return
    counts = await support.counts(session, [p.id for p in items])
    lines = [t("decisions-on-place-title")]
    for p in items:
        wording = p.proposed_wording or t.plain("proposals-field-missing")
        lines.append(
            t(
                "decisions-on-place-item",
                number=p.number,
                place=p.place.label(t),
                kind=p.kind,
                wording=shorten(wording, WORDING_SHOWN),
                count=counts.get(p.id, 0),
            )
        )
    await send_chunks(bot, chat_id, lines, _on_place_markup(items))


def _card_markup(p: Proposal, supported: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    key = "decisions-btn-unsupport" if supported else "decisions-btn-support"
    kb.button(
        text=t.plain(key, number=p.number), callback_data=PSupportCb(id=p.id, on=not supported)
    )
    return kb.as_markup()


async def view_pressed(
    callback: CallbackQuery,
    callback_data: PViewCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
    bot: Bot,
) -> None:
    proposal = await queries.get(session, callback_data.id)
    if proposal is None or proposal.status in support.HIDDEN:
        alert(callback_answer, t.plain("decisions-support-gone"))
        return
    count = await support.count_of(session, proposal.id)
    mine = proposal.author_id == user.id
    supported = bool(await support.supported_by(session, user.id, [proposal.id]))
    sections = proposal_sections(proposal)
    sections.append(t("decisions-field-supports", count=count))
    sections.append(t("decisions-public-hint"))
    markup = None if mine else _card_markup(proposal, supported)
    await send_chunks(bot, callback.from_user.id, sections, markup)


async def support_pressed(
    callback: CallbackQuery,
    callback_data: PSupportCb,
    callback_answer: CallbackAnswer,
    user: User,
    session: AsyncSession,
) -> None:
    try:
        if callback_data.on:
            state = await support.support(session, user, callback_data.id)
        else:
            state = await support.withdraw_support(session, user, callback_data.id)
    except DomainError as exc:
        alert(callback_answer, error_plain(exc))
        return
    number, count = state.proposal.number, state.count
    if callback_data.on:
        key = "decisions-supported" if state.changed else "decisions-support-already"
    else:
        key = "decisions-unsupported" if state.changed else "decisions-unsupport-none"
    alert(callback_answer, t.plain(key, number=number, count=count))
    message = message_of(callback)
    markup = message.reply_markup if message is not None else None
    rows = markup.inline_keyboard if markup is not None else []
    if message is not None and len(rows) == 1 and len(rows[0]) == 1:
        # The public card (one button): it now offers the other way round.
        await message.edit_reply_markup(reply_markup=_card_markup(state.proposal, state.supported))


def create_router() -> Router:
    """Support buttons work anywhere (in the dialogue, on a card, later on)."""
    router = Router(name="proposals_support")
    router.callback_query.register(support_pressed, PSupportCb.filter())
    router.callback_query.register(view_pressed, PViewCb.filter())
    return router
