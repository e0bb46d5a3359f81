"""The illustrative Bình Dương sample, its connectivity domain worked out by hand from the formulas of DESIGN.md."""

from pathlib import Path

import pytest

from assessor.assess import assess
from assessor.read import read_submission

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"


@pytest.fixture(scope="module")
def sample(framework):
    sub = read_submission(SAMPLE, framework)
    return sub, assess(sub, framework)


def test_the_sample_reports_exactly_its_planted_problems(sample):
    sub, _ = sample
    found = sorted(zip(sub.issues["code"], sub.issues["row"], strict=True))
    assert found == sorted(
        [
            ("unknown_indicator", 3),  # "CONO1", a letter O typed for a zero
            ("out_of_range", 4),  # 112 %
            ("not_a_number", 5),  # "đang cập nhật"
            ("bad_link", 56),  # www.binhduong.gov.vn without https://
            ("duplicate_row", 6),  # CON04 2023 entered twice with two values: neither is scored
            ("duplicate_row", 166),
            ("narrative_too_long", 3),
        ]
    )
    assert len(sub.indicators) == 163  # 3 years × 54, plus the duplicate: every row read is kept


def test_connectivity_2025_by_hand(sample):
    _, result = sample
    rows = result.indicators.set_index("indicator_id")
    # The inputs as the sample holds them.
    values = {"CON01": 89.4, "CON02": 69.8, "CON03": 52.0, "CON04": 8.6, "CON05": 3.0, "CON06": 77.6, "CON07": 3.0}
    for iid, v in values.items():
        assert rows.loc[iid, "value"] == pytest.approx(v), iid
    assert rows.loc["CON08", "value"] == 3 and rows.loc["CON08", "evidence_status"] == "self-reported"
    assert rows.loc["CON09", "label"] == "partial"

    by_hand = {
        "CON01": (89.4 - 50) / (96 - 50) * 100,  # goalpost 50 -> 96: 85.652…
        "CON02": (69.8 - 20) / (80 - 20) * 100,  # goalpost 20 -> 80: 83.0
        "CON03": 75.0,  # bands, 52 / 68 = 0.765 -> [0.66, 0.95) -> 75
        "CON04": 100.0,  # bands, lower is better: 50 / 8.6 = 5.8 >= 0.95 -> 100
        "CON05": (3 - 1) / (4 - 1) * 100,  # goalpost 1 -> 4 providers: 66.667
        "CON06": (77.6 - 20) / (80 - 20) * 100,  # 96.0
        "CON07": 3 * 25.0,  # rubric level 3
        "CON08": 3 * 25.0,  # rubric level 3, but only self-reported
        "CON09": 50.0,  # partial
    }
    for iid, score in by_hand.items():
        assert rows.loc[iid, "score"] == pytest.approx(score), iid

    weights = {iid: 1.5 if iid == "CON02" else 1.0 for iid in by_hand}  # CON02 (adoption) weighs 1.5
    total = sum(weights.values())  # 9.5
    claimed = sum(weights[i] * s for i, s in by_hand.items()) / total
    evidenced = (claimed * total - weights["CON08"] * by_hand["CON08"]) / total
    assert claimed == pytest.approx(78.7177726)
    assert evidenced == pytest.approx(70.8230359)

    dom = result.domains.set_index("domain").loc["connectivity"]
    assert dom["score"] == pytest.approx(claimed)
    assert dom["evidenced_score"] == pytest.approx(evidenced)
    assert dom["coverage"] == 1.0 and dom["level"] == "competitive"  # 70.8 in [60, 75)
    # Impact of CON01: its weight share (1 / 9.5) × its gap × 1/6
    assert rows.loc["CON01", "impact"] == pytest.approx((1 / 9.5) * (100 - by_hand["CON01"]) / 6)


def test_community_score_is_the_mean_of_six_domains(sample):
    _, result = sample
    domains = result.domains
    overall = result.overall.iloc[0]
    assert (overall["community"], overall["year"]) == ("Bình Dương", 2025)
    assert overall["score"] == pytest.approx(domains["score"].sum() / 6)
    assert overall["evidenced_score"] == pytest.approx(domains["evidenced_score"].sum() / 6)
    assert overall["evidenced_score"] < overall["score"]
    assert overall["evidenced_score"] == pytest.approx(60.70, abs=0.01)
    assert overall["level"] == "competitive"  # judged on the evidenced score: 60.7 in [60, 75)
    assert result.history["year"].tolist() == [2023, 2024, 2025]
