"""Cell contents as people type them (`85%`, `1.234,5`, `1,234.5`, `US$ 50`, `12 Mbps`) to numbers, a column at a time.

Returns the numbers and, beside them, what was ambiguous or unreadable, so the reader can report it; nothing is
guessed silently.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessor.framework import Lang

# Units and currency marks that may decorate a number; they carry no value of their own.
_DECORATION = r"(?i)(us\$|usd|vnd|vnđ|đồng|₫|\$|€|mbps|gbps|km²|km2|ha|people|người|%)"
_SPACES = r"[\s\u00a0\u202f']"


@dataclass(frozen=True)
class ParsedNumbers:
    value: pd.Series  # float64, NaN where empty or unreadable
    unreadable: pd.Series  # bool: there was text, but not a number
    ambiguous: pd.Series  # bool: one separator that could be thousands or decimal; read by the sheet's language
    percent_sign: pd.Series  # bool: the text carried a % sign


def parse_numbers(cells: pd.Series, lang: Lang = "en") -> ParsedNumbers:
    """Read a column of mixed cells. `lang` settles `1,234` / `1.234`: thousands in its own convention."""
    index = cells.index
    if pd.api.types.is_numeric_dtype(cells.dtype) and not pd.api.types.is_bool_dtype(cells.dtype):
        numeric = cells.astype(float)
        text = pd.Series(pd.NA, index=index, dtype="string")
    else:
        cells = cells.astype(object)
        numeric = pd.to_numeric(cells.where(is_number(cells)), errors="coerce").astype(float)
        # Only the cells that are not numbers become strings: converting every cell was a large share of a read.
        has_text = (numeric.isna() & cells.notna()).to_numpy(dtype=bool)
        text = pd.Series(pd.NA, index=index, dtype="string")
        text[has_text] = cells[has_text].astype("string").str.strip().array
    text = text.mask(text.isin(["", "nan", "None", "-", "–", "—", "n/a", "N/A", "NA"]))

    # The string work runs on the text cells only: in a long sheet they are a few among many numbers.
    typed = text.notna().to_numpy(dtype=bool, na_value=False)
    value = numeric.to_numpy(dtype=float, na_value=np.nan, copy=True)
    unreadable, ambiguous, percent_sign = (np.zeros(len(text), dtype=bool) for _ in range(3))
    if typed.any():
        from_text, ambiguous_text, percent_text = _read_text(text[typed], lang)
        ambiguous[typed], percent_sign[typed] = ambiguous_text, percent_text
        unreadable[typed] = np.isnan(from_text)
        value[typed] = np.where(np.isnan(value[typed]), from_text, value[typed])
    return ParsedNumbers(
        value=pd.Series(value, index=index),
        unreadable=pd.Series(unreadable, index=index),
        ambiguous=pd.Series(ambiguous, index=index),
        percent_sign=pd.Series(percent_sign, index=index),
    )


def _read_text(text: pd.Series, lang: Lang) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Numbers typed as text (no missing cells here): the value (NaN if unreadable), ambiguous, percent sign."""
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
    thousands_shape_comma = bare.str.fullmatch(r"-?\d{1,3}(,\d{3})+").fillna(False)
    thousands_shape_dot = bare.str.fullmatch(r"-?\d{1,3}(\.\d{3})+").fillna(False)
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

    from_text = pd.to_numeric(normal, errors="coerce").astype(float)
    from_text = from_text.mask(negative, -from_text)
    return (
        from_text.to_numpy(dtype=float, na_value=np.nan),
        ambiguous.to_numpy(dtype=bool, na_value=False),
        percent_sign.to_numpy(dtype=bool, na_value=False),
    )


def _of_type(cells: pd.Series, test: Callable[[type], bool]) -> pd.Series:
    """`test` of each cell's type, asked once per distinct type (a column holds a handful) instead of per cell."""
    values = cells.to_numpy()
    if values.dtype != object:
        return pd.Series(np.full(len(values), test(values.dtype.type), dtype=bool), index=cells.index)
    kinds, seen = pd.factorize(np.frompyfunc(type, 1, 1)(values))
    return pd.Series(np.array([test(t) for t in seen], dtype=bool)[kinds], index=cells.index)


def is_number(cells: pd.Series) -> pd.Series:
    """True where the cell holds a number (a numeric cell in Excel), not text that looks like one."""
    return _of_type(cells, lambda t: issubclass(t, (int, float, np.number)) and not issubclass(t, (bool, np.bool_)))


def is_text(cells: pd.Series) -> pd.Series:
    return _of_type(cells, lambda t: issubclass(t, str))


def clean_text(cells: pd.Series) -> pd.Series:
    """Text cells trimmed; empty and whitespace-only become missing."""
    s = cells.astype("string").str.strip()
    return s.mask(s.isin(["", "nan", "None"]))
