"""Smart21 Readiness Assessor: `streamlit run app.py`. Navigation only; the pages live in assessor/ui/pages."""

from pathlib import Path

import streamlit as st

from assessor.i18n import t
from assessor.ui import state, view
from assessor.ui.sidebar import sidebar

# The icon is a file of the app: a Material icon name would make every browser fetch it from a font server.
ICON = str(Path(__file__).resolve().parent / "assessor" / "ui" / "static" / "icon.png")
st.set_page_config(page_title=t("app.title", "en"), page_icon=ICON, layout="wide")

state.begin_run()
state.require_workspace()  # one sentence and a stop when it cannot be opened
lang = state.lang()
st.set_page_config(page_title=t("app.title", lang))  # the browser tab in the chosen language
with view.unexpected_errors(lang):
    sidebar(lang)

PAGES = "assessor/ui/pages"
navigation = st.navigation(
    {
        t("nav.group_assess", lang): [
            st.Page(
                f"{PAGES}/overview.py",
                title=t("nav.overview", lang),
                icon=":material/dashboard:",
                url_path="home",
                default=True,
            ),
            # The Overview also answers at /overview (a bookmark, a link in an e-mail), not only at the root.
            st.Page(f"{PAGES}/overview.py", title=t("nav.overview", lang), url_path="overview", visibility="hidden"),
            st.Page(
                f"{PAGES}/domains.py", title=t("nav.domains", lang), icon=":material/category:", url_path="domains"
            ),
            st.Page(
                f"{PAGES}/priorities.py", title=t("nav.priorities", lang), icon=":material/flag:", url_path="priorities"
            ),
            st.Page(f"{PAGES}/plan.py", title=t("nav.plan", lang), icon=":material/route:", url_path="plan"),
            st.Page(
                f"{PAGES}/register.py", title=t("nav.register", lang), icon=":material/fact_check:", url_path="register"
            ),
            st.Page(
                f"{PAGES}/trends.py", title=t("nav.trends", lang), icon=":material/trending_up:", url_path="trends"
            ),
            st.Page(
                f"{PAGES}/compare.py",
                title=t("nav.compare", lang),
                icon=":material/compare_arrows:",
                url_path="compare",
            ),
            st.Page(
                f"{PAGES}/record.py", title=t("nav.record", lang), icon=":material/history_edu:", url_path="record"
            ),
        ],
        t("nav.group_data", lang): [
            st.Page(f"{PAGES}/issues.py", title=t("nav.issues", lang), icon=":material/report:", url_path="issues"),
            st.Page(
                f"{PAGES}/workspace.py",
                title=t("nav.workspace", lang),
                icon=":material/folder_open:",
                url_path="workspace",
            ),
            st.Page(f"{PAGES}/export.py", title=t("nav.export", lang), icon=":material/download:", url_path="export"),
        ],
    }
)
with view.unexpected_errors(lang):
    navigation.run()
