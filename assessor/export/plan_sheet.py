"""The evidence workbook's Roadmap sheet: per community with actions, today against the whole plan per domain, the
shortest path to the next level, every action with its status and whether it is overdue, and what no action touches.

A report sheet, never read back: its name is none of the layout's and it has no layout header row.
"""

from __future__ import annotations

import datetime

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from assessor.assess import Assessment
from assessor.export.sheets import HEADER_FILL, HEADER_FONT, TITLE_FONT, put
from assessor.framework import Lang
from assessor.i18n import t
from assessor.plan_report import day_text, path_sentence
from assessor.plan_tables import action_table, domain_table, overdue_table, untouched_icf_table, untouched_sentence
from assessor.roadmap import roadmap

SECTION_FONT = Font(bold=True, size=11, color="1F4E79")
LATE_FILL = PatternFill("solid", fgColor="F5B7B1")
WIDTHS = (46, 18, 24, 18, 30, 14, 18, 12, 12)
DATE_FORMATS = {"en": "d mmmm yyyy", "vi": "dd/mm/yyyy"}


def plan_sheet(wb: Workbook, a: Assessment, title: str, lang: Lang, as_of: datetime.date | None = None) -> None:
    ws = wb.create_sheet(title)
    for j, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[chr(64 + j)].width = width
    row = 1
    maps = [roadmap(a, c, as_of=as_of) for c in a.communities]
    maps = [r for r in maps if not r.actions.empty]
    if not maps:
        put(ws, 1, 1, t("plan.no_actions", lang))
        return
    for r in maps:
        put(
            ws,
            row,
            1,
            t("plan.sheet_title", lang, community=r.community, year=r.year, date=day_text(r.as_of.isoformat(), lang)),
        )
        ws.cell(row=row, column=1).font = TITLE_FONT
        put(ws, row + 1, 1, t("plan.rules", lang))
        ws.cell(row=row + 1, column=1).alignment = Alignment(wrap_text=False)
        row = _table(ws, row + 3, t("plan.per_domain", lang), domain_table(r, lang, numbers=True), lang)
        row = _line(ws, row, path_sentence(r, lang))
        if r.path is not None and r.path.actions:
            row = _table(ws, row, t("plan.sheet_path_actions", lang), action_table(r, lang, r.path.actions, True), lang)
        row = _line(ws, row, t("plan.overdue_line", lang, n=len(r.overdue), date=day_text(r.as_of.isoformat(), lang)))
        if len(r.overdue):
            row = _table(ws, row, t("plan.overdue", lang), overdue_table(r, lang, numbers=True), lang)
        row = _line(ws, row, untouched_sentence(r, lang))
        if len(r.untouched_icf):
            row = _table(
                ws, row, t("plan.untouched_icf_line", lang, n=len(r.untouched_icf)), untouched_icf_table(r, lang), lang
            )
        first = row + 2
        row = _table(ws, row, t("plan.all_actions", lang), action_table(r, lang, numbers=True), lang)
        for k, late in enumerate(r.actions["overdue"].tolist()):
            if late:
                ws.cell(row=first + k, column=6).fill = LATE_FILL  # the due date of an overdue action
        row += 2
    ws.freeze_panes = "A2"


def _line(ws: Worksheet, row: int, text: str) -> int:
    put(ws, row, 1, text)
    return row + 2


def _table(ws: Worksheet, row: int, heading: str, frame: pd.DataFrame, lang: Lang) -> int:
    """A heading, the table's header row and its rows; returns the row after a blank line. Scores, costs and days
    are numbers and due dates are dates, which Excel shows in its own locale's way and can compute with."""
    put(ws, row, 1, heading)
    ws.cell(row=row, column=1).font = SECTION_FONT
    for j, name in enumerate(frame.columns, start=1):
        put(ws, row + 1, j, name)
        cell = ws.cell(row=row + 1, column=j)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, values in enumerate(frame.itertuples(index=False), start=row + 2):
        for j, v in enumerate(values, start=1):
            put(ws, i, j, v)
            if isinstance(v, datetime.date):
                ws.cell(row=i, column=j).number_format = DATE_FORMATS[lang]
            elif isinstance(v, float):
                ws.cell(row=i, column=j).number_format = "#,##0.0" if not v.is_integer() else "#,##0"
    return row + 2 + len(frame) + 1
