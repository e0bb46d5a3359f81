"""The leadership deck (pptx, 16:9): verdict, radar, one slide per domain, how sure the verdict is, priorities,
method and caveats.

Charts are native PowerPoint charts so the office's staff can restyle or update them; all text is Arial, which
PowerPoint has everywhere and which carries every Vietnamese diacritic.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Sequence

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from assessor.assess import Assessment
from assessor.charts import CLAIMED, EVIDENCED, LEVEL_COLOURS, MUTED, REFERENCE, short_label
from assessor.export import fit, story
from assessor.framework import Lang
from assessor.i18n import LANGUAGE_TAGS, day, number, percent, t
from assessor.layout import EVIDENCE_LABELS, label_text
from assessor.plan_report import status_text
from assessor.robustness import robustness

FONT = "Arial"
NAVY, INK, GREY, LIGHT = "1F4E79", "1B2631", "5D6D7E", "EAF1F8"
W, H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_BAR = Inches(1.0)


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def leadership_deck(assessment: Assessment, lang: Lang = "en", community: str | None = None) -> bytes:
    """The deck for one community (the first when none is named), as pptx bytes."""
    a, name = story.focus(assessment, community)
    v = story.verdict(a, lang)
    prs = Presentation()
    prs.slide_width, prs.slide_height = W, H
    prs.core_properties.title = t("deck.title", lang, community=name)
    prs.core_properties.language = LANGUAGE_TAGS[lang]

    _title_slide(prs, a, v, lang)
    _verdict_slide(prs, a, v, lang)
    _radar_slide(prs, a, v, lang)
    _domains_slide(prs, a, lang)
    for d in a.framework.domains:
        _domain_slide(prs, a, d.id, lang)
    _robustness_slide(prs, a, lang)
    _priorities_slide(prs, a, lang)
    from assessor.export.plan_slide import plan_slide  # drawn with this module's helpers, so imported here

    plan_slide(prs, a, name, lang)
    _method_slide(prs, a, lang)
    _tag_language(prs, lang)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- drawing helpers

DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def _tag_language(prs: Presentation, lang: Lang) -> None:
    """Every text run, chart and default style tagged with the deck's language (vi-VN), so PowerPoint proofs a
    Vietnamese deck as Vietnamese instead of underlining every word as misspelt English."""
    tag = LANGUAGE_TAGS[lang]
    for part in prs.part.package.iter_parts():
        root = getattr(part, "_element", None)
        if root is None:
            continue
        for props in root.iter(f"{{{DRAWING}}}rPr", f"{{{DRAWING}}}defRPr", f"{{{DRAWING}}}endParaRPr"):
            props.set("lang", tag)
        if root.tag == f"{{{CHART}}}chartSpace":
            chart_lang = root.find(f"{{{CHART}}}lang")
            if chart_lang is None:  # c:lang follows c:date1904 when there is one
                chart_lang = root.makeelement(f"{{{CHART}}}lang", {})
                anchor = root.find(f"{{{CHART}}}date1904")
                root.insert(0 if anchor is None else list(root).index(anchor) + 1, chart_lang)
            chart_lang.set("val", tag)


def _blank(prs: Presentation, lang: Lang, title: str, subtitle: str | None = None) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, W, TITLE_BAR)
    bar.fill.solid()
    bar.fill.fore_color.rgb = _rgb(NAVY)
    bar.line.fill.background()
    width, top = W - 2 * MARGIN, Inches(0.08)
    size = fit.size([title], width, fit.height(["x"], width, 26), 26, 16)  # one line, set smaller when it must
    title_h = fit.height([title], width, size)
    _text(slide, title, MARGIN, top, width, title_h, size, bold=True, colour="FFFFFF")
    if subtitle:
        room = TITLE_BAR - top - title_h - Inches(0.02)
        sub = fit.size([subtitle], width, room, 12, 9)
        _text(slide, fit.shorten(subtitle, width, room, sub), MARGIN, top + title_h, width, room, sub, colour="D6E4F0")
    _text(slide, t("export.disclaimer", lang), MARGIN, H - Inches(0.4), W - 2 * MARGIN, Inches(0.3), 9, colour=GREY)
    return slide


def _text(
    slide: Slide,
    text: str | Sequence[str],
    left: int,
    top: int,
    width: int,
    height: int,
    size: int = 14,
    bold: bool = False,
    colour: str = INK,
    align: PP_ALIGN = PP_ALIGN.LEFT,
    bullets: bool = False,
) -> None:
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.margin_left = frame.margin_right = Inches(0.05)
    frame.margin_top = frame.margin_bottom = Inches(0.02)  # the insets `fit` counts with
    lines = [text] if isinstance(text, str) else list(text)
    for i, line in enumerate(lines):
        p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        p.alignment = align
        if bullets:
            p.space_after = Pt(6)
        run = p.add_run()
        run.text = f"•  {line}" if bullets else line
        _font(run.font, size, bold, colour)


def _font(font, size: int, bold: bool = False, colour: str = INK) -> None:  # type: ignore[no-untyped-def]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = _rgb(colour)


def _kpi(
    slide: Slide, label: str, value: str, left: int, top: int, width: int, fill: str = LIGHT, colour: str = NAVY
) -> None:
    box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, Inches(1.25))
    box.fill.solid()
    box.fill.fore_color.rgb = _rgb(fill)
    box.line.fill.background()
    box.adjustments[0] = 0.08
    frame = box.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.word_wrap = True
    p = frame.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    r = p.add_run()
    r.text = value
    _font(r.font, fit.size([value], width - Inches(0.2), Inches(0.75), 30, 14), True, colour)
    p = frame.add_paragraph()
    p.alignment = PP_ALIGN.CENTER
    r = p.add_run()
    r.text = label
    _font(r.font, 12, False, colour if colour == "FFFFFF" else GREY)


def _table(
    slide: Slide,
    headers: list[str],
    rows: list[list[str]],
    left: int,
    top: int,
    width: int,
    widths: list[float],
    size: int = 12,
) -> None:
    if not rows:
        return
    shape = slide.shapes.add_table(len(rows) + 1, len(headers), left, top, width, Inches(0.4) * (len(rows) + 1))
    table = shape.table
    total = sum(widths)
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(int(width * w / total))
    for j, h in enumerate(headers):
        cell = table.cell(0, j)
        cell.fill.solid()
        cell.fill.fore_color.rgb = _rgb(NAVY)
        cell.text_frame.paragraphs[0].text = ""
        run = cell.text_frame.paragraphs[0].add_run()
        run.text = h
        _font(run.font, size, True, "FFFFFF")
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.fill.solid()
            cell.fill.fore_color.rgb = _rgb("FFFFFF" if i % 2 else "F4F6F7")
            cell.text_frame.word_wrap = True
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = value
            _font(run.font, size)


def _style_chart(chart, size: int = 12) -> None:  # type: ignore[no-untyped-def]
    chart.font.name = FONT
    chart.font.size = Pt(size)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False


def _colour_series(chart, colours: Sequence[str], line: bool = False) -> None:  # type: ignore[no-untyped-def]
    for series, colour in zip(chart.plots[0].series, colours, strict=False):
        if line:
            series.format.line.color.rgb = _rgb(colour)
            series.format.line.width = Pt(2.5)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = _rgb(colour)


def _data_labels(chart, text: Callable[[float], str], fmt: str, size: int = 10) -> None:  # type: ignore[no-untyped-def]
    """Every point's value on it, as text written by the deck's own number functions ("70,8", "69,8%" in Vietnamese).

    A label left to a format code ("0.0", "0%") is drawn in the *viewer's* locale: on an en-US laptop a Vietnamese
    deck's chart would read "70.8" beside text boxes saying "70,8" (audit §3 B10), and an English deck on a vi-VN
    laptop the reverse. So each point carries its own text in both languages; the format code stays underneath for a
    point without text. The price: a label no longer follows the chart's data if someone edits it in PowerPoint."""
    plot = chart.plots[0]
    plot.has_data_labels = True
    plot.data_labels.number_format = fmt
    plot.data_labels.number_format_is_linked = False
    plot.data_labels.font.size = Pt(size)
    for series in plot.series:
        for point, value in zip(series.points, series.values, strict=True):
            if value is None or math.isnan(value):
                continue  # no bar, no label
            frame = point.data_label.text_frame
            frame.text = text(value)
            font = frame.paragraphs[0].runs[0].font
            font.name, font.size = FONT, Pt(size)


def _integer_ticks(axis, unit: float, fmt: str = "0") -> None:  # type: ignore[no-untyped-def]
    """Tick labels that read the same in every locale (0, 20, 40…; 0%, 20%…): no decimal separator to get wrong."""
    axis.major_unit = unit
    axis.tick_labels.number_format = fmt
    axis.tick_labels.number_format_is_linked = False


def _vals(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(x) else round(float(x), 1) for x in series]


# ---------------------------------------------------------------- slides


def _title_slide(prs: Presentation, a: Assessment, v: story.Verdict, lang: Lang) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.0), W, Inches(3.0))
    band.fill.solid()
    band.fill.fore_color.rgb = _rgb(NAVY)
    band.line.fill.background()
    # Each box as tall as its text, the next one below it: a title that wraps pushes the rest down, never over it.
    width, top = W - 2 * MARGIN, Inches(2.2)
    for text, largest, smallest, bold, colour in (
        (t("deck.title", lang, community=v.community), 40, 24, True, "FFFFFF"),
        (t("deck.subtitle", lang, year=v.year, framework=a.framework.meta.name(lang)), 18, 12, False, "D6E4F0"),
        (t("export.disclaimer", lang), 16, 12, False, "FFFFFF"),
    ):
        size = fit.size([text], width, fit.height(["x", "x"], width, largest), largest, smallest)  # two lines at most
        box_h = fit.height([text], width, size)
        _text(slide, text, MARGIN, top, width, box_h, size, bold, colour)
        top += box_h + Inches(0.08)
    prepared = t("deck.prepared", lang, date=story.today(lang))
    _text(
        slide,
        prepared,
        MARGIN,
        Inches(6.3),
        W - 2 * MARGIN,
        fit.height([prepared], W - 2 * MARGIN, 12),
        12,
        colour=GREY,
    )


def _verdict_slide(prs: Presentation, a: Assessment, v: story.Verdict, lang: Lang) -> None:
    slide = _blank(
        prs, lang, t("deck.verdict_title", lang), t("deck.verdict_subtitle", lang, community=v.community, year=v.year)
    )
    colour = LEVEL_COLOURS.get(v.level, MUTED).lstrip("#")
    col = Inches(2.9)
    gap = Inches(0.2)
    top = Inches(1.35)
    _kpi(slide, t("deck.kpi_level", lang), v.level_name, MARGIN, top, col, fill=colour, colour="FFFFFF")
    _kpi(slide, t("deck.kpi_evidenced", lang), number(v.evidenced, lang), MARGIN + col + gap, top, col)
    _kpi(slide, t("deck.kpi_claimed", lang), number(v.score, lang), MARGIN + 2 * (col + gap), top, col)
    _kpi(
        slide,
        t("deck.kpi_gap", lang),
        number(v.gap, lang),
        MARGIN + 3 * (col + gap),
        top,
        col,
        fill="FDEBD0",
        colour="A04000",
    )
    # Stacked from the top, each box as tall as its text; the rule sits above the footer; the steps take the rest.
    width = W - 2 * MARGIN
    rule = t("deck.level_rule", lang)
    rule_size = fit.size([rule], width, Inches(0.45), 11, 9)
    rule_h = fit.height([rule], width, rule_size)
    rule_top = H - Inches(0.45) - rule_h
    top = Inches(2.72)
    size = fit.size([v.level_description], width, Inches(0.8), 15, 11)
    box_h = fit.height([v.level_description], width, size)
    _text(slide, v.level_description, MARGIN, top, width, box_h, size, colour=INK)
    top += box_h + Inches(0.08)
    box_h = fit.height([t("deck.first_steps", lang)], width, 20)
    _text(slide, t("deck.first_steps", lang), MARGIN, top, width, box_h, 20, True, NAVY)
    top += box_h + Inches(0.05)
    steps = [s for s, _ in story.first_steps(a, lang)] or [t("deck.no_gaps", lang)]
    lines = [f"{i}. {s}" for i, s in enumerate(steps, start=1)]
    size = fit.size(lines, width - Inches(0.2), rule_top - top - Inches(0.05), 17, 11)
    _text(
        slide,
        lines,
        MARGIN + Inches(0.2),
        top,
        width - Inches(0.2),
        fit.height(lines, width - Inches(0.2), size),
        size,
        colour=INK,
    )
    _text(slide, rule, MARGIN, rule_top, width, rule_h, rule_size, colour=GREY)


def _radar_slide(prs: Presentation, a: Assessment, v: story.Verdict, lang: Lang) -> None:
    slide = _blank(prs, lang, t("deck.radar_title", lang), t("deck.radar_subtitle", lang))
    names = {d.id: d.name(lang) for d in a.framework.domains}
    doms = a.domains
    data = CategoryChartData()
    data.categories = [names[d] for d in doms["domain"]]
    data.add_series(t("chart.claimed", lang), _vals(doms["score"]))
    data.add_series(t("chart.evidenced", lang), _vals(doms["evidenced_score"]))
    colours = [CLAIMED, EVIDENCED]
    ref, ref_label = story.reference_profile(a, lang)
    ref_values = _vals(ref.set_index("domain").reindex(doms["domain"])["score"]) if ref is not None else []
    if ref is not None:
        data.add_series(ref_label, ref_values)
        colours.append(REFERENCE)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.RADAR_MARKERS, MARGIN, Inches(1.15), Inches(8.2), Inches(5.8), data)
    chart = frame.chart
    _style_chart(chart, 12)
    _colour_series(chart, colours, line=True)
    if ref is not None and None in ref_values:
        # Only some domains have a reference value: line pieces between neighbours would mean nothing, so markers only.
        series = chart.plots[0].series[-1]
        series.format.line.fill.background()
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = _rgb(REFERENCE)
        series.marker.size = 9
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 100, 25  # integer ticks: the same in every locale
    notes = [t("deck.radar_note_claimed", lang), t("deck.radar_note_evidenced", lang)]
    if ref is not None:
        notes.append(t("deck.radar_note_reference", lang))
    best = doms.loc[doms["evidenced_score"].idxmax()]
    worst = doms.loc[doms["evidenced_score"].idxmin()]
    for key, row in (("deck.radar_strongest", best), ("deck.radar_weakest", worst)):
        notes.append(t(key, lang, domain=names[row["domain"]], score=number(row["evidenced_score"], lang)))
    left, width, top, bottom = Inches(8.9), Inches(4.0), Inches(1.3), H - Inches(0.5)
    caveats = story.reference_caveats(a, lang) if ref is not None else None
    caveat_size = 9
    caveat_h = fit.height([caveats], width, caveat_size) if caveats else 0
    bullets = [f"•  {n}" for n in notes]
    size = fit.size(bullets, width, bottom - top - caveat_h, 14, 10, space_after=6)
    notes_h = fit.height(bullets, width, size, space_after=6)
    _text(slide, notes, left, top, width, notes_h, size, bullets=True)
    if caveats:
        _text(slide, caveats, left, top + notes_h, width, caveat_h, caveat_size, colour=GREY)


def _domains_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    slide = _blank(prs, lang, t("deck.domains_title", lang), t("deck.domains_subtitle", lang))
    names = {d.id: d.name(lang) for d in a.framework.domains}
    doms = a.domains.iloc[::-1]  # bar charts draw the first category at the bottom
    data = CategoryChartData()
    data.categories = [names[d] for d in doms["domain"]]
    data.add_series(t("chart.claimed", lang), _vals(doms["score"]))
    data.add_series(t("chart.evidenced", lang), _vals(doms["evidenced_score"]))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, Inches(1.15), Inches(8.2), Inches(5.8), data)
    chart = frame.chart
    _style_chart(chart, 12)
    _colour_series(chart, [CLAIMED, EVIDENCED])
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    chart.value_axis.has_major_gridlines = False
    _integer_ticks(chart.value_axis, 20)  # 0, 20 … 100 read alike in every locale; the labels carry the decimals
    _data_labels(chart, lambda x: number(x, lang), "0.0")
    level = {lv.id: lv.name(lang) for lv in a.framework.levels}
    rows = [[names[d["domain"]], level[d["level"]], percent(d["coverage"], lang)] for d in a.domains.to_dict("records")]
    _table(
        slide,
        [t("export.col_domain", lang), t("export.col_level", lang), t("export.col_coverage", lang)],
        rows,
        Inches(8.9),
        Inches(1.5),
        Inches(4.0),
        [2.2, 1.5, 1.0],
        11,
    )


def _domain_slide(prs: Presentation, a: Assessment, domain: str, lang: Lang) -> None:
    fw = a.framework
    d = a.domains[a.domains["domain"] == domain].iloc[0]
    dom = fw.domain_by_id[domain]
    slide = _blank(prs, lang, dom.name(lang), dom.description(lang))
    level = next(lv for lv in fw.levels if lv.id == d["level"])
    col, gap, top = Inches(2.9), Inches(0.2), Inches(1.3)
    _kpi(
        slide,
        t("deck.kpi_level", lang),
        level.name(lang),
        MARGIN,
        top,
        col,
        fill=LEVEL_COLOURS.get(level.id, MUTED).lstrip("#"),
        colour="FFFFFF",
    )
    _kpi(slide, t("deck.kpi_evidenced", lang), number(d["evidenced_score"], lang), MARGIN + col + gap, top, col)
    _kpi(slide, t("deck.kpi_claimed", lang), number(d["score"], lang), MARGIN + 2 * (col + gap), top, col)
    _kpi(
        slide,
        t("export.col_coverage", lang),
        percent(d["coverage"], lang),
        MARGIN + 3 * (col + gap),
        top,
        col,
        fill="FDEBD0" if d["insufficient"] else LIGHT,
        colour="A04000" if d["insufficient"] else NAVY,
    )
    half = (W - 2 * MARGIN - Inches(0.4)) // 2
    _text(slide, t("deck.top_gaps", lang), MARGIN, Inches(2.8), half, Inches(0.4), 16, True, NAVY)
    gaps = story.top_gaps(a, domain, 5)
    rows = [
        [
            f"{g['indicator_id']} · {fw.by_id[g['indicator_id']].name(lang)}",
            number(g["score"], lang, 0),
            "+" + number(g["impact"], lang, 2),
        ]
        for g in gaps.to_dict("records")
    ]
    if rows:
        _table(
            slide,
            [t("export.col_indicator", lang), t("export.col_score", lang), t("deck.col_points", lang)],
            rows,
            MARGIN,
            Inches(3.25),
            half,
            [5, 1.1, 1.3],
            11,
        )
    else:
        _text(slide, t("deck.no_gaps", lang), MARGIN, Inches(3.3), half, Inches(0.5), 13, colour=GREY)
    right = MARGIN + half + Inches(0.4)
    _text(slide, t("deck.evidence_gaps", lang), right, Inches(2.8), half, Inches(0.4), 16, True, NAVY)
    ev = story.evidence_gaps(a, domain, 5)
    rows = [
        [
            f"{g['indicator_id']} · {fw.by_id[g['indicator_id']].name(lang)}",
            _status(g["evidence_status"], lang),
            "+" + number(g["evidence_impact"], lang, 2),
        ]
        for g in ev.to_dict("records")
    ]
    if rows:
        _table(
            slide,
            [t("export.col_indicator", lang), t("export.col_status", lang), t("deck.col_points", lang)],
            rows,
            right,
            Inches(3.25),
            half,
            [5, 1.6, 1.3],
            11,
        )
    else:
        _text(slide, t("deck.no_evidence_gaps", lang), right, Inches(3.3), half, Inches(0.5), 13, colour=GREY)


def _robustness_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    """How sure the verdict is: the sentence, the 5th–95th percentile band per domain, the share of variations at
    each readiness level (a native chart), and what the verdict depends on most."""
    mc = robustness(a)
    name = a.communities[0]
    slide = _blank(
        prs,
        lang,
        t("robustness.title", lang),
        t("robustness.deck_subtitle", lang, draws=number(mc.perturbation.draws, lang, 0)),
    )
    lead, width = f"{mc.sentence(name, lang)} {mc.band(name, lang)}.", W - 2 * MARGIN
    _text(
        slide,
        lead,
        MARGIN,
        Inches(1.15),
        width,
        Inches(0.75),
        fit.size([lead], width, Inches(0.75), 18, 12),
        True,
        NAVY,
    )
    table = mc.table(name, lang)
    _table(
        slide,
        list(table.columns),
        table.to_numpy().tolist(),
        MARGIN,
        Inches(1.95),
        Inches(8.0),
        [2.7, 1.2, 1.4, 2.2, 1.2],
        11,
    )
    fw = a.framework
    shares = mc.levels[mc.levels["community"] == name]
    data = CategoryChartData(number_format="0%")
    data.categories = [lv.name(lang) for lv in fw.levels]
    data.add_series(t("robustness.deck_series", lang), [float(x) for x in shares["probability"]])
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.COLUMN_CLUSTERED, Inches(8.75), Inches(1.95), Inches(4.1), Inches(3.6), data
    )
    chart = frame.chart
    _style_chart(chart, 11)
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = t("robustness.deck_levels_title", lang)
    _font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 12, True, NAVY)
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 1
    chart.value_axis.has_major_gridlines = False
    _integer_ticks(chart.value_axis, 0.2, "0%")  # 0%, 20% … 100%: whole percentages read alike in every locale
    _data_labels(chart, lambda x: percent(x, lang), "0%")
    plot = chart.plots[0]
    for point, lv in zip(plot.series[0].points, fw.levels, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = _rgb(LEVEL_COLOURS.get(lv.id, MUTED))
    notes, room = [mc.drivers(name, lang), mc.explain(lang)], H - Inches(0.45) - Inches(5.85)
    _text(slide, notes, MARGIN, Inches(5.85), width, room, fit.size(notes, width, room, 11, 8), colour=GREY)


def _priorities_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    fw = a.framework
    slide = _blank(prs, lang, t("deck.priorities_title", lang), t("deck.priorities_subtitle", lang))
    pri = a.priorities.head(8).iloc[::-1]
    if not pri.empty:
        data = CategoryChartData()
        data.categories = [f"{i} · {_short(fw.by_id[i].name(lang), 34)}" for i in pri["indicator_id"]]
        data.add_series(t("chart.impact", lang), [round(float(x), 2) for x in pri["impact"]])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, Inches(1.15), Inches(6.6), Inches(5.8), data
        )
        chart = frame.chart
        _style_chart(chart, 11)
        chart.has_legend = False
        chart.has_title = False
        _colour_series(chart, [CLAIMED])
        chart.value_axis.has_major_gridlines = False
        # The points run 0.5 to 1.5 or so: ticks would be 0.2, 0.4 …, whose separator follows the viewer's locale.
        # Every bar carries its value, so the axis shows no tick labels at all.
        chart.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        _data_labels(chart, lambda x: number(x, lang, 2), "0.00")
    right, width = Inches(7.4), W - Inches(7.4) - MARGIN
    actions = a.actions
    _text(slide, t("deck.roadmap", lang), right, Inches(1.2), width, Inches(0.4), 16, True, NAVY)
    if actions is not None and not actions.empty:
        acts = actions.sort_values("due", na_position="last").head(8)
        rows = [
            [
                _short(str(r["title"]), 60),
                str(r["indicator_id"] or "–") if pd.notna(r["indicator_id"]) else "–",
                _due(r["due"], lang),
                status_text(r["status"], lang),
            ]
            for r in acts.to_dict("records")
        ]
        _table(
            slide,
            [
                t("deck.col_action", lang),
                t("export.col_indicator_id", lang),
                t("deck.col_due", lang),
                t("deck.col_status", lang),
            ],
            rows,
            right,
            Inches(1.65),
            width,
            [4.2, 1.0, 1.3, 1.5],
            10,
        )
    else:
        _text(slide, t("deck.no_actions", lang), right, Inches(1.7), width, Inches(1.0), 13, colour=GREY)


def _status(key: object, lang: Lang) -> str:
    return label_text(EVIDENCE_LABELS, key, lang) if isinstance(key, str) and key in EVIDENCE_LABELS else "–"


def _due(v: object, lang: Lang) -> str:
    """A due date as the deck's language writes it (31/03/2026); a date typed as words ("quý 3/2026") as written."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return "–"
    return day(str(v), lang)


def _short(text: str, n: int) -> str:
    return short_label(text, n)  # cut where a word ends, as the app's charts do: names now open with "Tỷ lệ …"


def _method_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    fw = a.framework
    slide = _blank(prs, lang, t("deck.method_title", lang), fw.meta.name(lang))
    counts = story.issue_counts(a)
    lines = [
        fw.meta.icf_process(lang) if fw.meta.icf_process else "",
        t("deck.method_scoring", lang),
        t("export.evidence_rule", lang),
        t(
            "deck.method_levels",
            lang,
            levels="; ".join(f"{lv.name(lang)} ≥ {number(lv.min, lang, 0)}" for lv in fw.levels),
        ),
        fw.meta.goalposts_note(lang),
        t(
            "deck.method_data",
            lang,
            source=a.source or "–",
            sha=(a.sha256 or "–")[:12],
            errors=counts["error"],
            warnings=counts["warning"],
            version=fw.meta.version,
        ),
    ]
    lines = [line for line in lines if line]
    width, room = W - 2 * MARGIN, H - Inches(0.5) - Inches(1.2)
    size = fit.size([f"•  {line}" for line in lines], width, room, 15, 9, space_after=6)
    _text(slide, lines, MARGIN, Inches(1.2), width, room, size, bullets=True)
