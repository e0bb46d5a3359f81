"""Writing layout tables with openpyxl: title row, header, column widths, frozen header, filter, safe cells.

Shared by the template and the evidence workbook so both produce sheets the reader takes back unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
import pandas as pd
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessor.framework import Lang
from assessor.layout import Sheet

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
TITLE_FONT = Font(bold=True, size=13, color="1F4E79")
REFERENCE_FILL = PatternFill("solid", fgColor="F2F2F2")
LINK_FONT = Font(color="0563C1", underline="single")
#: Only these become clickable links; anything else (javascript:, file:, \\share) stays plain text.
SAFE_LINK = re.compile(r"(?i)^(https?|mailto):")


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
    if isinstance(value, str):
        # Control characters cannot be stored in xlsx at all; dropping them beats refusing the whole file.
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell = ws.cell(row=row, column=col)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"


def put_link(ws: Worksheet, row: int, col: int, url: Any) -> None:
    """A source link: clickable when it is http(s) or mailto, plain text otherwise."""
    put(ws, row, col, url)
    value = safe(url)
    if isinstance(value, str) and SAFE_LINK.match(value.strip()):
        cell = ws.cell(row=row, column=col)
        cell.hyperlink = value.strip()
        cell.font = LINK_FONT


def write_rows(
    ws: Worksheet,
    headers: Sequence[str],
    widths: Sequence[int],
    rows: Iterable[Sequence[Any]],
    title: str,
    first_row: int = 1,
) -> int:
    """A report table with the same look as the layout tables: title, header, safe cells, filter, frozen header.

    Returns the last row written; the header is at `first_row + 1`.
    """
    ws.cell(row=first_row, column=1, value=title).font = TITLE_FONT
    head = first_row + 1
    for j, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=head, column=j, value=h)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(j)].width = w
    last = head
    for i, values in enumerate(rows, start=head + 1):
        for j, v in enumerate(values, start=1):
            put(ws, i, j, v)
        last = i
    if first_row == 1:
        ws.freeze_panes = f"A{head + 1}"
        ws.auto_filter.ref = f"A{head}:{get_column_letter(len(headers))}{max(last, head + 1)}"
    return last


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
