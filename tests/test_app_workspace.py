"""Where the app keeps its workspace: a folder works, and a place it cannot use is one sentence, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessor.i18n import t
from assessor.store import WORKSPACE_FILE, Workspace, WorkspaceError
from assessor.ui.state import workspace_problem

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")


def run(lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    return at.run()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_foreign_file_is_one_sentence_and_left_untouched(tmp_path, monkeypatch, lang):
    notes = tmp_path / "notes.txt"
    notes.write_text("Kế hoạch chuyển đổi số 2025 — bản nháp\n", encoding="utf-8")
    before = notes.read_bytes()
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(notes))
    at = run(lang)
    assert not at.exception, [e.message for e in at.exception]
    expected = workspace_problem(WorkspaceError("foreign", notes), lang)
    assert [e.value for e in at.error] == [expected]
    assert t("workspace_error.foreign", lang, path="", detail="").split(":")[0] in expected
    assert not at.title and not at.sidebar.radio  # the run stopped before any page
    assert notes.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_an_existing_folder_holds_the_workspace(tmp_path, monkeypatch):
    """ASSESSOR_WORKSPACE naming a folder once showed sqlite3.OperationalError in the browser."""
    folder = tmp_path / "smart21"
    folder.mkdir()
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(folder))
    at = run("vi")
    assert not at.exception, [e.message for e in at.exception]
    assert not at.error or all("ASSESSOR_WORKSPACE" not in e.value for e in at.error)
    assert at.title and at.sidebar.radio[0].value == "vi"
    assert Workspace(folder).assessments()["name"].tolist() == [t("app.illustrative_name", "en")]
    assert (folder / WORKSPACE_FILE).is_file()


def test_a_read_only_workspace_is_shown_with_a_banner_and_nothing_can_be_saved(tmp_path, monkeypatch):
    import os

    path = tmp_path / "archive.sqlite3"
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(path))
    run("vi")  # first start: the illustrative assessment, by the system
    for extra in tmp_path.glob("archive.sqlite3-*"):
        extra.unlink()
    before = path.read_bytes()
    real = os.access
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: False if mode & os.W_OK and Path(p) in (path, tmp_path) else real(p, mode, **kw),
    )

    import streamlit as st

    st.cache_resource.clear()  # a server started on a read-only workspace
    at = run("vi")
    assert not at.exception, [e.message for e in at.exception]
    assert t("workspace.read_only", "vi") in [w.value for w in at.warning]
    assert at.get("plotly_chart")  # the assessment is there to look at
    at.switch_page("assessor/ui/pages/register.py").run()
    assert not at.exception, [e.message for e in at.exception]
    assert t("workspace.read_only", "vi") in [w.value for w in at.warning]
    assert all(b.disabled for b in at.get("button") if b.label == t("register.save", "vi"))
    at.switch_page("assessor/ui/pages/workspace.py").run()
    assert not at.exception, [e.message for e in at.exception]
    at.sidebar.radio[0].set_value("en").run()  # changing the language writes nothing
    assert not at.exception, [e.message for e in at.exception]
    assert path.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["archive.sqlite3"]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_what_the_tool_did_by_itself_reads_in_the_chosen_language(tmp_path, monkeypatch, lang):
    """The first assessment's note and author were once stored in English and shown as such in Vietnamese."""
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "ws.sqlite3"))
    run("en")  # made in English ...
    at = run(lang)  # ... read in either language
    at.switch_page("assessor/ui/pages/workspace.py").run()
    assert not at.exception, [e.message for e in at.exception]
    shown = "\n".join(str(df.value.to_dict()) for df in at.dataframe)
    assert t("app.illustrative_note", lang) in shown and t("app.system_author", lang) in shown
    assert "smart21-assessor" not in shown
    other = "en" if lang == "vi" else "vi"
    assert t("app.illustrative_note", other) not in shown


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_unexpected_error_is_one_sentence_and_logged_never_code(tmp_path, monkeypatch, caplog, lang):
    from assessor.assess import Assessment

    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "ws.sqlite3"))

    def broken(self):
        raise RuntimeError("a defect nobody foresaw")

    monkeypatch.setattr(Assessment, "priorities", property(broken))  # the Overview's table needs it
    import streamlit as st

    st.cache_resource.clear()
    at = run(lang)
    assert not at.exception  # no exception box, no code
    assert [e.value for e in at.error] == [t("app.unexpected", lang)]
    assert at.sidebar.radio  # the rest of the app is still there
    assert "a defect nobody foresaw" in caplog.text  # the details are in the server's log


def _place(tmp_path: Path, kind: str) -> Path:
    """Places an office's ASSESSOR_WORKSPACE could name by mistake, each made as it is found in practice."""
    import os
    import sqlite3
    from contextlib import closing

    if kind == "random bytes":
        (tmp_path / "ws.sqlite3").write_bytes(os.urandom(4096))
        return tmp_path / "ws.sqlite3"
    if kind == "other schema":
        with closing(sqlite3.connect(tmp_path / "ws.sqlite3")) as db:
            db.executescript("CREATE TABLE uploads (x); CREATE TABLE settings (y);")
        return tmp_path / "ws.sqlite3"
    if kind == "inside a file":
        (tmp_path / "notes.txt").write_text("x")
        return tmp_path / "notes.txt" / "ws.sqlite3"
    if kind == "missing folders":
        return tmp_path / "no" / "such" / "place" / "ws.sqlite3"
    if kind == "a device":
        return Path("/dev/null")
    if kind == "an unknown home":  # "~user/…" of a user this machine does not know
        return Path("~no-such-person-here/ws.sqlite3")
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["random bytes", "other schema", "inside a file", "missing folders", "a device", "an unknown home"]
)
def test_every_workspace_place_problem_is_one_sentence(tmp_path, monkeypatch, kind):
    place = _place(tmp_path, kind)
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(place))
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    at = run("vi")
    assert not at.exception, [e.message for e in at.exception]
    assert len(at.error) == 1 and at.error[0].value.startswith("Không mở được kho dữ liệu")
    assert not at.title  # the run stopped at the sentence
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before  # nothing written


def test_one_assessment_per_version_is_shared_by_every_session(tmp_path, monkeypatch):
    """Ten people looking at the same version cost one assessment, not ten; a new version costs one more."""
    import streamlit as st

    from assessor.ui import state

    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "ws.sqlite3"))
    made: list[int] = []
    real = state.assess
    monkeypatch.setattr(state, "assess", lambda *a, **k: made.append(1) or real(*a, **k))
    st.cache_resource.clear()
    sessions = [run("en") for _ in range(5)]
    for at in sessions:
        at.switch_page("assessor/ui/pages/register.py").run()
        assert not at.exception
    assert len(made) == 1
    first = sessions[0]
    first.session_state["register_1_1_0"] = {
        "edited_rows": {0: {"owner": "Sở KH&CN"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    first.run()
    assert t("common.saved", "en", version=2) in [s.value for s in first.success]
    for at in sessions[1:]:
        at.run().button(key="reload_newer").click().run()  # "a newer version exists": they reload
        assert not at.exception and at.sidebar.caption[0].value.endswith("· version 2")
    assert len(made) == 2  # version 2 assessed once, for the saver and the four who reloaded


def test_a_new_browser_opens_the_assessment_saved_last_not_the_one_a_colleague_looked_at(tmp_path, monkeypatch):
    """Which assessment a browser shows is that browser's (in its address); a new browser opens the one saved to
    most recently. The workspace once remembered the last one anybody opened, for everybody."""
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "ws.sqlite3"))
    first = run("en")  # the illustrative assessment, made on first start
    ws = Workspace(tmp_path / "ws.sqlite3")
    sample = int(ws.assessments()["id"].iloc[0])
    trial = ws.create_assessment("Thử nghiệm", ws.version(sample).state, "Lan").assessment_id
    ws.set_setting("open_assessment", str(sample))  # what an earlier version kept when someone opened the sample
    assert run("en").query_params["a"] == str(trial)
    colleague = AppTest.from_file(APP, default_timeout=60)
    colleague.query_params["a"] = str(sample)
    assert colleague.run().query_params["a"] == str(sample)
    assert first.run().query_params["a"] == str(sample)  # a session keeps what it shows
