"""The submission written back as the layout's own sheets, so an evidence workbook re-imports to the same submission.

Every row the reader kept is written, every year and the excluded rows too, with what was typed where it could not
be used (`raw_value`). Categories, evidence statuses and helices are written as words in the export language (the
reader takes both languages); numbers stay numbers.
"""

from __future__ import annotations

import math
import re
from datetime import datetime
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from assessor.export.sheets import print_setup, put_link, write_table
from assessor.framework import Categorical, Framework, Lang
from assessor.i18n import t
from assessor.layout import ACTIONS, EVIDENCE_LABELS, HELIX_LABELS, INDICATORS, NARRATIVES, PROFILE, label_text
from assessor.submission import Submission

OVER_LIMIT_FILL = PatternFill("solid", fgColor="F5B7B1")
_DATE_TEXT = re.compile(r"^\d{4}-\d{2}-\d{2} 00:00:00$")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _present(v: Any) -> bool:
    return not (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)))


def value_cell(row: dict[str, Any], framework: Framework, lang: Lang) -> Any:
    """What goes in the Value cell so the reader reads the same value, label or typed text back."""
    ind = framework.by_id.get(row["indicator_id"]) if _present(row["indicator_id"]) else None
    if _present(row["label"]):
        if ind is not None and isinstance(ind.method, Categorical):
            labels = {c.id: c.label(lang) for c in ind.method.categories}
            return labels.get(row["label"], row["label"])
        return row["label"]
    if _present(row["value"]):
        v = float(row["value"])
        # A percent between 0 and 1 written as a number would be read as a fraction (0.5 -> 50 %): keep its sign.
        if ind is not None and ind.kind == "percent" and 0 < v < 1:
            return f"{v!r}%"
        return int(v) if v.is_integer() and abs(v) < 2**53 else v
    if _present(row["raw_value"]):
        raw = str(row["raw_value"])
        # A level typed as a number the reader could not use (2.5, 7) goes back as a number: as text, "2.5" would
        # be read as "level 2".
        if ind is not None and ind.kind == "level" and _PLAIN_NUMBER.fullmatch(raw):
            number = float(raw)
            return int(number) if number.is_integer() and "." not in raw and "e" not in raw.lower() else number
        return raw
    return None


def _year_cell(row: dict[str, Any], lang: Lang) -> Any:
    if _present(row["year"]):
        return int(row["year"])
    # An unreadable year goes back as it was typed, so the row is excluded again for the same reason.
    return row.get("raw_year") if _present(row.get("raw_year")) else None


def _label(labels: dict[str, tuple[str, str, tuple[str, ...]]], key: Any, lang: Lang) -> Any:
    if not _present(key):
        return None
    return label_text(labels, key, lang) if key in labels else key


def write_submission(wb: Workbook, submission: Submission, framework: Framework, lang: Lang) -> None:
    """Profile, Indicators (every row), Narratives (with their length against the limit) and Actions."""
    ws = wb.create_sheet(PROFILE.name(lang))
    profile_keys = [c.key for c in PROFILE.columns]
    rows = [[rec.get(k) for k in profile_keys] for rec in submission.profile.to_dict("records")]
    write_table(ws, PROFILE, rows, lang, t("export.profile_title", lang))

    _indicators(wb, submission, framework, lang)
    _narratives(wb, submission, framework, lang)

    ws = wb.create_sheet(ACTIONS.name(lang))
    action_keys = [c.key for c in ACTIONS.columns]
    rows = [[_action_cell(rec.get(k)) for k in action_keys] for rec in submission.actions.to_dict("records")]
    last = write_table(ws, ACTIONS, rows, lang, t("export.actions_title", lang))
    due = action_keys.index("due") + 1
    for r in range(3, last + 1):
        if isinstance(ws.cell(row=r, column=due).value, datetime):
            ws.cell(row=r, column=due).number_format = "yyyy-mm-dd"
    print_setup(ws)


def _action_cell(v: Any) -> Any:
    """Due dates the reader took from date cells go back as dates (read back to the same text)."""
    if isinstance(v, str) and _DATE_TEXT.match(v):
        return datetime.strptime(v, "%Y-%m-%d 00:00:00")
    return v


def _indicators(wb: Workbook, submission: Submission, framework: Framework, lang: Lang) -> None:
    ws = wb.create_sheet(INDICATORS.name(lang))
    keys = [c.key for c in INDICATORS.columns]
    link_col = keys.index("source_url") + 1
    rows = []
    for rec in submission.indicators.to_dict("records"):
        ind = framework.by_id.get(rec["indicator_id"]) if _present(rec["indicator_id"]) else None
        cells = {
            "community": rec["community"],
            "indicator_id": rec["indicator_id"],
            "name": ind.name(lang) if ind else None,
            "domain": framework.domain_by_id[ind.domain].name(lang) if ind else None,
            "unit": ind.unit(lang) if ind else None,
            "year": _year_cell(rec, lang),
            "value": value_cell(rec, framework, lang),
            "evidence_status": _label(EVIDENCE_LABELS, rec["evidence_status"], lang),
            "evidence": rec["evidence"],
            "source_url": rec["source_url"],
            "owner": rec["owner"],
            "helix": _label(HELIX_LABELS, rec["helix"], lang),
            "notes": rec["notes"],
        }
        rows.append([cells[k] for k in keys])
    title = t("export.indicators_title", lang, framework=framework.meta.name(lang))
    last = write_table(ws, INDICATORS, rows, lang, title)
    for r in range(3, last + 1):
        put_link(ws, r, link_col, ws.cell(row=r, column=link_col).value)
    print_setup(ws)


def narrative_lengths(submission: Submission, framework: Framework) -> pd.DataFrame:
    """Each answer's length against its question's limit."""
    out = submission.narratives.copy()
    out["limit"] = out["narrative_id"].map({n.id: n.limit for n in framework.narratives})
    out["length"] = out["answer"].astype("string").str.len()
    return out


def _narratives(wb: Workbook, submission: Submission, framework: Framework, lang: Lang) -> None:
    ws = wb.create_sheet(NARRATIVES.name(lang))
    questions = {n.id: n.question(lang) for n in framework.narratives}
    frame = narrative_lengths(submission, framework)
    keys = [c.key for c in NARRATIVES.columns]
    rows = [
        [
            {
                "community": rec["community"],
                "narrative_id": rec["narrative_id"],
                "question": questions.get(rec["narrative_id"]),
                "limit": rec["limit"],
                "answer": rec["answer"],
                "length": rec["length"],
            }[k]
            for k in keys
        ]
        for rec in frame.to_dict("records")
    ]
    last = write_table(ws, NARRATIVES, rows, lang, t("export.narratives_title", lang))
    length_col, limit_col = keys.index("length") + 1, keys.index("limit") + 1
    for r in range(3, last + 1):
        for col in (keys.index("question") + 1, keys.index("answer") + 1):
            ws.cell(row=r, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        n, lim = ws.cell(row=r, column=length_col).value, ws.cell(row=r, column=limit_col).value
        if isinstance(n, int) and isinstance(lim, (int, float)) and n > lim:
            ws.cell(row=r, column=length_col).fill = OVER_LIMIT_FILL
    print_setup(ws)

