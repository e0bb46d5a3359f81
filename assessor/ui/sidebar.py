"""The sidebar on every page: language (remembered), the user's name (this browser's), the community of a panel."""

from __future__ import annotations

import streamlit as st

from assessor.framework import Lang
from assessor.i18n import LANGUAGE_NAMES, t
from assessor.ui import state, view


def _changed_lang() -> None:
    state.set_lang(st.session_state["lang_choice"])


def sidebar(lang: Lang) -> None:
    with st.sidebar:
        st.radio(
            t("side.language", lang),
            options=list(state.LANGS[::-1]),
            index=state.LANGS[::-1].index(lang),
            format_func=LANGUAGE_NAMES.__getitem__,
            key="lang_choice",
            horizontal=True,
            on_change=_changed_lang,
        )
        # The name belongs to this browser: remembered in its own cookie (a refresh, another page, tomorrow), never
        # in the shared workspace nor in the address, so a colleague never finds it pre-filled, not even by opening
        # a link sent to them, and edits are recorded under the person who saved them.
        if "who" not in st.session_state:
            st.session_state["who"] = state.remembered_who()
        st.text_input(t("side.who", lang), key="who", placeholder=t("side.anonymous", lang))
        st.query_params.pop("who", None)  # where earlier versions kept it: an old bookmark names nobody
        work = state.current()
        names = work.assessment.communities
        if len(names) > 1:
            state.community(work)
            st.selectbox(t("side.community", lang), names, key="community")
        st.caption(t("side.assessment", lang, name=view.plain(work.name), version=work.version.number))
        st.caption(t("app.tagline", lang))
        state.remember_who()  # last: the browser's note to itself takes no room among the sidebar's items
