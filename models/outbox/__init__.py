"""The outbox: every message the bot sends on its own is a delivery row first.

A ``Mailing`` says what to send and why; a ``Delivery`` is one recipient of it. Rows are
added in the caller's transaction, next to the change that causes them (``enqueueing``), and
a sender in ``scheduler/`` drains them (``claims``): claim (with a lease) → send → mark.
Enqueueing is idempotent: ``Mailing.dedup_key`` is unique, and so is ``(mailing_id, chat_id)``.
"""

from models.outbox.claims import (
    claim,
    hold_back,
    mark_blocked,
    mark_failed,
    mark_retry,
    mark_sent,
    mark_sent_many,
    mark_skipped,
    next_due,
    release,
    release_orphans,
)
from models.outbox.enqueueing import (
    MailingReport,
    cancel_mailing,
    cancelled_among,
    enqueue,
    recent_mailings,
    report,
    skip_deliveries,
)
from models.outbox.entities import (
    ERROR_MAX,
    MAX_ATTEMPTS,
    OPEN_STATES,
    SKIPPED_UNSUBSCRIBED,
    Claimed,
    Content,
    ContentKind,
    Delivery,
    DeliveryState,
    Mailing,
    MailingKind,
    MailingState,
    Recipient,
)

__all__ = [
    "ERROR_MAX",
    "MAX_ATTEMPTS",
    "OPEN_STATES",
    "SKIPPED_UNSUBSCRIBED",
    "Claimed",
    "Content",
    "ContentKind",
    "Delivery",
    "DeliveryState",
    "Mailing",
    "MailingKind",
    "MailingReport",
    "MailingState",
    "Recipient",
    "cancel_mailing",
    "cancelled_among",
    "claim",
    "enqueue",
    "hold_back",
    "mark_blocked",
    "mark_failed",
    "mark_retry",
    "mark_sent",
    "mark_sent_many",
    "mark_skipped",
    "next_due",
    "recent_mailings",
    "release",
    "release_orphans",
    "report",
    "skip_deliveries",
]
