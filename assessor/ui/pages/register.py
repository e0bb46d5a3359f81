"""Evidence register: status, evidence text, source link and owner per indicator, edited in place and saved at once."""

import pandas as pd
import streamlit as st

from assessor.edits import EDITABLE, Edit
from assessor.framework import EVIDENCE_STATUSES
from assessor.i18n import number, t
from assessor.quality_class import class_name, classes
from assessor.ui import state, view

lang = state.lang()
work = state.current()
fw = state.framework()
community = state.community(work)
view.header(work, lang, "register.title", community)
view.needs_scores(work, lang)
state.show_flash()
for message in st.session_state.pop("register_errors", []):
    st.error(message)  # built with view.plain around what was typed
st.write(t("register.intro", lang))

a = state.community_view(str(work.ws.path), work.recipe, community)
rows = a.indicators[a.indicators["row"].notna()].reset_index(drop=True)
year = int(a.overall["year"].iloc[0])
st.caption(t("register.rows", lang, n=len(rows), year=year))


def text(v: object) -> str | None:
    return None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v)


frame = pd.DataFrame(
    {
        "indicator_id": rows["indicator_id"].tolist(),
        "indicator": [fw.by_id[i].name(lang) for i in rows["indicator_id"]],
        "value": [
            view.value_text(fw, i, v, lb, lang)
            for i, v, lb in zip(rows["indicator_id"], rows["value"], rows["label"], strict=True)
        ],
        # empty cells as "" rather than None, so the grid shows them blank
        **{f: [text(v) or ("" if f != "evidence_status" else None) for v in rows[f]] for f in EDITABLE},
        # last, read only: the grid's other columns keep their places
        "quality": [class_name(q, lang) for q in classes(rows)],
    }
)


def save(edits: list[Edit], rerun: bool = True) -> None:
    """Save the edits as one new version; the grid and the form start afresh on the new version (a new nonce)."""
    version, errors = state.save_edits(work, edits)
    if errors:
        st.session_state["register_errors"] = errors
    if version is not None:
        state.flash(t("common.saved", lang, version=version.number))
    st.session_state["register_nonce"] = st.session_state.get("register_nonce", 0) + 1
    if rerun:
        st.rerun()


nonce = st.session_state.get("register_nonce", 0)
editor_key = f"register_{work.assessment_id}_{work.version.number}_{nonce}"


def grid_edits() -> list[Edit]:
    """The cells changed in the grid, as edits of this community's rows in the year shown."""
    changed = st.session_state.get(editor_key, {}).get("edited_rows", {})
    return [
        Edit(community, frame.loc[int(r), "indicator_id"], year, field, value)
        for r, cells in changed.items()
        for field, value in cells.items()
        if field in EDITABLE
    ]


def grid_changed() -> None:
    # Saved in the grid's callback, before the page is drawn again: one run of the page per edit, not two.
    save(grid_edits(), rerun=False)


st.data_editor(
    frame,
    key=editor_key,
    hide_index=True,
    width="stretch",
    height=min(38 * (len(frame) + 1) + 3, 560),
    on_change=grid_changed,
    disabled=True if work.ws.read_only else ["indicator_id", "indicator", "value", "quality"],
    column_config={
        "indicator_id": st.column_config.TextColumn(
            t("col.id", lang), width=view.REGISTER_WIDTHS["indicator_id"], pinned=True
        ),
        "indicator": st.column_config.TextColumn(t("col.indicator", lang), width=view.REGISTER_WIDTHS["indicator"]),
        "value": st.column_config.TextColumn(t("col.value", lang), width=view.REGISTER_WIDTHS["value"]),
        "quality": st.column_config.TextColumn(t("quality.col", lang), width="small"),
        "evidence_status": st.column_config.SelectboxColumn(
            t("col.status", lang),
            width=view.REGISTER_WIDTHS["evidence_status"],
            options=list(EVIDENCE_STATUSES),
            format_func=lambda s: view.status_name(s, lang),
            required=True,
        ),
        "evidence": st.column_config.TextColumn(t("col.evidence", lang), width=view.REGISTER_WIDTHS["evidence"]),
        "source_url": st.column_config.TextColumn(t("col.source_url", lang), width=view.REGISTER_WIDTHS["source_url"]),
        "owner": st.column_config.TextColumn(t("col.owner", lang), width=view.REGISTER_WIDTHS["owner"]),
    },
)
if pending := grid_edits():  # edits that reached the grid's state without its callback (set by a script)
    save(pending)

st.subheader(t("register.form", lang))
ids = frame["indicator_id"].tolist()
if ids:
    picked = st.selectbox(
        t("register.pick", lang), ids, format_func=lambda i: f"{i} · {fw.by_id[i].name(lang)}", key="register_pick"
    )
    current = frame.set_index("indicator_id").loc[picked]
    suffix = f"{picked}_{work.version.number}_{nonce}"
    #: the form's widget of each field (their keys carry the indicator and the version shown)
    form_keys = {f: f"f_{k}_{suffix}" for f, k in zip(EDITABLE, ("status", "evidence", "link", "owner"), strict=True)}

    def form_submitted() -> None:
        # Saved in the button's callback, before the page is drawn again: one run of the page per save, not two.
        wanted = {f: str(st.session_state.get(key) or "") for f, key in form_keys.items()}
        edits = [
            Edit(community, picked, year, f, v)
            for f, v in wanted.items()
            if (v.strip() or None) != (current[f] or None)
        ]
        if edits:
            save(edits, rerun=False)
        else:
            st.session_state["register_nothing"] = True

    with st.form(f"edit_form_{suffix}", border=True):
        st.caption(f"{t('col.guidance', lang)}: {fw.by_id[picked].evidence(lang)}")
        st.selectbox(
            t("col.status", lang),
            list(EVIDENCE_STATUSES),
            index=list(EVIDENCE_STATUSES).index(current["evidence_status"])
            if current["evidence_status"] in EVIDENCE_STATUSES
            else 2,
            format_func=lambda s: view.status_name(s, lang),
            key=form_keys["evidence_status"],
        )
        st.text_area(t("col.evidence", lang), current["evidence"] or "", key=form_keys["evidence"], height=90)
        c1, c2 = st.columns(2)
        c1.text_input(t("col.source_url", lang), current["source_url"] or "", key=form_keys["source_url"])
        c2.text_input(t("col.owner", lang), current["owner"] or "", key=form_keys["owner"])
        st.form_submit_button(
            t("register.save", lang), type="primary", disabled=work.ws.read_only, on_click=form_submitted
        )
        if st.session_state.pop("register_nothing", False):
            st.info(t("register.nothing", lang))

# ------------------------------------------------------------------ reviewers' questions
st.subheader(t("questions.title", lang))
st.caption(t("questions.intro", lang))
asked = state.questions(work, community)
if ids:
    with st.form(f"ask_{work.assessment_id}_{nonce}", border=True, clear_on_submit=True):
        about = st.selectbox(
            t("questions.about", lang), ids, format_func=lambda i: f"{i} · {fw.by_id[i].name(lang)}", key="ask_about"
        )
        question = st.text_area(t("questions.question", lang), key="ask_text", height=80)
        if st.form_submit_button(t("questions.ask", lang), disabled=work.ws.read_only):
            if question.strip():
                work.ws.ask(work.assessment_id, community, about, year, question.strip(), state.who())
                state.flash(t("questions.asked", lang))
                st.rerun()
            st.warning(t("questions.empty", lang))
if asked.empty:
    st.caption(t("questions.none", lang))
else:
    view.table(
        pd.DataFrame(
            {
                t("questions.col_status", lang): [
                    t("questions.open" if pd.isna(a) else "questions.answered", lang) for a in asked["answer"]
                ],
                t("col.id", lang): asked["indicator_id"].tolist(),
                t("questions.question", lang): asked["question"].tolist(),
                t("questions.col_asked_by", lang): [view.person(w, lang) for w in asked["asked_by"]],
                t("questions.col_asked_at", lang): [view.when(x) for x in asked["asked_at"]],
                t("questions.answer", lang): [text(a) or "" for a in asked["answer"]],
                t("questions.col_answered_by", lang): [
                    view.person(w, lang) if text(w) else "" for w in asked["answered_by"]
                ],
                t("questions.col_answered_at", lang): [view.when(x) for x in asked["answered_at"]],
            }
        ),
        key="questions_table",
    )
    still_open = asked[asked["answer"].isna()]
    if len(still_open):
        with st.form(f"answer_{work.assessment_id}_{nonce}", border=True, clear_on_submit=True):
            texts_of = dict(zip(still_open["id"], still_open["question"], strict=True))
            about_of = dict(zip(still_open["id"], still_open["indicator_id"], strict=True))
            pick = st.selectbox(
                t("questions.pick_open", lang),
                list(texts_of),
                format_func=lambda q: f"{about_of[q]} · {texts_of[q][:90]}",
                key="answer_pick",
            )
            reply = st.text_area(t("questions.answer", lang), key="answer_text", height=80)
            if st.form_submit_button(t("questions.reply", lang), disabled=work.ws.read_only):
                if reply.strip():
                    work.ws.answer(int(pick), reply.strip(), state.who())
                    state.flash(t("questions.answered_flash", lang))
                    st.rerun()
                st.warning(t("questions.empty", lang))

log = work.ws.edits(work.assessment_id)
log = log[log["community"] == community]
# Folded: the history is there when wanted, and the page draws faster for everyone when it is not.
with st.expander(f"{t('register.log', lang)} ({number(len(log), lang, 0)})"):
    view.table(
        pd.DataFrame(
            {
                t("col.when", lang): [view.when(x) for x in log["at"]],
                t("col.who", lang): [view.person(w, lang) for w in log["who"]],
                t("col.version", lang): log["version"].tolist(),
                t("col.id", lang): log["indicator_id"].tolist(),
                t("col.year", lang): log["year"].astype(str).tolist(),
                t("col.field", lang): [
                    t(f"col.{'status' if f == 'evidence_status' else f}", lang) for f in log["field"]
                ],
                t("col.old", lang): log["old"].tolist(),
                t("col.new", lang): log["new"].tolist(),
            }
        ),
        key="edit_log",
    )
