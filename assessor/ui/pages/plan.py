"""Plan: the what-if of the chosen actions, the shortest path to a level, a score or within a budget, overdue
actions and what no action touches. Widgets -> `assessor.roadmap` -> tables; no score is computed here."""

import datetime

import streamlit as st

from assessor.i18n import number, t
from assessor.layout import ACTION_STATUS_LABELS, label_text
from assessor.plan_report import day_text, path_sentence
from assessor.plan_tables import (
    action_table,
    domain_table,
    level_name,
    moved_table,
    overdue_table,
    untouched_icf_table,
    untouched_sentence,
)
from assessor.roadmap import next_level, roadmap
from assessor.ui import state, view

lang = state.lang()
work = state.current()
fw = state.framework()
community = state.community(work)
view.header(work, lang, "plan.title", community)
view.needs_scores(work, lang)
st.write(t("plan.intro", lang))
today = datetime.date.today()

everything = roadmap(work.assessment, community, as_of=today, find_path=False)
if everything.actions.empty:
    st.info(t("plan.no_actions", lang))
    st.stop()

# ------------------------------------------------------------------ which actions
st.subheader(t("plan.what_if", lang))
modes = ["all", "status", "until", "hand"]
c1, c2 = st.columns([1, 2])
mode = c1.radio(t("plan.choose", lang), modes, format_func=lambda m: t(f"plan.choose_{m}", lang), key="plan_mode")
choice: dict = {}
if mode == "status":
    choice["statuses"] = c2.multiselect(
        t("plan.statuses", lang),
        list(ACTION_STATUS_LABELS),
        default=["completed", "in_progress"],
        format_func=lambda s: label_text(ACTION_STATUS_LABELS, s, lang),
        key="plan_statuses",
    )
elif mode == "until":
    choice["until"] = c2.date_input(
        t("plan.until", lang), datetime.date(today.year, 12, 31), format="DD/MM/YYYY", key="plan_until"
    )
elif mode == "hand":
    titles = dict(zip(everything.actions["action_id"], everything.actions["title"], strict=True))
    choice["ids"] = c2.multiselect(
        t("plan.pick", lang),
        list(titles),
        format_func=lambda a: f"{a} · {titles[a]}",
        key="plan_ids",
        placeholder=t("plan.pick", lang),
    )
as_of = c1.date_input(t("plan.as_of", lang), today, format="DD/MM/YYYY", key="plan_as_of")

# ------------------------------------------------------------------ the aim of the shortest path
st.subheader(t("plan.path", lang))
g1, g2 = st.columns([1, 2])
goal = g1.radio(
    t("plan.goal", lang), ["level", "score", "budget"], format_func=lambda g: t(f"plan.goal_{g}", lang), key="plan_goal"
)
aim: dict = {}
if goal == "level":
    levels = [lv.id for lv in fw.levels[1:]]
    nxt = next_level(everything.what_if.today)
    level = g2.selectbox(
        t("plan.target_level", lang),
        levels,
        index=levels.index(nxt[0] if nxt else levels[-1]),
        format_func=lambda lv: level_name(everything, lv, lang),
        key="plan_level",
    )
    aim = {"target": next(lv.min for lv in fw.levels if lv.id == level), "target_level": level}
elif goal == "score":
    aim = {"target": g2.number_input(t("plan.target_score", lang), 0.0, 100.0, 75.0, 1.0, key="plan_score")}
else:
    aim = {"budget": g2.number_input(t("plan.budget", lang), 0.0, None, 10_000.0, 500.0, key="plan_budget")}
g2.caption(t("plan.path_help", lang))

r = roadmap(work.assessment, community, as_of=as_of, **choice, **aim)
overall = r.what_if.overall

# ------------------------------------------------------------------ today against the scenario
st.divider()
st.caption(t("plan.chosen_count", lang, n=len(r.what_if.chosen), total=len(r.actions)))
m1, m2, m3, m4 = st.columns(4)
m1.metric(t("plan.metric_today", lang), number(overall["evidenced_score"], lang))
m2.metric(t("plan.metric_level_today", lang), level_name(r, overall["level"], lang))
m3.metric(
    t("plan.metric_planned", lang),
    number(overall["planned_evidenced_score"], lang),
    delta=number(overall["evidenced_gain"], lang),
)
m4.metric(t("plan.metric_level_planned", lang), level_name(r, overall["planned_level"], lang))
st.markdown(f"**{t('plan.per_domain', lang)}**")
view.table(domain_table(r, lang), key="plan_domains")
if len(r.what_if.not_in_data):
    st.warning(t("plan.not_in_data", lang, ids=view.plain(", ".join(r.what_if.not_in_data["action_id"]))))
with st.expander(t("plan.moved", lang)):
    view.table(moved_table(r, lang), key="plan_moved")
st.caption(t("plan.rules", lang))

st.markdown(f"**{t('plan.path', lang)}**")
st.write(view.plain(path_sentence(r, lang)))
if r.path is not None and r.path.actions:
    view.table(action_table(r, lang, r.path.actions), key="plan_path")

# ------------------------------------------------------------------ overdue, untouched, every action
st.subheader(t("plan.overdue", lang))
if r.overdue.empty:
    st.success(t("plan.no_overdue", lang, date=day_text(as_of.isoformat(), lang)))
else:
    st.warning(t("plan.overdue_line", lang, n=len(r.overdue), date=day_text(as_of.isoformat(), lang)))
    view.table(overdue_table(r, lang), key="plan_overdue")

st.subheader(t("plan.untouched", lang))
st.write(untouched_sentence(r, lang))
st.caption(t("plan.untouched_icf_line", lang, n=len(r.untouched_icf)))
if len(r.untouched_icf):
    with st.expander(t("plan.untouched_icf_line", lang, n=len(r.untouched_icf))):
        view.table(untouched_icf_table(r, lang), key="plan_untouched")

with st.expander(t("plan.all_actions", lang)):
    view.table(action_table(r, lang), key="plan_actions")
