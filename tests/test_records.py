"""The JSON document of `score --format json`: each community's own issues, finite numbers, closed-form values."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest

from assessor.assess import Assessment, assess
from assessor.issues import IssueLog
from assessor.records import assessment_json, assessment_records, community_records

from factory import submission

# The mini catalogue (tests/mini_catalogue.py), every indicator filled for community A:
#   alpha: AAA01 goalpost 50 -> 100, weight 2: 75 scores 50; AAA02 lower is better 100 -> 20: 60 scores 50;
#          AAA03 categorical "yes" scores 100 but is only self-reported, so its evidenced score is 0.
#          score (2·50 + 50 + 100)/4 = 62.5; evidenced (2·50 + 50 + 0)/4 = 37.5.
#   beta:  BBB01 bands, target 50: 50 scores 100; BBB02 lower is better, target 10: 10 scores 100;
#          BBB03 level 2 of 0..4 scores 50. score = evidenced = 250/3 = 83.33.
#   overall (62.5 + 83.33)/2 = 72.92; evidenced (37.5 + 83.33)/2 = 60.42, so "competitive" (60 ≤ 60.42 < 75).
A_ROWS = [
    {"indicator_id": "AAA01", "value": 75},
    {"indicator_id": "AAA02", "value": 60},
    {"indicator_id": "AAA03", "label": "yes", "evidence_status": "self-reported"},
    {"indicator_id": "BBB01", "value": 50},
    {"indicator_id": "BBB02", "value": 10},
    {"indicator_id": "BBB03", "value": 2},
]
# B has only alpha's goalpost (90 scores 80) and BBB01 (25 is half the target, band 0.33..0.66: 50).
B_ROWS = [{"indicator_id": "AAA01", "value": 90}, {"indicator_id": "BBB01", "value": 25}]


def _issues(owners: list[str | None]) -> pd.DataFrame:
    """One issue per entry, of the community named there (None: the file's). Built through the real IssueLog."""
    log = IssueLog()
    where = pd.DataFrame({"row": range(10, 10 + len(owners)), "value": [f"x{k}" for k in range(len(owners))]})
    log.add_many("not_a_number", "error", "Indicators", where, "value")
    frame = log.frame().sort_values("row").reset_index(drop=True)
    frame["community"] = pd.array(owners, dtype="string")
    return frame


def _panel(mini_fw, owners: list[str | None]) -> Assessment:
    rows = [{**r, "community": "A"} for r in A_ROWS] + [{**r, "community": "B"} for r in B_ROWS]
    return assess(replace(submission(rows), issues=_issues(owners)), mini_fw)


def _rows_of(issues: list[dict]) -> list[int]:
    return [i["row"] for i in issues]


def _strict(document: object) -> object:
    """The document through JSON with NaN refused, and back."""
    return json.loads(json.dumps(document, allow_nan=False))


def test_panel_each_community_has_its_own_issues_and_the_file_level_ones_once(mini_fw):
    # rows 10, 11: B's two errors; row 12: the file's (no community)
    doc = _strict(assessment_records(_panel(mini_fw, ["B", "B", None]), "en"))
    assert set(doc) == {"framework", "communities", "issues"}
    assert doc["framework"] == "mini 1"
    a, b = doc["communities"]
    assert (a["community"], b["community"]) == ("A", "B")
    assert a["issues"] == []
    assert _rows_of(b["issues"]) == [10, 11] and {i["community"] for i in b["issues"]} == {"B"}
    assert _rows_of(doc["issues"]) == [12] and doc["issues"][0]["community"] is None
    issue = b["issues"][0]
    assert {"severity", "sheet", "row", "column", "value", "message", "hint"} <= set(issue)
    where = (issue["severity"], issue["sheet"], issue["column"], issue["value"])
    assert where == ("error", "Indicators", "value", "x0")
    assert "x0" in issue["message"] and issue["hint"]


def test_issues_of_a_community_without_a_record_are_kept_at_the_top(mini_fw):
    doc = assessment_records(_panel(mini_fw, ["B", "Elsewhere", None]), "en")
    assert _rows_of(doc["communities"][1]["issues"]) == [10]
    assert _rows_of(doc["issues"]) == [11, 12]


def test_without_a_community_column_every_issue_belongs_to_the_file(mini_fw):
    result = _panel(mini_fw, ["B", "B", None])
    result = replace(result, issues=result.issues.drop(columns="community"))
    doc = assessment_records(result, "en")
    assert all(c["issues"] == [] for c in doc["communities"])
    assert _rows_of(doc["issues"]) == [10, 11, 12]


def test_one_community_is_one_object_with_its_issues_and_the_files(mini_fw):
    rows = [{**r, "community": "A"} for r in A_ROWS]
    result = assess(replace(submission(rows), issues=_issues(["A", None, "A"])), mini_fw)
    record = _strict(assessment_records(result, "vi"))
    assert set(record) == {"community", "year", "framework", "overall", "domains", "indicators", "issues"}
    assert record["community"] == "A" and record["year"] == 2025
    assert sorted(_rows_of(record["issues"])) == [10, 11, 12]
    assert "không phải là số" in record["issues"][0]["message"]  # rendered in the language asked for


def test_closed_form_values(mini_fw):
    doc = _strict(assessment_records(_panel(mini_fw, []), "en"))
    a, b = doc["communities"]
    assert a["overall"] == {"score": 72.92, "evidenced_score": 60.42, "level": "competitive"}
    alpha, beta = a["domains"]
    assert alpha == {
        "id": "alpha",
        "score": 62.5,
        "evidenced_score": 37.5,
        "coverage": 1.0,
        "level": "foundational",
        "insufficient_data": False,
    }
    assert (beta["id"], beta["score"], beta["evidenced_score"], beta["level"]) == ("beta", 83.33, 83.33, "leading")
    ind = {i["id"]: i for i in a["indicators"]}
    assert [i["id"] for i in a["indicators"]] == ["AAA01", "AAA02", "AAA03", "BBB01", "BBB02", "BBB03"]
    # impact = weight share in the domain × gap × 1/2 (two domains of equal weight)
    assert ind["AAA01"] == {
        "id": "AAA01",
        "domain": "alpha",
        "value": 75.0,
        "score": 50.0,
        "evidenced": 50.0,
        "evidence_status": "verified",
        "gap": 50.0,
        "impact": 12.5,
    }
    assert (ind["AAA02"]["score"], ind["AAA02"]["impact"]) == (50.0, 6.25)
    assert (ind["AAA03"]["value"], ind["AAA03"]["score"], ind["AAA03"]["evidenced"]) == ("yes", 100.0, 0.0)
    assert ind["BBB03"]["value"] == 2.0 and ind["BBB03"]["score"] == 50.0

    # B: alpha has only AAA01 (weight 2 of 4: coverage 0.5, too little), beta only BBB01 (1 of 3).
    b_alpha, b_beta = b["domains"]
    assert (b_alpha["score"], b_alpha["coverage"], b_alpha["insufficient_data"]) == (80.0, 0.5, True)
    assert (b_beta["score"], b_beta["coverage"], b_beta["insufficient_data"]) == (50.0, 0.333, True)
    assert b["overall"]["score"] == 65.0
    unfilled = {i["id"]: i for i in b["indicators"]}["AAA02"]
    assert unfilled["value"] is None and unfilled["score"] is None and unfilled["impact"] is None


def test_nan_and_infinity_become_null(mini_fw):
    result = _panel(mini_fw, ["B", None])
    broken = replace(
        result,
        overall=result.overall.assign(score=np.nan, evidenced_score=np.inf),
        domains=result.domains.assign(coverage=-np.inf),
        indicators=result.indicators.assign(value=np.inf, label=pd.NA, gap=np.nan, impact=np.inf),
    )
    text = assessment_json(broken, "en")  # allow_nan=False inside: it would raise on any NaN or inf
    doc = json.loads(text)
    for record in doc["communities"]:
        assert record["overall"]["score"] is None and record["overall"]["evidenced_score"] is None
        assert all(d["coverage"] is None for d in record["domains"])
        assert all(i["value"] is None and i["gap"] is None and i["impact"] is None for i in record["indicators"])
    for document in (assessment_records(broken, "vi"), community_records(broken, "en")):
        json.dumps(document, allow_nan=False)


def test_to_records_gives_one_self_contained_object_per_community(mini_fw):
    records = _panel(mini_fw, ["B", "B", None]).to_records("en")
    assert [r["community"] for r in records] == ["A", "B"]
    assert _rows_of(records[0]["issues"]) == [12]
    assert _rows_of(records[1]["issues"]) == [10, 11, 12]
    assert records[0]["overall"]["score"] == pytest.approx(72.92)


def test_json_text_keeps_vietnamese_characters(mini_fw):
    rows = [{**r, "community": "Bình Dương"} for r in A_ROWS]
    text = assessment_json(assess(submission(rows), mini_fw), "vi")
    assert '"community": "Bình Dương"' in text
    assert json.loads(text)["issues"] == []


def test_nothing_scorable_gives_a_panel_with_no_community_and_keeps_the_issues(mini_fw):
    sub = submission([{"indicator_id": "AAA01", "value": 50, "excluded": "bad_year"}])
    result = assess(replace(sub, issues=_issues(["Testville", None])), mini_fw)
    doc = _strict(assessment_records(result, "en"))
    assert doc["communities"] == [] and _rows_of(doc["issues"]) == [10, 11]
    assert community_records(result, "en") == []


def test_rounding_is_pythons_own(mini_fw):
    result = _panel(mini_fw, [])
    halves = [0.125, 2.675, 1.005, 0.285, 1e12 + 0.5, -0.004]
    odd = result.indicators.assign(impact=(halves * len(result.indicators))[: len(result.indicators)])
    doc = assessment_records(replace(result, indicators=odd), "en")
    got = [i["impact"] for c in doc["communities"] for i in c["indicators"]]
    assert got == [round(v, 3) for v in odd["impact"]]
