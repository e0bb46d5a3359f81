"""Reference profiles and panels: the ICF 2017 applicant averages scored on our scale, a community among its peers.

A benchmark is scored through the very same pipeline as a community, so the radar compares like with like; its
coverage is partial (ICF published few averages) and says so.
"""

from __future__ import annotations

import pandas as pd

from assessor.assess import Assessment, aggregate, score_table
from assessor.framework import Benchmark, Framework


def benchmark_frame(benchmark: Benchmark) -> pd.DataFrame:
    """The benchmark's values as scorable tidy rows (averages are published figures, so counted as documented)."""
    values = benchmark.values
    return pd.DataFrame(
        {
            "community": benchmark.label.en,
            "year": benchmark.year,
            "indicator_id": list(values),
            "value": [v if not isinstance(v, str) else None for v in values.values()],
            "label": pd.array([v if isinstance(v, str) else None for v in values.values()], dtype="string"),
            "evidence_status": "documented",
        }
    ).astype({"value": float})


def benchmark_domains(benchmark: Benchmark, framework: Framework) -> pd.DataFrame:
    """Domain scores of a reference profile; domains it says nothing about have no score (coverage 0)."""
    domains, _ = aggregate(score_table(benchmark_frame(benchmark), framework), framework)
    return domains.assign(benchmark=benchmark.id)


def panel_table(assessment: Assessment) -> pd.DataFrame:
    """Each community's score and rank among the panel (1 = highest evidenced score)."""
    overall = assessment.overall.copy()
    overall["rank"] = overall["evidenced_score"].rank(ascending=False, method="min").astype(int)
    overall["percentile"] = overall["evidenced_score"].rank(pct=True)
    return overall.sort_values("rank").reset_index(drop=True)


def domain_matrix(assessment: Assessment, column: str = "evidenced_score") -> pd.DataFrame:
    """Communities × domains, in catalogue order."""
    order = [d.id for d in assessment.framework.domains]
    return assessment.domains.pivot(index="community", columns="domain", values=column).reindex(columns=order)


def versus_reference(assessment: Assessment, community: str, reference: pd.DataFrame) -> pd.DataFrame:
    """Per domain, in catalogue order: claimed, evidenced, the reference's score and evidenced minus reference."""
    order = [d.id for d in assessment.framework.domains]
    mine = assessment.domains[assessment.domains["community"] == community].set_index("domain").reindex(order)
    ref = reference.set_index("domain")["score"].reindex(order)
    return pd.DataFrame(
        {
            "domain": order,
            "score": mine["score"].to_numpy(),
            "evidenced_score": mine["evidenced_score"].to_numpy(),
            "reference": ref.to_numpy(),
            "difference": (mine["evidenced_score"] - ref).to_numpy(),
        }
    )
