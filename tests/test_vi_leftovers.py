"""Leftovers of the Vietnamese audit (shared/reviews/vietnamese-audit.md): percent indicators named "Tỷ lệ …"
(§2.2 #2), ICF's name as the press writes it (§2.2 #18), the deck's chart labels written in the deck's language
whatever the viewer's locale (§3 B10), and the evidence workbook's charts tagged with the workbook's language."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation
from pptx.enum.chart import XL_TICK_LABEL_POSITION

from assessor import charts
from assessor.assess import Assessment, assess
from assessor.export.deck import leadership_deck
from assessor.export.evidence import CHART_NS, DRAWING_NS, evidence_workbook
from assessor.framework import Framework
from assessor.i18n import LANGUAGE_TAGS, number, t
from assessor.read import read_submission

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"

PERCENT_RENAMED = ("CON01", "CON06", "WRK01", "WRK02", "INC02", "SUS02", "SUS05", "ENG03", "ENG04")
ICF_VI = "Diễn đàn Cộng đồng thông minh thế giới (ICF)"


def test_percent_indicators_are_named_as_rates(framework: Framework):
    for ind_id in (*PERCENT_RENAMED, "CON02", "WRK03", "INC04", "SUS06"):
        ind = framework.by_id[ind_id]
        assert ind.kind == "percent", ind_id
        assert ind.name("vi").startswith("Tỷ lệ "), ind_id
    assert framework.by_id["CON06"].name("vi") == (
        "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình"
    )
    assert framework.by_id["WRK02"].name("vi") == "Tỷ lệ cơ sở giáo dục tổ chức học từ xa"


def test_long_rate_names_are_shortened_at_a_word(framework: Framework):
    for ind_id in PERCENT_RENAMED:
        name = framework.by_id[ind_id].name("vi")
        for n in (34, 42):
            short = charts.short_label(name, n)
            assert len(short) <= n and (short == name or (short.endswith("…") and name.startswith(short[:-1])))


def test_icf_is_named_as_the_press_names_it(framework: Framework):
    assert t("term.icf", "vi") == ICF_VI
    assert ICF_VI in framework.meta.disclaimer("vi")


# ---------------------------------------------------------------- §3 B10: the deck's chart labels


@pytest.fixture(scope="module")
def sample(framework: Framework) -> Assessment:
    return assess(read_submission(SAMPLES / "binh_duong_illustrative.xlsx", framework), framework)


@pytest.fixture(scope="module")
def written(sample: Assessment, tmp_path_factory) -> dict[str, Presentation]:
    """Each language's deck written to a file and opened again, as someone would open it."""
    out = {}
    for lang in ("en", "vi"):
        path = tmp_path_factory.mktemp(lang) / f"deck_{lang}.pptx"
        path.write_bytes(leadership_deck(sample, lang))
        out[lang] = Presentation(str(path))
    return out


def _labelled(prs: Presentation) -> list[tuple[int, object]]:
    return [
        (n, shape.chart)
        for n, slide in enumerate(prs.slides, start=1)
        for shape in slide.shapes
        if shape.has_chart and shape.chart.plots[0].has_data_labels
    ]


def _labels(chart) -> list[list[str | None]]:  # type: ignore[no-untyped-def]
    return [
        [p.data_label.text_frame.text if p.data_label.has_text_frame else None for p in s.points]
        for s in chart.plots[0].series
    ]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_data_label_carries_its_own_text(written, sample, framework, lang):
    charts_ = _labelled(written[lang])
    assert len(charts_) == 4  # domains, robustness, priorities, roadmap
    for n, chart in charts_:
        for series, labels in zip(chart.plots[0].series, _labels(chart), strict=True):
            for value, label in zip(series.values, labels, strict=True):
                assert (label is None) == (value is None), (n, series.name)
    domains = next(c for _, c in charts_ if list(c.plots[0].categories)[-1] == framework.domains[0].name(lang))
    by_domain = sample.domains.set_index("domain")
    names = {d.name(lang): d.id for d in framework.domains}
    for series, labels in zip(domains.plots[0].series, _labels(domains), strict=True):
        column = "score" if series.name == t("chart.claimed", lang) else "evidenced_score"
        wanted = [number(round(float(by_domain.loc[names[c], column]), 1), lang) for c in domains.plots[0].categories]
        assert labels == wanted


def test_vietnamese_labels_use_the_decimal_comma(written):
    labels = {n: _labels(c) for n, c in _labelled(written["vi"])}
    flat = [x for per_chart in labels.values() for series in per_chart for x in series if x]
    assert flat and not any("." in x for x in flat), flat  # no value reaches a thousand: no dot at all
    assert "70,8" in flat  # Connectivity's evidenced score, as the slide's text boxes write it
    decimals = [x for x in flat if "," in x]
    percents = [x for x in flat if x.endswith("%")]
    assert decimals and percents and all(" " not in x for x in percents)
    priorities = next(c for _, c in _labelled(written["vi"]) if "·" in c.plots[0].categories[0])
    assert all(re.fullmatch(r"\d+,\d\d", x) for x in _labels(priorities)[0])


def test_english_labels_keep_the_decimal_point(written):
    flat = [x for _, c in _labelled(written["en"]) for series in _labels(c) for x in series if x]
    assert "70.8" in flat and not any("," in x for x in flat)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_value_axes_show_nothing_a_locale_could_change(written, lang):
    for n, slide in enumerate(written[lang].slides, start=1):
        for shape in slide.shapes:
            if not shape.has_chart:
                continue
            axis = shape.chart.value_axis
            if axis.tick_label_position == XL_TICK_LABEL_POSITION.NONE:
                continue  # the data labels carry the values
            assert axis.major_unit is not None, n
            step = axis.major_unit * (100 if axis.tick_labels.number_format == "0%" else 1)
            assert step == int(step) and axis.minimum_scale == 0, n  # whole numbers only: 0, 20, 40… or 0%, 20%…


# ---------------------------------------------------------------- the evidence workbook's chart language


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_workbook_charts_carry_the_workbook_language(sample, framework, lang):
    data = evidence_workbook(sample, lang)
    archive = zipfile.ZipFile(io.BytesIO(data))
    parts = [n for n in archive.namelist() if n.startswith("xl/charts/chart")]
    assert parts  # the Summary's chart
    tag = LANGUAGE_TAGS[lang]
    for name in parts:
        root = etree.fromstring(archive.read(name))
        assert root.find(f"{{{CHART_NS}}}lang").get("val") == tag
        runs = list(root.iter(f"{{{DRAWING_NS}}}defRPr", f"{{{DRAWING_NS}}}rPr"))
        assert runs and all(r.get("lang") == tag for r in runs)
    again = assess(read_submission(data, framework), framework)  # still a workbook the reader takes back
    assert again.overall["score"].round(6).tolist() == sample.overall["score"].round(6).tolist()


# ---------------------------------------------------------------- reference discrepancies #9 and #10


def test_sustainability_says_its_outcome_levels_are_our_choice(framework: Framework):
    text = framework.domain_by_id["sustainability"].description
    assert "this catalogue's choice" in text.en and "outcome levels, not the programmes ICF assesses" in text.en
    assert "lựa chọn của bộ tiêu chí" in text.vi and "đo mức kết quả đạt được chứ không đánh giá" in text.vi
    assert all(framework.by_id[f"SUS0{n}"].kind != "level" for n in range(1, 8))  # outcome measures, as it says


def test_the_missing_senior_official_is_stated_as_our_choice(framework: Framework):
    note = framework.meta.goalposts_note
    assert "Digital Inclusion and Sustainability have no senior-official indicator" in note.en
    assert "(a guess)" in note.en and "could not be read" in note.en and "choice is to add none" in note.en
    assert "Hòa nhập số và Phát triển bền vững không có chỉ số lãnh đạo cấp cao" in note.vi
    assert "(phỏng đoán)" in note.vi and "lựa chọn của bộ tiêu chí" in note.vi
    for domain in ("inclusion", "sustainability"):  # the note is true of the catalogue
        assert not any("senior" in i.name.en.lower() for i in framework.in_domain(domain)), domain
    for ind_id in ("CON08", "WRK09", "INN09", "ENG08"):
        assert "senior" in framework.by_id[ind_id].name.en.lower(), ind_id


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_sustainability_slide_shows_its_whole_description(written, framework, lang):
    dom = framework.domain_by_id["sustainability"]
    slide = next(
        s
        for s in written[lang].slides
        if any(sh.has_text_frame and sh.text_frame.text == dom.name(lang) for sh in s.shapes)
    )
    assert any(sh.has_text_frame and sh.text_frame.text == dom.description(lang) for sh in slide.shapes)
