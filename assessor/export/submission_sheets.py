"""The submission written back as the layout's own sheets, so an evidence workbook re-imports to the same submission.

Every row the reader kept is written, every year and the excluded rows too, with what was typed where it could not be
used (`raw_value`); only the rows a merge set aside as repeats are left out. Categories, evidence statuses and helices
are written as words in the export language (the reader takes both languages). Numbers are always number cells, which
read the same in either language: a percentage is written as its percentage points (0.125 for 0.125 %) under the format
`General"%"`, whose quoted sign shows "%" without scaling the value. Actions due dates go back as date cells.

Text typed with a lone separator before three digits means different numbers in the two languages ("1.234" is 1234
in a Vietnamese sheet and 1.234 in an English one). Where such a value could not be used, it goes back as typed when
the export's language reads it the same way, and otherwise as the number the reader took it for, so that a value
turned down stays turned down in either language.
"""

from __future__ import annotations

import math
import re
from datetime import date
from typing import Any

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, PatternFill

from assessor.export.sheets import print_setup, put_link, write_table
from assessor.framework import Categorical, Framework, Indicator, Lang, Level
from assessor.i18n import t
from assessor.layout import (
    ACTION_STATUS_LABELS,
    ACTIONS,
    AREA_LABELS,
    EVIDENCE_LABELS,
    HELIX_LABELS,
    INDICATORS,
    NARRATIVES,
    PROFILE,
    QUALITY_LABELS,
    label_text,
)
from assessor.read.cells import parse_numbers
from assessor.submission import Submission

OVER_LIMIT_FILL = PatternFill("solid", fgColor="F5B7B1")
#: Percentage points with a literal % sign: shows 0.125 as "0.125%" and, unlike Excel's `0%`, does not scale it.
PERCENT_POINTS = 'General"%"'
#: Due dates are date cells; the format only decides how they look: 31/12/2026 in a Vietnamese workbook.
DATE_FORMATS = {"en": "yyyy-mm-dd", "vi": "dd/mm/yyyy"}
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_PLAIN_NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")


def _present(v: Any) -> bool:
    return not (v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)))


def value_cell(row: dict[str, Any], framework: Framework, lang: Lang) -> tuple[Any, str | None]:
    """What goes in the Value cell so the reader reads the same value, label or typed text back, and its number
    format: `PERCENT_POINTS` for the value of a percent indicator, else None."""
    ind = framework.by_id.get(row["indicator_id"]) if _present(row["indicator_id"]) else None
    if _present(row["label"]):
        if ind is not None and isinstance(ind.method, Categorical):
            labels = {c.id: c.label(lang) for c in ind.method.categories}
            return labels.get(row["label"], row["label"]), None
        return row["label"], None
    if _present(row["value"]):
        percent = ind is not None and ind.kind == "percent"
        return _number(float(row["value"])), PERCENT_POINTS if percent else None
    if _present(row["raw_value"]):
        return _unused_value(str(row["raw_value"]), ind, row.get("excluded"), lang), None
    return None, None


def _number(v: float) -> int | float:
    return int(v) if v.is_integer() and abs(v) < 2**53 else v


def _as_number(raw: str) -> int | float | None:
    """`raw` as the number cell the reader turns back into exactly `raw` (it writes a number cell's text with up to
    15 significant digits), or None when there is none: `raw` is text, or a number written another way."""
    if not _PLAIN_NUMBER.fullmatch(raw):
        return None
    cell = _number(float(raw))
    if isinstance(cell, int):
        return cell if str(cell) == raw else None
    # A whole float (1e+20) comes back from a spreadsheet as the integer 100000000000000000000.
    exact = math.isfinite(cell) and not cell.is_integer() and repr(cell) == raw == format(cell, ".15g")
    return cell if exact else None


def _unused_value(raw: str, ind: Indicator | None, excluded: Any, lang: Lang) -> Any:
    """What could not be used goes back as it was: a number as a number cell, which reads the same in either
    language (as text, 0.125 is 125 in a Vietnamese sheet, and a level 2.125 would become 2125), text as typed.

    Text that reads as a plain number is told apart by the reason its row was excluded: a number the reader turned
    down (a share of 250, a level 2.125) is turned down again for the same reason; a row excluded for a reason its
    number would not earn was typed as text and read by the sheet's convention ("1.234" is 1234 in Vietnamese). Such
    text stays as typed where the export's language reads it the same way; elsewhere it goes back as the number the
    reader took it for, so that it is turned down again rather than scored as 1.234.
    """
    if ind is not None and excluded in ("out_of_range", "level_not_whole"):
        readings = {way: float(parse_numbers(pd.Series([raw]), way).value.iloc[0]) for way in ("en", "vi")}
        two_ways = all(map(math.isfinite, readings.values())) and readings["en"] != readings["vi"]
        if two_ways and _rejected_as(readings[lang], ind) != excluded:
            meant = [v for v in readings.values() if _rejected_as(v, ind) == excluded]
            return _number(meant[0]) if meant else raw
    number = _as_number(raw)
    if number is None:
        return raw
    if ind is not None and excluded in ("out_of_range", "level_not_whole") and _rejected_as(number, ind) != excluded:
        return raw
    return number


def _rejected_as(number: float, ind: Indicator) -> str | None:
    """Why the reader turns down this number for this indicator, if it does (out of range is checked first)."""
    low, high = ind.bounds
    if not low <= number <= high:
        return "out_of_range"
    if isinstance(ind.method, Level) and not float(number).is_integer():
        return "level_not_whole"
    return None


def _year_cell(row: dict[str, Any]) -> Any:
    if _present(row["year"]):
        return int(row["year"])
    # An unreadable year goes back as it was, so the row is excluded again for the same reason: a number (1800,
    # 2024.5) as a number cell, which reads the same in either language, text as typed.
    raw = row.get("raw_year")
    if not _present(raw):
        return None
    number = _as_number(str(raw))
    return raw if number is None else number


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
    _actions(wb, submission, framework, lang)


def _actions(wb: Workbook, submission: Submission, framework: Framework, lang: Lang) -> None:
    """Due dates the reader took from date cells (as `YYYY-MM-DD`) go back as date cells; expected values as numbers."""
    ws = wb.create_sheet(ACTIONS.name(lang))
    keys = [c.key for c in ACTIONS.columns]
    records = submission.actions.to_dict("records")
    rows = [[_action_cell(k, rec.get(k), lang) for k in keys] for rec in records]
    last = write_table(ws, ACTIONS, rows, lang, t("export.actions_title", lang))
    due, expected = keys.index("due") + 1, keys.index("expected_value") + 1
    for r, rec in zip(range(3, last + 1), records, strict=True):
        if isinstance(ws.cell(row=r, column=due).value, date):
            ws.cell(row=r, column=due).number_format = DATE_FORMATS[lang]
        ind = framework.by_id.get(rec["indicator_id"]) if _present(rec["indicator_id"]) else None
        if ind is not None and ind.kind == "percent" and isinstance(ws.cell(row=r, column=expected).value, float):
            ws.cell(row=r, column=expected).number_format = PERCENT_POINTS
    print_setup(ws)


def _action_cell(key: str, v: Any, lang: Lang) -> Any:
    """A status or an area the reader recognised goes back in the language's words; what it did not, as typed."""
    if key == "due":
        return _due(v)
    labels = {"status": ACTION_STATUS_LABELS, "area": AREA_LABELS}.get(key)
    if labels and isinstance(v, str) and v in labels:
        return label_text(labels, v, lang)
    return v


def _due(v: Any) -> Any:
    """`YYYY-MM-DD` as a date cell, which the reader reads back to the same text; any other text as it is."""
    if isinstance(v, str) and _ISO_DATE.match(v):
        try:
            day = date.fromisoformat(v)
        except ValueError:
            return v
        return day if day.year >= 1900 else v  # Excel has no dates before 1900
    return v


def _indicators(wb: Workbook, submission: Submission, framework: Framework, lang: Lang) -> None:
    ws = wb.create_sheet(INDICATORS.name(lang))
    keys = [c.key for c in INDICATORS.columns]
    link_col = keys.index("source_url") + 1
    value_col = keys.index("value") + 1
    rows, formats = [], []
    # Rows set aside by a merge (another department's blank template row, a value identical to a kept one) lent
    # their evidence to the row kept; written back, they would only come back as repeated rows.
    kept = submission.indicators[~submission.indicators["excluded"].isin(["merged_duplicate"])]
    for rec in kept.to_dict("records"):
        ind = framework.by_id.get(rec["indicator_id"]) if _present(rec["indicator_id"]) else None
        value, value_format = value_cell(rec, framework, lang)
        formats.append(value_format)
        cells = {
            "community": rec["community"],
            "indicator_id": rec["indicator_id"],
            "name": ind.name(lang) if ind else None,
            "domain": framework.domain_by_id[ind.domain].name(lang) if ind else None,
            "unit": ind.unit(lang) if ind else None,
            "year": _year_cell(rec),
            "value": value,
            "evidence_status": _label(EVIDENCE_LABELS, rec["evidence_status"], lang),
            "evidence": rec["evidence"],
            "source_url": rec["source_url"],
            "owner": rec["owner"],
            "helix": _label(HELIX_LABELS, rec["helix"], lang),
            "quality": _label(QUALITY_LABELS, rec.get("quality"), lang),
            "notes": rec["notes"],
        }
        rows.append([cells[k] for k in keys])
    title = t("export.indicators_title", lang, framework=framework.meta.name(lang))
    last = write_table(ws, INDICATORS, rows, lang, title)
    for r, value_format in zip(range(3, last + 1), formats, strict=True):
        put_link(ws, r, link_col, ws.cell(row=r, column=link_col).value)
        if value_format:
            ws.cell(row=r, column=value_col).number_format = value_format
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
