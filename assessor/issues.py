"""Issue records: every problem found in a spreadsheet, located (sheet, row, column) and explained in en and vi.

Issues are collected a batch at a time: one call per kind of problem, with a frame of every row that has it.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from assessor.framework import Lang
from assessor.i18n import t

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
COLUMNS = ["severity", "code", "sheet", "row", "column", "value", "message_en", "message_vi", "hint_en", "hint_vi"]


class FatalInputError(Exception):
    """The file cannot be read at all; `message(lang)` is one plain sentence for the user."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "en") -> str:
        return t(f"fatal.{self.code}", lang, **self.params)


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
        **params: object,
    ) -> None:
        where = pd.DataFrame({"row": [row], "value": [value]})
        self.add_many(code, severity, sheet, where, column, **params)

    def add_many(
        self, code: str, severity: Severity, sheet: str, where: pd.DataFrame, column: str = "", **params: object
    ) -> None:
        """`where` has a `row` and a `value` column, and any per-row placeholders the message uses."""
        if where.empty:
            return
        records = where.reset_index(drop=True)
        rows = records.to_dict("records")
        batch = pd.DataFrame(
            {
                "severity": severity,
                "code": code,
                "sheet": sheet,
                "row": pd.array(records["row"], dtype="Int64"),
                "column": column,
                "value": [_text(r.get("value")) for r in rows],
                **{
                    f"{part}_{lang}": [t(f"{part}.{code}", lang, **{**params, **_shown(r)}) for r in rows]
                    for part in ("message", "hint")
                    for lang in ("en", "vi")
                },
            }
        )
        self._batches.append(batch[COLUMNS])

    def frame(self) -> pd.DataFrame:
        if not self._batches:
            return empty_issues()
        out = pd.concat(self._batches, ignore_index=True)
        order = out["severity"].map({s: i for i, s in enumerate(SEVERITIES)})
        return (
            out.assign(_o=order)
            .sort_values(["_o", "sheet", "row"], kind="stable")
            .drop(columns="_o")
            .reset_index(drop=True)
        )


def empty_issues() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "row" else "string") for c in COLUMNS})


def _blank(v: object) -> bool:
    return v is None or (isinstance(v, float) and v != v) or v is pd.NA


def _text(v: object) -> str:
    """A cell value as the user would read it: 56, not 56.0; nothing for a missing value."""
    if _blank(v):
        return ""
    if isinstance(v, float):
        return format(v, ".15g")
    return str(v)


def _shown(record: dict) -> dict:
    return {k: _text(v) for k, v in record.items()}


def localised(issues: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """The issue table as a user reads it: severity, where, the message and the hint in one language."""
    return issues.rename(columns={f"message_{lang}": "message", f"hint_{lang}": "hint"})[
        ["severity", "sheet", "row", "column", "value", "message", "hint"]
    ]
