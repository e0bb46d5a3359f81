"""The data-quality class of each value (U4SSC-style: measured and verified, measured, calculated from partial data,
estimated, unknown method): its name, and how many of an assessment's values fall in each class.

The class describes how a figure was obtained; it never changes a score. An empty cell is "unknown method".
"""

from __future__ import annotations

import pandas as pd

from assessor.assess import Assessment
from assessor.framework import Lang
from assessor.i18n import number, t
from assessor.layout import QUALITY_LABELS, QUALITY_UNKNOWN, label_text


def classes(indicators: pd.DataFrame) -> pd.Series:
    """Each row's class id, empty cells (and frames written before the column existed) as unknown."""
    if "quality" not in indicators:
        return pd.Series(QUALITY_UNKNOWN, index=indicators.index, dtype=object)
    return indicators["quality"].astype(object).where(indicators["quality"].notna(), QUALITY_UNKNOWN)


def class_name(key: object, lang: Lang) -> str:
    """A class as a reader reads it; an empty cell reads as unknown method."""
    key = QUALITY_UNKNOWN if key is None or key is pd.NA or (isinstance(key, float) and key != key) else str(key)
    return label_text(QUALITY_LABELS, key, lang) if key in QUALITY_LABELS else key


def counts(a: Assessment) -> pd.Series:
    """How many of the assessment's values (indicators with a score) are in each class, every class listed."""
    has = a.indicators["score"].notna()
    found = classes(a.indicators[has]).value_counts()
    return found.reindex(list(QUALITY_LABELS), fill_value=0).astype(int)


def counts_sentence(a: Assessment, lang: Lang) -> str:
    """One line: the number of values in each class, the classes with none left out."""
    n = counts(a)
    listed = "; ".join(f"{class_name(k, lang)}: {number(v, lang, 0)}" for k, v in n.items() if v > 0)
    return t("quality.counts", lang, total=number(int(n.sum()), lang, 0), counts=listed or "–")
