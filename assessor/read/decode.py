"""The first step of reading: a file's bytes to its sheets as grids of typed cells.

- Spreadsheets (xlsx, xlsm, xls, ods) are read by calamine, after the archive is checked (`archive.py`); cells whose
  format shows a percentage become `Percent` (0.85 shown as 85 % is 85), Excel errors and formulas without a saved
  result become `CellError`, so the later steps see what the sheet shows.
- CSV text is decoded by its byte-order mark, as UTF-8, or by charset-normalizer among the Windows code pages offices
  use (1258 Vietnamese, 1252 Western); the text is NFC-normalised, its separator is the one most lines agree on,
  and every line keeps its number, blank lines included.
"""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from pathlib import Path

import numpy as np
import pandas as pd

from assessor.messages import FatalInputError
from assessor.read.archive import Marks, check_archive, check_sheet_sizes, ods_marks, sheet_paths, xls_marks, xlsx_marks
from assessor.read.cells import CellError, Percent
from assessor.read.limits import HEADER_SEARCH_ROWS, MAX_FILE_BYTES, MAX_ROWS

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Byte-order marks, and the name a note gives the encoding ("" for UTF-8, which needs no note).
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig", ""),
    (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
    (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
)
#: The code pages a Vietnamese or Western office's Excel saves CSV in, when not UTF-8.
_CODE_PAGES = ["cp1258", "cp1252"]
_SEPARATORS = (";", ",", "\t", "|")


@dataclass(frozen=True)
class RawSheet:
    name: str
    #: Every cell as read, an object grid; row i is the sheet's (or the CSV's) line i + 1.
    cells: pd.DataFrame
    hidden: bool = False
    #: Merged ranges as ((first row, first column), (last row, last column)), 0-based.
    merged: tuple[tuple[tuple[int, int], tuple[int, int]], ...] = ()


@dataclass(frozen=True)
class Book:
    sheets: list[RawSheet]
    is_csv: bool = False
    #: The CSV's encoding when it was not UTF-8 (said in a note), else "".
    encoding: str = ""
    csv_separator: str = ""
    notes: list[str] = field(default_factory=list)


def decode(data: bytes, name: str) -> Book:
    if not data:
        raise FatalInputError("empty_file", name=name)
    if len(data) > MAX_FILE_BYTES:
        raise FatalInputError("file_too_large", name=name, size=len(data) // 1024**2, limit=MAX_FILE_BYTES // 1024**2)
    if data.startswith(_OLE):
        return _ole(data, name)
    if data.startswith(b"PK"):
        return _archive(data, name)
    if Path(name).suffix.lower() in (".xlsx", ".xlsm", ".xls", ".ods") or data.startswith((b"%PDF", b"\x89PNG")):
        raise FatalInputError("not_a_spreadsheet", name=name)
    return _csv(data, name)


# ---------------------------------------------------------------- spreadsheets


def _ole(data: bytes, name: str) -> Book:
    """An OLE compound file: an old .xls, or an xlsx a password has encrypted."""
    if "EncryptedPackage".encode("utf-16-le") in data:
        raise FatalInputError("password_protected", name=name)
    return _calamine(data, name, lambda: xls_marks(data))


def _archive(data: bytes, name: str) -> Book:
    archive = check_archive(data, name)
    names = set(archive.namelist())
    scan: Callable[[], dict[str, Marks]]
    if "xl/workbook.xml" in names:
        paths = sheet_paths(archive)
        check_sheet_sizes(archive, paths, name)
        scan = partial(xlsx_marks, archive, paths)
    elif "content.xml" in names:
        scan = partial(ods_marks, archive)
    else:
        raise FatalInputError("not_a_spreadsheet", name=name)
    # The archive's own scan runs beside calamine's parse (both mostly outside the interpreter's lock).
    with ThreadPoolExecutor(max_workers=1) as pool:
        pending = pool.submit(scan)
        return _calamine(data, name, pending.result)


def _calamine(data: bytes, name: str, marks: Callable[[], dict[str, Marks]]) -> Book:
    """Every sheet's cells through calamine; `marks` (what the formats say) is asked for once the cells are in."""
    from python_calamine import CalamineWorkbook, PasswordError

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        visible = {m.name: str(m.visible).endswith("Visible") for m in book.sheets_metadata}
        parsed = []
        for sheet_name in book.sheet_names:
            sheet = book.get_sheet_by_name(sheet_name)
            if sheet.total_height > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise FatalInputError("too_many_rows", name=name, rows=sheet.total_height, limit=MAX_ROWS)
            parsed.append((sheet_name, sheet.to_python(skip_empty_area=False), tuple(sheet.merged_cell_ranges or ())))
    except FatalInputError:
        raise
    except PasswordError:
        raise FatalInputError("password_protected", name=name) from None
    except Exception:  # calamine raises several types for damaged, encrypted or non-spreadsheet files
        raise FatalInputError("not_a_spreadsheet", name=name) from None
    shown = marks()
    sheets = [
        RawSheet(name=n, cells=_grid(rows, shown.get(n)), hidden=not visible.get(n, True), merged=merged)
        for n, rows, merged in parsed
    ]
    return Book(sheets)


def _grid(rows: list[list[object]], marks: Marks | None) -> pd.DataFrame:
    width = max((len(r) for r in rows), default=0)
    grid = np.empty((len(rows), width), dtype=object)
    for i, r in enumerate(rows):
        grid[i, : len(r)] = r
    if marks:
        _apply(grid, marks)
    return pd.DataFrame(grid, dtype=object, copy=False)  # cells as read: no type inference over 50,000 rows


def _apply(grid: np.ndarray, marks: Marks) -> None:
    height, width = grid.shape

    def inside(r: int, c: int) -> bool:
        return r < height and c < width

    for r, c in marks.percent:
        v = grid[r, c] if inside(r, c) else None
        if isinstance(v, float | int) and not isinstance(v, bool) and np.isfinite(v):
            grid[r, c] = Percent(
                float(Decimal(repr(float(v))).scaleb(2))
            )  # exact: 0.021 is 2.1, not 2.1000000000000005
    for r, c in marks.percent_literal:
        v = grid[r, c] if inside(r, c) else None
        if isinstance(v, float | int) and not isinstance(v, bool):
            grid[r, c] = Percent(v)
    for r, c, text in marks.errors:
        if inside(r, c) and grid[r, c] in ("", None):
            grid[r, c] = CellError(text)
    for r, c in marks.uncalculated:
        if inside(r, c) and grid[r, c] in ("", None):
            grid[r, c] = CellError("=…", formula=True)


# ---------------------------------------------------------------- CSV


def _csv(data: bytes, name: str) -> Book:
    text, encoding = _decode_text(data, name)
    lines = text.count("\n")
    if lines > MAX_ROWS + HEADER_SEARCH_ROWS:
        raise FatalInputError("too_many_rows", name=name, rows=lines, limit=MAX_ROWS)
    sep = separator(text)
    width = _width(text, sep)
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            header=None,
            names=range(width),
            sep=sep,
            dtype=object,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,  # row numbers are the lines the user sees
            engine="c",
            quoting=csv.QUOTE_MINIMAL,
        )
    except (pd.errors.ParserError, ValueError, UnicodeError, MemoryError):
        raise FatalInputError("bad_csv", name=name) from None
    return Book([RawSheet(Path(name).stem or name, frame)], is_csv=True, encoding=encoding, csv_separator=sep)


def _width(text: str, sep: str) -> int:
    """The most fields on a line: counted by the separator, or parsed where quotes may hide separators (a quoted
    evidence text with 50,000 commas is one field, not 50,000 columns)."""
    if '"' in text:
        previous = csv.field_size_limit(len(text) + 1)  # a 1 MB cell is one field
        try:
            return max((len(row) for row in csv.reader(io.StringIO(text), delimiter=sep)), default=1)
        except csv.Error:  # unbalanced quotes: the separators counted, as the parser will meet them
            pass
        finally:
            csv.field_size_limit(previous)
    return max((line.count(sep) + 1 for line in io.StringIO(text)), default=1)  # line by line: no list of lines


def _decode_text(data: bytes, name: str) -> tuple[str, str]:
    """The text and, when it was not UTF-8, the encoding it was read in."""
    for bom, codec, said in _BOMS:
        if data.startswith(bom):
            try:
                return _plain_text(data.decode(codec), name), said
            except UnicodeDecodeError:
                raise FatalInputError("not_a_spreadsheet", name=name) from None
    try:
        return _plain_text(data.decode("utf-8"), name), ""
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CODE_PAGES).best()
    if best is None:
        raise FatalInputError("not_a_spreadsheet", name=name)
    return _plain_text(str(best), name), best.encoding


def _plain_text(text: str, name: str) -> str:
    """NFC text, or not a spreadsheet: a binary file decodes to control characters."""
    text = text.lstrip("\ufeff")
    sample = text[:4000]
    if "\x00" in sample or sum(ch.isprintable() or ch in "\r\n\t" for ch in sample) < 0.95 * len(sample):
        raise FatalInputError("not_a_spreadsheet", name=name)
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def separator(text: str) -> str:
    """The delimiter most lines agree on: Excel's Vietnamese CSV uses `;`, and a title line must not decide."""
    lines = [ln for ln in text.splitlines()[:200] if ln.strip()]

    def agreement(sep: str) -> int:
        counts = pd.Series([ln.count(sep) for ln in lines], dtype=int)
        typical = counts[counts > 0].mode()
        return 0 if typical.empty else int((counts == typical.iloc[0]).sum())

    best = max(_SEPARATORS, key=agreement)
    return best if agreement(best) else ","
