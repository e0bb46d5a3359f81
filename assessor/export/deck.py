"""The leadership deck (pptx, 16:9): verdict, radar, one slide per domain, how sure the verdict is, priorities,
method and caveats.

Charts are native PowerPoint charts so the office's staff can restyle or update them; all text is Arial, which
PowerPoint has everywhere and which carries every Vietnamese diacritic.
"""

from __future__ import annotations

import io
import math

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_TICK_LABEL_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.slide import Slide
from pptx.util import Inches

from assessor.assess import Assessment
from assessor.charts import CLAIMED, EVIDENCED, LEVEL_COLOURS, MUTED, REFERENCE, short_label
from assessor.export import fit, story
from assessor.export.plan_slide import plan_slide
from assessor.export.slides import (
    GREY,
    INK,
    LIGHT,
    MARGIN,
    NAVY,
    H,
    W,
    add_blank_slide,
    add_kpi,
    add_table,
    add_text,
    chart_values,
    colour_series,
    data_labels,
    integer_ticks,
    rgb,
    set_font,
    style_chart,
    tag_language,
)
from assessor.framework import Lang
from assessor.i18n import LANGUAGE_TAGS, day, number, percent, t
from assessor.layout import EVIDENCE_LABELS, label_text
from assessor.plan_report import status_text
from assessor.robustness import robustness


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
    plan_slide(prs, a, name, lang)
    _method_slide(prs, a, lang)
    tag_language(prs, lang)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _title_slide(prs: Presentation, a: Assessment, v: story.Verdict, lang: Lang) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    band = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, Inches(2.0), W, Inches(3.0))
    band.fill.solid()
    band.fill.fore_color.rgb = rgb(NAVY)
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
        add_text(slide, text, MARGIN, top, width, box_h, size, bold, colour)
        top += box_h + Inches(0.08)
    prepared = t("deck.prepared", lang, date=story.today(lang))
    add_text(
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
    slide = add_blank_slide(
        prs, lang, t("deck.verdict_title", lang), t("deck.verdict_subtitle", lang, community=v.community, year=v.year)
    )
    colour = LEVEL_COLOURS.get(v.level, MUTED).lstrip("#")
    col = Inches(2.9)
    gap = Inches(0.2)
    top = Inches(1.35)
    add_kpi(slide, t("deck.kpi_level", lang), v.level_name, MARGIN, top, col, fill=colour, colour="FFFFFF")
    add_kpi(slide, t("deck.kpi_evidenced", lang), number(v.evidenced, lang), MARGIN + col + gap, top, col)
    add_kpi(slide, t("deck.kpi_claimed", lang), number(v.score, lang), MARGIN + 2 * (col + gap), top, col)
    add_kpi(
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
    add_text(slide, v.level_description, MARGIN, top, width, box_h, size, colour=INK)
    top += box_h + Inches(0.08)
    box_h = fit.height([t("deck.first_steps", lang)], width, 20)
    add_text(slide, t("deck.first_steps", lang), MARGIN, top, width, box_h, 20, True, NAVY)
    top += box_h + Inches(0.05)
    steps = [s for s, _ in story.first_steps(a, lang)] or [t("deck.no_gaps", lang)]
    lines = [f"{i}. {s}" for i, s in enumerate(steps, start=1)]
    size = fit.size(lines, width - Inches(0.2), rule_top - top - Inches(0.05), 17, 11)
    add_text(
        slide,
        lines,
        MARGIN + Inches(0.2),
        top,
        width - Inches(0.2),
        fit.height(lines, width - Inches(0.2), size),
        size,
        colour=INK,
    )
    add_text(slide, rule, MARGIN, rule_top, width, rule_h, rule_size, colour=GREY)


def _radar_slide(prs: Presentation, a: Assessment, v: story.Verdict, lang: Lang) -> None:
    slide = add_blank_slide(prs, lang, t("deck.radar_title", lang), t("deck.radar_subtitle", lang))
    names = {d.id: d.name(lang) for d in a.framework.domains}
    doms = a.domains
    data = CategoryChartData()
    data.categories = [names[d] for d in doms["domain"]]
    data.add_series(t("chart.claimed", lang), chart_values(doms["score"]))
    data.add_series(t("chart.evidenced", lang), chart_values(doms["evidenced_score"]))
    colours = [CLAIMED, EVIDENCED]
    ref, ref_label = story.reference_profile(a, lang)
    ref_values = chart_values(ref.set_index("domain").reindex(doms["domain"])["score"]) if ref is not None else []
    if ref is not None:
        data.add_series(ref_label, ref_values)
        colours.append(REFERENCE)
    frame = slide.shapes.add_chart(XL_CHART_TYPE.RADAR_MARKERS, MARGIN, Inches(1.15), Inches(8.2), Inches(5.8), data)
    chart = frame.chart
    style_chart(chart, 12)
    colour_series(chart, colours, line=True)
    if ref is not None and None in ref_values:
        # Only some domains have a reference value: line pieces between neighbours would mean nothing, so markers only.
        series = chart.plots[0].series[-1]
        series.format.line.fill.background()
        series.marker.format.fill.solid()
        series.marker.format.fill.fore_color.rgb = rgb(REFERENCE)
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
    add_text(slide, notes, left, top, width, notes_h, size, bullets=True)
    if caveats:
        add_text(slide, caveats, left, top + notes_h, width, caveat_h, caveat_size, colour=GREY)


def _domains_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    slide = add_blank_slide(prs, lang, t("deck.domains_title", lang), t("deck.domains_subtitle", lang))
    names = {d.id: d.name(lang) for d in a.framework.domains}
    doms = a.domains.iloc[::-1]  # bar charts draw the first category at the bottom
    data = CategoryChartData()
    data.categories = [names[d] for d in doms["domain"]]
    data.add_series(t("chart.claimed", lang), chart_values(doms["score"]))
    data.add_series(t("chart.evidenced", lang), chart_values(doms["evidenced_score"]))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, Inches(1.15), Inches(8.2), Inches(5.8), data)
    chart = frame.chart
    style_chart(chart, 12)
    colour_series(chart, [CLAIMED, EVIDENCED])
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    chart.value_axis.has_major_gridlines = False
    integer_ticks(chart.value_axis, 20)  # 0, 20 … 100 read alike in every locale; the labels carry the decimals
    data_labels(chart, lambda x: number(x, lang), "0.0")
    level = {lv.id: lv.name(lang) for lv in a.framework.levels}
    rows = [[names[d["domain"]], level[d["level"]], percent(d["coverage"], lang)] for d in a.domains.to_dict("records")]
    add_table(
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
    slide = add_blank_slide(prs, lang, dom.name(lang), dom.description(lang))
    level = next(lv for lv in fw.levels if lv.id == d["level"])
    col, gap, top = Inches(2.9), Inches(0.2), Inches(1.3)
    add_kpi(
        slide,
        t("deck.kpi_level", lang),
        level.name(lang),
        MARGIN,
        top,
        col,
        fill=LEVEL_COLOURS.get(level.id, MUTED).lstrip("#"),
        colour="FFFFFF",
    )
    add_kpi(slide, t("deck.kpi_evidenced", lang), number(d["evidenced_score"], lang), MARGIN + col + gap, top, col)
    add_kpi(slide, t("deck.kpi_claimed", lang), number(d["score"], lang), MARGIN + 2 * (col + gap), top, col)
    add_kpi(
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
    name = {i.id: f"{i.id} · {i.name(lang)}" for i in fw.indicators}
    gaps = story.top_gaps(a, domain, 5)
    rows = [
        [name[g["indicator_id"]], number(g["score"], lang, 0), "+" + number(g["impact"], lang, 2)]
        for g in gaps.to_dict("records")
    ]
    columns = [t("export.col_indicator", lang), t("export.col_score", lang), t("deck.col_points", lang)]
    _half_table(slide, "deck.top_gaps", columns, rows, [5, 1.1, 1.3], "deck.no_gaps", MARGIN, half, lang)
    ev = story.evidence_gaps(a, domain, 5)
    rows = [
        [name[g["indicator_id"]], _status(g["evidence_status"], lang), "+" + number(g["evidence_impact"], lang, 2)]
        for g in ev.to_dict("records")
    ]
    columns = [t("export.col_indicator", lang), t("export.col_status", lang), t("deck.col_points", lang)]
    right = MARGIN + half + Inches(0.4)
    _half_table(slide, "deck.evidence_gaps", columns, rows, [5, 1.6, 1.3], "deck.no_evidence_gaps", right, half, lang)


def _half_table(
    slide: Slide,
    heading: str,
    columns: list[str],
    rows: list[list[str]],
    widths: list[float],
    none: str,
    left: int,
    width: int,
    lang: Lang,
) -> None:
    """Half of the slide below its key figures: a heading, then the table, or a line saying there is nothing."""
    add_text(slide, t(heading, lang), left, Inches(2.8), width, Inches(0.4), 16, True, NAVY)
    if rows:
        add_table(slide, columns, rows, left, Inches(3.25), width, widths, 11)
    else:
        add_text(slide, t(none, lang), left, Inches(3.3), width, Inches(0.5), 13, colour=GREY)


def _robustness_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    """How sure the verdict is: the sentence, the 5th–95th percentile band per domain, the share of variations at
    each readiness level (a native chart), and what the verdict depends on most."""
    mc = robustness(a)
    name = a.communities[0]
    slide = add_blank_slide(
        prs,
        lang,
        t("robustness.title", lang),
        t("robustness.deck_subtitle", lang, draws=number(mc.perturbation.draws, lang, 0)),
    )
    lead, width = f"{mc.sentence(name, lang)} {mc.band(name, lang)}.", W - 2 * MARGIN
    add_text(
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
    add_table(
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
    style_chart(chart, 11)
    chart.has_legend = False
    chart.has_title = True
    chart.chart_title.text_frame.text = t("robustness.deck_levels_title", lang)
    set_font(chart.chart_title.text_frame.paragraphs[0].runs[0].font, 12, True, NAVY)
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 1
    chart.value_axis.has_major_gridlines = False
    integer_ticks(chart.value_axis, 0.2, "0%")  # 0%, 20% … 100%: whole percentages read alike in every locale
    data_labels(chart, lambda x: percent(x, lang), "0%")
    plot = chart.plots[0]
    for point, lv in zip(plot.series[0].points, fw.levels, strict=True):
        point.format.fill.solid()
        point.format.fill.fore_color.rgb = rgb(LEVEL_COLOURS.get(lv.id, MUTED))
    notes, room = [mc.drivers(name, lang), mc.explain(lang)], H - Inches(0.45) - Inches(5.85)
    add_text(slide, notes, MARGIN, Inches(5.85), width, room, fit.size(notes, width, room, 11, 8), colour=GREY)


def _priorities_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    fw = a.framework
    slide = add_blank_slide(prs, lang, t("deck.priorities_title", lang), t("deck.priorities_subtitle", lang))
    pri = a.priorities.head(8).iloc[::-1]
    if not pri.empty:
        data = CategoryChartData()
        data.categories = [f"{i} · {short_label(fw.by_id[i].name(lang), 34)}" for i in pri["indicator_id"]]
        data.add_series(t("chart.impact", lang), [round(float(x), 2) for x in pri["impact"]])
        frame = slide.shapes.add_chart(
            XL_CHART_TYPE.BAR_CLUSTERED, MARGIN, Inches(1.15), Inches(6.6), Inches(5.8), data
        )
        chart = frame.chart
        style_chart(chart, 11)
        chart.has_legend = False
        chart.has_title = False
        colour_series(chart, [CLAIMED])
        chart.value_axis.has_major_gridlines = False
        # The points run 0.5 to 1.5 or so: ticks would be 0.2, 0.4 …, whose separator follows the viewer's locale.
        # Every bar carries its value, so the axis shows no tick labels at all.
        chart.value_axis.tick_label_position = XL_TICK_LABEL_POSITION.NONE
        data_labels(chart, lambda x: number(x, lang, 2), "0.00")
    right, width = Inches(7.4), W - Inches(7.4) - MARGIN
    actions = a.actions
    add_text(slide, t("deck.roadmap", lang), right, Inches(1.2), width, Inches(0.4), 16, True, NAVY)
    if actions is not None and not actions.empty:
        acts = actions.sort_values("due", na_position="last").head(8)
        rows = [
            [
                short_label(str(r["title"]), 60),
                str(r["indicator_id"] or "–") if pd.notna(r["indicator_id"]) else "–",
                _due(r["due"], lang),
                status_text(r["status"], lang),
            ]
            for r in acts.to_dict("records")
        ]
        add_table(
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
        add_text(slide, t("deck.no_actions", lang), right, Inches(1.7), width, Inches(1.0), 13, colour=GREY)


def _status(key: object, lang: Lang) -> str:
    return label_text(EVIDENCE_LABELS, key, lang) if isinstance(key, str) and key in EVIDENCE_LABELS else "–"


def _due(v: object, lang: Lang) -> str:
    """A due date as the deck's language writes it (31/03/2026); a date typed as words ("quý 3/2026") as written."""
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return "–"
    return day(str(v), lang)


def _method_slide(prs: Presentation, a: Assessment, lang: Lang) -> None:
    fw = a.framework
    slide = add_blank_slide(prs, lang, t("deck.method_title", lang), fw.meta.name(lang))
    lines = [
        fw.meta.icf_process(lang) if fw.meta.icf_process else "",
        t("deck.method_scoring", lang),
        t("export.evidence_rule", lang),
        story.method_levels(a, lang),
        fw.meta.goalposts_note(lang),
        story.method_data(a, lang),
    ]
    lines = [line for line in lines if line]
    width, room = W - 2 * MARGIN, H - Inches(0.5) - Inches(1.2)
    size = fit.size([f"•  {line}" for line in lines], width, room, 15, 9, space_after=6)
    add_text(slide, lines, MARGIN, Inches(1.2), width, room, size, bullets=True)
