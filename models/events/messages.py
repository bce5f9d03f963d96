"""What the domain writes into the outbox about an event: the card (in announcements, the
channel and the bot), notices and reminders. Every text is named by its key in
``texts/ru/events.ftl`` and rendered by the caller's ``Renderer`` from data.

Callback data strings here must match the ``CallbackData`` factories in
``handlers/events/callbacks.py``; tests check that
they do.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from models.base import utcnow
from models.events.entities import Event, EventState
from models.outbox import Content
from models.rendering import Renderer

Buttons = list[list[dict[str, str]]]

# Answer buttons of the card and the announcement, in their order.
ANSWER_KEYS: dict[str, str] = {
    "going": "events-answer-labels-going",
    "maybe": "events-answer-labels-maybe",
    "not_going": "events-answer-labels-not_going",
}


def start_link(bot_username: str, payload: str) -> str:
    return f"https://t.me/{bot_username}?start={payload}"


def event_open_callback(event_id: int) -> str:
    """Same as ``EventOpenCb(id=...).pack()``."""
    return f"evo:{event_id}"


def event_answer_callback(event_id: int, answer: str) -> str:
    """Same as ``EventAnswerCb(id=..., answer=...).pack()``."""
    return f"eva:{event_id}:{answer}"


def calendar_callback(event_id: int) -> str:
    """Same as ``CalendarCb(id=...).pack()`` (the «В календарь» button of notices)."""
    return f"evc:{event_id}"


def rsvp_callback(event_id: int, answer: str) -> str:
    """Same as ``RsvpCb(event_id=..., answer=...).pack()`` (the buttons of reminders)."""
    return f"rsvp:{event_id}:{answer}"


# An event for 30 municipalities names the first ones and counts the rest, so the card of a
# regional event stays well inside one Telegram message.
CARD_MUNICIPALITIES_MAX = 8


def card_text(
    event: Event,
    render: Renderer,
    tz: ZoneInfo,
    municipality_names: list[str] | None = None,
    *,
    header: str | None = None,
) -> str:
    """The event card as everyone sees it: in the announcement, the channel and the bot."""
    lines = [header] if header else []
    if event.state is EventState.CANCELLED:
        lines.append(render("events-card-cancelled"))
    lines.append(render("events-card-title", title=event.title))
    lines.append(render("events-card-kind", kind=event.kind, topic=event.topic_member))
    lines.append(
        render("events-card-when", when=render.span(event.starts_at, event.ends_at), zone=tz.key)
    )
    if event.place:
        lines.append(render("events-card-place", place=event.place))
    if event.capacity is not None:
        free = max(0, event.capacity - event.going_count)
        lines.append(render("events-card-seats", capacity=event.capacity, free=free))
    if event.online_link:
        lines.append(render("events-card-online"))  # the link itself only to those going
    if event.rsvp_deadline is not None and event.state is EventState.PUBLISHED:
        if event.rsvp_deadline <= utcnow():
            lines.append(render("events-card-registration-closed"))
        else:
            lines.append(render("events-card-deadline", deadline=event.rsvp_deadline))
    elif event.rsvp_deadline is not None:
        lines.append(render("events-card-deadline", deadline=event.rsvp_deadline))
    if municipality_names:
        shown = ", ".join(municipality_names[:CARD_MUNICIPALITIES_MAX])
        more = len(municipality_names) - CARD_MUNICIPALITIES_MAX
        if more > 0:
            lines.append(render("events-card-for-more", names=shown, count=more))
        else:
            lines.append(render("events-card-for", names=shown))
    if event.description:
        lines += ["", event.description]  # staff's HTML, kept as typed
    return "\n".join(lines)


def announcement_buttons(event_id: int, render: Renderer) -> Buttons:
    return [
        [
            {"text": render.plain(key), "callback_data": event_answer_callback(event_id, answer)}
            for answer, key in ANSWER_KEYS.items()
        ],
        [
            {
                "text": render.plain("events-card-more-btn"),
                "callback_data": event_open_callback(event_id),
            }
        ],
    ]


def channel_buttons(link: str, render: Renderer) -> Buttons:
    return [[{"text": render.plain("events-channel-signup-btn"), "url": link}]]


def open_buttons(event_id: int, render: Renderer) -> Buttons:
    return [
        [{"text": render.plain("events-open-btn"), "callback_data": event_open_callback(event_id)}]
    ]


def promoted_content(event: Event, render: Renderer) -> Content:
    return Content(text=render("events-promoted", title=event.title, start=event.starts_at))


def calendar_row(event_id: int, render: Renderer) -> list[dict[str, str]]:
    return [
        {
            "text": render.plain("events-calendar-btn"),
            "callback_data": calendar_callback(event_id),
        }
    ]


def cancelled_content(event: Event, render: Renderer) -> Content:
    """The notice of a cancellation; its «В календарь» gives the CANCEL entry."""
    return Content(
        text=render("events-cancelled-notice", title=event.title, start=event.starts_at),
        buttons=[calendar_row(event.id, render)],
    )


def change_content(event: Event, changes: list[str], render: Renderer) -> Content:
    """«Время изменено: было …, стало …» with the card and the updated calendar entry."""
    text = "\n".join([render("events-edited-notice", title=event.title), *changes])
    return Content(
        text=text, buttons=[*open_buttons(event.id, render), calendar_row(event.id, render)]
    )


def link_content(event: Event, render: Renderer) -> Content:
    """To those going: the new online link (or that there is none any more)."""
    if event.online_link:
        text = render("events-link-notice", title=event.title, link=event.online_link)
    else:
        text = render("events-link-removed", title=event.title)
    return Content(text=text, buttons=open_buttons(event.id, render))


def moved_content(event: Event, render: Renderer) -> Content:
    """To those a capacity cut moved from a seat to the waitlist."""
    return Content(
        text=render("events-moved-notice", title=event.title, capacity=event.capacity or 0),
        buttons=open_buttons(event.id, render),
    )


def time_left(starts_at: datetime, now: datetime, render: Renderer) -> str:
    """The real time left, so a reminder sent late never says "tomorrow" an hour before."""
    minutes = max(1, round((starts_at - now).total_seconds() / 60))
    if 20 * 60 <= minutes <= 28 * 60:
        return render("events-reminder-tomorrow")
    if minutes >= 2 * 24 * 60:
        return render("events-reminder-in-days", days=round(minutes / (24 * 60)))
    if minutes >= 60:
        return render("events-reminder-in-hours", hours=round(minutes / 60))
    return render("events-reminder-in-minutes", minutes=minutes)


def reminder_buttons(event_id: int, render: Renderer) -> Buttons:
    return [
        [
            {
                "text": render.plain("events-reminder-going-btn"),
                "callback_data": rsvp_callback(event_id, "going"),
            },
            {
                "text": render.plain("events-reminder-not-going-btn"),
                "callback_data": rsvp_callback(event_id, "not_going"),
            },
        ]
    ]


def reminder_content(event: Event, now: datetime, render: Renderer) -> Content:
    lines = [
        render(
            "events-reminder",
            left=time_left(event.starts_at, now, render),
            title=event.title,
            start=event.starts_at,
        )
    ]
    if event.place:
        lines.append(render("events-reminder-place", place=event.place))
    lines.append(render("events-reminder-footer"))
    return Content(text="\n".join(lines), buttons=reminder_buttons(event.id, render))
