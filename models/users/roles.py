"""Who may do what: the role of an update's author, and appointing moderators."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.errors import DomainError
from models.users.entities import Role, User
from models.users.profile import get_by_telegram_id

# Why appointing (or dismissing) changes nothing, by the role asked for.
_UNCHANGED = {Role.MODERATOR: "admin-already-moderator", Role.USER: "admin-not-moderator"}


def effective_role(user: User | None, telegram_id: int, admin_ids: frozenset[int]) -> Role:
    if telegram_id in admin_ids:
        return Role.ADMIN
    if user is None:
        return Role.USER
    return user.role


async def list_moderators(session: AsyncSession) -> list[User]:
    result = await session.scalars(
        select(User).where(User.role == Role.MODERATOR).order_by(User.full_name)
    )
    return list(result)


async def set_role(
    session: AsyncSession, actor_telegram_id: int, target_telegram_id: int, role: Role
) -> User:
    """Appoint or dismiss a moderator; the change and its audit row commit together.

    Raises ``DomainError("admin-user-not-found")`` for someone without a complete profile,
    ``DomainError("admin-already-moderator")`` (or ``"admin-not-moderator"``) when nothing
    would change.
    """
    if role is Role.ADMIN:
        raise DomainError("admin-role-from-config")
    target = await get_by_telegram_id(session, target_telegram_id)
    if target is None or not target.is_registered:
        raise DomainError("admin-user-not-found")
    if target.role is role:
        raise DomainError(_UNCHANGED[role], telegram_id=target_telegram_id)
    previous = target.role
    target.role = role
    audit.record(
        session,
        actor_telegram_id,
        "role.change",
        target=f"user:{target_telegram_id}",
        before=previous.value,
        after=role.value,
    )
    await session.commit()
    return target
