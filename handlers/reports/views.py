"""How the filling is shown: a question with its hint, range, last year's value and what is
saved; the summary of all answers; their keyboards."""

from __future__ import annotations

from typing import Any

from aiogram import Router
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.filters import RoleFilter
from handlers.reports.callbacks import AnsAct, RAnsCb, ROpenCb, RSumCb, SumAct
from models.reports import (
    ReportAnswer,
    ReportForm,
    ReportQuestion,
    ReportQuestionKind,
    ReportValue,
)
from models.reports.answers import Previous
from models.reports.entities import ReportFormState, ReportState
from models.reports.values import display, format_number
from models.users import Role
from texts import t

OPTION_MAX = 60  # characters of an option on a button
EDIT_PER_ROW = 5
HOW = {
    ReportQuestionKind.NUMBER: "reports-how-number",
    ReportQuestionKind.INTEGER: "reports-how-integer",
    ReportQuestionKind.TEXT: "reports-how-text",
    ReportQuestionKind.CHOICE: "reports-how-choice",
    ReportQuestionKind.MULTI: "reports-how-multi",
    ReportQuestionKind.DATE: "reports-how-date",
    ReportQuestionKind.YESNO: "reports-how-yesno",
    ReportQuestionKind.FILE: "reports-how-file",
}


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _range(q: ReportQuestion) -> str | None:
    low, high = q.min_value, q.max_value
    if low is not None and high is not None:
        return t("reports-ask-range", min=format_number(low), max=format_number(high))
    if low is not None:
        return t("reports-ask-min", min=format_number(low))
    if high is not None:
        return t("reports-ask-max", max=format_number(high))
    return None


def question_text(
    form: ReportForm,
    answer: ReportAnswer,
    q: ReportQuestion,
    saved: ReportValue | None,
    previous: Previous | None,
) -> str:
    number = next(i for i, x in enumerate(form.questions, 1) if x.id == q.id)
    lines: list[str] = [
        t("reports-ask-head", number=number, total=len(form.questions), section=q.section),
        t("reports-ask-question", code=q.code, question=q.text),
    ]
    if q.unit:
        lines.append(t("reports-ask-unit", unit=q.unit))
    if q.hint:
        lines.append(t("reports-ask-hint", hint=q.hint))
    bounds = (
        _range(q) if q.kind in (ReportQuestionKind.NUMBER, ReportQuestionKind.INTEGER) else None
    )
    if bounds:
        lines.append(bounds)
    comment = answer.reopened.get(str(q.id)) if answer.state is ReportState.RETURNED else None
    if comment:
        lines.append(t("reports-ask-returned", comment=comment))
    if previous is not None:
        lines.append(t("reports-ask-previous", value=display(q, previous.value, t)))
    if saved is not None:
        lines.append(t("reports-ask-current", value=display(q, saved.value, t)))
    lines.append(t(HOW[q.kind]))
    if not q.required:
        lines.append(t("reports-ask-optional"))
    return "\n".join(lines)


def question_keyboard(
    form: ReportForm,
    mun: int,
    q: ReportQuestion,
    previous: Previous | None,
    chosen: list[str] | None = None,
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()

    def cb(act: AnsAct, idx: int = 0) -> str:
        return RAnsCb(form=form.id, mun=mun, q=q.id, act=act, idx=idx).pack()

    rows: list[int] = []
    if q.kind is ReportQuestionKind.CHOICE:
        for i, option in enumerate(q.options):
            kb.button(text=shorten(option, OPTION_MAX), callback_data=cb(AnsAct.OPTION, i))
            rows.append(1)
    elif q.kind is ReportQuestionKind.MULTI:
        marked = set(chosen or [])
        for i, option in enumerate(q.options):
            mark = t.plain("reports-mark-on" if option in marked else "reports-mark-off")
            kb.button(
                text=f"{mark} {shorten(option, OPTION_MAX)}", callback_data=cb(AnsAct.TOGGLE, i)
            )
            rows.append(1)
        kb.button(text=t.plain("reports-btn-done"), callback_data=cb(AnsAct.DONE))
        rows.append(1)
    elif q.kind is ReportQuestionKind.YESNO:
        kb.button(text=t.plain("reports-btn-yes"), callback_data=cb(AnsAct.YES))
        kb.button(text=t.plain("reports-btn-no"), callback_data=cb(AnsAct.NO))
        rows.append(2)
    if previous is not None:
        value = shorten(display(q, previous.value, t), 30)
        kb.button(text=t.plain("reports-btn-same", value=value), callback_data=cb(AnsAct.SAME))
        rows.append(1)
    if not q.required:
        kb.button(text=t.plain("reports-btn-skip"), callback_data=cb(AnsAct.SKIP))
        rows.append(1)
    kb.button(text=t.plain("reports-btn-summary"), callback_data=cb(AnsAct.SUMMARY))
    kb.button(text=t.plain("reports-btn-later"), callback_data=cb(AnsAct.LATER))
    rows.append(2)
    kb.adjust(*rows)
    return kb.as_markup()


def summary_paragraphs(
    form: ReportForm,
    answer: ReportAnswer,
    values: dict[int, ReportValue],
    *,
    signatory: bool,
) -> list[str]:
    head = t(
        "reports-summary-head",
        title=form.title,
        municipality=answer.municipality.name,
        state=answer.state,
        answered=len(values),
        total=len(form.questions),
    )
    paragraphs: list[str] = [head]
    section = None
    for q in form.questions:
        if q.section != section:
            section = q.section
            paragraphs.append(t("reports-summary-section", section=section))
        saved = values.get(q.id)
        shown = (
            display(q, saved.value, t) if saved is not None else t.plain("reports-summary-empty")
        )
        line: str = t(
            "reports-summary-line",
            code=q.code,
            question=shorten(q.text, 80),
            value=shorten(shown, 300),
        )
        if saved is not None and saved.comment:
            line = line + "\n" + t("reports-summary-comment", comment=saved.comment)
        paragraphs.append(line)
    if answer.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        paragraphs.append(t("reports-summary-done"))
    elif form.state is not ReportFormState.SENT:
        paragraphs.append(t("reports-summary-closed"))
    else:
        paragraphs.append(
            t("reports-summary-foot" if signatory else "reports-summary-foot-not-signatory")
        )
    return paragraphs


def summary_keyboard(
    form: ReportForm, answer: ReportAnswer, questions: list[ReportQuestion]
) -> InlineKeyboardMarkup | None:
    if answer.state in (ReportState.SUBMITTED, ReportState.ACCEPTED):
        return None
    if form.state is not ReportFormState.SENT:
        return None
    kb = InlineKeyboardBuilder()
    mun = answer.municipality_id
    for q in questions:
        kb.button(
            text=t.plain("reports-btn-edit", code=q.code),
            callback_data=RSumCb(form=form.id, mun=mun, act=SumAct.EDIT, q=q.id).pack(),
        )
    sizes = [EDIT_PER_ROW] * (len(questions) // EDIT_PER_ROW)
    if len(questions) % EDIT_PER_ROW:
        sizes.append(len(questions) % EDIT_PER_ROW)
    kb.button(
        text=t.plain("reports-btn-next"),
        callback_data=RSumCb(form=form.id, mun=mun, act=SumAct.NEXT).pack(),
    )
    kb.button(
        text=t.plain("reports-btn-submit"),
        callback_data=RSumCb(form=form.id, mun=mun, act=SumAct.SUBMIT).pack(),
    )
    kb.adjust(*sizes, 1, 1)
    return kb.as_markup()


def mine_keyboard(items: list[tuple[ReportForm, ReportAnswer, int]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for form, answer, answered in items:
        kb.button(
            text=t.plain(
                "reports-mine-item",
                title=shorten(form.title, 30),
                municipality=shorten(answer.municipality.name, 30),
                state=answer.state,
                answered=answered,
                total=len(form.questions),
            ),
            callback_data=ROpenCb(form=form.id, mun=answer.municipality_id).pack(),
        )
    kb.adjust(1)
    return kb.as_markup()


def fsm(form_id: int, mun: int, q: int, **extra: Any) -> dict[str, Any]:
    """What the filling keeps in the FSM: which question is open (the rest is in rows)."""
    return {"r_form": form_id, "r_mun": mun, "r_q": q, **extra}


def staff_only(router: Router) -> Router:
    router.message.filter(RoleFilter(Role.MODERATOR))
    router.callback_query.filter(RoleFilter(Role.MODERATOR))
    return router
