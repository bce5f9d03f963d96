"""The contest of best practices of municipalities and TOS: a contest with dated stages
(applications → jury → public vote → results), nominations with weighted criteria,
applications written step by step, the jury's scores, the public vote, the results, the
protocol.

Modules: ``entities`` (tables, enums), ``spec`` (a contest described in structured text),
``setup`` (creation, rules, jurors, look-ups), ``stages`` (which stage a date is in),
``applications``, ``jury``, ``voting``, ``results``, ``announce`` (entering a stage:
announcements and notices), ``notices``, ``protocol`` (DOCX and XLSX).
"""

from models.contest.entities import (
    ApplicantKind,
    Application,
    ApplicationFile,
    AppStatus,
    Contest,
    ContestCounter,
    Criterion,
    Field,
    FileKind,
    Juror,
    Nomination,
    ScoreSheet,
    Stage,
    Vote,
)

__all__ = [
    "AppStatus",
    "ApplicantKind",
    "Application",
    "ApplicationFile",
    "Contest",
    "ContestCounter",
    "Criterion",
    "Field",
    "FileKind",
    "Juror",
    "Nomination",
    "ScoreSheet",
    "Stage",
    "Vote",
]
