"""The catalogue: the shipped one is complete; a bad one stops with a message naming file, indicator and field."""

from collections import Counter

import pytest
import yaml

from assessor.framework import CatalogueError, default_benchmarks, load_framework, parse_framework

from mini_catalogue import raw


def _error(data, origin="bad.yaml") -> str:
    with pytest.raises(CatalogueError) as err:
        parse_framework(data, origin)
    return str(err.value)


def test_unknown_method_names_file_indicator_and_field():
    data = raw()
    data["indicators"][0]["method"] = {"type": "zscore"}
    msg = _error(data)
    assert msg.startswith("bad.yaml: indicator AAA01:") and "method" in msg


def test_floor_equal_to_target_is_refused():
    data = raw()
    data["indicators"][1]["method"] = {"type": "goalpost", "floor": 10, "target": 10}
    msg = _error(data)
    assert "indicator AAA02" in msg and "method.goalpost" in msg and "floor and target are equal" in msg


@pytest.mark.parametrize("weight", [0, -1])
def test_zero_or_negative_weight_is_refused(weight):
    data = raw()
    data["indicators"][2]["weight"] = weight
    msg = _error(data)
    assert "indicator AAA03" in msg and "field 'weight'" in msg


def test_duplicate_id_is_refused():
    data = raw()
    data["indicators"][1]["id"] = "AAA01"
    assert "'AAA01' appears more than once" in _error(data)


def test_missing_translation_names_the_field():
    data = raw()
    del data["indicators"][3]["name"]["vi"]
    msg = _error(data)
    assert "indicator BBB01" in msg and "field 'name.vi'" in msg


def test_empty_translation_is_missing_too():
    data = raw()
    data["indicators"][3]["guidance"]["en"] = ""
    assert "field 'guidance.en'" in _error(data)


def test_level_without_text_is_refused():
    data = raw()
    data["indicators"][5]["method"]["levels"][2] = {"en": "Level 2"}
    msg = _error(data)
    assert "indicator BBB03" in msg and "method.level.levels.2.vi" in msg


def test_kind_and_method_must_agree():
    data = raw()
    data["indicators"][2]["kind"] = "percent"
    assert "kind 'percent' cannot use method 'categorical'" in _error(data)


def test_unknown_domain_is_refused():
    data = raw()
    data["indicators"][0]["domain"] = "gamma"
    assert "AAA01: domain 'gamma'" in _error(data)


def test_thresholds_must_rise():
    data = raw()
    data["levels"][2]["min"] = 30
    assert "thresholds must start at 0 and rise" in _error(data)


def test_file_errors_name_the_file(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("meta: [unclosed", encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"broken\.yaml: is not valid YAML"):
        load_framework(broken)
    with pytest.raises(CatalogueError, match=r"missing\.yaml: cannot be read"):
        load_framework(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    data = raw()
    data["indicators"][0]["method"]["target"] = 50
    bad.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(CatalogueError, match=r"^bad\.yaml: indicator AAA01: .*floor and target are equal"):
        load_framework(bad)


# ---------------------------------------------------------------- the shipped catalogue


def test_six_domains_in_icf_order(framework):
    assert [d.id for d in framework.domains] == [
        "connectivity",
        "workforce",
        "innovation",
        "inclusion",
        "sustainability",
        "engagement",
    ]
    assert framework.domain_by_id["connectivity"].name.vi == "Kết nối số"


def test_at_least_eight_indicators_per_domain_and_every_method(framework):
    per_domain = Counter(i.domain for i in framework.indicators)
    assert len(framework.indicators) >= 48
    assert min(per_domain.values()) >= 8
    methods = Counter(i.method.type for i in framework.indicators)
    assert set(methods) == {"goalpost", "bands", "categorical", "level"}
    kinds = Counter(i.kind for i in framework.indicators)
    assert {"percent", "number", "currency", "categorical", "level"} <= set(kinds)
    assert any(getattr(i.method, "lower_is_better", False) for i in framework.indicators)


def test_every_text_is_vietnamese_too(framework):
    vi_letters = set("àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ")
    for ind in framework.indicators:
        assert ind.name.vi != ind.name.en, ind.id
        assert set(ind.description.vi.lower()) & vi_letters, ind.id


def test_narratives_cover_every_domain(framework):
    assert {n.domain for n in framework.narratives} == {d.id for d in framework.domains}
    assert all(n.limit > 0 for n in framework.narratives)


def test_reference_profile_is_labelled_with_its_year(framework):
    (icf2017,) = default_benchmarks(framework)
    assert icf2017.year == 2017 and "2017" in icf2017.label.en and "2017" in icf2017.label.vi
    assert icf2017.values["CON01"] == 96
