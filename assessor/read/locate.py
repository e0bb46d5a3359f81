"""The second step: where each layout sheet is in a book, where its header row is, and which column is which.

A sheet is found by its name in either language (`Chỉ số`, `Indicators`, …) and, failing that, by its header
(Excel's `Sheet1`, `Trang tính1`), always in workbook order with visible sheets first, so the choice is the same on
every run; the sheet used and every other candidate are named in a note. Cells nobody can place (under no header, or
past the header's last column) are reported on their row, never dropped quietly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessor.framework import Lang
from assessor.issues import IssueLog
from assessor.layout import ACTIONS, INDICATORS, NARRATIVES, PROFILE, Sheet, fold
from assessor.messages import FatalInputError, phrase
from assessor.read.cells import is_blank
from assessor.read.decode import Book, RawSheet
from assessor.read.limits import HEADER_SEARCH_ROWS

#: How many extra column names one note lists before it says "and N more".
LISTED_COLUMNS = 12
_VI_LETTERS = frozenset("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")


@dataclass(frozen=True)
class Table:
    """A layout sheet as found: its data rows (columns by layout key, plus the sheet's `row` number)."""

    data: pd.DataFrame
    sheet: str
    present: frozenset[str]
    #: Layout key to the header as the user wrote it ("Giá trị"), for issue locations.
    headers: dict[str, str]
    vi_headers: bool
    #: Per data row: a CSV row wider than its header (the row cannot be trusted, e.g. an unquoted decimal comma).
    too_wide: np.ndarray


def locate(book: Book, name: str, log: IssueLog) -> dict[str, Table]:
    """Every layout sheet found, by layout key; raises `FatalInputError` when there is neither an Indicators table
    nor an Actions table (a plan alone is read, with an empty Indicators table)."""
    found: dict[str, Table] = {}
    taken: set[str] = set()
    ordered = sorted(book.sheets, key=lambda s: s.hidden)  # stable: workbook order, visible sheets first
    for layout in (INDICATORS, PROFILE, NARRATIVES, ACTIONS):
        candidates = _candidates(book, ordered, layout, taken)
        if not candidates:
            continue
        # A visible sheet before a hidden one; among those, a sheet named for its content before one found by header.
        chosen, header_at, by_header = min(candidates, key=lambda c: (c[0].hidden, c[2]))
        found[layout.key] = _table(chosen, layout, header_at, book.is_csv, log)
        taken.add(chosen.name)
        if by_header and not book.is_csv:
            log.add("sheet_used", "info", chosen.name, None, "", None, sheet=chosen.name)
        if chosen.hidden:
            log.add("hidden_sheet", "warning", chosen.name, None, "", None, sheet=chosen.name)
        for other, _, _ in candidates:
            if other is not chosen:
                log.add("sheet_ignored", "warning", other.name, None, "", None, sheet=other.name, used=chosen.name)
                taken.add(other.name)
    if "indicators" not in found and "actions" not in found:
        raise FatalInputError("no_indicators_sheet", name=name)
    if "indicators" not in found:
        # A plan kept in a file of its own: no indicator rows; its actions join the files read beside it.
        lang: Lang = "vi" if found["actions"].vi_headers else "en"
        header = pd.DataFrame([[c.header(lang) for c in INDICATORS.columns]], dtype=object)
        found["indicators"] = _table(RawSheet(INDICATORS.name(lang), header), INDICATORS, 0, book.is_csv, log)
        log.add("plan_only", "info", found["actions"].sheet)
    return found


def _candidates(
    book: Book, ordered: list[RawSheet], layout: Sheet, taken: set[str]
) -> list[tuple[RawSheet, int, bool]]:
    """Sheets that may hold this layout sheet: (sheet, header row, found by header rather than by name), in order.

    Any sheet named for it (`Chỉ số`, `Indicators`) with a header row; for the Indicators, when no such sheet is
    visible, also any other sheet whose header has two of its required columns (a catalogue or an actions sheet has
    one), and every CSV.
    """
    names = layout.names()
    named = [
        (s, at, False)
        for s in ordered
        if fold(s.name) in names
        and s.name not in taken
        and (at := _header_row(s.cells, layout, strict=False)) is not None
    ]
    if layout is not INDICATORS or any(not s.hidden for s, _, _ in named):
        return named  # a visible sheet named for the data: other sheets (an export's domain tables) are not data
    elsewhere = set().union(*(sheet.names() for sheet in (PROFILE, NARRATIVES, ACTIONS)))
    by_header = [
        (s, at, True)
        for s in ordered
        if s.name not in taken
        and fold(s.name) not in names | elsewhere
        and (at := _header_row(s.cells, layout, strict=not book.is_csv)) is not None
    ]
    return named + by_header


def _header_row(cells: pd.DataFrame, layout: Sheet, strict: bool = False) -> int | None:
    """The first row (within the title block) naming a required column and at least one more; `strict` (a sheet
    found by its header alone) asks for two required columns, so a catalogue or an actions sheet is not taken."""
    lookup = layout.header_lookup()
    required = {c.key for c in layout.columns if c.required}
    for i, row in enumerate(cells.head(HEADER_SEARCH_ROWS).to_numpy(dtype=object)):  # rows, not 10,000 Series
        keys = {lookup.get(fold(v)) for v in row if isinstance(v, str)}
        if len(keys & required) >= (2 if strict else 1) and len(keys - {None}) >= 2:
            return i
    return None


def _table(raw: RawSheet, layout: Sheet, header_at: int, is_csv: bool, log: IssueLog) -> Table:
    sheet_name, frame = raw.name, raw.cells
    lookup = layout.header_lookup()
    headers = frame.iloc[header_at].tolist()
    columns: dict[int, str] = {}
    extra: list[str] = []
    unnamed: list[int] = []
    for pos, h in enumerate(headers):
        if not isinstance(h, str) or not h.strip():
            if not _is_empty_cell(h):
                extra.append(str(h))  # a number or a date as a header: not a layout column
            else:
                unnamed.append(pos)
            continue
        key = lookup.get(fold(h))
        if key is None:
            extra.append(h.strip())
        elif key in columns.values():
            log.add("repeated_column", "info", sheet_name, header_at + 1, h.strip(), h, header=h.strip())
        else:
            columns[pos] = key
    if layout is INDICATORS and "indicator_id" not in columns.values() and "name" in columns.values():
        # "Indicator" names the indicator's name in the template, but where no id column exists it holds the ids.
        at = next(pos for pos, key in columns.items() if key == "name")
        columns[at] = "indicator_id"
        log.add(
            "column_read_as",
            "info",
            sheet_name,
            header_at + 1,
            str(headers[at]).strip(),
            None,
            header=str(headers[at]).strip(),
            meant=phrase("issue.column_indicator_id"),
        )
    if extra:
        listed = ", ".join(f"“{h}”" for h in extra[:LISTED_COLUMNS])
        more = len(extra) - LISTED_COLUMNS
        more_text = phrase("issue.more_columns", n=more) if more > 0 else ""
        log.add(
            "extra_columns",
            "info",
            sheet_name,
            header_at + 1,
            "",
            None,
            columns=listed,
            count=len(extra),
            more_text=more_text,
        )

    body = frame.iloc[header_at + 1 :]
    rows = np.arange(header_at + 2, header_at + 2 + len(body))
    body = _fill_merged(body, raw.merged, header_at)
    data = body.iloc[:, list(columns)].copy()
    data.columns = list(columns.values())
    filled = _filled_rows(data, [c.key for c in layout.columns if c.required])
    stray = np.zeros(len(body), dtype=bool)
    stray_text: list[str] = []
    if unnamed:
        beyond = body.iloc[:, unnamed]
        stray_cells = ~is_blank_frame(beyond, per_row=False)
        stray = stray_cells.any(axis=1)
        if stray.any():
            values = beyond.to_numpy(dtype=object)[stray]
            stray_text = [
                " | ".join(str(v) for v, s in zip(r, m, strict=True) if s)
                for r, m in zip(values, stray_cells[stray], strict=True)
            ]
    keep = filled | stray
    data = data[keep]
    data["row"] = rows[keep]
    too_wide = stray[keep] if is_csv else np.zeros(int(keep.sum()), dtype=bool)
    if stray.any():
        where = pd.DataFrame({"row": rows[stray], "value": stray_text})
        code, severity = ("row_too_wide", "error") if is_csv else ("cell_without_header", "warning")
        log.add_many(code, severity, sheet_name, where, "")
    for c in layout.columns:
        if c.key not in data.columns:
            data[c.key] = np.nan
    present = frozenset(columns.values())
    for c in layout.columns:
        if c.required and c.key not in present:
            log.add("missing_column", "error", sheet_name, header_at + 1, c.key, None, column_en=c.en, column_vi=c.vi)
    written = {key: str(headers[pos]).strip() for pos, key in columns.items()}
    return Table(
        data=data.reset_index(drop=True),
        sheet=sheet_name,
        present=present,
        headers=written,
        vi_headers=any(_VI_LETTERS & set(h.lower()) for h in written.values()),
        too_wide=too_wide,
    )


def _is_empty_cell(v: object) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip())


def _filled_rows(data: pd.DataFrame, required: list[str]) -> np.ndarray:
    """Rows with any cell filled; the required cells are looked at first (nearly every row has one)."""
    first = [k for k in required if k in data.columns] or list(data.columns[:1])
    filled = ~is_blank_frame(data[first])
    rest = np.flatnonzero(~filled)
    if len(rest):
        filled[rest] = ~is_blank_frame(data.iloc[rest])
    return filled


def is_blank_frame(frame: pd.DataFrame, per_row: bool = True) -> np.ndarray:
    """Per row (all its cells blank), or per cell."""
    if frame.shape[1] == 0:
        return np.ones(len(frame), dtype=bool) if per_row else np.ones(frame.shape, dtype=bool)
    cells = np.column_stack([is_blank(frame.iloc[:, i]) for i in range(frame.shape[1])])
    return cells.all(axis=1) if per_row else cells


def _fill_merged(body: pd.DataFrame, merged: tuple, header_at: int) -> pd.DataFrame:
    """A cell merged over several data rows (a community written once beside its rows) counts on each of them."""
    spans = [(r0, c0, r1, c1) for (r0, c0), (r1, c1) in merged if r0 > header_at and (r1 > r0 or c1 > c0)]
    if not spans:
        return body
    body = body.copy()
    first = header_at + 1
    for r0, c0, r1, c1 in spans:
        top = r0 - first
        if top >= len(body) or c0 >= body.shape[1]:
            continue
        anchor = body.iat[top, c0]
        body.iloc[top : r1 - first + 1, c0 : c1 + 1] = anchor
    return body


def merged_notes(book: Book, tables: dict[str, Table], log: IssueLog) -> None:
    """One note per merged range inside a table's data, saying its value was used on every row it covers."""
    by_name = {s.name: s for s in book.sheets}
    for table in tables.values():
        raw = by_name.get(table.sheet)
        if raw is None or not raw.merged or table.data.empty:
            continue
        first_row = int(table.data["row"].min())
        for (r0, c0), (r1, c1) in raw.merged:
            if r0 + 1 >= first_row and r1 > r0:
                span = f"{_letters(c0)}{r0 + 1}:{_letters(c1)}{r1 + 1}"
                log.add("merged_cells", "info", table.sheet, r0 + 1, "", None, span=span)


def _letters(col: int) -> str:
    out = ""
    col += 1
    while col:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def as_written(issues: pd.DataFrame, tables: dict[str, Table]) -> pd.DataFrame:
    """Issue columns named by the header the user wrote ("Giá trị"), not by the layout's internal key."""
    layouts = {"profile": PROFILE, "indicators": INDICATORS, "narratives": NARRATIVES, "actions": ACTIONS}
    written = {}
    for layout_key, table in tables.items():
        lang = "vi" if table.vi_headers else "en"
        for column in layouts[layout_key].columns:  # a column the sheet lacks: its header in the sheet's language
            written[(table.sheet, column.key)] = column.header(lang)
        written.update({(table.sheet, key): header for key, header in table.headers.items()})
    if issues.empty:
        return issues
    pairs = zip(issues["sheet"].tolist(), issues["column"].tolist(), strict=True)
    return issues.assign(column=pd.array([written.get(p, p[1]) for p in pairs], dtype="string"))


def number_convention(tables: dict[str, Table]) -> Lang:
    """Vietnamese when the Indicators sheet's headers are written in Vietnamese: they decide what `1.234` means."""
    return "vi" if tables["indicators"].vi_headers else "en"
