"""The data-quality summary shown beside the scores: coverage, share of values evidenced, issues by severity."""

from __future__ import annotations

from dataclasses import dataclass

from assessor.assess import Assessment
from assessor.framework import EVIDENCED_STATUSES
from assessor.issues import for_community


@dataclass(frozen=True)
class Quality:
    coverage: float
    scored: int
    total: int
    share_evidenced: float
    errors: int
    warnings: int
    infos: int
    insufficient: tuple[str, ...]


def data_quality(assessment: Assessment, community: str) -> Quality:
    """For one community's selected year: the issues on its own rows and those of the file as a whole."""
    ind = assessment.indicators[assessment.indicators["community"] == community]
    overall = assessment.overall[assessment.overall["community"] == community]
    doms = assessment.domains[assessment.domains["community"] == community]
    scored = ind["score"].notna()
    evidenced = ind.loc[scored, "evidence_status"].isin(EVIDENCED_STATUSES).fillna(False)
    severity = for_community(assessment.issues, community)["severity"].value_counts()
    return Quality(
        coverage=float(overall["coverage"].iloc[0]) if len(overall) else 0.0,
        scored=int(scored.sum()),
        total=len(ind),
        share_evidenced=float(evidenced.mean()) if scored.any() else 0.0,
        errors=int(severity.get("error", 0)),
        warnings=int(severity.get("warning", 0)),
        infos=int(severity.get("info", 0)),
        insufficient=tuple(doms.loc[doms["insufficient"].astype(bool), "domain"]),
    )
