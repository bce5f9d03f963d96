"""Inline-button payloads of the proposals section (64 bytes at most)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from models.proposals import AmendmentKind, PlaceKind, Status, Step


class MenuAction(enum.StrEnum):
    NEW = "new"
    MINE = "mine"
    CONTINUE = "cont"
    DISCARD = "disc"


class PMenuCb(CallbackData, prefix="pp"):
    action: MenuAction


class PArticleCb(CallbackData, prefix="ppa"):
    article: int


class PPlaceCb(CallbackData, prefix="ppk"):
    kind: PlaceKind


class PPartCb(CallbackData, prefix="ppp"):
    article: int
    part: int  # 0: the whole article


class PPointCb(CallbackData, prefix="ppt"):
    article: int
    part: int  # 0: points right under the article
    point: int  # 0: the whole part


class PKindCb(CallbackData, prefix="ppkind"):
    kind: AmendmentKind


class PSkipCb(CallbackData, prefix="ppskip"):
    step: Step


class PEditCb(CallbackData, prefix="ppedit"):
    step: Step


class PSubmitCb(CallbackData, prefix="ppsend"):
    pass


class PMineCb(CallbackData, prefix="ppmine"):
    id: int


class PWithdrawCb(CallbackData, prefix="ppwd"):
    id: int


# --- staff ---


class SAction(enum.StrEnum):
    MENU = "menu"
    GROUPED = "grouped"
    TOGGLE_ACCEPT = "accept"
    CLOSE_CAMPAIGN = "close"


class SMenuCb(CallbackData, prefix="pa"):
    action: SAction


class SQueueCb(CallbackData, prefix="paq"):
    status: str = "new"  # "new" (submitted + under review), "all" or a Status value
    article: int = -1  # -1: any, 0: new articles / the law as a whole
    mun: int = 0  # 0: any
    page: int = 0


class SQueueFilterCb(CallbackData, prefix="paqf"):
    what: str  # "status" | "article" | "mun"
    status: str
    article: int
    mun: int


class SCardCb(CallbackData, prefix="pac"):
    id: int


class SStatusCb(CallbackData, prefix="pas"):
    id: int
    status: Status
    expected: Status


class SNoteCb(CallbackData, prefix="pan"):
    id: int


class SAttachmentCb(CallbackData, prefix="paf"):
    id: int


class SGroupCb(CallbackData, prefix="pag"):
    index: int


class SExportCb(CallbackData, prefix="pae"):
    fmt: str = ""  # "" shows the menu; "docx" | "xlsx" | "csv" sends the file
    campaign: int = 0  # 0: any
    status: str = "-"  # "-": all but withdrawn; else a Status value
