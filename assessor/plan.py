"""The action roadmap: which actions, what the indicators would read after them (what-if), and what the plan misses.

Rules, the same in the app, the command line and the exports:

- **An expected value is a level, never an increment**: the value the indicator should read after the action. The
  projected value of an indicator is the best of today's value and every chosen action's expected value, "best" by
  score and then by the indicator's direction (a lower price is better). So two actions on one indicator do not add,
  and a completed action whose value is already in the data changes nothing: it is never counted twice. A completed
  action whose value is not in the data yet is listed, so the office can update its sheet.
- **Evidence of a projected value**: the plan assumes each action is delivered with its evidence documented, so a
  value an action improves counts as `documented` (evidenced). Indicators no chosen action improves keep today's
  value and evidence status; their evidence gap stays.
- The projection is today's submission with those values replaced, re-assessed by `assess`: no score is computed here.
- The year projected is the assessment's year for the community (its latest, or the one asked).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from assessor.assess import Assessment, assess
from assessor.read.actions import ONCE
from assessor.scoring import method_table, score_rows

DONE, CANCELLED = "completed", "cancelled"
#: The evidence status the plan assumes for a value an action improves.
PROJECTED_STATUS = "documented"
_EPS = 1e-9


@dataclass(frozen=True)
class WhatIf:
    """Today and the projection after the chosen actions, for one community."""

    community: str
    chosen: tuple[str, ...]
    today: Assessment
    planned: Assessment
    #: One row per catalogue indicator: today's and the planned value, score and evidenced score, and the actions
    #: (ids, comma-separated) that set the planned value.
    indicators: pd.DataFrame
    #: One row per domain: today's and the planned score, evidenced score and level.
    domains: pd.DataFrame
    #: Chosen completed actions whose expected value is better than the data: their result is not in the sheet yet.
    not_in_data: pd.DataFrame

    @property
    def overall(self) -> dict[str, object]:
        now, then = self.today.overall.iloc[0], self.planned.overall.iloc[0]
        return {
            "score": float(now["score"]),
            "evidenced_score": float(now["evidenced_score"]),
            "level": str(now["level"]),
            "planned_score": float(then["score"]),
            "planned_evidenced_score": float(then["evidenced_score"]),
            "planned_level": str(then["level"]),
            "evidenced_gain": float(then["evidenced_score"] - now["evidenced_score"]),
        }


# ---------------------------------------------------------------- the actions of one community


def actions_of(a: Assessment, community: str) -> pd.DataFrame:
    """One row per action × indicator, the action's once-said fields filled on every row, figures as numbers, and
    for each row whether it can move its indicator (`usable`) and the score of its expected value."""
    fw = a.framework
    rows = a.actions
    if rows is None or rows.empty or "action_id" not in rows:
        rows = pd.DataFrame(columns=["community", "action_id", "indicator_id", *ONCE, "expected_value"])
    rows = rows[(rows["community"] == community) & rows["action_id"].notna()].reset_index(drop=True)
    for key in ONCE:
        if key not in rows:
            rows[key] = None
        rows[key] = rows.groupby("action_id", sort=False)[key].transform("first") if len(rows) else rows[key]
    for key in ("cost", "effort"):
        rows[key] = pd.to_numeric(rows[key].map(lambda v: v if isinstance(v, int | float) else None), errors="coerce")
    number = rows["expected_value"].map(lambda v: v if isinstance(v, int | float) and not isinstance(v, bool) else None)
    rows["expected_number"] = pd.to_numeric(number, errors="coerce")
    label = rows["expected_label"] if "expected_label" in rows else pd.Series(None, index=rows.index, dtype=object)
    rows["expected_label"] = label.where(label.notna(), None)
    known = rows["indicator_id"].isin(list(fw.by_id))
    ids = rows["indicator_id"].where(known)
    rows["domain"] = ids.map(lambda i: fw.by_id[i].domain if isinstance(i, str) else None)
    rows["expected_score"] = (
        score_rows(ids.astype(object), rows["expected_number"], rows["expected_label"], fw) if len(rows) else []
    )
    rows["usable"] = known & pd.Series(rows["expected_score"], index=rows.index).notna()
    rows["due_date"] = pd.Series([_day(v) for v in rows["due"]], index=rows.index, dtype=object)
    return rows


def _day(v: object) -> datetime.date | None:
    """A due date the reader took as a date (ISO text); anything else (`quý 3/2026`) is no date."""
    try:
        return datetime.date.fromisoformat(v) if isinstance(v, str) else None
    except ValueError:
        return None


def action_list(rows: pd.DataFrame) -> pd.DataFrame:
    """One row per action (its first row), with the indicators it names."""
    if rows.empty:
        return rows.assign(indicators="")
    named = rows.groupby("action_id", sort=False)["indicator_id"].agg(lambda s: ", ".join(s.dropna().astype(str)))
    first = rows.drop_duplicates("action_id").set_index("action_id")
    return first.assign(indicators=named).reset_index()


def choose(
    rows: pd.DataFrame,
    *,
    statuses: Iterable[str] | None = None,
    until: datetime.date | None = None,
    ids: Iterable[str] | None = None,
) -> tuple[str, ...]:
    """Action ids by status, by "everything due by DATE" (with no due date: not chosen), and by hand; the filters
    given are combined (an action must pass each). Cancelled actions are never chosen by status or date."""
    acts = action_list(rows)
    if acts.empty:
        return ()
    keep = pd.Series(True, index=acts.index)
    if statuses is not None:
        keep &= acts["status"].isin(list(statuses))
    if until is not None:
        due = acts["due_date"]
        keep &= due.map(lambda d: isinstance(d, datetime.date) and d <= until) & (acts["status"] != CANCELLED)
    if ids is not None:
        keep &= acts["action_id"].isin(list(ids))
    return tuple(acts.loc[keep, "action_id"])


# ---------------------------------------------------------------- the projection


def beats_today(a: Assessment, cand: pd.DataFrame) -> pd.Series:
    """Whether each action row, on its own, would improve its indicator: a higher score, or the same score and a
    value further in the indicator's direction (a lower price); any value beats no value."""
    lower = method_table(a.framework)["lower_is_better"]
    sign = pd.Series(np.where(cand["indicator_id"].map(lower).fillna(False).astype(bool), -1.0, 1.0), index=cand.index)
    today = a.indicators.set_index("indicator_id")
    now = today["score"].reindex(cand["indicator_id"]).to_numpy(dtype=float)
    now_value = today["value"].reindex(cand["indicator_id"]).to_numpy(dtype=float)
    score = cand["expected_score"].to_numpy(dtype=float)
    toward = cand["expected_number"].to_numpy(dtype=float) * sign.to_numpy()
    with np.errstate(invalid="ignore"):
        further = toward > now_value * sign.to_numpy() + _EPS
        tie = np.abs(score - now) <= _EPS
        out = np.isnan(now) | (score > now + _EPS) | (tie & further & ~np.isnan(toward))
    return pd.Series(out, index=cand.index)


def winners(a: Assessment, rows: pd.DataFrame, chosen: Iterable[str]) -> pd.DataFrame:
    """Per indicator the best chosen action row (score first, then direction), and whether it beats today."""
    wanted = set(chosen)
    cand = rows[rows["action_id"].isin(wanted) & rows["usable"]].copy()
    if cand.empty:
        return cand.assign(beats=[], by=[])
    lower = method_table(a.framework)["lower_is_better"]
    sign = np.where(cand["indicator_id"].map(lower).fillna(False).astype(bool), -1.0, 1.0)
    cand["_toward"] = cand["expected_number"].fillna(0.0) * sign
    order = ["indicator_id", "expected_score", "_toward"]
    cand = cand.sort_values(order, ascending=[True, False, False], kind="stable")
    best = cand.drop_duplicates("indicator_id")
    best = best.assign(beats=beats_today(a, best)).set_index("indicator_id")
    # Every chosen action that reaches the winning value is named as setting it.
    top = best[["expected_score", "_toward"]]
    same = cand.merge(top, left_on="indicator_id", right_index=True, suffixes=("", "_b"))
    reach = (same["expected_score"] >= same["expected_score_b"] - _EPS) & (same["_toward"] >= same["_toward_b"] - _EPS)
    best["by"] = same[reach].groupby("indicator_id")["action_id"].agg(lambda s: ", ".join(dict.fromkeys(s)))
    return best.reset_index()


def project(a: Assessment, community: str, rows: pd.DataFrame, chosen: Iterable[str]) -> WhatIf:
    """The what-if: the chosen actions applied to today's submission and the whole assessment run again."""
    today = a.for_community(community)
    year = int(today.overall["year"].iloc[0])
    chosen = tuple(dict.fromkeys(chosen))
    best = winners(today, rows, chosen)
    moved = best[best["beats"]] if len(best) else best
    sub = a.submission
    assert sub is not None, "an assessment made by `assess` carries its submission"
    data = sub.indicators
    live = data["excluded"].isna() & (data["community"] == community) & (pd.array(data["year"], dtype="Int64") == year)
    at = live.to_numpy(dtype=bool, na_value=False) & data["indicator_id"].isin(list(moved["indicator_id"])).to_numpy()
    new = data.copy()
    by_id = moved.set_index("indicator_id") if len(moved) else moved
    if at.any():
        ids = new.loc[at, "indicator_id"]
        new.loc[at, "value"] = ids.map(by_id["expected_number"]).astype(float).to_numpy()
        new["label"] = new["label"].astype(object)
        new.loc[at, "label"] = ids.map(by_id["expected_label"]).to_numpy()
        new.loc[at, "evidence_status"] = PROJECTED_STATUS
    missing = [i for i in moved["indicator_id"] if i not in set(data.loc[at, "indicator_id"])] if len(moved) else []
    if missing:
        added = pd.DataFrame(
            {
                "community": community,
                "indicator_id": missing,
                "year": year,
                "value": [by_id.loc[i, "expected_number"] for i in missing],
                "label": [by_id.loc[i, "expected_label"] for i in missing],
                "evidence_status": PROJECTED_STATUS,
                "sheet": "plan",
            }
        )
        new = pd.concat([new, added.reindex(columns=new.columns)], ignore_index=True)
        new["year"] = pd.array(new["year"], dtype="Int64")
        new["value"] = new["value"].astype(float)
    planned = assess(replace(sub, indicators=new), a.framework, year).for_community(community)
    return WhatIf(
        community=community,
        chosen=chosen,
        today=today,
        planned=planned,
        indicators=_indicator_table(today, planned, best),
        domains=_domain_table(today, planned),
        not_in_data=_not_in_data(today, rows, chosen),
    )


def _indicator_table(today: Assessment, planned: Assessment, best: pd.DataFrame) -> pd.DataFrame:
    cols = ["indicator_id", "domain", "value", "label", "score", "evidenced", "evidence_status"]
    out = today.indicators[cols].merge(
        planned.indicators[cols[:1] + cols[2:]], on="indicator_id", suffixes=("", "_planned"), how="left"
    )
    by = best.loc[best["beats"], ["indicator_id", "by"]] if len(best) else pd.DataFrame(columns=["indicator_id", "by"])
    out = out.merge(by, on="indicator_id", how="left")
    out["by"] = out["by"].fillna("")
    return out


def _domain_table(today: Assessment, planned: Assessment) -> pd.DataFrame:
    cols = ["domain", "score", "evidenced_score", "level"]
    return today.domains[cols].merge(planned.domains[cols], on="domain", suffixes=("", "_planned"), how="left")


def _not_in_data(today: Assessment, rows: pd.DataFrame, chosen: tuple[str, ...]) -> pd.DataFrame:
    """Chosen completed actions whose own expected value beats today's: their result is not in the data yet."""
    done = rows[rows["action_id"].isin(chosen) & (rows["status"] == DONE) & rows["usable"]]
    if done.empty:
        return done.iloc[:0][["action_id", "title", "indicator_id"]]
    done = done[beats_today(today, done).to_numpy(dtype=bool)]
    return done[["action_id", "title", "indicator_id"]].reset_index(drop=True)


# ---------------------------------------------------------------- what the plan misses


def overdue(rows: pd.DataFrame, as_of: datetime.date) -> pd.DataFrame:
    """Actions due before `as_of` and neither completed nor cancelled, the longest overdue first."""
    acts = action_list(rows)
    if acts.empty:
        return acts.assign(days_late=[])
    late = acts["due_date"].map(lambda d: isinstance(d, datetime.date) and d < as_of)
    late &= ~acts["status"].isin([DONE, CANCELLED])
    out = acts[late].copy()
    out["days_late"] = [(as_of - d).days for d in out["due_date"]]
    return out.sort_values(["days_late", "action_id"], ascending=[False, True]).reset_index(drop=True)


def untouched(a: Assessment, rows: pd.DataFrame) -> tuple[list[str], pd.DataFrame]:
    """Domains no action (other than a cancelled one) moves, and the indicators with an ICF data point it leaves
    alone (`indicator_id`, `domain`, `icf`): the factors the roadmap says nothing about."""
    fw = a.framework
    live = rows[rows["usable"] & (rows["status"] != CANCELLED)] if len(rows) else rows
    moved = set(live["indicator_id"]) if len(live) else set()
    domains = [d.id for d in fw.domains if not any(i.id in moved for i in fw.in_domain(d.id))]
    icf = [
        {"indicator_id": i.id, "domain": i.domain, "icf": i.crosswalk.icf}
        for i in fw.indicators
        if i.crosswalk.icf and i.id not in moved
    ]
    return domains, pd.DataFrame(icf, columns=["indicator_id", "domain", "icf"])
