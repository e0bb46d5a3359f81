"""Submissions built in memory, and spreadsheets built as bytes, for tests."""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import pandas as pd
from openpyxl import Workbook

from assessor.export.sheets import put
from assessor.submission import Submission

TIDY = [
    "community",
    "indicator_id",
    "year",
    "raw_year",
    "value",
    "label",
    "raw_value",
    "evidence_status",
    "evidence",
    "source_url",
    "owner",
    "helix",
    "quality",
    "notes",
    "sheet",
    "row",
    "excluded",
]


def submission(rows: Sequence[dict[str, Any]]) -> Submission:
    """A clean submission from dicts holding at least indicator_id and value or label."""
    base = {"community": "Testville", "year": 2025, "value": None, "label": None, "evidence_status": "verified"}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    for c in TIDY:
        if c not in frame:
            frame[c] = None
    frame["row"] = range(3, 3 + len(frame))
    frame = frame.astype(
        {
            "value": float,
            "year": "Int64",
            "label": "string",
            "raw_value": "string",
            "raw_year": "string",
            "excluded": "string",
            "evidence_status": "string",
        }
    )
    empty = pd.DataFrame()
    return Submission(profile=empty, indicators=frame[TIDY], narratives=empty, actions=empty)


def xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    """A workbook as a person types it, as bytes: every text a text cell, even one starting with '='."""
    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                put(ws, r, c, value)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
