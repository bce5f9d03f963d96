"""How an act reads: the public card and the staff card with its coverage."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import consultations as cons
from models import representatives as reps
from models.consultations import Act
from models.users import User
from texts import Safe, t


def _head(act: Act) -> dict[str, object]:
    return {
        "title": act.title,
        "kind": t.label(act.kind),
        "number": t("consultations-card-number", number=act.number) if act.number else "",
        "sender": t("consultations-card-sender", sender=act.sender) if act.sender else "",
        "stage": t.label(act.stage),
        "deadline": t("consultations-card-deadline", deadline=act.discussion_ends_at)
        if act.discussion_ends_at
        else "",
    }


def public_card(act: Act) -> Safe:
    return t("consultations-card", **_head(act))


async def staff_card(session: AsyncSession, act: Act) -> tuple[Safe, int]:
    """The staff card and the number of missing municipalities that can be reminded."""
    covered = await cons.act_coverage(session, act)
    reachable = await reps.recipients(session, covered.missing_ids)
    late = len(await cons.late_drafts(session, act.id))
    responsible = None
    if act.responsible_telegram_id is not None:
        responsible = await session.scalar(
            select(User.full_name).where(User.telegram_id == act.responsible_telegram_id)
        )
    text = t(
        "consultations-staff-card",
        **_head(act),
        code=act.code,
        responsible=responsible or t.plain("consultations-staff-unknown"),
        done=covered.done,
        total=covered.total,
        unreachable=len(covered.missing) - len(reachable),
        late=late,
    )
    return text, len(reachable)
