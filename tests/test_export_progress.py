"""The evidence workbook's Pace and Triple-helix sheets, read back from the bytes: the hand-worked series and counts."""

import io

import pytest
from openpyxl import Workbook, load_workbook

from assessor.assess import assess
from assessor.export.progress_sheets import helix_sheet, pace_sheet
from assessor.i18n import t

from factory import submission

# AAA01 alone in alpha: 70, 73, 76 score 40, 46, 52 (goalpost 50 -> 100). Levels 40 / 60 / 75.
ROWS = [
    {"indicator_id": "AAA01", "year": 2023, "value": 70, "helix": "government"},
    {"indicator_id": "AAA01", "year": 2024, "value": 73, "helix": "government"},
    {"indicator_id": "AAA01", "year": 2025, "value": 76, "helix": "government"},
    {"indicator_id": "BBB03", "year": 2025, "value": 2, "helix": "academia"},
    {"indicator_id": "BBB01", "year": 2025, "value": 40, "helix": "business", "evidence_status": "self-reported"},
]


def book(mini_fw, lang: str):
    """The two sheets written for the hand-made submission, saved, and read back from the bytes."""
    a = assess(submission(ROWS), mini_fw)
    wb = Workbook()
    pace_sheet(wb, a, t("pace.sheet", lang), lang)
    helix_sheet(wb, a, t("helix.sheet", lang), lang)
    buf = io.BytesIO()
    wb.save(buf)
    return load_workbook(io.BytesIO(buf.getvalue()))


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(min_row=3, values_only=True))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_pace_sheet_gives_the_slope_and_the_years_by_hand(mini_fw, lang):
    wb = book(mini_fw, lang)
    ws = wb[t("pace.sheet", lang)]
    header = [c.value for c in ws[2]]
    assert header[-3:] == [t("pace.col.level_year", lang, level=lv.name(lang)) for lv in mini_fw.levels[1:]]
    alpha = next(r for r in rows(ws) if r[1] == mini_fw.domains[0].name(lang) and r[2] is None)
    assert alpha[4:9] == ("2023–2025", 3, 52.0, 6.0, t("pace.basis.trend", lang))
    # Developing (40) reached already; Competitive (60): 2025 + 8/6 -> 2027; Leading (75): 2025 + 23/6 -> 2029
    assert alpha[9:] == (t("pace.cell.reached", lang), 2027, 2029)
    beta = next(r for r in rows(ws) if r[1] == mini_fw.domains[1].name(lang) and r[2] is None)
    assert beta[5] == 1 and beta[8] == t("pace.basis.one_point", lang) and beta[10] == "–"
    indicator = next(r for r in rows(ws) if r[2] == "AAA01")
    assert indicator[7] == 6.0 and indicator[10] == 2027


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_helix_sheet_counts_by_hand(mini_fw, lang):
    wb = book(mini_fw, lang)
    ws = wb[t("helix.sheet", lang)]
    got = {(r[1], r[2]): r[3:7] for r in rows(ws) if r[0] == "Testville"}
    beta = mini_fw.domains[1].name(lang)
    # beta in 2025: BBB03 academia (verified), BBB01 business (self-reported): one value each, half the domain
    assert got[(beta, "nhà trường" if lang == "vi" else "academia")] == (1, 0.5, 1, 0.5)
    assert got[(beta, "doanh nghiệp" if lang == "vi" else "business")] == (1, 0.5, 0, 0)
    alpha = mini_fw.domains[0].name(lang)
    assert got[(alpha, "nhà nước" if lang == "vi" else "government")] == (1, 1, 1, 1)
    texts = [r[0] for r in ws.iter_rows(values_only=True) if r[0]]
    assert any(f"{alpha} (" in x and t("helix.single", lang, domains="").split(":")[0] in x for x in texts)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_evidence_workbook_carries_both_sheets(framework, lang):
    from pathlib import Path

    from assessor.export.evidence import evidence_workbook
    from assessor.read import read_submission

    sample = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"
    a = assess(read_submission(sample, framework), framework)
    wb = load_workbook(io.BytesIO(evidence_workbook(a, lang)))
    pace_rows = [r for r in rows(wb[t("pace.sheet", lang)]) if isinstance(r[5], int)]
    assert sum(1 for r in pace_rows if r[0] and r[2] is None) == len(framework.domains)
    assert sum(1 for r in pace_rows if r[2]) == len(framework.indicators)
    helix_rows = [r for r in rows(wb[t("helix.sheet", lang)]) if r[0] and isinstance(r[3], int)]
    assert sum(r[3] for r in helix_rows) == int(a.indicators["score"].notna().sum())
