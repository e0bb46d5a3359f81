"""Aggregation against numbers worked out by hand on the mini catalogue, plus properties over generated data."""

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assessor.assess import assess

from factory import submission

# alpha: AAA01 goalpost 50->100 (weight 2), AAA02 goalpost 100->20 lower better, AAA03 yes/partial/no
# beta:  BBB01 bands target 50, BBB02 bands target 10 lower better, BBB03 level 0-4
ROWS = [
    {"indicator_id": "AAA01", "value": 75, "evidence_status": "verified"},  # 50
    {"indicator_id": "AAA02", "value": 60, "evidence_status": "self-reported"},  # 50, not evidenced
    {"indicator_id": "AAA03", "label": "yes", "evidence_status": "documented"},  # 100
    {"indicator_id": "BBB01", "value": 40, "evidence_status": "none"},  # ratio .8 -> 75, not evidenced
    {"indicator_id": "BBB03", "value": 2, "evidence_status": "verified"},  # 50
]


@pytest.fixture()
def result(mini_fw):
    return assess(submission(ROWS), mini_fw)


def test_domain_scores_by_hand(result):
    d = result.domains.set_index("domain")
    # alpha: (2*50 + 1*50 + 1*100) / 4 = 62.5 ; evidenced (2*50 + 0 + 100) / 4 = 50
    assert d.loc["alpha", "score"] == pytest.approx(62.5)
    assert d.loc["alpha", "evidenced_score"] == pytest.approx(50.0)
    assert d.loc["alpha", "coverage"] == pytest.approx(1.0)
    # beta: BBB02 has no data -> weights renormalised over BBB01, BBB03: (75 + 50) / 2 = 62.5 ; evidenced 25
    assert d.loc["beta", "score"] == pytest.approx(62.5)
    assert d.loc["beta", "evidenced_score"] == pytest.approx(25.0)
    assert d.loc["beta", "coverage"] == pytest.approx(2 / 3)
    assert not d.loc["beta", "insufficient"]


def test_community_score_levels_and_evidence_gap(result):
    o = result.overall.iloc[0]
    assert o["score"] == pytest.approx(62.5)
    assert o["evidenced_score"] == pytest.approx(37.5)
    assert o["evidence_gap"] == pytest.approx(25.0)
    assert o["level"] == "foundational"  # judged on the evidenced score: 37.5 < 40
    d = result.domains.set_index("domain")
    assert d.loc["alpha", "level"] == "developing" and d.loc["beta", "level"] == "foundational"


def test_gaps_and_impacts(result):
    i = result.indicators.set_index("indicator_id")
    # impact = weight share in domain × gap / number of domains (2 here)
    assert i.loc["AAA01", "impact"] == pytest.approx(0.5 * 50 / 2)
    assert i.loc["AAA02", "impact"] == pytest.approx(0.25 * 50 / 2)
    assert i.loc["BBB01", "impact"] == pytest.approx(0.5 * 25 / 2)
    assert i.loc["AAA03", "gap"] == 0 and np.isnan(i.loc["BBB02", "score"])
    assert i.loc["BBB01", "evidence_impact"] == pytest.approx(0.5 * 75 / 2)
    assert result.priorities["indicator_id"].tolist() == ["AAA01", "BBB03", "AAA02", "BBB01"]


def test_closing_a_gap_raises_the_community_score_by_its_impact(mini_fw, result):
    closed = [dict(r, value=100) if r["indicator_id"] == "AAA01" else r for r in ROWS]
    after = assess(submission(closed), mini_fw).overall.iloc[0]["score"]
    impact = result.indicators.set_index("indicator_id").loc["AAA01", "impact"]
    assert after - result.overall.iloc[0]["score"] == pytest.approx(impact)


def test_insufficient_coverage_is_flagged_and_missing_domain_counts_zero(mini_fw):
    r = assess(submission([{"indicator_id": "AAA03", "label": "yes"}]), mini_fw)
    d = r.domains.set_index("domain")
    assert d.loc["alpha", "coverage"] == pytest.approx(0.25) and d.loc["alpha", "insufficient"]
    assert np.isnan(d.loc["beta", "score"]) and d.loc["beta", "coverage"] == 0
    assert r.overall.iloc[0]["score"] == pytest.approx(50.0)  # (100 + 0) / 2


def test_latest_year_unless_a_year_is_asked(mini_fw):
    rows = [{"indicator_id": "AAA01", "value": 60, "year": 2023}, {"indicator_id": "AAA01", "value": 90, "year": 2025}]
    latest = assess(submission(rows), mini_fw)
    assert latest.overall["year"].tolist() == [2025]
    assert latest.history["year"].tolist() == [2023, 2025]
    older = assess(submission(rows), mini_fw, year=2023)
    assert older.indicators.set_index("indicator_id").loc["AAA01", "score"] == pytest.approx(20.0)


def test_geometric_aggregation_option(mini_fw):
    geo = mini_fw.model_copy(update={"meta": mini_fw.meta.model_copy(update={"aggregation": "geometric"})})
    rows = [{"indicator_id": "BBB01", "value": 50}, {"indicator_id": "BBB03", "value": 1}]  # 100 and 25
    d = assess(submission(rows), geo).domains.set_index("domain")
    assert d.loc["beta", "score"] == pytest.approx(50.0)  # sqrt(100 * 25)


def test_geometric_impact_is_the_points_gained(mini_fw):
    geo = mini_fw.model_copy(update={"meta": mini_fw.meta.model_copy(update={"aggregation": "geometric"})})
    rows = [{"indicator_id": "BBB01", "value": 50}, {"indicator_id": "BBB03", "value": 1}]  # 100 and 25
    before = assess(submission(rows), geo)
    impact = before.indicators.set_index("indicator_id").loc["BBB03", "impact"]
    after = assess(submission([rows[0], {"indicator_id": "BBB03", "value": 4}]), geo)  # level 4: 100
    gained = after.overall["score"].iloc[0] - before.overall["score"].iloc[0]
    # beta goes from sqrt(100 * 25) = 50 to 100: 50 points, over the catalogue's domains
    assert impact == pytest.approx(gained) and gained == pytest.approx(50 / len(mini_fw.domains))


def test_json_contract(result):
    (record,) = result.to_records("vi")
    assert set(record) == {"community", "year", "framework", "overall", "domains", "indicators", "issues"}
    assert set(record["overall"]) == {"score", "evidenced_score", "level"}
    assert {"id", "score", "evidenced_score", "coverage", "level"} <= set(record["domains"][0])
    assert {"id", "domain", "value", "score", "evidenced", "gap", "impact"} <= set(record["indicators"][0])
    assert record["indicators"][2]["value"] == "yes"


# ---------------------------------------------------------------- properties

IDS = ["AAA01", "AAA02", "AAA03", "BBB01", "BBB02", "BBB03"]
STATUSES = ["verified", "documented", "self-reported", "none"]


def _value(iid: str):
    if iid == "AAA03":
        return st.sampled_from(["yes", "partial", "no"]).map(lambda v: {"label": v})
    if iid == "BBB03":
        return st.integers(0, 4).map(lambda v: {"value": float(v)})
    return st.floats(0, 500, allow_nan=False).map(lambda v: {"value": v})


rows_strategy = st.lists(
    st.sampled_from(IDS).flatmap(
        lambda iid: st.tuples(st.just(iid), _value(iid), st.sampled_from(STATUSES), st.sampled_from(["A", "B"]))
    ),
    min_size=1,
    max_size=20,
    unique_by=lambda r: (r[0], r[3]),
).map(lambda rs: [{"indicator_id": i, **v, "evidence_status": s, "community": c} for i, v, s, c in rs])


@settings(max_examples=60, deadline=None)
@given(rows=rows_strategy)
def test_scores_bounded_and_evidenced_never_above_claimed(mini_fw, rows):
    r = assess(submission(rows), mini_fw)
    for frame, cols in (
        (r.indicators, ["score", "evidenced"]),
        (r.domains, ["score", "evidenced_score"]),
        (r.overall, ["score", "evidenced_score"]),
    ):
        values = frame[cols].to_numpy(dtype=float)
        finite = values[~np.isnan(values)]
        assert ((finite >= 0) & (finite <= 100)).all()
    for frame, claimed, evidenced in (
        (r.indicators, "score", "evidenced"),
        (r.domains, "score", "evidenced_score"),
        (r.overall, "score", "evidenced_score"),
    ):
        both = frame[[claimed, evidenced]].dropna()
        assert (both[evidenced] <= both[claimed] + 1e-9).all()


@settings(max_examples=40, deadline=None)
@given(rows=rows_strategy, seed=st.integers(0, 2**32 - 1))
def test_independent_of_row_order(mini_fw, rows, seed):
    a = assess(submission(rows), mini_fw)
    shuffled = list(pd.Series(range(len(rows))).sample(frac=1, random_state=seed % 2**31))
    b = assess(submission([rows[i] for i in shuffled]), mini_fw)
    pd.testing.assert_frame_equal(a.overall, b.overall)
    pd.testing.assert_frame_equal(a.domains, b.domains)


@settings(max_examples=60, deadline=None)
@given(iid=st.sampled_from(["AAA01", "AAA02", "BBB01", "BBB02", "BBB03"]), a=st.floats(0, 400), b=st.floats(0, 400))
def test_monotone_in_the_indicators_direction(mini_fw, iid, a, b):
    if iid == "BBB03":
        a, b = float(round(a) % 5), float(round(b) % 5)
    lo, hi = sorted((a, b))
    s = [
        assess(submission([{"indicator_id": iid, "value": v}]), mini_fw)
        .indicators.set_index("indicator_id")
        .loc[iid, "score"]
        for v in (lo, hi)
    ]
    lower_is_better = getattr(mini_fw.by_id[iid].method, "lower_is_better", False)
    assert (s[1] <= s[0]) if lower_is_better else (s[1] >= s[0])


def test_a_submission_with_nothing_scorable_gives_an_empty_assessment(mini_fw):
    r = assess(submission([{"indicator_id": "AAA01", "value": 50, "excluded": "bad_year"}]), mini_fw)
    assert r.overall.empty and r.domains.empty and r.to_records() == []
