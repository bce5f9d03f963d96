"""Inline keyboards of the contest section."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.contest.callbacks import (
    Act,
    AppAct,
    AppsPageCb,
    BallotCb,
    ContestCb,
    ContinueCb,
    EditCb,
    JurorAddCb,
    JuryCardCb,
    JuryCommentCb,
    JuryScoresCb,
    MunicipalityCb,
    NominationCb,
    PracticeCb,
    ScoreCb,
    SkipCb,
    StaffAct,
    StaffAppCb,
    StaffCb,
    StageCb,
    SubmitCb,
    VoteCb,
    VoteMenuCb,
    WinnersCb,
)
from handlers.contest.views import FIELD_KEYS, shorten
from handlers.widgets.pager import Page, nav_row
from models.contest import ApplicantKind, Application, Contest, Criterion, Field, Nomination, Stage
from models.contest.applications import steps
from texts import t

BUTTON_TITLE = 40
SCORES_PER_ROW = 6


def contests(items: Sequence[Contest]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for contest in items:
        kb.button(
            text=shorten(contest.title, BUTTON_TITLE),
            callback_data=ContestCb(contest=contest.id, act=Act.CARD),
        )
    kb.adjust(1)
    return kb.as_markup()


def contest_actions(
    contest: Contest,
    stage: Stage,
    *,
    draft: Application | None,
    juror: bool,
    staff: bool,
) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if contest.rules_file_id:
        kb.button(
            text=t.plain("contest-btn-rules"),
            callback_data=ContestCb(contest=contest.id, act=Act.RULES),
        )
    if stage is Stage.APPLICATIONS:
        if draft is not None:
            kb.button(text=t.plain("contest-btn-continue"), callback_data=ContinueCb(app=draft.id))
        else:
            kb.button(
                text=t.plain("contest-btn-apply"),
                callback_data=ContestCb(contest=contest.id, act=Act.APPLY),
            )
    kb.button(
        text=t.plain("contest-btn-mine"), callback_data=ContestCb(contest=contest.id, act=Act.MINE)
    )
    if juror and stage is Stage.JURY:
        kb.button(text=t.plain("contest-btn-jury"), callback_data=JuryCardCb(contest=contest.id))
    if juror and stage in (Stage.VOTE, Stage.RESULTS):
        kb.button(
            text=t.plain("contest-btn-jury-scores"), callback_data=JuryScoresCb(contest=contest.id)
        )
    if stage is Stage.VOTE:
        kb.button(text=t.plain("contest-btn-vote"), callback_data=VoteMenuCb(contest=contest.id))
    if stage is Stage.RESULTS and contest.announced_at is not None:
        kb.button(text=t.plain("contest-btn-winners"), callback_data=WinnersCb(contest=contest.id))
    if staff:
        kb.button(
            text=t.plain("contest-btn-staff"),
            callback_data=StaffCb(contest=contest.id, act=StaffAct.CARD),
        )
    kb.adjust(1)
    return kb.as_markup()


def nominations(app_id: int, items: Sequence[Nomination]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(
            text=shorten(item.title, BUTTON_TITLE),
            callback_data=NominationCb(app=app_id, nomination=item.id),
        )
    kb.adjust(1)
    return kb.as_markup()


def municipalities(app_id: int, items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for municipality_id, name in items:
        kb.button(
            text=shorten(name, BUTTON_TITLE),
            callback_data=MunicipalityCb(app=app_id, municipality=municipality_id),
        )
    kb.adjust(1)
    return kb.as_markup()


def step_buttons(
    app_id: int, field: Field, *, optional: bool, files: bool
) -> InlineKeyboardMarkup | None:
    kb = InlineKeyboardBuilder()
    if files:
        kb.button(
            text=t.plain("contest-btn-files-done"), callback_data=SkipCb(app=app_id, field=field)
        )
    elif optional:
        kb.button(text=t.plain("contest-btn-skip"), callback_data=SkipCb(app=app_id, field=field))
    else:
        return None
    return kb.as_markup()


def preview(app: Application, kind: ApplicantKind | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for field in steps(kind):
        if field is Field.NOMINATION and app.number is not None:
            continue  # a submitted application keeps its nomination
        kb.button(
            text=t.plain("contest-btn-edit", field=t.plain(FIELD_KEYS[field])),
            callback_data=EditCb(app=app.id, field=field),
        )
    kb.button(text=t.plain("contest-btn-submit"), callback_data=SubmitCb(app=app.id))
    kb.adjust(2)
    return kb.as_markup()


def scores(app_id: int, criterion: Criterion, low: int, high: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for value in range(low, high + 1):
        kb.button(
            text=str(value), callback_data=ScoreCb(app=app_id, criterion=criterion.id, value=value)
        )
    kb.adjust(SCORES_PER_ROW)
    return kb.as_markup()


def after_scores(contest_id: int, app_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("contest-btn-comment"), callback_data=JuryCommentCb(app=app_id))
    kb.button(text=t.plain("contest-btn-next"), callback_data=JuryCardCb(contest=contest_id))
    kb.adjust(1)
    return kb.as_markup()


def next_only(contest_id: int) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(text=t.plain("contest-btn-next"), callback_data=JuryCardCb(contest=contest_id))
    return kb.as_markup()


def ballots(items: Sequence[Nomination]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(
            text=shorten(item.title, BUTTON_TITLE), callback_data=BallotCb(nomination=item.id)
        )
    kb.adjust(1)
    return kb.as_markup()


def ballot(items: Sequence[Application], mine: int | None) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for app in items:
        key = "contest-btn-voted" if app.id == mine else "contest-btn-vote-for"
        kb.button(text=t.plain(key, number=app.number or 0), callback_data=VoteCb(app=app.id))
        kb.button(
            text=t.plain("contest-btn-open", number=app.number or 0),
            callback_data=PracticeCb(app=app.id),
        )
    kb.adjust(2)
    return kb.as_markup()


def practices(items: Sequence[tuple[int, str]]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for app_id, label in items:
        kb.button(text=shorten(label, BUTTON_TITLE), callback_data=PracticeCb(app=app_id))
    kb.adjust(1)
    return kb.as_markup()


def staff_card(contest: Contest, stage: Stage) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    rows = [
        ("contest-btn-staff-apps", StaffAct.APPS),
        ("contest-btn-staff-jury", StaffAct.JURY),
        ("contest-btn-staff-rules", StaffAct.RULES),
        ("contest-btn-staff-protocol", StaffAct.PROTOCOL),
    ]
    if stage is Stage.JURY:
        rows.insert(2, ("contest-btn-staff-remind", StaffAct.REMIND))
    if stage is not Stage.RESULTS:
        rows.append(("contest-btn-staff-stage", StaffAct.STAGE))
    for key, act in rows:
        kb.button(text=t.plain(key), callback_data=StaffCb(contest=contest.id, act=act))
    kb.adjust(2)
    return kb.as_markup()


def confirm_stage(contest_id: int, stage: Stage) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    kb.button(
        text=t.plain("contest-btn-stage-yes"),
        callback_data=StageCb(contest=contest_id, stage=stage),
    )
    kb.button(
        text=t.plain("contest-btn-back"),
        callback_data=StaffCb(contest=contest_id, act=StaffAct.CARD),
    )
    return kb.as_markup()


def staff_apps(contest_id: int, items: Sequence[Application], page: Page) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for app in page.slice(items):
        label = t.plain(
            "contest-btn-staff-app", number=app.number or 0, title=shorten(app.title or "", 30)
        )
        if app.flagged_at is not None:
            label = t.plain("contest-btn-staff-app-flagged", label=label)
        kb.button(text=label, callback_data=StaffAppCb(app=app.id, act=AppAct.OPEN))
    kb.adjust(1)
    nav_row(kb, page, lambda n: AppsPageCb(contest=contest_id, page=n))
    return kb.as_markup()


def staff_app(app: Application, *, accepting: bool, vote: bool) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    if accepting and app.status.value == "submitted":
        kb.button(
            text=t.plain("contest-btn-return"),
            callback_data=StaffAppCb(app=app.id, act=AppAct.RETURN),
        )
    if vote and not app.in_vote and app.status.value == "submitted":
        kb.button(
            text=t.plain("contest-btn-admit"),
            callback_data=StaffAppCb(app=app.id, act=AppAct.ADMIT),
        )
    kb.adjust(1)
    return kb.as_markup()


def staff_jury(items: Sequence[Nomination]) -> InlineKeyboardMarkup:
    kb = InlineKeyboardBuilder()
    for item in items:
        kb.button(
            text=t.plain("contest-btn-add-juror", nomination=shorten(item.title, 30)),
            callback_data=JurorAddCb(nomination=item.id),
        )
    kb.adjust(1)
    return kb.as_markup()
