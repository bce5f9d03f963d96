"""What the contest puts in the outbox: notices to an applicant at each step and alerts to
staff (moderators and the admins the caller names)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from models import outbox
from models.contest.entities import Application, Contest
from models.outbox import Content, MailingKind, Recipient
from models.rendering import Renderer
from models.users import User, list_moderators


async def notify_applicant(
    session: AsyncSession,
    render: Renderer,
    app: Application,
    key: str,
    *,
    contest: Contest,
    **args: Any,
) -> None:
    """A notice about the application to its author (not committed here)."""
    author = await session.get(User, app.author_id) if app.author_id else None
    if author is None or not author.is_active:
        return
    text = render(
        key, number=app.number or 0, title=app.title or "", contest=contest.title, **args
    )
    await outbox.enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=render.plain("contest-mailing-notice", number=app.number or 0),
        content=Content(text=text),
        recipients=[Recipient(author.telegram_id, author.id)],
    )


async def staff_recipients(session: AsyncSession, admin_ids: Iterable[int]) -> list[Recipient]:
    found = {u.telegram_id: Recipient(u.telegram_id, u.id) for u in await list_moderators(session)}
    for admin_id in admin_ids:
        found.setdefault(admin_id, Recipient(admin_id))
    return list(found.values())


async def alert_staff(
    session: AsyncSession,
    render: Renderer,
    admin_ids: Iterable[int],
    *,
    dedup_key: str,
    key: str,
    **args: Any,
) -> None:
    """One alert to staff per ``dedup_key`` (not committed here)."""
    recipients = await staff_recipients(session, admin_ids)
    if not recipients:
        return
    await outbox.enqueue(
        session,
        kind=MailingKind.NOTICE,
        title=render.plain("contest-mailing-alert"),
        content=Content(text=render(key, **args)),
        recipients=recipients,
        dedup_key=dedup_key,
    )
