"""The reviewers' question log: a question on a value is raised and answered in the app, kept with who and when,
counted on the Overview while open, and carried in the evidence workbook."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import quote

import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from assessor.i18n import moment, t
from assessor.store import Workspace

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
QUESTION = "Số liệu 52 Mbps đo bằng công cụ nào, kỳ nào? <b>kiểm tra</b>"
ANSWER = "Đo bằng ứng dụng i-Speed của VNNIC, quý IV/2025."


def app(lang: str, page: str, who: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app as `who` opens it: their name comes from their own browser's cookie."""
    import streamlit as st

    sent = {"smart21_who": quote(who)}  # as the browser sends it, encoded
    monkeypatch.setattr(type(st.context), "cookies", property(lambda self: sent))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"assessor/ui/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    return at


def open_count(at: AppTest, lang: str) -> str:
    return {m.label: m.value for m in at.metric}[t("questions.open_metric", lang)]


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_a_question_is_raised_answered_counted_and_exported(tmp_path, monkeypatch, lang):
    path = tmp_path / "ws.sqlite3"
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(path))
    reviewer = app(lang, "register", "Thẩm định viên Hoa", monkeypatch)
    assert t("questions.none", lang) in [c.value for c in reviewer.caption]
    reviewer.selectbox(key="ask_about").set_value("CON03")
    reviewer.text_area(key="ask_text").input(QUESTION)
    reviewer.button[[b.label for b in reviewer.button].index(t("questions.ask", lang))].click().run()
    assert not reviewer.exception and t("questions.asked", lang) in [s.value for s in reviewer.success]

    overview = app(lang, "overview", "Lãnh đạo", monkeypatch)
    assert open_count(overview, lang) == "1"

    owner = app(lang, "register", "Minh (Sở KH&CN)", monkeypatch)
    table = next(d.value for d in owner.dataframe if t("questions.question", lang) in d.value.columns)
    assert table.iloc[0].tolist()[:4] == [t("questions.open", lang), "CON03", QUESTION, "Thẩm định viên Hoa"]
    owner.text_area(key="answer_text").input(ANSWER)
    owner.button[[b.label for b in owner.button].index(t("questions.reply", lang))].click().run()
    assert not owner.exception and t("questions.answered_flash", lang) in [s.value for s in owner.success]

    assert open_count(app(lang, "overview", "Lãnh đạo", monkeypatch), lang) == "0"
    ws = Workspace(path)
    aid = int(ws.assessments()["id"].iloc[0])
    got = ws.questions(aid).iloc[0]
    assert (got["question"], got["asked_by"], got["answer"], got["answered_by"]) == (
        QUESTION,
        "Thẩm định viên Hoa",
        ANSWER,
        "Minh (Sở KH&CN)",
    )

    export = app(lang, "export", "Lãnh đạo", monkeypatch)
    export.button(key="prepare_evidence").click().run()
    data = export.session_state["export_evidence"][1]
    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[t("questions.sheet", lang)]
    row = [c.value for c in sheet[3]]
    assert row[:5] == [t("questions.answered", lang), "CON03", row[2], QUESTION, "Thẩm định viên Hoa"]
    assert row[6:8] == [ANSWER, "Minh (Sở KH&CN)"]
    assert row[8] == moment(got["answered_at"], lang)  # in Vietnam's time, 30/11/2026 13:45 in Vietnamese


def test_an_empty_question_is_not_recorded(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "ws.sqlite3"))
    at = app("vi", "register", "Hoa", monkeypatch)
    at.text_area(key="ask_text").input("   ")
    at.button[[b.label for b in at.button].index(t("questions.ask", "vi"))].click().run()
    assert t("questions.empty", "vi") in [w.value for w in at.warning]
    assert Workspace(tmp_path / "ws.sqlite3").questions(1).empty
