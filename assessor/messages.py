"""A message's parameters in a language (`1.234,5`, `∞`, a long cell cut), and `FatalInputError`: the one sentence
for a file that cannot be read at all.

Kept apart from the issue records (`issues`, which are frames) so that what a command must say before it has read
anything, and a reader's child process, need neither pandas nor numpy.
"""

from __future__ import annotations

import math
import sys

from assessor.framework import Lang
from assessor.i18n import number, t

#: A value longer than this is shown cut, with an ellipsis: a 1 MB cell must not make a 1 MB message.
SHOWN_CHARS = 120
#: Placeholders that are always counts, never years: written with thousands marks (2.500 ký tự) at any size.
COUNTS = frozenset({"length", "limit", "count", "rows"})


class FatalInputError(Exception):
    """The file cannot be read at all; `message(lang)` is one plain sentence for the user."""

    def __init__(self, code: str, **params: object) -> None:
        self.code, self.params = code, params
        super().__init__(self.message("en"))

    def message(self, lang: Lang = "en") -> str:
        return t(f"fatal.{self.code}", lang, **{k: param(k, v, lang) for k, v in self.params.items()})


def is_missing(v: object) -> bool:
    """The one test of "no value here" for a single cell: None, NaN, pd.NA, NaT."""
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    pandas = sys.modules.get("pandas")  # pandas' own missing values exist only once pandas is loaded
    return pandas is not None and (v is pandas.NA or v is pandas.NaT)


def cell_text(v: object) -> str:
    """A cell value as the user would read it: 56, not 56.0; nothing for a missing value; long text cut."""
    if is_missing(v):
        return ""
    text = format(v, ".15g") if isinstance(v, float) else str(v)
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def phrase(key: str, **params: object) -> tuple[str, str, dict]:
    """A message parameter that is itself a text of the catalogue, rendered in the message's language."""
    return ("text", key, params)


def shown(v: object, lang: Lang) -> str:
    """A message parameter in the language's conventions: 1.234,5 in Vietnamese; whole numbers and text as they are."""
    if isinstance(v, tuple) and len(v) == 3 and v[0] == "text":
        return t(v[1], lang, **{k: shown(x, lang) for k, x in v[2].items()})
    if isinstance(v, float) and math.isfinite(v) and not v.is_integer():
        return number(v, lang, _decimals(v))
    if isinstance(v, float) and math.isinf(v):
        return "∞" if v > 0 else "−∞"
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 10_000:
        return number(v, lang, 0)  # 1.000.000 in Vietnamese; a year (2024) stays as it is
    return cell_text(v)


def param(key: str, v: object, lang: Lang) -> str:
    """A message placeholder: a count (`length`, `limit`…) with thousands marks, anything else as `shown`."""
    if key in COUNTS and isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v):
        return number(v, lang, 0 if float(v).is_integer() else _decimals(float(v)))
    if key in COUNTS and hasattr(v, "item"):  # a numpy integer from a batch's frame
        return param(key, v.item(), lang)  # type: ignore[union-attr]
    return shown(v, lang)


def _decimals(v: float) -> int:
    text = format(abs(v), ".10g")
    return min(len(text.split(".")[1]), 6) if "." in text and "e" not in text else 4
