"""Deck and brief as a reader finds them: unique headers, boxes that do not run into each other, one disclaimer per
slide, long names shortened with an ellipsis, a partial reference drawn as points, the reference's caveats and ICF's
own process beside our method (newcomer walk D6–D10)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PIL import Image
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from assessor import charts
from assessor.assess import Assessment, assess
from assessor.export import fit, story
from assessor.export.brief import leadership_brief
from assessor.export.deck import leadership_deck
from assessor.export.evidence import evidence_workbook
from assessor.export.slides import TITLE_BAR
from assessor.framework import Framework, default_benchmarks
from assessor.i18n import t
from assessor.read import read_submission

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"
LONG_NAME = "Thành phố Hồ Chí Minh – khu vực Bình Dương trước ngày 01/7/2025 (số liệu minh họa)"


@pytest.fixture(scope="module")
def sample(framework: Framework) -> Assessment:
    return assess(read_submission(SAMPLE, framework), framework)


@pytest.fixture(scope="module")
def renamed(framework: Framework, tmp_path_factory) -> Assessment:
    """The sample under a long community name, so that the title slide's title has to wrap."""
    book = load_workbook(SAMPLE)
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value == "Bình Dương":
                    cell.value = LONG_NAME
    path = tmp_path_factory.mktemp("long") / "long.xlsx"
    book.save(path)
    return assess(read_submission(path, framework), framework)


@pytest.fixture(scope="module")
def decks(sample: Assessment) -> dict[str, Presentation]:
    return {lang: Presentation(io.BytesIO(leadership_deck(sample, lang))) for lang in ("en", "vi")}


def _text_boxes(slide) -> list:  # type: ignore[no-untyped-def]
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX and s.text_frame.text.strip()]


def _slide_text(slide) -> str:  # type: ignore[no-untyped-def]
    out = []
    for s in slide.shapes:
        if s.has_text_frame:
            out.append(s.text_frame.text)
        if s.has_table:
            out.extend(c.text for row in s.table.rows for c in row.cells)
    return "\n".join(out)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_every_table_has_distinct_column_headers(decks, lang):
    tables = [s.table for slide in decks[lang].slides for s in slide.shapes if s.has_table]
    assert len(tables) >= 7
    for table in tables:
        headers = [c.text for c in table.rows[0].cells]
        assert len(headers) == len(set(headers)), headers
    assert t("export.col_score", lang) != t("deck.col_points", lang)


def _boxes_fit_and_never_overlap(prs: Presentation) -> None:
    for n, slide in enumerate(prs.slides, start=1):
        boxes = _text_boxes(slide)
        for box in boxes:
            paragraphs = [p.text for p in box.text_frame.paragraphs]
            size = max(r.font.size.pt for p in box.text_frame.paragraphs for r in p.runs)
            spacing = max((p.space_after.pt if p.space_after is not None else 0) for p in box.text_frame.paragraphs)
            assert fit.height(paragraphs, box.width, size, spacing) <= box.height + 1, (n, box.text_frame.text[:60])
        for i, a in enumerate(boxes):
            for b in boxes[i + 1 :]:
                side_by_side = a.left + a.width <= b.left or b.left + b.width <= a.left
                stacked = a.top + a.height <= b.top or b.top + b.height <= a.top
                assert side_by_side or stacked, (n, a.text_frame.text[:40], b.text_frame.text[:40])


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_text_boxes_are_tall_enough_and_stacked_without_overlap(decks, lang):
    _boxes_fit_and_never_overlap(decks[lang])


def test_a_long_title_wraps_and_pushes_the_subtitle_down(renamed):
    prs = Presentation(io.BytesIO(leadership_deck(renamed, "vi")))
    _boxes_fit_and_never_overlap(prs)
    title, subtitle = _text_boxes(prs.slides[0])[:2]
    assert LONG_NAME in title.text_frame.text
    assert fit.height([title.text_frame.text], title.width, 40) > fit.height(["x"], title.width, 40)  # it wraps
    assert title.top + title.height <= subtitle.top
    for slide in list(prs.slides)[1:]:  # every other slide: title and subtitle inside the title bar
        for box in _text_boxes(slide):
            if box.top < TITLE_BAR:
                assert box.top + box.height <= TITLE_BAR


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_disclaimer_is_said_once_per_slide(decks, lang):
    disclaimer = t("export.disclaimer", lang)
    for n, slide in enumerate(decks[lang].slides, start=1):
        assert _slide_text(slide).count(disclaimer) == 1, n


def test_domain_descriptions_quote_no_community(framework):
    for d in framework.domains:
        for lang in ("en", "vi"):
            text = d.description(lang)
            assert "Bình Dương" not in text and '"' not in text and "báo chí" not in text, (d.id, lang)
    # The indicators' texts too: the catalogue serves any locality, so it names none of one place's bodies.
    for ind in framework.indicators:
        for field in (ind.name, ind.description, ind.guidance, ind.evidence):
            for text in (field.en, field.vi):
                assert not any(n in text for n in ("Bình Dương", "Becamex", "Thủ Dầu Một", "EIU")), ind.id


def test_long_names_are_shortened_at_a_word_with_an_ellipsis(sample, framework):
    name = framework.by_id["INN07"].name("vi")
    assert len(name) > 42
    short = charts.short_label(name, 42)
    assert short.endswith("…") and len(short) <= 42
    assert name.startswith(short[:-1]) and name[len(short) - 1] == " "  # cut where a word ends
    assert charts.short_label("Short", 42) == "Short"
    community = sample.overall["community"].iloc[0]
    fig = charts.priorities_bar(sample, community, "vi", top=10)
    full = {f"{i} · {framework.by_id[i].name('vi')}" for i in framework.by_id}
    for label in fig.data[0].y:
        assert label in full or (label.endswith("…") and any(f.startswith(label[:-1]) for f in full)), label
    assert fig.data[0].cliponaxis is False
    assert fig.layout.xaxis.range[1] > max(fig.data[0].x)  # room for the value label of the longest bar


def test_a_partial_reference_is_drawn_as_points(sample, framework):
    community = sample.overall["community"].iloc[0]
    ref, label = story.reference_profile(sample, "en")
    assert ref is not None and ref["score"].isna().any()
    fig = charts.radar(sample, community, "en", ref, label)
    trace = next(tr for tr in fig.data if tr.name == label)
    assert trace.mode == "markers"
    # Its points sit at 100, on the outer circle: not cut by the axes, not covering the domain names or the scale.
    polar = fig.layout.polar
    assert polar.angularaxis.layer == polar.radialaxis.layer == "below traces"
    assert polar.angularaxis.ticks == "outside" and polar.angularaxis.ticklen >= 8
    assert polar.radialaxis.angle not in (None, 0) and polar.radialaxis.range[1] == 100
    whole = ref.assign(score=ref["score"].fillna(50.0))
    trace = next(tr for tr in charts.radar(sample, community, "en", whole, label).data if tr.name == label)
    assert trace.mode == "lines+markers"


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_deck_radar_draws_the_partial_reference_without_a_line_and_gives_its_caveats(decks, framework, lang):
    slide = decks[lang].slides[2]
    radar = next(s.chart for s in slide.shapes if s.has_chart and s.chart.chart_type == XL_CHART_TYPE.RADAR_MARKERS)
    ref_series = radar.plots[0].series[-1]
    assert ref_series.format.line.fill.type is not None  # an explicit no-fill line
    assert "noFill" in ref_series.format.line._get_or_add_ln().xml
    caveats = default_benchmarks(framework)[0].caveats(lang)
    assert caveats in _slide_text(slide)


def _png() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (40, 20), "white").save(buf, format="PNG")
    return buf.getvalue()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_brief_gives_the_reference_caveats_and_icf_process(sample, framework, lang):
    pdf = leadership_brief(sample, lang, renderer=lambda figures: [_png() for _ in figures])
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert ("Southeast Asian" if lang == "en" else "Đông Nam Á") in text
    assert ("jury" if lang == "en" else "hội đồng giám khảo") in text
    assert t("deck.col_points", lang) in text


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_method_sheet_states_icf_process_and_reference_caveats(sample, framework, lang):
    book = load_workbook(io.BytesIO(evidence_workbook(sample, lang)))
    ws = book[t("export.method_sheet", lang)]
    facts = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, 30) if ws.cell(r, 1).value}
    process = facts[t("export.fact_icf_process", lang)]
    assert process == framework.meta.icf_process(lang)
    for phrase in (
        ("equally weighted", "best 21", "jury")
        if lang == "en"
        else ("trọng số bằng nhau", "21 hồ sơ", "hội đồng giám khảo")
    ):
        assert phrase in process
    assert facts[t("export.fact_reference", lang)] == default_benchmarks(framework)[0].caveats(lang)


@pytest.mark.parametrize("chart", ["trend", "panel_bars"])
def test_a_legend_below_the_plot_never_covers_the_axis_title(framework, chart):
    """Placed below the plot as a share of its height, the legend sat on the x axis title of the tall panel chart;
    it is placed from the figure's bottom edge, with room kept between the two."""
    panel = SAMPLE.parent / "panel_illustrative_vi.xlsx"
    a = assess(read_submission(panel, framework), framework)
    fig = charts.trend(a, a.communities[0], "vi") if chart == "trend" else charts.panel_bars(a, "vi")
    legend, margin = fig.layout.legend, fig.layout.margin
    assert legend.yref == "container" and legend.y == 0 and legend.yanchor == "bottom" and margin.b >= 100
    assert fig.layout.xaxis.title.text  # the title the legend must leave room for
