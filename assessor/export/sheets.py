"""Writing layout tables with openpyxl: title row, header, column widths, frozen header, filter, safe cells.

Shared by the template and the evidence workbook so both produce sheets the reader takes back unchanged.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessor.framework import Lang
from assessor.layout import Sheet

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=13, color="1F4E79")
REFERENCE_FILL = PatternFill("solid", fgColor="F2F2F2")


def safe(value: Any) -> Any:
    """A plain Python cell value: missing becomes empty, numpy scalars become numbers."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    if isinstance(value, np.generic):
        value = value.item()
    return value


def put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Write one cell; text is always stored as a string cell, so `=cmd|...` can never run as a formula."""
    value = safe(value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def write_table(
    ws: Worksheet,
    sheet: Sheet,
    rows: Iterable[Sequence[Any]],
    lang: Lang,
    title: str,
    columns: Sequence[str] | None = None,
) -> int:
    """Title in row 1, headers in row 2, data below; returns the last row written."""
    keys = list(columns or [c.key for c in sheet.columns])
    cols = [sheet.column(k) for k in keys]
    ws.cell(row=1, column=1, value=title).font = TITLE_FONT
    for j, c in enumerate(cols, start=1):
        cell = ws.cell(row=2, column=j, value=c.header(lang))
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(j)].width = c.width
    last = 2
    for i, values in enumerate(rows, start=3):
        for j, v in enumerate(values, start=1):
            put(ws, i, j, v)
        last = i
    ws.freeze_panes = "A3"
    ws.auto_filter.ref = f"A2:{get_column_letter(len(cols))}{max(last, 3)}"
    for j, c in enumerate(cols, start=1):
        if c.reference:
            for r in range(3, last + 1):
                ws.cell(row=r, column=j).fill = REFERENCE_FILL
    return last


def print_setup(ws: Worksheet) -> None:
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "2:2"
