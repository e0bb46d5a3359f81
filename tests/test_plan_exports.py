"""The roadmap in the exports, read back from the bytes: the deck's slide, the brief's section, the workbook's sheet."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pypdf import PdfReader

from assessor.assess import assess
from assessor.export.brief import leadership_brief
from assessor.export.deck import leadership_deck
from assessor.export.evidence import evidence_workbook
from assessor.i18n import number, t
from assessor.read import read_submission
from assessor.roadmap import roadmap

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"


@pytest.fixture(scope="module")
def sample(framework):
    a = assess(read_submission(SAMPLE, framework), framework)
    return a, roadmap(a, "Bình Dương", as_of=datetime.date.today())


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_deck_has_a_roadmap_slide_with_today_against_the_plan_per_domain(sample, lang):
    a, r = sample
    prs = Presentation(io.BytesIO(leadership_deck(a, lang)))
    slides = [
        s
        for s in prs.slides
        if any(sh.has_text_frame and sh.text_frame.text == t("plan.deck_title", lang) for sh in s.shapes)
    ]
    assert len(slides) == 1
    slide = slides[0]
    (chart,) = [sh.chart for sh in slide.shapes if sh.has_chart]
    assert chart.chart_type == XL_CHART_TYPE.BAR_CLUSTERED
    today, planned = (list(s.values) for s in chart.plots[0].series)
    d = r.what_if.domains
    assert today[::-1] == [round(x, 1) for x in d["evidenced_score"]]
    assert planned[::-1] == [round(x, 1) for x in d["evidenced_score_planned"]]
    assert list(chart.plots[0].categories)[::-1] == [x.name(lang) for x in a.framework.domains]
    text = "\n".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert number(r.what_if.overall["planned_evidenced_score"], lang) in text
    assert t("plan.exact", lang) in text
    assert t("plan.chosen_count", lang, n=48, total=50) in text


def _no_figures(figures: list) -> list[bytes]:
    raise RuntimeError("figures are not what this test reads")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_brief_has_a_roadmap_section(sample, lang):
    a, r = sample
    pdf = PdfReader(io.BytesIO(leadership_brief(a, lang, renderer=_no_figures)))
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    assert t("plan.brief_heading", lang) in text
    o = r.what_if.overall
    assert number(o["evidenced_score"], lang) in text and number(o["planned_evidenced_score"], lang) in text
    assert ", ".join(r.path.actions) in text  # the shortest path's actions
    # The sample has 19 overdue actions: five are listed, and the brief says where the others are.
    more = t("plan.brief_overdue_more", lang, shown=5, more=len(r.overdue) - 5, sheet=t("plan.sheet", lang))
    assert len(r.overdue) > 5 and " ".join(more.split()) in text
    assert len(r.untouched_icf) == 6 and all(f"{i} (“" in text for i in r.untouched_icf["indicator_id"])


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_workbook_has_a_roadmap_sheet_and_is_still_read_back_whole(sample, framework, lang):
    a, r = sample
    data = evidence_workbook(a, lang)
    ws = load_workbook(io.BytesIO(data))[t("plan.sheet", lang)]
    cells = [[c for c in row if c is not None] for row in ws.iter_rows(values_only=True)]
    assert cells[0][0].startswith(t("plan.title", lang, community="Bình Dương").split(" — ")[0])
    names = [x.name(lang) for x in a.framework.domains]
    domain_rows = [row for row in cells if row and row[0] in names]
    assert [row[0] for row in domain_rows[:6]] == names
    planned = r.what_if.domains["evidenced_score_planned"]
    # numbers Excel can compute with (shown in its own locale), not text such as "70,8"
    assert [row[2] for row in domain_rows[:6]] == [round(x, 1) for x in planned]
    dues = [c for row in ws.iter_rows() for c in row if isinstance(c.value, datetime.datetime)]
    assert len(dues) >= len(r.actions) and dues[0].number_format == {"en": "d mmmm yyyy", "vi": "dd/mm/yyyy"}[lang]
    late = [row[3] for row in cells if len(row) == 5 and isinstance(row[3], int)]
    assert late == r.overdue["days_late"].astype(int).tolist()
    listed = [row[0].split(" · ")[0] for row in cells if row and isinstance(row[0], str) and row[0][:2] == "HD"]
    assert set(listed) == set(r.actions["action_id"])  # every action is listed
    again = read_submission(data, framework, "evidence.xlsx")
    assert len(again.actions) == len(a.actions)  # the report sheet is never taken for the Actions sheet
    assert again.actions["status"].tolist() == a.actions["status"].tolist()
