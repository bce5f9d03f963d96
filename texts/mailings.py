"""A mass mailing's progress message, final report and history entry, worded from
``models.mailings.Progress``. The scheduler posts the first two; the handlers show the report
after a stop and in /mailings, so the wording lives here, where both may import it."""

from __future__ import annotations

from datetime import datetime, timedelta

from models.mailings import Progress
from models.outbox import DeliveryState
from texts import Safe, t


def _lines(*lines: str) -> Safe:
    return Safe("\n".join(lines))


def duration(delta: timedelta) -> str:
    """``2 часа 5 минут``, ``3 минуты 10 секунд``, ``40 секунд``."""
    seconds = max(0, round(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return t.plain("mailing-duration-hours", hours=hours, minutes=minutes)
    if minutes:
        return t.plain("mailing-duration-minutes", minutes=minutes, seconds=seconds)
    return t.plain("mailing-duration-seconds", seconds=seconds)


def progress_text(p: Progress, now: datetime) -> Safe:
    head = t(
        "mailing-progress",
        id=p.mailing_id,
        title=p.title,
        sent=p.n(DeliveryState.SENT),
        total=p.total,
        open=p.open,
        failed=p.n(DeliveryState.FAILED),
        blocked=p.n(DeliveryState.BLOCKED),
    )
    finish_at = p.expected_finish(now)
    pace = p.pace(now)
    if finish_at is not None and pace is not None:
        pace_line = t("mailing-progress-pace", pace=f"{pace:.1f}", finish=t.clock(finish_at))
    else:
        pace_line = t("mailing-progress-pace-unknown")
    return _lines(head, pace_line)


def scheduled_text(mailing_id: int, title: str, start_at: datetime, n: int) -> Safe:
    return t("mailing-scheduled", id=mailing_id, title=title, when=start_at, n=n)


def headline_key(p: Progress) -> str:
    """The report's first line by outcome: stopped; nothing delivered though something
    was tried; delivered, but not to everyone; delivered."""
    sent, failed = p.n(DeliveryState.SENT), p.n(DeliveryState.FAILED)
    blocked = p.n(DeliveryState.BLOCKED)
    if p.stopped:
        return "mailing-report-stopped"
    if sent == 0 and failed + blocked > 0:
        return "mailing-report-undelivered"
    if failed + blocked > 0:
        return "mailing-report-partly"
    return "mailing-report-done"


def report_text(p: Progress) -> Safe:
    head = headline_key(p)
    blocked = p.n(DeliveryState.BLOCKED)
    lines = [
        t(head, id=p.mailing_id, title=p.title),
        "",
        t("mailing-report-total", n=p.total),
        t("mailing-report-sent", n=p.n(DeliveryState.SENT)),
        t("mailing-report-blocked-marked" if blocked else "mailing-report-blocked", n=blocked),
        t("mailing-report-failed", n=p.n(DeliveryState.FAILED)),
    ]
    lines += [t("mailing-report-error", error=error, n=n) for error, n in p.top_errors]
    if p.n(DeliveryState.CANCELLED):
        lines.append(t("mailing-report-cancelled", n=p.n(DeliveryState.CANCELLED)))
    if p.n(DeliveryState.SKIPPED):
        lines.append(t("mailing-report-skipped", n=p.n(DeliveryState.SKIPPED)))
    if p.open:
        lines.append(t("mailing-report-open", n=p.open))
    if p.stopped:
        lines.append(t("mailing-report-stopped-by", by=p.stopped_by))
    if p.duration is not None:
        lines.append(t("mailing-report-duration", duration=duration(p.duration)))
    return _lines(*lines)


def history_text(p: Progress, audience: Safe) -> Safe:
    """The report in the history, with the audit details: who, when, to whom."""
    return _lines(
        report_text(p) if p.finished_at is not None else _state_line(p),
        "",
        t("mailing-history-created", by=p.created_by, when=p.created_at),
        t("mailing-history-start", when=p.started_at or p.start_at),
        t("mailing-history-audience", audience=audience),
    )


def _state_line(p: Progress) -> Safe:
    if p.started_at is None:
        return t("mailing-history-scheduled", id=p.mailing_id, when=p.start_at)
    return t(
        "mailing-history-running",
        id=p.mailing_id,
        sent=p.n(DeliveryState.SENT),
        total=p.total,
        open=p.open,
    )
