"""Pace: how fast each domain and each indicator moves across the years, and whether that pace reaches a target
score by a deadline year.

The trend is the ordinary least-squares slope of the **evidenced** score against the year, over the years that have a
score (readiness levels are judged on the evidenced score). The projection starts from the latest evidenced score, not
from the fitted line: the office starts from where it stands today, and the slope says how fast it has been moving.
The year a target is reached is the first whole year at or after `latest_year + (target − latest) / slope`.

One point gives no trend; two points give a trend drawn from two points only, and the result says so (`basis`).
Everything is computed with group-by sums on the tidy frame, never a loop per row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from assessor.assess import Assessment, score_table
from assessor.framework import Framework, Lang
from assessor.i18n import number, t

#: Statuses, in the order a reader sorts them: reached already, will reach, too slow, not rising, no trend, no data.
STATUSES = ("reached", "on_track", "too_slow", "not_rising", "one_point", "no_data")


@dataclass(frozen=True)
class Pace:
    """The pace of every domain and every indicator of one assessment, against one target and one deadline."""

    target: float
    deadline: int
    domains: pd.DataFrame
    indicators: pd.DataFrame


def level_threshold(framework: Framework, level_id: str) -> float:
    """The evidenced score at which a readiness level starts (from the catalogue)."""
    return next(float(lv.min) for lv in framework.levels if lv.id == level_id)


def trend(frame: pd.DataFrame, keys: list[str], target: float, deadline: int) -> pd.DataFrame:
    """Per group of `keys`: points, first and latest year, latest score, least-squares slope (points a year),
    projected score at `deadline` (clipped to 0–100), the year `target` is reached, the status and the basis.

    `frame` has the `keys`, `year` and `y` (the score); rows with no score are left out of the fit.
    """
    data = frame.loc[frame["y"].notna(), [*keys, "year", "y"]].copy()
    data["year"] = data["year"].astype(float)
    data["y"] = data["y"].astype(float)
    groups = frame[keys].drop_duplicates().reset_index(drop=True)
    if data.empty:
        out = groups.assign(points=0, first_year=pd.NA, latest_year=pd.NA, latest=np.nan, slope=np.nan)
    else:
        data = data.assign(xy=data["year"] * data["y"], xx=data["year"] ** 2).sort_values([*keys, "year"])
        g = data.groupby(keys, sort=False)
        sums = g[["year", "y", "xy", "xx"]].sum()
        n = g.size().astype(float)
        spread = n * sums["xx"] - sums["year"] ** 2  # zero when every point is the same year (one point)
        with np.errstate(invalid="ignore", divide="ignore"):
            slope = (n * sums["xy"] - sums["year"] * sums["y"]) / spread
        stats = pd.DataFrame(
            {
                "points": n.astype(int),
                "first_year": g["year"].min().astype(int),
                "latest_year": g["year"].max().astype(int),
                "latest": g["y"].last(),
                "slope": slope.where(n >= 2),
            }
        ).reset_index()
        out = groups.merge(stats, on=keys, how="left")
        out["points"] = out["points"].fillna(0).astype(int)
    latest = out["latest"].astype(float)
    slope = out["slope"].astype(float)
    latest_year = pd.to_numeric(out["latest_year"], errors="coerce").astype(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        exact = latest_year + (target - latest) / slope
    rising = slope > 0
    reach = np.ceil(exact.where(rising & (latest < target)) - 1e-9)
    reach = reach.where(latest < target, latest_year)
    out["projected"] = (latest + slope.fillna(0.0) * (deadline - latest_year)).clip(0.0, 100.0).where(slope.notna())
    out["reach_year"] = pd.array(reach.round(), dtype="Int64")
    status = np.select(
        [
            out["points"].to_numpy() == 0,
            (latest >= target).to_numpy(),
            out["points"].to_numpy() == 1,
            ~rising.to_numpy(),
            (reach <= deadline).to_numpy(),
        ],
        ["no_data", "reached", "one_point", "not_rising", "on_track"],
        default="too_slow",
    )
    out["status"] = status
    out["basis"] = np.select(
        [out["points"] >= 3, out["points"] == 2, out["points"] == 1], ["trend", "two_points", "one_point"], "none"
    )
    return out


def pace(a: Assessment, target: float, deadline: int) -> Pace:
    """Every domain's and every indicator's pace for the communities of `a`, over all their years."""
    history = a.domain_history.rename(columns={"evidenced_score": "y"})
    domains = trend(history, ["community", "domain"], target, deadline)
    order = {d.id: n for n, d in enumerate(a.framework.domains)}
    domains = domains.sort_values(["community", "domain"], key=lambda s: s.map(order) if s.name == "domain" else s)
    indicators = _indicator_pace(a, target, deadline)
    return Pace(target, deadline, domains.reset_index(drop=True), indicators)


def _indicator_pace(a: Assessment, target: float, deadline: int) -> pd.DataFrame:
    if a.submission is None:
        return pd.DataFrame(columns=["community", "indicator_id", "domain", "status"])
    data = a.submission.scorable
    data = data[data["community"].isin(a.communities)]
    table = score_table(data, a.framework) if len(data) else pd.DataFrame(columns=["community", "indicator_id", "year"])
    table = table.assign(y=table.get("evidenced"))
    out = trend(table, ["community", "indicator_id"], target, deadline)
    catalogue = pd.DataFrame(
        {
            "indicator_id": [i.id for i in a.framework.indicators],
            "domain": [i.domain for i in a.framework.indicators],
            "order": range(len(a.framework.indicators)),
        }
    )
    out = out.merge(catalogue, on="indicator_id", how="left").sort_values(["community", "order"])
    return out.drop(columns="order").reset_index(drop=True)


# ---------------------------------------------------------------- what a reader is told


def status_text(row: pd.Series, lang: Lang) -> str:
    """One row's verdict in words: the year reached, or why there is none; two points are said to be two."""
    status = row["status"]
    if status == "on_track" or status == "too_slow":
        text = t(f"pace.status.{status}", lang, year=int(row["reach_year"]))
    else:
        text = t(f"pace.status.{status}", lang)
    if row["basis"] == "two_points" and status not in ("reached", "no_data"):
        text = f"{text} {t('pace.two_points', lang)}"
    return text


def slope_text(slope: float, lang: Lang) -> str:
    if slope != slope:  # NaN: no trend
        return "–"
    sign = "+" if slope > 0 else ""
    return t("pace.per_year", lang, slope=f"{sign}{number(slope, lang)}")


def summary(p: Pace, framework: Framework, lang: Lang, target_name: str) -> str:
    """One sentence: which domains reach the target by the deadline at the current pace, which do not, and the
    caveat when a trend rests on too few years."""
    d = p.domains
    names = {dm.id: dm.name(lang) for dm in framework.domains}

    def listed(mask: pd.Series) -> str:
        return ", ".join(names[x] for x in d.loc[mask, "domain"]) or "–"

    ok = d["status"].isin(["reached", "on_track"])
    text = t(
        "pace.summary",
        lang,
        n=int(ok.sum()),
        total=len(d),
        target=target_name,
        deadline=p.deadline,
        short=listed(~ok & d["status"].isin(["too_slow", "not_rising"])),
    )
    if (d["points"] <= 1).all():
        text += " " + t("pace.summary_one_point", lang)
    elif (d["points"] == 2).any():
        text += " " + t("pace.summary_two_points", lang)
    return text


def table(p: Pace, framework: Framework, lang: Lang, domain: str | None = None) -> pd.DataFrame:
    """The pace as a reader sees it, headers in `lang`: per domain, or per indicator of `domain` when given."""
    if domain is None:
        rows = p.domains
        first = {t("col.domain", lang): [framework.domain_by_id[d].name(lang) for d in rows["domain"]]}
    else:
        rows = p.indicators[p.indicators["domain"] == domain]
        first = {
            t("col.id", lang): rows["indicator_id"].tolist(),
            t("col.indicator", lang): [framework.by_id[i].name(lang) for i in rows["indicator_id"]],
        }

    def years(a: object, b: object) -> str:
        return "–" if pd.isna(a) else str(int(a)) if a == b else f"{int(a)}–{int(b)}"

    return pd.DataFrame(
        {
            **first,
            t("pace.col.years", lang): [
                years(a, b) for a, b in zip(rows["first_year"], rows["latest_year"], strict=True)
            ],
            t("pace.col.latest", lang): [number(v, lang) for v in rows["latest"]],
            t("pace.col.slope", lang): [slope_text(v, lang) for v in rows["slope"]],
            t("pace.col.projected", lang): [number(v, lang) for v in rows["projected"]],
            t("pace.col.verdict", lang): [status_text(r, lang) for _, r in rows.iterrows()],
        }
    )
