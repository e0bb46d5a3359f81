"""The catalogue says what ICF publishes, and where it makes its own choice it says so (reference discrepancies)."""

import re
from pathlib import Path

import pytest

from assessor.framework import default_benchmarks, load_yaml

CATALOGUES = Path(__file__).resolve().parents[1] / "indicators"


def test_con03_quotes_68_mbps_as_an_average_of_community_medians(framework):
    source = framework.by_id["CON03"].source
    assert "averaged 68 Mbps" in source.en and "an average of the communities' own median figures" in source.en
    assert "trung bình của các giá trị trung vị" in source.vi and "68 Mbps" in source.vi
    assert "median applicant" not in source.en


def test_con04_prices_a_plan_at_icf_median_speed_against_icf_median_price(framework):
    con04 = framework.by_id["CON04"]
    assert "at least 68 Mbps" in con04.description.en and "từ 68 Mbps" in con04.description.vi
    assert "25 Mbps" not in con04.description.en + con04.source.en
    assert con04.method.target == 50 and con04.method.lower_is_better
    assert "like with like" in con04.source.en


def test_con01_and_con02_follow_or_name_icf_premises_definitions(framework):
    con01, con02 = framework.by_id["CON01"], framework.by_id["CON02"]
    assert "all premises" in con01.description.en and "25 Mbps" not in con01.description.en
    assert "96% of all premises" in con01.source.en
    assert "80% of all premises" in con02.source.en and "The definitions differ" in con02.source.en
    assert "Hai định nghĩa khác nhau" in con02.source.vi


def test_wrk03_measures_the_population_not_the_employed(framework):
    wrk03 = framework.by_id["WRK03"]
    assert "population aged 15 and over" in wrk03.description.en
    assert "dân số từ 15 tuổi" in wrk03.description.vi
    assert "population" in wrk03.unit.en and "employed" not in wrk03.unit.en


def test_online_procedures_are_counted_in_con06_only(framework):
    inn06, con06 = framework.by_id["INN06"], framework.by_id["CON06"]
    assert "CON06 counts them" in inn06.guidance.en and "CON06" in inn06.guidance.vi
    assert "counted once" in con06.source.en and "Innovation" in con06.source.en


def test_sustainability_history_is_dated_by_awards_cycle(framework):
    name = framework.domain_by_id["sustainability"].earlier_name
    assert "2016 Awards cycle" in name and "since 2015" not in name


VERDICT = re.compile(r"(credible|a) (Smart21|Top7)[ -](candidate|level|profile)|tầm Top7|Ứng viên Smart21", re.I)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_levels_describe_readiness_not_a_selection(framework, lang):
    for level in framework.levels:
        assert not VERDICT.search(level.name(lang) + " " + level.description(lang)), level.id
    names = [lv.name("vi") for lv in framework.levels]
    assert names == ["Khởi đầu", "Đang phát triển", "Có khả năng cạnh tranh", "Dẫn đầu"]
    assert "no score guarantees" in framework.levels[2].description.en


def test_icf_process_is_stated_plainly(framework):
    process = framework.meta.icf_process
    assert process is not None
    for phrase in (
        "equally weighted average of the factors",
        "independent analysts score the narrative",
        "best 21",
        "last three",
        "largely narrative",
        "visits each of the Top7",
        "jury",
    ):
        assert phrase in process.en, phrase
    for phrase in ("trọng số bằng nhau", "chuyên gia phân tích", "ba năm gần nhất", "hội đồng giám khảo"):
        assert phrase in process.vi, phrase


def test_reference_profile_carries_its_caveats(framework):
    bench = default_benchmarks(framework)[0]
    assert bench.caveats is not None
    assert "Class of 2018" in bench.source.en and "Class of 2018" in bench.source.vi
    for word in ("200", "Southeast Asian", "Kenya", "New Zealand", "2017"):
        assert word in bench.caveats.en, word
    assert "Đông Nam Á" in bench.caveats.vi and "200" in bench.caveats.vi


FORMER = (
    "Sở Thông tin và Truyền thông",
    "Sở Lao động",
    "Sở Kế hoạch và Đầu tư",
    "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải",
    "Cục Thống kê tỉnh",
    "thị trấn",
    "phòng quản lý đô thị",
)


def test_agencies_are_named_as_they_are_since_the_2025_mergers(framework):
    for ind in framework.indicators:
        for field in (ind.guidance.vi, ind.evidence.vi):
            for name in FORMER:
                at = field.find(name)
                if at >= 0:  # only as the former name, in brackets after the current one
                    before = field[max(0, at - 40) : at]
                    assert "trước" in before or "chuyển từ" in before, (ind.id, name)
        assert "Department of Information and Communications" not in ind.evidence.en.replace(
            "before 1 March 2025: the Department of Information and Communications", ""
        ), ind.id
    assert "Sở Khoa học và Công nghệ" in framework.by_id["CON01"].evidence.vi


def test_english_writes_percentages_as_icf_does():
    """“96% of all premises” as ICF writes it, and as the tool prints 69.8%: no space before the sign in English."""
    texts: list[str] = []

    def english(node: object) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "en" and isinstance(value, str):
                    texts.append(value)
                else:
                    english(value)
        elif isinstance(node, list):
            for value in node:
                english(value)

    for path in CATALOGUES.rglob("*.yaml"):
        english(load_yaml(path.read_text(encoding="utf-8")))
    assert len(texts) > 400 and not [x for x in texts if re.search(r"\d %", x)]
