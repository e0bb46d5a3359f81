"""The leadership deck: 16:9, native charts holding the assessment's numbers, Vietnamese text intact."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from assessor.assess import Assessment, assess
from assessor.export.deck import leadership_deck
from assessor.framework import Framework
from assessor.read import read_submission

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"


@pytest.fixture(scope="module")
def sample(framework: Framework) -> Assessment:
    return assess(read_submission(SAMPLES / "binh_duong_illustrative.xlsx", framework), framework)


@pytest.fixture(scope="module")
def decks(sample: Assessment) -> dict[str, Presentation]:
    return {lang: Presentation(io.BytesIO(leadership_deck(sample, lang))) for lang in ("en", "vi")}


def _texts(prs: Presentation) -> list[str]:
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            if shape.has_table:
                out.extend(c.text for row in shape.table.rows for c in row.cells)
    return out


def _charts(prs: Presentation) -> list:  # type: ignore[type-arg]
    return [s.chart for slide in prs.slides for s in slide.shapes if s.has_chart]


def test_deck_is_16_9_with_every_slide(decks, framework):
    prs = decks["en"]
    assert prs.slide_width == Inches(13.333) and prs.slide_height == Inches(7.5)
    # title, verdict, radar, domains, one per domain, robustness, priorities, roadmap, method
    assert len(prs.slides) == 4 + len(framework.domains) + 4


def test_charts_are_native_and_hold_the_assessment(decks, sample, framework):
    charts = _charts(decks["en"])
    radar = next(c for c in charts if c.chart_type in (XL_CHART_TYPE.RADAR, XL_CHART_TYPE.RADAR_MARKERS))
    series = {s.name: list(s.values) for s in radar.plots[0].series}
    assert series["Claimed score"] == [round(x, 1) for x in sample.domains["score"]]
    assert series["Evidenced score"] == [round(x, 1) for x in sample.domains["evidenced_score"]]
    assert any("ICF applicant average" in name for name in series)
    assert list(radar.plots[0].categories) == [d.name("en") for d in framework.domains]
    bars = [c for c in charts if c.chart_type == XL_CHART_TYPE.BAR_CLUSTERED]
    assert len(bars) == 3  # domains, priorities, the roadmap's today against planned
    impact = bars[1].plots[0].series[0]
    assert list(impact.values)[::-1] == [round(x, 2) for x in sample.priorities["impact"].head(8)]


def test_verdict_slide_says_score_level_and_three_steps(decks, sample):
    o = sample.overall.iloc[0]
    slide = decks["en"].slides[1]
    text = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert f"{o['evidenced_score']:.1f}" in text and f"{o['score']:.1f}" in text
    assert "Competitive" in text
    assert "Three things to do first" in text
    assert text.count("\n1. ") + text.count("\n2. ") + text.count("\n3. ") >= 2
    ev = sample.evidence_gaps.iloc[0]["indicator_id"]
    assert ev in text


def test_vietnamese_deck_keeps_its_diacritics_and_font(decks):
    texts = "\n".join(_texts(decks["vi"]))
    for phrase in (
        "Mức độ sẵn sàng ứng tuyển Smart21 của Bình Dương",
        "Ba việc cần ưu tiên thực hiện",
        "Khoảng trống lớn nhất",
        "mô phỏng theo bộ tiêu chí của ICF, không phải điểm do ICF chấm",
        "Phương pháp và lưu ý",
        "Kết nối số",
    ):
        assert phrase in texts
    assert "Three things" not in texts
    fonts = {
        r.font.name
        for slide in decks["vi"].slides
        for s in slide.shapes
        if s.has_text_frame
        for p in s.text_frame.paragraphs
        for r in p.runs
    }
    assert fonts == {"Arial"}
    radar = next(c for c in _charts(decks["vi"]) if c.chart_type == XL_CHART_TYPE.RADAR_MARKERS)
    assert [s.name for s in radar.plots[0].series][:2] == ["Điểm kê khai", "Điểm có minh chứng"]


def test_never_says_icf_score_alone(decks):
    for prs in decks.values():
        for text in _texts(prs):
            assert "ICF score" not in text.replace("not an ICF score", "")


def test_domain_slides_list_top_gaps_and_evidence_gaps(decks, sample, framework):
    prs = decks["en"]
    for n, domain in enumerate(framework.domains):
        slide = prs.slides[4 + n]
        texts = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert domain.name("en") in texts
        tables = ["\n".join(c.text for row in s.table.rows for c in row.cells) for s in slide.shapes if s.has_table]
        gaps = sample.priorities[sample.priorities["domain"] == domain.id].head(5)
        for iid in gaps["indicator_id"]:
            assert any(iid in t for t in tables)


def test_panel_deck_for_a_named_community(framework):
    a = assess(read_submission(SAMPLES / "panel_illustrative.xlsx", framework), framework)
    other = a.communities[1]
    prs = Presentation(io.BytesIO(leadership_deck(a, "en", other)))
    assert other in prs.slides[0].shapes[1].text_frame.text
    with pytest.raises(ValueError):
        leadership_deck(a, "en", "Atlantis")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_robustness_slide_gives_the_band_per_domain_and_the_level_probabilities(decks, sample, framework, lang):
    from assessor.i18n import number, percent, t
    from assessor.robustness import robustness

    mc = robustness(sample)
    community = sample.communities[0]
    slide = next(
        s
        for s in decks[lang].slides
        if any(sh.has_text_frame and sh.text_frame.text == t("robustness.title", lang) for sh in s.shapes)
    )
    text = "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert mc.sentence(community, lang) in text and mc.band(community, lang) in text
    table = next(sh.table for sh in slide.shapes if sh.has_table)
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells[0][2] == t("robustness.col_band", lang)
    assert [r[0] for r in cells[1:]] == [d.name(lang) for d in framework.domains] + [
        t("robustness.community_row", lang)
    ]
    for row, d in zip(cells[1:], mc.domains.to_dict("records"), strict=False):
        assert row[2] == f"{number(d['evidenced_p05'], lang)}–{number(d['evidenced_p95'], lang)}"
        assert row[4] == percent(d["level_share"], lang)
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    assert list(chart.plots[0].categories) == [lv.name(lang) for lv in framework.levels]
    shares = list(chart.plots[0].series[0].values)
    assert shares == pytest.approx(mc.levels["probability"].tolist()) and sum(shares) == pytest.approx(1.0)
