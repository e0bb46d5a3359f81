"""The JSON contract of `score --format json`: an `Assessment` as plain, finite, JSON-ready records.

One community gives one object:

    {"community", "year", "framework", "overall": {...}, "domains": [...], "indicators": [...], "issues": [...]}

whose issues are the community's own and the file-level ones. A panel (several communities) gives

    {"framework", "communities": [one object per community, each with its own issues only], "issues": [...]}

with the file-level issues once, at the top. An issue is file-level when its `community` is missing (a sheet note,
a header problem), when the issue table has no `community` column at all, or when it names a community that has no
record (every row of it excluded, or no value in the year asked for): such issues are kept, never dropped.

Every number is finite or null (NaN and ±inf become null), so `json.dumps(..., allow_nan=False)` always succeeds.
The frames are read column by column and grouped once; nothing is masked per community.
"""

from __future__ import annotations

import json
import math
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from assessor.issues import localised

if TYPE_CHECKING:
    from assessor.assess import Assessment
    from assessor.framework import Lang

Record = dict[str, Any]
ISSUE_FIELDS = ("severity", "sheet", "row", "column", "value", "message", "hint")


def assessment_records(assessment: Assessment, lang: Lang = "en") -> Record:
    """The JSON document of an assessment: one community's object, or the panel object (see the module doc)."""
    framework = _framework_label(assessment)
    communities, own, file_level = _split(assessment, lang)
    if len(communities) == 1:
        (record,) = communities
        record["issues"] = own[0] + file_level
        return record
    for record, issues in zip(communities, own, strict=True):
        record["issues"] = issues
    return {"framework": framework, "communities": communities, "issues": file_level}


def community_records(assessment: Assessment, lang: Lang = "en") -> list[Record]:
    """One self-contained object per community, each with its own issues and the file-level ones."""
    communities, own, file_level = _split(assessment, lang)
    for record, issues in zip(communities, own, strict=True):
        record["issues"] = issues + file_level
    return communities


def assessment_json(assessment: Assessment, lang: Lang = "en", indent: int | None = 2) -> str:
    """`assessment_records` as JSON text (UTF-8 characters kept, NaN refused)."""
    return dumps(assessment_records(assessment, lang), indent)


def dumps(document: object, indent: int | None = 2) -> str:
    return json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False)


# ---------------------------------------------------------------- building


def _framework_label(assessment: Assessment) -> str:
    meta = assessment.framework.meta
    return f"{meta.id} {meta.version}"


def _split(assessment: Assessment, lang: Lang) -> tuple[list[Record], list[list[Record]], list[Record]]:
    """The community objects (without issues), each community's issues in the same order, and the file-level ones."""
    framework = _framework_label(assessment)
    overall, dom, ind = assessment.overall, assessment.domains, assessment.indicators
    names = _column(overall, "community")
    index = pd.Index(names, dtype=object)

    # Column by column, then one dict literal per row (twice as fast as dict(zip(keys, row))).
    domains = [
        {"id": i, "score": s, "evidenced_score": e, "coverage": c, "level": lv, "insufficient_data": f}
        for i, s, e, c, lv, f in zip(
            _plain(_series(dom, "domain")),
            _rounded(_series(dom, "score"), 2),
            _rounded(_series(dom, "evidenced_score"), 2),
            _rounded(_series(dom, "coverage"), 3),
            _plain(_series(dom, "level")),
            _flag(_series(dom, "insufficient")),
            strict=True,
        )
    ]
    indicators = [
        {"id": i, "domain": d, "value": v, "score": s, "evidenced": e, "evidence_status": st, "gap": g, "impact": m}
        for i, d, v, s, e, st, g, m in zip(
            _plain(_series(ind, "indicator_id")),
            _plain(_series(ind, "domain")),
            _label_or_value(_series(ind, "label"), _series(ind, "value")),
            _rounded(_series(ind, "score"), 2),
            _rounded(_series(ind, "evidenced"), 2),
            _plain(_series(ind, "evidence_status")),
            _rounded(_series(ind, "gap"), 2),
            _rounded(_series(ind, "impact"), 3),
            strict=True,
        )
    ]
    domains_of = _grouped(domains, _codes(index, dom), len(names))
    indicators_of = _grouped(indicators, _codes(index, ind), len(names))
    records = [
        {
            "community": name,
            "year": None if year is None else int(year),
            "framework": framework,
            "overall": {"score": s, "evidenced_score": e, "level": lv},
            "domains": domains_of[k],
            "indicators": indicators_of[k],
        }
        for k, (name, year, s, e, lv) in enumerate(
            zip(
                names,
                _column(overall, "year"),
                _rounded(_series(overall, "score"), 2),
                _rounded(_series(overall, "evidenced_score"), 2),
                _plain(_series(overall, "level")),
                strict=True,
            )
        )
    ]

    issues = assessment.issues
    shown = localised(issues, lang, places=False)  # a machine format: sheet and column keys as stored
    fields = (*ISSUE_FIELDS, "file") if "file" in shown.columns else ISSUE_FIELDS  # merged files name theirs
    issue_rows = _rows(shown, fields)
    if "community" in issues.columns:
        owner = _column(issues, "community")
        codes = _codes(index, issues)
    else:
        owner = [None] * len(issues)
        codes = np.full(len(issues), -1, dtype=np.int64)
    for row, who in zip(issue_rows, owner, strict=True):
        row["community"] = who
    grouped = _grouped(issue_rows, codes, len(names) + 1, offset=1)  # slot 0: no record of its own
    return records, grouped[1:], grouped[0]


def _codes(index: pd.Index, frame: pd.DataFrame) -> np.ndarray:
    """Each row's position in `index` by its community; -1 when it has none or one without a record."""
    if "community" not in frame.columns or frame.empty:
        return np.full(len(frame), -1, dtype=np.int64)
    return index.get_indexer(pd.Index(_column(frame, "community"), dtype=object))


def _grouped(rows: list[Record], codes: np.ndarray, n: int, offset: int = 0) -> list[list[Record]]:
    """`rows` split into `n` lists by code (+ offset), keeping their order within each list; one stable sort."""
    slot = np.asarray(codes, dtype=np.int64) + offset
    keep = (slot >= 0) & (slot < n)
    order = np.flatnonzero(keep)[np.argsort(slot[keep], kind="stable")]
    bounds = np.concatenate([[0], np.cumsum(np.bincount(slot[keep], minlength=n))])
    picked = [rows[i] for i in order.tolist()]
    return [picked[bounds[k] : bounds[k + 1]] for k in range(n)]


def _rows(frame: pd.DataFrame, fields: tuple[str, ...]) -> list[Record]:
    """One dict per row of plain values from the named columns."""
    columns = [_plain(_series(frame, f)) for f in fields]
    return [dict(zip(fields, values, strict=True)) for values in zip(*columns, strict=True)]


def _series(frame: pd.DataFrame, name: str) -> pd.Series:
    """A column, or an all-missing one when the frame lacks it."""
    if name in frame.columns:
        return frame[name]
    return pd.Series([None] * len(frame), index=frame.index, dtype=object)


def _numeric(col: pd.Series) -> bool:
    return isinstance(col.dtype, np.dtype) and col.dtype.kind in "fiub"


def _column(frame: pd.DataFrame, name: str) -> list[object]:
    """A column as Python objects, every missing value (None, NaN, NA, NaT) as None; a missing column is all None."""
    return _objects(_series(frame, name))


def _objects(col: pd.Series) -> list[object]:
    values = col.to_numpy() if _numeric(col) else col.to_numpy(dtype=object)
    if values.dtype.kind in "iub":
        return values.tolist()
    missing = pd.isna(values)
    out = values.tolist()
    if missing.any():
        for i in np.flatnonzero(missing).tolist():
            out[i] = None
    return out


# ---------------------------------------------------------------- values


def _plain(col: pd.Series) -> list[object]:
    """Plain JSON values: missing as None, numpy scalars as Python ones, non-finite floats as None."""
    return [v if v is None or type(v) is str else _scalar(v) for v in _objects(col)]


def _scalar(v: object) -> object:
    if isinstance(v, np.generic):
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return None
    return v


def _num(v: object, digits: int = 2) -> float | None:
    """A finite number rounded to `digits`, else None (missing, NaN, ±inf, or not a number at all)."""
    v = _scalar(v)
    if v is None or isinstance(v, str):
        return None
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(x, digits) if math.isfinite(x) else None


def _rounded(col: pd.Series, digits: int) -> list[float | None]:
    """Each value as `_num` gives it; a numeric column in one pass (Python's `round`, as exact as one by one)."""
    if not pd.api.types.is_numeric_dtype(col.dtype):
        return [_num(v, digits) for v in _objects(col)]
    values = col.to_numpy(dtype=float, na_value=np.nan)
    finite = np.isfinite(values)
    scale = 10.0**digits
    with np.errstate(invalid="ignore", over="ignore"):
        scaled = values * scale
        out = np.rint(scaled) / scale
        # rint(x·10^d)/10^d is Python's round(x, d) except where x·10^d lies a hair from a half (its product rounded
        # either way) or is too large for a fine fraction: those few go through `round` itself.
        unsure = finite & ((np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6) | (np.abs(scaled) >= 2.0**30))
    result: list[float | None] = out.tolist()
    for i in np.flatnonzero(unsure).tolist():
        result[i] = round(float(values[i]), digits)
    for i in np.flatnonzero(~finite).tolist():
        result[i] = None
    return result


def _flag(col: pd.Series) -> list[bool | None]:
    return [None if v is None else bool(v) for v in _objects(col)]


def _label_or_value(labels: pd.Series, values: pd.Series) -> list[object]:
    """An indicator's value as written: its label (a category, a level text) when it has one, else the number."""
    return [lab if lab is not None else v for lab, v in zip(_plain(labels), _rounded(values, 6), strict=True)]
