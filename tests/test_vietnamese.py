"""Vietnamese mode as a provincial office reads it: every page of the app (AppTest) and every export, read back, shows
no English UI word and keeps to the glossary; the deck is tagged vi-VN; numbers, percentages and dates follow each
language's conventions."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from pptx import Presentation
from streamlit.testing.v1 import AppTest
from test_glossary import violations

from assessor import charts
from assessor.assess import Assessment, assess
from assessor.i18n import day, moment, number, percent, t, texts, today
from assessor.layout import SHEETS
from assessor.read import read_submission

from shown import shown

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "data" / "samples" / "binh_duong_illustrative.xlsx"
PAGES = sorted(p.stem for p in (ROOT / "assessor" / "ui" / "pages").glob("*.py"))

#: English a Vietnamese reader must never meet in the tool's own words (whole words, as written).
ENGLISH = re.compile(
    r"\b(?:Overview|Domains?|Priorities|Evidence|Trends|Compare|Data issues|Export|Upload|Download|Prepare|"
    r"Score|Claimed|Evidenced|Readiness|Community|Communities|Indicators?|Coverage|Impact|Gap|Level|Year|Value|"
    r"Unit|Owner|Status|Sheet|Row|Column|Version|Reference|Method|Summary|Warning|Error|Note|Problem|"
    r"Illustrative|illustrative|sample|not stated|anonymous|points|Page|Prepared|Insufficient|insufficient|"
    r"Foundational|Developing|Competitive|Leading|verified|documented|self-reported|civil society|government|"
    r"academia|Largest gaps|Three things|What to do|How to fix|Planned actions|Action|Due|"
    r"the|and|with|of|not|is|are)\b"
)
#: Names and titles that stay English in Vietnamese text: quoted sources, programmes, file names, codes.
PROPER = re.compile(
    r"The Intelligent Community in Numbers \d{4}|Intelligent Community (?:Forum|of the Year)|"
    r"\((?:[A-Z][A-Za-z&]*(?: [A-Za-z&.0-9]+)*)(?:, PM2\.5)?\)|“[A-Za-z][^”]*”|https?://\S+|\S+\.(?:xlsx|csv|pdf|pptx)|"
    r"“Upload”|“50MB per file”|(?<!\w)/\S+"
)


def english_words(texts: list[tuple[str, str]]) -> list[str]:
    found = []
    for where, text in texts:
        hit = ENGLISH.search(PROPER.sub(" ", text))
        if hit:
            found.append(f"{where}: “{hit.group(0)}” in “{text[:120]}”")
    return found


def test_the_english_check_finds_english_and_spares_names():
    planted = [
        ("a", "Điểm có minh chứng: Score 60"),
        ("b", "Nguồn: The Intelligent Community in Numbers 2017"),
        ("c", "KPI của U4SSC “Ô nhiễm không khí” (Air Pollution, PM2.5)"),
        ("d", "Illustrative sample"),
    ]
    assert [f.split(":")[0] for f in english_words(planted)] == ["a", "d"]


# ------------------------------------------------------------------ the app, every page


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, list[tuple[str, str]]]:
    """Every text a reader sees on every page in Vietnamese: titles, text, captions, alerts, widget labels and options,
    metrics, table headers and cells, download buttons, and every text of every figure."""
    import os

    old = os.environ.get("ASSESSOR_WORKSPACE")
    os.environ["ASSESSOR_WORKSPACE"] = str(tmp_path_factory.mktemp("ws") / "workspace.sqlite3")
    try:
        seen = {}
        for page in PAGES:
            at = AppTest.from_file(APP, default_timeout=90)
            at.query_params["lang"] = "vi"
            at.run()
            at.switch_page(f"assessor/ui/pages/{page}.py").run()
            assert not at.exception, [e.message for e in at.exception]
            seen[page] = _page_texts(at, page)
        return seen
    finally:
        if old is None:
            os.environ.pop("ASSESSOR_WORKSPACE", None)
        else:
            os.environ["ASSESSOR_WORKSPACE"] = old


def _page_texts(at: AppTest, page: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []

    def add(kind: str, text: object) -> None:
        if isinstance(text, str) and text.strip():
            out.append((f"{page} {kind}", shown(text)))

    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        for e in getattr(at, kind):
            add(kind, e.value)
    for e in at.metric:
        add("metric", e.label)
        add("metric", e.value)
    for kind in ("button", "checkbox", "toggle", "text_input", "number_input", "date_input", "text_area"):
        for e in getattr(at, kind):
            add(kind, e.label)
    for kind in ("selectbox", "radio", "multiselect", "select_slider"):
        for e in getattr(at, kind):
            add(kind, e.label)
            for option in e.options:
                add(f"{kind} option", option)
    for e in at.tabs:
        add("tab", e.label)
    for e in at.expander:
        add("expander", e.label)
    for e in at.get("download_button"):
        add("download", e.proto.label)
    for e in at.dataframe:
        # What the grid draws: a column's configured label, and a selectbox cell's option label (its format_func).
        config = json.loads(e.proto.columns or "{}")
        frame = e.value
        for column in frame.columns:
            shown_as = config.get(str(column), {})
            if shown_as.get("hidden"):
                continue
            add("table header", shown_as.get("label") or str(column))
            options = {o["value"]: o["label"] for o in shown_as.get("type_config", {}).get("options", [])}
            for value in frame[column].astype(str):
                add("table cell", options.get(value, value))
    for e in at.get("plotly_chart"):
        for text in _figure_texts(json.loads(e.proto.spec)):
            add("figure", text)
    return out


def _figure_texts(spec: dict) -> list[str]:
    """The words a figure shows: titles, axis titles, trace names, categories and value labels."""
    out = []
    layout = spec.get("layout", {})
    for value in layout.values():
        if isinstance(value, dict) and isinstance(value.get("title"), dict):
            out.append(value["title"].get("text") or "")
    if isinstance(layout.get("title"), dict):
        out.append(layout["title"].get("text") or "")
    for trace in spec.get("data", []):
        out.append(trace.get("name") or "")
        for key in ("x", "y", "theta", "text"):
            values = trace.get(key)
            if isinstance(values, list):
                out += [v for v in values if isinstance(v, str)]
    return out


def test_every_page_was_walked(pages):
    assert set(pages) == set(PAGES) and len(PAGES) >= 9
    assert all(len(texts) > 5 for texts in pages.values())


def test_no_english_on_any_page_in_vietnamese(pages):
    found = [f for texts in pages.values() for f in english_words(texts)]
    assert not found, "\n".join(found)


def test_every_page_keeps_to_the_glossary(pages):
    found = [f for texts in pages.values() for f in violations(texts)]
    assert not found, "\n".join(found)


# ------------------------------------------------------------------ the exports


@pytest.fixture(scope="module")
def sample(framework) -> Assessment:
    return assess(read_submission(SAMPLE, framework), framework)


@pytest.fixture(scope="module")
def deck_vi(sample) -> bytes:
    from assessor.export.deck import leadership_deck

    return leadership_deck(sample, "vi")


def _deck_texts(data: bytes) -> list[tuple[str, str]]:
    out = []
    for n, slide in enumerate(Presentation(io.BytesIO(data)).slides, start=1):
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append((f"slide {n}", shape.text_frame.text))
            if shape.has_table:
                out += [(f"slide {n} table", c.text) for row in shape.table.rows for c in row.cells]
            if shape.has_chart:
                chart = shape.chart
                out += [(f"slide {n} chart", str(c)) for c in chart.plots[0].categories]
                out += [(f"slide {n} chart", s.name) for p in chart.plots for s in p.series]
    return [(w, x) for w, x in out if x.strip()]


def _workbook_texts(data: bytes) -> list[tuple[str, str]]:
    wb = load_workbook(io.BytesIO(data))
    out = [("sheet name", name) for name in wb.sheetnames]
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            out += [(f"{ws.title}!{c.coordinate}", c.value) for c in row if isinstance(c.value, str) and c.value]
    return out


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "brief.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_the_deck_in_vietnamese_has_no_english_and_keeps_to_the_glossary(deck_vi):
    texts = _deck_texts(deck_vi)
    assert len(texts) > 50
    found = english_words(texts) + violations(texts)
    assert not found, "\n".join(found)


def test_the_deck_in_vietnamese_is_tagged_vi_vn_on_every_run_and_chart(deck_vi):
    parts = zipfile.ZipFile(io.BytesIO(deck_vi))
    slides = [n for n in parts.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)]
    charts_xml = [n for n in parts.namelist() if re.fullmatch(r"ppt/charts/chart\d+\.xml", n)]
    assert slides and charts_xml
    for name in slides:
        xml = parts.read(name).decode()
        runs = re.findall(r"<a:r>(<a:rPr[^>]*>)", xml)
        assert runs and all('lang="vi-VN"' in r for r in runs), name
        assert len(runs) == xml.count("<a:r>"), name  # every run has its properties, so its language
    for name in charts_xml:
        xml = parts.read(name).decode()
        assert '<c:lang val="vi-VN"/>' in xml and 'lang="en-US"' not in xml, name
    for name in ("ppt/presentation.xml", "ppt/slideMasters/slideMaster1.xml"):
        xml = parts.read(name).decode()
        assert 'lang="en-US"' not in xml and 'lang="vi-VN"' in xml, name
    assert Presentation(io.BytesIO(deck_vi)).core_properties.language == "vi-VN"


def test_the_english_deck_stays_english(sample):
    from assessor.export.deck import leadership_deck

    xml = zipfile.ZipFile(io.BytesIO(leadership_deck(sample, "en"))).read("ppt/charts/chart1.xml").decode()
    assert '<c:lang val="en-US"/>' in xml


def test_the_workbook_in_vietnamese_has_no_english_and_keeps_to_the_glossary(sample):
    from assessor.export.evidence import evidence_workbook

    data = evidence_workbook(sample, "vi")
    texts = _workbook_texts(data)
    # The data sheets give back what the files hold (the sample's agency names as the files write them): English is
    # checked there too, the glossary only in the tool's own words.
    data_sheets = {s.name("vi") for s in SHEETS}
    ours = [(w, x) for w, x in texts if w.split("!")[0] not in data_sheets or re.fullmatch(r"[^!]+![A-Z]+[12]", w)]
    found = english_words(texts) + violations(ours)
    assert not found, "\n".join(found)
    wb = load_workbook(io.BytesIO(data))
    assert wb.properties.language == "vi-VN"
    method = wb[t("export.method_sheet", "vi")]
    facts = {method.cell(r, 1).value: method.cell(r, 2).value for r in range(2, 20)}
    generated = facts[t("export.fact_generated", "vi")]
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2} \(giờ Việt Nam\)", generated)
    assert facts[t("export.fact_min_coverage", "vi")] == "60%"


def test_the_template_in_vietnamese_has_no_english_and_keeps_to_the_glossary(framework):
    from assessor.export.template import build_template

    data = build_template(framework, "vi", 2025, "Bình Dương")
    texts = [(w, x) for w, x in _workbook_texts(data) if not w.startswith("DanhSach!")]
    found = english_words(texts) + violations(texts)
    assert not found, "\n".join(found)
    assert "Lists" not in load_workbook(io.BytesIO(data)).sheetnames


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils is not installed")
def test_the_brief_in_vietnamese_has_no_english_and_keeps_to_the_glossary(sample, tmp_path):
    from assessor.export.brief import leadership_brief

    text = _pdf_text(leadership_brief(sample, "vi"), tmp_path)
    lines = [(f"brief line {n}", line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    # A quotation of ICF's English may break across lines: the English check reads the text as one run.
    found = english_words([("brief", " ".join(text.split()))]) + violations(lines)
    assert not found, "\n".join(found)
    assert today("vi") in text and re.search(r"\d%", text) and not re.search(r"\d %", text)


# ------------------------------------------------------------------ conventions, both languages


@pytest.mark.parametrize(
    ("lang", "share", "big", "when", "time"),
    [
        ("vi", "69,8%", "1.234,5", "30/11/2026", "30/11/2026 08:19"),
        ("en", "69.8%", "1,234.5", "30 November 2026", "30 November 2026, 08:19"),
    ],
)
def test_numbers_percentages_dates_and_times(lang, share, big, when, time):
    assert percent(0.698, lang, 1) == share
    assert number(1234.5, lang) == big
    assert number(50.0, lang, 2, trim=True) == "50"
    assert number(2.40, lang, 2, trim=True) == f"2{big[5]}4"  # 2,4 / 2.4: no trailing zero
    assert day(date(2026, 11, 30), lang) == when == day("2026-11-30", lang)
    assert day("quý 3/2026", lang) == "quý 3/2026"  # a due date typed as words stays as written
    # 01:19 UTC is 08:19 in Vietnam: the time of the office, whatever the server's zone
    assert moment("2026-11-30T01:19:00+00:00", lang) == time == moment(datetime(2026, 11, 30, 1, 19, tzinfo=UTC), lang)
    assert moment("2026-11-30T20:00:00", lang).startswith("01/12/2026" if lang == "vi" else "1 December 2026")


@pytest.mark.parametrize(("lang", "label", "separators"), [("vi", "1,39", ",."), ("en", "1.39", ".,")])
def test_every_figure_writes_numbers_in_the_language(sample, lang, label, separators):
    community = sample.communities[0]
    figures = [
        charts.radar(sample, community, lang),
        charts.domain_bars(sample, community, lang),
        charts.priorities_bar(sample, community, lang),
        charts.trend(sample, community, lang),
    ]
    assert all(f.layout.separators == separators for f in figures)  # axes, ticks and hover
    bars = figures[2].data[0]
    assert list(bars.text) == [number(x, lang, 2) for x in bars.x]
    other = "." if lang == "vi" else ","
    assert all(other not in str(text) for text in bars.text)
    assert number(1.39, lang, 2) == label


def test_issue_messages_write_counts_with_thousands_marks_and_places_in_the_language():
    import pandas as pd

    from assessor.issues import IssueLog, localised

    log = IssueLog()
    log.add_many(
        "narrative_too_long",
        "warning",
        "narratives",
        pd.DataFrame({"row": [3], "value": ["NAR-CON"], "length": [2500], "limit": [2000]}),
        "answer",
    )
    log.add("no_profile", "warning", "profile")
    vi = localised(log.frame(), "vi").set_index("message")
    en = localised(log.frame(), "en")
    assert "Câu trả lời cho NAR-CON có 2.500 ký tự, vượt giới hạn 2.000." in vi.index
    assert "The answer to NAR-CON has 2,500 characters, over its limit of 2,000." in en["message"].tolist()
    assert set(vi["sheet"]) == {"Thuyết minh", "Hồ sơ"} and set(en["sheet"]) == {"Narratives", "Profile"}
    assert vi.loc[vi["column"] != "", "column"].tolist() == ["Câu trả lời"]


def test_a_repeated_row_says_its_value_apart_from_row_numbers():
    """'hàng 166 … hàng này (56)' read as two row numbers; the 56 is the row's value (56 Mbps)."""
    params = {"indicator_id": "CON03", "year": 2025, "first": 114, "value": 56}
    vi, en = t("message.duplicate_row", "vi", **params), t("message.duplicate_row", "en", **params)
    assert "giá trị 56 ở hàng này" in vi and "hàng này (56)" not in vi
    assert "this row's value (56)" in en


def test_the_vietnamese_panel_names_its_communities_in_vietnamese_with_the_same_scores(framework):
    samples = ROOT / "data" / "samples"
    vi = assess(read_submission(samples / "panel_illustrative_vi.xlsx", framework), framework)
    en = assess(read_submission(samples / "panel_illustrative.xlsx", framework), framework)
    assert vi.communities[1:] == [f"Địa phương {chr(ord('A') + k)} (minh họa)" for k in range(12)]
    assert vi.issues.empty and not any("illustrative" in c for c in vi.communities)
    same = dict(zip(en.communities, vi.communities, strict=True))
    scores = en.overall.set_index(en.overall["community"].map(same))["evidenced_score"]
    assert vi.overall.set_index("community")["evidenced_score"].round(6).to_dict() == scores.round(6).to_dict()
    wb = load_workbook(samples / "panel_illustrative_vi.xlsx", read_only=True)
    assert wb.sheetnames == [s.name("vi") for s in SHEETS[:2]]


def test_times_on_the_pages_are_vietnamese_dates_in_vietnam_time(pages):
    cells = [text for where, text in pages["workspace"] if where.endswith("table cell")]
    stamps = [c for c in cells if re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", c)]
    assert stamps, cells[:20]
    assert not [c for c in cells if "UTC" in c or re.search(r"\d{4}-\d{2}-\d{2}", c)]


def test_an_office_can_make_vietnamese_the_apps_default(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "workspace.sqlite3"))
    monkeypatch.setenv("ASSESSOR_LANG", "vi")
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    assert not at.exception and at.sidebar.radio[0].value == "vi"
    assert [shown(e.value) for e in at.title] == [t("overview.title", "vi", community="Bình Dương")]


@pytest.mark.parametrize(
    ("n", "en", "vi"),
    [
        (1, "1 file added; saved as version 4.", "Đã bổ sung 1 tệp; lưu thành phiên bản 4."),
        (3, "3 files added; saved as version 4.", "Đã bổ sung 3 tệp; lưu thành phiên bản 4."),
        (0, "0 files added; saved as version 4.", "Đã bổ sung 0 tệp; lưu thành phiên bản 4."),
    ],
)
def test_a_count_agrees_with_its_noun_in_english_only(n, en, vi):
    assert t("workspace.added", "en", n=n, version=4) == en
    assert t("workspace.added", "vi", n=n, version=4) == vi


def test_no_text_hedges_a_plural():
    """'file(s)', 'community(ies)': an English text about a count says it as English does (`en_one`)."""
    hedged = [k for k, entry in texts().items() for v in entry.values() if "(s)" in v or "(ies)" in v]
    assert hedged == []


def test_a_number_cell_in_an_issue_is_shown_as_excel_shows_it_in_the_language():
    """A number cell (9.6) reads 9,6 in Vietnamese, in the value column and in the message; text typed in a cell
    ("9.6" as text, a code) is shown as typed in either language."""
    from assessor.issues import IssueLog, localised

    log = IssueLog()
    log.add_many("not_a_number", "error", "indicators", pd.DataFrame({"row": [4, 5], "value": [9.6, "9.6"]}), "value")
    vi, en = localised(log.frame(), "vi"), localised(log.frame(), "en")
    assert vi["value"].tolist() == ["9,6", "9.6"] and en["value"].tolist() == ["9.6", "9.6"]
    assert "“9,6”" in vi["message"].iloc[0] and "9.6" in en["message"].iloc[0]
