"""Step 2 of /mailing: whom to send it to. Filters by topic, municipality, role, or the
people who answered an event; each press shows how many people that is now."""

from __future__ import annotations

import dataclasses
from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery
from aiogram.utils.callback_answer import CallbackAnswer
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.mailings import keyboards as kb
from handlers.mailings.callbacks import AudienceAction, AudienceCb
from handlers.mailings.states import MailingStates
from handlers.mailings.view import (
    audience_of,
    edit,
    event_label,
    save_audience,
    show_audience,
)
from handlers.replies import alert
from handlers.widgets.pager import Page
from models import mailings, municipalities
from models.audiences import Audience
from models.events import Event, RsvpStatus
from models.topics import Topic
from models.users import Occupation
from texts import t

PER_PAGE = 10


class EventGone(Exception):
    """The event a button names was deleted meanwhile."""


def _toggle(values: frozenset[Any], value: Any) -> frozenset[Any]:
    return values - {value} if value in values else values | {value}


def _replace(audience: Audience, **changes: Any) -> Audience:
    return dataclasses.replace(audience, **changes)


async def _apply(
    session: AsyncSession, audience: Audience, action: AudienceAction, value: str
) -> Audience:
    """The audience after one press; ``ValueError`` for a value no button of ours carries."""
    if action is AudienceAction.TOPIC:
        return _replace(audience, topics=_toggle(audience.topics, Topic(value)))
    if action is AudienceAction.OCCUPATION:
        return _replace(audience, occupations=_toggle(audience.occupations, Occupation(value)))
    if action is AudienceAction.MUNICIPALITY:
        municipality = await municipalities.get_by_id(session, int(value))
        if municipality is None:
            raise ValueError(value)
        ids = _toggle(audience.municipality_ids, municipality.id)
        return _replace(audience, municipality_ids=ids)
    if action is AudienceAction.EVENT:
        event = await session.get(Event, int(value))
        if event is None:
            raise EventGone(value)
        going = frozenset({RsvpStatus.GOING})
        return _replace(audience, event_id=event.id, rsvp_statuses=going, checked_in=False)
    if action is AudienceAction.NO_EVENT:
        return _replace(audience, event_id=None, rsvp_statuses=frozenset(), checked_in=False)
    if action in (AudienceAction.STATUS, AudienceAction.CHECKED_IN) and audience.event_id is None:
        raise ValueError(value)
    if action is AudienceAction.STATUS:
        statuses = _toggle(audience.rsvp_statuses, RsvpStatus(value))
        return _replace(audience, rsvp_statuses=statuses)
    if action is AudienceAction.CHECKED_IN:
        return _replace(audience, checked_in=not audience.checked_in)
    if action is AudienceAction.RESET:
        return Audience()
    return audience  # a screen to show, nothing to change


async def audience_cb(
    callback: CallbackQuery,
    callback_data: AudienceCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
) -> None:
    if await state.get_state() != MailingStates.audience.state:
        alert(callback_answer, t.plain("mailing-stale"))
        return
    try:
        audience = await _apply(
            session, await audience_of(state), callback_data.action, callback_data.value
        )
    except EventGone:
        alert(callback_answer, t.plain("mailing-event-gone"))
        return
    except ValueError:
        alert(callback_answer, t.plain("mailing-stale"))
        return
    await save_audience(state, audience)
    await _screen(callback, callback_data, state, session, audience)


async def _screen(
    callback: CallbackQuery,
    callback_data: AudienceCb,
    state: FSMContext,
    session: AsyncSession,
    audience: Audience,
) -> None:
    """The screen the press leads to: a filter's list, or back to the audience summary."""
    action = callback_data.action
    count = t("mailing-audience-count", n=await mailings.audience_count(session, audience))
    if action in (AudienceAction.TOPICS, AudienceAction.TOPIC):
        await edit(callback, t("mailing-topics-head", count=count), kb.topics(audience))
    elif action in (AudienceAction.OCCUPATIONS, AudienceAction.OCCUPATION):
        text = t("mailing-occupations-head", count=count)
        await edit(callback, text, kb.occupations(audience))
    elif action in (AudienceAction.MUNICIPALITIES, AudienceAction.MUNICIPALITY):
        total = await municipalities.count_active(session)
        page = Page.of(total, callback_data.page, PER_PAGE)
        items = await municipalities.slice_active(session, page.offset, page.per_page)
        text = t("mailing-municipalities-head", page=page.human, pages=page.count, count=count)
        await edit(callback, text, kb.municipalities(items, audience, page))
    elif action is AudienceAction.EVENTS:
        events = await mailings.events_for_audience(session)
        labels = {e.id: event_label(e) for e in events}
        text = t("mailing-events-head") if events else t("mailing-events-empty")
        await edit(callback, text, kb.events(events, labels))
    elif action in (AudienceAction.EVENT, AudienceAction.STATUS, AudienceAction.CHECKED_IN):
        event = await session.get(Event, audience.event_id) if audience.event_id else None
        title = event_label(event) if event else "—"
        text = t("mailing-statuses-head", title=title, count=count)
        await edit(callback, text, kb.statuses(audience))
    else:  # MAIN, RESET, NO_EVENT
        await show_audience(callback, state, session)
