"""Data & versions: upload and merge spreadsheets, choose between conflicting sources, open and restore versions."""

import pandas as pd
import streamlit as st

from assessor.i18n import number, t
from assessor.ui import state, view

lang = state.lang()
work = state.current()
view.header(work, lang, "workspace.title", state.community(work))
state.show_flash()
ws = work.ws

# ------------------------------------------------------------------ upload
st.subheader(t("workspace.upload", lang))
nonce = st.session_state.get("uploader_nonce", 0)
files = st.file_uploader(
    t("workspace.upload_help", lang),
    type=["xlsx", "xlsm", "xls", "ods", "csv"],
    accept_multiple_files=True,
    key=f"uploader_{nonce}",
    disabled=ws.read_only,
)
readable: list[tuple[str, bytes]] = []
communities: list[str] = []
for f in files or []:
    data = f.getvalue()
    sha, sub, fatal = state.try_read(f.name, data)
    if fatal:
        st.error(view.plain(fatal))
        continue
    readable.append((f.name, data))
    communities += [c for c in sub.communities if c not in communities]
    st.success(
        t(
            "workspace.read_file",
            lang,
            name=view.plain(f.name),
            communities=view.plain(", ".join(sub.communities) or "–"),
            rows=number(len(sub.indicators), lang, 0),
            issues=number(len(sub.issues), lang, 0),
        )
    )
if readable:
    name = st.text_input(t("workspace.new_name", lang), ", ".join(communities[:3]), key=f"new_name_{nonce}")
    c1, c2 = st.columns(2)
    if c1.button(t("workspace.start_new", lang), type="primary", key="start_new"):
        name = name or readable[0][0]  # a plan file alone names no community: the file names the assessment
        v = state.start_assessment(name, readable)
        state.flash(
            t(
                "workspace.created",
                lang,
                name=view.plain(name),
                n=len(readable),
                communities=view.plain(", ".join(communities) or "–"),
            )
        )
        st.session_state["uploader_nonce"] = nonce + 1
        st.rerun()
    if c2.button(t("workspace.add", lang), key="add_files"):
        v = state.add_files(work, readable)
        if v is not None:
            state.flash(t("workspace.added", lang, n=len(readable), version=v.number))
            st.session_state["uploader_nonce"] = nonce + 1
        st.rerun()

# ------------------------------------------------------------------ files and conflicts
st.subheader(t("workspace.files", lang))
uploads = ws.uploads().set_index("sha256")
mine = uploads.reindex(list(work.version.state.uploads))
view.table(
    pd.DataFrame(
        {
            t("col.file", lang): mine["name"].tolist(),
            t("col.who", lang): [view.person(w, lang) for w in mine["who"]],
            t("col.when", lang): [view.when(x) for x in mine["uploaded_at"]],
            t("col.size", lang): [number(s / 1024, lang, 1) for s in mine["size"]],
        }
    ),
    key="files_table",
)
if work.merged.duplicates:
    st.caption(t("workspace.duplicates", lang, n=work.merged.duplicates))

st.subheader(t("workspace.conflicts", lang))
conflicts = work.merged.conflicts
if conflicts.empty:
    st.caption(t("workspace.no_conflicts", lang))
else:
    st.write(t("workspace.conflicts_intro", lang))
    chosen: dict[str, str | None] = {}
    with st.form(f"conflicts_{work.version.number}"):
        for key, rows in conflicts.groupby("key", sort=False):
            first = rows.iloc[0]
            labels = {
                r["sha256"]: t(
                    "workspace.conflict_option",
                    lang,
                    file=view.plain(r["file"]),
                    value=view.plain(r["value"]),
                    sheet=view.plain(r["sheet"]),
                    row=r["row"],
                )
                for _, r in rows.iterrows()
            }
            current = work.version.state.resolutions.get(key)
            options = list(labels)
            chosen[key] = st.radio(
                t(
                    "workspace.conflict_label",
                    lang,
                    indicator=first["indicator_id"],
                    community=view.plain(first["community"]),
                    year=first["year"],
                ),
                options,
                index=options.index(current) if current in options else None,
                format_func=lambda s, m=labels: m[s],
                key=f"conflict_{key}_{work.version.number}",
            )
        submitted = st.form_submit_button(t("workspace.save_choices", lang), type="primary", disabled=ws.read_only)
    if submitted:
        picked = {k: v for k, v in chosen.items() if v}
        v = state.choose_sources(work, picked)
        if v is not None:
            state.flash(t("common.saved", lang, version=v.number))
        st.rerun()

# ------------------------------------------------------------------ open another assessment
st.subheader(t("workspace.open", lang))
listed = ws.assessments()
options = listed["id"].tolist()
rows = listed.set_index("id")
labels = {
    i: t(
        "workspace.assessment_option",
        lang,
        name=state.display_name(rows.loc[i, "name"]),
        version=rows.loc[i, "version"],
        saved_at=view.when(rows.loc[i, "saved_at"]),
        who=view.person(rows.loc[i, "saved_by"], lang),
    )
    for i in options
}
pick = st.selectbox(
    t("workspace.open", lang),
    options,
    index=options.index(work.assessment_id) if work.assessment_id in options else 0,
    format_func=labels.__getitem__,
    key="open_pick",
    label_visibility="collapsed",
)
if st.button(t("workspace.open_button", lang), key="open_button", disabled=pick == work.assessment_id):
    state.open_assessment(pick)
    st.rerun()

# ------------------------------------------------------------------ versions
st.subheader(t("workspace.history", lang))
versions = ws.versions(work.assessment_id)
view.table(
    pd.DataFrame(
        {
            t("col.version", lang): versions["number"].tolist(),
            t("col.when", lang): [view.when(x) for x in versions["saved_at"]],
            t("col.who", lang): [view.person(w, lang) for w in versions["who"]],
            t("col.note", lang): [view.note_text(n, lang) for n in versions["note"]],
            t("col.edits", lang): versions["edits"].tolist(),
        }
    ),
    key="versions_table",
)
older = [n for n in versions["number"].tolist() if n != work.version.number]
if older:
    c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
    back = c1.selectbox(t("workspace.restore_pick", lang), older, key="restore_pick")
    if c2.button(t("workspace.restore", lang), key="restore_button", disabled=ws.read_only):
        v = state.restore(work, int(back))
        if v is not None:
            state.flash(t("workspace.restored", lang, old=back, version=v.number))
        st.rerun()
st.caption(t("workspace.where", lang, path=view.plain(ws.path)))
