"""Print setup of generated spreadsheets, so that a printed sheet is what an official accepts:
landscape, the header rows (and the first columns of a wide sheet) repeated on every page,
wrapped text instead of cut-off cells, bold headers."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet


def print_setup(
    ws: Worksheet, *, header_rows: int = 1, title_columns: str | None = None, fit_width: bool
) -> None:
    """Landscape A4 with the first ``header_rows`` repeated on each page; ``fit_width``: the
    width fits one page (a table of a few columns), otherwise pages run on to the right with
    ``title_columns`` (e.g. ``"A:B"``) repeated on each."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.print_title_rows = f"1:{header_rows}"
    if title_columns:
        ws.print_title_cols = title_columns
    if fit_width:
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.gridLines = True


LINE_HEIGHT_PT = 15.0
DEFAULT_WIDTH = 8.43  # Excel's default column width, in characters


def lines_needed(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    per_line = max(1, int(width * 0.9))  # bold Cyrillic is wider than the unit
    return sum(max(1, math.ceil(len(part) / per_line)) for part in text.split("\n"))


def style_cells(ws: Worksheet, *, header_rows: int = 1) -> None:
    """Bold wrapped headers; every other cell wrapped at the top, so no text is cut off. Each
    row is as tall as its longest wrapped text: spreadsheet programs do not grow a row on
    opening a file, so without a height a wrapped text overlaps the next row or is cut."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    widths = {
        column: ws.column_dimensions[get_column_letter(column)].width or DEFAULT_WIDTH
        for column in range(1, ws.max_column + 1)
    }
    for index, cells in enumerate(ws.iter_rows(), 1):
        lines = 1
        for cell in cells:
            if index <= header_rows:
                cell.font = Font(bold=True)
                cell.alignment = Alignment(wrap_text=True, vertical="center")
            else:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, str) and cell.value:
                lines = max(lines, lines_needed(cell.value, widths[cell.column]))
        if lines > 1:
            ws.row_dimensions[index].height = LINE_HEIGHT_PT * lines
