"""Trends: claimed and evidenced scores across the years in the workbook."""

import pandas as pd
import streamlit as st

from assessor import charts, pace
from assessor.i18n import number, t
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

st.subheader(t("pace.title", lang))
st.caption(t("pace.intro", lang))
latest_year = int(history["year"].max()) if len(history) else int(a.overall["year"].iloc[0])
levels = [lv for lv in fw.levels if lv.min > 0]
choices = [lv.id for lv in levels] + ["score"]
c1, c2, c3 = st.columns([2, 1, 1])
picked = c1.selectbox(
    t("pace.target", lang),
    choices,
    index=min(1, len(choices) - 1),
    format_func=lambda k: (
        t("pace.target_score", lang)
        if k == "score"
        else t(
            "pace.target_level",
            lang,
            level=view.level_name(fw, k, lang),
            score=number(pace.level_threshold(fw, k), lang, 0),
        )
    ),
    key="pace_target",
)
if picked == "score":
    target = float(c2.number_input(t("pace.score", lang), 0.0, 100.0, 60.0, 1.0, key="pace_score"))
    target_name = number(target, lang, 0)
else:
    target = pace.level_threshold(fw, picked)
    target_name = view.level_name(fw, picked, lang)
deadline = int(
    c3.number_input(t("pace.deadline", lang), latest_year, latest_year + 15, latest_year + 1, 1, key="pace_deadline")
)
progress = pace.pace(a, target, deadline)
st.write(pace.summary(progress, fw, lang, target_name))
st.markdown(f"**{t('pace.domains', lang)}**")
view.table(pace.table(progress, fw, lang), key="pace_domains")
for d in fw.domains:
    with st.expander(t("pace.indicators", lang, domain=d.name(lang))):
        view.table(pace.table(progress, fw, lang, d.id), key=f"pace_{d.id}")
