"""Indicator spreadsheets (xlsx, xlsm, xls, ods, csv) to a `Submission`, in small steps a newcomer can find:

`decode` (bytes to typed cells; `archive` checks and reads inside xlsx/ods) -> `locate` (sheets, header rows,
columns) -> `cells` (numbers and text, a column at a time) -> `fields` (ids, years, values, labels, links,
duplicates) -> `sheets` (Profile, Indicators, Narratives, Actions into one `Submission`).

`guard` runs all of that in a child process. `read_submission` is loaded when first asked for, so that importing the
guard does not load pandas: a command line starts its reader first and loads the rest while the child reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assessor.read.sheets import read_submission

__all__ = ["read_submission"]


def __getattr__(name: str) -> object:
    if name == "read_submission":
        from assessor.read.sheets import read_submission

        return read_submission
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
