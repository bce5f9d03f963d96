"""The jury's protocol as a Word document in official form (per nomination: criteria, each
juror's scores per criterion, weighted results, the ranking; a signatures block) and every
score as a spreadsheet (numbers stay numbers)."""

from __future__ import annotations

import io
from datetime import datetime

from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from models.contest.entities import ApplicantKind, Application, Contest
from models.contest.results import NominationResult, results
from models.documents import neutralise, neutralise_row, sheets, word
from models.municipalities import Municipality
from models.rendering import Renderer
from models.users import User


async def names(session: AsyncSession, items: list[NominationResult]) -> dict[str, dict[int, str]]:
    user_ids = {uid for r in items for a in r.ranking for uid in a.by_juror}
    users = list(await session.scalars(select(User).where(User.id.in_(user_ids or {0}))))
    places = await session.scalars(select(Municipality))
    return {
        "users": {u.id: u.full_name or "" for u in users},
        "places": {m.id: m.name for m in places},
    }


def applicant(
    render: Renderer, app: Application, kind: ApplicantKind, places: dict[int, str]
) -> str:
    place = places.get(app.municipality_id or 0, "")
    if kind is ApplicantKind.TOS:
        return render.plain("contest-applicant-tos", name=app.tos_name or "", municipality=place)
    return place


FLAG = "*"  # marks a flagged disagreement in the ranking


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}".replace(".", ",")


def _scores_table(
    document: Document, render: Renderer, result: NominationResult, who: dict[int, str]
) -> None:
    headers = [render.plain("contest-doc-col-number"), render.plain("contest-doc-col-juror")]
    headers += [c.title for c in result.criteria] + [render.plain("contest-doc-col-weighted")]
    widths = [14, 45] + [28] * len(result.criteria) + [24]
    table = word.table(document, headers, widths)
    for item in sorted(result.ranking, key=lambda r: r.app.number or 0):
        for sheet in item.sheets:
            values = [str(item.app.number or ""), who.get(sheet.user_id, "")]
            values += [str(sheet.scores.get(str(c.id), "")) for c in result.criteria]
            values.append(_fmt(item.by_juror.get(sheet.user_id)))
            word.add_row(table, values)


def _ranking_table(
    document: Document,
    render: Renderer,
    result: NominationResult,
    places: dict[int, str],
    vote: bool,
) -> None:
    keys = [
        "contest-doc-col-place",
        "contest-doc-col-number",
        "contest-doc-col-title",
        "contest-doc-col-applicant",
        "contest-doc-col-score",
        "contest-doc-col-jurors",
    ]
    widths = [14, 14, 70, 60, 22, 18]
    if vote:
        keys.append("contest-doc-col-votes")
        widths.append(20)
    table = word.table(document, [render.plain(k) for k in keys], widths)
    kind = result.nomination.applicant_kind
    for item in result.ranking:
        values = [
            str(item.place),
            str(item.app.number or ""),
            item.app.title or "",
            applicant(render, item.app, kind, places),
            _fmt(item.score) + (FLAG if item.app.flagged_at else ""),
            str(len(item.by_juror)),
        ]
        if vote:
            values.append(str(item.votes))
        word.add_row(table, values)


def _heading(document: Document, render: Renderer, contest: Contest, now: datetime) -> None:
    for key in ("contest-doc-heading", "contest-doc-subheading"):
        word.paragraph(
            document,
            render.plain(key, contest=contest.title),
            bold=True,
            align=WD_ALIGN_PARAGRAPH.CENTER,
        )
    formed = render.plain("contest-doc-formed", when=now)
    word.paragraph(document, formed, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=10)
    rule = render.plain("contest-doc-rule", threshold=f"{contest.spread_threshold:g}")
    word.paragraph(document, rule, space_after=8)


def _signatures(document: Document, render: Renderer, jurors: list[str]) -> None:
    word.paragraph(document, "", space_after=12, keep_with_next=True)
    word.paragraph(
        document, render.plain("contest-doc-signatures"), bold=True, keep_with_next=True
    )
    for name in jurors:
        word.paragraph(
            document,
            render.plain("contest-doc-signature-line", name=name),
            space_after=10,
            keep_with_next=True,
        )


async def to_docx(
    session: AsyncSession, contest: Contest, render: Renderer, now: datetime
) -> bytes:
    items = await results(session, contest.id)
    found = await names(session, items)
    document = word.official(landscape=True)
    _heading(document, render, contest, now)
    for result in items:
        title = render.plain(
            "contest-doc-nomination",
            nomination=result.nomination.title,
            low=result.nomination.score_min,
            high=result.nomination.score_max,
        )
        word.paragraph(document, title, bold=True, space_after=4, keep_with_next=True)
        criteria = ", ".join(
            render.plain("contest-doc-criterion", title=c.title, weight=f"{c.weight:g}")
            for c in result.criteria
        )
        word.paragraph(
            document, render.plain("contest-doc-criteria", criteria=criteria), space_after=4
        )
        word.paragraph(document, render.plain("contest-doc-scores"), keep_with_next=True)
        _scores_table(document, render, result, found["users"])
        word.paragraph(document, "", space_after=4, keep_with_next=True)
        word.paragraph(
            document, render.plain("contest-doc-ranking"), space_after=2, keep_with_next=True
        )
        _ranking_table(document, render, result, found["places"], contest.has_vote)
        if any(r.app.flagged_at for r in result.ranking):
            word.paragraph(document, render.plain("contest-doc-flag-note", mark=FLAG))
        word.paragraph(document, "", space_after=8)
    jurors = sorted({n for n in found["users"].values() if n})
    _signatures(document, render, jurors)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


async def to_xlsx(session: AsyncSession, contest: Contest, render: Renderer) -> bytes:
    import openpyxl

    items = await results(session, contest.id)
    found = await names(session, items)
    book = openpyxl.Workbook()
    scores = book.active
    assert scores is not None
    scores.title = render.plain("contest-xlsx-scores")
    scores.append(neutralise_row(render.plain(k) for k in SCORE_KEYS))
    totals = book.create_sheet(render.plain("contest-xlsx-ranking"))
    totals.append(neutralise_row(render.plain(k) for k in RANK_KEYS))
    for result in items:
        nomination = neutralise(result.nomination.title)
        kind = result.nomination.applicant_kind
        for item in result.ranking:
            who = neutralise(applicant(render, item.app, kind, found["places"]))
            title = neutralise(item.app.title or "")
            for sheet in item.sheets:
                for c in result.criteria:
                    value = sheet.scores.get(str(c.id))
                    scores.append(
                        [
                            nomination,
                            item.app.number,
                            title,
                            who,
                            neutralise(found["users"].get(sheet.user_id, "")),
                            neutralise(c.title),
                            c.weight,
                            value,
                            neutralise(sheet.comment or ""),
                        ]
                    )
            totals.append(
                [
                    nomination,
                    item.place,
                    item.app.number,
                    title,
                    who,
                    round(item.score, 4) if item.score is not None else None,
                    len(item.by_juror),
                    item.votes,
                ]
            )
    # Widths per sheet, column by column (the ranking has its own columns: place, score).
    for sheet, widths in ((scores, SCORE_WIDTHS), (totals, RANK_WIDTHS)):
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = sheet.dimensions
        for column, width in zip("ABCDEFGHI", widths, strict=False):
            sheet.column_dimensions[column].width = width
        sheets.style_cells(sheet)  # after the widths: row heights follow the wrapped text
        sheets.print_setup(sheet, fit_width=True)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


SCORE_KEYS = (
    "contest-doc-col-nomination",
    "contest-doc-col-number",
    "contest-doc-col-title",
    "contest-doc-col-applicant",
    "contest-doc-col-juror",
    "contest-doc-col-criterion",
    "contest-doc-col-weight",
    "contest-doc-col-value",
    "contest-doc-col-comment",
)
SCORE_WIDTHS = (28, 10, 40, 36, 28, 30, 10, 10, 40)
RANK_WIDTHS = (28, 8, 10, 40, 36, 12, 10, 10)
RANK_KEYS = (
    "contest-doc-col-nomination",
    "contest-doc-col-place",
    "contest-doc-col-number",
    "contest-doc-col-title",
    "contest-doc-col-applicant",
    "contest-doc-col-score",
    "contest-doc-col-jurors",
    "contest-doc-col-votes",
)
