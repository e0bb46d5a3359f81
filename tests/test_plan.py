"""The action roadmap: what-if by closed form, the shortest path against brute force, overdue and untouched."""

from __future__ import annotations

import datetime
import io
from dataclasses import replace
from itertools import combinations, product
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor import plan
from assessor import shortest_path as sp
from assessor.assess import assess
from assessor.effective_weights import effective_weights
from assessor.framework import parse_framework
from assessor.layout import ACTIONS
from assessor.read import read_submission
from assessor.read.actions import EXTRA

from factory import submission, xlsx
from mini_catalogue import raw

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"
TOWN = "Testville"

# Mini catalogue: alpha = AAA01 (goalpost 50 -> 100, weight 2), AAA02 (goalpost 100 -> 20, lower is better),
# AAA03 (yes / partial / no); beta = BBB01 (bands, target 50), BBB02 (bands, lower is better), BBB03 (level 0-4).
TODAY = [
    {"indicator_id": "AAA01", "value": 75.0},  # score 50
    {"indicator_id": "AAA02", "value": 60.0},  # score 50
    {"indicator_id": "AAA03", "label": "partial"},  # score 50
    {"indicator_id": "BBB01", "value": 30.0},  # 0.6 -> 50
    {"indicator_id": "BBB02", "value": 20.0, "evidence_status": "self-reported"},  # 0.5 -> 50, not evidenced
    {"indicator_id": "BBB03", "value": 2.0},  # 50
]


def actions(rows: list[dict]) -> pd.DataFrame:
    """An Actions frame as the reader gives it."""
    cols = [*(c.key for c in ACTIONS.columns), *EXTRA]
    base = {"community": TOWN, "status": "planned", "sheet": "Actions"}
    frame = pd.DataFrame([{**base, **r} for r in rows])
    for c in cols:
        if c not in frame:
            frame[c] = None
        if c == "row":
            frame[c] = range(3, 3 + len(frame))
    return frame[cols]


def assessed(fw, rows: list[dict], today: list[dict] = TODAY):
    sub = replace(submission(today), actions=actions(rows))
    a = assess(sub, fw).for_community(TOWN)
    return a, plan.actions_of(a, TOWN)


# ---------------------------------------------------------------- what-if, closed form


def test_an_action_to_target_raises_the_score_to_100_and_the_domain_by_its_weight_times_its_gap(mini_fw):
    a, rows = assessed(mini_fw, [{"action_id": "A1", "title": "Fibre", "indicator_id": "AAA01", "expected_value": 100}])
    w = plan.project(a, TOWN, rows, ["A1"])
    ind = w.indicators.set_index("indicator_id")
    assert ind.loc["AAA01", "score"] == pytest.approx(50.0)
    assert ind.loc["AAA01", "score_planned"] == pytest.approx(100.0)
    assert ind.loc["AAA01", "by"] == "A1"
    dom = w.domains.set_index("domain")
    # AAA01 weighs 2 of alpha's 4: the domain gains 2/4 × 50 = 25 points, claimed and evidenced (it was verified).
    share = a.indicators.set_index("indicator_id").loc["AAA01", "weight_share"]
    assert share == pytest.approx(0.5)
    assert dom.loc["alpha", "score_planned"] - dom.loc["alpha", "score"] == pytest.approx(share * 50.0)
    assert dom.loc["alpha", "evidenced_score_planned"] - dom.loc["alpha", "evidenced_score"] == pytest.approx(25.0)
    assert dom.loc["beta", "score_planned"] == pytest.approx(dom.loc["beta", "score"])
    # ... and the community score by exactly the indicator's impact: 25 / 2 domains.
    impact = a.indicators.set_index("indicator_id").loc["AAA01", "impact"]
    assert w.overall["planned_score"] - w.overall["score"] == pytest.approx(impact) == pytest.approx(12.5)


def test_with_an_indicator_missing_the_gain_is_the_effective_weight_times_the_gap(mini_fw):
    """AAA02 has no value: alpha's weight is shared by AAA01 (2) and AAA03 (1), so AAA01 holds 2/3 of alpha and
    1/3 of the community score (its nominal share is 2/4 and 1/4): the gain follows the effective weight."""
    today = [r for r in TODAY if r["indicator_id"] != "AAA02"]
    a, rows = assessed(
        mini_fw, [{"action_id": "A1", "title": "t", "indicator_id": "AAA01", "expected_value": 100}], today
    )
    ew = effective_weights(a).set_index("indicator_id").loc["AAA01"]
    assert (ew["effective_weight"], ew["nominal_weight"]) == (pytest.approx(1 / 3), pytest.approx(1 / 4))
    w = plan.project(a, TOWN, rows, ["A1"])
    gap = 100.0 - a.indicators.set_index("indicator_id").loc["AAA01", "score"]
    assert gap == pytest.approx(50.0)
    dom = w.domains.set_index("domain")
    assert dom.loc["alpha", "evidenced_score_planned"] - dom.loc["alpha", "evidenced_score"] == pytest.approx(
        2 / 3 * gap
    )
    gain = w.overall["planned_evidenced_score"] - w.overall["evidenced_score"]
    assert gain == pytest.approx(ew["effective_weight"] * gap)


def test_a_projected_value_counts_as_evidenced(mini_fw):
    """BBB02 is self-reported today (evidenced 0); the plan assumes its action is delivered with evidence."""
    a, rows = assessed(mini_fw, [{"action_id": "A2", "title": "Cheaper", "indicator_id": "BBB02", "expected_value": 9}])
    w = plan.project(a, TOWN, rows, ["A2"])
    ind = w.indicators.set_index("indicator_id")
    assert (ind.loc["BBB02", "evidenced"], ind.loc["BBB02", "evidenced_planned"]) == (0.0, 100.0)
    assert ind.loc["BBB02", "evidence_status_planned"] == plan.PROJECTED_STATUS
    # beta: (50 + 0 + 50) / 3 evidenced today, (50 + 100 + 50) / 3 planned
    dom = w.domains.set_index("domain")
    assert dom.loc["beta", "evidenced_score_planned"] - dom.loc["beta", "evidenced_score"] == pytest.approx(100 / 3)


def test_what_if_with_no_actions_is_today_exactly(framework):
    sub = read_submission(SAMPLE, framework)
    a = assess(sub, framework)
    community = a.communities[0]
    rows = plan.actions_of(a, community)
    assert len(rows) > 0
    w = plan.project(a, community, rows, [])
    today = a.for_community(community)
    pd.testing.assert_frame_equal(w.planned.indicators, today.indicators)
    pd.testing.assert_frame_equal(w.planned.domains, today.domains)
    pd.testing.assert_frame_equal(w.planned.overall, today.overall)
    assert (w.indicators["by"] == "").all()


def test_two_actions_on_one_indicator_do_not_add_and_a_worse_one_changes_nothing(mini_fw):
    a, rows = assessed(
        mini_fw,
        [
            {"action_id": "A1", "title": "t", "indicator_id": "AAA01", "expected_value": 90},  # score 80
            {"action_id": "A2", "title": "t", "indicator_id": "AAA01", "expected_value": 85},  # score 70
            {"action_id": "A3", "title": "t", "indicator_id": "AAA02", "expected_value": 70},  # worse than today's 60
        ],
    )
    w = plan.project(a, TOWN, rows, ["A1", "A2", "A3"])
    ind = w.indicators.set_index("indicator_id")
    assert ind.loc["AAA01", "value_planned"] == 90 and ind.loc["AAA01", "by"] == "A1"
    assert ind.loc["AAA02", "value_planned"] == 60 and ind.loc["AAA02", "by"] == ""


def test_a_completed_action_already_in_the_data_is_not_counted_twice(mini_fw):
    a, rows = assessed(
        mini_fw,
        [
            {"action_id": "D1", "title": "t", "indicator_id": "AAA01", "expected_value": 75, "status": "completed"},
            {"action_id": "D2", "title": "t", "indicator_id": "BBB03", "expected_value": 4, "status": "completed"},
        ],
    )
    w = plan.project(a, TOWN, rows, plan.choose(rows, statuses=["completed"]))
    ind = w.indicators.set_index("indicator_id")
    assert ind.loc["AAA01", "score_planned"] == ind.loc["AAA01", "score"]  # 75 is in the data already
    assert ind.loc["BBB03", "score_planned"] == 100.0  # level 4 is not: applied, and listed for the sheet
    assert w.not_in_data["action_id"].tolist() == ["D2"]


def test_an_action_moving_several_indicators_is_one_action_with_one_cost(mini_fw):
    a, rows = assessed(
        mini_fw,
        [
            {"action_id": "M1", "title": "Both", "indicator_id": "AAA01", "expected_value": 100, "cost": 5.0},
            {"action_id": "M1", "indicator_id": "AAA03", "expected_value": "Có", "expected_label": "yes"},
        ],
    )
    assert rows["title"].tolist() == ["Both", "Both"] and rows["cost"].tolist() == [5.0, 5.0]
    w = plan.project(a, TOWN, rows, ["M1"])
    assert w.indicators.set_index("indicator_id").loc[["AAA01", "AAA03"], "score_planned"].tolist() == [100.0, 100.0]
    p = sp.problem(a, rows)
    assert p.actions == ("M1",) and p.measure == "cost" and p.price.tolist() == [5.0]


# ---------------------------------------------------------------- choosing, overdue, untouched


PLAN = [
    {"action_id": "P1", "title": "a", "indicator_id": "AAA01", "expected_value": 90, "due": "2026-03-31"},
    {
        "action_id": "P2",
        "title": "b",
        "indicator_id": "AAA02",
        "expected_value": 40,
        "due": "2026-09-30",
        "status": "in_progress",
    },
    {
        "action_id": "P3",
        "title": "c",
        "indicator_id": "AAA03",
        "expected_value": "yes",
        "expected_label": "yes",
        "due": "2025-12-31",
        "status": "completed",
    },
    {
        "action_id": "P4",
        "title": "d",
        "indicator_id": "BBB01",
        "expected_value": 60,
        "due": "2026-01-15",
        "status": "cancelled",
    },
    {"action_id": "P5", "title": "e", "indicator_id": None, "due": None},
]


def test_choose_by_status_by_date_and_by_hand(mini_fw):
    _, rows = assessed(mini_fw, PLAN)
    assert plan.choose(rows, statuses=["planned", "in_progress"]) == ("P1", "P2", "P5")
    assert plan.choose(rows, until=datetime.date(2026, 6, 30)) == ("P1", "P3")  # P4 cancelled, P5 has no date
    assert plan.choose(rows, ids=["P2", "P4"]) == ("P2", "P4")


def test_overdue_is_due_before_the_date_and_not_done(mini_fw):
    _, rows = assessed(mini_fw, PLAN)
    late = plan.overdue(rows, datetime.date(2026, 4, 1))
    assert late["action_id"].tolist() == ["P1"] and late["days_late"].tolist() == [1]
    late = plan.overdue(rows, datetime.date(2026, 10, 2))
    assert late["action_id"].tolist() == ["P1", "P2"] and late["days_late"].tolist() == [185, 2]


def test_untouched_domains_and_icf_data_points(mini_fw, framework):
    a, rows = assessed(mini_fw, PLAN)
    domains, icf = plan.untouched(a, rows)
    assert domains == ["beta"]  # BBB01's only action is cancelled
    assert icf.empty  # the mini catalogue has no ICF crosswalk
    sub = read_submission(SAMPLE, framework)
    big = assess(sub, framework)
    community = big.communities[0]
    rows = plan.actions_of(big, community)
    domains, icf = plan.untouched(big, rows.iloc[:1])  # a plan of one action on one connectivity indicator
    assert domains == [d.id for d in framework.domains if d.id != "connectivity"]
    moved = rows["indicator_id"].iloc[0]
    assert moved not in set(icf["indicator_id"])
    assert len(icf) == sum(1 for i in framework.indicators if i.crosswalk.icf) - 1


# ---------------------------------------------------------------- the reader


def test_bad_figures_are_reported_on_their_row_and_kept_as_typed(mini_fw):
    data = xlsx(
        {
            "Indicators": [["Indicator ID", "Year", "Value", "Community"], ["AAA01", 2025, 80, TOWN]],
            "Actions": [
                ["Action ID", "Title", "Area", "Indicator ID", "Expected value", "Status", "Cost", "Effort"],
                ["A1", "Fibre", "Hạ tầng", "AAA01", 95, "Đang thực hiện", 1500, None],
                ["A1", None, None, "AAA02", "about 30", None, None, None],
                ["A2", "Strategy", "somewhere", "AAA03", "maybe", "soon", "-3", "lots"],
            ],
        }
    )
    sub = read_submission(data, mini_fw, "plan.xlsx")
    acts = sub.actions.astype(object).where(sub.actions.notna(), None)
    assert acts["area"].tolist() == ["infrastructure", None, "somewhere"]
    assert acts["status"].tolist() == ["in_progress", None, "soon"]
    assert acts["cost"].tolist() == [1500.0, None, "-3"] and acts["effort"].tolist() == [None, None, "lots"]
    assert acts["expected_value"].tolist() == [95.0, "about 30", "maybe"]
    on = sub.issues[sub.issues["sheet"] == "Actions"]
    found = sorted(zip(on["row"], on["column"], on["code"], strict=True))
    assert found == [
        (3, "Expected value", "not_a_number"),  # the headers as the person wrote them
        (4, "Area", "action_bad_area"),
        (4, "Cost", "action_bad_figure"),
        (4, "Effort", "action_bad_figure"),
        (4, "Expected value", "action_bad_answer"),
        (4, "Status", "action_bad_status"),
    ]
    assert len(acts) == 3  # nothing dropped


# ---------------------------------------------------------------- the shortest path against brute force


def _every_subset(a, rows, p: sp.Problem) -> list[tuple[float, float]]:
    """(price, evidenced score) of every subset of the candidates, through the real pipeline."""
    out = []
    for k in range(len(p.actions) + 1):
        for subset in combinations(range(len(p.actions)), k):
            chosen = p.done + tuple(p.actions[j] for j in subset)
            score = plan.project(a, TOWN, rows, chosen).overall["planned_evidenced_score"]
            out.append((float(p.price[list(subset)].sum()), score))
    return out


IDS = ["AAA01", "AAA02", "AAA03", "BBB01", "BBB02", "BBB03"]
EXPECTED = {
    "AAA01": st.sampled_from([60.0, 75.0, 90.0, 100.0]),
    "AAA02": st.sampled_from([80.0, 50.0, 20.0]),
    "AAA03": st.sampled_from(["partial", "yes"]),
    "BBB01": st.sampled_from([20.0, 40.0, 50.0]),
    "BBB02": st.sampled_from([15.0, 10.0]),
    "BBB03": st.sampled_from([1.0, 3.0, 4.0]),
}


@st.composite
def plans(draw):
    n = draw(st.integers(1, 5))
    priced = draw(st.booleans())
    out = []
    for j in range(n):
        status = draw(st.sampled_from(["planned", "planned", "in_progress", "completed"]))
        cost = float(draw(st.integers(0, 9))) if priced else None
        for k, iid in enumerate(draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=2, unique=True))):
            v = draw(EXPECTED[iid])
            row = {"action_id": f"A{j}", "indicator_id": iid}
            row.update({"expected_label": v, "expected_value": v} if isinstance(v, str) else {"expected_value": v})
            if k == 0:
                row.update(title=f"action {j}", status=status, cost=cost)
            out.append(row)
    empty = draw(st.lists(st.sampled_from(IDS), max_size=2, unique=True))  # indicators with no value today
    geometric = draw(st.booleans())
    return out, empty, geometric, draw(st.floats(0.0, 1.0))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_the_shortest_path_is_optimal_against_brute_force(case):
    rows_in, empty, geometric, where = case
    catalogue = raw()
    catalogue["meta"]["aggregation"] = "geometric" if geometric else "arithmetic"
    fw = parse_framework(catalogue, "mini.yaml")
    today = [r for r in TODAY if r["indicator_id"] not in empty]
    a, rows = assessed(fw, rows_in, today)
    p = sp.problem(a, rows)
    start = sp.evidenced(p, np.zeros((1, len(p.actions)), dtype=bool))[0]
    top = sp.evidenced(p, np.ones((1, len(p.actions)), dtype=bool))[0]

    every = _every_subset(a, rows, p)
    target = start + where * (top - start)
    found = sp.shortest_path(p, target=target)
    assert found.exact and found.feasible
    assert found.total == pytest.approx(min(price for price, score in every if score >= target - 1e-6))
    planned = plan.project(a, TOWN, rows, p.done + found.actions).overall["planned_evidenced_score"]
    assert found.reached == pytest.approx(planned)  # the search's score is the pipeline's

    budget = float(np.floor(where * p.price.sum()))
    found = sp.shortest_path(p, budget=budget)
    assert found.exact and found.total <= budget
    assert found.reached == pytest.approx(max(score for price, score in every if price <= budget + 1e-9))


@st.composite
def priced_plans(draw):
    """Separable plans (arithmetic, every indicator has a value) of 4 to 9 actions, priced by cost, by effort, or by
    effort with one action lacking a cost (so the price falls back to effort)."""
    measure = draw(st.sampled_from(["cost", "effort", "cost missing once"]))
    out = []
    for j in range(draw(st.integers(4, 9))):
        price = float(draw(st.integers(1, 40)))
        for k, iid in enumerate(draw(st.lists(st.sampled_from(IDS), min_size=1, max_size=2, unique=True))):
            v = draw(EXPECTED[iid])
            row = {"action_id": f"A{j}", "indicator_id": iid, "expected_value": v}
            row.update({"expected_label": v} if isinstance(v, str) else {})
            if k == 0:
                row.update(title=f"action {j}", effort=price)
                if measure == "cost" or (measure == "cost missing once" and j > 0):
                    row.update(cost=price, effort=None if measure == "cost" else price)
            out.append(row)
    return out, "cost" if measure == "cost" else "effort", draw(st.floats(0.05, 1.0))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=priced_plans())
def test_the_branch_and_bound_is_optimal_against_every_subset(mini_fw, case):
    """Larger plans than the pipeline can brute-force: every subset scored by the search's own model, which the
    test above holds equal to the pipeline. A bound that prunes too much fails here."""
    rows_in, measure, where = case
    a, rows = assessed(mini_fw, rows_in)
    p = sp.problem(a, rows)
    assert p.separable and p.measure == measure
    n = len(p.actions)
    taken = np.array(list(product([False, True], repeat=n)), dtype=bool).reshape(-1, n)
    score, spent = sp.evidenced(p, taken), taken @ p.price
    target = score[0] + where * (score.max() - score[0])
    found = sp.shortest_path(p, target=target)
    assert found.method in ("branch_and_bound", "none") and found.exact and found.feasible
    assert found.total == pytest.approx(spent[score >= target - 1e-6].min())
    budget = float(np.floor(where * p.price.sum()))
    found = sp.shortest_path(p, budget=budget)
    assert found.exact and found.total <= budget + 1e-9
    assert found.reached == pytest.approx(score[spent <= budget + 1e-9].max())


def test_the_price_is_cost_else_effort_else_the_number_of_actions(mini_fw):
    def measure(rows_in):
        a, rows = assessed(mini_fw, rows_in)
        p = sp.problem(a, rows)
        return p.measure, p.price.tolist()

    one = {"action_id": "C1", "title": "t", "indicator_id": "AAA01", "expected_value": 100}
    two = {"action_id": "C2", "title": "t", "indicator_id": "BBB03", "expected_value": 4}
    assert measure([{**one, "cost": 5.0, "effort": 2.0}, {**two, "cost": 7.0, "effort": 3.0}]) == ("cost", [5.0, 7.0])
    assert measure([{**one, "cost": 5.0, "effort": 2.0}, {**two, "effort": 3.0}]) == ("effort", [2.0, 3.0])
    assert measure([{**one, "cost": 5.0}, {**two, "effort": 3.0}]) == ("count", [1.0, 1.0])


def test_above_the_enumeration_limit_a_greedy_heuristic_is_used_and_said(mini_fw, monkeypatch):
    monkeypatch.setattr(sp, "ENUMERATION_LIMIT", 0)
    today = [r for r in TODAY if r["indicator_id"] != "BBB01"]  # an empty indicator: not separable
    a, rows = assessed(
        mini_fw,
        [
            {"action_id": "G1", "title": "t", "indicator_id": "BBB01", "expected_value": 50},
            {"action_id": "G2", "title": "t", "indicator_id": "AAA01", "expected_value": 100},
        ],
        today,
    )
    p = sp.problem(a, rows)
    assert not p.separable
    found = sp.shortest_path(p, target=sp.evidenced(p, np.ones((1, 2), dtype=bool))[0])
    assert (found.method, found.exact, found.feasible) == ("greedy", False, True)


def test_an_unreachable_target_takes_every_useful_action_and_says_so(mini_fw):
    a, rows = assessed(mini_fw, [{"action_id": "U1", "title": "t", "indicator_id": "AAA01", "expected_value": 90}])
    found = sp.shortest_path(sp.problem(a, rows), target=99.0)
    assert found.actions == ("U1",) and not found.feasible and found.exact


def test_a_search_stopped_at_its_node_limit_gives_its_best_set_and_says_it_is_not_proven(mini_fw, monkeypatch):
    monkeypatch.setattr(sp, "NODE_LIMIT", 1)
    a, rows = assessed(
        mini_fw,
        [
            {"action_id": "S1", "title": "t", "indicator_id": "AAA01", "expected_value": 100, "cost": 5.0},
            {"action_id": "S2", "title": "t", "indicator_id": "BBB03", "expected_value": 4, "cost": 1.0},
            {"action_id": "S3", "title": "t", "indicator_id": "AAA02", "expected_value": 20, "cost": 2.0},
        ],
    )
    p = sp.problem(a, rows)
    found = sp.shortest_path(p, target=sp.evidenced(p, np.ones((1, 3), dtype=bool))[0] - 1.0)
    assert (found.method, found.exact, found.feasible) == ("branch_and_bound", False, True)


def test_a_row_contradicting_its_action_is_reported_and_the_first_row_holds(mini_fw):
    data = xlsx(
        {
            "Indicators": [["Indicator ID", "Year", "Value", "Community"], ["AAA01", 2025, 80, TOWN]],
            "Actions": [
                ["Action ID", "Title", "Indicator ID", "Expected value", "Status", "Cost", "Due"],
                ["M1", "Both", "AAA01", 95, "in progress", 100, "2026-06-30"],
                ["M1", None, "AAA02", 30, "done", 100, None],  # the same cost is no contradiction
            ],
        }
    )
    sub = read_submission(data, mini_fw, "plan.xlsx")
    said = sub.issues[sub.issues["code"] == "action_said_twice"]
    assert list(zip(said["row"], said["column"], said["value"], strict=True)) == [(3, "Status", "done")]
    a = assess(sub, mini_fw).for_community(TOWN)
    rows = plan.actions_of(a, TOWN)
    assert rows["status"].tolist() == ["in_progress", "in_progress"] and rows["cost"].tolist() == [100.0, 100.0]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_template_suggests_statuses_and_areas_the_reader_takes_back(mini_fw, lang):
    from openpyxl import load_workbook

    from assessor.export.template import build_template
    from assessor.layout import ACTION_STATUS_LABELS, AREA_LABELS, label_text

    ws = load_workbook(io.BytesIO(build_template(mini_fw, lang)))[ACTIONS.name(lang)]
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in ws.data_validations.dataValidation}
    keys = [c.key for c in ACTIONS.columns]
    for key, labels in (("status", ACTION_STATUS_LABELS), ("area", AREA_LABELS)):
        letter = chr(ord("A") + keys.index(key))
        choices = lists[letter].strip('"').split(",")
        assert choices == [label_text(labels, k, lang) for k in labels]
        data = xlsx(
            {
                "Indicators": [["Indicator ID", "Year", "Value", "Community"], ["AAA01", 2025, 80, TOWN]],
                "Actions": [
                    ["Action ID", "Title", ACTIONS.column(key).header(lang)],
                    *([f"A{n}", "t", c] for n, c in enumerate(choices)),
                ],
            }
        )
        sub = read_submission(data, mini_fw, "back.xlsx")
        assert sub.actions[key].tolist() == list(labels)  # every choice read back as what it means
        assert not sub.issues["code"].str.startswith("action_").any()
