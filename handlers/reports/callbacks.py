"""Inline-button payloads of the reports section (64 bytes at most). ``ROpenCb`` is also put
on enqueued notices by the domain (``models.reports.forms.open_callback``)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32


class ROpenCb(CallbackData, prefix="rpo"):
    """Open (or continue) a questionnaire for one municipality."""

    form: Int32
    mun: Int32


class AnsAct(enum.StrEnum):
    OPTION = "o"  # one of a list: ``idx``
    TOGGLE = "t"  # several of a list: ``idx`` in or out
    DONE = "d"  # several of a list: save the chosen
    YES = "y"
    NO = "n"
    SKIP = "s"
    SAME = "u"  # «без изменений»: last year's value
    SUMMARY = "m"
    LATER = "l"


class RAnsCb(CallbackData, prefix="rpa"):
    form: Int32
    mun: Int32
    q: Int32
    act: AnsAct
    idx: Int32 = 0


class SumAct(enum.StrEnum):
    EDIT = "e"  # ``q``
    SUBMIT = "s"
    NEXT = "n"  # continue with the next open question


class RSumCb(CallbackData, prefix="rps"):
    form: Int32
    mun: Int32
    act: SumAct
    q: Int32 = 0


class StaffAct(enum.StrEnum):
    MENU = "menu"
    TEMPLATE = "tpl"
    UPLOAD = "up"
    CARD = "card"
    PREVIEW = "prev"
    COPY = "copy"
    AS_TEMPLATE = "astpl"
    DELETE = "del"
    SEND_ALL = "all"
    SEND_PICK = "pick"
    SEND_CONFIRM = "conf"
    STATUS = "stat"
    NUDGE = "nudge"
    XLSX = "xlsx"
    DOCX = "docx"
    FILES = "zip"
    REVIEW = "rev"
    CLOSE = "close"


class RStaffCb(CallbackData, prefix="rst"):
    act: StaffAct
    form: Int32 = 0


class RPickCb(CallbackData, prefix="rpk"):
    """Choosing the municipalities to send to: toggle one (``mun``), or 0 to go on."""

    form: Int32
    mun: Int32


class RevAct(enum.StrEnum):
    CARD = "card"
    ACCEPT = "ok"
    RETURN = "ret"  # start choosing questions
    TOGGLE = "t"  # ``q`` in or out of the returned set
    COMMENTS = "go"  # chosen: write the comments
    HISTORY = "hist"


class RRevCb(CallbackData, prefix="rrv"):
    answer: Int32
    act: RevAct
    q: Int32 = 0
