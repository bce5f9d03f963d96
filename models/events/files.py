"""Files attached to an event (the programme, a poster): PDF, Word documents and images,
kept by Telegram (we store its file id), at most ``FILES_MAX`` per event, each at most
``SIZE_MAX`` bytes (Telegram's ``file_size``). They are shown on the card and sent right
after the announcement, through the outbox (one chat gets its messages in order)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from models import audit
from models.errors import DomainError
from models.events.entities import Event, EventFile
from models.outbox import Content, ContentKind, MailingKind, Recipient, enqueue
from models.rendering import Renderer

SIZE_MAX = 20 * 1024 * 1024  # what a bot may download and send on by file id
FILES_MAX = 10
NAME_MAX = 255
EXTENSIONS = frozenset({"pdf", "docx", "doc", "jpg", "jpeg", "png"})
MIME_TYPES = frozenset(
    {
        "application/pdf",
        "application/msword",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "image/jpeg",
        "image/png",
    }
)


@dataclass(frozen=True, slots=True)
class Upload:
    """What Telegram says about a file a staff member sent."""

    file_id: str
    file_unique_id: str
    file_name: str
    size: int | None
    mime_type: str | None = None
    is_photo: bool = False


def check(upload: Upload) -> None:
    """PDF, DOC/DOCX, JPEG/PNG under the size limit; refused with a reason otherwise."""
    if upload.size is None or upload.size > SIZE_MAX:
        raise DomainError("events-files-too-big", limit=SIZE_MAX // (1024 * 1024))
    if upload.is_photo:
        return
    extension = upload.file_name.rsplit(".", 1)[-1].lower() if "." in upload.file_name else ""
    if extension not in EXTENSIONS or (upload.mime_type and upload.mime_type not in MIME_TYPES):
        raise DomainError("events-files-wrong-type")


async def of_event(session: AsyncSession, event_id: int) -> Sequence[EventFile]:
    rows = await session.scalars(
        select(EventFile).where(EventFile.event_id == event_id).order_by(EventFile.id)
    )
    return rows.all()


async def count(session: AsyncSession, event_id: int) -> int:
    n = await session.scalar(
        select(func.count()).select_from(EventFile).where(EventFile.event_id == event_id)
    )
    return int(n or 0)


async def attach(
    session: AsyncSession, event_id: int, actor_telegram_id: int, upload: Upload
) -> int:
    """Attach a checked file (the same file twice is kept once). Returns how many files
    the event has now. Commits."""
    check(upload)
    if await session.get(Event, event_id) is None:
        raise DomainError("events-errors-gone")
    existing = await count(session, event_id)
    same = await session.scalar(
        select(EventFile.id).where(
            EventFile.event_id == event_id, EventFile.file_unique_id == upload.file_unique_id
        )
    )
    if same is not None:
        return existing
    if existing >= FILES_MAX:
        raise DomainError("events-files-too-many", limit=FILES_MAX)
    session.add(
        EventFile(
            event_id=event_id,
            file_id=upload.file_id,
            file_unique_id=upload.file_unique_id,
            is_photo=upload.is_photo,
            file_name=upload.file_name[:NAME_MAX],
            size=upload.size or 0,
        )
    )
    audit.record(
        session, actor_telegram_id, "event.file.add", target=f"event:{event_id}", size=upload.size
    )
    await session.commit()
    return existing + 1


async def remove_all(session: AsyncSession, event_id: int, actor_telegram_id: int) -> int:
    """Detach every file. Returns how many there were. Commits."""
    gone = await session.execute(delete(EventFile).where(EventFile.event_id == event_id))
    audit.record(session, actor_telegram_id, "event.file.remove", target=f"event:{event_id}")
    await session.commit()
    return int(gone.rowcount)  # type: ignore[attr-defined]


async def copy_files(session: AsyncSession, source_id: int, target_id: int) -> None:
    """The files of a duplicated event (not committed here)."""
    for item in await of_event(session, source_id):
        session.add(
            EventFile(
                event_id=target_id,
                file_id=item.file_id,
                file_unique_id=item.file_unique_id,
                is_photo=item.is_photo,
                file_name=item.file_name,
                size=item.size,
            )
        )


def content_of(item: EventFile, caption: str | None = None) -> Content:
    kind = ContentKind.PHOTO if item.is_photo else ContentKind.DOCUMENT
    return Content(kind=kind, file_id=item.file_id, text=caption)


async def announce_files(
    session: AsyncSession,
    event_id: int,
    recipients: Sequence[Recipient],
    render: Renderer,
    actor_telegram_id: int | None,
) -> int:
    """The files go right after the announcement, to the same people (not committed)."""
    items = await of_event(session, event_id)
    for item in items:
        await enqueue(
            session,
            kind=MailingKind.ANNOUNCEMENT,
            title=render.plain("events-files-mailing-title", name=item.file_name),
            content=content_of(item),
            recipients=recipients,
            created_by=actor_telegram_id,
            dedup_key=f"event:{event_id}:announce:file:{item.id}",
        )
    return len(items)
