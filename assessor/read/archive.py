"""The inside of a spreadsheet archive (xlsx, xlsm, ods): checked before any parser sees it, and read for what the
fast cell reader (calamine) does not expose.

- `check_archive`: a zip bomb, an archive of too many parts or an XML entity declaration is refused at once.
- `xlsx_marks` / `ods_marks`: which cells the sheet shows as a percentage (a `0%` format: 0.85 is 85 %), which
  hold an Excel error (`#DIV/0!`) and which hold a formula saved without its result. Found from the styles and the
  sheets' XML with byte patterns gated by cheap tests, so a workbook with no percent style costs one look at
  `styles.xml`.
- `xls_marks`: the percentage cells of an old Excel workbook (.xls), through xlrd's reading of its formats.
"""

from __future__ import annotations

import codecs
import io
import re
import zipfile
from dataclasses import dataclass, field
from typing import IO
from xml.etree import ElementTree

from assessor.messages import FatalInputError
from assessor.read.limits import (
    HEADER_SEARCH_ROWS,
    MAX_ARCHIVE_ENTRIES,
    MAX_PACKING_RATIO,
    MAX_PART_BYTES,
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    RATIO_CHECKED_ABOVE,
)

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
#: Excel's built-in percent formats (`0%`, `0.00%`).
_BUILTIN_PERCENT = {9, 10}
_CELL_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
#: An error value, typed or the saved result of a formula (`<f>1/0</f><v>#DIV/0!</v>`).
_ERROR_CELL = re.compile(rb'<c\b([^>]*\bt="e"[^>]*)>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)?\s*<v>([^<]*)</v>')
_UNCALCULATED = re.compile(rb"<c\b([^>]*)>\s*(?:<f\b[^>]*/>|<f\b[^>]*>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?\s*</c>")


@dataclass
class Marks:
    """Cells of one sheet (0-based row, column) that the cell values alone do not tell about."""

    percent: list[tuple[int, int]] = field(default_factory=list)  # shown scaled: the value is a fraction
    percent_literal: list[tuple[int, int]] = field(default_factory=list)  # shown with a "%" that does not scale
    errors: list[tuple[int, int, str]] = field(default_factory=list)
    uncalculated: list[tuple[int, int]] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.percent or self.percent_literal or self.errors or self.uncalculated)


def check_archive(data: bytes, name: str) -> zipfile.ZipFile:
    """The archive, opened, once it is known not to be a bomb; a damaged one is not a spreadsheet."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise FatalInputError("not_a_spreadsheet", name=name) from None
    unpacked = sum(i.file_size for i in infos)
    packed_tight = any(
        i.file_size > RATIO_CHECKED_ABOVE and i.file_size > MAX_PACKING_RATIO * max(i.compress_size, 1) for i in infos
    )
    if len(infos) > MAX_ARCHIVE_ENTRIES or unpacked > MAX_UNPACKED_BYTES or packed_tight:
        raise FatalInputError("archive_too_large", name=name, size=unpacked // 1024**2)
    for info in infos:
        if info.filename.lower().endswith((".xml", ".rels", ".vml")):
            try:
                with archive.open(info) as part:
                    declared = declares_a_doctype(part)
            except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError):
                raise FatalInputError("not_a_spreadsheet", name=name) from None
            if declared:
                raise FatalInputError("xml_entities", name=name)
    return archive


def declares_a_doctype(part: IO[bytes], chunk: int = 65_536) -> bool:
    """Whether an XML part declares a document type (where entities are declared) before its root element.

    The prolog may hold comments and processing instructions of any length, so it is read up to the root element
    (not a first few kilobytes), a chunk at a time; only the unread end of a comment is ever kept."""
    decoder = None
    buffer, in_comment = b"", False
    while True:
        raw = part.read(chunk)
        if decoder is None:
            raw += part.read(2 - len(raw)) if 0 < len(raw) < 2 else b""  # enough to see a byte-order mark
            utf16 = raw[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
            decoder = codecs.getincrementaldecoder("utf-16")() if utf16 else False
        buffer += decoder.decode(raw, final=not raw).encode("utf-8") if decoder else raw
        while True:
            if in_comment:
                end = buffer.find(b"-->")
                if end < 0:
                    buffer = buffer[-2:]
                    break
                buffer, in_comment = buffer[end + 3 :], False
            buffer = buffer.lstrip(b" \t\r\n\xef\xbb\xbf")  # white space and a byte-order mark
            if buffer.startswith(b"<!--"):
                buffer, in_comment = buffer[4:], True
            elif buffer.startswith(b"<?"):
                end = buffer.find(b"?>")
                if end < 0:
                    break
                buffer = buffer[end + 2 :]
            elif len(buffer) < 2 or (buffer.startswith(b"<!") and len(buffer) < 9):
                break  # too little to tell yet
            else:
                return buffer.startswith(b"<!")  # <!DOCTYPE, or anything else declared before the root
        if not raw:
            return False


def _part(archive: zipfile.ZipFile, path: str) -> bytes | None:
    try:
        with archive.open(path) as part:
            data = part.read(MAX_PART_BYTES + 1)
    except KeyError:
        return None
    if len(data) > MAX_PART_BYTES:
        raise FatalInputError("archive_too_large", name=path, size=MAX_PART_BYTES // 1024**2)
    return data


def _column(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n - 1


def _where(attributes: bytes) -> tuple[int, int] | None:
    ref = _CELL_REF.search(attributes)
    return (int(ref.group(2)) - 1, _column(ref.group(1))) if ref else None


def percent_kind(code: str) -> str | None:
    """ "scaled" when a number format shows a value × 100 with %, "literal" when its % is quoted or escaped text."""
    if "%" not in code:
        return None
    bare = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code)
    return "scaled" if "%" in bare else "literal"


def _percent_styles(archive: zipfile.ZipFile) -> tuple[set[int], set[int]]:
    """Style indexes (the `s` of a cell) whose number format is a percentage: scaled, and literal."""
    styles = _part(archive, "xl/styles.xml")
    if not styles or b"cellXfs" not in styles:
        return set(), set()
    root = ElementTree.fromstring(styles)
    codes = {int(f.get("numFmtId", -1)): f.get("formatCode", "") for f in root.iter(f"{_MAIN}numFmt")}
    scaled, literal = set(), set()
    xfs = root.find(f"{_MAIN}cellXfs")
    for index, xf in enumerate(xfs if xfs is not None else []):
        fmt = int(xf.get("numFmtId", 0))
        kind = "scaled" if fmt in _BUILTIN_PERCENT else percent_kind(codes.get(fmt, ""))
        if kind == "scaled":
            scaled.add(index)
        elif kind == "literal":
            literal.add(index)
    return scaled, literal


def sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name to the path of its XML part."""
    book, rels = _part(archive, "xl/workbook.xml"), _part(archive, "xl/_rels/workbook.xml.rels")
    if not book or not rels:
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in ElementTree.fromstring(rels).iter(f"{_PKG_REL}Relationship")}
    out = {}
    for sheet in ElementTree.fromstring(book).iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(f"{_REL}id"), "")
        out[sheet.get("name", "")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    return out


def _styled(xml: bytes, styles: set[int]) -> list[tuple[int, int]]:
    if not styles:
        return []
    pattern = re.compile(rb'<c\b([^>]*\bs="(?:%s)"[^>]*)>' % b"|".join(str(s).encode() for s in sorted(styles)))
    return [w for m in pattern.finditer(xml) if (w := _where(m.group(1))) is not None]


_DIMENSION = re.compile(rb'<dimension\s+ref="[A-Z]*\d*:?[A-Z]*(\d+)"')


def check_sheet_sizes(archive: zipfile.ZipFile, paths: dict[str, str], name: str) -> None:
    """A sheet declaring more rows than the reader takes is refused from its first bytes, before it is parsed."""
    for path in paths.values():
        try:
            with archive.open(path) as part:
                head = part.read(2048)
        except KeyError:
            continue
        found = _DIMENSION.search(head)
        if found and int(found.group(1)) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise FatalInputError("too_many_rows", name=name, rows=int(found.group(1)), limit=MAX_ROWS)


def xlsx_marks(archive: zipfile.ZipFile, paths: dict[str, str]) -> dict[str, Marks]:
    """Per sheet name (`paths`: its XML part), the cells that are percentages, errors or formulas without a result."""
    scaled, literal = _percent_styles(archive)
    out: dict[str, Marks] = {}
    for name, path in paths.items():
        xml = _part(archive, path)
        if not xml:
            continue
        marks = Marks(percent=_styled(xml, scaled), percent_literal=_styled(xml, literal))
        if b't="e"' in xml:
            marks.errors = [
                (*w, m.group(2).decode("utf-8", "replace"))
                for m in _ERROR_CELL.finditer(xml)
                if (w := _where(m.group(1))) is not None
            ]
        if b"<f" in xml:
            marks.uncalculated = [w for m in _UNCALCULATED.finditer(xml) if (w := _where(m.group(1))) is not None]
        if marks:
            out[name] = marks
    return out


def xls_marks(data: bytes) -> dict[str, Marks]:
    """Per sheet name, the number cells an old Excel workbook (.xls) formats as percentages, read with xlrd."""
    import xlrd

    try:
        book = xlrd.open_workbook(file_contents=data, formatting_info=True, on_demand=True)
    except Exception:  # xlrd raises many types for what it cannot read; calamine then says what it can
        return {}
    percent_xf = {
        i: kind
        for i, xf in enumerate(book.xf_list)
        if (kind := percent_kind(getattr(book.format_map.get(xf.format_key), "format_str", "") or ""))
    }
    out: dict[str, Marks] = {}
    if not percent_xf:
        return out
    for index, name in enumerate(book.sheet_names()):
        sheet = book.sheet_by_index(index)
        marks = Marks()
        for r in range(sheet.nrows):
            for c, cell in enumerate(sheet.row(r)):
                kind = percent_xf.get(cell.xf_index) if cell.ctype == xlrd.XL_CELL_NUMBER else None
                if kind == "scaled":
                    marks.percent.append((r, c))
                elif kind == "literal":
                    marks.percent_literal.append((r, c))
        if marks:
            out[name] = marks
        book.unload_sheet(index)
    return out


_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"


def ods_marks(archive: zipfile.ZipFile) -> dict[str, Marks]:
    """Per sheet name, the cells an OpenDocument spreadsheet types as percentages (value 0.85 shown as 85 %)."""
    content = _part(archive, "content.xml")
    if not content or b"percentage" not in content:
        return {}
    out: dict[str, Marks] = {}
    sheet, row, col = "", -1, 0
    for event, el in ElementTree.iterparse(io.BytesIO(content), events=("start", "end")):
        tag = el.tag
        if event == "start" and tag == f"{{{_TABLE}}}table":
            sheet, row = el.get(f"{{{_TABLE}}}name", ""), -1
        elif event == "start" and tag == f"{{{_TABLE}}}table-row":
            row, col = row + 1, 0
        elif event == "end" and tag == f"{{{_TABLE}}}table-row":
            row += int(el.get(f"{{{_TABLE}}}number-rows-repeated", 1)) - 1
            el.clear()
        elif event == "start" and tag in (f"{{{_TABLE}}}table-cell", f"{{{_TABLE}}}covered-table-cell"):
            repeat = int(el.get(f"{{{_TABLE}}}number-columns-repeated", 1))
            if el.get(f"{{{_OFFICE}}}value-type") == "percentage":
                out.setdefault(sheet, Marks()).percent.extend((row, c) for c in range(col, col + min(repeat, 1024)))
            col += repeat
    return out
