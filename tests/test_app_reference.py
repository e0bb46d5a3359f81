"""Wherever the app draws the ICF 2017 reference profile, its caveats are beside it (Overview, Compare)."""

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessor.framework import default_benchmarks, default_framework

from shown import shown

APP = str(Path(__file__).resolve().parents[1] / "app.py")


@pytest.mark.parametrize(("lang", "page"), [("en", "overview"), ("vi", "overview"), ("vi", "compare")])
def test_reference_caption_carries_the_caveats(tmp_path, monkeypatch, lang, page):
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "ws.sqlite3"))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(f"assessor/ui/pages/{page}.py").run()
    assert not at.exception, [e.message for e in at.exception]
    caveats = default_benchmarks(default_framework())[0].caveats(lang)
    assert any(caveats in shown(c.value) for c in at.caption)
