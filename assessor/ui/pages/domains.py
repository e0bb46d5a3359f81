"""Domains: one view per domain — its indicators with value, score, gap, effective weight, evidence and guidance, and
its narratives."""

import pandas as pd
import streamlit as st

from assessor import helix
from assessor.i18n import number, t
from assessor.ui import state, view

lang = state.lang()
work = state.current()
fw = state.framework()
community = state.community(work)
view.header(work, lang, "domains.title", community)
view.needs_scores(work, lang)
a = state.community_view(str(work.ws.path), work.recipe, community)
weights = state.weights_of(str(work.ws.path), work.recipe, community)  # row for row with a.indicators

partners = helix.helix_table(a)
st.info(helix.single_partner_sentence(partners, fw, lang))

tabs = st.tabs([d.name(lang) for d in fw.domains])
for tab, domain in zip(tabs, fw.domains, strict=True):
    with tab:
        row = a.domains[a.domains["domain"] == domain.id].iloc[0]
        st.caption(domain.description(lang))
        c1, c2, c3, c4 = st.columns(4)
        c1.metric(t("col.evidenced", lang), view.score(row["evidenced_score"], lang))
        c2.metric(t("col.claimed", lang), view.score(row["score"], lang))
        c3.metric(t("col.coverage", lang), view.share(row["coverage"], lang))
        c4.metric(t("col.level", lang), view.level_name(fw, row["level"], lang))
        if bool(row["insufficient"]):
            st.warning(
                t(
                    "domains.insufficient",
                    lang,
                    coverage=view.share(row["coverage"], lang),
                    min=view.share(fw.meta.min_coverage, lang),
                )
            )
        st.subheader(t("domains.indicators", lang))
        rows = a.indicators[a.indicators["domain"] == domain.id].assign(
            effective_weight=weights.loc[a.indicators["domain"] == domain.id, "effective_weight"].to_numpy()
        )
        columns = ["id", "indicator", "value", "score", "gap", "effective_weight", "status", "guidance"]
        view.table(view.indicator_table(fw, rows, lang, columns), key=f"domain_table_{domain.id}")
        st.caption(t("robustness.weights_help", lang))
        st.subheader(t("helix.title", lang))
        st.caption(t("helix.intro", lang))
        view.table(helix.domain_table(partners, domain.id, lang), key=f"helix_table_{domain.id}")
        with st.expander(t("domains.guidance", lang)):
            for ind in fw.in_domain(domain.id):
                st.markdown(
                    f"**{ind.id} · {ind.name(lang)}** — {ind.description(lang)}  \n"
                    f"{ind.guidance(lang)}  \n*{t('col.guidance', lang)}:* {ind.evidence(lang)}"
                )

        st.subheader(t("domains.narratives", lang))
        answers = a.narratives
        for question in (n for n in fw.narratives if n.domain == domain.id):
            mine = answers[answers["narrative_id"] == question.id] if not answers.empty else answers
            answer = mine["answer"].iloc[0] if len(mine) else None
            answer = None if answer is None or answer is pd.NA or (isinstance(answer, float)) else str(answer)
            st.markdown(f"**{question.id}** · {question.question(lang)}")
            length = len(answer or "")
            counter = t("domains.length", lang, length=number(length, lang, 0), limit=number(question.limit, lang, 0))
            if answer:
                st.text_area(counter, answer, disabled=True, key=f"narrative_{question.id}", height=140)
            else:
                st.caption(counter)
                st.info(t("domains.no_answer", lang))
            if length > question.limit:
                st.error(t("domains.too_long", lang, over=number(length - question.limit, lang, 0)))
