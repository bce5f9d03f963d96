"""Mass mailings by admins: an admin's own message copied to an audience, now or later.

A mass mailing is an outbox ``Mailing`` (kind ``mailing``, content ``copy``) plus a
``MassMailing`` row with what the outbox does not know: the audience as chosen, who sent it,
where its progress message is, when it started and finished, who stopped it.

A mailing for later gets its deliveries only when it starts (``materialize_due``): the
audience is resolved at that moment, so a /stop or a topic switched off in between is
respected. A mailing for now is resolved and enqueued in the same transaction that creates it.

The progress and report texts live here (like ``models.notices``): the scheduler, not a
handler, sends them. ``stop_callback`` must match ``handlers.callbacks.mailing.MailingStopCb``;
a test checks that it does.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from html import escape
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, BigInteger, ForeignKey, Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column, relationship

from models import audit, outbox
from models.base import Base, utcnow
from models.events import Event, EventState
from models.outbox import (
    Content,
    ContentKind,
    Delivery,
    DeliveryState,
    Mailing,
    MailingKind,
    MailingState,
)
from models.subscriptions import Audience, count, resolve
from models.users import InvalidInput

MAX_BUTTONS = 8
BUTTON_TEXT_MAX = 40
URL_MAX = 500
TITLE_MAX = 80
DATETIME_FORMATS = ("%d.%m.%Y %H:%M", "%d.%m.%y %H:%M")


class MassMailing(Base):
    __tablename__ = "mass_mailings"

    mailing_id: Mapped[int] = mapped_column(
        ForeignKey("mailings.id", ondelete="CASCADE"), primary_key=True
    )
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_by: Mapped[int] = mapped_column(BigInteger)
    # Recipients counted when the admin confirmed (the real list is made at the start).
    planned_count: Mapped[int] = mapped_column(Integer, default=0)
    progress_chat_id: Mapped[int | None] = mapped_column(BigInteger)
    progress_message_id: Mapped[int | None] = mapped_column(BigInteger)
    started_at: Mapped[datetime | None]  # deliveries enqueued
    finished_at: Mapped[datetime | None]  # nothing open any more; the report is final
    stopped_by: Mapped[int | None] = mapped_column(BigInteger)
    stopped_at: Mapped[datetime | None]

    mailing: Mapped[Mailing] = relationship(lazy="joined")


# --- input rules ----------------------------------------------------------------------------


def parse_buttons(raw: str) -> list[list[dict[str, str]]]:
    """Lines "Текст | https://..." → one URL button per row. Raises ``InvalidInput`` with
    ``line`` (1-based) for a line that breaks a rule."""
    lines = [line.strip() for line in raw.strip().splitlines() if line.strip()]
    if not lines:
        raise InvalidInput("buttons_empty")
    if len(lines) > MAX_BUTTONS:
        raise InvalidInput("buttons_too_many", limit=MAX_BUTTONS)
    rows: list[list[dict[str, str]]] = []
    for number, line in enumerate(lines, start=1):
        if line.count("|") != 1:
            raise InvalidInput("button_format", line=number)
        text, url = (part.strip() for part in line.split("|"))
        if not text:
            raise InvalidInput("button_no_text", line=number)
        if len(text) > BUTTON_TEXT_MAX:
            raise InvalidInput("button_text_long", line=number, limit=BUTTON_TEXT_MAX)
        if not _valid_url(url):
            raise InvalidInput("button_url", line=number)
        rows.append([{"text": text, "url": url}])
    return rows


_HOST_RE = re.compile(r"^[a-z0-9а-яё]([a-z0-9а-яё\-]*[a-z0-9а-яё])?(\.[a-z0-9а-яё\-]+)+$", re.I)


def _valid_url(url: str) -> bool:
    if not url or len(url) > URL_MAX or any(c.isspace() for c in url):
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme == "tg":
        return bool(parts.netloc or parts.path)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return False
    return bool(_HOST_RE.match(parts.hostname))


def parse_local_datetime(raw: str, tz: ZoneInfo, now: datetime) -> datetime:
    """A typed local date and time ("15.12.2026 10:00") → UTC. Past (or within a minute)
    times are refused with ``InvalidInput("in_past")``."""
    text = " ".join(raw.split())
    for fmt in DATETIME_FORMATS:
        try:
            local = datetime.strptime(text, fmt)
        except ValueError:
            continue
        when = local.replace(tzinfo=tz).astimezone(now.tzinfo)
        if when <= now + timedelta(minutes=1):
            raise InvalidInput("in_past")
        if when > now + timedelta(days=366):
            raise InvalidInput("too_far")
        return when
    raise InvalidInput("bad_datetime")


def normalise_audience(audience: Audience) -> Audience:
    """People who answered an event hear about it even after /stop: a change of the event
    they signed up for is not an announcement."""
    return Audience(
        topics=audience.topics,
        municipality_ids=audience.municipality_ids,
        occupations=audience.occupations,
        event_id=audience.event_id,
        rsvp_statuses=audience.rsvp_statuses if audience.event_id is not None else frozenset(),
        checked_in=audience.checked_in and audience.event_id is not None,
        announcements_only=audience.event_id is None,
    )


async def audience_count(session: AsyncSession, audience: Audience) -> int:
    return await count(session, normalise_audience(audience))


async def events_for_audience(session: AsyncSession, limit: int = 8) -> list[Event]:
    """Events an admin may address the participants of: published or cancelled, newest
    first."""
    result = await session.scalars(
        select(Event)
        .where(Event.state != EventState.DRAFT)
        .order_by(Event.starts_at.desc())
        .limit(limit)
    )
    return list(result)


# --- operations -----------------------------------------------------------------------------


async def create(
    session: AsyncSession,
    *,
    actor: int,
    source_chat_id: int,
    source_message_id: int,
    title: str,
    buttons: list[list[dict[str, str]]] | None,
    audience: Audience,
    start_at: datetime | None,
    progress_chat_id: int,
    progress_message_id: int | None,
) -> tuple[MassMailing, int]:
    """Create a mass mailing and its audit entry, and commit. With ``start_at`` None it is
    enqueued at once; otherwise its recipients are resolved when it starts. Returns the
    mailing and the number of recipients (as of now). An empty audience is refused."""
    audience = normalise_audience(audience)
    now = utcnow()
    scheduled = start_at is not None and start_at > now
    recipients = await resolve(session, audience)
    if not recipients:
        raise InvalidInput("empty_audience")
    content = Content(
        kind=ContentKind.COPY,
        copy_from_chat_id=source_chat_id,
        copy_message_id=source_message_id,
        buttons=buttons or None,
    )
    mailing = await outbox.enqueue(
        session,
        kind=MailingKind.MAILING,
        title=(" ".join(title.split()) or "—")[:TITLE_MAX],
        content=content,
        recipients=[] if scheduled else recipients,
        start_at=start_at if scheduled else now,
        created_by=actor,
        dedup_key=f"mass:{uuid.uuid4().hex}",
    )
    mass = MassMailing(
        mailing_id=mailing.id,
        audience=audience.to_dict(),
        created_by=actor,
        planned_count=len(recipients),
        progress_chat_id=progress_chat_id,
        progress_message_id=progress_message_id,
        started_at=None if scheduled else now,
    )
    session.add(mass)
    audit.record(
        session,
        actor,
        "mailing.create",
        target=f"mailing:{mailing.id}",
        audience=audience.to_dict(),
        count=len(recipients),
        start_at=mailing.start_at.isoformat(),
        scheduled=scheduled,
    )
    await session.commit()
    await session.refresh(mass, ["mailing"])
    return mass, len(recipients)


async def get(session: AsyncSession, mailing_id: int) -> MassMailing | None:
    return await session.get(MassMailing, mailing_id)


async def set_progress_message(
    session: AsyncSession, mailing_id: int, chat_id: int, message_id: int
) -> None:
    mass = await session.get(MassMailing, mailing_id)
    if mass is not None:
        mass.progress_chat_id = chat_id
        mass.progress_message_id = message_id
        await session.commit()


async def stop(session: AsyncSession, mailing_id: int, actor: int) -> int:
    """Stop a mass mailing: nothing more is sent, the rest is recorded as cancelled. Returns
    how many deliveries were cancelled; ``InvalidInput("not_found" | "finished")``."""
    mass = await session.get(MassMailing, mailing_id)
    if mass is None:
        raise InvalidInput("not_found")
    if mass.finished_at is not None or mass.mailing.state is MailingState.CANCELLED:
        raise InvalidInput("finished")
    cancelled = await outbox.cancel_mailing(session, mailing_id)
    now = utcnow()
    mass.stopped_by = actor
    mass.stopped_at = now
    if mass.started_at is None:  # stopped before it began: nothing will ever be sent
        mass.finished_at = now
    audit.record(
        session, actor, "mailing.stop", target=f"mailing:{mailing_id}", cancelled=cancelled
    )
    await session.commit()
    return cancelled


async def materialize_due(session: AsyncSession, now: datetime) -> list[int]:
    """Scheduled mass mailings whose time has come get their recipients (resolved now) and
    are enqueued. Returns their ids. Commits."""
    due = (
        await session.scalars(
            select(MassMailing)
            .join(Mailing, Mailing.id == MassMailing.mailing_id)
            .where(
                MassMailing.started_at.is_(None),
                MassMailing.finished_at.is_(None),
                Mailing.state == MailingState.ACTIVE,
                Mailing.start_at <= now,
            )
        )
    ).all()
    started = []
    for mass in due:
        recipients = await resolve(session, Audience.from_dict(mass.audience))
        await outbox.enqueue(
            session,
            kind=MailingKind.MAILING,
            title=mass.mailing.title,
            content=outbox.Content(
                kind=ContentKind.COPY,
                copy_from_chat_id=mass.mailing.copy_from_chat_id,
                copy_message_id=mass.mailing.copy_message_id,
            ),
            recipients=recipients,
            dedup_key=mass.mailing.dedup_key,
        )
        mass.started_at = now
        started.append(mass.mailing_id)
    if started:
        await session.commit()
    return started


@dataclass(frozen=True, slots=True)
class Progress:
    mailing_id: int
    title: str
    counts: dict[DeliveryState, int]
    top_errors: list[tuple[str, int]]
    started_at: datetime | None
    finished_at: datetime | None
    stopped_by: int | None
    start_at: datetime
    audience: Audience
    created_by: int
    created_at: datetime

    def n(self, state: DeliveryState) -> int:
        return self.counts.get(state, 0)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def open(self) -> int:
        return self.n(DeliveryState.PENDING) + self.n(DeliveryState.CLAIMED)

    @property
    def done(self) -> int:
        return (
            self.n(DeliveryState.SENT)
            + self.n(DeliveryState.FAILED)
            + self.n(DeliveryState.BLOCKED)
        )

    def pace(self, now: datetime) -> float | None:
        """Messages per second so far, or None before there is anything to measure."""
        if self.started_at is None or self.done == 0:
            return None
        seconds = (now - self.started_at).total_seconds()
        return self.done / seconds if seconds > 0 else None

    def expected_finish(self, now: datetime) -> datetime | None:
        pace = self.pace(now)
        if pace is None or pace <= 0:
            return None
        return now + timedelta(seconds=self.open / pace)

    @property
    def duration(self) -> timedelta | None:
        if self.started_at is None or self.finished_at is None:
            return None
        return max(timedelta(0), self.finished_at - self.started_at)


async def progress(session: AsyncSession, mailing_id: int) -> Progress | None:
    mass = await session.get(MassMailing, mailing_id, populate_existing=True)
    if mass is None:
        return None
    rep = await outbox.report(session, mailing_id)
    return Progress(
        mailing_id=mailing_id,
        title=mass.mailing.title,
        counts=rep.counts,
        top_errors=rep.top_errors,
        started_at=mass.started_at,
        finished_at=mass.finished_at,
        stopped_by=mass.stopped_by,
        start_at=mass.mailing.start_at,
        audience=Audience.from_dict(mass.audience),
        created_by=mass.created_by,
        created_at=mass.mailing.created_at,
    )


async def running(session: AsyncSession) -> list[MassMailing]:
    """Mass mailings that have started and are not finished (the progress updater's list)."""
    result = await session.scalars(
        select(MassMailing)
        .where(MassMailing.started_at.is_not(None), MassMailing.finished_at.is_(None))
        .order_by(MassMailing.mailing_id)
        .execution_options(populate_existing=True)
    )
    return list(result.unique())


async def finish(session: AsyncSession, mailing_id: int, now: datetime) -> datetime | None:
    """Record a mass mailing as finished if nothing is open; returns the finish time (the
    last delivery's), or None if it is still going. Commits."""
    mass = await session.get(MassMailing, mailing_id)
    if mass is None or mass.finished_at is not None:
        return mass.finished_at if mass else None
    open_count = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(Delivery.mailing_id == mailing_id, Delivery.state.in_(outbox.OPEN_STATES))
    )
    if open_count:
        return None
    last = await session.scalar(
        select(func.max(Delivery.updated_at)).where(Delivery.mailing_id == mailing_id)
    )
    mass.finished_at = max(last, mass.started_at or last) if last is not None else now
    await session.commit()
    return mass.finished_at


async def history(session: AsyncSession, limit: int = 10) -> Sequence[MassMailing]:
    result = await session.scalars(
        select(MassMailing).order_by(MassMailing.mailing_id.desc()).limit(limit)
    )
    return result.unique().all()


# --- texts the scheduler sends (progress message and the final report) ---------------------

STOP_LABEL = "⏹ Остановить"
STATE_LABELS = {
    "sent": "Доставлено",
    "pending": "В очереди",
    "failed": "Ошибки",
    "blocked": "Заблокировали бота",
    "cancelled": "Отменено (не отправлено)",
}


def stop_callback(mailing_id: int) -> str:
    """Same as ``handlers.callbacks.mailing.MailingStopCb(id=...).pack()``."""
    return f"mlstop:{mailing_id}"


def stop_buttons(mailing_id: int) -> list[list[dict[str, str]]]:
    return [[{"text": STOP_LABEL, "callback_data": stop_callback(mailing_id)}]]


def local(dt: datetime, tz: ZoneInfo, fmt: str = "%d.%m.%Y %H:%M") -> str:
    return dt.astimezone(tz).strftime(fmt)


def human_duration(delta: timedelta) -> str:
    seconds = max(0, round(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return f"{hours} ч {minutes} мин"
    if minutes:
        return f"{minutes} мин {seconds} с"
    return f"{seconds} с"


def progress_text(p: Progress, now: datetime, tz: ZoneInfo) -> str:
    lines = [
        f"📨 <b>Рассылка #{p.mailing_id} идёт</b>",
        escape(p.title),
        "",
        f"Отправлено: {p.n(DeliveryState.SENT)} из {p.total}",
        f"В очереди: {p.open}",
        f"Ошибки: {p.n(DeliveryState.FAILED)}",
        f"Заблокировали бота: {p.n(DeliveryState.BLOCKED)}",
    ]
    finish_at = p.expected_finish(now)
    pace = p.pace(now)
    if finish_at is not None and pace is not None:
        lines.append(
            f"Темп: {pace:.1f} сообщ./с, окончание около {local(finish_at, tz, '%H:%M:%S')}"
        )
    else:
        lines.append("Окончание: оценка появится после первых сообщений")
    return "\n".join(lines)


def scheduled_text(mailing_id: int, title: str, start_at: datetime, n: int, tz: ZoneInfo) -> str:
    return (
        f"🕒 <b>Рассылка #{mailing_id} запланирована</b> на {local(start_at, tz)}\n"
        f"{escape(title)}\n\n"
        f"Сейчас получателей: {n}. Список уточнится в момент отправки: отписавшиеся к тому "
        "времени её не получат."
    )


def report_text(p: Progress, tz: ZoneInfo) -> str:
    stopped = p.stopped_by is not None
    head = "⏹" if stopped else "✅"
    status = "остановлена" if stopped else "завершена"
    lines = [f"{head} <b>Рассылка #{p.mailing_id} {status}</b>", escape(p.title), ""]
    lines.append(f"Получателей: {p.total}")
    lines.append(f"Доставлено: {p.n(DeliveryState.SENT)}")
    blocked = p.n(DeliveryState.BLOCKED)
    lines.append(
        f"Заблокировали бота: {blocked}" + (" (отмечены как неактивные)" if blocked else "")
    )
    lines.append(f"Ошибки: {p.n(DeliveryState.FAILED)}")
    lines.extend(f"  • {escape(error)} — {n}" for error, n in p.top_errors)
    if p.n(DeliveryState.CANCELLED):
        lines.append(f"Отменено (не отправлено): {p.n(DeliveryState.CANCELLED)}")
    if p.open:
        lines.append(f"Ещё в очереди: {p.open}")
    if stopped:
        lines.append(f"Остановил: <code>{p.stopped_by}</code>")
    if p.duration is not None:
        lines.append(f"Длительность: {human_duration(p.duration)}")
    return "\n".join(lines)


def history_text(p: Progress, tz: ZoneInfo, audience_text: str) -> str:
    """The report in the history, with the audit details: who, when, audience."""
    lines = [
        report_text(p, tz) if p.finished_at is not None else _state_line(p, tz),
        "",
        f"Создал: <code>{p.created_by}</code>, {local(p.created_at, tz)}",
        f"Начало: {local(p.started_at or p.start_at, tz)}",
        f"Аудитория: {audience_text}",
    ]
    return "\n".join(lines)


def _state_line(p: Progress, tz: ZoneInfo) -> str:
    if p.started_at is None:
        return f"🕒 <b>Рассылка #{p.mailing_id}</b> запланирована на {local(p.start_at, tz)}"
    return (
        f"📨 <b>Рассылка #{p.mailing_id}</b> идёт: отправлено {p.n(DeliveryState.SENT)} "
        f"из {p.total}, в очереди {p.open}"
    )
