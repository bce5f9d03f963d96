"""Inline-button payloads of the proposals section (64 bytes at most)."""

from __future__ import annotations

import enum

from aiogram.filters.callback_data import CallbackData

from handlers.callback_fields import Int32
from models.proposals.drafts import Step
from models.proposals.entities import AmendmentKind, ProposalStatus
from models.proposals.places import PlaceKind


class MenuAction(enum.StrEnum):
    NEW = "new"
    MINE = "mine"
    CONTINUE = "cont"
    DISCARD = "disc"


class PMenuCb(CallbackData, prefix="pp"):
    action: MenuAction


class PArticleCb(CallbackData, prefix="ppa"):
    article: Int32


class PPlaceCb(CallbackData, prefix="ppk"):
    kind: PlaceKind


class PPartCb(CallbackData, prefix="ppp"):
    article: Int32
    part: Int32  # 0: the whole article


class PPointCb(CallbackData, prefix="ppt"):
    article: Int32
    part: Int32  # 0: points right under the article
    point: Int32  # 0: the whole part


class PKindCb(CallbackData, prefix="ppkind"):
    kind: AmendmentKind


class PSkipCb(CallbackData, prefix="ppskip"):
    step: Step


class PEditCb(CallbackData, prefix="ppedit"):
    step: Step


class PSubmitCb(CallbackData, prefix="ppsend"):
    pass


class PMineCb(CallbackData, prefix="ppmine"):
    id: Int32


class PWithdrawCb(CallbackData, prefix="ppwd"):
    id: Int32


# --- staff ---


class SAction(enum.StrEnum):
    MENU = "menu"
    TOGGLE_ACCEPT = "accept"
    CLOSE_CAMPAIGN = "close"


class SMenuCb(CallbackData, prefix="pa"):
    action: SAction


class SQueueCb(CallbackData, prefix="paq"):
    status: str = "new"  # "new" (submitted + under review), "all" or a ProposalStatus value
    article: Int32 = -1  # -1: any, 0: new articles / the law as a whole
    mun: Int32 = 0  # 0: any
    page: Int32 = 0


class SQueueFilterCb(CallbackData, prefix="paqf"):
    what: str  # "status" | "article" | "mun"
    status: str
    article: Int32
    mun: Int32


class SCardCb(CallbackData, prefix="pac"):
    id: Int32


class SStatusCb(CallbackData, prefix="pas"):
    id: Int32
    status: ProposalStatus
    expected: ProposalStatus


class SNoteCb(CallbackData, prefix="pan"):
    id: Int32


class SAttachmentCb(CallbackData, prefix="paf"):
    id: Int32


class SGroupsCb(CallbackData, prefix="pags"):
    page: Int32 = 0


class SGroupCb(CallbackData, prefix="pag"):
    index: Int32


class SExportCb(CallbackData, prefix="pae"):
    fmt: str = ""  # "" shows the menu; "docx" | "xlsx" | "csv" sends the file
    campaign: Int32 = 0  # 0: any
    status: str = "-"  # "-": all but withdrawn; else a Status value


class SLawCb(CallbackData, prefix="pal"):
    confirm: bool  # True: make the parsed text current; False: drop it


class PSubCb(CallbackData, prefix="pps"):
    """Open the sub-points of a point (its choice is then a ``PPointCb``)."""

    article: Int32
    part: Int32  # 0: a point right under the article
    point: Int32


# --- support and decisions (models.proposals.support / decisions) ---


class PSupportCb(CallbackData, prefix="ppsup"):
    id: Int32
    on: bool  # True: support; False: withdraw the support


class PViewCb(CallbackData, prefix="ppview"):
    """Someone else's published proposal, as participants see it (no author)."""

    id: Int32


class SGroupDecideCb(CallbackData, prefix="pagd"):
    id: Int32  # a proposal on the provision
    status: str = "-"  # "-": choose; else a decision's ProposalStatus value


class STemplateCb(CallbackData, prefix="pat"):
    id: Int32
    use: bool = False  # False: show its text to edit; True: apply it as it is


class STemplateArchiveCb(CallbackData, prefix="pata"):
    id: Int32


class SAssignCb(CallbackData, prefix="paas"):
    id: Int32
    who: int = -1  # -1: choose; else the staff member's Telegram id


class SDueCb(CallbackData, prefix="padue"):
    id: Int32


class SSummaryCb(CallbackData, prefix="pasum"):
    action: str = ""  # "": the menu; "files" | "send" | "result"


class SVersionsCb(CallbackData, prefix="paver"):
    pass
