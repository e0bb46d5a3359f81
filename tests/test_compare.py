"""The ICF 2017 reference profile scored through the same pipeline, and a community set against it."""

import math
from pathlib import Path

import pytest

from assessor.assess import assess
from assessor.compare import benchmark_domains, panel_table, versus_reference
from assessor.framework import default_benchmarks
from assessor.read import read_submission

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


def test_reference_profile_scores_only_what_icf_published(framework):
    (icf2017,) = default_benchmarks(framework)
    domains = benchmark_domains(icf2017, framework).set_index("domain")
    # The 2017 averages are the targets of the indicators they feed: each scores 100.
    assert domains.loc["connectivity", "score"] == pytest.approx(100.0)
    assert domains.loc["connectivity", "coverage"] == pytest.approx(
        sum(i.weight for i in framework.in_domain("connectivity") if i.id in icf2017.values)
        / sum(i.weight for i in framework.in_domain("connectivity"))
    )
    assert math.isnan(domains.loc["innovation", "score"]) and domains.loc["innovation", "coverage"] == 0


def test_versus_reference_is_evidenced_minus_reference(framework):
    (icf2017,) = default_benchmarks(framework)
    result = assess(read_submission(SAMPLES / "binh_duong_illustrative.xlsx", framework), framework)
    vs = versus_reference(result, "Bình Dương", benchmark_domains(icf2017, framework)).set_index("domain")
    assert list(vs.index) == [d.id for d in framework.domains]
    assert vs.loc["connectivity", "difference"] == pytest.approx(vs.loc["connectivity", "evidenced_score"] - 100)
    assert math.isnan(vs.loc["innovation", "difference"])


def test_panel_ranks_by_evidenced_score(framework):
    result = assess(read_submission(SAMPLES / "panel_illustrative.xlsx", framework), framework)
    panel = panel_table(result)
    assert panel["rank"].tolist() == sorted(panel["rank"].tolist())
    assert panel["evidenced_score"].is_monotonic_decreasing
    assert len(panel) == len(result.communities) >= 12
