"""Priorities: every gap ranked by its impact on the community score, filterable by domain and helix."""

import streamlit as st

from assessor import charts
from assessor.i18n import number, t
from assessor.layout import HELIX_LABELS
from assessor.ui import state, view

lang = state.lang()
work = state.current()
fw = state.framework()
community = state.community(work)
view.header(work, lang, "priorities.title", community)
view.needs_scores(work, lang)
a = state.community_view(str(work.ws.path), work.recipe, community)
st.write(t("priorities.intro", lang))

pri = a.priorities
c1, c2 = st.columns(2)
domains = c1.multiselect(
    t("priorities.filter_domain", lang),
    [d.id for d in fw.domains],
    format_func=lambda d: fw.domain_by_id[d].name(lang),
    key="priority_domains",
    placeholder=t("common.all", lang),
)
helix_options = [*HELIX_LABELS, ""]
helices = c2.multiselect(
    t("priorities.filter_helix", lang),
    helix_options,
    format_func=lambda h: view.helix_name(h or None, lang),
    key="priority_helix",
    placeholder=t("common.all", lang),
)
shown = pri
if domains:
    shown = shown[shown["domain"].isin(domains)]
if helices:
    shown = shown[shown["helix"].fillna("").isin(helices)]

st.caption(t("priorities.count", lang, n=len(shown), points=number(float(shown["impact"].sum()), lang, 1)))
ranked = view.indicator_table(
    fw, shown, lang, ["id", "indicator", "domain", "helix", "value", "score", "gap", "impact", "status"]
)
ranked.insert(0, t("col.rank", lang), [int(i) + 1 for i in shown.index])
view.table(ranked, key="priorities_table")
st.plotly_chart(charts.priorities_bar(a, community, lang), width="stretch", key="priorities_chart")
