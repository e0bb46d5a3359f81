"""The evidence workbook's sheet of reviewers' questions: every question raised on a value, its answer, who and when.

The questions live in the workspace, not in the spreadsheets, so the sheet is written when the caller passes them
(the app does); a report sheet, never read back.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from assessor.export.sheets import print_setup, write_rows
from assessor.framework import Framework, Lang
from assessor.i18n import moment, t

OPEN_FILL = PatternFill("solid", fgColor="FFEB9C")


def questions_sheet(wb: Workbook, questions: pd.DataFrame, framework: Framework, title: str, lang: Lang) -> None:
    ws = wb.create_sheet(title)
    headers = [
        t("questions.col_status", lang),
        t("col.id", lang),
        t("col.indicator", lang),
        t("questions.question", lang),
        t("questions.col_asked_by", lang),
        t("questions.col_asked_at", lang),
        t("questions.answer", lang),
        t("questions.col_answered_by", lang),
        t("questions.col_answered_at", lang),
    ]
    rows = []
    for q in questions.to_dict("records"):
        ind = framework.by_id.get(q["indicator_id"])
        answered = not pd.isna(q["answer"])
        rows.append(
            [
                t("questions.answered" if answered else "questions.open", lang),
                q["indicator_id"],
                ind.name(lang) if ind else None,
                q["question"],
                q["asked_by"],
                moment(q["asked_at"], lang),
                q["answer"] if answered else None,
                q["answered_by"] if answered else None,
                moment(q["answered_at"], lang) if answered else None,
            ]
        )
    if not rows:
        rows = [[None, None, None, t("questions.none", lang), None, None, None, None, None]]
    last = write_rows(ws, headers, [14, 8, 34, 60, 20, 17, 60, 20, 17], rows, t("questions.sheet_title", lang))
    for r, q in zip(range(3, last + 1), questions.to_dict("records"), strict=False):
        if pd.isna(q["answer"]):
            ws.cell(row=r, column=1).fill = OPEN_FILL
        for c in (4, 7):
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(ws)
