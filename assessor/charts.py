"""Plotly figures of an assessment: one builder serves the app (interactive) and the brief (static, via kaleido).

Every text on a figure comes from the text catalogue; numbers follow the language (1.234,5 in Vietnamese).
"""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from assessor.assess import Assessment
from assessor.framework import Framework, Lang
from assessor.i18n import number, t

FONT = "DejaVu Sans, Arial, sans-serif"
CLAIMED, EVIDENCED, REFERENCE, MUTED = "#1F4E79", "#2E9E6A", "#E08A1E", "#9AA5B1"
LEVEL_COLOURS = {"foundational": "#C0392B", "developing": "#E08A1E", "competitive": "#2E86C1", "leading": "#2E9E6A"}
SEPARATORS = {"en": ".,", "vi": ",."}  # plotly: decimal mark, then thousands mark


def _layout(fig: go.Figure, lang: Lang, title: str | None = None, height: int = 420) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "font": {"size": 16}} if title else None,
        font={"family": FONT, "size": 12, "color": "#1B2631"},
        separators=SEPARATORS[lang],
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"l": 40, "r": 40, "t": 60 if title else 30, "b": 40},
        legend={"orientation": "h", "y": -0.12, "x": 0.5, "xanchor": "center"},
    )
    return fig


def short_label(text: str, n: int) -> str:
    """A label of at most `n` characters: cut at a word where one is near, and always marked with an ellipsis."""
    if len(text) <= n:
        return text
    cut = text[: n - 1]
    space = cut.rfind(" ")
    if space >= n // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:–-(") + "…"


def _domain_names(framework: Framework, lang: Lang) -> dict[str, str]:
    return {d.id: d.name(lang) for d in framework.domains}


def radar(
    assessment: Assessment,
    community: str,
    lang: Lang = "en",
    reference: pd.DataFrame | None = None,
    reference_label: str | None = None,
    band: pd.DataFrame | None = None,
    band_label: str | None = None,
) -> go.Figure:
    """The six domains: claimed and evidenced scores against the readiness thresholds and a reference profile.

    `band` (domain, evidenced_p05, evidenced_p95: a `Robustness.domains`) shades the evidenced score's 5th–95th
    percentile over the variations of the method around the evidenced line."""
    fw = assessment.framework
    names = _domain_names(fw, lang)
    doms = assessment.domains[assessment.domains["community"] == community]
    theta = [names[d] for d in doms["domain"]]
    closed = theta + theta[:1]

    def ring(values: pd.Series, missing: float | None = 0.0) -> list[float | None]:
        """Closed polygon; a domain without data is 0 for the community (as scored) and a gap for a reference."""
        v = [missing if pd.isna(x) else round(float(x), 1) for x in values]
        return v + v[:1]

    fig = go.Figure()
    for lv in fw.levels[1:]:
        fig.add_trace(
            go.Scatterpolar(
                r=[lv.min] * len(closed),
                theta=closed,
                mode="lines",
                line={"color": LEVEL_COLOURS.get(lv.id, MUTED), "dash": "dot", "width": 1},
                name=t("chart.threshold", lang, level=lv.name(lang), score=number(lv.min, lang, 0)),
                hoverinfo="skip",
            )
        )
    if reference is not None and not reference.empty:
        ref = reference.set_index("domain").reindex(doms["domain"])["score"]
        # A reference for some domains only is drawn as its points: line pieces between neighbours would mean nothing.
        partial = bool(ref.isna().any())
        fig.add_trace(
            go.Scatterpolar(
                r=ring(ref, missing=None),
                connectgaps=False,
                theta=closed,
                mode="markers" if partial else "lines+markers",
                line={"color": REFERENCE, "width": 2, "dash": "dash"},
                marker={"color": REFERENCE, "size": 11 if partial else 6, "symbol": "diamond"},
                name=reference_label or t("chart.reference", lang),
            )
        )
    if band is not None and not band.empty:
        b = band[band["community"] == community].set_index("domain").reindex(doms["domain"])
        fig.add_trace(
            go.Scatterpolar(
                r=ring(b["evidenced_p05"]),
                theta=closed,
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
            )
        )
        fig.add_trace(
            go.Scatterpolar(
                r=ring(b["evidenced_p95"]),
                theta=closed,
                mode="lines",
                fill="tonext",
                fillcolor="rgba(46,158,106,0.18)",
                line={"width": 0},
                name=band_label or t("robustness.col_band", lang),
            )
        )
    fig.add_trace(
        go.Scatterpolar(
            r=ring(doms["score"]),
            theta=closed,
            fill="toself",
            fillcolor="rgba(31,78,121,0.10)",
            line={"color": CLAIMED, "width": 2},
            name=t("chart.claimed", lang),
        )
    )
    fig.add_trace(
        go.Scatterpolar(
            r=ring(doms["evidenced_score"]),
            theta=closed,
            fill="toself",
            fillcolor="rgba(46,158,106,0.25)",
            line={"color": EVIDENCED, "width": 3},
            name=t("chart.evidenced", lang),
        )
    )
    # A point at 100 (the reference) sits on the outer circle: the axes go below the traces so they do not cut it, the
    # domain names stand a little further out so it does not cover them, and the scale's numbers run between two
    # domains instead of along the first one's name.
    fig.update_layout(
        polar={
            "radialaxis": {"range": [0, 100], "tickvals": [0, 25, 50, 75, 100], "angle": 30, "layer": "below traces"},
            "angularaxis": {"layer": "below traces", "ticks": "outside", "ticklen": 10, "tickcolor": "rgba(0,0,0,0)"},
            "bgcolor": "white",
        }
    )
    # Plotly reads a few HTML tags in titles (<a href>, <b>): a community's name is escaped to stay text.
    fig = _layout(fig, lang, t("chart.radar_title", lang, community=html.escape(community)), height=520)
    return fig.update_layout(margin={"l": 90, "r": 90})  # room for the domain names around the circle


def domain_bars(assessment: Assessment, community: str, lang: Lang = "en") -> go.Figure:
    """Claimed against evidenced score per domain: the evidence gap at a glance."""
    names = _domain_names(assessment.framework, lang)
    doms = assessment.domains[assessment.domains["community"] == community].iloc[::-1]
    y = [names[d] for d in doms["domain"]]
    fig = go.Figure(
        [
            go.Bar(y=y, x=doms["score"].round(1), orientation="h", name=t("chart.claimed", lang), marker_color=CLAIMED),
            go.Bar(
                y=y,
                x=doms["evidenced_score"].round(1),
                orientation="h",
                name=t("chart.evidenced", lang),
                marker_color=EVIDENCED,
            ),
        ]
    )
    fig.update_layout(barmode="group", xaxis={"range": [0, 100], "title": t("chart.score_axis", lang)})
    return _layout(fig, lang, t("chart.domains_title", lang), height=380)


def priorities_bar(assessment: Assessment, community: str, lang: Lang = "en", top: int = 10) -> go.Figure:
    """The gaps that would lift the community score most, with the points each would add."""
    fw = assessment.framework
    pri = assessment.priorities
    pri = pri[pri["community"] == community].head(top).iloc[::-1]
    labels = [f"{i} · {short_label(fw.by_id[i].name(lang), 42)}" for i in pri["indicator_id"]]
    fig = go.Figure(
        go.Bar(
            y=labels,
            x=pri["impact"].round(2),
            orientation="h",
            marker_color=CLAIMED,
            # Plotly's `separators` reach axes and hover, not `text`: the labels are written by the language (1,39).
            text=[number(x, lang, 2) for x in pri["impact"]],
            textposition="outside",
            cliponaxis=False,
            name=t("chart.impact", lang),
        )
    )
    # Room right of the longest bar for its value label, and on the left for the indicator names: nothing clipped.
    top_x = float(pri["impact"].max()) if len(pri) else 1.0
    fig.update_layout(
        xaxis={"title": t("chart.impact_axis", lang), "range": [0, top_x * 1.2 or 1.0]},
        yaxis={"automargin": True},
        showlegend=False,
    )
    return _layout(fig, lang, t("chart.priorities_title", lang, n=len(pri)), height=max(300, 40 * len(pri) + 120))


def trend(assessment: Assessment, community: str, lang: Lang = "en") -> go.Figure:
    """Evidenced score per domain and overall across the years in the workbook."""
    names = _domain_names(assessment.framework, lang)
    hist = assessment.domain_history[assessment.domain_history["community"] == community]
    overall = assessment.history[assessment.history["community"] == community]
    fig = go.Figure()
    for d, rows in hist.groupby("domain", sort=False):
        fig.add_trace(
            go.Scatter(x=rows["year"], y=rows["evidenced_score"].round(1), mode="lines+markers", name=names[d])
        )
    fig.add_trace(
        go.Scatter(
            x=overall["year"],
            y=overall["evidenced_score"].round(1),
            mode="lines+markers",
            name=t("chart.community_score", lang),
            line={"color": "black", "width": 4},
        )
    )
    fig.update_layout(
        xaxis={"title": t("chart.year_axis", lang), "dtick": 1, "tickformat": "d"},
        yaxis={"title": t("chart.evidenced_axis", lang), "range": [0, 100]},
    )
    return _legend_below_axis_title(_layout(fig, lang, t("chart.trend_title", lang), height=440))


def _legend_below_axis_title(fig: go.Figure) -> go.Figure:
    """The legend placed from the figure's bottom edge with room kept above it, so it never covers the x axis title
    (placed below the plot as a share of its height, it does on a short or a tall figure)."""
    return fig.update_layout(legend={"yref": "container", "y": 0.0, "yanchor": "bottom"}, margin={"b": 120})


def panel_bars(assessment: Assessment, lang: Lang = "en", highlight: str | None = None) -> go.Figure:
    """Every community of a panel by evidenced score, with its claimed score behind it."""
    overall = assessment.overall.sort_values("evidenced_score")
    colours = [EVIDENCED if c == highlight else MUTED for c in overall["community"]]
    names = [html.escape(c) for c in overall["community"]]  # axis labels read <a href>, <b>: names stay text
    fig = go.Figure(
        [
            go.Bar(
                y=names,
                x=overall["score"].round(1),
                orientation="h",
                name=t("chart.claimed", lang),
                marker_color="rgba(31,78,121,0.25)",
            ),
            go.Bar(
                y=names,
                x=overall["evidenced_score"].round(1),
                orientation="h",
                name=t("chart.evidenced", lang),
                marker_color=colours,
            ),
        ]
    )
    fig.update_layout(barmode="overlay", xaxis={"range": [0, 100], "title": t("chart.score_axis", lang)})
    height = max(360, 28 * len(overall) + 180)
    return _legend_below_axis_title(_layout(fig, lang, t("chart.panel_title", lang), height=height))
