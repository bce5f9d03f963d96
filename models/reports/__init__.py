"""Reports from municipalities: questionnaires for the annual report on local
self-government (issue 17).

``template`` (the XLSX template: blank, read back with line-numbered problems), ``forms``
(create, copy, send, coverage, nudge), ``values`` (what people type → stored values),
``answers`` (filling a municipality's answer, last year's values, submission), ``review``
(accept, return for correction, history), ``reminders`` (before and after the deadline, in
working hours), ``export`` (XLSX, ZIP of files) and ``report_doc`` (the DOCX draft).
"""

from models.reports.entities import (
    ReportAnswer,
    ReportEvent,
    ReportForm,
    ReportFormState,
    ReportHistoryKind,
    ReportQuestion,
    ReportQuestionKind,
    ReportState,
    ReportValue,
)

__all__ = [
    "ReportAnswer",
    "ReportEvent",
    "ReportForm",
    "ReportFormState",
    "ReportHistoryKind",
    "ReportQuestion",
    "ReportQuestionKind",
    "ReportState",
    "ReportValue",
]
