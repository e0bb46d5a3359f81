"""ICF's record: who has been named Smart21, Top7 and Intelligent Community of the Year; context, never a score."""

import pandas as pd
import streamlit as st

from assessor.framework import Lang
from assessor.i18n import number, t
from assessor.icf_record import by_country, by_year, community_record, list_notes, load_record
from assessor.ui import state, view

REFERENCE_USER = "Bình Dương"

lang = state.lang()
work = state.current()
community = state.community(work)
record = load_record()


def country(code: object, lang_: Lang) -> str:
    return t(f"record.country.{code}", lang_) if code else t("record.country.unknown", lang_)


def stage(key: object, lang_: Lang) -> str:
    return t(f"record.stage.{key}", lang_)


def own(name: str, title_key: str) -> None:
    """One community's selections, as a sentence of counts and a table; a sentence when it has none."""
    st.subheader(t(title_key, lang, community=view.plain(name)), anchor=False)  # no link made of a name
    mine = community_record(record, name)
    if mine.empty:
        st.info(t("record.own_none", lang, community=view.plain(name)))
        return
    counts = mine["stage"].value_counts()
    times = {s: number(int(counts.get(s, 0)), lang, 0) for s in ("smart21", "top7", "icoty")}
    st.write(t("record.own_summary", lang, **times))
    view.table(
        pd.DataFrame(
            {
                t("record.col_year", lang): [str(y) for y in mine["year"]],
                t("record.col_stage", lang): [stage(s, lang) for s in mine["stage"]],
                t("record.col_source", lang): list(mine["source"]),
            }
        ),
        key=f"own_{title_key}",
    )


st.title(t("record.title", lang))
st.write(t("record.intro", lang))
st.caption(t("record.partial_note", lang))

own(REFERENCE_USER, "record.binh_duong_title")
st.caption(t("record.binh_duong_note", lang))
if community and community_record(record, community).shape[0] and community.casefold() != REFERENCE_USER.casefold():
    own(community, "record.own_title")

st.subheader(t("record.countries_title", lang))
st.write(t("record.countries_intro", lang))
counts = by_country(record)
view.table(
    pd.DataFrame(
        {
            t("record.col_country", lang): [country(c, lang) for c in counts["country"]],
            stage("icoty", lang): [number(int(v), lang, 0) for v in counts["icoty"]],
            stage("top7", lang): [number(int(v), lang, 0) for v in counts["top7"]],
            stage("smart21", lang): [number(int(v), lang, 0) for v in counts["smart21"]],
            t("record.col_total", lang): [number(int(v), lang, 0) for v in counts["total"]],
        }
    ),
    key="record_countries",
)
st.caption(t("record.sizes", lang))

st.subheader(t("record.years_title", lang))
years = by_year(record)
view.table(
    pd.DataFrame(
        {
            t("record.col_year", lang): [str(y) for y in years["year"]],
            t("record.col_stage", lang): [stage(s, lang) for s in years["stage"]],
            t("record.col_count", lang): [number(int(n), lang, 0) for n in years["count"]],
            t("record.col_list", lang): [t(f"record.{'partial' if p else 'complete'}", lang) for p in years["partial"]],
            t("record.col_communities", lang): ["; ".join(c) for c in years["communities"]],
        }
    ),
    key="record_years",
)
notes = list_notes(record)
for n in notes.to_dict("records"):
    st.caption(f"{n['year']} · {stage(n['stage'], lang)}: {t('record.note.' + n['note'], lang)}")

with st.expander(t("record.lines_title", lang)):
    view.table(
        pd.DataFrame(
            {
                t("record.col_year", lang): [str(y) for y in record["year"]],
                t("record.col_stage", lang): [stage(s, lang) for s in record["stage"]],
                t("record.col_community", lang): list(record["community"]),
                t("record.col_country", lang): [country(c, lang) for c in record["country"]],
                t("record.col_list", lang): [t(f"record.{v}", lang) for v in record["list"]],
                t("record.col_source", lang): list(record["source"]),
            }
        ),
        key="record_lines",
    )
