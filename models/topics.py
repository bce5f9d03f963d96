"""Topics a person can subscribe to. Its own module: subscriptions, events, proposals and
mailings all name topics, and none of them should import another just for that."""

from __future__ import annotations

import enum


class Topic(enum.StrEnum):
    EVENTS = "events"  # conferences and events
    COUNCIL = "council"  # Council meetings
    LAW = "law"  # Law No. 135-OZ and lawmaking
    PRACTICES = "practices"  # contest of best municipal and TOS practices
    TOS = "tos"  # TOS news
    NEWS = "news"  # general news


DEFAULT_TOPICS = frozenset(Topic)
