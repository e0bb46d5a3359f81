"""Data issues: every issue record of the uploaded files, with sheet, row, column, and how to fix it."""

import pandas as pd
import streamlit as st

from assessor.i18n import t
from assessor.issues import SEVERITIES, for_community, localised
from assessor.ui import state, view

lang = state.lang()
work = state.current()
community = state.community(work)
view.header(work, lang, "issues.title", community)
st.write(t("issues.intro", lang))

# Its own rows' issues and the files' as a whole; all of them when nothing could be scored (no community to pick).
issues = for_community(work.assessment.issues, community) if community else work.assessment.issues
if issues.empty:
    st.success(t("issues.none", lang))
else:
    picked = st.multiselect(
        t("issues.filter", lang),
        list(SEVERITIES),
        default=list(SEVERITIES),
        format_func=lambda s: t(f"app.severity.{s}", lang),
        key="issue_severity",
        placeholder=t("common.all", lang),
    )
    shown = issues[issues["severity"].isin(picked)]
    local = localised(shown, lang)
    frame = pd.DataFrame(
        {
            t("col.severity", lang): [t(f"app.severity.{s}", lang) for s in local["severity"]],
            **({t("col.file", lang): shown["file"].tolist()} if "file" in shown else {}),
            t("col.sheet", lang): local["sheet"].tolist(),
            t("col.row", lang): ["" if pd.isna(r) else str(int(r)) for r in local["row"]],
            t("col.column", lang): [view.column_header(c, lang) for c in local["column"]],
            t("col.cell", lang): local["value"].tolist(),
            t("col.message", lang): local["message"].tolist(),
            t("col.hint", lang): local["hint"].tolist(),
        }
    )
    st.caption(t("issues.count", lang, n=len(frame)))
    view.table(frame, key="issues_table")
