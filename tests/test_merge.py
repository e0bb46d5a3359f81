"""Several departments' workbooks merged: identical rows quietly, disagreements shown with both sources."""

from dataclasses import replace

from assessor.assess import assess
from assessor.merge import conflict_key, merge
from assessor.read import read_submission

from factory import submission, xlsx

HEAD = ["Indicator ID", "Year", "Value", "Evidence status", "Evidence"]
PROFILE = {"Profile": [["Community", "Assessment year"], ["Testville", 2025]]}


def book(rows):
    return xlsx({**PROFILE, "Indicators": [HEAD, *rows]})


def test_one_file_is_itself(mini_fw):
    sub = submission([{"indicator_id": "AAA01", "value": 80.0}])
    m = merge([sub])
    assert m.submission is sub and m.conflicts.empty and m.duplicates == 0


def test_identical_rows_merge_quietly_and_fill_evidence(mini_fw):
    a = read_submission(
        book([["AAA01", 2025, 80, "verified", None], ["AAA02", 2025, 5, "verified", None]]), mini_fw, "it.xlsx"
    )
    b = read_submission(book([["AAA01", 2025, "80", "verified", "Báo cáo 2025"]]), mini_fw, "stats.xlsx")
    m = merge([a, b])
    assert m.conflicts.empty and m.duplicates == 1 and m.open_conflicts == 0
    live = m.submission.scorable
    assert len(live) == 2
    assert live.loc[live["indicator_id"] == "AAA01", "evidence"].tolist() == ["Báo cáo 2025"]
    assert len(m.submission.indicators) == 3  # nothing dropped: the duplicate is kept, excluded
    assert set(m.submission.issues["file"]) <= {"it.xlsx", "stats.xlsx"}


def test_conflict_shows_both_sources_and_scores_neither_until_chosen(mini_fw):
    a = read_submission(book([["AAA01", 2025, 80, "verified"], ["AAA02", 2025, 5, "verified"]]), mini_fw, "it.xlsx")
    b = read_submission(book([[], ["AAA01", 2025, 60, "documented"]]), mini_fw, "stats.xlsx")
    m = merge([a, b])
    key = conflict_key("Testville", "AAA01", 2025)
    assert m.open_conflicts == 1
    c = m.conflicts
    assert c["file"].tolist() == ["it.xlsx", "stats.xlsx"] and c["value"].tolist() == ["80", "60"]
    assert c["row"].tolist() == [2, 3] and c["chosen"].isna().all() and (c["key"] == key).all()
    assert "AAA01" not in m.submission.scorable["indicator_id"].tolist()

    chosen = merge([a, b], {key: b.sha256})
    assert chosen.open_conflicts == 0 and chosen.conflicts["chosen"].tolist() == [False, True]
    row = chosen.submission.scorable.query("indicator_id == 'AAA01'")
    assert row["value"].tolist() == [60.0] and row["evidence_status"].tolist() == ["documented"]
    assert assess(chosen.submission, mini_fw).indicators.query("indicator_id == 'AAA01'")["value"].item() == 60.0


def test_a_choice_naming_another_file_leaves_the_conflict_open(mini_fw):
    a = read_submission(book([["AAA01", 2025, 80]]), mini_fw, "a.xlsx")
    b = read_submission(book([["AAA01", 2025, 60]]), mini_fw, "b.xlsx")
    m = merge([a, b], {conflict_key("Testville", "AAA01", 2025): "not-a-file"})
    assert m.open_conflicts == 1


def test_categorical_conflict_and_distinct_years(mini_fw):
    a = submission([{"indicator_id": "AAA01", "value": 80.0, "year": 2024}])
    b = submission([{"indicator_id": "AAA01", "value": 70.0, "year": 2025}])
    m = merge([replace(a, source="a", sha256="1"), replace(b, source="b", sha256="2")])
    assert m.conflicts.empty and len(m.submission.scorable) == 2


def test_merged_frames_keep_their_columns_when_empty(mini_fw):
    a = read_submission(book([["AAA01", 2025, 80]]), mini_fw, "a.xlsx")
    b = read_submission(book([["AAA02", 2025, 60]]), mini_fw, "b.xlsx")
    m = merge([a, b]).submission
    for name in ("profile", "narratives", "actions"):
        assert list(getattr(m, name).columns) == list(getattr(a, name).columns)
    assert m.profile["community"].tolist() == ["Testville"]
