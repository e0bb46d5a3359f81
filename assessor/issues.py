"""Issue records: every problem found in a spreadsheet, located (sheet, row, column, community) and kept as a code
with its parameters. Texts are rendered in a language only when shown (`localised`), so reading a 50,000-row file
with 50,000 notes formats nothing.

Issues are collected a batch at a time: one call per kind of problem, with a frame of every row that has it.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from assessor.framework import Lang
from assessor.i18n import t
from assessor.layout import SHEETS
from assessor.messages import cell_text, is_missing, param

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
#: `params` holds a dict per issue (shared between the rows of one batch): the message's placeholders.
COLUMNS = ["severity", "code", "sheet", "row", "column", "value", "community", "params"]
#: A parameter marking an issue whose cell held a number (not text): shown with the language's decimal mark.
NUMBER_CELL = "cell_is_number"


class IssueLog:
    def __init__(self) -> None:
        self._batches: list[pd.DataFrame] = []

    def add(
        self,
        code: str,
        severity: Severity,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        value: object = None,
        /,
        **params: object,
    ) -> None:
        self.add_many(code, severity, sheet, pd.DataFrame({"row": [row], "value": [value]}), column, **params)

    def add_many(
        self, code: str, severity: Severity, sheet: str, where: pd.DataFrame, column: str = "", /, **params: object
    ) -> None:
        """`where` has a `row` and a `value` column, optionally `community`, and any per-row placeholders."""
        if where.empty:
            return
        where = where.reset_index(drop=True)
        values = where["value"].tolist()
        numeric = [isinstance(v, int | float) and not isinstance(v, bool) and not is_missing(v) for v in values]
        if any(numeric):  # a number cell is shown as Excel shows it in the reader's language: 9,6 in Vietnamese
            where = where.assign(**{NUMBER_CELL: numeric})
        per_row = [c for c in where.columns if c not in ("row", "value", "community")]
        if per_row:
            extra = where[per_row].astype(object).to_dict("records")
            row_params: list[dict] | dict = [{**params, **e} for e in extra]
        else:
            row_params = params
        n = len(where)
        community = where["community"] if "community" in where else pd.Series(pd.NA, index=where.index)
        batch = pd.DataFrame(
            {
                "severity": pd.Series([severity] * n, dtype="string"),
                "code": pd.Series([code] * n, dtype="string"),
                "sheet": pd.Series([sheet] * n, dtype="string"),
                "row": pd.array(where["row"], dtype="Int64"),
                "column": pd.Series([column] * n, dtype="string"),
                "value": pd.array([None if is_missing(v) else cell_text(v) for v in values], dtype="string"),
                "community": pd.array(community.astype(object).where(community.notna(), None), dtype="string"),
                "params": pd.Series(row_params if isinstance(row_params, list) else [row_params] * n, dtype=object),
            }
        )
        self._batches.append(batch)

    def extend(self, issues: pd.DataFrame) -> None:
        if not issues.empty:
            self._batches.append(issues[COLUMNS])

    def frame(self) -> pd.DataFrame:
        if not self._batches:
            return empty_issues()
        out = pd.concat(self._batches, ignore_index=True)
        order = out["severity"].map({s: i for i, s in enumerate(SEVERITIES)}).astype(int)
        return (
            out.assign(_o=order)
            .sort_values(["_o", "sheet", "row"], kind="stable", na_position="first")
            .drop(columns="_o")
            .reset_index(drop=True)
        )


def empty_issues() -> pd.DataFrame:
    types = {"row": "Int64", "params": object}
    return pd.DataFrame({c: pd.Series(dtype=types.get(c, "string")) for c in COLUMNS})


def location(sheet: object, column: object, lang: Lang) -> tuple[str, str]:
    """Where an issue is, in the reader's language: a layout's own name (`profile`, `value`) becomes its header in
    `lang` (Hồ sơ, Giá trị); a sheet or header named as the person wrote it stays as written, so it can be found."""
    sheet_text = "" if is_missing(sheet) else str(sheet)
    column_text = "" if is_missing(column) else str(column)
    sheets = {s.key: s.name(lang) for s in SHEETS}
    headers = {c.key: c.header(lang) for s in SHEETS for c in s.columns}
    return sheets.get(sheet_text, sheet_text), headers.get(column_text, column_text)


def localised(issues: pd.DataFrame, lang: Lang, places: bool = True) -> pd.DataFrame:
    """The issue table as a user reads it: severity, where, the message and the hint in one language.

    `places=False` keeps the layout's keys for sheet and column (`value`), as a machine format (JSON) wants them."""
    records = zip(issues["code"].tolist(), issues["params"].tolist(), issues["value"].tolist(), strict=True)
    messages, hints = [], []
    cells = []
    for code, params, value in records:
        params = params or {}
        cell = "" if is_missing(value) else str(value)
        if lang == "vi" and params.get(NUMBER_CELL):
            cell = cell.replace(".", ",")  # a number cell as Excel set to Vietnamese shows it: 9,6
        filled = {k: param(k, v, lang) for k, v in params.items() if k != NUMBER_CELL}
        filled.setdefault("value", cell)
        messages.append(t(f"message.{code}", lang, **filled))
        hints.append(t(f"hint.{code}", lang, **filled))
        cells.append(cell)
    out = issues[["severity", "sheet", "row", "column", "value"]].copy()
    out["value"] = pd.array(cells, dtype="string")  # a note about the whole file has no cell to show: ""
    if places:
        where = [location(s, c, lang) for s, c in zip(issues["sheet"].tolist(), issues["column"].tolist(), strict=True)]
        out["sheet"] = pd.array([w[0] for w in where], dtype="string")
        out["column"] = pd.array([w[1] for w in where], dtype="string")
    out["message"] = pd.array(messages, dtype="string")
    out["hint"] = pd.array(hints, dtype="string")
    if "file" in issues:
        out.insert(0, "file", issues["file"])
    return out


def for_community(issues: pd.DataFrame, community: str) -> pd.DataFrame:
    """The issues on one community's rows, and those of the file as a whole (no community)."""
    if "community" not in issues:
        return issues
    return issues[issues["community"].isna() | (issues["community"] == community)].reset_index(drop=True)
