"""Paid broadcasts: Telegram's ``allow_paid_broadcast`` lifts the bulk limit to 1000
messages a second for 0.1 Star per message beyond the free ~30 a second (Bot API, the
``allow_paid_broadcast`` parameter; billed as ``TransactionPartnerTelegramApi.request_count``,
"requests that exceeded regular limits"). It must be enabled for the bot in @BotFather.

The estimate shown before confirmation: at the sender's paid pace the mailing takes
``n / pace`` seconds; in each of them the first ``FREE_PER_SECOND`` messages are free, the
rest cost a tenth of a Star each. Costs are kept in tenths of a Star (integers).
"""

from __future__ import annotations

import math

FREE_PER_SECOND = 30
PAID_LIMIT = 1000
# The sender's paid pace: the lane leaves room for the free one and a 3% margin.
PAID_PACE = (PAID_LIMIT - FREE_PER_SECOND) / 1.03


def paid_cost_tenths(recipients: int, pace: float = PAID_PACE) -> int:
    """Estimated cost of a paid broadcast to ``recipients`` people, in tenths of a Star."""
    if recipients <= FREE_PER_SECOND:
        return 0
    seconds = max(1, math.floor(recipients / pace))
    return max(0, recipients - FREE_PER_SECOND * seconds)


def stars(tenths: int) -> str:
    """Tenths of a Star as people read it: «1934,0»."""
    return f"{tenths // 10},{tenths % 10}"
