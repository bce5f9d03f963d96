"""Inline-button payloads of the contest section (64 bytes at most). ``WinnersCb`` and
``VoteMenuCb`` are also built by the domain for its announcements
(``models.contest.announce``); a test keeps them the same."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32
from models.contest import Field, Stage


class Act(enum.StrEnum):
    CARD = "card"
    RULES = "rules"
    APPLY = "apply"
    MINE = "mine"


class ContestCb(CallbackData, prefix="ctc"):
    contest: Int32
    act: Act


class WinnersCb(CallbackData, prefix="ctw"):
    contest: Int32


class VoteMenuCb(CallbackData, prefix="ctv"):
    contest: Int32


class PracticeCb(CallbackData, prefix="ctp"):
    app: Int32


# --- the application dialogue ---


class NominationCb(CallbackData, prefix="cta"):
    app: Int32
    nomination: Int32


class MunicipalityCb(CallbackData, prefix="ctm"):
    app: Int32
    municipality: Int32


class SkipCb(CallbackData, prefix="cts"):
    app: Int32
    field: Field


class EditCb(CallbackData, prefix="cte"):
    app: Int32
    field: Field


class SubmitCb(CallbackData, prefix="ctsub"):
    app: Int32


class ContinueCb(CallbackData, prefix="ctcont"):
    app: Int32


# --- the jury ---


class JuryCardCb(CallbackData, prefix="ctj"):
    contest: Int32


class JuryScoresCb(CallbackData, prefix="ctjs"):
    contest: Int32


class ScoreCb(CallbackData, prefix="ctsc"):
    app: Int32
    criterion: Int32
    value: Int32


class JuryCommentCb(CallbackData, prefix="ctjc"):
    app: Int32


# --- the public vote ---


class BallotCb(CallbackData, prefix="ctvn"):
    nomination: Int32


class VoteCb(CallbackData, prefix="ctvv"):
    app: Int32


# --- staff ---


class StaffAct(enum.StrEnum):
    CARD = "card"
    STAGE = "stage"
    APPS = "apps"
    JURY = "jury"
    REMIND = "remind"
    PROTOCOL = "protocol"
    RULES = "rules"


class StaffCb(CallbackData, prefix="ctS"):
    contest: Int32
    act: StaffAct


class StageCb(CallbackData, prefix="ctSs"):
    """«Yes, end this stage»: names the stage, so a second tap cannot end the next one."""

    contest: Int32
    stage: Stage


class AppsPageCb(CallbackData, prefix="ctSp"):
    contest: Int32
    page: Int32


class AppAct(enum.StrEnum):
    OPEN = "open"
    RETURN = "return"
    ADMIT = "admit"


class StaffAppCb(CallbackData, prefix="ctSa"):
    app: Int32
    act: AppAct


class JurorAddCb(CallbackData, prefix="ctSj"):
    nomination: Int32
