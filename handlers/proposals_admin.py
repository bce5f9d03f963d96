"""Proposals for staff (moderators and admins): the queue with filters, the card with the
author's profile, status decisions with answers, internal notes, the grouped view, the law
upload, campaigns and the amendments table exports.

Every handler sits behind ``RoleFilter(Role.MODERATOR)`` on this router, evaluated on each
update; for anyone else the commands fall through to "unknown command" and the buttons to
"stale button"."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, Message
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.callbacks.proposals import (
    SAction,
    SAttachmentCb,
    SCardCb,
    SExportCb,
    SGroupCb,
    SMenuCb,
    SNoteCb,
    SQueueCb,
    SQueueFilterCb,
    SStatusCb,
)
from handlers.filters import RoleFilter
from handlers.keyboards import proposals as kb
from handlers.proposals import send_chunks
from handlers.states.proposals import ProposalAdminStates
from handlers.texts import proposals as t
from models import amendments_export, law, proposals
from models.base import utcnow
from models.municipalities import Municipality
from models.proposals import (
    FINAL_STATUSES,
    NOTE_MAX,
    STATUS_LABELS,
    TEXT_MAX,
    PlaceKind,
    QueueFilter,
    Status,
    place_label,
)
from models.users import InvalidInput, Role

A = ProposalAdminStates
PER_PAGE = 8
DEADLINE_FORMAT = "%d.%m.%Y %H:%M"


# --- the menu ---


async def _menu_text(session: AsyncSession, tz: ZoneInfo) -> tuple[str, bool, bool]:
    version = await law.current_version(session)
    status = await proposals.collection(session)
    accept = await proposals.accepts_without_campaign(session)
    text = t.ADMIN_MENU.format(
        law=t.law_line(version, version.law if version else None, tz),
        collection=t.collection_line(status, tz),
        accept=t.ACCEPT_ON if accept else t.ACCEPT_OFF,
    )
    return text, accept, status.campaign is not None


async def admin_menu(
    message: Message, state: FSMContext, session: AsyncSession, tz: ZoneInfo
) -> None:
    await state.clear()
    text, accept, campaign = await _menu_text(session, tz)
    await message.answer(text, reply_markup=kb.admin_menu(accept, campaign))


async def menu_pressed(
    callback: CallbackQuery,
    callback_data: SMenuCb,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
) -> None:
    chat_id = callback.from_user.id
    action = callback_data.action
    if action is SAction.GROUPED:
        await callback.answer()
        await show_grouped(bot, chat_id, session)
        return
    if action is SAction.TOGGLE_ACCEPT:
        current = await proposals.accepts_without_campaign(session)
        await proposals.set_accept_without_campaign(session, chat_id, not current)
        await callback.answer(
            t.SETTING_SAVED.format(state=t.ACCEPT_OFF if current else t.ACCEPT_ON)
        )
    elif action is SAction.CLOSE_CAMPAIGN:
        try:
            campaign = await proposals.close_campaign(session, chat_id)
        except InvalidInput:
            await callback.answer(t.CAMPAIGN_NONE, show_alert=True)
            return
        await callback.answer(t.CAMPAIGN_CLOSED.format(title=campaign.title), show_alert=True)
    else:
        await state.clear()
        await callback.answer()
    text, accept, campaign_open = await _menu_text(session, tz)
    await bot.send_message(chat_id, text, reply_markup=kb.admin_menu(accept, campaign_open))


# --- the queue ---


def _queue_filter(data: SQueueCb | SQueueFilterCb) -> QueueFilter:
    if data.status == "new":
        statuses = frozenset({Status.SUBMITTED, Status.UNDER_REVIEW})
    elif data.status == "all":
        statuses = frozenset()
    else:
        statuses = frozenset({Status(data.status)})
    return QueueFilter(
        statuses=statuses,
        article=None if data.article < 0 else data.article,
        municipality_id=data.mun or None,
    )


def _status_label(value: str) -> str:
    if value == "new":
        return t.FILTER_STATUS_NEW
    if value == "all":
        return t.FILTER_ALL
    return STATUS_LABELS[Status(value)]


def _article_label(value: int) -> str:
    if value < 0:
        return t.FILTER_ALL
    return t.ARTICLE_NONE if value == 0 else place_label(PlaceKind.PROVISION, value, None, None)


async def _mun_label(session: AsyncSession, value: int) -> str:
    if not value:
        return t.FILTER_ALL
    mun = await session.get(Municipality, value)  # bounded: callbacks carry Int32 only
    return mun.name if mun else "?"


async def queue_pressed(
    callback: CallbackQuery, callback_data: SQueueCb, session: AsyncSession, bot: Bot
) -> None:
    try:
        flt = _queue_filter(callback_data)
    except ValueError:
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    items, total = await proposals.queue(
        session, flt, offset=callback_data.page * PER_PAGE, limit=PER_PAGE
    )
    mun = await _mun_label(session, callback_data.mun)
    labels = (
        t.BTN_FILTER_STATUS.format(value=_status_label(callback_data.status)),
        t.BTN_FILTER_ARTICLE.format(value=_article_label(callback_data.article)),
        t.BTN_FILTER_MUN.format(value=mun),
    )
    description = ", ".join(html.quote(label) for label in labels)
    if not items:
        text = t.QUEUE_EMPTY.format(filter=description)
    else:
        text = t.QUEUE_TITLE.format(shown=len(items), total=total, filter=description)
    await bot.send_message(
        callback.from_user.id,
        text,
        reply_markup=kb.queue(items, callback_data, total, PER_PAGE, labels),
    )


async def queue_filter_pressed(
    callback: CallbackQuery, callback_data: SQueueFilterCb, session: AsyncSession, bot: Bot
) -> None:
    base = {
        "status": callback_data.status,
        "article": callback_data.article,
        "mun": callback_data.mun,
    }
    options: list[tuple[str, SQueueCb]] = []
    if callback_data.what == "status":
        for status in ("new", "all", *(s.value for s in Status)):
            options.append((_status_label(status), SQueueCb(**base | {"status": status})))
    elif callback_data.what == "article":
        articles, _ = await proposals.filter_values(session)
        options.append((t.FILTER_ALL, SQueueCb(**base | {"article": -1})))
        for article in articles:
            value = article or 0
            options.append((_article_label(value), SQueueCb(**base | {"article": value})))
    elif callback_data.what == "mun":
        _, muns = await proposals.filter_values(session)
        options.append((t.FILTER_ALL, SQueueCb(**base | {"mun": 0})))
        for mun_id in muns:
            options.append((await _mun_label(session, mun_id), SQueueCb(**base | {"mun": mun_id})))
    else:
        await callback.answer(t.STALE, show_alert=True)
        return
    await callback.answer()
    await bot.send_message(
        callback.from_user.id, t.CHOOSE_FILTER, reply_markup=kb.filter_options(options)
    )


# --- the card ---


async def send_card(
    bot: Bot, chat_id: int, session: AsyncSession, proposal_id: int, tz: ZoneInfo
) -> bool:
    proposal = await proposals.get(session, proposal_id)
    if proposal is None:
        return False
    sections = t.proposal_sections(proposal, tz, staff=True)
    notes = t.notes_block(await proposals.notes_of(session, proposal.id), tz)
    if notes:
        sections.append(notes)
    await send_chunks(bot, chat_id, sections, kb.card(proposal))
    return True


async def card_pressed(
    callback: CallbackQuery, callback_data: SCardCb, session: AsyncSession, bot: Bot, tz: ZoneInfo
) -> None:
    proposal = await proposals.get(session, callback_data.id)
    if proposal is None:
        await callback.answer(t.STATUS_ERRORS["not_found"], show_alert=True)
        return
    await callback.answer()
    await send_card(bot, callback.from_user.id, session, callback_data.id, tz)


async def card_command(message: Message, session: AsyncSession, bot: Bot, tz: ZoneInfo) -> None:
    """/proposal 135-2026-0007 opens a card by its number."""
    assert message.text is not None and message.from_user is not None
    match = proposals.NUMBER_RE.search(message.text)
    proposal = await proposals.by_number(session, match.group(0)) if match else None
    if proposal is None:
        await message.answer(t.STATUS_ERRORS["not_found"])
        return
    await send_card(bot, message.from_user.id, session, proposal.id, tz)


async def attachment_pressed(
    callback: CallbackQuery, callback_data: SAttachmentCb, session: AsyncSession, bot: Bot
) -> None:
    proposal = await proposals.get(session, callback_data.id)
    if proposal is None or not proposal.attachment_file_id:
        await callback.answer(t.STATUS_ERRORS["not_found"], show_alert=True)
        return
    await callback.answer()
    caption = proposal.number
    if proposal.attachment_kind == "photo":
        await bot.send_photo(callback.from_user.id, proposal.attachment_file_id, caption=caption)
    else:
        await bot.send_document(
            callback.from_user.id, proposal.attachment_file_id, caption=caption
        )


def _status_error(exc: InvalidInput) -> str:
    params = dict(exc.params)
    if isinstance(params.get("status"), Status):
        params["status"] = STATUS_LABELS[params["status"]]  # type: ignore[index]
    if exc.code == "too_long":
        return t.TOO_LONG.format(**params)
    if exc.code == "empty":
        return t.EMPTY
    return t.STATUS_ERRORS.get(exc.code, t.STALE).format(**params)


async def status_pressed(
    callback: CallbackQuery,
    callback_data: SStatusCb,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
) -> None:
    proposal = await proposals.get(session, callback_data.id)
    if proposal is None:
        await callback.answer(t.STATUS_ERRORS["not_found"], show_alert=True)
        return
    if proposal.status is not callback_data.expected:
        await callback.answer(
            t.STATUS_ERRORS["stale"].format(status=STATUS_LABELS[proposal.status]), show_alert=True
        )
        return
    chat_id = callback.from_user.id
    if callback_data.status in FINAL_STATUSES:
        await state.set_state(A.answer)
        await state.update_data(
            proposal_id=proposal.id,
            status=callback_data.status.value,
            expected=callback_data.expected.value,
        )
        await callback.answer()
        text = t.ASK_ANSWER.format(
            number=proposal.number, status=STATUS_LABELS[callback_data.status], limit=TEXT_MAX
        )
        if callback_data.status is Status.MERGED:
            text += t.ASK_ANSWER_MERGED
        await bot.send_message(chat_id, text)
        return
    try:
        proposal = await proposals.change_status(
            session, chat_id, proposal.id, callback_data.status, expected=callback_data.expected
        )
    except InvalidInput as exc:
        await callback.answer(_status_error(exc), show_alert=True)
        return
    wake_sender()
    await callback.answer(
        t.STATUS_CHANGED.format(number=proposal.number, status=STATUS_LABELS[proposal.status])
    )
    await send_card(bot, chat_id, session, proposal.id, tz)


async def answer_given(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    try:
        proposal_id = int(data["proposal_id"])
        status, expected = Status(data["status"]), Status(data["expected"])
    except (KeyError, ValueError, TypeError):  # the FSM data was lost (a restart)
        await state.clear()
        await message.answer(t.DIALOGUE_LOST)
        return
    try:
        proposal = await proposals.change_status(
            session, message.from_user.id, proposal_id, status, message.text, expected=expected
        )
    except InvalidInput as exc:
        await message.answer(_status_error(exc))
        if exc.code in ("stale", "not_found", "bad_transition"):
            await state.clear()
        return
    await state.clear()
    wake_sender()
    await message.answer(
        t.STATUS_CHANGED.format(number=proposal.number, status=STATUS_LABELS[proposal.status])
    )
    await send_card(bot, message.from_user.id, session, proposal.id, tz)


async def note_pressed(
    callback: CallbackQuery,
    callback_data: SNoteCb,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    proposal = await proposals.get(session, callback_data.id)
    if proposal is None:
        await callback.answer(t.STATUS_ERRORS["not_found"], show_alert=True)
        return
    await state.set_state(A.note)
    await state.update_data(proposal_id=proposal.id)
    await callback.answer()
    await bot.send_message(
        callback.from_user.id, t.ASK_NOTE.format(number=proposal.number, limit=NOTE_MAX)
    )


async def note_given(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, tz: ZoneInfo
) -> None:
    assert message.from_user is not None
    data = await state.get_data()
    try:
        proposal_id = int(data["proposal_id"])
    except (KeyError, ValueError, TypeError):  # the FSM data was lost (a restart)
        await state.clear()
        await message.answer(t.DIALOGUE_LOST)
        return
    try:
        note = await proposals.add_note(session, message.from_user.id, proposal_id, message.text)
    except InvalidInput as exc:
        await message.answer(_status_error(exc))
        if exc.code == "not_found":
            await state.clear()
        return
    await state.clear()
    proposal = await proposals.get(session, note.proposal_id)
    assert proposal is not None
    await message.answer(t.NOTE_SAVED.format(number=proposal.number))
    await send_card(bot, message.from_user.id, session, proposal.id, tz)


async def not_text(message: Message) -> None:
    await message.answer(t.NOT_TEXT)


# --- grouped view ---


async def show_grouped(bot: Bot, chat_id: int, session: AsyncSession) -> None:
    groups = await proposals.grouped(session)
    if not groups:
        await bot.send_message(chat_id, t.GROUPED_EMPTY, reply_markup=kb.back_to_menu())
        return
    labels = [f"{g.place} ({len(g.proposals)})" for g in groups]
    await send_chunks(
        bot, chat_id, [t.GROUPED_TITLE, *t.group_lines(groups)], kb.groups(len(groups), labels)
    )


async def group_pressed(
    callback: CallbackQuery, callback_data: SGroupCb, session: AsyncSession, bot: Bot
) -> None:
    groups = await proposals.grouped(session)
    if not 0 <= callback_data.index < len(groups):
        await callback.answer(t.STALE, show_alert=True)
        return
    group = groups[callback_data.index]
    await callback.answer()
    sections = [t.GROUP_TITLE.format(place=html.quote(group.place), count=len(group.proposals))]
    first = group.proposals[0]
    if first.current_wording:
        sections.append(t.GROUP_CURRENT.format(text=html.quote(first.current_wording)))
    sections += [t.group_item(p) for p in group.proposals]
    await send_chunks(bot, callback.from_user.id, sections, kb.group_cards(group.proposals))


# --- exports ---


def _export_filter(data: SExportCb) -> QueueFilter:
    if data.status == "-":
        statuses = frozenset(set(Status) - {Status.WITHDRAWN})
    else:
        statuses = frozenset({Status(data.status)})
    return QueueFilter(statuses=statuses, campaign_id=data.campaign or None)


async def export_pressed(
    callback: CallbackQuery,
    callback_data: SExportCb,
    session: AsyncSession,
    bot: Bot,
    tz: ZoneInfo,
) -> None:
    try:
        flt = _export_filter(callback_data)
    except ValueError:
        await callback.answer(t.STALE, show_alert=True)
        return
    chat_id = callback.from_user.id
    campaigns = await proposals.list_campaigns(session, limit=5)
    if callback_data.fmt == "":
        await callback.answer()
        chosen = next((c for c in campaigns if c.id == callback_data.campaign), None)
        text = t.EXPORT_MENU.format(
            campaign=html.quote(chosen.title) if chosen else t.EXPORT_ALL_CAMPAIGNS,
            status=_status_label(callback_data.status)
            if callback_data.status != "-"
            else t.EXPORT_STATUS_DEFAULT,
        )
        markup = kb.export(callback_data, campaigns, [t.campaign_label(c, tz) for c in campaigns])
        await bot.send_message(chat_id, text, reply_markup=markup)
        return
    if callback_data.fmt not in ("docx", "xlsx", "csv"):
        await callback.answer(t.STALE, show_alert=True)
        return
    rows = await amendments_export.rows(session, flt)
    if not rows:
        await callback.answer(t.EXPORT_EMPTY, show_alert=True)
        return
    await callback.answer()
    now = utcnow()
    if callback_data.fmt == "docx":
        data = amendments_export.to_docx(rows, now, tz)
    elif callback_data.fmt == "xlsx":
        data = amendments_export.to_xlsx(rows, now, tz)
    else:
        data = amendments_export.to_csv(rows)
    filename = t.EXPORT_FILENAME.format(
        stamp=now.astimezone(tz).strftime("%Y%m%d-%H%M"), ext=callback_data.fmt
    )
    await bot.send_document(
        chat_id,
        BufferedInputFile(data, filename=filename),
        caption=t.EXPORT_CAPTION.format(count=len(rows)),
    )


# --- the law ---


async def law_upload_command(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, tz: ZoneInfo
) -> None:
    if message.document is not None:
        await _take_law(message, state, session, bot, tz)
        return
    await state.set_state(A.law_upload)
    await message.answer(t.LAW_ASK_FILE)


async def law_file_given(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, tz: ZoneInfo
) -> None:
    if message.document is None:
        await message.answer(t.LAW_NOT_DOCUMENT)
        return
    await _take_law(message, state, session, bot, tz)


async def _take_law(
    message: Message, state: FSMContext, session: AsyncSession, bot: Bot, tz: ZoneInfo
) -> None:
    document = message.document
    assert document is not None and message.from_user is not None
    filename = document.file_name or "law.txt"
    try:
        if (document.file_size or 0) > law.MAX_UPLOAD_BYTES:
            raise law.LawParseError(0, "too_big")
        buffer = io.BytesIO()
        await bot.download(document.file_id, destination=buffer)
        version = await law.upload_law(session, message.from_user.id, filename, buffer.getvalue())
    except law.LawParseError as exc:
        previous = await law.current_version(session)
        tail = (
            t.LAW_PREVIOUS.format(when=t.when(previous.uploaded_at, tz))
            if previous
            else t.LAW_NO_PREVIOUS
        )
        await message.answer(t.LAW_REFUSED.format(reason=t.law_error(exc), previous=tail))
        return
    await state.clear()
    await message.answer(
        t.LAW_UPLOADED.format(filename=html.quote(filename), articles=len(version.law.articles))
    )


# --- campaigns ---


async def campaign_open_command(
    message: Message, state: FSMContext, session: AsyncSession
) -> None:
    if await proposals.open_campaign_now(session, utcnow()) is not None:
        await message.answer(t.CAMPAIGN_ALREADY)
        return
    await state.set_state(A.campaign_title)
    await message.answer(t.CAMPAIGN_ASK_TITLE)


async def campaign_title_given(message: Message, state: FSMContext) -> None:
    try:
        title = proposals.clean_text(message.text, limit=proposals.TITLE_MAX)
    except InvalidInput as exc:
        await message.answer(_status_error(exc))
        return
    await state.update_data(title=title)
    await state.set_state(A.campaign_deadline)
    await message.answer(t.CAMPAIGN_ASK_DEADLINE)


async def campaign_deadline_given(
    message: Message,
    state: FSMContext,
    session: AsyncSession,
    tz: ZoneInfo,
    wake_sender: Callable[[], None],
) -> None:
    assert message.text is not None and message.from_user is not None
    try:
        deadline = datetime.strptime(message.text.strip(), DEADLINE_FORMAT).replace(tzinfo=tz)
        deadline = deadline.astimezone(UTC)
    except (ValueError, OverflowError):
        await message.answer(t.CAMPAIGN_BAD_DEADLINE)
        return
    data = await state.get_data()
    if not data.get("title"):  # the FSM data was lost (a restart)
        await state.clear()
        await message.answer(t.CAMPAIGN_LOST)
        return
    try:
        campaign = await proposals.open_campaign(
            session, message.from_user.id, str(data.get("title", "")), deadline, tz=tz
        )
    except InvalidInput as exc:
        if exc.code == "campaign_open":
            await state.clear()
            await message.answer(t.CAMPAIGN_ALREADY)
        else:
            await message.answer(t.CAMPAIGN_BAD_DEADLINE)
        return
    await state.clear()
    wake_sender()
    from models.subscriptions import Audience, Topic, count

    recipients = await count(session, Audience(topics=frozenset({Topic.LAW})))
    await message.answer(
        t.CAMPAIGN_OPENED.format(
            title=html.quote(campaign.title),
            deadline=t.when(campaign.deadline, tz),
            count=recipients,
        )
    )


async def campaign_close_command(message: Message, session: AsyncSession) -> None:
    assert message.from_user is not None
    try:
        campaign = await proposals.close_campaign(session, message.from_user.id)
    except InvalidInput:
        await message.answer(t.CAMPAIGN_NONE)
        return
    await message.answer(t.CAMPAIGN_CLOSED.format(title=html.quote(campaign.title)))


def create_router() -> Router:
    """The staff proposals router (moderators and admins), in matching order."""
    router = Router(name="proposals_admin")
    router.message.filter(RoleFilter(Role.MODERATOR))
    router.callback_query.filter(RoleFilter(Role.MODERATOR))

    router.message.register(admin_menu, Command("proposals_admin"))
    router.message.register(card_command, Command("proposal"))
    router.message.register(law_upload_command, Command("law_upload"))
    router.message.register(campaign_open_command, Command("campaign_open"))
    router.message.register(campaign_close_command, Command("campaign_close"))

    router.callback_query.register(menu_pressed, SMenuCb.filter())
    router.callback_query.register(queue_pressed, SQueueCb.filter())
    router.callback_query.register(queue_filter_pressed, SQueueFilterCb.filter())
    router.callback_query.register(card_pressed, SCardCb.filter())
    router.callback_query.register(status_pressed, SStatusCb.filter())
    router.callback_query.register(note_pressed, SNoteCb.filter())
    router.callback_query.register(attachment_pressed, SAttachmentCb.filter())
    router.callback_query.register(group_pressed, SGroupCb.filter())
    router.callback_query.register(export_pressed, SExportCb.filter())

    not_command = ~F.text.startswith("/")
    router.message.register(law_file_given, StateFilter(A.law_upload), not_command)
    router.message.register(answer_given, StateFilter(A.answer), F.text, not_command)
    router.message.register(note_given, StateFilter(A.note), F.text, not_command)
    router.message.register(
        campaign_title_given, StateFilter(A.campaign_title), F.text, not_command
    )
    router.message.register(
        campaign_deadline_given, StateFilter(A.campaign_deadline), F.text, not_command
    )
    router.message.register(
        not_text,
        StateFilter(A.answer, A.note, A.campaign_title, A.campaign_deadline),
        ~F.text,
    )
    return router
