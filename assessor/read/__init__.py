"""Reading indicator spreadsheets into a `Submission`."""

from assessor.workbook import read_submission

__all__ = ["read_submission"]
