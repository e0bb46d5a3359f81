"""Pace on hand-worked series: the least-squares slope of the evidenced score per year, the year a target is reached
from the latest score, and what is said when one or two years are all there is."""

import pandas as pd
import pytest

from assessor.assess import assess
from assessor.pace import level_threshold, pace, status_text, summary, trend

from factory import submission

# AAA01 is a goalpost 50 -> 100 and alone in domain alpha: a value v scores 2·(v − 50), so 70, 73, 76 score 40, 46, 52.
SERIES = [
    {"indicator_id": "AAA01", "year": 2023, "value": 70},
    {"indicator_id": "AAA01", "year": 2024, "value": 73},
    {"indicator_id": "AAA01", "year": 2025, "value": 76},
]


def test_slope_and_year_reached_by_hand(mini_fw):
    p = pace(assess(submission(SERIES), mini_fw), target=60, deadline=2027)
    alpha = p.domains.set_index("domain").loc["alpha"]
    assert alpha["points"] == 3 and alpha["basis"] == "trend"
    assert alpha["slope"] == pytest.approx(6.0)
    assert alpha["latest"] == pytest.approx(52.0)
    # 2025 + (60 − 52) / 6 = 2026.33: reached in 2027; at the deadline 52 + 6·2 = 64
    assert alpha["reach_year"] == 2027
    assert alpha["projected"] == pytest.approx(64.0)
    assert alpha["status"] == "on_track"
    ind = p.indicators.set_index("indicator_id").loc["AAA01"]
    assert ind["slope"] == pytest.approx(6.0) and ind["reach_year"] == 2027


def test_a_deadline_before_the_year_reached_is_too_slow(mini_fw):
    p = pace(assess(submission(SERIES), mini_fw), target=60, deadline=2026)
    alpha = p.domains.set_index("domain").loc["alpha"]
    assert alpha["status"] == "too_slow"
    assert alpha["projected"] == pytest.approx(58.0)
    assert status_text(alpha, "en") == "Reaches the target only in 2027, after the deadline."
    assert status_text(alpha, "vi") == "Chỉ đạt mục tiêu vào năm 2027, sau thời hạn."


def test_least_squares_not_end_points():
    # 40, 50, 44, 52 over 2022–2025: end points say 12 / 3 = 4 a year; least squares says
    # Σ(x − x̄)·y / Σ(x − x̄)² = (−1.5·40 − 0.5·50 + 0.5·44 + 1.5·52) / 5 = 15 / 5 = 3.
    frame = pd.DataFrame({"k": ["a"] * 4, "year": [2022, 2023, 2024, 2025], "y": [40.0, 50.0, 44.0, 52.0]})
    out = trend(frame, ["k"], target=60, deadline=2030).iloc[0]
    assert out["slope"] == pytest.approx(3.0)
    # from the latest score 52: 2025 + 8 / 3 = 2027.67, reached in 2028
    assert out["reach_year"] == 2028 and out["status"] == "on_track"


def test_one_point_gives_no_trend_and_says_so(mini_fw):
    p = pace(assess(submission(SERIES[:1]), mini_fw), target=60, deadline=2027)
    alpha = p.domains.set_index("domain").loc["alpha"]
    assert alpha["points"] == 1 and pd.isna(alpha["slope"]) and alpha["status"] == "one_point"
    assert status_text(alpha, "en") == "One year of data: no trend yet."
    assert "chưa xác định được xu hướng" in status_text(alpha, "vi")
    assert "one year only" in summary(p, mini_fw, "en", "60")
    assert "chỉ có một năm" in summary(p, mini_fw, "vi", "60")


def test_two_points_give_a_trend_said_to_rest_on_two_points(mini_fw):
    p = pace(assess(submission(SERIES[1:]), mini_fw), target=60, deadline=2027)
    alpha = p.domains.set_index("domain").loc["alpha"]
    assert alpha["basis"] == "two_points" and alpha["slope"] == pytest.approx(6.0)
    assert (
        status_text(alpha, "en") == "Reaches the target in 2027, within the deadline. (A trend from two points only.)"
    )
    assert "hai điểm số liệu" in status_text(alpha, "vi")
    assert "two years only" in summary(p, mini_fw, "en", "60")


def test_falling_and_reached(mini_fw):
    rows = [
        {"indicator_id": "AAA01", "year": 2024, "value": 76},
        {"indicator_id": "AAA01", "year": 2025, "value": 70},  # 52 -> 40: falling
        {"indicator_id": "BBB03", "year": 2024, "value": 3},
        {"indicator_id": "BBB03", "year": 2025, "value": 4},  # 75 -> 100: above 60 already
    ]
    d = pace(assess(submission(rows), mini_fw), target=60, deadline=2027).domains.set_index("domain")
    assert d.loc["alpha", "status"] == "not_rising" and d.loc["alpha", "slope"] == pytest.approx(-12.0)
    assert pd.isna(d.loc["alpha", "reach_year"])
    assert d.loc["beta", "status"] == "reached"


def test_level_threshold_from_the_catalogue(framework):
    assert level_threshold(framework, "competitive") == 60
