"""Score -> aggregate -> readiness levels -> gaps: one `Assessment` that the CLI, the app and the exports all read.

Everything is computed for every community and every year at once on the tidy frame (group-bys, no loop per row);
the assessment then shows the latest year of each community, or the year asked for, and keeps the rest as history.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from assessor.framework import EVIDENCED_STATUSES, Framework, Lang
from assessor.issues import IssueLog, empty_issues
from assessor.issues import for_community as issues_for
from assessor.records import community_records
from assessor.scoring import score_rows
from assessor.submission import Submission

KEYS = ["community", "year"]


@dataclass(frozen=True)
class Assessment:
    framework: Framework
    #: Selected community-years × every catalogue indicator: value, score, evidenced, gap, impact, evidence fields.
    indicators: pd.DataFrame
    #: Selected community-years × domains: score, evidenced_score, coverage, insufficient, level.
    domains: pd.DataFrame
    #: One row per selected community: score, evidenced_score, evidence_gap, level.
    overall: pd.DataFrame
    #: The same three tables over every year in the data.
    history: pd.DataFrame
    domain_history: pd.DataFrame
    issues: pd.DataFrame = field(default_factory=empty_issues)
    profile: pd.DataFrame = field(default_factory=pd.DataFrame)
    narratives: pd.DataFrame = field(default_factory=pd.DataFrame)
    actions: pd.DataFrame = field(default_factory=pd.DataFrame)
    source: str = ""
    sha256: str = ""
    #: What was read, every row and year: the exports write it back so a round trip loses nothing.
    submission: Submission | None = None

    @property
    def communities(self) -> list[str]:
        return self.overall["community"].tolist()

    def for_community(self, community: str) -> Assessment:
        """The same assessment narrowed to one community: its rows, and the issues on its rows and on the file."""

        def only(frame: pd.DataFrame) -> pd.DataFrame:
            if frame.empty or "community" not in frame:
                return frame
            return frame[frame["community"] == community].reset_index(drop=True)

        return replace(
            self,
            issues=issues_for(self.issues, community),
            **{
                name: only(getattr(self, name))
                for name in (
                    "indicators",
                    "domains",
                    "overall",
                    "history",
                    "domain_history",
                    "profile",
                    "narratives",
                    "actions",
                )
            },
        )

    @cached_property
    def priorities(self) -> pd.DataFrame:
        """Every scored indicator with a gap, the largest impact on the community score first."""
        scored = self.indicators[self.indicators["score"].notna() & (self.indicators["gap"] > 0)]
        return scored.sort_values(["community", "impact", "indicator_id"], ascending=[True, False, True]).reset_index(
            drop=True
        )

    @cached_property
    def evidence_gaps(self) -> pd.DataFrame:
        """Scored indicators whose points do not count yet for want of evidence, the most points first."""
        missing = self.indicators[self.indicators["evidence_impact"] > 0]
        return missing.sort_values(
            ["community", "evidence_impact", "indicator_id"], ascending=[True, False, True]
        ).reset_index(drop=True)

    def to_records(self, lang: Lang = "en") -> list[dict[str, Any]]:
        """One JSON-ready object per community, each with its own issues and the file-level ones.

        The document `score --format json` writes is `assessor.records.assessment_records`.
        """
        return community_records(self, lang)


# ---------------------------------------------------------------- the pipeline


def catalogue_frame(framework: Framework) -> pd.DataFrame:
    """Indicator id, domain, weight and the domain's weight, in catalogue order."""
    domain_weight = {d.id: d.weight for d in framework.domains}
    return pd.DataFrame(
        {
            "indicator_id": [i.id for i in framework.indicators],
            "domain": [i.domain for i in framework.indicators],
            "weight": [i.weight for i in framework.indicators],
            "domain_weight": [domain_weight[i.domain] for i in framework.indicators],
            "order": np.arange(len(framework.indicators)),
        }
    )


def level_ids(framework: Framework, scores: pd.Series) -> pd.Series:
    """Readiness level of each score (thresholds from the catalogue); no score reaches the lowest level."""
    mins = np.array([lv.min for lv in framework.levels])
    ids = np.array([lv.id for lv in framework.levels], dtype=object)
    at = np.searchsorted(mins, scores.fillna(-1).to_numpy(dtype=float), side="right") - 1
    return pd.Series(ids[np.clip(at, 0, None)], index=scores.index, dtype="string")


def score_table(data: pd.DataFrame, framework: Framework) -> pd.DataFrame:
    """Every community-year in `data` × every catalogue indicator, scored, with shares, gaps and impacts."""
    scored = data.assign(score=score_rows(data["indicator_id"], data["value"], data["label"], framework))
    # A community-year exists when it has a score; a community with none still appears, at its latest year.
    pairs = scored.loc[scored["score"].notna(), KEYS].drop_duplicates()
    # Asked once per distinct community (a handful), not once per row.
    codes, names = pd.factorize(scored["community"], use_na_sentinel=False)
    unscored = scored.loc[~pd.Index(names).isin(pairs["community"])[codes], KEYS]
    pairs = pd.concat([pairs, unscored.groupby("community", as_index=False)["year"].max()], ignore_index=True)
    table = _grid(pairs, catalogue_frame(framework), scored)

    has = table["score"].notna()
    ev = table["evidence_status"].isin(EVIDENCED_STATUSES).fillna(False).astype(bool)
    table["evidenced"] = table["score"].where(ev, 0.0).where(has)
    w = table["weight"].where(has, 0.0).to_numpy(dtype=float)
    # The grid is community-year blocks of the catalogue, so a (community, year, domain) group is block × domain.
    n_ind = len(framework.indicators)
    domain_code = pd.factorize(table["domain"].iloc[:n_ind])[0]
    group = np.repeat(np.arange(len(table) // max(n_ind, 1)), n_ind) * len(framework.domains) + np.tile(
        domain_code, len(table) // max(n_ind, 1)
    )
    wsum = np.bincount(group, weights=w, minlength=1)[group] if len(table) else w
    with np.errstate(invalid="ignore", divide="ignore"):
        table["weight_share"] = pd.Series(w / wsum, index=table.index).where(has)
    table["gap"] = 100.0 - table["score"]
    n = sum(d.weight for d in framework.domains)
    to_community = table["domain_weight"] / n
    if framework.meta.aggregation == "geometric":
        # Closing one gap multiplies the domain's geometric mean by (100 / score) ** share: the points gained
        # depend on the domain's level, not only on the gap (same zero-safe floor of 1 as `aggregate`).
        share = table["weight_share"].to_numpy(dtype=float, na_value=np.nan)
        score = np.maximum(table["score"].to_numpy(dtype=float, na_value=np.nan), 1.0)
        evidenced = np.maximum(table["evidenced"].to_numpy(dtype=float, na_value=np.nan), 1.0)

        def mean_of_group(values: np.ndarray) -> np.ndarray:
            logs = np.where(np.isnan(values), 0.0, np.log(values) * w)
            return np.exp(np.bincount(group, weights=logs, minlength=1)[group] / wsum)

        with np.errstate(invalid="ignore", divide="ignore"):
            claimed, proven = mean_of_group(score), mean_of_group(evidenced)
            table["impact"] = pd.Series(claimed * ((100.0 / score) ** share - 1.0), index=table.index) * to_community
            table["evidence_impact"] = (
                pd.Series(proven * ((score / evidenced) ** share - 1.0), index=table.index) * to_community
            )
    else:
        table["impact"] = table["weight_share"] * table["gap"] * to_community
        table["evidence_impact"] = table["weight_share"] * (table["score"] - table["evidenced"]) * to_community
    return table


def _grid(pairs: pd.DataFrame, catalogue: pd.DataFrame, scored: pd.DataFrame) -> pd.DataFrame:
    """Community-years × catalogue, each cell filled from its scored row if any: a join done by positions.

    The same as a cross join then a left merge on (community, year, indicator), at a fraction of the cost on 50,000
    rows: every row's slot is computed from integer codes and the data columns are taken at once.
    """
    n_ind = len(catalogue)
    pairs = pairs.reset_index(drop=True)
    codes, _ = pd.factorize(pd.concat([pairs["community"], scored["community"]], ignore_index=True))
    span = 10_000  # years are four digits
    pair_keys = codes[: len(pairs)].astype(np.int64) * span + pairs["year"].to_numpy(dtype=np.int64)
    row_keys = codes[len(pairs) :].astype(np.int64) * span + scored["year"].to_numpy(dtype=np.int64, na_value=0)
    row_pair = pd.Index(pair_keys).get_indexer(row_keys)
    row_ind = pd.Index(catalogue["indicator_id"]).get_indexer(scored["indicator_id"].astype(object))
    placed = (row_pair >= 0) & (row_ind >= 0)
    source = np.full(len(pairs) * n_ind, -1, dtype=np.int64)
    source[row_pair[placed] * n_ind + row_ind[placed]] = np.flatnonzero(placed)

    left = pairs.iloc[np.repeat(np.arange(len(pairs)), n_ind)].reset_index(drop=True)
    right = catalogue.iloc[np.tile(np.arange(n_ind), len(pairs))].reset_index(drop=True)
    data = scored.drop(columns=[*KEYS, "indicator_id"]).reset_index(drop=True).reindex(source).reset_index(drop=True)
    return pd.concat([left, right, data], axis=1)


def aggregate(table: pd.DataFrame, framework: Framework) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Domain scores with coverage, then the community score (equal domain weights unless the catalogue says)."""
    group = [*KEYS, "domain"]
    has = table["score"].notna()
    w = table["weight"].where(has, 0.0)
    if framework.meta.aggregation == "geometric":
        # Zero-safe: a score of 0 counts as 1 so one empty indicator does not zero the domain.
        term = np.log(table["score"].clip(lower=1.0)) * w
        eterm = np.log(table["evidenced"].clip(lower=1.0)) * w
    else:
        term, eterm = table["score"] * w, table["evidenced"] * w
    parts = (
        pd.DataFrame({"w": w, "term": term.fillna(0.0), "eterm": eterm.fillna(0.0), "total": table["weight"]})
        .groupby([table[k] for k in group], sort=False)
        .sum()
    )
    domains = parts.reset_index()
    with np.errstate(invalid="ignore", divide="ignore"):
        score, evidenced = domains["term"] / domains["w"], domains["eterm"] / domains["w"]
    if framework.meta.aggregation == "geometric":
        score, evidenced = np.exp(score), np.exp(evidenced)
    domains["score"] = score.where(domains["w"] > 0)
    domains["evidenced_score"] = evidenced.where(domains["w"] > 0)
    domains["coverage"] = domains["w"] / domains["total"]
    domains["insufficient"] = domains["coverage"] < framework.meta.min_coverage
    domains["level"] = level_ids(framework, domains["evidenced_score"])
    dw = domains["domain"].map({d.id: d.weight for d in framework.domains}).astype(float)
    domains["domain_weight"] = dw

    # A domain with no data at all counts 0 in the community score: ICF weighs all six factors.
    overall = (
        domains.assign(
            s=domains["score"].fillna(0.0) * dw,
            e=domains["evidenced_score"].fillna(0.0) * dw,
            dw=dw,
            cov=domains["coverage"] * dw,
        )
        .groupby(KEYS, sort=False)[["s", "e", "dw", "cov"]]
        .sum()
        .reset_index()
    )
    overall["score"] = overall["s"] / overall["dw"]
    overall["evidenced_score"] = overall["e"] / overall["dw"]
    overall["evidence_gap"] = overall["score"] - overall["evidenced_score"]
    overall["coverage"] = overall["cov"] / overall["dw"]
    overall["level"] = level_ids(framework, overall["evidenced_score"])
    domain_cols = [*group, "score", "evidenced_score", "coverage", "insufficient", "level"]
    overall_cols = [*KEYS, "score", "evidenced_score", "evidence_gap", "coverage", "level"]
    return domains[domain_cols], overall[overall_cols]


def assess(submission: Submission, framework: Framework, year: int | None = None) -> Assessment:
    """The assessment of every community in the submission: its latest year, or `year` when given."""
    data = submission.scorable
    table = score_table(data, framework)
    domain_history, history = aggregate(table, framework)

    if year is None:
        chosen = history.groupby("community", sort=True)["year"].max().reset_index()
    else:
        chosen = history.loc[history["year"] == year, KEYS].drop_duplicates().sort_values("community")
    # One chosen year per community, so a row is selected when its year is its community's chosen year.
    chosen_year = dict(zip(chosen["community"], chosen["year"], strict=True))
    issues = _year_notes(submission.issues, history, chosen_year, year)
    order = {d.id: n for n, d in enumerate(framework.domains)}

    def selected(frame: pd.DataFrame, sort: list[str]) -> pd.DataFrame:
        codes, names = pd.factorize(frame["community"], use_na_sentinel=False)
        wanted = pd.array([chosen_year.get(n, pd.NA) for n in names], dtype="Int64")[codes]
        mask = (pd.array(frame["year"], dtype="Int64") == wanted).fillna(False).to_numpy(dtype=bool)
        return frame[mask].sort_values(sort, kind="stable").reset_index(drop=True)

    indicators = selected(table, ["community", "order"])
    domains = selected(domain_history.assign(_o=domain_history["domain"].map(order)), ["community", "_o"]).drop(
        columns="_o"
    )
    overall = selected(history, ["community"])
    history = history.sort_values(KEYS).reset_index(drop=True)
    domain_history = domain_history.sort_values(KEYS, kind="stable").reset_index(drop=True)
    return Assessment(
        framework=framework,
        indicators=indicators,
        domains=domains,
        overall=overall,
        history=history,
        domain_history=domain_history,
        issues=issues,
        profile=submission.profile,
        narratives=submission.narratives,
        actions=submission.actions,
        source=submission.source,
        sha256=submission.sha256,
        submission=submission,
    )


def _year_notes(issues: pd.DataFrame, history: pd.DataFrame, chosen: dict, year: int | None) -> pd.DataFrame:
    """Said, never silent: a community left out because it has no data for the year asked, and a panel whose
    communities are each shown at a different latest year."""
    log = IssueLog()
    latest = history.groupby("community", sort=True)["year"].max()
    left_out = latest[~latest.index.isin(list(chosen))]
    log.add_many(
        "no_data_for_year",
        "warning",
        "",
        pd.DataFrame({"row": None, "value": year, "community": left_out.index, "latest": left_out.astype(int).values}),
    )
    years = sorted({int(y) for y in chosen.values()})
    if year is None and len(years) > 1:
        log.add("mixed_years", "info", "", None, "", None, first=years[0], last=years[-1])
    notes = log.frame()
    return issues if notes.empty else pd.concat([issues, notes], ignore_index=True)
