"""What the mass-mailing dialogue's steps share: the audience kept in the FSM, how it is
described to the admin, and editing the dialogue's message in place."""

from __future__ import annotations

from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.mailings import keyboards as kb
from handlers.mailings.states import MailingStates
from models import mailings, municipalities
from models.audiences import Audience
from models.events import Event
from models.topics import Topic
from models.users import Occupation
from texts import Safe, quote, t


async def audience_of(state: FSMContext) -> Audience:
    data = await state.get_data()
    return Audience.from_dict(data.get("audience") or {})


async def save_audience(state: FSMContext, audience: Audience) -> None:
    await state.update_data(audience=audience.to_dict())


async def edit(callback: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if isinstance(callback.message, Message):
        try:
            await callback.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as exc:
            if "not modified" not in exc.message:
                raise


def event_label(event: Event) -> str:
    """``Семинар для ТОС · 22.12.2026`` (plain: a button label, or an argument of ``t``)."""
    return t.plain("mailing-event-label", title=event.title, day=t.day(event.starts_at))


def _joined(values: list[str]) -> Safe:
    return t("mailing-audience-any") if not values else quote(", ".join(values))


async def _event_text(session: AsyncSession, audience: Audience) -> Safe | None:
    if audience.event_id is None:
        return None
    event = await session.get(Event, audience.event_id)
    title = event_label(event) if event else f"#{audience.event_id}"
    answers = [t.plain(key) for s, key in kb.STATUS_KEYS.items() if s in audience.rsvp_statuses]
    if audience.checked_in:
        answers.append(t.plain("mailing-checked-in-label"))
    shown = ", ".join(answers) or t.plain("mailing-all-answered")
    return t("mailing-audience-event", event=title, answers=shown)


async def describe(session: AsyncSession, audience: Audience) -> tuple[list[Safe], Safe]:
    """Lines for the audience screen (one per filter) and a one-line summary."""
    names = {m.id: m.name for m in await municipalities.list_active(session)}
    event = await _event_text(session, audience)
    topics = [t.label(x) for x in Topic if x in audience.topics]
    muns = [names.get(m, f"#{m}") for m in sorted(audience.municipality_ids)]
    occs = [t.label(o) for o in Occupation if o in audience.occupations]
    lines = [
        t("mailing-audience-line-topics", value=_joined(topics)),
        t("mailing-audience-line-municipalities", value=_joined(muns)),
        t("mailing-audience-line-occupations", value=_joined(occs)),
        t("mailing-audience-line-event", value=event or t("mailing-audience-no-event")),
    ]
    if audience.is_everyone:
        return lines, t("mailing-audience-everyone")
    chosen = [
        line for line, value in zip(lines, (topics, muns, occs, event), strict=True) if value
    ]
    return lines, Safe("; ".join(chosen))


async def show_audience(
    target: CallbackQuery | Message, state: FSMContext, session: AsyncSession
) -> None:
    """The audience screen (step 2), as a new message or in place of the dialogue's one."""
    audience = await audience_of(state)
    n = await mailings.audience_count(session, audience)
    lines, _ = await describe(session, audience)
    parts = [t("mailing-audience-head"), t("mailing-audience-hint"), "", *lines]
    if audience.event_id is not None:
        parts += ["", t("mailing-audience-event-note")]
    parts += ["", t("mailing-audience-count", n=n)]
    text = "\n".join(parts)
    await state.set_state(MailingStates.audience)
    if isinstance(target, CallbackQuery):
        await edit(target, text, kb.audience_main(n))
    else:
        await target.answer(text, reply_markup=kb.audience_main(n))


async def choice_text(state: FSMContext, session: AsyncSession) -> Safe:
    audience = await audience_of(state)
    n = await mailings.audience_count(session, audience)
    _, summary = await describe(session, audience)
    return t("mailing-choice", n=n, audience=summary)
