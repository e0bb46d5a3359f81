"""Trends: claimed and evidenced scores across the years in the workbook."""

import pandas as pd
import streamlit as st

from assessor import charts
from assessor.i18n import t
from assessor.ui import state, view

lang = state.lang()
work = state.current()
fw = state.framework()
community = state.community(work)
view.header(work, lang, "trends.title", community)
view.needs_scores(work, lang)
a = state.community_view(str(work.ws.path), work.recipe, community)

history = a.history
if len(history) < 2:
    st.info(t("trends.one_year", lang, year=int(history["year"].iloc[0]) if len(history) else "–"))
st.plotly_chart(charts.trend(a, community, lang), width="stretch", key="trend_chart")
st.subheader(t("trends.table", lang))
rows = {
    t("col.year", lang): [str(int(y)) for y in history["year"]],
    t("col.claimed", lang): [view.score(v, lang) for v in history["score"]],
    t("col.evidenced", lang): [view.score(v, lang) for v in history["evidenced_score"]],
    t("overview.gap", lang): [view.score(v, lang) for v in history["evidence_gap"]],
    t("col.coverage", lang): [view.share(v, lang) for v in history["coverage"]],
    t("col.level", lang): [view.level_name(fw, v, lang) for v in history["level"]],
}
view.table(pd.DataFrame(rows), key="trend_table")
