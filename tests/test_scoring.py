"""Every scoring method against closed-form values, edges included."""

import numpy as np
import pandas as pd
import pytest

from assessor.scoring import bands, categorical, goalpost, level, score_rows


@pytest.mark.parametrize(
    ("value", "expected"),
    [(50, 0.0), (100, 100.0), (75, 50.0), (60, 20.0), (0, 0.0), (130, 100.0), (99.5, 99.0)],
)
def test_goalpost_higher_is_better(value, expected):
    assert goalpost(np.array([value]), 50, 100)[0] == pytest.approx(expected)


@pytest.mark.parametrize(("value", "expected"), [(100, 0.0), (20, 100.0), (60, 50.0), (10, 100.0), (150, 0.0)])
def test_goalpost_lower_is_better_has_floor_above_target(value, expected):
    assert goalpost(np.array([value]), 100, 20)[0] == pytest.approx(expected)


def test_goalpost_refuses_zero_range():
    with pytest.raises(ValueError, match="zero range"):
        goalpost(np.array([1.0]), 5, 5)


def test_goalpost_keeps_missing_values_missing():
    assert np.isnan(goalpost(np.array([np.nan]), 0, 10)[0])


@pytest.mark.parametrize(
    ("value", "expected"),
    # ratio to target 50: .32 -> 25, .33 -> 50 (edge belongs to the upper band), .65 -> 50, .66 -> 75, .95 -> 100
    [(16, 25), (16.5, 50), (32.5, 50), (33, 75), (47, 75), (47.5, 100), (50, 100), (80, 100), (0, 25)],
)
def test_bands_u4ssc_style(value, expected):
    assert bands(np.array([value]), 50.0)[0] == expected


@pytest.mark.parametrize(("value", "expected"), [(10, 100), (10.5, 100), (12, 75), (20, 50), (40, 25), (0, 100)])
def test_bands_lower_is_better_uses_target_over_value(value, expected):
    # target/value: 10/10.5 = .952 -> 100; 10/12 = .83 -> 75; 10/20 = .5 -> 50; 10/40 = .25 -> 25; 10/0 = inf -> 100
    assert bands(np.array([value]), 10.0, True)[0] == expected


def test_bands_with_custom_edges_and_points():
    out = bands(np.array([1, 5, 9]), 10.0, False, edges=(0.5,), points=(0, 100))
    assert out.tolist() == [0, 100, 100]


def test_bands_refuses_non_positive_target():
    with pytest.raises(ValueError, match="positive"):
        bands(np.array([1.0]), 0.0)


def test_categorical_maps_labels_and_leaves_unknown_missing():
    out = categorical(pd.Series(["yes", "partial", "no", "maybe", None]), {"yes": 100, "partial": 50, "no": 0})
    assert out[:3].tolist() == [100, 50, 0]
    assert np.isnan(out[3]) and np.isnan(out[4])


@pytest.mark.parametrize(("value", "expected"), [(0, 0), (1, 25), (2, 50), (3, 75), (4, 100)])
def test_level_is_level_times_25(value, expected):
    assert level(np.array([value]))[0] == expected


def test_score_rows_dispatches_each_method(mini_fw):
    ids = pd.Series(["AAA01", "AAA02", "AAA03", "BBB01", "BBB02", "BBB03", "ZZZ99"])
    values = pd.Series([75, 60, None, 40, 12, 3, 5], dtype=float)
    labels = pd.Series([None, None, "partial", None, None, None, None], dtype="string")
    out = score_rows(ids, values, labels, mini_fw)
    assert out[:6].tolist() == [50.0, 50.0, 50.0, 75.0, 75.0, 75.0]
    assert np.isnan(out[6])  # not in the catalogue: no score
