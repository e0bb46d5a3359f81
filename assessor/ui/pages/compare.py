"""Compare: the community against the ICF 2017 reference profile and among the communities of a panel."""

import pandas as pd
import streamlit as st

from assessor import charts
from assessor.compare import domain_matrix, panel_table, versus_reference
from assessor.i18n import t
from assessor.ui import state, view

lang = state.lang()
work = state.current()
fw = state.framework()
community = state.community(work)
view.header(work, lang, "compare.title", community)
view.needs_scores(work, lang)
whole = work.assessment
a = state.community_view(str(work.ws.path), work.recipe, community)
bench, bench_domains = state.reference()

st.subheader(t("compare.reference", lang))
st.caption(bench.label(lang) + " — " + bench.source(lang) + (f". {bench.caveats(lang)}" if bench.caveats else ""))
vs = versus_reference(a, community, bench_domains)
view.table(
    pd.DataFrame(
        {
            t("col.domain", lang): [fw.domain_by_id[d].name(lang) for d in vs["domain"]],
            t("col.claimed", lang): [view.score(v, lang) for v in vs["score"]],
            t("col.evidenced", lang): [view.score(v, lang) for v in vs["evidenced_score"]],
            t("col.reference", lang): [view.score(v, lang) for v in vs["reference"]],
            t("col.difference", lang): [view.score(v, lang) for v in vs["difference"]],
        }
    ),
    key="reference_table",
)

st.subheader(t("compare.panel", lang))
if len(whole.communities) < 2:
    st.info(t("compare.single", lang))
else:
    panel = panel_table(whole)
    mine_rank = panel.loc[panel["community"] == community, "rank"]
    if len(mine_rank):
        st.metric(t("col.rank", lang), t("compare.rank", lang, rank=int(mine_rank.iloc[0]), n=len(panel)))
    st.plotly_chart(charts.panel_bars(whole, lang, highlight=community), width="stretch", key="panel_chart")
    view.table(
        pd.DataFrame(
            {
                t("col.rank", lang): panel["rank"].tolist(),
                t("col.community", lang): panel["community"].tolist(),
                t("col.claimed", lang): [view.score(v, lang) for v in panel["score"]],
                t("col.evidenced", lang): [view.score(v, lang) for v in panel["evidenced_score"]],
                t("col.level", lang): [view.level_name(fw, v, lang) for v in panel["level"]],
            }
        ),
        key="panel_table",
    )
    st.subheader(t("compare.matrix", lang))
    matrix = domain_matrix(whole)
    shown = pd.DataFrame(
        {fw.domain_by_id[d].name(lang): [view.score(v, lang) for v in matrix[d]] for d in matrix.columns}
    )
    shown.insert(0, t("col.community", lang), matrix.index.tolist())
    view.table(shown, key="matrix_table")
