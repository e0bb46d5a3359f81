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
