"""Staff side of the questionnaires (/reports_admin): the blank template, an upload checked
row by row, a copy of last year's, the preview, sending to all municipalities or a chosen
set with a deadline, coverage («сдали 29 из 34»), the one-tap reminder and the exports."""

from __future__ import annotations

import asyncio
import io
from typing import Any
from zoneinfo import ZoneInfo

from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.callback_answer import CallbackAnswer
from aiogram.utils.keyboard import InlineKeyboardBuilder
from sqlalchemy.ext.asyncio import AsyncSession

from handlers.long_text import send_chunks
from handlers.replies import alert
from handlers.reports.callbacks import RPickCb, RStaffCb, StaffAct
from handlers.reports.staff_review import review_list
from handlers.reports.states import ReportStaff
from handlers.reports.views import shorten, staff_only
from models import municipalities
from models.dates import parse_local
from models.errors import DomainError
from models.reports import ReportForm, ReportFormState, ReportState, forms
from models.reports.export import answers_xlsx, collect, file_entries, zip_files
from models.reports.report_doc import report_docx
from models.reports.template import (
    MAX_UPLOAD_BYTES,
    TemplateRefused,
    blank_template,
    read_template,
)
from models.reports.values import format_number, parse_date
from texts import t

DEADLINE_HOUR = 18  # a date without a time: the end of that working day
LISTED = 40  # names shown per group in the coverage
BUTTONS = {
    StaffAct.PREVIEW: "reports-staff-btn-preview",
    StaffAct.SEND_ALL: "reports-staff-btn-send-all",
    StaffAct.SEND_PICK: "reports-staff-btn-send-pick",
    StaffAct.AS_TEMPLATE: "reports-staff-btn-as-template",
    StaffAct.DELETE: "reports-staff-btn-delete",
    StaffAct.STATUS: "reports-staff-btn-status",
    StaffAct.NUDGE: "reports-staff-btn-nudge",
    StaffAct.REVIEW: "reports-staff-btn-review",
    StaffAct.XLSX: "reports-staff-btn-xlsx",
    StaffAct.DOCX: "reports-staff-btn-docx",
    StaffAct.FILES: "reports-staff-btn-files",
    StaffAct.COPY: "reports-staff-btn-copy",
    StaffAct.CLOSE: "reports-staff-btn-close",
}


def _cb(act: StaffAct, form: int = 0) -> str:
    return RStaffCb(act=act, form=form).pack()


async def _menu(bot: Bot, chat_id: int, session: AsyncSession) -> None:
    kb = InlineKeyboardBuilder()
    for form in await forms.list_forms(session):
        label = t.plain(
            "reports-admin-item",
            title=shorten(form.title, 40),
            year=str(form.year),
            state=form.state,
        )
        kb.button(text=label, callback_data=_cb(StaffAct.CARD, form.id))
    kb.button(text=t.plain("reports-btn-template"), callback_data=_cb(StaffAct.TEMPLATE))
    kb.button(text=t.plain("reports-btn-upload"), callback_data=_cb(StaffAct.UPLOAD))
    kb.adjust(1)
    await bot.send_message(chat_id, t("reports-admin-head"), reply_markup=kb.as_markup())


async def admin_command(
    message: Message, session: AsyncSession, state: FSMContext, bot: Bot
) -> None:
    await state.clear()
    await _menu(bot, message.chat.id, session)


def _card_keyboard(form: ReportForm) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if form.state is ReportFormState.DRAFT:
        acts = [
            StaffAct.PREVIEW,
            StaffAct.SEND_ALL,
            StaffAct.SEND_PICK,
            StaffAct.AS_TEMPLATE,
            StaffAct.DELETE,
        ]
    else:
        acts = [
            StaffAct.STATUS,
            StaffAct.NUDGE,
            StaffAct.REVIEW,
            StaffAct.XLSX,
            StaffAct.DOCX,
            StaffAct.FILES,
            StaffAct.PREVIEW,
            StaffAct.COPY,
            StaffAct.AS_TEMPLATE,
        ]
        if form.state is ReportFormState.SENT:
            acts.append(StaffAct.CLOSE)
        else:
            acts.remove(StaffAct.NUDGE)
    for act in acts:
        kb.button(text=t.plain(BUTTONS[act]), callback_data=_cb(act, form.id))
    kb.button(text=t.plain("reports-btn-back"), callback_data=_cb(StaffAct.MENU))
    kb.adjust(1)
    return kb.as_markup()


async def _card(bot: Bot, chat_id: int, session: AsyncSession, form: ReportForm) -> None:
    sections = len({q.section for q in form.questions})
    threshold = (
        format_number(form.change_threshold)
        if form.change_threshold
        else t.plain("reports-card-no-threshold")
    )
    previous = (
        await session.get(ReportForm, form.previous_form_id) if form.previous_form_id else None
    )
    text = t(
        "reports-card",
        title=form.title,
        year=str(form.year),
        state=form.state,
        questions=len(form.questions),
        sections=sections,
        threshold=threshold,
        previous=str(previous.year) if previous else t.plain("reports-card-no-previous"),
        deadline=form.deadline or t.plain("reports-card-no-deadline"),
    )
    await bot.send_message(chat_id, text, reply_markup=_card_keyboard(form))


def preview_paragraphs(form: ReportForm) -> list[str]:
    out: list[str] = [t("reports-preview-head", title=form.title, year=str(form.year))]
    section = None
    for q in form.questions:
        if q.section != section:
            section = q.section
            out.append(t("reports-summary-section", section=section))
        details = [t.label(q.kind)]
        if q.unit:
            details.append(q.unit)
        if q.min_value is not None or q.max_value is not None:
            low = format_number(q.min_value) if q.min_value is not None else "…"
            high = format_number(q.max_value) if q.max_value is not None else "…"
            details.append(f"{low}–{high}")
        if q.options:
            details.append("; ".join(q.options))
        details.append(
            t.plain("reports-preview-required" if q.required else "reports-preview-optional")
        )
        out.append(
            t("reports-preview-line", code=q.code, question=q.text, details=", ".join(details))
        )
    return out


async def _upload(message: Message, state: FSMContext, session: AsyncSession, bot: Bot) -> None:
    document = message.document
    assert document is not None
    try:
        if (document.file_size or 0) > MAX_UPLOAD_BYTES:
            raise DomainError("reports-tpl-too-big")
        buffer = io.BytesIO()
        await bot.download(document.file_id, destination=buffer)
        spec = await asyncio.to_thread(read_template, buffer.getvalue(), t)
    except TemplateRefused as exc:
        lines = [t("reports-tpl-refused", count=len(exc.issues))]
        lines += [
            t("reports-tpl-issue", sheet=i.sheet, row=i.row, text=t(i.code, **i.params))
            for i in exc.issues
        ]
        await send_chunks(bot, message.chat.id, lines, None)
        return
    except DomainError as exc:
        await message.answer(t(exc.code, **exc.params))
        return
    await state.clear()
    form = await forms.create_form(session, message.chat.id, spec)
    await message.answer(t("reports-uploaded", questions=len(form.questions)))
    await send_chunks(bot, message.chat.id, preview_paragraphs(form), None)
    await _card(bot, message.chat.id, session, form)


async def file_given(message: Message, state: FSMContext, session: AsyncSession, bot: Bot) -> None:
    if message.document is None:
        await message.answer(t("reports-upload-need-file"))
        return
    await _upload(message, state, session, bot)


async def _export(
    bot: Bot, chat_id: int, session: AsyncSession, form: ReportForm, act: StaffAct
) -> None:
    data = await collect(session, form.id)
    name = f"report-{form.year}-{form.id}"
    if act is StaffAct.XLSX:
        payload, filename = await asyncio.to_thread(answers_xlsx, data, t), f"{name}.xlsx"
    elif act is StaffAct.DOCX:
        payload, filename = await asyncio.to_thread(report_docx, data, t), f"{name}.docx"
    else:
        payload, filename = await _files_zip(bot, data), f"{name}-files.zip"
        if not payload:
            await bot.send_message(chat_id, t("reports-no-files"))
            return
    await bot.send_document(
        chat_id,
        BufferedInputFile(payload, filename),
        caption=t("reports-export-caption", title=form.title),
    )


async def _files_zip(bot: Bot, data: Any) -> bytes:
    entries = file_entries(data)
    if not entries:
        return b""
    items = []
    for entry in entries:
        buffer = io.BytesIO()
        await bot.download(entry.file_id, destination=buffer)
        items.append((entry, buffer.getvalue()))
    return await asyncio.to_thread(zip_files, items)


def status_paragraphs(status: forms.Status) -> list[str]:
    total_q = len(status.form.questions)
    out: list[str] = [
        t(
            "reports-status-head",
            title=status.form.title,
            done=len(status.done),
            total=status.total,
            deadline=status.form.deadline,
        )
    ]
    groups = (
        ("reports-status-in-progress", status.in_progress),
        ("reports-status-not-started", status.not_started),
        ("reports-status-done", status.done),
    )
    for key, rows in groups:
        if not rows:
            continue
        out.append(t(key, count=len(rows)))
        for row in rows[:LISTED]:
            if row.state is ReportState.PENDING:
                out.append(t("reports-status-name", name=row.municipality.name))
            else:
                out.append(
                    t(
                        "reports-status-row",
                        name=row.municipality.name,
                        state=row.state,
                        answered=row.answered,
                        total=total_q,
                    )
                )
    return out


async def _pick(
    bot: Bot,
    chat_id: int,
    state: FSMContext,
    session: AsyncSession,
    form: ReportForm,
    message: Message | None,
) -> None:
    chosen = set((await state.get_data()).get("send_to") or [])
    kb = InlineKeyboardBuilder()
    for m in await municipalities.list_active(session):
        mark = t.plain("reports-mark-on" if m.id in chosen else "reports-mark-off")
        kb.button(
            text=f"{mark} {shorten(m.name, 28)}",
            callback_data=RPickCb(form=form.id, mun=m.id).pack(),
        )
    kb.button(
        text=t.plain("reports-btn-pick-done", count=len(chosen)),
        callback_data=RPickCb(form=form.id, mun=0).pack(),
    )
    kb.adjust(*([2] * 17), 1)
    text = t("reports-pick-head", count=len(chosen))
    if message is not None:
        await message.edit_text(text, reply_markup=kb.as_markup())
    else:
        await bot.send_message(chat_id, text, reply_markup=kb.as_markup())


async def staff_pressed(
    callback: CallbackQuery,
    callback_data: RStaffCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    chat_id, act = callback.from_user.id, callback_data.act
    try:
        if act is StaffAct.MENU:
            await _menu(bot, chat_id, session)
        elif act is StaffAct.TEMPLATE:
            document = BufferedInputFile(blank_template(t), "report-template.xlsx")
            await bot.send_document(chat_id, document, caption=t("reports-template-caption"))
        elif act is StaffAct.UPLOAD:
            await state.set_state(ReportStaff.upload)
            await bot.send_message(chat_id, t("reports-upload-ask"))
        else:
            await _form_action(
                callback,
                callback_answer,
                state,
                session,
                bot,
                act,
                await forms.get_form(session, callback_data.form),
            )
    except DomainError as exc:
        alert(callback_answer, t.plain(exc.code, **exc.params))


async def _form_action(
    callback: CallbackQuery,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    act: StaffAct,
    form: ReportForm,
) -> None:
    chat_id = callback.from_user.id
    if act is StaffAct.CARD:
        await _card(bot, chat_id, session, form)
    elif act is StaffAct.PREVIEW:
        await send_chunks(bot, chat_id, preview_paragraphs(form), None)
    elif act is StaffAct.AS_TEMPLATE:
        document = BufferedInputFile(
            blank_template(t, form), f"report-{form.year + 1}-template.xlsx"
        )
        await bot.send_document(chat_id, document, caption=t("reports-template-copy-caption"))
    elif act is StaffAct.COPY:
        copy = await forms.copy_form(session, chat_id, form.id)
        await _card(bot, chat_id, session, copy)
    elif act is StaffAct.DELETE:
        await forms.delete_draft(session, chat_id, form.id)
        await bot.send_message(chat_id, t("reports-deleted"))
    elif act in (StaffAct.SEND_ALL, StaffAct.SEND_PICK):
        await state.set_state(ReportStaff.deadline if act is StaffAct.SEND_ALL else None)
        await state.set_data(
            {"send_form": form.id, "send_to": None if act is StaffAct.SEND_ALL else []}
        )
        if act is StaffAct.SEND_ALL:
            await bot.send_message(
                chat_id,
                t("reports-deadline-ask", count=await municipalities.count_active(session)),
            )
        else:
            await _pick(bot, chat_id, state, session, form, None)
    elif act is StaffAct.SEND_CONFIRM:
        await _send(callback_answer, state, session, bot, chat_id, form)
    elif act is StaffAct.STATUS:
        await send_chunks(
            bot,
            chat_id,
            status_paragraphs(await forms.status(session, form.id)),
            _card_keyboard(form),
        )
    elif act is StaffAct.NUDGE:
        count = await forms.nudge(session, chat_id, form.id, t)
        alert(callback_answer, t.plain("reports-nudged", count=count))
    elif act is StaffAct.REVIEW:
        await review_list(bot, chat_id, session, form)
    elif act is StaffAct.CLOSE:
        await _card(bot, chat_id, session, await forms.close_form(session, chat_id, form.id))
    else:
        await _export(bot, chat_id, session, form, act)


async def _send(
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
    chat_id: int,
    form: ReportForm,
) -> None:
    from_fsm = await state.get_data()
    deadline_text = from_fsm.get("send_deadline")
    if from_fsm.get("send_form") != form.id or not deadline_text:
        alert(callback_answer, t.plain("reports-send-expired"))
        return
    deadline = parse_local(deadline_text, _tz())
    count = await forms.send_form(session, chat_id, form.id, deadline, t, from_fsm.get("send_to"))
    await state.clear()
    await bot.send_message(chat_id, t("reports-sent", count=count, deadline=deadline))


def _tz() -> ZoneInfo:
    return t.tz


async def pick_pressed(
    callback: CallbackQuery,
    callback_data: RPickCb,
    callback_answer: CallbackAnswer,
    state: FSMContext,
    session: AsyncSession,
    bot: Bot,
) -> None:
    data = await state.get_data()
    if data.get("send_form") != callback_data.form:
        alert(callback_answer, t.plain("reports-send-expired"))
        return
    form = await forms.get_form(session, callback_data.form)
    if callback_data.mun == 0:
        if not data.get("send_to"):
            alert(callback_answer, t.plain("reports-send-nobody"))
            return
        await state.set_state(ReportStaff.deadline)
        await bot.send_message(
            callback.from_user.id, t("reports-deadline-ask", count=len(data["send_to"]))
        )
        return
    chosen = set(data.get("send_to") or [])
    chosen ^= {callback_data.mun}
    await state.update_data({"send_to": sorted(chosen)})
    message = callback.message if isinstance(callback.message, Message) else None
    await _pick(bot, callback.from_user.id, state, session, form, message)


async def deadline_typed(message: Message, state: FSMContext, session: AsyncSession) -> None:
    data = await state.get_data()
    form_id = data.get("send_form")
    if not isinstance(form_id, int):
        await state.clear()
        await message.answer(t("reports-send-expired"))
        return
    text = (message.text or "").strip()
    try:
        if len(text.split()) == 1:
            day = parse_date(text)
            text = f"{day:%d.%m.%Y} {DEADLINE_HOUR}:00"
        deadline = parse_local(text, _tz())
    except DomainError:
        await message.answer(t("reports-deadline-bad"))
        return
    await state.update_data({"send_deadline": text})
    to = data.get("send_to")
    count = len(to) if to else await municipalities.count_active(session)
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("reports-btn-send-confirm", count=count),
        callback_data=_cb(StaffAct.SEND_CONFIRM, form_id),
    )
    kb.button(text=t.plain("reports-btn-back"), callback_data=_cb(StaffAct.CARD, form_id))
    kb.adjust(1)
    await message.answer(
        t("reports-send-confirm", count=count, deadline=deadline), reply_markup=kb.as_markup()
    )


def create_router() -> Router:
    router = staff_only(Router(name="reports_staff"))
    router.message.register(admin_command, Command("reports_admin"))
    router.message.register(file_given, StateFilter(ReportStaff.upload), ~F.text.startswith("/"))
    router.message.register(
        deadline_typed, StateFilter(ReportStaff.deadline), ~F.text.startswith("/")
    )
    router.callback_query.register(staff_pressed, RStaffCb.filter())
    router.callback_query.register(pick_pressed, RPickCb.filter())
    return router
