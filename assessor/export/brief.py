"""The leadership brief (PDF, A4, two to four pages): verdict, radar, domain table, gaps, evidence gaps, method.

Text is set in DejaVu Sans, embedded, so Vietnamese diacritics print right anywhere. Figures are the app's own
plotly figures rendered by kaleido (one Chromium for the whole brief); without a working Chromium the brief is
still made, with its tables, and says which figures were left out and why.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go
from fpdf import FPDF
from fpdf.fonts import FontFace

from assessor import charts
from assessor.assess import Assessment
from assessor.export import story
from assessor.export.plan_brief import plan_section
from assessor.framework import Lang
from assessor.i18n import number, percent, t
from assessor.layout import EVIDENCE_LABELS, label_text
from assessor.quality_class import counts_sentence
from assessor.robustness import Robustness, robustness

FONT = "DejaVu"
FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}
FONT_DIRS = (
    Path("/usr/share/fonts"),
    Path("/usr/local/share/fonts"),
    Path.home() / ".local/share/fonts",
    Path.home() / ".fonts",
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
)
NAVY, INK, GREY = (31, 78, 121), (27, 38, 49), (93, 109, 126)
FIGURE_SCALE = 2


class FontNotFoundError(RuntimeError):
    """No Unicode font for the brief; the message says what to install."""


def find_font(filename: str) -> Path:
    """A font file by name: fontconfig first, then the usual font folders."""
    if shutil.which("fc-match"):
        family = "DejaVu Sans:bold" if "Bold" in filename else "DejaVu Sans"
        try:
            found = subprocess.run(
                ["fc-match", "-f", "%{file}", family], capture_output=True, text=True, timeout=5, check=False
            ).stdout.strip()
        except (OSError, subprocess.SubprocessError):
            found = ""
        if found and Path(found).name == filename and Path(found).is_file():
            return Path(found)
    for folder in FONT_DIRS:
        if folder.is_dir():
            hit = next(folder.rglob(filename), None)
            if hit is not None:
                return hit
    raise FontNotFoundError(
        f"The brief needs the Unicode font {filename} (DejaVu Sans) for Vietnamese text and it was not found. "
        "Install it (Debian/Ubuntu: apt-get install fonts-dejavu-core) and try again."
    )


# ---------------------------------------------------------------- figures


Renderer = Callable[[list[go.Figure]], list[bytes]]


def render_figures(figures: list[go.Figure]) -> list[bytes]:
    """PNG bytes of each figure; a Chromium that stumbles once (a busy machine) gets one more try."""
    try:
        return _render_once(figures)
    except Exception:  # kaleido/Chromium fail in many ways; a second failure goes to the caller, which says so
        return _render_once(figures)


def _render_once(figures: list[go.Figure]) -> list[bytes]:
    """PNG bytes of each figure, through one kaleido/Chromium server for all of them."""
    import kaleido
    import plotly.io as pio

    # No MathJax: our figures carry no LaTeX, and kaleido would fetch it from a CDN, which an offline office
    # machine waits for (3.3 s instead of 5.8 s for the first figure here).
    kaleido.start_sync_server(mathjax=False, silence_warnings=True)
    try:
        with warnings.catch_warnings():
            # plotly warns that its per-call options go unused when a server runs; the size is set per figure anyway
            warnings.simplefilter("ignore", UserWarning)
            return [
                pio.to_image(f, format="png", scale=FIGURE_SCALE, width=f.layout.width or 900, height=f.layout.height)
                for f in figures
            ]
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


@dataclass
class Figures:
    images: dict[str, bytes] = field(default_factory=dict)
    left_out: list[str] = field(default_factory=list)
    reason: str = ""


def _figures(a: Assessment, community: str, lang: Lang, renderer: Renderer, mc: Robustness) -> Figures:
    ref, ref_label = story.reference_profile(a, lang)
    band = t("robustness.chart_band", lang, draws=number(mc.perturbation.draws, lang, 0))
    built = {
        "radar": charts.radar(a, community, lang, ref, ref_label, band=mc.domains, band_label=band),
        "domains": charts.domain_bars(a, community, lang),
        "priorities": charts.priorities_bar(a, community, lang, top=8),
    }
    # On paper there is no hover: the legend goes beside the radar, and long labels get the room they need.
    built["radar"].update_layout(
        width=1100,
        height=560,
        margin={"l": 40, "r": 20, "t": 50, "b": 30},
        # far enough right that the name of the domain on the right (beyond a point at 100) stays clear of it
        legend={"orientation": "v", "x": 1.06, "xanchor": "left", "y": 0.5, "yanchor": "middle"},
    )
    built["domains"].update_yaxes(automargin=True)
    built["domains"].update_layout(legend={"y": -0.28}, margin={"b": 70})
    built["priorities"].update_yaxes(automargin=True)
    built["priorities"].update_xaxes(automargin=True)
    try:
        images = renderer(list(built.values()))
    except Exception as err:  # kaleido/Chromium fail in many ways (missing, sandbox, timeout): the brief goes on
        reason = f"{type(err).__name__}: {str(err).strip().splitlines()[0] if str(err).strip() else ''}".strip(": ")
        return Figures(left_out=list(built), reason=reason[:200])
    return Figures(images=dict(zip(built, images, strict=True)))


# ---------------------------------------------------------------- the document


class _Brief(FPDF):
    def __init__(self, lang: Lang, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang: Lang = lang
        self.footer_text = footer_text
        for style, filename in FONT_FILES.items():
            self.add_font(FONT, style, str(find_font(filename)))
        self.set_margins(16, 14, 16)
        self.set_auto_page_break(True, margin=16)
        self.c_margin = 1.2

    def footer(self) -> None:
        self.set_y(-11)
        self.set_font(FONT, "", 7.5)
        self.set_text_color(*GREY)
        self.cell(0, 4, self.footer_text, align="L")
        self.set_x(self.l_margin)
        self.cell(0, 4, t("brief.page", self.lang, page=self.page_no()), align="R")

    def heading(self, text: str, size: float = 13) -> None:
        if self.get_y() > self.h - 45:
            self.add_page()
        self.ln(2)
        self.set_font(FONT, "B", size)
        self.set_text_color(*NAVY)
        self.multi_cell(0, 7, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def para(self, text: str, size: float = 9.5, colour: tuple[int, int, int] = INK, height: float = 5) -> None:
        self.set_font(FONT, "", size)
        self.set_text_color(*colour)
        self.multi_cell(0, height, text, new_x="LMARGIN", new_y="NEXT")
        self.set_text_color(*INK)

    def grid(self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...], align: str = "LEFT") -> None:
        self.set_font(FONT, "", 8.5)
        self.set_fill_color(244, 246, 247)
        head = FontFace(emphasis="BOLD", color=(255, 255, 255), fill_color=NAVY)
        with self.table(
            col_widths=widths,
            headings_style=head,
            line_height=4.6,
            text_align=align,
            cell_fill_color=(244, 246, 247),
            cell_fill_mode="ROWS",
            borders_layout="HORIZONTAL_LINES",
            padding=1.2,
        ) as table:
            row = table.row()
            for h in headers:
                row.cell(h)
            for values in rows:
                row = table.row()
                for v in values:
                    row.cell(v)
        self.ln(2)

    def figure(self, png: bytes, width: float) -> None:
        height = width * _png_ratio(png)
        if self.get_y() + height > self.h - self.b_margin:
            self.add_page()
        self.image(io.BytesIO(png), x=(self.w - width) / 2, w=width)
        self.ln(2)


def _one_line(pdf: FPDF, text: str, style: str, largest: float, smallest: float) -> None:
    """Set the largest font size, down to `smallest`, at which the text fits the line (a longer one then wraps)."""
    size = largest
    pdf.set_font(FONT, style, size)
    while size > smallest and pdf.get_string_width(text) > pdf.epw:
        size -= 0.5
        pdf.set_font(FONT, style, size)


def _png_ratio(png: bytes) -> float:
    """Height / width of a PNG, from its header."""
    width = int.from_bytes(png[16:20], "big")
    height = int.from_bytes(png[20:24], "big")
    return height / width if width else 0.6


def leadership_brief(
    assessment: Assessment, lang: Lang = "en", community: str | None = None, renderer: Renderer | None = None
) -> bytes:
    """The brief for one community (the first when none is named), as PDF bytes.

    `renderer` turns figures into PNGs (kaleido by default); when it fails the brief is made without figures.
    """
    a, name = story.focus(assessment, community)
    v = story.verdict(a, lang)
    fw = a.framework
    pdf = _Brief(lang, t("brief.footer", lang, community=name, year=v.year))
    pdf.set_title(t("deck.title", lang, community=name))
    pdf.set_lang("vi" if lang == "vi" else "en")
    pdf.set_creator("Smart21 Readiness Assessor")
    mc = robustness(a)
    figs = _figures(a, name, lang, renderer or render_figures, mc)
    pdf.add_page()

    # Title band
    pdf.set_fill_color(*NAVY)
    pdf.rect(0, 0, pdf.w, 30, style="F")
    pdf.set_xy(16, 7)
    pdf.set_text_color(255, 255, 255)
    title = t("deck.title", lang, community=name)
    _one_line(pdf, title, "B", 18, 11)
    pdf.multi_cell(0, 9 if pdf.get_string_width(title) <= pdf.epw else 5.5, title, new_x="LMARGIN", new_y="NEXT")
    subtitle = t("deck.subtitle", lang, year=v.year, framework=fw.meta.name(lang))
    _one_line(pdf, subtitle, "", 9.5, 7)
    pdf.multi_cell(0, 5 if pdf.get_string_width(subtitle) <= pdf.epw else 3.5, subtitle, new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(34)
    pdf.para(t("export.disclaimer", lang) + " " + t("brief.date", lang, date=story.today(lang)), 8.5, GREY)

    # Verdict
    _kpis(pdf, a, v, lang)
    pdf.para(v.level_description, 10)
    pdf.para(t("deck.level_rule", lang), 8.5, GREY)
    pdf.para(
        t(
            "robustness.brief_line",
            lang,
            sentence=mc.sentence(name, lang),
            band=mc.band(name, lang),
            depends=mc.drivers(name, lang),
        ),
        9.5,
    )
    pdf.heading(t("deck.first_steps", lang))
    steps = [s for s, _ in story.first_steps(a, lang)] or [t("deck.no_gaps", lang)]
    for i, s in enumerate(steps, start=1):
        pdf.para(f"{i}. {s}", 10)
    if "radar" in figs.images:
        pdf.heading(t("deck.radar_title", lang))
        pdf.figure(figs.images["radar"], 160)
        caveats = story.reference_caveats(a, lang)
        if caveats:
            pdf.para(t("brief.reference_caveats", lang, caveats=caveats), 8, GREY, 4)

    # Domains
    pdf.heading(t("deck.domains_title", lang))
    names = {d.id: d.name(lang) for d in fw.domains}
    level = {lv.id: lv.name(lang) for lv in fw.levels}
    rows = [
        [
            names[d["domain"]],
            number(d["score"], lang),
            number(d["evidenced_score"], lang),
            percent(d["coverage"], lang),
            level[d["level"]] + (" *" if d["insufficient"] else ""),
        ]
        for d in a.domains.to_dict("records")
    ]
    pdf.grid(
        [
            t("export.col_domain", lang),
            t("export.col_claimed", lang),
            t("export.col_evidenced", lang),
            t("export.col_coverage", lang),
            t("export.col_level", lang),
        ],
        rows,
        (60, 28, 32, 22, 36),
    )
    if a.domains["insufficient"].any():
        pdf.para("* " + t("brief.insufficient_note", lang, share=percent(fw.meta.min_coverage, lang)), 8, GREY)
    if "domains" in figs.images:
        pdf.figure(figs.images["domains"], 150)

    # Gaps
    pdf.heading(t("brief.top_gaps", lang))
    pri = a.priorities.head(8)
    rows = [
        [
            f"{p['indicator_id']} · {fw.by_id[p['indicator_id']].name(lang)}",
            names[p["domain"]],
            number(p["score"], lang, 0),
            "+" + number(p["impact"], lang, 2),
        ]
        for p in pri.to_dict("records")
    ]
    if rows:
        pdf.grid(
            [
                t("export.col_indicator", lang),
                t("export.col_domain", lang),
                t("export.col_score", lang),
                t("deck.col_points", lang),
            ],
            rows,
            (88, 48, 20, 22),
        )
    else:
        pdf.para(t("deck.no_gaps", lang))
    if "priorities" in figs.images:
        pdf.figure(figs.images["priorities"], 150)

    pdf.heading(t("deck.evidence_gaps", lang))
    ev = story.evidence_gaps(a, None, 10)
    rows = [
        [
            f"{g['indicator_id']} · {fw.by_id[g['indicator_id']].name(lang)}",
            label_text(EVIDENCE_LABELS, g["evidence_status"], lang) if g["evidence_status"] in EVIDENCE_LABELS else "–",
            "+" + number(g["evidence_impact"], lang, 2),
        ]
        for g in ev.to_dict("records")
    ]
    if rows:
        pdf.para(t("brief.evidence_gaps_intro", lang, gap=number(v.gap, lang)), 9)
        pdf.grid(
            [t("export.col_indicator", lang), t("export.col_status", lang), t("deck.col_points", lang)],
            rows,
            (120, 36, 22),
        )
    else:
        pdf.para(t("deck.no_evidence_gaps", lang))
    pdf.para(counts_sentence(a, lang), 9)  # how the figures were obtained (U4SSC-style data-quality classes)

    plan_section(pdf, a, name, lang)

    # Method
    pdf.heading(t("deck.method_title", lang))
    pdf.para(fw.meta.icf_process(lang) if fw.meta.icf_process else fw.meta.disclaimer(lang), 8.5)
    pdf.para(t("deck.method_scoring", lang), 8.5)
    pdf.para(story.method_levels(a, lang), 8.5)
    pdf.para(story.method_data(a, lang), 8.5)
    if figs.left_out:
        left = ", ".join(t(f"brief.figure_{k}", lang) for k in figs.left_out)
        pdf.para(t("brief.figures_left_out", lang, figures=left, reason=figs.reason), 8.5, (160, 64, 0))
    return bytes(pdf.output())


def _kpis(pdf: _Brief, a: Assessment, v: story.Verdict, lang: Lang) -> None:
    level_rgb = tuple(int(charts.LEVEL_COLOURS.get(v.level, charts.MUTED)[i : i + 2], 16) for i in (1, 3, 5))
    boxes = [
        (t("deck.kpi_level", lang), v.level_name, level_rgb, (255, 255, 255)),
        (t("deck.kpi_evidenced", lang), number(v.evidenced, lang), (234, 241, 248), NAVY),
        (t("deck.kpi_claimed", lang), number(v.score, lang), (234, 241, 248), NAVY),
        (t("deck.kpi_gap", lang), number(v.gap, lang), (253, 235, 208), (160, 64, 0)),
    ]
    gap, top = 3.0, pdf.get_y() + 1
    width = (pdf.w - pdf.l_margin - pdf.r_margin - 3 * gap) / 4
    for i, (label, value, fill, colour) in enumerate(boxes):
        x = pdf.l_margin + i * (width + gap)
        pdf.set_fill_color(*fill)
        pdf.rect(x, top, width, 20, style="F", round_corners=True, corner_radius=2)
        pdf.set_text_color(*colour)
        pdf.set_xy(x, top + 2.5)
        size = 16.0  # a long level name ("Có khả năng cạnh tranh") gets a smaller size, never a clipped box
        pdf.set_font(FONT, "B", size)
        while size > 8 and pdf.get_string_width(value) > width - 4:
            size -= 1
            pdf.set_font(FONT, "B", size)
        pdf.cell(width, 9, value, align="C")
        pdf.set_xy(x, top + 12)
        pdf.set_font(FONT, "", 7.5)
        pdf.cell(width, 5, label, align="C")
    pdf.set_text_color(*INK)
    pdf.set_xy(pdf.l_margin, top + 23)
