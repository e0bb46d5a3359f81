"""Every page of the app in both languages, as the user sees it (streamlit.testing AppTest)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessor.assess import assess
from assessor.compare import panel_table
from assessor.framework import default_framework
from assessor.i18n import number, percent, t
from assessor.issues import localised
from assessor.merge import conflict_key
from assessor.read import read_submission
from assessor.store import Workspace

from factory import xlsx
from shown import shown

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data/samples/binh_duong_illustrative.xlsx"
PANEL = ROOT / "data/samples/panel_illustrative.xlsx"
PAGES = ["overview", "domains", "priorities", "register", "trends", "compare", "issues", "workspace", "export"]
TITLES = {p: f"{'workspace' if p == 'workspace' else p}.title" for p in PAGES}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def sample():
    fw = default_framework()
    return assess(read_submission(SAMPLE, fw), fw)


def app(lang: str = "en", page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    if page:
        at.switch_page(f"assessor/ui/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def texts(elements) -> list[str]:
    return [shown(e.value) for e in elements]


# ------------------------------------------------------------------ every page, both languages


@pytest.mark.parametrize("lang", ["en", "vi"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_with_its_title_and_the_banner(workspace, page, lang):
    at = app(lang, page)
    community = "" if page in ("issues", "workspace") else "Bình Dương"
    assert texts(at.title) == [t(TITLES[page], lang, community=community)]
    assert t("app.illustrative", lang) in texts(at.info)
    assert at.sidebar.radio[0].value == lang


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_overview_shows_the_assessment(workspace, sample, lang):
    at = app(lang)
    row = sample.overall.iloc[0]
    level = next(lv for lv in sample.framework.levels if lv.id == row["level"])
    shown = metrics(at)
    assert shown[t("overview.evidenced", lang)] == number(row["evidenced_score"], lang, 1)
    assert shown[t("overview.claimed", lang)] == number(row["score"], lang, 1)
    assert shown[t("overview.gap", lang)] == number(row["evidence_gap"], lang, 1)
    # the level whole (a metric cut "Có khả năng cạnh tranh" to "Có khả năng…"), under its label
    assert t("overview.level", lang) in [c.value for c in at.caption]
    assert level.name(lang) in [h.value for h in at.subheader]
    assert shown[t("overview.coverage", lang)] == percent(row["coverage"], lang)
    assert shown[t("overview.issues", lang)] == number(len(sample.issues), lang, 0)
    if lang == "vi":
        assert "," in shown[t("overview.evidenced", lang)]  # 60,7 — Vietnamese decimal comma
    assert len(at.get("plotly_chart")) == 1
    top = at.dataframe[0].value
    assert len(top) == 10
    assert top[t("col.id", lang)].tolist() == sample.priorities["indicator_id"].head(10).tolist()
    assert at.toggle(key="show_reference").value is True


def test_overview_radar_without_the_reference(workspace):
    at = app()
    at.toggle(key="show_reference").set_value(False).run()
    assert not at.exception and len(at.get("plotly_chart")) == 1
    assert t("overview.reference_note", "en", label="x").split(":")[0] not in " ".join(texts(at.caption))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_domains_show_every_indicator_and_narrative_limits(workspace, sample, lang):
    at = app(lang, "domains")
    fw = sample.framework
    assert [tab.label for tab in at.tabs] == [d.name(lang) for d in fw.domains]
    # the indicator tables (each domain also has its triple-helix table)
    tables = [df.value for df in at.dataframe if t("col.guidance", lang) in df.value.columns]
    assert [len(x) for x in tables] == [len(fw.in_domain(d.id)) for d in fw.domains]
    first = tables[0]
    assert first[t("col.guidance", lang)].iloc[0] == fw.indicators[0].evidence(lang)
    too_long = sample.issues[sample.issues["code"] == "narrative_too_long"]
    assert len(at.error) == len(too_long) > 0
    assert any(
        t("domains.length", lang, length="", limit="").split("/")[-1].strip() in c
        for c in texts(at.caption) + [ta.label for ta in at.text_area]
    )


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_priorities_rank_every_gap_and_filter(workspace, sample, lang):
    at = app(lang, "priorities")
    table = at.dataframe[0].value
    assert len(table) == len(sample.priorities)
    assert table[t("col.rank", lang)].tolist()[:3] == [1, 2, 3]
    at.multiselect(key="priority_domains").set_value(["inclusion"]).run()
    table = at.dataframe[0].value
    assert len(table) == int((sample.priorities["domain"] == "inclusion").sum())
    assert set(table[t("col.domain", lang)]) == {sample.framework.domain_by_id["inclusion"].name(lang)}
    at.multiselect(key="priority_helix").set_value(["academia"]).run()
    expected = sample.priorities.query("domain == 'inclusion' and helix == 'academia'")
    assert len(at.dataframe[0].value) == len(expected)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_trends_and_compare(workspace, sample, lang):
    at = app(lang, "trends")
    assert len(at.dataframe[0].value) == len(sample.history) == 3
    assert len(at.get("plotly_chart")) == 1
    at.switch_page("assessor/ui/pages/compare.py").run()
    assert len(at.dataframe[0].value) == 6
    assert t("compare.single", lang) in texts(at.info)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_data_issues_list_every_record(workspace, sample, lang):
    at = app(lang, "issues")
    table = at.dataframe[0].value
    assert len(table) == len(sample.issues)
    assert table[t("col.row", lang)].tolist() == [str(int(r)) for r in sample.issues["row"]]
    shown = localised(sample.issues, lang)
    assert table[t("col.message", lang)].tolist() == shown["message"].tolist()
    assert table[t("col.hint", lang)].tolist() == shown["hint"].tolist()
    at.multiselect(key="issue_severity").set_value(["error"]).run()
    assert len(at.dataframe[0].value) == int((sample.issues["severity"] == "error").sum())


# ------------------------------------------------------------------ edits, saved at once


def test_register_edit_is_saved_and_updates_the_scores(workspace, sample):
    at = app("en", "register")
    before = metrics(app("en"))[t("overview.evidenced", "en")]
    first = sample.indicators[sample.indicators["row"].notna()].iloc[0]
    at.session_state["register_1_1_0"] = {
        "edited_rows": {0: {"evidence_status": "none", "owner": "Sở KH&CN"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert t("common.saved", "en", version=2) in texts(at.success)
    log = Workspace(workspace).edits(1)
    assert set(zip(log["field"], log["new"], strict=True)) == {("evidence_status", "none"), ("owner", "Sở KH&CN")}
    assert log.loc[log["field"] == "evidence_status", "old"].item() == first["evidence_status"]
    assert set(log["who"]) == {"anonymous"} and set(log["indicator_id"]) == {first["indicator_id"]}
    # the edit log shows it, and the overview's evidenced score went down
    assert len(at.dataframe[-1].value) == 2
    after = metrics(app("en"))[t("overview.evidenced", "en")]
    assert float(after) < float(before)


def test_register_refuses_a_link_that_is_not_http(workspace):
    at = app("en", "register")
    at.session_state["register_1_1_0"] = {
        "edited_rows": {0: {"source_url": "javascript:alert(1)"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert t("edit_error.link", "en", value="javascript:alert(1)") in texts(at.error)
    assert Workspace(workspace).edits(1).empty and Workspace(workspace).newest(1) == 1


def test_register_form_with_the_user_name(workspace):
    at = app("vi", "register")
    at.sidebar.text_input(key="who").set_value("Nguyễn Thị Lan").run()
    form_evidence = next(ta for ta in at.text_area if ta.key.startswith("f_evidence_"))
    form_evidence.set_value("Quyết định số 123/QĐ-UBND")
    submit = next(b for b in at.get("button") if b.proto.label == t("register.save", "vi"))
    submit.click().run()
    assert t("common.saved", "vi", version=2) in texts(at.success)
    log = Workspace(workspace).edits(1)
    assert log[["who", "field", "new"]].values.tolist() == [["Nguyễn Thị Lan", "evidence", "Quyết định số 123/QĐ-UBND"]]
    # The name is this browser's (the page tells it to keep it in its own cookie), not the workspace's nor the
    # address's: a colleague does not inherit it, not even by opening a link sent to them.
    assert Workspace(workspace).setting("who") is None and "who" not in at.query_params
    script = at.sidebar.get("html")[0].proto.body
    assert "smart21_who=" in script and json.dumps("Nguyễn Thị Lan") in script and "SameSite=Strict" in script
    colleague = app("vi", "register")
    assert colleague.sidebar.text_input(key="who").value == ""


def test_the_name_comes_from_this_browsers_cookie_never_from_the_address(workspace, monkeypatch):
    import streamlit as st

    sent = {"smart21_who": "Tr%E1%BA%A7n%20V%C4%83n%20B%C3%ACnh"}  # as the browser sends it, encoded
    monkeypatch.setattr(type(st.context), "cookies", property(lambda self: sent))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["who"] = "Mallory"  # an address from an earlier version, or made up: names nobody
    at.run()
    at.switch_page("assessor/ui/pages/register.py").run()
    assert at.sidebar.text_input(key="who").value == "Trần Văn Bình" and "who" not in at.query_params
    assert not at.sidebar.get("html")  # the browser already keeps this name: nothing to tell it
    next(ta for ta in at.text_area if ta.key.startswith("f_evidence_")).set_value("Biên bản số 7")
    next(b for b in at.get("button") if b.proto.label == t("register.save", "en")).click().run()
    assert Workspace(workspace).edits(1)["who"].tolist() == ["Trần Văn Bình"]
    # A name that would end the script or open a tag reaches the browser as a JSON string with them escaped.
    at.sidebar.text_input(key="who").set_value("</script><img src=x onerror=alert(1)>").run()
    script = at.sidebar.get("html")[0].proto.body
    assert script.count("<") == 2 and "\\u003c/script\\u003e\\u003cimg" in script


def test_register_form_unchanged_saves_nothing_and_says_so(workspace):
    at = app("en", "register")
    submit = next(b for b in at.get("button") if b.proto.label == t("register.save", "en"))
    submit.click().run()
    assert t("register.nothing", "en") in texts(at.info)
    assert Workspace(workspace).newest(1) == 1 and Workspace(workspace).edits(1).empty
    # The form then shows the same version, ready for the next change.
    at.run()
    assert t("register.nothing", "en") not in texts(at.info)


def test_two_sessions_never_overwrite_each_other(workspace):
    first, second = app("en", "register"), app("en", "register")
    second.session_state["register_1_1_0"] = {"edited_rows": {0: {"owner": "B"}}, "added_rows": [], "deleted_rows": []}
    second.run()
    assert Workspace(workspace).newest(1) == 2
    first.session_state["register_1_1_0"] = {"edited_rows": {0: {"owner": "A"}}, "added_rows": [], "deleted_rows": []}
    first.run()
    stale = t("common.stale", "en", who="anonymous", newest=2, version=1)
    assert stale in texts(first.error)
    clash = next(c for c in texts(first.caption) if c.startswith("Bình Dương · "))
    assert clash.endswith(": saved by them “B”, yours “A”.")  # both values shown
    assert Workspace(workspace).newest(1) == 2 and Workspace(workspace).version(1).state.overrides
    assert next(iter(Workspace(workspace).version(1).state.overrides.values())) == "B"
    first.button(key="reload_stale").click().run()
    assert stale not in texts(first.error)
    assert shown(first.sidebar.caption[0].value) == t(
        "side.assessment", "en", name=t("app.illustrative_name", "en"), version=2
    )


def test_a_clash_names_the_cell_and_both_values_in_the_readers_language(workspace, sample):
    from assessor.ui.view import status_name

    now = sample.indicators[sample.indicators["row"].notna()].iloc[0]["evidence_status"]
    theirs, mine = [s for s in ("none", "documented", "self-reported") if s != now][:2]
    first, second = app("vi", "register"), app("vi", "register")
    grid = {"added_rows": [], "deleted_rows": []}
    second.session_state["register_1_1_0"] = {"edited_rows": {0: {"evidence_status": theirs}}, **grid}
    second.run()
    first.session_state["register_1_1_0"] = {"edited_rows": {0: {"evidence_status": mine}}, **grid}
    first.run()
    clash = next(c for c in texts(first.caption) if c.startswith("Bình Dương · "))
    said = f"giá trị đã lưu “{status_name(theirs, 'vi')}”, giá trị của bạn “{status_name(mine, 'vi')}”."
    assert clash.endswith(f" · {t('col.status', 'vi')}: {said}")  # as the page heads and names them, not as stored


def test_language_belongs_to_the_browser_and_the_office_sets_the_default(workspace, monkeypatch):
    at = app("en")
    at.sidebar.radio[0].set_value("vi").run()
    assert texts(at.title) == [t("overview.title", "vi", community="Bình Dương")]
    assert at.query_params["lang"] == "vi"  # a refresh or a bookmark keeps it
    # A colleague's new browser session (no ?lang=) gets the office's default, not the last person's choice.
    colleague = AppTest.from_file(APP, default_timeout=60).run()
    assert texts(colleague.title) == [t("overview.title", "en", community="Bình Dương")]
    assert Workspace(workspace).setting("lang") is None
    monkeypatch.setenv("ASSESSOR_LANG", "vi")
    office = AppTest.from_file(APP, default_timeout=60).run()
    assert texts(office.title) == [t("overview.title", "vi", community="Bình Dương")]


# ------------------------------------------------------------------ uploads, merge, conflicts, versions


HEAD = ["Indicator ID", "Year", "Value", "Evidence status"]


def book(community: str, rows) -> bytes:
    return xlsx({"Profile": [["Community", "Assessment year"], [community, 2025]], "Indicators": [HEAD, *rows]})


def test_upload_merge_and_conflict_flow(workspace):
    it = book("Thủ Dầu Một", [["CON01", 2025, 80, "verified"], ["CON02", 2025, 50, "verified"]])
    stats = book("Thủ Dầu Một", [["CON01", 2025, 72, "documented"], ["CON02", 2025, 50, "verified"]])
    at = app("en", "workspace")
    at.file_uploader[0].set_value([("it.xlsx", it, XLSX), ("stats.xlsx", stats, XLSX)]).run()
    assert not at.exception
    assert len(at.success) == 2 and all("Thủ Dầu Một" in s for s in texts(at.success))
    at.button(key="start_new").click().run()
    assert not at.exception
    assert t("common.open_conflicts", "en", n=1) in texts(at.warning)
    assert t("workspace.duplicates", "en", n=1) in texts(at.caption)
    assert t("app.illustrative", "en") not in texts(at.info)  # the sample is no longer shown
    radio = at.radio(key=f"conflict_{conflict_key('Thủ Dầu Một', 'CON01', 2025)}_1")
    assert radio.value is None  # never resolved silently
    options = [shown(o) for o in radio.options]
    assert options == ["it.xlsx: 80 (sheet Indicators, row 2)", "stats.xlsx: 72 (sheet Indicators, row 2)"]
    radio.set_value(hashlib.sha256(stats).hexdigest())
    next(b for b in at.get("button") if b.proto.label == t("workspace.save_choices", "en")).click().run()
    assert not at.exception
    assert t("common.open_conflicts", "en", n=1) not in texts(at.warning)
    at.switch_page("assessor/ui/pages/domains.py").run()
    connectivity = at.dataframe[0].value
    assert connectivity.loc[connectivity[t("col.id", "en")] == "CON01", t("col.value", "en")].item().startswith("72%")
    versions = Workspace(workspace).versions(2)
    assert versions["number"].tolist() == [2, 1]


def test_an_unreadable_upload_says_why_and_nothing_breaks(workspace):
    at = app("vi", "workspace")
    at.file_uploader[0].set_value(("notes.xlsx", b"this is not a spreadsheet", XLSX)).run()
    assert not at.exception
    assert len(at.error) == 1 and "notes.xlsx" in texts(at.error)[0]
    assert not [b for b in at.get("button") if b.proto.label == t("workspace.start_new", "vi")]


def test_a_panel_upload_compares_communities_and_opens_from_the_workspace(workspace):
    at = app("en", "workspace")
    at.file_uploader[0].set_value(("panel.xlsx", PANEL.read_bytes(), XLSX)).run()
    at.button(key="start_new").click().run()
    at.switch_page("assessor/ui/pages/compare.py").run()
    fw = default_framework()
    panel = assess(read_submission(PANEL, fw), fw)
    assert len(at.dataframe[1].value) == len(panel.communities) >= 12
    assert len(at.sidebar.selectbox(key="community").options) == len(panel.communities)
    assert t("app.illustrative", "en") in texts(at.info)  # the shipped panel is illustrative too
    rank = int(panel_table(panel).set_index("community").loc["Bình Dương", "rank"])
    assert metrics(at)[t("col.rank", "en")] == t("compare.rank", "en", rank=rank, n=len(panel.communities))
    at.sidebar.selectbox(key="community").set_value("Community A (illustrative)").run()
    assert texts(at.title) == [t("compare.title", "en", community="Community A (illustrative)")]
    # the first assessment can be opened again
    at.switch_page("assessor/ui/pages/workspace.py").run()
    at.selectbox(key="open_pick").set_value(1).run()
    at.button(key="open_button").click().run()
    name = t("app.illustrative_name", "en")
    assert shown(at.sidebar.caption[0].value) == t("side.assessment", "en", name=name, version=1)


def test_going_back_to_an_earlier_version(workspace):
    at = app("en", "register")
    at.session_state["register_1_1_0"] = {"edited_rows": {0: {"owner": "X"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    at.switch_page("assessor/ui/pages/workspace.py").run()
    assert len(at.dataframe[-1].value) == 2
    at.selectbox(key="restore_pick").set_value(1)
    at.button(key="restore_button").click().run()
    assert t("workspace.restored", "en", old=1, version=3) in texts(at.success)
    ws = Workspace(workspace)
    assert ws.version(1, 3).state == ws.version(1, 1).state and len(ws.edits(1)) == 1


def test_export_page_prepares_on_request(workspace):
    at = app("vi", "export")
    assert len(at.get("download_button")) == 0  # nothing is built until asked
    at.button(key="prepare_evidence").click().run()
    assert not at.exception and not at.error and not at.warning
    assert len(at.get("download_button")) == 1
    at.button(key="prepare_deck").click().run()
    assert not at.exception and not at.error
    assert len(at.get("download_button")) == 2  # the workbook prepared earlier stays ready


def test_adding_a_department_file_to_the_current_assessment(workspace, sample):
    value = sample.indicators.query("indicator_id == 'CON01'")["value"].item()
    other = book("Bình Dương", [["CON01", 2025, value + 1, "verified"]])
    at = app("en", "workspace")
    at.file_uploader[0].set_value(("so_tttt.xlsx", other, XLSX)).run()
    at.button(key="add_files").click().run()
    assert not at.exception
    assert t("workspace.added", "en", n=1, version=2) in texts(at.success)
    assert t("common.open_conflicts", "en", n=1) in texts(at.warning)
    ws = Workspace(workspace)
    assert len(ws.version(1).state.uploads) == 2 and ws.versions(1)["who"].tolist() == ["anonymous", "smart21-assessor"]
    assert len(at.dataframe[0].value) == 2  # both files listed


# ------------------------------------------------------------------ a file where nothing can be scored


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_file_with_nothing_scorable_is_said_on_every_page(workspace, lang):
    from assessor.store import WorkState

    ws = Workspace(workspace)
    data = xlsx({"Indicators": [["Indicator ID", "Year", "Value"], ["ZZZ01", 2024, 5], ["XYZ99", 2024, 7]]})
    version = ws.create_assessment("only unknown ids", WorkState((ws.add_upload(data, "lost.xlsx", "test"),)), "test")
    for page in PAGES:
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params["lang"] = lang
        at.query_params["a"] = str(version.assessment_id)
        at.run()
        at.switch_page(f"assessor/ui/pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        if page not in ("issues", "workspace"):
            assert t("app.nothing_scored", lang) in texts(at.warning), page
    issues = at.switch_page("assessor/ui/pages/issues.py").run().dataframe[0].value
    assert len(issues) >= 2  # both unknown ids are listed, though no community could be scored


# ------------------------------------------------------------------ people's text is text


HOSTILE = "![x](http://evil.example/x.png) [y](javascript:alert(1)) <img src=x onerror=alert(1)> :red[z] $x$"
HOSTILE += " &lt;b&gt; ="  # an entity would be shown as the character it names; a line of = makes a heading


def test_peoples_text_is_shown_as_typed_never_as_markdown(workspace):
    from assessor.store import WorkState

    ws = Workspace(workspace)
    data = xlsx({"Indicators": [["Community", "Indicator ID", "Year", "Value"], [HOSTILE, "CON01", 2024, 80]]})
    version = ws.create_assessment(HOSTILE, WorkState((ws.add_upload(data, f"{HOSTILE}.xlsx", "test"),)), "test")
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = str(version.assessment_id)
    at.run()
    assert not at.exception
    from assessor.ui.view import plain

    markdown = [at.title[0].value, at.caption[0].value, at.sidebar.caption[0].value]
    for source in markdown:
        assert plain(HOSTILE) in source  # every character Markdown would act on is escaped
    assert "\\&lt;b\\&gt;" in plain(HOSTILE) and plain(HOSTILE).endswith("\\=")
    assert texts(at.title) == [t("overview.title", "en", community=HOSTILE)]  # and it reads as typed
    assert HOSTILE in shown(at.sidebar.caption[0].value)


@pytest.mark.parametrize("a", ["abc", "-1", "999", "1.5", ""])
def test_odd_addresses_open_the_workspace_as_usual(workspace, a):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = a
    at.run()
    assert not at.exception and texts(at.title) == [t("overview.title", "en", community="Bình Dương")]


def test_two_people_editing_different_rows_do_not_block_each_other(workspace):
    first, second = app("en", "register"), app("en", "register")
    second.session_state["register_1_1_0"] = {"edited_rows": {0: {"owner": "B"}}, "added_rows": [], "deleted_rows": []}
    second.run()
    first.session_state["register_1_1_0"] = {"edited_rows": {1: {"owner": "A"}}, "added_rows": [], "deleted_rows": []}
    first.run()
    assert not first.error and t("common.saved", "en", version=3) in texts(first.success)
    overrides = Workspace(workspace).version(1).state.overrides
    assert sorted(overrides.values()) == ["A", "B"]  # both edits are in the newest version


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_overview_says_how_sure_the_verdict_is(workspace, sample, lang):
    import json

    from assessor.robustness import robustness

    at = app(lang)
    mc = robustness(sample)
    community = sample.communities[0]
    level = next(lv for lv in sample.framework.levels if lv.id == sample.overall["level"].iloc[0]).name(lang)
    sentence = mc.sentence(community, lang)
    shown_text = " ".join(texts(at.markdown))
    assert sentence in shown_text
    draws = "1,000" if lang == "en" else "1.000"
    share = percent(mc.level_share(community), lang)
    assert level in sentence and share in sentence and draws in sentence
    if lang == "vi":
        assert "phương án tính điểm" in sentence and "%" in share and " %" not in share
    else:
        assert sentence.endswith("variations of the method.")
    band = at.dataframe[1].value  # after the top gaps
    assert band.iloc[:, 0].tolist() == [d.name(lang) for d in sample.framework.domains] + [
        t("robustness.community_row", lang)
    ]
    row = mc.domains.iloc[0]
    assert band.iloc[0, 2] == f"{number(row['evidenced_p05'], lang)}–{number(row['evidenced_p95'], lang)}"
    radar = json.loads(at.get("plotly_chart")[0].proto.spec)
    band_trace = next(tr for tr in radar["data"] if tr.get("name") == t("robustness.chart_band", lang, draws=draws))
    assert band_trace["r"][0] == round(row["evidenced_p95"], 1)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_domains_show_each_indicators_effective_weight(workspace, sample, lang):
    from assessor.effective_weights import effective_weights

    at = app(lang, "domains")
    fw = sample.framework
    ew = effective_weights(sample).set_index("indicator_id")["effective_weight"]
    first = at.dataframe[0].value
    column = first[t("col.effective_weight", lang)].tolist()
    assert column == [percent(ew[i.id], lang, 1) for i in fw.in_domain(fw.domains[0].id)]
    # the sample has every indicator: each carries its weight over its domain's total, over six domains
    domain_total = sum(i.weight for i in fw.in_domain(fw.domains[0].id))
    assert column[1] == percent(fw.indicators[1].weight / domain_total / len(fw.domains), lang, 1)
    assert t("robustness.weights_help", lang) in texts(at.caption)


LINKED = '<a href="https://phish.example/login">Official portal</a> <b>bold</b>'


def test_peoples_text_stays_text_on_every_page_and_in_every_chart(workspace):
    """Markdown-reading elements get it escaped; plotly (which reads <a href>, <b> in labels) gets it as entities."""
    import json
    import re

    from assessor.store import WorkState

    ws = Workspace(workspace)
    rows = [["Community", "Indicator ID", "Year", "Value", "Evidence", "Owner"]]
    for name in (HOSTILE, LINKED):
        rows += [[name, "CON01", 2024, 80, HOSTILE, LINKED], [name, "CON02", 2024, 60, LINKED, HOSTILE]]
    actions = [["Community", "Action ID", "Title", "Programme", "Indicator ID", "Expected value", "Due", "Owner"]]
    actions += [[name, f"{name} #1", HOSTILE, LINKED, "CON02", 90, "2020-01-31", LINKED] for name in (HOSTILE, LINKED)]
    data = xlsx({"Indicators": rows, "Actions": actions})
    version = ws.create_assessment(LINKED, WorkState((ws.add_upload(data, f"{LINKED}.xlsx", "test"),)), HOSTILE)
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["a"] = str(version.assessment_id)
    at.run()
    for page in [*PAGES, "plan", "record"]:
        at.switch_page(f"assessor/ui/pages/{page}.py").run()
        assert not at.exception, (page, [e.message for e in at.exception])
        markdown = [
            e.value
            for kind in ("title", "subheader", "caption", "markdown", "info", "warning", "error", "success")
            for e in getattr(at, kind)
        ] + [e.value for e in at.sidebar.caption]
        for text in markdown:
            assert "](http" not in text and "](javascript" not in text, (page, text)
            assert not re.search(r"(?<!\\)<(img|a |b>)", text), (page, text)  # only as \<img: shown, not read
        if page == "plan":  # the actions are there, titles and all, as text in the tables
            assert any(HOSTILE in df.value.values.tolist().__str__() for df in at.dataframe)
        for chart in at.get("plotly_chart"):
            spec = json.dumps(json.loads(chart.proto.spec))
            assert "<a " not in spec and "<img" not in spec and "<b>bold" not in spec, page


def test_ten_sessions_saving_thirty_edits_to_different_rows_are_never_refused(workspace):
    """Point by point as people do it: ten sessions open the register at version 1, then in turn each saves an
    edit to a row of its own, three times, each from the version it last saw; every save merges, none is refused."""
    sessions = [app("en", "register") for _ in range(10)]
    for k in range(3):
        for n, at in enumerate(sessions):
            nonce = at.session_state.get("register_nonce", 0)
            grid = f"register_1_{at.session_state['base_version']}_{nonce}"  # the grid of the version it shows
            edit = {n + 10 * k: {"owner": f"P{n}-{k}"}}
            at.session_state[grid] = {"edited_rows": edit, "added_rows": [], "deleted_rows": []}
            at.run()
            assert not at.error and not at.exception, (n, k, texts(at.error))
    newest = Workspace(workspace).version(1)
    assert newest.number == 31 and sorted(newest.state.overrides.values()) == sorted(
        f"P{n}-{k}" for n in range(10) for k in range(3)
    )
