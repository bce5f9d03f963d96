"""``make docs-preview``: every document the bot generates, built from sample data and rendered
to PDF and PNG pages through LibreOffice (``soffice``) and poppler (``pdftoppm``) when they are
installed; prints the page count of each. Output: ``build/docs-preview/``.

Not a benchmark: it lives here with the other developer scripts run by hand."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from models.base import DEFAULT_TZ
from models.documents import word
from models.events.entities import RsvpStatus
from models.events.exports import AttendeeRow, EventInfo, sign_in_sheet
from models.events.exports import to_csv as attendees_csv
from models.events.exports import to_xlsx as attendees_xlsx
from models.lawtext import numbers
from models.proposals import export
from models.proposals.entities import AmendmentKind, ProposalStatus
from models.proposals.places import Place, PlaceKind
from models.users import Occupation
from texts import t

OUT = Path("build/docs-preview")
NOW = datetime.now(UTC)
PROPOSALS = 10
_CURRENT = (
    "Органы местного самоуправления муниципальных образований Кемеровской области вправе "
    "вносить предложения по изменению законодательства в порядке, установленном настоящим Законом."
)
_PROPOSED = (
    "Органы местного самоуправления муниципальных образований Кемеровской области - Кузбасса "
    "вправе вносить предложения по изменению регионального законодательства в порядке и сроки, "
    "установленные настоящим Законом, а также направлять их в Совет."
)
_PLACES = [
    Place(PlaceKind.PROVISION, 1),
    Place(PlaceKind.PROVISION, 2, 1, 2),
    Place(PlaceKind.PROVISION, 2, 1, 2),
    Place(PlaceKind.PROVISION, 2, 1, numbers.parse("2-1")),
    Place(PlaceKind.PROVISION, 3, 1, numbers.with_sub(2, 1)),
    Place(PlaceKind.PROVISION, 3, numbers.parse("1-1")),
    Place(PlaceKind.PROVISION, numbers.parse("3-1"), 1),
    Place(PlaceKind.PROVISION, 4),
    Place(PlaceKind.PROVISION, 6, 2),
    Place(PlaceKind.NEW_ARTICLE),
]


def sample_rows(count: int = PROPOSALS) -> list[export.Row]:
    return [
        export.Row(
            index=i + 1,
            number=f"{NOW.year}-{i + 1:04d}",
            place=_PLACES[i % len(_PLACES)],
            kind=AmendmentKind.NEW_WORDING,
            current=_CURRENT if _PLACES[i % len(_PLACES)].kind is PlaceKind.PROVISION else "",
            proposed=_PROPOSED,
            justification="Уточнение наименования субъекта Российской Федерации в соответствии "
            "с Уставом Кемеровской области - Кузбасса.",
            author="Иванова Мария Петровна",
            municipality="Новокузнецкий городской округ",
            status=ProposalStatus.UNDER_REVIEW,
            answer="Учтено частично" if i % 3 == 0 else "",
            attachment=i % 4 == 0,
        )
        for i in range(count)
    ]


def sample_attendees() -> tuple[list[AttendeeRow], EventInfo]:
    names = ["Иванова Мария Петровна", "Петров Пётр Сергеевич", "Сидорова Анна Ивановна"]
    rows = [
        AttendeeRow(
            name,
            Occupation.TOS_ACTIVIST,
            "Кемеровский городской округ",
            RsvpStatus.GOING,
            NOW - timedelta(days=2, hours=i),
            NOW if i == 0 else None,
        )
        for i, name in enumerate(names * 4)
    ]
    event = EventInfo(
        "Семинар по муниципальному бюджету",
        NOW + timedelta(days=3),
        None,
        "Кемерово, пр. Советский, 58",
    )
    return rows, event


def documents() -> dict[str, bytes]:
    rows = sample_rows()
    attendees, event = sample_attendees()
    return {
        "amendments.docx": export.to_docx(rows, t, NOW),
        "amendments-sheet.xlsx": export.to_xlsx(rows, t, NOW),
        "amendments-sheet.csv": export.to_csv(rows, t),
        "attendees.xlsx": attendees_xlsx(attendees, t, event, DEFAULT_TZ),
        "attendees.csv": attendees_csv(attendees, t, event, DEFAULT_TZ),
        "sign-in.docx": sign_in_sheet(attendees, t, event),
    }


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    line = next(x for x in info.stdout.splitlines() if x.startswith("Pages:"))
    return int(line.split()[1])


def render(path: Path) -> str:
    soffice = shutil.which("soffice")
    if soffice is None or path.suffix == ".csv":
        return "written (no rendering)"
    subprocess.run(
        [soffice, "--headless", "--convert-to", "pdf", "--outdir", str(OUT), str(path)],
        capture_output=True,
        check=True,
        timeout=180,
    )
    pdf = path.with_suffix(".pdf")
    if shutil.which("pdftoppm"):
        subprocess.run(
            ["pdftoppm", "-png", "-r", "60", str(pdf), str(pdf.with_suffix(""))], check=True
        )
    return f"{_pages(pdf)} page(s)" if shutil.which("pdfinfo") else "rendered"


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if shutil.which("soffice") is None:
        print("LibreOffice is not installed: writing the files only.")
    for name, data in documents().items():
        path = OUT / name
        path.write_bytes(data)
        print(f"{name}: {render(path)}")
    print(f"({PROPOSALS} proposals; {word.FONT} {word.FONT_SIZE.pt:g} pt; files in {OUT}/)")


if __name__ == "__main__":
    main()
