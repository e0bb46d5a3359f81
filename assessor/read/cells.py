"""Cells as people type them (`85%`, `1.234,5`, `1,234.5`, `US$ 50`, `Mức 3`, `N/A`, `#DIV/0!`) to numbers and text,
a column at a time.

What a cell *is* comes first: a number, text, a date, an Excel error or a formula Excel never calculated (the last
two and the percent format are marked by `decode`, which reads what calamine does not expose). Then text is read as
a number by the sheet's convention. Beside every value: what was ambiguous, unreadable or not finite, so the reader
reports it; nothing is guessed silently.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessor.framework import Lang

#: Text columns of the tidy frames: Python-backed strings, which the reader takes and spreads back by position
#: cheaply (Arrow-backed strings made each of a hundred small takes cost a millisecond).
TEXT = pd.StringDtype("python")


class Percent(float):
    """A number the sheet shows with a percent sign (an Excel `0%` format): already in percentage points."""

    __slots__ = ()


@dataclass(frozen=True)
class CellError:
    """An Excel error value (`#DIV/0!`) or, with `formula=True`, a formula saved without its result."""

    text: str
    formula: bool = False

    def __str__(self) -> str:
        return self.text


#: Text that means "no value here" the same way in xlsx and CSV; read as empty, with a note where it was a value.
MISSING_TOKENS = frozenset({"na", "n/a", "n.a.", "-", "–", "—", "null", "none", "chưa có số liệu"})
#: Excel's error values, typed or exported as text (a CSV saved by Excel writes them out).
EXCEL_ERRORS = frozenset(
    {"#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA"}
)

# Units and currency marks that may decorate a number; they carry no value of their own.
_DECORATION = r"(?i)(us\$|usd|vnd|vnđ|đồng|₫|\$|€|mbps|gbps|km²|km2|ha|people|người|%)"
_SPACES = r"[\s\u00a0\u202f']"
#: A level: "3", "Level 3", "Mức 3", "3 – strategy adopted", "Mức 3: ...". The number is taken whole ("2.5", "2,5")
#: so that a fractional level is reported, never cut to its integer part.
LEVEL_TEXT = re.compile(
    r"(?is)^\s*(?:(?:level|mức|muc|cấp|cap)\s*)?([-+]?\d+(?:[.,]\d+)?)\s*(?:(?:[–—:]|-\s|\.\s|\s-).*)?$"
)


@dataclass(frozen=True)
class ParsedNumbers:
    value: pd.Series  # float64, NaN where empty, unreadable or not finite
    unreadable: pd.Series  # bool: there was something, but not a number
    ambiguous: pd.Series  # bool: one separator that could be thousands or decimal; read by the sheet's language
    percent_sign: pd.Series  # bool: the text carried a % sign, or the cell a percent format
    not_finite: pd.Series  # bool: inf, Infinity, 1e999, NaN typed as a value
    date: pd.Series  # bool: a date or time cell
    error: pd.Series  # bool: an Excel error value or an uncalculated formula
    missing_token: pd.Series  # bool: N/A, NA, - and the like: no value, said so


class Types:
    """The type of every cell of a column, found once: a column holds a handful of types, so each test of a type is
    asked once per distinct type, not once per cell."""

    def __init__(self, cells: pd.Series) -> None:
        values = cells.to_numpy()
        if values.dtype != object:
            self.codes, self.seen = np.zeros(len(values), dtype=np.intp), [values.dtype.type]
        else:
            self.codes, self.seen = pd.factorize(np.frompyfunc(type, 1, 1)(values))

    def where(self, test: Callable[[type], bool]) -> np.ndarray:
        if not len(self.seen):
            return np.zeros(len(self.codes), dtype=bool)
        return np.array([test(t) for t in self.seen], dtype=bool)[self.codes]


def kinds(cells: pd.Series, test: Callable[[type], bool]) -> np.ndarray:
    """`test` of each cell's type (see `Types`)."""
    return Types(cells).where(test)


def _number_type(t: type) -> bool:
    return issubclass(t, (int, float, np.number)) and not issubclass(t, (bool, np.bool_))


def is_number(cells: pd.Series) -> np.ndarray:
    """True where the cell holds a number (a numeric cell in Excel), not text that looks like one."""
    return kinds(cells, _number_type)


def is_text(cells: pd.Series) -> np.ndarray:
    return kinds(cells, lambda t: issubclass(t, str))


def is_blank(cells: pd.Series) -> np.ndarray:
    """Missing, or text that is empty or whitespace only."""
    blank = pd.isna(cells.to_numpy(dtype=object)).astype(bool)
    text = is_text(cells) & ~blank
    if text.any():
        codes, uniques = pd.factorize(cells[text])  # each distinct text stripped once
        blank[text] = pd.Series(uniques, dtype=object).str.strip().eq("").to_numpy(dtype=bool)[codes]
    return blank


def says_missing(cells: pd.Series) -> np.ndarray:
    """Text cells that mean "no value here" (N/A, NA, -): one rule for number, level and Yes/Partial/No cells."""
    out = np.zeros(len(cells), dtype=bool)
    text = is_text(cells)
    if text.any():
        codes, uniques = pd.factorize(cells[text].astype(str).str.strip().str.lower())
        out[text] = pd.Series(uniques, dtype=object).isin(MISSING_TOKENS).to_numpy()[codes]
    return out


def nfc(text: str) -> str:
    return text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)


def clean_text(cells: pd.Series) -> pd.Series:
    """Text as a key: NFC-normalised (one community typed two ways is one), trimmed; blank becomes missing.

    Worked once per distinct value: a long sheet repeats a handful of names.
    """
    codes, uniques = pd.factorize(cells.astype(object), use_na_sentinel=True)
    done = pd.Series([_clean(u) for u in uniques], dtype=TEXT)
    out = done.array.take(codes, allow_fill=True)
    return pd.Series(out, index=cells.index, dtype=TEXT)


def _clean(v: object) -> str | None:
    if isinstance(v, float) and v.is_integer():
        v = int(v)  # an id or a year typed as a number: 2024, not 2024.0
    if isinstance(v, datetime.datetime):
        v = v.date().isoformat() if v.time() == datetime.time() else v.isoformat(sep=" ")
    elif isinstance(v, datetime.date):
        v = v.isoformat()
    s = nfc(str(v)).strip()
    return s or None


def parse_numbers(cells: pd.Series, lang: Lang = "en") -> ParsedNumbers:
    """Read a column of mixed cells. `lang` settles `1,234` / `1.234`: thousands in its own convention."""
    index = cells.index
    n = len(cells)
    cells = cells.astype(object)
    types = Types(cells)
    number = types.where(_number_type)
    text_cells = types.where(lambda t: issubclass(t, str))
    error = types.where(lambda t: issubclass(t, CellError))
    date = types.where(lambda t: issubclass(t, (datetime.date, datetime.time, pd.Timestamp)))
    shown_percent = types.where(lambda t: issubclass(t, Percent))
    value = np.full(n, np.nan)
    value[number] = cells[number].to_numpy(dtype=float)
    unreadable = ~number & ~text_cells & ~error & ~date & ~pd.isna(cells.to_numpy()).astype(bool)  # booleans
    ambiguous, percent_sign, missing_token = (np.zeros(n, dtype=bool) for _ in range(3))
    percent_sign |= shown_percent
    not_finite = np.zeros(n, dtype=bool)
    if text_cells.any():
        # Each distinct text is read once: a CSV is all text, and a column of 1,000,000 repeats a few thousand.
        codes, uniques = pd.factorize(cells[text_cells].astype(str).str.strip())
        text = pd.Series(uniques, dtype=object)
        blank = text.eq("").to_numpy()
        token = text.str.lower().isin(MISSING_TOKENS).to_numpy()
        typed_error = text.isin(EXCEL_ERRORS).to_numpy()
        readable = ~blank & ~token & ~typed_error
        got = np.full(len(text), np.nan)
        amb, pct, nan_text = (np.zeros(len(text), dtype=bool) for _ in range(3))
        if readable.any():
            got[readable], amb[readable], pct[readable] = _read_text(text[readable], lang)
            nan_text[readable] = _says_nan(text[readable])
        where = np.flatnonzero(text_cells)
        missing_token[where] = token[codes]
        error[where] |= typed_error[codes]
        value[where] = got[codes]
        ambiguous[where], percent_sign[where] = amb[codes], pct[codes]
        unreadable[where] = (readable & np.isnan(got) & ~nan_text)[codes]
        not_finite[where] = nan_text[codes]
    not_finite |= ~np.isfinite(value) & ~np.isnan(value)
    value[not_finite] = np.nan
    return ParsedNumbers(
        *(
            pd.Series(a, index=index)
            for a in (value, unreadable, ambiguous, percent_sign, not_finite, date, error, missing_token)
        )
    )


def _says_nan(text: pd.Series) -> np.ndarray:
    return text.str.fullmatch(r"(?i)[-+]?nan").fillna(False).to_numpy(dtype=bool)


def _read_text(text: pd.Series, lang: Lang) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers typed as text (no blank cells here): the value (NaN if unreadable), ambiguous, percent sign."""
    percent_sign = text.str.contains("%", regex=False).fillna(False).astype(bool)
    negative = text.str.match(r"^\(.*\)$").fillna(False).astype(bool)  # accounting negatives: (1,234)
    bare = text.str.replace(r"^\((.*)\)$", r"\1", regex=True)
    bare = bare.str.replace(_DECORATION, "", regex=True).str.replace(_SPACES, "", regex=True)

    has_dot = bare.str.contains(".", regex=False).fillna(False)
    has_comma = bare.str.contains(",", regex=False).fillna(False)
    last_dot = bare.str.rfind(".")
    last_comma = bare.str.rfind(",")
    # Both separators: the last one is the decimal mark. One separator repeated: thousands.
    both = has_dot & has_comma
    comma_decimal = both & (last_comma > last_dot)
    dot_decimal = both & (last_dot > last_comma)
    only_comma = has_comma & ~has_dot
    only_dot = has_dot & ~has_comma
    # Thousands are grouped after a leading digit that is not 0: "0,125" can only be a decimal.
    thousands_shape_comma = bare.str.fullmatch(r"-?[1-9]\d{0,2}(,\d{3})+").fillna(False)
    thousands_shape_dot = bare.str.fullmatch(r"-?[1-9]\d{0,2}(\.\d{3})+").fillna(False)
    repeated_comma = bare.str.count(",").fillna(0) > 1
    repeated_dot = bare.str.count(r"\.").fillna(0) > 1

    vi = lang == "vi"
    # A lone separator followed by exactly three digits is read by the sheet's convention and reported.
    ambiguous = (only_comma & thousands_shape_comma & ~repeated_comma) | (
        only_dot & thousands_shape_dot & ~repeated_dot
    )
    comma_is_thousands = only_comma & thousands_shape_comma & (repeated_comma | (not vi))
    dot_is_thousands = only_dot & thousands_shape_dot & (repeated_dot | vi)

    normal = bare.copy()
    drop_dots = comma_decimal | dot_is_thousands
    drop_commas = dot_decimal | comma_is_thousands
    normal = normal.mask(drop_dots, normal.str.replace(".", "", regex=False))
    normal = normal.mask(drop_commas, normal.str.replace(",", "", regex=False))
    normal = normal.str.replace(",", ".", regex=False)  # what is left of a comma is a decimal mark
    # Only plain decimal numbers: pandas would also take "inf", "Infinity" and "nan" (reported apart, as not finite).
    plain = normal.str.fullmatch(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?").fillna(False)
    from_text = pd.to_numeric(normal.where(plain), errors="coerce").astype(float)
    infinite = normal.str.fullmatch(r"(?i)[-+]?(inf|infinity)").fillna(False)
    from_text = from_text.mask(infinite, np.inf)
    from_text = from_text.mask(negative, -from_text)
    return (
        from_text.to_numpy(dtype=float, na_value=np.nan),
        ambiguous.to_numpy(dtype=bool, na_value=False),
        percent_sign.to_numpy(dtype=bool, na_value=False),
    )


def level_text(cells: pd.Series) -> pd.Series:
    """The number in a level typed as text ("Mức 3 – ..." -> "3", "2,5" -> "2,5"); missing where it has none."""
    return cells.astype(str).str.extract(LEVEL_TEXT, expand=False)
