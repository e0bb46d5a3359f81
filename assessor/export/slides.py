"""What every slide of the decks is drawn with: the title bar and its disclaimer, text boxes that fit, key figures,
tables, native charts styled alike with labels written in the deck's language, and the language tag on every run.

Shared by the leadership deck (deck.py) and the roadmap slide (plan_slide.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

import pandas as pd
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_LEGEND_POSITION
from pptx.enum.shapes import MSO_SHAPE
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.slide import Slide
from pptx.util import Emu, Inches, Pt

from assessor.export import fit
from assessor.framework import Lang
from assessor.i18n import LANGUAGE_TAGS, t

FONT = "Arial"
NAVY, INK, GREY, LIGHT = "1F4E79", "1B2631", "5D6D7E", "EAF1F8"
W, H = Inches(13.333), Inches(7.5)
MARGIN = Inches(0.5)
TITLE_BAR = Inches(1.0)


def rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour.lstrip("#").upper())


DRAWING = "http://schemas.openxmlformats.org/drawingml/2006/main"
CHART = "http://schemas.openxmlformats.org/drawingml/2006/chart"


def tag_language(prs: Presentation, lang: Lang) -> None:
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


def add_blank_slide(prs: Presentation, lang: Lang, title: str, subtitle: str | None = None) -> Slide:
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, 0, 0, W, TITLE_BAR)
    bar.fill.solid()
    bar.fill.fore_color.rgb = rgb(NAVY)
    bar.line.fill.background()
    width, top = W - 2 * MARGIN, Inches(0.08)
    size = fit.size([title], width, fit.height(["x"], width, 26), 26, 16)  # one line, set smaller when it must
    title_h = fit.height([title], width, size)
    add_text(slide, title, MARGIN, top, width, title_h, size, bold=True, colour="FFFFFF")
    if subtitle:
        room = TITLE_BAR - top - title_h - Inches(0.02)
        sub = fit.size([subtitle], width, room, 12, 9)
        add_text(
            slide, fit.shorten(subtitle, width, room, sub), MARGIN, top + title_h, width, room, sub, colour="D6E4F0"
        )
    add_text(slide, t("export.disclaimer", lang), MARGIN, H - Inches(0.4), W - 2 * MARGIN, Inches(0.3), 9, colour=GREY)
    return slide


def add_text(
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
        set_font(run.font, size, bold, colour)


def set_font(font, size: int, bold: bool = False, colour: str = INK) -> None:  # type: ignore[no-untyped-def]
    font.name = FONT
    font.size = Pt(size)
    font.bold = bold
    font.color.rgb = rgb(colour)


def add_kpi(
    slide: Slide, label: str, value: str, left: int, top: int, width: int, fill: str = LIGHT, colour: str = NAVY
) -> None:
    box = slide.shapes.add_shape(MSO_SHAPE.ROUNDED_RECTANGLE, left, top, width, Inches(1.25))
    box.fill.solid()
    box.fill.fore_color.rgb = rgb(fill)
    box.line.fill.background()
    box.adjustments[0] = 0.08
    frame = box.text_frame
    frame.vertical_anchor = MSO_ANCHOR.MIDDLE
    frame.word_wrap = True
    p = frame.paragraphs[0]
    p.alignment = PP_ALIGN.CENTER
    r = p.add_run()
    r.text = value
    set_font(r.font, fit.size([value], width - Inches(0.2), Inches(0.75), 30, 14), True, colour)
    p = frame.add_paragraph()
    p.alignment = PP_ALIGN.CENTER
    r = p.add_run()
    r.text = label
    set_font(r.font, 12, False, colour if colour == "FFFFFF" else GREY)


def add_table(
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
        cell.fill.fore_color.rgb = rgb(NAVY)
        cell.text_frame.paragraphs[0].text = ""
        run = cell.text_frame.paragraphs[0].add_run()
        run.text = h
        set_font(run.font, size, True, "FFFFFF")
    for i, row in enumerate(rows, start=1):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.fill.solid()
            cell.fill.fore_color.rgb = rgb("FFFFFF" if i % 2 else "F4F6F7")
            cell.text_frame.word_wrap = True
            run = cell.text_frame.paragraphs[0].add_run()
            run.text = value
            set_font(run.font, size)


def style_chart(chart, size: int = 12) -> None:  # type: ignore[no-untyped-def]
    chart.font.name = FONT
    chart.font.size = Pt(size)
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False


def colour_series(chart, colours: Sequence[str], line: bool = False) -> None:  # type: ignore[no-untyped-def]
    for series, colour in zip(chart.plots[0].series, colours, strict=False):
        if line:
            series.format.line.color.rgb = rgb(colour)
            series.format.line.width = Pt(2.5)
        else:
            series.format.fill.solid()
            series.format.fill.fore_color.rgb = rgb(colour)


def data_labels(chart, text: Callable[[float], str], fmt: str, size: int = 10) -> None:  # type: ignore[no-untyped-def]
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


def integer_ticks(axis, unit: float, fmt: str = "0") -> None:  # type: ignore[no-untyped-def]
    """Tick labels that read the same in every locale (0, 20, 40…; 0%, 20%…): no decimal separator to get wrong."""
    axis.major_unit = unit
    axis.tick_labels.number_format = fmt
    axis.tick_labels.number_format_is_linked = False


def chart_values(series: pd.Series) -> list[float | None]:
    return [None if pd.isna(x) else round(float(x), 1) for x in series]


# ---------------------------------------------------------------- slides
