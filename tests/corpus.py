"""A corpus of hostile and messy spreadsheets, each with what the reader must make of it.

Every file is built here, deterministically, from nothing but bytes and the pure-Python writers of
requirements-dev.txt (openpyxl, xlwt, msoffcrypto-tool); the zip bombs are written by hand so that 2.5 GB of sheet
costs a few MB and about two seconds. `python tests/corpus.py DIR` writes the corpus and an `expectations.json`.

A `Case` says what the file is and what must come of it: either the fatal code, or issue codes (present, absent,
exactly where), values (what is scored) and communities. The issue codes and their severities are the reader's
contract (`SEVERITY`).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import random
import re
import struct
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# ------------------------------------------------------------------ the contract

#: Every issue code the rebuilt reader reports, with its severity.
SEVERITY: dict[str, str] = {
    "sheet_used": "info",
    "sheet_ignored": "warning",
    "hidden_sheet": "warning",
    "extra_columns": "info",
    "row_too_wide": "error",
    "cell_without_header": "warning",
    "bare_fraction": "warning",
    "not_finite": "error",
    "excel_error": "error",
    "formula_no_value": "error",
    "date_in_value": "error",
    "marked_missing": "info",
    "not_a_number": "error",
    "level_not_whole": "error",
    "bad_year": "error",
    "bad_due": "warning",
    "action_incomplete": "error",
    "merged_cells": "info",
    "csv_encoding": "info",
    "duplicate_row": "error",
    "duplicate_same": "warning",
    "out_of_range": "error",
    "ambiguous_number": "warning",
    "unknown_indicator": "warning",
    "no_year": "error",
    "no_indicator_id": "error",
    "bad_category": "error",
    "missing_column": "error",
    "no_community": "error",
}
FATAL = (
    "empty_file",
    "not_a_spreadsheet",
    "password_protected",
    "archive_too_large",
    "xml_entities",
    "too_many_rows",
    "file_too_large",
    "no_indicators_sheet",
    "bad_csv",
)

Expected = float | str | None
#: A row where an issue must be reported: the row number alone, or (sheet, row).
Where = int | tuple[str, int]


@dataclass(frozen=True)
class Case:
    """One corpus file and what the reader must make of it."""

    name: str
    filename: str
    build: Callable[[], bytes] = field(repr=False, compare=False)
    #: The FatalInputError code; when set, nothing else is expected.
    fatal: str | None = None
    #: Issue codes that must be reported.
    codes: frozenset[str] = frozenset()
    #: Issue codes that must not be reported.
    absent: frozenset[str] = frozenset()
    #: Code -> exactly the rows where it is reported (each an int row, or (sheet, row)).
    at: Mapping[str, frozenset[Where]] = field(default_factory=dict)
    #: Rows that must carry at least one error (when the exact code is not the point).
    errors_at: frozenset[Where] = frozenset()
    #: What is scored. Key: an indicator id, or (community, indicator id). A number: the one scorable value;
    #: a text: the categorical label; None: nothing scorable for it.
    values: Mapping[str | tuple[str, str], Expected] = field(default_factory=dict)
    #: Exactly the communities read (NFC text).
    communities: frozenset[str] | None = None
    #: Error codes tolerated besides `codes` (every other error-severity issue fails the case).
    tolerated: frozenset[str] = frozenset()
    about: str = ""

    def data(self) -> bytes:
        return _built(self.name)

    def expectation(self) -> dict[str, Any]:
        """The expectation as plain data (for expectations.json)."""
        return {
            "file": self.filename,
            "about": self.about,
            "fatal": self.fatal,
            "codes": sorted(self.codes),
            "absent": sorted(self.absent),
            "at": {k: sorted(map(str, v)) for k, v in self.at.items()},
            "errors_at": sorted(map(str, self.errors_at)),
            "values": {"/".join(k) if isinstance(k, tuple) else k: v for k, v in self.values.items()},
            "communities": sorted(self.communities) if self.communities is not None else None,
        }


# ------------------------------------------------------------------ zips, written so that the bytes never change

_EPOCH = (2024, 1, 1, 0, 0, 0)
_DOS_DATE = ((2024 - 1980) << 9) | (1 << 5) | 1
_CORE_TIME = "2024-01-01T00:00:00Z"


def _zip(parts: Iterable[tuple[str, bytes]], stored: frozenset[str] = frozenset()) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_STORED if name in stored else zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, data)
    return buf.getvalue()


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _rezip(data: bytes, patch: Callable[[dict[str, bytes]], None] | None = None) -> bytes:
    """An Office zip rewritten with fixed timestamps (entries and document properties), after an optional patch."""
    parts = _parts(data)
    if "docProps/core.xml" in parts:
        core = parts["docProps/core.xml"].decode()
        core = re.sub(r"(<dcterms:(?:created|modified)[^>]*>)[^<]*(<)", rf"\g<1>{_CORE_TIME}\g<2>", core)
        parts["docProps/core.xml"] = core.encode()
    if patch is not None:
        patch(parts)
    return _zip(parts.items(), stored=frozenset({"mimetype"}))


@dataclass(frozen=True)
class _Raw:
    """A zip entry given as raw deflate bytes (so that it can declare far more than it costs to build)."""

    name: str
    deflated: bytes
    crc: int
    size: int


def _raw_zip(entries: list[_Raw]) -> bytes:
    """A plain zip (no zip64: every size under 4 GiB) from pre-deflated entries."""
    out, central = bytearray(), bytearray()
    for e in entries:
        name = e.name.encode()
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, _DOS_DATE, e.crc, len(e.deflated), e.size, len(name), 0
        )
        out += name + e.deflated
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0,
            8,
            0,
            _DOS_DATE,
            e.crc,
            len(e.deflated),
            e.size,
            len(name),
            0,
            0,
            0,
            0,
            0o600 << 16,
            offset,
        )
        central += name
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def _segment(data: bytes, mode: int) -> bytes:
    """Raw deflate of `data` from a fresh compressor, ending byte-aligned: such segments can be concatenated."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush(mode)


def _repeated(name: str, prefix: bytes, chunk: bytes, times: int, suffix: bytes) -> _Raw:
    """An entry holding prefix + chunk * times + suffix, deflating `chunk` once."""
    body = _segment(chunk, zlib.Z_FULL_FLUSH)
    deflated = _segment(prefix, zlib.Z_FULL_FLUSH) + body * times + _segment(suffix, zlib.Z_FINISH)
    crc = zlib.crc32(prefix)
    for _ in range(times):
        crc = zlib.crc32(chunk, crc)
    crc = zlib.crc32(suffix, crc)
    return _Raw(name, deflated, crc, len(prefix) + len(chunk) * times + len(suffix))


def _plain(name: str, data: bytes) -> _Raw:
    return _Raw(name, _segment(data, zlib.Z_FINISH), zlib.crc32(data), len(data))


# ------------------------------------------------------------------ xlsx (openpyxl) and post-processing its XML


@dataclass(frozen=True)
class Formula:
    """A real formula cell (openpyxl writes it without a cached value)."""

    text: str


def _xlsx(
    sheets: Mapping[str, list[list[Any]]],
    *,
    formats: Mapping[str, Mapping[str, str]] | None = None,
    hidden: Iterable[str] = (),
    merges: Mapping[str, list[str]] | None = None,
    patch: Callable[[dict[str, bytes]], None] | None = None,
) -> bytes:
    """A workbook as bytes; text is always a text cell, even one starting with '='. Sheet i is sheet{i}.xml."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is None:
                    continue
                cell = ws.cell(r, c)
                if isinstance(value, Formula):
                    cell.value = value.text
                else:
                    cell.value = value
                    if isinstance(value, str):
                        cell.data_type = "s"
        for ref, fmt in (formats or {}).get(name, {}).items():
            ws[ref].number_format = fmt
        for rng in (merges or {}).get(name, []):
            ws.merge_cells(rng)
        if name in set(hidden):
            ws.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue(), patch)


def _set_cell(parts: dict[str, bytes], sheet: int, ref: str, xml: str) -> None:
    """Replace cell `ref` of sheet{sheet}.xml (it must exist) by the given `<c>` element."""
    path = f"xl/worksheets/sheet{sheet}.xml"
    text = parts[path].decode()
    pattern = re.compile(rf'<c r="{ref}"(?: [^>]*)?(?:/>|>.*?</c>)', re.S)
    text, n = pattern.subn(lambda _: xml, text, count=1)
    assert n == 1, f"no cell {ref} in {path}"
    parts[path] = text.encode()


def _inline(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def _doctype(parts: dict[str, bytes], path: str, root: str, declarations: str) -> None:
    text = parts[path].decode()
    at = text.index(f"<{root}")
    parts[path] = (text[:at] + f"<!DOCTYPE {root} [{declarations}]>" + text[at:]).encode()


def _shared_strings(parts: dict[str, bytes], sheet: int, ref: str, sst_xml: str) -> None:
    """Turn cell `ref` into shared string 0 and add the given xl/sharedStrings.xml to the package."""
    _set_cell(parts, sheet, ref, f'<c r="{ref}" t="s"><v>0</v></c>')
    _add_shared_strings(parts, sst_xml)


def _add_shared_strings(parts: dict[str, bytes], sst_xml: str) -> None:
    parts["xl/sharedStrings.xml"] = sst_xml.encode()
    types = (
        parts["[Content_Types].xml"]
        .decode()
        .replace(
            "</Types>",
            '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.sharedStrings+xml"/></Types>',
        )
    )
    parts["[Content_Types].xml"] = types.encode()
    rels = (
        parts["xl/_rels/workbook.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
    )
    parts["xl/_rels/workbook.xml.rels"] = rels.encode()


def _as_excel_writes(parts: dict[str, bytes]) -> None:
    """Text in a shared-string table and numbers without `t="n"`, as Excel itself saves a workbook."""
    strings: dict[str, int] = {}

    def shared(m: re.Match[str]) -> str:
        index = strings.setdefault(m.group(3), len(strings))
        return f'<c r="{m.group(1)}"{m.group(2)} t="s"><v>{index}</v></c>'

    for path in [p for p in parts if p.startswith("xl/worksheets/sheet")]:
        text = parts[path].decode()
        text = re.sub(r'<c r="([A-Z]+\d+)"((?: s="\d+")?) t="inlineStr"><is><t>(.*?)</t></is></c>', shared, text)
        parts[path] = text.replace(' t="n"', "").encode()
    items = "".join(f'<si><t xml:space="preserve">{t}</t></si>' for t in strings)
    sst = _SST.replace('count="1" uniqueCount="1"', f'count="{len(strings)}" uniqueCount="{len(strings)}"')
    _add_shared_strings(parts, sst.format(items))


_SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">{}</sst>'
_LAUGHS = '<!ENTITY lol "lol">' + "".join(
    f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
)


# ------------------------------------------------------------------ the other formats


def _xls(sheets: Mapping[str, list[list[Any]]], formats: Mapping[tuple[str, int, int], str] | None = None) -> bytes:
    """An Excel 97-2003 workbook (xlwt); `formats` maps (sheet, row, column), 0-based, to a number format."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                fmt = (formats or {}).get((name, r, c))
                if value is None:
                    continue
                if fmt:
                    ws.write(r, c, value, xlwt.easyxf(num_format_str=fmt))
                else:
                    ws.write(r, c, value)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


@dataclass(frozen=True)
class Percentage:
    """An ODS percentage cell: the fraction stored, shown as a percent."""

    value: float


def _ods_cell(value: Any) -> str:
    if value is None:
        return "<table:table-cell/>"
    if isinstance(value, Percentage):
        return (
            f'<table:table-cell office:value-type="percentage" office:value="{value.value!r}">'
            f"<text:p>{value.value * 100:g}%</text:p></table:table-cell>"
        )
    if isinstance(value, bool):
        raise TypeError("no booleans in the ODS builder")
    if isinstance(value, int | float):
        return f'<table:table-cell office:value-type="float" office:value="{value!r}"><text:p>{value}</text:p>' + (
            "</table:table-cell>"
        )
    if isinstance(value, dt.date):
        return (
            f'<table:table-cell office:value-type="date" office:date-value="{value.isoformat()}">'
            f"<text:p>{value.isoformat()}</text:p></table:table-cell>"
        )
    text = str(value).replace("&", "&amp;").replace("<", "&lt;")
    return f'<table:table-cell office:value-type="string"><text:p>{text}</text:p></table:table-cell>'


_ODS_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"'
)
_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_ODS_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
    b'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
    b'<manifest:file-entry manifest:full-path="/" '
    b'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
    b'<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    b"</manifest:manifest>"
)


def _ods_content(sheets: Mapping[str, list[list[Any]]], doctype: str = "") -> str:
    tables = "".join(
        f'<table:table table:name="{name}">'
        + "".join("<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>" for row in rows)
        + "</table:table>"
        for name, rows in sheets.items()
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{doctype}<office:document-content {_ODS_NS}>'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body></office:document-content>"
    )


def _ods(sheets: Mapping[str, list[list[Any]]]) -> bytes:
    """A minimal OpenDocument spreadsheet: mimetype (stored, first), content.xml, the manifest."""
    return _zip(
        [
            ("mimetype", _ODS_MIME),
            ("content.xml", _ods_content(sheets).encode()),
            ("META-INF/manifest.xml", _ODS_MANIFEST),
        ],
        stored=frozenset({"mimetype"}),
    )


def as_csv(rows: list[list[Any]], sep: str = ",", eol: str = "\r\n") -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=sep, lineterminator=eol)
    writer.writerows([["" if v is None else v for v in row] for row in rows])
    return buf.getvalue()


_TONES = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 encodes it: a precomposed letter where the code page has one, else the base letter
    (with its circumflex, breve or horn) followed by a combining tone mark."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        decomposed = unicodedata.normalize("NFD", ch)
        tones = [m for m in decomposed[1:] if m in _TONES]
        base = unicodedata.normalize("NFC", decomposed[0] + "".join(m for m in decomposed[1:] if m not in _TONES))
        out += base.encode("cp1258") + "".join(tones).encode("cp1258")
    return bytes(out)


# ------------------------------------------------------------------ building blocks of the cases

COMMUNITY = "Bình Dương"
HEAD = ["Indicator ID", "Year", "Value", "Evidence status"]
HEAD_VI = ["Mã chỉ số", "Năm", "Giá trị", "Tình trạng minh chứng"]
PROFILE = [["Community", "Assessment year"], [COMMUNITY, 2024]]
PROFILE_VI = [["Cộng đồng", "Năm đánh giá"], [COMMUNITY, 2024]]
CSV_HEAD = ["Community", "Indicator ID", "Year", "Value", "Evidence status"]


def _book(rows: list[list[Any]], **kw: Any) -> bytes:
    """Profile + Indicators (English headers, data from row 2)."""
    return _xlsx({"Profile": PROFILE, "Indicators": [HEAD, *rows]}, **kw)


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
        b"trailer << /Root 1 0 R >>\n%%EOF\n"
    )


def _sample() -> bytes:
    return _book([["CON01", 2024, 85, "verified"], ["CON02", 2024, 70, "documented"]] * 20)


def _template() -> bytes:
    from assessor.export.template import build_template
    from assessor.framework import default_framework

    return _rezip(build_template(default_framework(), "vi", 2024, COMMUNITY))


def _filled_template(values: Mapping[str, Any]) -> bytes:
    """A department's copy of the shipped Vietnamese template, with only its own rows filled."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(_template()))
    ws = wb["Chỉ số"]
    header_row, columns = next(
        (r[0].row, {str(c.value).strip(): c.column for c in r if c.value is not None})
        for r in ws.iter_rows(min_row=1, max_row=30)
        if any(str(c.value).strip() == "Mã chỉ số" for c in r if c.value is not None)
    )
    for row in ws.iter_rows(min_row=header_row + 1):
        iid = row[columns["Mã chỉ số"] - 1].value
        if iid in values:
            ws.cell(row[0].row, columns["Giá trị"]).value = values[iid]
            ws.cell(row[0].row, columns["Tình trạng minh chứng"]).value = "có tài liệu"
    buf = io.BytesIO()
    wb.save(buf)
    return _rezip(buf.getvalue())


def _encrypted(plain: bytes, seed: int) -> bytes:
    """`plain` encrypted as Excel does with a password (an OLE file holding EncryptedPackage), reproducibly: the
    library's random bytes come from a seeded generator and its clock (the OLE entries' times) stands still."""
    from msoffcrypto.format.ooxml import OOXMLFile
    from msoffcrypto.method import ecma376_agile
    from msoffcrypto.method.container import ecma376_encrypted

    class _Still(dt.datetime):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> _Still:
            return cls(2024, 1, 1, tzinfo=tz)

    saved = ecma376_agile._random_buffer, ecma376_encrypted.datetime
    ecma376_agile._random_buffer = random.Random(seed).randbytes
    ecma376_encrypted.datetime = _Still
    try:
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(plain)).encrypt("mật khẩu", out)
    finally:
        ecma376_agile._random_buffer, ecma376_encrypted.datetime = saved
    return out.getvalue()


_GB = 1 << 30
_ROWS_CHUNK = b"<row/>" * ((1 << 20) // 6)  # about 1 MiB of empty rows
_WS_OPEN = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
_WS_CLOSE = b"</sheetData></worksheet>"


def _bomb_sheet() -> bytes:
    """A valid workbook whose sheet1.xml is 2.5 GB of empty rows (about 2.6 MB on disk)."""
    times = int(2.5 * _GB) // len(_ROWS_CHUNK)
    parts = _parts(_book([["CON01", 2024, 85, "verified"]]))
    entries = [
        _repeated(n, _WS_OPEN, _ROWS_CHUNK, times, _WS_CLOSE) if n == "xl/worksheets/sheet2.xml" else _plain(n, d)
        for n, d in parts.items()
    ]
    return _raw_zip(entries)


def _bomb_strings() -> bytes:
    """sharedStrings.xml holding one 2.5 GB string."""
    parts = _parts(
        _book(
            [["CON01", 2024, 85, "verified"]],
            patch=lambda p: _shared_strings(p, 2, "D2", _SST.format("<si><t>verified</t></si>")),
        )
    )
    head = b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1"><si><t>'
    times = int(2.5 * _GB) // (1 << 20)
    entries = [
        _repeated(n, head, b"A" * (1 << 20), times, b"</t></si></sst>") if n == "xl/sharedStrings.xml" else _plain(n, d)
        for n, d in parts.items()
    ]
    return _raw_zip(entries)


def _bomb_many_sheets() -> bytes:
    """2,600 worksheets of 1 MiB of empty rows each: no entry is large, together they are 2.6 GB."""
    n = 2600
    sheet = _repeated("", _WS_OPEN, _ROWS_CHUNK, 1, _WS_CLOSE)
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel_ns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    workbook = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook {ns} {rel_ns}><sheets>'
        + "".join(f'<sheet name="S{i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, n + 1))
        + "</sheets></workbook>"
    )
    ws_type = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
    rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" Type="{ws_type}" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1)
        )
        + "</Relationships>"
    )
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        + "".join(
            f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{ct}.worksheet+xml"/>'
            for i in range(1, n + 1)
        )
        + "</Types>"
    )
    root_rels = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>'
    )
    entries = [
        _plain("[Content_Types].xml", types.encode()),
        _plain("_rels/.rels", root_rels.encode()),
        _plain("xl/workbook.xml", workbook.encode()),
        _plain("xl/_rels/workbook.xml.rels", rels.encode()),
    ]
    entries += [_Raw(f"xl/worksheets/sheet{i}.xml", sheet.deflated, sheet.crc, sheet.size) for i in range(1, n + 1)]
    return _raw_zip(entries)


def _bomb_ods() -> bytes:
    head = _ods_content({"Chỉ số": [HEAD_VI]}).encode()
    cut = head.index(b"</table:table>")
    row = b"<table:table-row><table:table-cell/></table:table-row>"
    chunk = row * ((1 << 20) // len(row))
    times = int(2.5 * _GB) // len(chunk)
    return _raw_zip(
        [
            _Raw("mimetype", _segment(_ODS_MIME, zlib.Z_FINISH), zlib.crc32(_ODS_MIME), len(_ODS_MIME)),
            _repeated("content.xml", head[:cut], chunk, times, head[cut:]),
            _plain("META-INF/manifest.xml", _ODS_MANIFEST),
        ]
    )


def _laughs_in_strings() -> bytes:
    def patch(p: dict[str, bytes]) -> None:
        _shared_strings(p, 2, "D2", _SST.format("<si><t>&lol9;</t></si>"))
        _doctype(p, "xl/sharedStrings.xml", "sst", _LAUGHS)

    return _book([["CON01", 2024, 85, "verified"]], patch=patch)


def _laughs_in_sheet() -> bytes:
    def patch(p: dict[str, bytes]) -> None:
        _set_cell(p, 2, "D2", '<c r="D2" t="inlineStr"><is><t>&lol9;</t></is></c>')
        _doctype(p, "xl/worksheets/sheet2.xml", "worksheet", _LAUGHS)

    return _book([["CON01", 2024, 85, "verified"]], patch=patch)


def _external_entity() -> bytes:
    def patch(p: dict[str, bytes]) -> None:
        _shared_strings(p, 2, "D2", _SST.format("<si><t>&xxe;</t></si>"))
        _doctype(p, "xl/sharedStrings.xml", "sst", '<!ENTITY xxe SYSTEM "file:///etc/hostname">')

    return _book([["CON01", 2024, 85, "verified"]], patch=patch)


def _laughs_after_a_long_comment() -> bytes:
    """The declarations behind 8 KB of comment: a check of a part's first few kilobytes does not see them."""

    def patch(p: dict[str, bytes]) -> None:
        _shared_strings(p, 2, "D2", _SST.format("<si><t>&lol9;</t></si>"))
        _doctype(p, "xl/sharedStrings.xml", "sst", _LAUGHS)
        text = p["xl/sharedStrings.xml"].decode()
        at = text.index("<!DOCTYPE")
        p["xl/sharedStrings.xml"] = (text[:at] + "<!--" + " bảng chuỗi " * 700 + "-->" + text[at:]).encode()

    return _book([["CON01", 2024, 85, "verified"]], patch=patch)


def _laughs_ods() -> bytes:
    content = _ods_content(
        {"Chỉ số": [HEAD_VI, ["CON01", 2024, "&lol9;", "có tài liệu"]]}, f"<!DOCTYPE doc [{_LAUGHS}]>"
    )
    content = content.replace("&amp;lol9;", "&lol9;")
    return _zip(
        [("mimetype", _ODS_MIME), ("content.xml", content.encode()), ("META-INF/manifest.xml", _ODS_MANIFEST)],
        stored=frozenset({"mimetype"}),
    )


def _too_many_rows_csv() -> bytes:
    return ("Indicator ID,Year,Value\r\n" + "CON01,2024,1\r\n" * 1_100_000).encode()


def _too_many_rows_xlsx() -> bytes:
    rows = "".join(f'<row r="{r}"><c r="A{r}"><v>1</v></c></row>' for r in range(2, 1_100_002))

    def patch(p: dict[str, bytes]) -> None:
        text = p["xl/worksheets/sheet2.xml"].decode()
        text = re.sub(r"<dimension [^>]*/>", "", text)
        p["xl/worksheets/sheet2.xml"] = text.replace("</sheetData>", rows + "</sheetData>").encode()

    return _xlsx({"Profile": PROFILE, "Indicators": [HEAD]}, patch=patch)


def _file_too_large() -> bytes:
    head = as_csv([[*CSV_HEAD, "Notes"], [COMMUNITY, "CON01", 2024, 85, "verified", "x"]])
    return head.encode() + b"x" * (210 << 20) + b"\r\n"


def _macro_book() -> bytes:
    def patch(p: dict[str, bytes]) -> None:
        types = p["[Content_Types].xml"].decode()
        types = types.replace(
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
            "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
        ).replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
        p["[Content_Types].xml"] = types.encode()
        rels = (
            p["xl/_rels/workbook.xml.rels"]
            .decode()
            .replace(
                "</Relationships>",
                '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                'Target="vbaProject.bin"/></Relationships>',
            )
        )
        p["xl/_rels/workbook.xml.rels"] = rels.encode()
        p["xl/vbaProject.bin"] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)  # an (empty) OLE header

    return _book([["CON01", 2024, 85, "verified"], ["CON09", 2024, "Yes", "documented"]], patch=patch)


def _vi_csv_rows(community: str = COMMUNITY) -> list[list[Any]]:
    return [
        ["Cộng đồng", "Mã chỉ số", "Năm", "Giá trị", "Tình trạng minh chứng", "Ghi chú"],
        [community, "CON01", 2024, "85,5", "đã kiểm chứng", "Đường truyền cáp quang đến mọi phường"],
        [community, "CON09", 2024, "Có", "có tài liệu", "Kế hoạch băng thông rộng được phê duyệt"],
        [community, "WRK07", 2024, "Mức 3", "tự báo cáo", "Hợp tác trường – doanh nghiệp"],
    ]


_VI_CSV_VALUES: dict[str | tuple[str, str], Expected] = {"CON01": 85.5, "CON09": "yes", "WRK07": 3.0}


def _cp1252_rows() -> list[list[Any]]:
    return [
        ["Community", "Indicator ID", "Year", "Value", "Evidence status", "Notes"],
        ["Hòa Bình", "CON01", 2024, 85, "verified", "Café survey – “fibre” report, 2024 (€ 1.5 m)"],
        ["Hòa Bình", "CON05", 2024, 3, "documented", "Résumé of the operators’ filings"],
    ]


def _nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def _blank_lines_csv() -> bytes:
    lines = [
        ",".join(CSV_HEAD),
        f"{COMMUNITY},CON01,2024,85,verified",
        "",
        "",
        f"{COMMUNITY},CON02,2024,abc,verified",
        "",
        f"{COMMUNITY},CON03,2024,xyz,verified",
        f"{COMMUNITY},CON05,2024,3,verified",
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _blank_lines_title_csv() -> bytes:
    lines = [
        "Báo cáo chỉ số thành phố thông minh 2024",
        "",
        ",".join(CSV_HEAD),
        f"{COMMUNITY},CON01,2024,85,verified",
        "",
        f"{COMMUNITY},CON02,2024,abc,verified",
    ]
    return ("\n".join(lines) + "\n").encode()


def _cp1258_semicolon() -> bytes:
    lines = [
        "BÁO CÁO CHỈ SỐ THÀNH PHỐ THÔNG MINH NĂM 2024;;;;;",
        "Cộng đồng;Mã chỉ số;Năm;Giá trị;Tình trạng minh chứng;Ghi chú",
        f"{COMMUNITY};CON01;2024;85,5;đã kiểm chứng;Đường truyền cáp quang",
        f"{COMMUNITY};WRK04;2024;1.234,5;có tài liệu;Sinh viên trong bán kính 50 km",
        f"{COMMUNITY};CON09;2024;Một phần;tự báo cáo;Đang trình phê duyệt",
    ]
    return cp1258("\r\n".join(lines) + "\r\n")


def _wide_row_csv() -> bytes:
    lines = [
        "Community,Indicator ID,Year,Value",
        "A,CON01,2024,85,5",
        "A,CON02,2024,70",
        'A,CON03,2024,"85,5"',
    ]
    return ("\r\n".join(lines) + "\r\n").encode()


def _bad_csv() -> bytes:
    return ('Indicator ID,Year,Value\r\nCON01,2024,"85\r\nCON02,2024,70\r\n' + "CON03,2024,6\r\n" * 5).encode()


def _non_finite_rows() -> list[list[Any]]:
    return [
        ["CON05", 2024, "inf", "verified"],
        ["CON03", 2024, "Infinity", "verified"],
        ["ENG02", 2024, "1e999", "verified"],
        ["INC01", 2024, "NaN", "verified"],
        ["WRK04", 2024, "-inf", "verified"],
        ["ENG01", 2024, 0, "verified"],  # row 7: becomes a numeric 1E+999 cell
        ["INN02", 2024, 120, "verified"],
    ]


def _hidden_and_visible() -> bytes:
    return _xlsx(
        {
            "Profile": PROFILE,
            "Indicators": [HEAD, ["CON01", 2024, 10, "verified"]],
            "Số liệu": [HEAD, ["CON01", 2024, 90, "verified"]],
        },
        hidden=["Indicators"],
    )


def _extra_columns(n: int) -> tuple[list[Any], list[list[Any]]]:
    head = [*HEAD, *(f"Cột phụ {i}" for i in range(1, n + 1))]
    rows = [
        ["CON01", 2024, 85, "verified", *(i for i in range(n))],
        ["CON02", 2024, 70, "verified"],
    ]
    return head, rows


def _big(text: str, size: int = 1 << 20) -> str:
    return (text * (size // len(text) + 1))[:size]


# ------------------------------------------------------------------ the cases


def _f(*codes: str) -> frozenset[str]:
    return frozenset(codes)


def _rows(*where: Where) -> frozenset[Where]:
    return frozenset(where)


def _cases() -> list[Case]:
    c: list[Case] = []

    def add(name: str, filename: str, build: Callable[[], bytes], **kw: Any) -> None:
        c.append(Case(name, filename, build, **kw))

    # ---- files that cannot be read at all
    add("empty_xlsx", "empty.xlsx", lambda: b"", fatal="empty_file")
    add("empty_csv", "empty.csv", lambda: b"", fatal="empty_file")
    add("pdf_as_xlsx", "bao-cao.xlsx", _pdf, fatal="not_a_spreadsheet", about="a PDF renamed .xlsx")
    add("pdf_as_csv", "bao-cao.csv", _pdf, fatal="not_a_spreadsheet", about="a PDF renamed .csv")
    add(
        "text_as_xlsx",
        "bien-ban.xlsx",
        lambda: "Biên bản họp ngày 12/3: thống nhất số liệu chỉ số.\r\n".encode() * 40,
        fatal="not_a_spreadsheet",
        about="plain text renamed .xlsx",
    )
    add("png_as_xlsx", "anh.xlsx", lambda: b"\x89PNG\r\n\x1a\n" + bytes(200), fatal="not_a_spreadsheet")
    add(
        "truncated_xlsx",
        "cat-ngang.xlsx",
        lambda: _sample()[: len(_sample()) // 2],
        fatal="not_a_spreadsheet",
        about="the first half of an xlsx",
    )
    add(
        "truncated_template",
        "mau-cat-ngang.xlsx",
        lambda: _template()[: len(_template()) // 2],
        fatal="not_a_spreadsheet",
        about="the first half of the shipped template",
    )
    add(
        "zip_not_office",
        "nen.xlsx",
        lambda: _zip([("readme.txt", b"not a workbook")]),
        fatal="not_a_spreadsheet",
        about="a zip that is no Office file",
    )
    add(
        "html_as_xls",
        "xuat-tu-web.xls",
        lambda: (
            "<html><body><table><tr><td>Mã chỉ số</td><td>Năm</td><td>Giá trị</td></tr>"
            "<tr><td>CON01</td><td>2024</td><td>85</td></tr></table></body></html>"
        ).encode(),
        fatal="not_a_spreadsheet",
        about="an HTML table saved with an .xls name, as web systems export",
    )
    add("zip_bomb_sheet", "bom-trang.xlsx", _bomb_sheet, fatal="archive_too_large", about="sheet XML of 2.5 GB")
    add("zip_bomb_strings", "bom-chuoi.xlsx", _bomb_strings, fatal="archive_too_large", about="a 2.5 GB shared string")
    add(
        "zip_bomb_many_sheets",
        "bom-nhieu-trang.xlsx",
        _bomb_many_sheets,
        fatal="archive_too_large",
        about="2,600 sheets of 1 MiB each",
    )
    add("zip_bomb_ods", "bom.ods", _bomb_ods, fatal="archive_too_large", about="ODS content.xml of 2.5 GB")
    add("billion_laughs_strings", "cuoi-chuoi.xlsx", _laughs_in_strings, fatal="xml_entities")
    add("billion_laughs_sheet", "cuoi-trang.xlsx", _laughs_in_sheet, fatal="xml_entities")
    add("external_entity", "thuc-the-ngoai.xlsx", _external_entity, fatal="xml_entities")
    add("laughs_after_comment", "cuoi-sau-ghi-chu.xlsx", _laughs_after_a_long_comment, fatal="xml_entities")
    add("billion_laughs_ods", "cuoi.ods", _laughs_ods, fatal="xml_entities")
    add("password_xlsx", "mat-khau.xlsx", lambda: _encrypted(_sample(), 1), fatal="password_protected")
    add("password_xlsm", "mat-khau.xlsm", lambda: _encrypted(_macro_book(), 2), fatal="password_protected")
    add("too_many_rows_csv", "qua-nhieu-dong.csv", _too_many_rows_csv, fatal="too_many_rows", about="1.1 M rows")
    add("too_many_rows_xlsx", "qua-nhieu-dong.xlsx", _too_many_rows_xlsx, fatal="too_many_rows", about="1.1 M rows")
    add("file_too_large", "qua-lon.csv", _file_too_large, fatal="file_too_large", about="a 210 MiB CSV")
    add(
        "no_indicators_xlsx",
        "ghi-chu.xlsx",
        lambda: _xlsx({"Profile": PROFILE, "Ghi chú": [["Nội dung"], ["Họp ngày 12/3"]]}),
        fatal="no_indicators_sheet",
    )
    add(
        "no_indicators_csv",
        "danh-ba.csv",
        lambda: as_csv([["Họ tên", "Tuổi", "Địa chỉ"], ["Nguyễn Văn An", 34, "Thủ Dầu Một"]]).encode(),
        fatal="no_indicators_sheet",
    )
    add("bad_csv", "ngoac-kep.csv", _bad_csv, fatal="bad_csv", about="a quote opened and never closed")

    # ---- formats
    add(
        "xlsm_macro",
        "macro.xlsm",
        _macro_book,
        values={"CON01": 85.0, "CON09": "yes"},
        communities=_f(COMMUNITY),
        about="a macro workbook (macro content type and a vbaProject part)",
    )
    add(
        "xls_basic",
        "cu.xls",
        lambda: _xls(
            {
                "Hồ sơ": PROFILE_VI,
                "Chỉ số": [
                    HEAD_VI,
                    ["CON01", 2024, 85.5, "đã kiểm chứng"],
                    ["CON09", 2024, "Có", "có tài liệu"],
                    ["WRK07", 2024, 3, "tự báo cáo"],
                    ["WRK04", 2024, "1.234,5", "tự báo cáo"],
                ],
            }
        ),
        values={"CON01": 85.5, "CON09": "yes", "WRK07": 3.0, "WRK04": 1234.5},
        communities=_f(COMMUNITY),
        about="Excel 97-2003 (.xls)",
    )
    add(
        "xls_percent",
        "phan-tram.xls",
        lambda: _xls(
            {
                "Profile": PROFILE,
                "Indicators": [
                    HEAD,
                    ["CON02", 2024, 0.85, "verified"],
                    ["WRK06", 2024, 0.021, "verified"],
                    ["CON06", 2024, 0.5, "verified"],
                ],
            },
            {("Indicators", 1, 2): "0%", ("Indicators", 2, 2): "0.0%"},
        ),
        values={"CON02": 85.0, "WRK06": 2.1, "CON06": 0.5},
        at={"bare_fraction": _rows(4)},
        about=".xls percent-formatted cells, and a bare fraction",
    )
    add(
        "xls_date",
        "ngay.xls",
        lambda: _xls(
            {
                "Profile": PROFILE,
                "Indicators": [
                    HEAD,
                    ["CON05", 2024, dt.datetime(2024, 5, 1), "verified"],
                    ["CON03", 2024, 70, "verified"],
                ],
            },
            {("Indicators", 1, 2): "DD/MM/YYYY"},
        ),
        codes=_f("date_in_value"),
        at={"date_in_value": _rows(2)},
        values={"CON05": None, "CON03": 70.0},
    )
    add(
        "ods_percent",
        "lo.ods",
        lambda: _ods(
            {
                "Hồ sơ": PROFILE_VI,
                "Chỉ số": [
                    HEAD_VI,
                    ["CON01", 2024, Percentage(0.85), "đã kiểm chứng"],
                    ["ENG04", 2024, Percentage(1.0), "có tài liệu"],
                    ["CON05", 2024, 3, "có tài liệu"],
                    ["CON09", 2024, "Có", "tự báo cáo"],
                ],
            }
        ),
        values={"CON01": 85.0, "ENG04": 100.0, "CON05": 3.0, "CON09": "yes"},
        communities=_f(COMMUNITY),
        absent=_f("bare_fraction"),
        about="OpenDocument with percentage cells",
    )
    add(
        "ods_date_fraction",
        "lo-ngay.ods",
        lambda: _ods(
            {
                "Indicators": [
                    ["Community", *HEAD],
                    [COMMUNITY, "CON05", 2024, dt.date(2024, 5, 1), "verified"],
                    [COMMUNITY, "CON02", 2024, 0.85, "verified"],
                ]
            }
        ),
        codes=_f("date_in_value", "bare_fraction"),
        at={"date_in_value": _rows(2), "bare_fraction": _rows(3)},
        values={"CON05": None, "CON02": 0.85},
    )

    # ---- layout
    add(
        "merged_title",
        "tieu-de-gop.xlsx",
        lambda: _xlsx(
            {
                "Hồ sơ": PROFILE_VI,
                "Chỉ số": [
                    ["BÁO CÁO CHỈ SỐ THÀNH PHỐ THÔNG MINH 2024"],
                    HEAD_VI,
                    ["CON01", 2024, 85, "đã kiểm chứng"],
                    ["CON02", 2024, 70, "đã kiểm chứng"],
                    ["CON05", 2024, "abc", "đã kiểm chứng"],
                ],
            },
            merges={"Chỉ số": ["A1:D1"]},
        ),
        at={"not_a_number": _rows(5)},
        values={"CON01": 85.0, "CON02": 70.0, "CON05": None},
        about="a merged title row above the header",
    )
    add(
        "merged_community",
        "cong-dong-gop.xlsx",
        lambda: _xlsx(
            {
                "Indicators": [
                    ["Community", *HEAD],
                    ["Thủ Dầu Một", "CON01", 2024, 80, "verified"],
                    [None, "CON02", 2024, 60, "verified"],
                    [None, "CON05", 2024, 3, "verified"],
                    ["Dĩ An", "CON01", 2024, 70, "verified"],
                    [None, "CON02", 2024, 50, "verified"],
                ]
            },
            merges={"Indicators": ["A2:A4", "A5:A6"]},
        ),
        codes=_f("merged_cells"),
        absent=_f("no_community", "community_from_filename"),
        values={
            ("Thủ Dầu Một", "CON01"): 80.0,
            ("Thủ Dầu Một", "CON02"): 60.0,
            ("Thủ Dầu Một", "CON05"): 3.0,
            ("Dĩ An", "CON01"): 70.0,
            ("Dĩ An", "CON02"): 50.0,
        },
        communities=_f("Thủ Dầu Một", "Dĩ An"),
        about="a community cell merged down over its data rows",
    )
    add(
        "hidden_indicators",
        "an-trang.xlsx",
        _hidden_and_visible,
        codes=_f("sheet_ignored"),
        values={"CON01": 90.0},
        about="an old Indicators sheet hidden; the visible sheet with the header is the data",
    )
    add(
        "hidden_and_visible_named",
        "an-trang-2.xlsx",
        _hidden_and_visible,
        codes=_f("sheet_ignored"),
        about="the same file: whichever sheet is read, the other candidate is named",
    )
    add(
        "hidden_only",
        "chi-an.xlsx",
        lambda: _xlsx(
            {
                "Hướng dẫn": [["Điền số liệu vào trang Chỉ số."]],
                "Chỉ số": [HEAD_VI, ["CON01", 2024, 85, "đã kiểm chứng"]],
            },
            hidden=["Chỉ số"],
        ),
        codes=_f("hidden_sheet"),
        values={"CON01": 85.0},
        about="the only data sheet is hidden",
    )
    add(
        "sheet1",
        "Book1.xlsx",
        lambda: _xlsx({"Sheet1": [HEAD, ["CON01", 2024, 80, "verified"]]}),
        codes=_f("sheet_used"),
        values={"CON01": 80.0},
        about="Excel's default sheet name",
    )
    add(
        "trang_tinh1",
        "So-lieu.xlsx",
        lambda: _xlsx({"Trang tính1": [HEAD_VI, ["CON01", 2024, 80, "đã kiểm chứng"]], "Trang tính2": []}),
        codes=_f("sheet_used"),
        values={"CON01": 80.0},
        about="Vietnamese Excel's default sheet name",
    )
    add(
        "two_named_sheets",
        "hai-trang.xlsx",
        lambda: _xlsx(
            {
                "Profile": PROFILE,
                "Indicators": [HEAD, ["CON01", 2024, 90, "verified"]],
                "Chỉ số": [HEAD_VI, ["CON01", 2024, 55, "đã kiểm chứng"]],
            }
        ),
        codes=_f("sheet_ignored"),
        values={"CON01": 90.0},
        about="an Indicators and a Chỉ số sheet: the first is read, the other reported",
    )
    add(
        "two_unnamed_sheets",
        "hai-trang-khong-ten.xlsx",
        lambda: _xlsx(
            {"Sheet1": [HEAD, ["CON01", 2024, 90, "verified"]], "Sheet2": [HEAD, ["CON01", 2024, 55, "verified"]]}
        ),
        codes=_f("sheet_used", "sheet_ignored"),
        values={"CON01": 90.0},
    )
    add(
        "extra_columns_xlsx",
        "10000-cot.xlsx",
        lambda: _xlsx({"Profile": PROFILE, "Indicators": [_extra_columns(10_000)[0], *_extra_columns(10_000)[1]]}),
        codes=_f("extra_columns"),
        values={"CON01": 85.0, "CON02": 70.0},
        about="10,000 extra columns: one note lists them",
    )
    add(
        "extra_columns_csv",
        "10000-cot.csv",
        lambda: as_csv(
            [["Community", *_extra_columns(10_000)[0]]] + [[COMMUNITY, *r] for r in _extra_columns(10_000)[1]]
        ).encode(),
        codes=_f("extra_columns"),
        values={"CON01": 85.0, "CON02": 70.0},
    )
    add(
        "cell_without_header",
        "o-khong-tieu-de.xlsx",
        lambda: _book(
            [
                ["CON01", 2024, 85, "verified", None, None, "số liệu quý 4"],
                ["CON02", 2024, 70, "verified"],
            ]
        ),
        codes=_f("cell_without_header"),
        at={"cell_without_header": _rows(2)},
        values={"CON01": 85.0, "CON02": 70.0},
        about="a note typed in column G, which has no header",
    )

    # ---- cells
    add(
        "formula_no_value",
        "cong-thuc.xlsx",
        lambda: _book(
            [
                ["CON01", 2024, Formula("=40+45"), "verified"],
                ["WRK04", 2024, Formula("=SUM(1000,234)"), "verified"],
                ["CON02", 2024, 70, "verified"],
            ]
        ),
        codes=_f("formula_no_value"),
        at={"formula_no_value": _rows(2, 3)},
        values={"CON01": None, "WRK04": None, "CON02": 70.0},
        about="formulas saved without cached values (as openpyxl and some converters write them)",
    )
    add(
        "formula_cached",
        "cong-thuc-co-gia-tri.xlsx",
        lambda: _book(
            [["CON01", 2024, 0, "verified"]],
            patch=lambda p: _set_cell(p, 2, "C2", '<c r="C2"><f>40+45</f><v>85</v></c>'),
        ),
        absent=_f("formula_no_value"),
        values={"CON01": 85.0},
    )
    add(
        "error_cells",
        "loi-excel.xlsx",
        lambda: _book(
            [
                ["CON01", 2024, 0, "verified"],
                ["CON02", 2024, 0, "verified"],
                ["CON03", 2024, 0, "verified"],
                ["CON05", 2024, 3, "verified"],
            ],
            patch=lambda p: (
                _set_cell(p, 2, "C2", '<c r="C2" t="e"><v>#DIV/0!</v></c>'),
                _set_cell(p, 2, "C3", '<c r="C3" t="e"><f>VLOOKUP(A3,Z:Z,2,0)</f><v>#N/A</v></c>'),
                _set_cell(p, 2, "C4", '<c r="C4" t="e"><f>A4+1</f><v>#VALUE!</v></c>'),
            ),
        ),
        codes=_f("excel_error"),
        at={"excel_error": _rows(2, 3, 4)},
        values={"CON01": None, "CON02": None, "CON03": None, "CON05": 3.0},
    )
    add(
        "dates_in_values",
        "ngay-thang.xlsx",
        lambda: _book(
            [
                ["CON05", 2024, dt.datetime(2024, 5, 1), "verified"],
                ["CON01", 2024, dt.date(2024, 3, 15), "verified"],
                ["CON02", 2024, 70, "verified"],
            ],
            formats={"Indicators": {"C3": "dd/mm/yyyy"}},
        ),
        codes=_f("date_in_value"),
        at={"date_in_value": _rows(2, 3)},
        values={"CON05": None, "CON01": None, "CON02": 70.0},
    )
    add(
        "big_strings_xlsx",
        "chuoi-lon.xlsx",
        lambda: _xlsx(
            {
                "Profile": PROFILE,
                "Indicators": [
                    [*HEAD, "Evidence"],
                    ["CON01", 2024, 85, "verified", "-"],
                    ["CON05", 2024, "-", "verified"],
                    ["WRK04", 2024, "-", "verified"],
                    ["CON02", 2024, 70, "verified"],
                ],
            },
            patch=lambda p: (  # openpyxl cuts text at Excel's 32,767 characters: the XML is written here
                _set_cell(p, 2, "E2", _inline("E2", _big("Biên bản nghiệm thu, "))),
                _set_cell(p, 2, "C3", _inline("C3", _big("Số liệu đang cập nhật. "))),
                _set_cell(p, 2, "C4", _inline("C4", "1" * (1 << 20))),
            ),
        ),
        codes=_f("not_a_number"),
        errors_at=_rows(3, 4),
        values={"CON01": 85.0, "CON05": None, "WRK04": None, "CON02": 70.0},
        about="1 MB of text in a value cell, 1 MB of digits in another, 1 MB in an evidence cell",
    )
    add(
        "big_strings_csv",
        "chuoi-lon.csv",
        lambda: as_csv(
            [
                [*CSV_HEAD, "Evidence"],
                [COMMUNITY, "CON01", 2024, 85, "verified", _big("Biên bản nghiệm thu, ")],
                [COMMUNITY, "CON05", 2024, _big("Số liệu đang cập nhật. "), "verified", ""],
                [COMMUNITY, "WRK04", 2024, "1" * (1 << 20), "verified", ""],
                [COMMUNITY, "CON02", 2024, 70, "verified", ""],
            ]
        ).encode(),
        codes=_f("not_a_number"),
        errors_at=_rows(3, 4),
        values={"CON01": 85.0, "CON05": None, "WRK04": None, "CON02": 70.0},
    )
    add(
        "percent_formats",
        "dinh-dang-phan-tram.xlsx",
        lambda: _book(
            [
                ["WRK06", 2024, 0.021, "verified"],
                ["ENG04", 2024, 1.0, "verified"],
                ["SUS06", 2024, 0.08, "verified"],
                ["CON01", 2024, 0.96, "verified"],
                ["INC03", 2024, 0.018, "verified"],
                ["CON02", 2024, 0.85, "verified"],
                ["INN04", 2024, 0.5, "verified"],
                ["CON06", 2024, "85%", "verified"],
                ["SUS02", 2024, 12.5, "verified"],
            ],
            formats={"Indicators": {"C2": "0.0%", "C3": "0%", "C4": "0%", "C5": "0%", "C6": "0.00%", "C10": "0.0"}},
        ),
        codes=_f("bare_fraction"),
        at={"bare_fraction": _rows(7, 8)},
        values={
            "WRK06": 2.1,
            "ENG04": 100.0,
            "SUS06": 8.0,
            "CON01": 96.0,
            "INC03": 1.8,
            "CON02": 0.85,
            "INN04": 0.5,
            "CON06": 85.0,
            "SUS02": 12.5,
        },
        about="Excel % cells hold fractions; a bare fraction is kept as typed and reported",
    )
    add(
        "excel_writes",
        "nhu-excel.xlsx",
        lambda: _book(
            [
                ["WRK06", 2024, 0.021, "verified"],
                ["CON02", 2024, "85%", "verified"],
                ["CON09", 2024, "Có", "documented"],
                ["CON01", 2024, 0, "verified"],
                ["CON05", 2024, 0, "verified"],
                ["ENG04", 2024, 1, "verified"],
            ],
            formats={"Indicators": {"C2": "0.0%", "C7": "0%"}},
            patch=lambda p: (
                _set_cell(p, 2, "C5", '<c r="C5" t="e"><f>C3/0</f><v>#DIV/0!</v></c>'),
                _set_cell(p, 2, "C6", '<c r="C6"><f>1+2</f><v>3</v></c>'),
                _as_excel_writes(p),
            ),
        ),
        codes=_f("excel_error"),
        at={"excel_error": _rows(5)},
        values={"WRK06": 2.1, "CON02": 85.0, "CON09": "yes", "CON01": None, "CON05": 3.0, "ENG04": 100.0},
        communities=_f(COMMUNITY),
        about="the cells as Excel itself saves them: shared strings, numbers without a type, formulas with results",
    )
    add(
        "vi_numbers",
        "so-tieng-viet.xlsx",
        lambda: _xlsx(
            {
                "Hồ sơ": PROFILE_VI,
                "Chỉ số": [
                    HEAD_VI,
                    ["WRK04", 2024, "1.234,5", "đã kiểm chứng"],
                    ["CON01", 2024, "85,5", "đã kiểm chứng"],
                    ["WRK05", 2024, "3.250", "đã kiểm chứng"],
                    ["CON03", 2024, "100 Mbps", "đã kiểm chứng"],
                    ["CON02", 2024, "72\u00a0%", "đã kiểm chứng"],
                    ["CON09", 2024, " có ", "đã kiểm chứng"],
                ],
            }
        ),
        codes=_f("ambiguous_number"),
        at={"ambiguous_number": _rows(4)},
        values={"WRK04": 1234.5, "CON01": 85.5, "WRK05": 3250.0, "CON03": 100.0, "CON02": 72.0, "CON09": "yes"},
    )
    add(
        "non_finite_xlsx",
        "vo-cuc.xlsx",
        lambda: _book(_non_finite_rows(), patch=lambda p: _set_cell(p, 2, "C7", '<c r="C7"><v>1E+999</v></c>')),
        codes=_f("not_finite"),
        at={"not_finite": _rows(2, 3, 4, 5, 6, 7)},
        values={
            "CON05": None,
            "CON03": None,
            "ENG02": None,
            "INC01": None,
            "WRK04": None,
            "ENG01": None,
            "INN02": 120.0,
        },
        about="inf, Infinity, 1e999, NaN, -inf typed, and a numeric cell holding 1E+999",
    )
    add(
        "non_finite_csv",
        "vo-cuc.csv",
        lambda: as_csv(
            [CSV_HEAD, *([COMMUNITY, *r] for r in _non_finite_rows()[:5]), [COMMUNITY, "INN02", 2024, 120, "verified"]]
        ).encode(),
        codes=_f("not_finite"),
        at={"not_finite": _rows(2, 3, 4, 5, 6)},
        values={"CON05": None, "CON03": None, "ENG02": None, "INC01": None, "WRK04": None, "INN02": 120.0},
    )
    add(
        "level_fraction_csv",
        "muc-le.csv",
        lambda: as_csv(
            [
                CSV_HEAD,
                [COMMUNITY, "WRK07", 2024, "2.5", "verified"],
                [COMMUNITY, "CON07", 2024, "Level 3.5", "verified"],
                [COMMUNITY, "CON08", 2024, "3 - strategy adopted", "verified"],
                [COMMUNITY, "INN07", 2024, "Mức 2", "verified"],
                [COMMUNITY, "INC07", 2024, "2,5", "verified"],
            ]
        ).encode(),
        codes=_f("level_not_whole"),
        at={"level_not_whole": _rows(2, 3, 6)},
        values={"WRK07": None, "CON07": None, "CON08": 3.0, "INN07": 2.0, "INC07": None},
        about="2.5 for a rubric level, typed as text",
    )
    add(
        "level_fraction_xlsx",
        "muc-le.xlsx",
        lambda: _book(
            [
                ["WRK07", 2024, 2.5, "verified"],
                ["CON07", 2024, "2.5", "verified"],
                ["CON08", 2024, 3, "verified"],
            ]
        ),
        codes=_f("level_not_whole"),
        at={"level_not_whole": _rows(2, 3)},
        values={"WRK07": None, "CON07": None, "CON08": 3.0},
    )
    add(
        "wide_row_csv",
        "dau-phay.csv",
        _wide_row_csv,
        codes=_f("row_too_wide"),
        at={"row_too_wide": _rows(2)},
        values={"CON01": None, "CON02": 70.0, "CON03": 85.5},
        about="an unquoted decimal comma makes the row wider than the header",
    )
    add(
        "missing_markers_csv",
        "thieu.csv",
        lambda: as_csv(
            [
                CSV_HEAD,
                [COMMUNITY, "CON01", 2024, "NA", "verified"],
                [COMMUNITY, "CON02", 2024, "#N/A", "verified"],
                [COMMUNITY, "CON03", 2024, "#DIV/0!", "verified"],
                [COMMUNITY, "CON05", 2024, "-", "verified"],
                [COMMUNITY, "CON06", 2024, "N/A", "verified"],
                [COMMUNITY, "WRK04", 2024, "#VALUE!", "verified"],
                [COMMUNITY, "WRK05", 2024, 500, "verified"],
            ]
        ).encode(),
        codes=_f("marked_missing", "excel_error"),
        at={"marked_missing": _rows(2, 5, 6), "excel_error": _rows(3, 4, 7)},
        absent=_f("not_a_number"),
        values={
            "CON01": None,
            "CON02": None,
            "CON03": None,
            "CON05": None,
            "CON06": None,
            "WRK04": None,
            "WRK05": 500.0,
        },
    )
    add(
        "missing_markers_categorical",
        "thieu-co-khong.csv",
        lambda: as_csv(
            [
                CSV_HEAD,
                [COMMUNITY, "CON09", 2024, "NA", "verified"],
                [COMMUNITY, "ENG08", 2024, "-", "verified"],
                [COMMUNITY, "WRK08", 2024, "N/A", "verified"],
                [COMMUNITY, "CON07", 2024, "N/A", "verified"],
                [COMMUNITY, "INC06", 2024, "Có", "verified"],
            ]
        ).encode(),
        codes=_f("marked_missing"),
        at={"marked_missing": _rows(2, 3, 4, 5)},
        absent=_f("bad_category", "not_a_number"),
        values={"CON09": None, "ENG08": None, "WRK08": None, "CON07": None, "INC06": "yes"},
        about="NA, N/A and - mean no value for a Yes/Partial/No or a level indicator too",
    )
    add(
        "missing_markers_xlsx",
        "thieu.xlsx",
        lambda: _book(
            [
                ["CON01", 2024, "NA", "verified"],
                ["CON05", 2024, "-", "verified"],
                ["CON06", 2024, "N/A", "verified"],
                ["CON02", 2024, 70, "verified"],
            ]
        ),
        codes=_f("marked_missing"),
        at={"marked_missing": _rows(2, 3, 4)},
        absent=_f("not_a_number"),
        values={"CON01": None, "CON05": None, "CON06": None, "CON02": 70.0},
    )
    add(
        "blank_lines_csv",
        "dong-trong.csv",
        _blank_lines_csv,
        at={"not_a_number": _rows(5, 7)},
        values={"CON01": 85.0, "CON02": None, "CON03": None, "CON05": 3.0},
        about="row numbers are the line numbers the user sees",
    )
    add(
        "blank_lines_title_csv",
        "dong-trong-tieu-de.csv",
        _blank_lines_title_csv,
        at={"not_a_number": _rows(6)},
        values={"CON01": 85.0, "CON02": None},
    )
    add(
        "duplicates",
        "trung.xlsx",
        lambda: _book(
            [
                ["CON01", 2024, 80, "verified"],
                ["CON01", 2024, 60, "verified"],
                ["CON02", 2024, None, None],
                ["CON02", 2024, 70, "verified"],
            ]
        ),
        at={"duplicate_row": _rows(2, 3)},
        values={"CON01": None, "CON02": 70.0},
        about="two values for one indicator and year: neither is scored, both rows say so; an empty row never beats "
        "a filled one",
    )
    add(
        "range_and_ids",
        "ngoai-khoang.xlsx",
        lambda: _book(
            [
                ["CON01", 2024, 150, "verified"],
                ["CON05", 2024, -3, "verified"],
                ["WRK04", 2024, "1,234", "verified"],
                ["XYZ99", 2024, 5, "verified"],
                ["CON09", 2024, "Có", "verified"],
                ["CON02", 2024, 70, "verified"],
            ]
        ),
        codes=_f("out_of_range", "ambiguous_number", "unknown_indicator"),
        at={"out_of_range": _rows(2, 3), "ambiguous_number": _rows(4), "unknown_indicator": _rows(5)},
        values={"CON01": None, "CON05": None, "WRK04": 1234.0, "CON09": "yes", "CON02": 70.0},
    )

    # ---- text encodings
    add(
        "csv_utf8",
        "utf8.csv",
        lambda: as_csv(_vi_csv_rows()).encode(),
        absent=_f("csv_encoding"),
        values=_VI_CSV_VALUES,
        communities=_f(COMMUNITY),
    )
    add(
        "csv_utf8_bom",
        "utf8-bom.csv",
        lambda: b"\xef\xbb\xbf" + as_csv(_vi_csv_rows()).encode(),
        absent=_f("csv_encoding"),
        values=_VI_CSV_VALUES,
        communities=_f(COMMUNITY),
    )
    add(
        "csv_utf16",
        "utf16.csv",
        lambda: as_csv(_vi_csv_rows(), sep="\t").encode("utf-16"),
        codes=_f("csv_encoding"),
        values=_VI_CSV_VALUES,
        communities=_f(COMMUNITY),
        about="Excel's Unicode text: UTF-16 with a BOM, tab-separated",
    )
    add(
        "csv_cp1258",
        "cp1258.csv",
        lambda: cp1258(as_csv(_vi_csv_rows())),
        codes=_f("csv_encoding"),
        values=_VI_CSV_VALUES,
        communities=_f(COMMUNITY),
        about="Windows-1258, tone marks as combining characters",
    )
    add(
        "csv_cp1252",
        "cp1252.csv",
        lambda: as_csv(_cp1252_rows()).encode("cp1252"),
        codes=_f("csv_encoding"),
        values={"CON01": 85.0, "CON05": 3.0},
        communities=_f("Hòa Bình"),
    )
    add(
        "csv_cp1258_semicolon_title",
        "excel-vn.csv",
        _cp1258_semicolon,
        codes=_f("csv_encoding"),
        values={"CON01": 85.5, "WRK04": 1234.5, "CON09": "partial"},
        communities=_f(COMMUNITY),
        about="Vietnamese Excel's CSV: Windows-1258, ';' separated, a title line above the header",
    )
    add(
        "nfd_csv",
        "nfd.csv",
        lambda: as_csv(
            [
                CSV_HEAD,
                [_nfd(COMMUNITY), "CON01", 2024, 85, "verified"],
                [COMMUNITY, "CON02", 2024, 70, "verified"],
                [_nfd("Thủ Dầu Một"), "CON01", 2024, 60, "verified"],
            ]
        ).encode(),
        values={(COMMUNITY, "CON01"): 85.0, (COMMUNITY, "CON02"): 70.0, ("Thủ Dầu Một", "CON01"): 60.0},
        communities=_f(COMMUNITY, "Thủ Dầu Một"),
        about="community names in NFD (as macOS writes) and NFC are one community",
    )
    add(
        "nfd_profile_xlsx",
        "nfd.xlsx",
        lambda: _xlsx(
            {
                "Profile": [["Community", "Assessment year"], [_nfd(COMMUNITY), 2024]],
                "Indicators": [
                    ["Community", *HEAD],
                    [COMMUNITY, "CON01", 2024, 85, "verified"],
                    [_nfd(COMMUNITY), "CON02", 2024, 70, "verified"],
                    [None, "CON05", None, 3, "verified"],
                ],
            }
        ),
        values={"CON01": 85.0, "CON02": 70.0, "CON05": 3.0},
        communities=_f(COMMUNITY),
    )

    # ---- profile and actions
    add(
        "profile_year_24",
        "nam-24.xlsx",
        lambda: _xlsx(
            {
                "Profile": [["Community", "Assessment year"], [COMMUNITY, 24]],
                "Indicators": [HEAD, ["CON01", None, 85, "verified"], ["CON02", 2024, 70, "verified"]],
            }
        ),
        codes=_f("bad_year", "no_year"),
        at={"bad_year": _rows(("Profile", 2))},
        errors_at=_rows(("Indicators", 2)),
        values={"CON01": None, "CON02": 70.0},
    )
    add(
        "profile_year_1e20",
        "nam-1e20.xlsx",
        lambda: _xlsx(
            {
                "Profile": [["Community", "Assessment year"], [COMMUNITY, 1e20]],
                "Indicators": [HEAD, ["CON01", None, 85, "verified"], ["CON02", 2024, 70, "verified"]],
            }
        ),
        codes=_f("bad_year", "no_year"),
        at={"bad_year": _rows(("Profile", 2))},
        errors_at=_rows(("Indicators", 2)),
        values={"CON01": None, "CON02": 70.0},
    )
    add(
        "profile_year_fraction",
        "nam-le.xlsx",
        lambda: _xlsx(
            {
                "Profile": [["Community", "Assessment year"], [COMMUNITY, 2024.5]],
                "Indicators": [HEAD, ["CON01", None, 85, "verified"], ["CON02", 2024, 70, "verified"]],
            }
        ),
        codes=_f("bad_year", "no_year"),
        at={"bad_year": _rows(("Profile", 2))},
        errors_at=_rows(("Indicators", 2)),
        values={"CON01": None, "CON02": 70.0},
    )
    add(
        "actions_messy",
        "hanh-dong.xlsx",
        lambda: _xlsx(
            {
                "Profile": PROFILE,
                "Indicators": [HEAD, ["CON01", 2024, 85, "verified"]],
                "Actions": [
                    ["Action ID", "Title", "Programme", "Indicator ID", "Expected value", "Due", "Owner"],
                    ["A1", "Phủ cáp quang", "Chuyển đổi số", "CON01", 95, dt.datetime(2025, 12, 31), "Sở TT&TT"],
                    ["A2", "Wi-Fi công cộng", "Chuyển đổi số", "INC02", "about 95", "2025-06-30", "Sở TT&TT"],
                    ["A3", "Đào tạo kỹ năng số", "Hòa nhập số", "INC05", 3000, "next spring", "Sở LĐTBXH"],
                    [None, None, "Đổi mới sáng tạo", "INN01", 10, "2026-01-01", "Sở KH&CN"],
                    ["A5", None, "Bền vững", "SUS03", 40, "2026-01-01", "Sở TN&MT"],
                ],
            }
        ),
        codes=_f("not_a_number", "bad_due", "action_incomplete"),
        at={
            "not_a_number": _rows(("Actions", 3)),
            "bad_due": _rows(("Actions", 4)),
            "action_incomplete": _rows(("Actions", 5), ("Actions", 6)),
        },
        values={"CON01": 85.0},
    )

    # ---- departments filling copies of the shipped template
    add(
        "department_a",
        "so-tttt.xlsx",
        lambda: _filled_template({"CON01": 90, "CON02": 70}),
        values={"CON01": 90.0, "CON02": 70.0, "WRK01": None},
        communities=_f(COMMUNITY),
        absent=_f("duplicate_row"),
        about="the shipped template, the rows of one department filled",
    )
    add(
        "department_b",
        "so-gddt.xlsx",
        lambda: _filled_template({"WRK01": 80, "WRK07": 3}),
        values={"WRK01": 80.0, "WRK07": 3.0, "CON01": None},
        communities=_f(COMMUNITY),
        absent=_f("duplicate_row"),
    )
    return c


CASES: list[Case] = _cases()
BY_NAME: dict[str, Case] = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "case names must be unique"


_CACHE: dict[str, bytes] = {}


def _built(name: str) -> bytes:
    """A case's bytes, kept for the next call when small (the bombs and the 210 MiB file are rebuilt)."""
    if name in _CACHE:
        return _CACHE[name]
    data = BY_NAME[name].build()
    if len(data) < 1 << 20:
        _CACHE[name] = data
    return data


def write_corpus(directory: Path) -> dict[str, Path]:
    """Every case's file (named `<case>__<filename>`) and expectations.json in `directory`; returns the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for case in CASES:
        path = directory / f"{case.name}__{case.filename}"
        path.write_bytes(case.data())
        paths[case.name] = path
    expectations = {case.name: case.expectation() for case in CASES}
    (directory / "expectations.json").write_text(json.dumps(expectations, ensure_ascii=False, indent=1), "utf-8")
    return paths


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/corpus.py OUTPUT_DIRECTORY")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the template cases import the assessor
    written = write_corpus(Path(sys.argv[1]))
    print(f"{len(written)} files written to {sys.argv[1]}")
