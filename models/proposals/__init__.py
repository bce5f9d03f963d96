"""Proposals to amend the law (No. 135-OZ): the law's text as staff load it, drafts written
step by step, submission with a yearly number, statuses with their audit and the author's
notices, staff notes, collection campaigns, and the amendments table exports.

Modules: ``places`` (where an amendment applies), ``entities`` (tables and enums),
``law`` (the parser and the uploaded versions), ``drafts``, ``numbering`` (submission),
``review`` (statuses, answers, notices), ``campaigns``, ``queries``, ``export``.
This package re-exports the names other sections import.
"""

from models.proposals.alerts import AlertCursor
from models.proposals.campaigns import (
    Collection,
    accepts_without_campaign,
    close_campaign,
    collection,
    list_campaigns,
    open_campaign,
    open_campaign_now,
    set_accept_without_campaign,
)
from models.proposals.decisions import AnswerTemplate, ProposalReview
from models.proposals.drafts import (
    Draft,
    Step,
    clean_text,
    discard_draft,
    get_draft,
    reopen_step,
    set_attachment,
    set_current,
    set_justification,
    set_kind,
    set_place,
    set_proposed,
    start_draft,
)
from models.proposals.entities import (
    FINAL_STATUSES,
    NOTE_MAX,
    STAFF_TRANSITIONS,
    TEXT_MAX,
    TITLE_MAX,
    AmendmentKind,
    Campaign,
    Proposal,
    ProposalCounter,
    ProposalDraft,
    ProposalNote,
    ProposalSettings,
    ProposalStatus,
    Status,
)
from models.proposals.law import LawStructure, LawVersion
from models.proposals.numbering import NUMBER_RE, format_number, submit
from models.proposals.places import Place, PlaceKind, parse_place
from models.proposals.queries import QueueFilter, by_number, get, grouped, of_user
from models.proposals.review import add_note, change_status, withdraw
from models.proposals.support import ProposalSupport

__all__ = [
    "FINAL_STATUSES",
    "NOTE_MAX",
    "NUMBER_RE",
    "STAFF_TRANSITIONS",
    "TEXT_MAX",
    "TITLE_MAX",
    "AlertCursor",
    "AmendmentKind",
    "AnswerTemplate",
    "Campaign",
    "Collection",
    "Draft",
    "LawStructure",
    "LawVersion",
    "Place",
    "PlaceKind",
    "Proposal",
    "ProposalCounter",
    "ProposalDraft",
    "ProposalNote",
    "ProposalReview",
    "ProposalSettings",
    "ProposalStatus",
    "ProposalSupport",
    "QueueFilter",
    "Status",
    "Step",
    "accepts_without_campaign",
    "add_note",
    "by_number",
    "change_status",
    "clean_text",
    "close_campaign",
    "collection",
    "discard_draft",
    "format_number",
    "get",
    "get_draft",
    "grouped",
    "list_campaigns",
    "of_user",
    "open_campaign",
    "open_campaign_now",
    "parse_place",
    "reopen_step",
    "set_accept_without_campaign",
    "set_attachment",
    "set_current",
    "set_justification",
    "set_kind",
    "set_place",
    "set_proposed",
    "start_draft",
    "submit",
    "withdraw",
]
