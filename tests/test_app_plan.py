"""The Plan page as the user sees it, in both languages (streamlit.testing AppTest)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessor.assess import assess
from assessor.framework import default_framework
from assessor.i18n import number, t
from assessor.read import read_submission
from assessor.roadmap import roadmap

from shown import shown

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data/samples/binh_duong_illustrative.xlsx"


@pytest.fixture(scope="module")
def sample():
    fw = default_framework()
    a = assess(read_submission(SAMPLE, fw), fw)
    return a, roadmap(a, a.communities[0], as_of=datetime.date.today())


def plan_page(lang: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page("assessor/ui/pages/plan.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def _all_text(at: AppTest) -> str:
    parts = [shown(e.value) for group in (at.markdown, at.caption, at.info, at.warning, at.success) for e in group]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_plan_page_shows_today_against_the_whole_plan_and_the_path(workspace, sample, lang):
    a, r = sample
    at = plan_page(lang)
    assert [shown(x.value) for x in at.title] == [t("plan.title", lang, community="Bình Dương")]
    metrics = {m.label: m.value for m in at.metric}
    text = _all_text(at)
    assert metrics[t("plan.metric_today", lang)] == number(r.what_if.overall["evidenced_score"], lang)
    assert metrics[t("plan.metric_planned", lang)] == number(r.what_if.overall["planned_evidenced_score"], lang)
    levels = {lv.id: lv.name(lang) for lv in a.framework.levels}
    assert metrics[t("plan.metric_level_today", lang)] == levels[r.what_if.overall["level"]]
    assert metrics[t("plan.metric_level_planned", lang)] == levels[r.what_if.overall["planned_level"]]
    # HD42 and HD49 are completed, but the indicator data does not show their result yet.
    assert t("plan.not_in_data", lang, ids="HD42, HD49") in text
    assert t("plan.chosen_count", lang, n=48, total=50) in text  # the whole plan: all but the two cancelled
    # The path to the next level (Leading, 75), found exactly, in the reader's language.
    assert (
        t(
            "plan.path_target",
            lang,
            target=number(75.0, lang),
            n=len(r.path.actions),
            price=t("plan.measure_cost", lang, n=number(r.path.total, lang, 0)),
            start=number(r.path.start, lang),
            reached=number(r.path.reached, lang),
            level=levels["leading"],
        ).split(":")[0]
        in text
    )
    assert t("plan.exact", lang) in text
    domains = at.dataframe[0].value
    assert list(domains.columns)[:3] == [
        t(f"plan.col_{k}", lang) for k in ("domain_name", "evidenced_today", "evidenced_planned")
    ]
    assert list(domains.iloc[:, 0]) == [d.name(lang) for d in a.framework.domains]
    assert t("plan.overdue", lang) in [shown(h.value) for h in at.subheader]


def test_choosing_actions_by_hand_and_a_budget(workspace, sample):
    a, _ = sample
    at = plan_page("en")
    at.radio(key="plan_mode").set_value("hand").run()
    at.multiselect(key="plan_ids").set_value(["HD01"]).run()
    at.radio(key="plan_goal").set_value("budget").run()
    at.number_input(key="plan_budget").set_value(1000.0).run()
    assert not at.exception
    expected = roadmap(a, a.communities[0], ids=["HD01"], budget=1000.0)
    text = _all_text(at)
    assert t("plan.chosen_count", "en", n=1, total=50) in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("plan.metric_planned", "en")] == number(expected.what_if.overall["planned_evidenced_score"], "en")
    assert "Best within a budget of 1,000:" in text


def test_everything_due_by_a_date_and_by_status_in_vietnamese(workspace, sample):
    a, _ = sample
    at = plan_page("vi")
    at.radio(key="plan_mode").set_value("until").run()
    at.date_input(key="plan_until").set_value(datetime.date(2025, 12, 31)).run()
    assert not at.exception
    due = roadmap(a, a.communities[0], until=datetime.date(2025, 12, 31))
    # The five actions completed in 2025; HD08 and HD40, due by then too, are cancelled and left out.
    assert due.what_if.chosen == ("HD23", "HD27", "HD33", "HD42", "HD43")
    text = _all_text(at)
    assert t("plan.chosen_count", "vi", n=5, total=50) in text
    metrics = {m.label: m.value for m in at.metric}
    assert metrics[t("plan.metric_planned", "vi")] == number(due.what_if.overall["planned_evidenced_score"], "vi")

    at.radio(key="plan_mode").set_value("status").run()
    at.multiselect(key="plan_statuses").set_value(["completed"]).run()
    done = roadmap(a, a.communities[0], statuses=["completed"])
    assert t("plan.chosen_count", "vi", n=len(done.what_if.chosen), total=50) in _all_text(at)
    assert {m.label: m.value for m in at.metric}[t("plan.metric_planned", "vi")] == number(
        done.what_if.overall["planned_evidenced_score"], "vi"
    )
