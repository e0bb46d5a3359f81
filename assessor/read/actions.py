"""The Actions sheet: a Navigator-shaped plan (action → programme → area) read into one row per action × indicator.

An action that moves several indicators is written as several rows sharing its action ID, one per indicator with the
value expected after the action; its title, area, programme, due date, owner, status and cost or effort are said once
(on any of its rows; a later row that says otherwise is reported). Every bad figure is reported on its row and kept as
typed, so the evidence workbook gives it back; nothing is dropped.
"""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd

from assessor.framework import Categorical, Framework, Lang
from assessor.issues import IssueLog
from assessor.layout import ACTION_STATUS_LABELS, ACTIONS, AREA_LABELS, fold, label_lookup
from assessor.messages import phrase
from assessor.read import fields
from assessor.read.cells import TEXT, clean_text, parse_numbers
from assessor.read.fields import as_text_where, where
from assessor.read.locate import Table

#: Columns of `Submission.actions`: the layout's, the category an expected answer names, then where it was read.
EXTRA = ["expected_label", "sheet", "row"]
#: Said once per action: a later row of the same action that says otherwise is reported.
ONCE = ("title", "area", "programme", "due", "owner", "status", "cost", "effort")

#: Day first, as Vietnamese (and most) offices write dates; ISO first of all.
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%m/%Y", "%Y")


def empty_actions() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in [*(c.key for c in ACTIONS.columns), *EXTRA]})


def read_due(cells: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Due dates as ISO text (`2026-06-30`), and where something was written that is not a date."""
    out = pd.Series(pd.NA, index=cells.index, dtype=TEXT)
    bad = np.zeros(len(cells), dtype=bool)
    for i, v in enumerate(cells.tolist()):
        if isinstance(v, datetime.datetime):
            out.iat[i] = v.date().isoformat()
        elif isinstance(v, datetime.date):
            out.iat[i] = v.isoformat()
        elif isinstance(v, str) and v.strip():
            parsed = _date_text(v.strip())
            out.iat[i] = parsed or v.strip()
            bad[i] = parsed is None
        elif not (v is None or (isinstance(v, float) and np.isnan(v)) or v == ""):
            out.iat[i], bad[i] = str(v), True
    return out, bad


def _date_text(text: str) -> str | None:
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    return None


def read_actions(
    found: Table | None, framework: Framework, indicators: pd.DataFrame, log: IssueLog, lang: Lang
) -> pd.DataFrame:
    if found is None:
        return empty_actions()
    keys = [c.key for c in ACTIONS.columns]
    sheet, table = found.sheet, found.data.reset_index(drop=True)
    figures = ("expected_value", "due", "cost", "effort")
    out = pd.DataFrame({k: clean_text(table[k]).to_numpy() for k in keys if k not in figures})
    names = indicators["community"].dropna().unique()
    out["community"] = out["community"].fillna(names[0] if len(names) == 1 else "")
    out["row"] = table["row"].to_numpy()
    if len(names) > 1:  # several communities: an action that names none belongs to no plan, and is said so
        nameless = (out["community"] == "").to_numpy()
        said = where(out.drop(columns="community"), nameless, out["action_id"])  # about the file, not a community
        log.add_many("action_no_community", "warning", sheet, said, "community")
    out["indicator_id"] = out["indicator_id"].str.upper()
    out["sheet"] = sheet

    categorical = out["indicator_id"].isin([i.id for i in framework.indicators if isinstance(i.method, Categorical)])
    _expected(out, table["expected_value"], categorical.to_numpy(dtype=bool), framework, log, sheet, lang)
    due, bad_due = read_due(table["due"])
    log.add_many("bad_due", "warning", sheet, where(out, bad_due, table["due"]), "due")
    out["due"] = due.to_numpy()
    for key in ("cost", "effort"):
        _figure(out, table[key], key, log, sheet, lang)
    typed = out[["status", "area"]].copy()
    for key, labels, code in (
        ("status", ACTION_STATUS_LABELS, "action_bad_status"),
        ("area", AREA_LABELS, "action_bad_area"),
    ):
        lookup = label_lookup(labels)
        canon = out[key].map(lambda v, lookup=lookup: lookup.get(fold(v)) if isinstance(v, str) else None)
        unknown = (out[key].notna() & canon.isna()).to_numpy()
        log.add_many(code, "warning", sheet, where(out, unknown, out[key]), key)
        # What is not recognised stays as typed.
        pairs = zip(canon, out[key], strict=True)
        out[key] = [c if isinstance(c, str) else o if isinstance(o, str) else None for c, o in pairs]

    # Every row read has something in it (blank rows are not read): an action needs its id and its title.
    no_id = out["action_id"].isna().to_numpy()
    no_title = out["title"].isna().to_numpy() & ~_titled_elsewhere(out)
    lacking = pd.Series(
        [
            phrase("issue.no_action_id_title" if a and b else "issue.no_action_id" if a else "issue.no_action_title")
            for a, b in zip(no_id, no_title, strict=True)
        ]
    )
    shown = out["action_id"].fillna(out["title"])
    log.add_many("action_incomplete", "error", sheet, where(out, no_id | no_title, shown, missing_text=lacking))
    unknown = out["indicator_id"].notna() & ~out["indicator_id"].isin(list(framework.by_id))
    log.add_many(
        "unknown_indicator",
        "warning",
        sheet,
        where(
            out,
            unknown,
            out["indicator_id"],
            suggestion=out["indicator_id"].map(
                lambda u: fields.closest(u, list(framework.by_id)) if isinstance(u, str) else "–"
            ),
        ),
        "indicator_id",
    )
    _said_twice(out, typed, log, sheet)
    return out[[*keys, *EXTRA]]


def _expected(
    out: pd.DataFrame,
    raw: pd.Series,
    categorical: np.ndarray,
    framework: Framework,
    log: IssueLog,
    sheet: str,
    lang: Lang,
) -> None:
    """The value expected after the action: a number, or for a Yes/Partial/No indicator, one of its answers."""
    parsed = parse_numbers(raw.where(~categorical), lang)
    unusable = (parsed.unreadable | parsed.not_finite | parsed.date | parsed.error).to_numpy() & ~categorical
    log.add_many("not_a_number", "error", sheet, where(out, unusable, raw), "expected_value")
    lookup = {
        (ind.id, fold(s)): c.id
        for ind in framework.indicators
        if isinstance(ind.method, Categorical)
        for c in ind.method.categories
        for s in (c.id, c.label.en, c.label.vi, *c.aliases)
    }
    text = clean_text(raw)
    label = pd.Series(
        [
            lookup.get((i, fold(v))) if c and isinstance(v, str) else None
            for i, v, c in zip(out["indicator_id"], text, categorical, strict=True)
        ],
        dtype=object,
    )
    bad_label = categorical & text.notna().to_numpy() & label.isna().to_numpy()
    log.add_many("action_bad_answer", "error", sheet, where(out, bad_label, raw), "expected_value")
    out["expected_label"] = label.to_numpy()
    # What could not be read stays as typed, so the evidence workbook gives it back; an answer stays as written.
    typed = unusable | categorical
    expected = parsed.value.astype(object).where(~typed, as_text_where(raw, typed & text.notna().to_numpy()))
    out["expected_value"] = expected.where(expected.notna(), None).to_numpy()


def _figure(out: pd.DataFrame, raw: pd.Series, key: str, log: IssueLog, sheet: str, lang: Lang) -> None:
    """Cost or effort: a number, zero or more; anything else reported on its row and kept as typed."""
    parsed = parse_numbers(raw, lang)
    bad = (parsed.unreadable | parsed.not_finite | parsed.date | parsed.error | (parsed.value < 0)).to_numpy()
    log.add_many("action_bad_figure", "error", sheet, where(out, bad, raw), key)
    value = parsed.value.astype(object).where(~bad, as_text_where(raw, bad).astype(object))
    out[key] = value.where(value.notna(), None).to_numpy()


def _titled_elsewhere(out: pd.DataFrame) -> np.ndarray:
    """A row of a multi-indicator action may leave the title to another row of the same action."""
    titled = out.loc[out["title"].notna() & out["action_id"].notna(), ["community", "action_id"]]
    known = set(zip(titled["community"], titled["action_id"], strict=True))
    return np.array([(c, a) in known for c, a in zip(out["community"], out["action_id"], strict=True)], dtype=bool)


def _said_twice(out: pd.DataFrame, typed: pd.DataFrame, log: IssueLog, sheet: str) -> None:
    """A later row of an action that gives one of its once-said fields another value: reported, the first one holds.

    Statuses and areas are compared by meaning (`done` and `hoàn thành` agree) and shown as typed; a cost or effort
    already reported as unreadable is not reported again.
    """
    named = out[out["action_id"].notna()]
    if named.empty or not named.duplicated(["community", "action_id"]).any():
        return
    for key in ONCE:
        number = named[key].map(lambda v: isinstance(v, float) and v == v)  # a read figure, not NaN
        usable = number if key in ("cost", "effort") else named[key].notna()
        given = named[usable.to_numpy(dtype=bool)]
        groups = given.groupby(["community", "action_id"], sort=False)[key]
        differs = given[key].astype(str) != groups.transform("first").astype(str)
        at = np.zeros(len(out), dtype=bool)
        at[out.index.get_indexer(given.index[differs.to_numpy()])] = True
        said = typed[key] if key in typed else out[key]
        first = said.loc[given.index].groupby([given["community"], given["action_id"]], sort=False).transform("first")
        shown = pd.Series(first.reindex(out.index).astype(object).to_numpy(), index=out.index)
        log.add_many("action_said_twice", "warning", sheet, where(out, at, said, first=shown), key)
