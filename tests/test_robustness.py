"""How sure the verdict is: the Monte Carlo against closed-form cases on the mini catalogue, its behaviour on the
sample, and effective weights worked out by hand."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from assessor.assess import assess
from assessor.effective_weights import effective_weights
from assessor.framework import Framework
from assessor.i18n import t
from assessor.read import read_submission
from assessor.robustness import Perturbation, robustness
from assessor.sensitivity import first_order

from factory import submission

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"

# alpha: AAA01 goalpost 50->100 (weight 2), AAA02 goalpost 100->20 lower better, AAA03 yes/partial/no
# beta:  BBB01 bands target 50, BBB02 bands target 10 lower better, BBB03 level 0-4
ROWS = [
    {"indicator_id": "AAA01", "value": 75},  # 50
    {"indicator_id": "AAA02", "value": 60},  # 50
    {"indicator_id": "AAA03", "label": "yes"},  # 100
    {"indicator_id": "BBB01", "value": 40},  # ratio .8 -> 75 in bands, 80 as a ratio
    {"indicator_id": "BBB03", "value": 2},  # 50
]


def only(**spreads: float) -> Perturbation:
    """No perturbation but the ones named."""
    return Perturbation.none(draws=400, seed=3).model_copy(update=spreads)


@pytest.fixture(scope="module")
def sample(framework: Framework):
    return assess(read_submission(SAMPLES / "binh_duong_illustrative.xlsx", framework), framework)


@pytest.fixture(scope="module")
def sample_mc(sample):
    return robustness(sample)


# ---------------------------------------------------------------- behaviour on the sample


def test_the_band_contains_the_point_estimate(sample_mc):
    for frame in (sample_mc.overall, sample_mc.domains):
        for kind, point in (("claimed", "score"), ("evidenced", "evidenced_score")):
            assert (frame[f"{kind}_p05"] <= frame[point] + 1e-9).all()
            assert (frame[point] <= frame[f"{kind}_p95"] + 1e-9).all()
    # and it is a band, not a point: the default spreads move the scores
    assert (sample_mc.overall["evidenced_p95"] > sample_mc.overall["evidenced_p05"]).all()


def test_same_seed_same_result_other_seed_other_result(sample):
    one, two = robustness(sample, Perturbation(seed=7)), robustness(sample, Perturbation(seed=7))
    for name in ("overall", "domains", "levels", "domain_levels", "sensitivity"):
        pd.testing.assert_frame_equal(getattr(one, name), getattr(two, name))
    other = robustness(sample, Perturbation(seed=8))
    assert not np.allclose(one.domains["evidenced_p05"], other.domains["evidenced_p05"])


def test_no_perturbation_collapses_to_today(sample):
    r = robustness(sample, Perturbation.none())
    for frame in (r.overall, r.domains):
        for kind, point in (("claimed", "score"), ("evidenced", "evidenced_score")):
            np.testing.assert_allclose(frame[f"{kind}_p05"], frame[point], atol=1e-9)
            np.testing.assert_allclose(frame[f"{kind}_p95"], frame[point], atol=1e-9)
        assert (frame["level_share"] == 1.0).all()
    today = sample.overall["level"].iloc[0]
    probability = r.levels.set_index("level")["probability"]
    assert probability[today] == 1.0 and probability.drop(today).eq(0.0).all()


def test_level_probabilities_cover_every_level_and_sum_to_one(sample_mc, framework):
    levels = sample_mc.levels
    assert levels["level"].tolist() == [lv.id for lv in framework.levels]
    assert levels["probability"].sum() == pytest.approx(1.0)
    per_domain = sample_mc.domain_levels.groupby("domain")["probability"].sum()
    np.testing.assert_allclose(per_domain, 1.0)
    today = sample_mc.overall.iloc[0]
    assert sample_mc.level_share(today["community"]) == today["level_share"]


def test_the_method_choices_are_recorded_with_the_result(sample_mc):
    assert sample_mc.perturbation == Perturbation()
    assert sample_mc.perturbation.draws == 1000


def test_spreads_outside_their_range_are_refused():
    with pytest.raises(ValidationError):
        Perturbation(goalpost_shift=0.5)  # floor and target could cross
    with pytest.raises(ValidationError):
        Perturbation(weight_spread=1.0)  # a weight could reach zero
    with pytest.raises(ValidationError):
        Perturbation(other_aggregation=1.5)


def test_a_panel_gets_one_band_per_community(framework):
    panel = assess(read_submission(SAMPLES / "panel_illustrative.xlsx", framework), framework)
    r = robustness(panel, Perturbation(draws=200))
    assert r.overall["community"].tolist() == panel.communities
    assert len(r.domains) == len(panel.communities) * len(framework.domains)
    first = panel.communities[0]
    alone = r.for_community(first)
    assert alone.overall["community"].tolist() == [first]
    assert set(alone.sensitivity["community"]) == {first}
    # the same draws for every community: one community's result is the same alone or in the panel
    last = panel.communities[-1]
    by_itself = robustness(panel.for_community(last), Perturbation(draws=200))
    pd.testing.assert_frame_equal(r.for_community(last).domains, by_itself.domains)
    pd.testing.assert_frame_equal(r.for_community(last).levels, by_itself.levels)


# ---------------------------------------------------------------- closed forms on the mini catalogue


def test_goalpost_shift_keeps_every_draw_inside_the_closed_form_range(mini_fw):
    # AAA01 alone in alpha: 75 on 50 -> 100; floor and target each move by at most 5 (10 % of the span of 50),
    # so the score lies between (75 - 55) / (105 - 55) = 40 % and (75 - 45) / (95 - 45) = 60 %.
    a = assess(submission([{"indicator_id": "AAA01", "value": 75}]), mini_fw)
    d = robustness(a, only(goalpost_shift=0.1)).domains.set_index("domain").loc["alpha"]
    assert 40.0 <= d["claimed_p05"] < 47.0
    assert 53.0 < d["claimed_p95"] <= 60.0


def test_weights_do_not_move_a_domain_whose_indicators_score_alike(mini_fw):
    rows = [
        {"indicator_id": "AAA01", "value": 75},
        {"indicator_id": "AAA02", "value": 60},
        {"indicator_id": "BBB03", "value": 2},
    ]  # 50, 50 and 50
    r = robustness(assess(submission(rows), mini_fw), only(weight_spread=0.5))
    np.testing.assert_allclose(r.domains["claimed_p05"], r.domains["claimed_p95"])


def test_the_other_aggregation_is_the_weighted_geometric_mean(mini_fw):
    r = robustness(assess(submission(ROWS[:3]), mini_fw), only(other_aggregation=1.0))
    alpha = r.domains.set_index("domain").loc["alpha"]
    geometric = math.exp((2 * math.log(50) + math.log(50) + math.log(100)) / 4)  # 59.46, against 62.5 arithmetic
    assert alpha["claimed_p05"] == pytest.approx(geometric) and alpha["claimed_p95"] == pytest.approx(geometric)


def test_an_empty_domain_left_out_of_the_community_score(mini_fw):
    a = assess(submission(ROWS[:3]), mini_fw)  # beta has no data: the assessment counts it 0
    assert a.overall["score"].iloc[0] == pytest.approx(62.5 / 2)
    r = robustness(a, only(empty_domain_left_out=1.0))
    o = r.overall.iloc[0]
    assert o["claimed_p05"] == pytest.approx(62.5) and o["claimed_p95"] == pytest.approx(62.5)
    # half the draws leave it out, half count it 0: both values appear, in about equal shares
    half = robustness(a, only(empty_domain_left_out=0.5)).overall.iloc[0]
    assert half["claimed_p05"] == pytest.approx(31.25) and half["claimed_p95"] == pytest.approx(62.5)


def test_bands_scored_as_a_ratio_to_target(mini_fw):
    a = assess(submission([{"indicator_id": "BBB01", "value": 40}]), mini_fw)  # bands give 75
    beta = robustness(a, only(bands_as_ratio=1.0)).domains.set_index("domain").loc["beta"]
    assert beta["claimed_p05"] == pytest.approx(80.0) and beta["claimed_p95"] == pytest.approx(80.0)


def test_levels_are_judged_on_the_evidenced_score(mini_fw):
    rows = [{**r, "evidence_status": "self-reported"} for r in ROWS]  # claimed 62.5, evidenced 0
    r = robustness(assess(submission(rows), mini_fw), only(weight_spread=0.3, goalpost_shift=0.2))
    probability = r.levels.set_index("level")["probability"]
    assert probability["foundational"] == 1.0
    assert (r.overall["claimed_p05"] > 40).all()


def test_the_choice_that_moves_the_score_leads_the_sensitivity(mini_fw):
    r = robustness(assess(submission(ROWS[:3]), mini_fw), only(other_aggregation=0.5))
    s = r.sensitivity.set_index("input")
    assert s.index[0] == "other_aggregation" and s.loc["other_aggregation", "first_order"] > 0.99
    assert bool(s.loc["other_aggregation", "clear"])
    assert (s.drop("other_aggregation")["first_order"] == 0).all()  # inputs that never vary explain nothing
    # With the switch held fixed nothing is left to explain: no indicator is named.
    assert (s["within_method"].fillna(0) == 0).all() and not s["within_clear"].any()
    assert r.drivers("Testville", "en") == t(
        "robustness.depends_on",
        "en",
        items=t("robustness.driver", "en", name=t("robustness.choice.other_aggregation", "en"), share="100%"),
    )


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_when_a_switch_takes_the_spread_the_indicators_are_named_on_what_is_left(mini_fw, lang):
    # AAA03 answered 'no' scores 0, which the geometric mean punishes hard: the switch explains nearly all the spread
    # and AAA01's goalposts, the only other input that moves, fall below chance. Held fixed, AAA01 explains the rest.
    rows = [{"indicator_id": "AAA01", "value": 75}, {"indicator_id": "AAA03", "label": "no"}, ROWS[4]]
    r = robustness(assess(submission(rows), mini_fw), only(other_aggregation=0.5, goalpost_shift=0.02, draws=1000))
    s = r.sensitivity.set_index("input")
    assert s.index[0] == "other_aggregation" and not s.loc["AAA01", "clear"]
    assert s["within_method"].idxmax() == "AAA01" and s.loc["AAA01", "within_method"] > 0.5
    assert s["within_clear"].tolist().count(True) == 1 and s.loc["AAA01", "within_clear"]
    said = r.drivers("Testville", lang)
    assert said.startswith(t("robustness.depends_on", lang, items="").rstrip(".").rstrip())
    assert t("robustness.depends_on_indicators", lang, items="").rstrip(".").rstrip(": ") in said
    assert t("robustness.indicator", lang, id="AAA01", name=mini_fw.by_id["AAA01"].name(lang)) in said


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_sample_names_the_indicators_its_verdict_depends_on(sample_mc, framework, lang):
    community = sample_mc.overall["community"].iloc[0]
    s = sample_mc.sensitivity
    top = s[s["within_clear"]].sort_values("within_method", ascending=False)["input"].head(3).tolist()
    assert top, "some indicator moves what the geometric-mean switch leaves"
    said = sample_mc.drivers(community, lang)
    for iid in top:
        assert t("robustness.indicator", lang, id=iid, name=framework.by_id[iid].name(lang)) in said


def test_first_order_of_an_additive_model():
    # y = 2 x1 + x2 with independent uniform inputs: S1 = 4/5, S2 = 1/5, and a third, idle input 0.
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(20_000, 3))
    index, chance = first_order(x, (2 * x[:, 0] + x[:, 1])[:, None])
    assert index[0, 0] == pytest.approx(0.8, abs=0.02)
    assert index[1, 0] == pytest.approx(0.2, abs=0.02)
    assert abs(index[2, 0]) < 4 * chance[2]


# ---------------------------------------------------------------- effective weights


def test_effective_weights_by_hand(mini_fw):
    # alpha complete (weights 2, 1, 1), beta missing BBB02 (weights 1, -, 1); two equal domains.
    ew = effective_weights(assess(submission(ROWS), mini_fw)).set_index("indicator_id")
    expected = {"AAA01": 0.25, "AAA02": 0.125, "AAA03": 0.125, "BBB01": 0.25, "BBB02": 0.0, "BBB03": 0.25}
    for iid, share in expected.items():
        assert ew.loc[iid, "effective_weight"] == pytest.approx(share)
    assert ew.loc["BBB02", "nominal_weight"] == pytest.approx(1 / 6)
    assert ew["effective_weight"].sum() == pytest.approx(1.0)
    assert not ew.loc["BBB02", "has_data"] and not ew["counted_as_zero"].any()


def test_effective_weights_of_an_empty_domain(mini_fw):
    a = assess(submission(ROWS[:3]), mini_fw)
    zero = effective_weights(a).set_index("indicator_id")
    # counted 0 (the assessment's rule): beta keeps its half, shared by catalogue weight, and scores nothing
    assert zero.loc[["BBB01", "BBB02", "BBB03"], "effective_weight"].tolist() == pytest.approx([1 / 6] * 3)
    assert zero.loc["BBB01", "counted_as_zero"] and not zero.loc["AAA01", "counted_as_zero"]
    left = effective_weights(a, empty_domain="left_out").set_index("indicator_id")
    assert left["effective_weight"].tolist() == pytest.approx([0.5, 0.25, 0.25, 0, 0, 0])
    for frame in (zero, left):
        assert frame["effective_weight"].sum() == pytest.approx(1.0)
    # the community score is the effective-weight average of the scores, empty domain at 0
    scores = a.indicators.set_index("indicator_id")["score"].fillna(0.0)
    assert (zero["effective_weight"] * scores).sum() == pytest.approx(a.overall["score"].iloc[0])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(present=st.lists(st.booleans(), min_size=6, max_size=6))
def test_effective_weights_sum_to_one_and_rebuild_the_score(mini_fw, present):
    rows = [r for r, keep in zip([*ROWS, {"indicator_id": "BBB02", "value": 12}], present, strict=True) if keep]
    if not rows:
        return
    a = assess(submission(rows), mini_fw)
    ew = effective_weights(a)
    assert ew["effective_weight"].sum() == pytest.approx(1.0)
    scores = a.indicators["score"].fillna(0.0).to_numpy()
    assert (ew["effective_weight"].to_numpy() * scores).sum() == pytest.approx(a.overall["score"].iloc[0])


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.lists(st.floats(0, 200, allow_nan=False), min_size=5, max_size=5),
    level=st.integers(0, 4),
    answer=st.sampled_from(["yes", "partial", "no"]),
    statuses=st.lists(st.sampled_from(["verified", "documented", "self-reported", "none"]), min_size=6, max_size=6),
    seed=st.integers(0, 1000),
)
def test_without_perturbation_every_draw_is_the_assessment(mini_fw, values, level, answer, statuses, seed):
    ids = ["AAA01", "AAA02", "BBB01", "BBB02"]
    rows = [{"indicator_id": i, "value": v} for i, v in zip(ids, values, strict=False)]
    rows += [{"indicator_id": "AAA03", "label": answer}, {"indicator_id": "BBB03", "value": level}]
    rows = [{**r, "evidence_status": s} for r, s in zip(rows, statuses, strict=True)]
    a = assess(submission(rows), mini_fw)
    r = robustness(a, Perturbation.none(draws=20, seed=seed))
    np.testing.assert_allclose(r.domains["evidenced_p05"], a.domains["evidenced_score"], atol=1e-9)
    np.testing.assert_allclose(r.overall["claimed_p95"], a.overall["score"], atol=1e-9)
    assert (r.overall["level_share"] == 1.0).all()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    values=st.lists(st.one_of(st.none(), st.floats(0, 200, allow_nan=False)), min_size=4, max_size=4),
    statuses=st.lists(st.sampled_from(["verified", "self-reported"]), min_size=5, max_size=5),
    level=st.one_of(st.none(), st.integers(0, 4)),
    seed=st.integers(0, 1000),
)
def test_the_band_contains_the_point_estimate_on_generated_data(mini_fw, values, statuses, level, seed):
    ids = ["AAA01", "AAA02", "BBB01", "BBB02"]
    rows = [{"indicator_id": i, "value": v} for i, v in zip(ids, values, strict=True) if v is not None]
    rows += [{"indicator_id": "BBB03", "value": level}] if level is not None else []
    rows = [{**r, "evidence_status": s} for r, s in zip(rows, statuses, strict=False)]
    if not rows:
        return
    r = robustness(assess(submission(rows), mini_fw), Perturbation(draws=300, seed=seed))
    for frame in (r.overall, r.domains):
        for kind, point in (("claimed", "score"), ("evidenced", "evidenced_score")):
            inside = (frame[f"{kind}_p05"] <= frame[point] + 1e-9) & (frame[point] <= frame[f"{kind}_p95"] + 1e-9)
            assert (inside | frame[point].isna()).all()
