"""Municipal representatives: the people who act for a municipality (its official position
on an act, its report, its contest application), one of them the signatory.

``entities`` holds the tables, ``queries`` the look-ups other sections address a
municipality through (``recipients``, ``outbox_recipients``), ``rules`` appointing,
removing, the signature and hand-overs, ``invites`` the one-use deep links.
"""

from models.representatives.entities import Representative, RepresentativeInvite
from models.representatives.invites import (
    DEEP_LINK_PREFIX,
    HANDOVER_TTL,
    INVITE_TTL,
    accept_invite,
    create_handover_invite,
    create_invite,
    deep_link,
)
from models.representatives.queries import (
    counts,
    is_representative,
    is_signatory,
    municipalities_of,
    outbox_recipients,
    recipients,
    representatives_of,
    roles_of,
    search_people,
)
from models.representatives.rules import appoint, hand_over, revoke, set_signatory

__all__ = [
    "DEEP_LINK_PREFIX",
    "HANDOVER_TTL",
    "INVITE_TTL",
    "Representative",
    "RepresentativeInvite",
    "accept_invite",
    "appoint",
    "counts",
    "create_handover_invite",
    "create_invite",
    "deep_link",
    "hand_over",
    "is_representative",
    "is_signatory",
    "municipalities_of",
    "outbox_recipients",
    "recipients",
    "representatives_of",
    "revoke",
    "roles_of",
    "search_people",
    "set_signatory",
]
