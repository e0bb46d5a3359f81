"""Indicator spreadsheets (xlsx, xlsm, xls, ods, csv) to a `Submission`, in small steps a newcomer can find:

`decode` (bytes to typed cells; `archive` checks and reads inside xlsx/ods) -> `locate` (sheets, header rows,
columns) -> `cells` (numbers and text, a column at a time) -> `fields` (ids, years, values, labels, links,
duplicates) -> `sheets` (Profile, Indicators, Narratives, Actions into one `Submission`).
"""

from assessor.read.sheets import read_submission

__all__ = ["read_submission"]
