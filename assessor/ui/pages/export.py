"""Export: the evidence workbook, the leadership deck and the leadership brief, built only when asked for."""

import importlib
import unicodedata

import streamlit as st

from assessor.i18n import t
from assessor.ui import state, view

lang = state.lang()
work = state.current()
community = state.community(work)
view.header(work, lang, "export.title", community)
view.needs_scores(work, lang)
st.write(t("export.intro", lang))

EXPORTS = [
    (
        "evidence",
        "assessor.export.evidence",
        "evidence_workbook",
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        False,
    ),
    (
        "deck",
        "assessor.export.deck",
        "leadership_deck",
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        True,
    ),
    ("brief", "assessor.export.brief", "leadership_brief", "pdf", "application/pdf", True),
]
# What an export shows: the version, the language, the community, and the reviewers' questions so far.
asked = work.ws.questions(work.assessment_id)
stamp = f"{work.version.state.key}|{lang}|{community}|{len(asked)}|{int(asked['answer'].notna().sum())}"
# Bình Dương → Binh_Duong: an ASCII name survives every mail client and shared drive.
letters = unicodedata.normalize("NFKD", community.replace("đ", "d").replace("Đ", "D"))
ascii_name = "".join(ch for ch in letters if not unicodedata.combining(ch))
slug = "_".join("".join(ch if ch.isascii() and ch.isalnum() else " " for ch in ascii_name).split()) or "assessment"

for kind, module, func, ext, mime, per_community in EXPORTS:
    with st.container(border=True):
        st.markdown(f"**{t(f'export.{kind}', lang)}**")
        c1, c2 = st.columns(2)
        if c1.button(t("export.prepare", lang), key=f"prepare_{kind}"):
            try:
                build = getattr(importlib.import_module(module), func)
            except (ImportError, AttributeError):
                st.warning(t("export.unavailable", lang))
            else:
                with st.spinner(t("export.prepare", lang) + "…"):
                    try:
                        data = (
                            build(work.assessment, lang, community=community)
                            if per_community
                            else build(work.assessment, lang, questions=work.ws.questions(work.assessment_id))
                        )
                    except Exception as err:  # the exporter's failure must not take the app down
                        st.error(t("export.failed", lang, error=view.plain(err)))
                    else:
                        st.session_state[f"export_{kind}"] = (stamp, data)
        ready = st.session_state.get(f"export_{kind}")
        if ready and ready[0] == stamp:
            c2.download_button(
                t("export.download", lang),
                ready[1],
                file_name=f"smart21_{slug}_{t(f'export.file_{kind}', lang)}.{ext}",
                mime=mime,
                on_click="ignore",
                key=f"download_{kind}",
                type="primary",
            )
