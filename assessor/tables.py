"""Finding the layout's tables in a file: its type, its CSV dialect, each sheet by name, each header row.

The first step of reading a spreadsheet: what comes out is, per layout sheet, its data rows with columns named by
layout key, the Excel row number of each, and the headers as the user wrote them.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from assessor.framework import Lang
from assessor.issues import FatalInputError, IssueLog
from assessor.layout import ACTIONS, INDICATORS, NARRATIVES, PROFILE, Sheet, fold

HEADER_SEARCH_ROWS = 25


@dataclass(frozen=True)
class Table:
    """A layout sheet as found: its data rows (columns by layout key, plus the Excel `row`) and how it was written.

    Kept beside the frame rather than in the frame's attrs, which pandas deep-copies on every operation.
    """

    data: pd.DataFrame
    sheet: str
    present: frozenset[str]
    headers: dict[str, str]
    vi_headers: bool
_VI_LETTERS = re.compile(r"[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]", re.I)


def read_tables(data: bytes, name: str, log: IssueLog) -> dict[str, Table]:
    """Every layout sheet found in the file, by layout key; raises `FatalInputError` when there is no Indicators."""
    raw, is_csv = _raw_sheets(data, name)
    return _find_sheets(raw, is_csv, name, log)


def as_written(issues: pd.DataFrame, sheets: dict[str, Table]) -> pd.DataFrame:
    """Issue columns named by the header the user wrote ("Giá trị"), not by the layout's internal key."""
    written = {(t.sheet, key): header for t in sheets.values() for key, header in t.headers.items()}
    if issues.empty or not written:
        return issues
    pairs = zip(issues["sheet"], issues["column"], strict=True)
    return issues.assign(column=pd.array([written.get(p, p[1]) for p in pairs], dtype="string"))


def _raw_sheets(data: bytes, name: str) -> tuple[dict[str, pd.DataFrame], bool]:
    suffix = Path(name).suffix.lower()
    head = data[:8]
    if head.startswith(b"PK") or head.startswith(b"\xd0\xcf\x11\xe0"):
        try:
            # dtype=object: cells stay as calamine gives them (the header row sits among the data, so no column has
            # one type anyway), and pandas skips its per-column type inference: ~12 % of the read on 50,000 rows.
            sheets = pd.read_excel(io.BytesIO(data), sheet_name=None, header=None, engine="calamine", dtype=object)
            return sheets, False
        except Exception:  # calamine raises several types for damaged, encrypted or non-spreadsheet zips
            raise FatalInputError("not_a_spreadsheet", name=name) from None
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods") or head.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8")):
        raise FatalInputError("not_a_spreadsheet", name=name)
    text = _decode(data)
    if text is None:
        raise FatalInputError("not_a_spreadsheet", name=name)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            sep=_separator(text),
            engine="python",
            names=range(_widest(text)),
        )
    except (pd.errors.ParserError, ValueError, StopIteration):
        raise FatalInputError("bad_csv", name=name) from None
    return {INDICATORS.en: frame.replace("", np.nan)}, True


_SEPARATORS = (";", ",", "\t", "|")


def _separator(text: str) -> str:
    """The delimiter most lines agree on: Excel's Vietnamese CSV uses `;`, and a title line must not decide."""
    lines = [ln for ln in text.splitlines()[:200] if ln.strip()]

    def agreement(sep: str) -> int:
        counts = pd.Series([ln.count(sep) for ln in lines])
        typical = counts[counts > 0].mode()
        return 0 if typical.empty else int((counts == typical.iloc[0]).sum()) * int(typical.iloc[0] > 0)

    best = max(_SEPARATORS, key=agreement)
    return best if agreement(best) else ","


def _widest(text: str) -> int:
    """Columns of the widest line, so a short title line does not cut the table (quoted separators overcount)."""
    sep = _separator(text)
    return max((ln.count(sep) + 1 for ln in text.splitlines()[:200_000]), default=1)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and sum(ch.isprintable() or ch in "\r\n\t" for ch in text[:2000]) > 0.95 * min(
            len(text), 2000
        ):
            return text
    return None


def _find_sheets(raw: dict[str, pd.DataFrame], is_csv: bool, name: str, log: IssueLog) -> dict[str, Table]:
    """Each known sheet by its name in either language, its header row found and its columns named by key."""
    found: dict[str, Table] = {}
    by_name = {fold(sheet_name): sheet_name for sheet_name in raw}
    for sheet in (PROFILE, INDICATORS, NARRATIVES, ACTIONS):
        match = next((by_name[n] for n in sheet.names() if n in by_name), None)
        if match is not None:
            table = _table(raw[match], sheet, match, log)
            if table is not None:
                found[sheet.key] = table
    if "indicators" not in found:
        # A workbook whose only or first data sheet has an indicator-id header is taken as the Indicators sheet.
        taken = {t.sheet for t in found.values()}
        for sheet_name, frame in raw.items():
            if sheet_name in taken:
                continue
            table = _table(frame, INDICATORS, sheet_name, None)
            if table is not None:
                found["indicators"] = table
                if not is_csv:
                    log.add("sheet_guessed", "info", sheet_name, sheet=sheet_name)
                break
    if "indicators" not in found:
        raise FatalInputError("no_indicators_sheet", name=name)
    return found


def _table(frame: pd.DataFrame, sheet: Sheet, sheet_name: str, log: IssueLog | None) -> Table | None:
    """The sheet's data below its header row, columns renamed to keys; None when no header row is found."""
    lookup = sheet.header_lookup()
    required = {c.key for c in sheet.columns if c.required}
    top = frame.head(HEADER_SEARCH_ROWS)
    header_at = None
    for i in range(len(top)):
        keys = {lookup.get(fold(v)) for v in top.iloc[i].tolist() if isinstance(v, str)}
        if len(keys & required) >= 1 and len(keys - {None}) >= 2:
            header_at = i
            break
    if header_at is None:
        if log is not None and sheet.key == "indicators":
            log.add("no_header", "error", sheet_name)
        return None
    headers = frame.iloc[header_at].tolist()
    columns: dict[int, str] = {}
    for pos, h in enumerate(headers):
        key = lookup.get(fold(h)) if isinstance(h, str) else None
        if key is None or key in columns.values():
            if log is not None and not _blank_cell(h):
                code = "repeated_column" if key else "extra_column"
                log.add(code, "info", sheet_name, header_at + 1, str(h), h, header=h)
            continue
        columns[pos] = key
    body = frame.iloc[header_at + 1 :, list(columns)].copy()
    body.columns = list(columns.values())
    body["row"] = np.arange(header_at + 2, header_at + 2 + len(body))
    # A row is blank when every cell is; rows with a required cell filled (nearly all) need no further look.
    required = [c.key for c in sheet.columns if c.required and c.key in body.columns]
    keep = ~pd.isna(body[required].to_numpy(dtype=object)).all(axis=1)
    rest = np.flatnonzero(~keep)
    keep[rest] = ~pd.isna(body.iloc[rest].drop(columns="row").to_numpy(dtype=object)).all(axis=1)
    body = body[keep]
    present = frozenset(columns.values())
    for c in sheet.columns:
        if c.key not in body.columns:
            body[c.key] = np.nan
    missing = [c for c in sheet.columns if c.required and c.key not in present]
    if log is not None:
        for c in missing:
            log.add("missing_column", "error", sheet_name, header_at + 1, c.en, column_en=c.en, column_vi=c.vi)
    return Table(
        data=body.reset_index(drop=True),
        sheet=sheet_name,
        present=present,
        headers={key: str(headers[pos]).strip() for pos, key in columns.items()},
        vi_headers=any(isinstance(headers[p], str) and bool(_VI_LETTERS.search(headers[p])) for p in columns),
    )


def _blank_cell(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def header_language(sheets: dict[str, Table]) -> Lang:
    """Vietnamese when the Indicators sheet's headers are written in Vietnamese (they decide `1.234`)."""
    return "vi" if sheets["indicators"].vi_headers else "en"
