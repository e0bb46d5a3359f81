"""Evidence edits: applied to the scored row, links only http(s), statuses only the catalogue's."""

import pytest

from assessor.assess import assess
from assessor.edits import Edit, EditError, apply_edits, is_link, validated

from factory import submission


def test_links_must_be_http():
    assert is_link("https://binhduong.gov.vn/a") and is_link("http://x.vn")
    for bad in ("www.binhduong.gov.vn", "javascript:alert(1)", "ftp://x.vn/a", "file:///etc/passwd", "https://"):
        assert not is_link(bad)
        with pytest.raises(EditError) as err:
            validated(Edit("T", "AAA01", 2025, "source_url", bad))
        assert err.value.code == "link"


def test_status_and_field_are_checked():
    assert validated(Edit("T", "AAA01", 2025, "evidence_status", " verified ")).value == "verified"
    assert validated(Edit("T", "AAA01", 2025, "evidence", "  ")).value is None
    with pytest.raises(EditError):
        validated(Edit("T", "AAA01", 2025, "evidence_status", "maybe"))
    with pytest.raises(EditError):
        validated(Edit("T", "AAA01", 2025, "value", "100"))


def test_key_round_trip():
    e = Edit("Thủ Dầu Một | city", "AAA01", 2025, "owner", "Sở TT&TT")
    assert Edit.from_key(e.key, e.value) == e


def test_status_edit_changes_the_evidenced_score(mini_fw):
    sub = submission(
        [
            {"indicator_id": "AAA01", "value": 80.0, "evidence_status": "self-reported"},
            {"indicator_id": "AAA01", "value": 40.0, "year": 2024, "evidence_status": "self-reported"},
        ]
    )
    before = assess(sub, mini_fw)
    edit = Edit("Testville", "AAA01", 2025, "evidence_status", "verified")
    after = assess(apply_edits(sub, {edit.key: edit.value}), mini_fw)
    row = after.indicators[after.indicators["indicator_id"] == "AAA01"].iloc[0]
    assert row["evidence_status"] == "verified" and row["evidenced"] == row["score"]
    assert after.overall.loc[0, "evidenced_score"] > before.overall.loc[0, "evidenced_score"]
    # the 2024 row is untouched
    hist = apply_edits(sub, {edit.key: edit.value}).indicators
    assert hist.loc[hist["year"] == 2024, "evidence_status"].tolist() == ["self-reported"]


def test_edit_without_a_row_is_ignored(mini_fw):
    sub = submission([{"indicator_id": "AAA01", "value": 50.0}])
    out = apply_edits(sub, {"Testville|AAA02|2025|evidence": "x"})
    assert out.indicators["evidence"].isna().all()
