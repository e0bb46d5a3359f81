"""Normalisation methods: an indicator's raw value to a 0-100 score.

The maths works on plain numpy arrays first (`goalpost`, `bands`, `categorical`, `level`); `score_rows` applies
them to a whole tidy frame at once, one vector operation per method, never a Python loop per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

import numpy as np
import pandas as pd

from assessor.framework import Bands, Categorical, Framework, Goalpost, Level


def goalpost(value: np.ndarray, floor: np.ndarray | float, target: np.ndarray | float) -> np.ndarray:
    """`clip((v - floor) / (target - floor), 0, 1) * 100`; a floor above the target means lower is better."""
    value, floor, target = (np.asarray(x, dtype=float) for x in (value, floor, target))
    span = target - floor
    if np.any(span == 0):
        raise ValueError("goalpost: floor equals target (zero range)")
    return np.clip((value - floor) / span, 0.0, 1.0) * 100.0


def bands(
    value: np.ndarray,
    target: np.ndarray | float,
    lower_is_better: np.ndarray | bool = False,
    edges: Sequence[float] = (0.33, 0.66, 0.95),
    points: Sequence[float] = (25, 50, 75, 100),
) -> np.ndarray:
    """U4SSC-style: the ratio to target (inverted when lower is better) falls in a band, the band gives points."""
    value, target = np.asarray(value, dtype=float), np.asarray(target, dtype=float)
    if np.any(target <= 0):
        raise ValueError("bands: target must be positive")
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        ratio = np.where(lower_is_better, target / value, value / target)
    band = np.searchsorted(np.asarray(edges, dtype=float), ratio, side="right")
    scored = np.asarray(points, dtype=float)[np.minimum(band, len(points) - 1)]
    return np.where(np.isnan(value), np.nan, scored)


def categorical(labels: pd.Series, scores: dict[str, float]) -> np.ndarray:
    """A category id to its score; anything unknown or missing scores NaN (no data)."""
    return labels.map(scores).to_numpy(dtype=float, na_value=np.nan)


def level(value: np.ndarray, top: np.ndarray | int = 4) -> np.ndarray:
    """Rubric level 0..top to `level × 100 / top` (0-4 gives level × 25)."""
    value = np.asarray(value, dtype=float)
    return np.clip(value / np.asarray(top, dtype=float), 0.0, 1.0) * 100.0


@lru_cache(maxsize=8)
def method_table(framework: Framework) -> pd.DataFrame:
    """One row per indicator: its method and parameters as columns, ready to join onto a tidy frame."""
    rows = []
    for ind in framework.indicators:
        m = ind.method
        rows.append(
            {
                "indicator_id": ind.id,
                "method": m.type,
                "floor": m.floor if isinstance(m, Goalpost) else np.nan,
                "target": m.target if isinstance(m, Goalpost | Bands) else np.nan,
                "lower_is_better": bool(getattr(m, "lower_is_better", False)),
                "bands_key": (m.edges, m.points) if isinstance(m, Bands) else (),
                "top": m.top if isinstance(m, Level) else np.nan,
            }
        )
    table = pd.DataFrame(rows).set_index("indicator_id")
    # Indicators sharing band edges and points are scored together: one vector operation per distinct set.
    table["bands_group"], _ = pd.factorize(table["bands_key"])
    return table


_SEP = "\x1f"


@lru_cache(maxsize=8)
def category_scores(framework: Framework) -> dict[str, float]:
    """`"<indicator id><sep><category id>"` to score, so a whole column maps in one vector operation."""
    return {
        f"{ind.id}{_SEP}{c.id}": c.score
        for ind in framework.indicators
        if isinstance(ind.method, Categorical)
        for c in ind.method.categories
    }


def score_rows(indicator_id: pd.Series, value: pd.Series, label: pd.Series, framework: Framework) -> np.ndarray:
    """Score every row: numeric `value` for number/percent/currency/level, category id `label` for categorical."""
    # Parameters are looked up once per distinct id and spread to the rows by position: a long sheet repeats a
    # handful of ids. A missing id gets its own code, and the all-NaN row a reindex gives it.
    codes, ids = pd.factorize(indicator_id, use_na_sentinel=False)
    per_id = method_table(framework).reindex(np.asarray(ids, dtype=object))

    def param(name: str, dtype: type | None = None) -> np.ndarray:
        return per_id[name].to_numpy(dtype=dtype)[codes]

    method = per_id["method"].to_numpy()
    v = pd.to_numeric(value, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    out = np.full(len(v), np.nan)

    gp = (method == "goalpost")[codes]
    out[gp] = goalpost(v[gp], param("floor")[gp], param("target")[gp])

    lv = (method == "level")[codes]
    out[lv] = level(v[lv], param("top")[lv])

    bd = (method == "bands")[codes]
    if bd.any():
        group = param("bands_group")
        keys = param("bands_key")
        for g in np.unique(group[bd]):
            sel = bd & (group == g)
            edges, points = keys[np.argmax(sel)]
            out[sel] = bands(v[sel], param("target")[sel], param("lower_is_better", bool)[sel], edges, points)

    cat = (method == "categorical")[codes]
    if cat.any():
        out[cat] = _categorical_rows(indicator_id, label, codes, cat, framework)
    return out


def _categorical_rows(
    indicator_id: pd.Series, label: pd.Series, codes: np.ndarray, cat: np.ndarray, framework: Framework
) -> np.ndarray:
    """Scores of the categorical rows, computed once per distinct (indicator, answer) pair and spread back."""
    rows = np.flatnonzero(cat)
    answers, _ = pd.factorize(label.iloc[rows], use_na_sentinel=False)
    _, first, spread = np.unique(codes[rows] * (answers.max() + 1) + answers, return_index=True, return_inverse=True)
    some = rows[first]
    pairs = indicator_id.iloc[some].astype(str) + _SEP + label.iloc[some].astype(str)
    return categorical(pairs, category_scores(framework))[spread.ravel()]
