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
