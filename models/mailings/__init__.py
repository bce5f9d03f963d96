"""Mass mailings by admins: an admin's own message copied to an audience, now or later.

A mass mailing is an outbox ``Mailing`` (kind ``mailing``, content ``copy``) plus a
``MassMailing`` row with what the outbox does not know: the audience as chosen, who sent it,
where its progress message is, when it started and finished, who stopped it.

``entities`` (the table, the limits), ``compose`` (buttons, start time, audience rules),
``lifecycle`` (create, start, stop, finish) and ``progress`` (where one stands, as data: the
scheduler and the handlers word it).
"""

from models.mailings.compose import (
    audience_count,
    events_for_audience,
    normalise_audience,
    parse_buttons,
    parse_start,
)
from models.mailings.entities import MAX_BUTTONS, MassMailing, stop_callback
from models.mailings.lifecycle import (
    create,
    finish,
    get,
    history,
    materialize_due,
    running,
    set_progress_message,
    stop,
)
from models.mailings.paid import paid_cost_tenths
from models.mailings.progress import Progress, progress

__all__ = [
    "MAX_BUTTONS",
    "MassMailing",
    "Progress",
    "audience_count",
    "create",
    "events_for_audience",
    "finish",
    "get",
    "history",
    "materialize_due",
    "normalise_audience",
    "paid_cost_tenths",
    "parse_buttons",
    "parse_start",
    "progress",
    "running",
    "set_progress_message",
    "stop",
    "stop_callback",
]
