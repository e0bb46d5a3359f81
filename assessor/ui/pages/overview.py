"""Overview: the community score and readiness level, how sure that verdict is, the evidence gap, the radar with the
verdict's band, the top gaps, data quality."""

import streamlit as st

from assessor.i18n import number, t
from assessor.ui import state, view

lang = state.lang()
work = state.current()
fw = state.framework()
community = state.community(work)
view.header(work, lang, "overview.title", community)
view.needs_scores(work, lang)

a = state.community_view(str(work.ws.path), work.recipe, community)
row = a.overall.iloc[0]
q, top_gaps = state.overview_parts(str(work.ws.path), work.recipe, community, lang)

c1, c2, c3, c4 = st.columns(4)
c1.metric(
    t("overview.evidenced", lang), view.score(row["evidenced_score"], lang), help=t("overview.evidenced_help", lang)
)
c2.metric(t("overview.claimed", lang), view.score(row["score"], lang), help=t("overview.claimed_help", lang))
c3.metric(t("overview.gap", lang), view.score(row["evidence_gap"], lang), help=t("overview.gap_help", lang))
# The level as a heading that wraps: a metric cuts "Có khả năng cạnh tranh" to "Có khả năng…" in a quarter row.
c4.caption(t("overview.level", lang))
c4.subheader(view.level_name(fw, row["level"], lang), anchor=False)
mc = state.robustness_of(str(work.ws.path), work.recipe, community)
st.markdown(f"**{mc.sentence(community, lang)}** {mc.band(community, lang)}.")

left, right = st.columns([3, 2], gap="large")


@st.fragment
def radar() -> None:
    """The radar and its toggle: flipping the toggle reruns only this part of the page in the browser."""
    show_reference = st.toggle(t("overview.show_reference", lang), value=True, key="show_reference")
    fig = state.radar_figure(str(work.ws.path), work.recipe, community, lang, show_reference)
    st.plotly_chart(fig, width="stretch", key="radar")
    if show_reference:
        bench = state.reference()[0]
        caveats = f" {bench.caveats(lang)}" if bench.caveats else ""
        st.caption(t("overview.reference_note", lang, label=bench.label(lang)) + caveats)


with left:
    radar()

with right:
    st.subheader(t("overview.quality", lang))
    q1, q2 = st.columns(2)
    q1.metric(t("overview.coverage", lang), view.share(q.coverage, lang), help=t("overview.coverage_help", lang))
    q2.metric(
        t("overview.share_evidenced", lang),
        view.share(q.share_evidenced, lang),
        help=t("overview.share_evidenced_help", lang),
    )
    st.metric(t("overview.issues", lang), number(q.errors + q.warnings + q.infos, lang, 0))
    st.caption(
        t("overview.issue_counts", lang, errors=q.errors, warnings=q.warnings, infos=q.infos)
        + " · "
        + t("overview.indicators_scored", lang, scored=q.scored, total=q.total)
    )
    st.metric(
        t("questions.open_metric", lang),
        number(state.open_questions(work, community), lang, 0),
        help=t("questions.open_help", lang),
    )
    if q.insufficient:
        st.warning(
            t(
                "overview.insufficient",
                lang,
                min=view.share(fw.meta.min_coverage, lang),
                domains=", ".join(fw.domain_by_id[d].name(lang) for d in q.insufficient),
            )
        )

st.subheader(t("overview.top_gaps", lang))
view.table(top_gaps)

st.subheader(t("robustness.title", lang))
st.caption(mc.level_shares(community, lang) + " " + mc.drivers(community, lang))
view.table(mc.table(community, lang), key="robustness_table")
st.caption(mc.explain(lang))
