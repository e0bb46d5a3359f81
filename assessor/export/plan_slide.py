"""The deck's roadmap slide: each domain's evidenced score today against after the whole plan (a native chart), the
community's level before and after, the shortest path to the next level, overdue actions and what no action touches.
"""

from __future__ import annotations

import datetime

from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE
from pptx.util import Inches

from assessor.assess import Assessment
from assessor.charts import CLAIMED, EVIDENCED
from assessor.export import slides
from assessor.framework import Lang
from assessor.i18n import number, t
from assessor.plan_report import day_text, path_sentence
from assessor.plan_tables import level_name, untouched_sentence
from assessor.roadmap import roadmap


def plan_slide(
    prs: Presentation, a: Assessment, community: str, lang: Lang, as_of: datetime.date | None = None
) -> None:
    r = roadmap(a, community, as_of=as_of)
    slide = slides.add_blank_slide(prs, lang, t("plan.deck_title", lang), t("plan.deck_subtitle", lang))
    if r.actions.empty:
        slides.add_text(
            slide,
            t("plan.no_actions", lang),
            slides.MARGIN,
            Inches(1.4),
            slides.W - 2 * slides.MARGIN,
            Inches(1.0),
            14,
            colour=slides.GREY,
        )
        return
    fw = a.framework
    doms = r.what_if.domains.iloc[::-1]  # bar charts draw the first category at the bottom
    data = CategoryChartData()
    data.categories = [fw.domain_by_id[d].name(lang) for d in doms["domain"]]
    data.add_series(t("plan.col_evidenced_today", lang), slides.chart_values(doms["evidenced_score"]))
    data.add_series(t("plan.col_evidenced_planned", lang), slides.chart_values(doms["evidenced_score_planned"]))
    frame = slide.shapes.add_chart(
        XL_CHART_TYPE.BAR_CLUSTERED, slides.MARGIN, Inches(1.15), Inches(7.4), Inches(5.8), data
    )
    chart = frame.chart
    slides.style_chart(chart, 12)
    slides.colour_series(chart, [CLAIMED, EVIDENCED])
    chart.value_axis.minimum_scale, chart.value_axis.maximum_scale = 0, 100
    chart.value_axis.has_major_gridlines = False
    slides.integer_ticks(chart.value_axis, 20)  # 0, 20 … 100 read alike in every locale; the labels carry the decimals
    slides.data_labels(chart, lambda x: number(x, lang), "0.0")  # "70,8" in Vietnamese whatever the viewer's locale

    o = r.what_if.overall
    left, width = Inches(8.1), slides.W - Inches(8.1) - slides.MARGIN
    half = (width - Inches(0.2)) // 2
    slides.add_kpi(
        slide,
        t("plan.kpi_today", lang, level=level_name(r, o["level"], lang)),
        number(o["evidenced_score"], lang),
        left,
        Inches(1.25),
        half,
    )
    slides.add_kpi(
        slide,
        t("plan.kpi_planned", lang, level=level_name(r, o["planned_level"], lang)),
        number(o["planned_evidenced_score"], lang),
        left + half + Inches(0.2),
        Inches(1.25),
        half,
        fill=slides.NAVY,
        colour="FFFFFF",
    )
    lines = [
        t("plan.chosen_count", lang, n=len(r.what_if.chosen), total=len(r.actions)),
        path_sentence(r, lang),
        t("plan.overdue_line", lang, n=len(r.overdue), date=day_text(r.as_of.isoformat(), lang)),
        untouched_sentence(r, lang),
    ]
    slides.add_text(slide, lines, left, Inches(2.7), width, Inches(4.2), 12, bullets=True)
