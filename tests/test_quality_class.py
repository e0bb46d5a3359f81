"""The data-quality class of each value (U4SSC-style): read in either language, an unknown label reported on its row,
an empty cell left as unknown method, the template's drop-down, and the evidence workbook's round trip."""

import io

import pytest
from openpyxl import load_workbook

from assessor.assess import assess
from assessor.export.evidence import evidence_workbook
from assessor.export.template import build_template
from assessor.issues import localised
from assessor.layout import INDICATORS, QUALITY_LABELS, label_text
from assessor.read import read_submission

from factory import xlsx

PROFILE = {"Profile": [["Community", "Country", "Assessment year"], ["Testville", "Viet Nam", 2025]]}
HEAD = ["Indicator ID", "Year", "Value", "Evidence status", "Data quality"]
ROWS = [
    ["AAA01", 2025, 80, "verified", "measured, verified"],
    ["AAA02", 2025, 60, "verified", "ước tính"],
    ["BBB01", 2025, 40, "documented", "Tinh toan tu so lieu chua day du"],  # unaccented Vietnamese
    ["BBB03", 2025, 2, "verified", None],
    ["AAA03", 2025, "yes", "verified", "guessed by the intern"],
]


def read(mini_fw, rows=ROWS, header=HEAD):
    return read_submission(xlsx({**PROFILE, "Indicators": [header, *rows]}), mini_fw, "q.xlsx")


def test_labels_in_both_languages_and_empty_as_unknown(mini_fw):
    sub = read(mini_fw)
    got = sub.indicators.set_index("indicator_id")["quality"]
    assert got["AAA01"] == "measured_verified"
    assert got["AAA02"] == "estimated"
    assert got["BBB01"] == "calculated"
    assert got.isna()["BBB03"]  # empty: unknown method, not an error
    assert sub.indicators["excluded"].isna().all()  # the class never keeps a value from being scored


def test_an_unknown_label_is_reported_on_its_row(mini_fw):
    sub = read(mini_fw)
    found = sub.issues[sub.issues["code"] == "bad_quality"]
    assert len(found) == 1
    issue = found.iloc[0]
    assert (issue["severity"], issue["row"], issue["column"], issue["value"]) == (
        "warning",
        6,
        "Data quality",
        "guessed by the intern",
    )
    assert "unknown method" in localised(found, "en").iloc[0]["message"]
    assert "chưa rõ phương pháp" in localised(found, "vi").iloc[0]["message"]


def test_vietnamese_header(mini_fw):
    sub = read(
        mini_fw,
        [["AAA01", 2025, 80, "đã kiểm chứng", "đo đạc, thống kê"]],
        ["Mã chỉ số", "Năm", "Giá trị", "Tình trạng minh chứng", "Chất lượng số liệu"],
    )
    assert sub.indicators.loc[0, "quality"] == "measured" and sub.issues.empty


def test_the_class_does_not_change_scores(mini_fw):
    with_class = assess(read(mini_fw), mini_fw)
    without = assess(read(mini_fw, [r[:4] for r in ROWS], HEAD[:4]), mini_fw)
    assert with_class.overall["score"].tolist() == without.overall["score"].tolist()
    assert with_class.overall["evidenced_score"].tolist() == without.overall["evidenced_score"].tolist()


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_round_trip_through_the_evidence_workbook(mini_fw, lang):
    first = assess(read(mini_fw), mini_fw)
    data = evidence_workbook(first, lang)
    ws = load_workbook(io.BytesIO(data))[INDICATORS.name(lang)]
    header = [c.value for c in ws[2]]
    col = header.index(INDICATORS.column("quality").header(lang))
    written = {
        r[header.index(INDICATORS.column("indicator_id").header(lang))]: r[col]
        for r in ws.iter_rows(min_row=3, values_only=True)
    }
    assert written["AAA02"] == label_text(QUALITY_LABELS, "estimated", lang)
    assert written["BBB03"] is None
    again = read_submission(data, mini_fw, "evidence.xlsx")
    assert again.indicators.set_index("indicator_id")["quality"].fillna("").to_dict() == (
        first.submission.indicators.set_index("indicator_id")["quality"].fillna("").to_dict()
    )


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_template_offers_the_classes_as_a_drop_down(framework, lang):
    wb = load_workbook(io.BytesIO(build_template(framework, lang, 2025, "Huế")))
    ws = wb[INDICATORS.name(lang)]
    keys = [c.key for c in INDICATORS.columns]
    letter = chr(ord("A") + keys.index("quality"))
    assert ws[f"{letter}2"].value == INDICATORS.column("quality").header(lang)
    found = [dv for dv in ws.data_validations.dataValidation if f"{letter}3" in dv.sqref]
    assert len(found) == 1 and f"{letter}500" in found[0].sqref
    sheet, _, cells = found[0].formula1.rpartition("!")
    entries = [row[0].value for row in wb[sheet.strip("'")][cells.replace("$", "")]]
    assert entries == [label_text(QUALITY_LABELS, k, lang) for k in QUALITY_LABELS]


def test_counts_per_class_and_the_brief_line(mini_fw):
    from assessor.quality_class import counts, counts_sentence

    a = assess(read(mini_fw), mini_fw)
    n = counts(a)
    # AAA01 measured_verified, AAA02 estimated, BBB01 calculated; BBB03 empty and AAA03 unreadable: unknown
    assert n.to_dict() == {"measured_verified": 1, "measured": 0, "calculated": 1, "estimated": 1, "unknown": 2}
    assert counts_sentence(a, "en") == (
        "Data quality of the 5 values: measured, verified: 1; calculated from partial data: 1; estimated: 1; "
        "unknown method: 2."
    )
    assert counts_sentence(a, "vi") == (
        "Chất lượng của 5 giá trị số liệu: đo đạc, đã kiểm chứng: 1; tính toán từ số liệu chưa đầy đủ: 1; "
        "ước tính: 1; chưa rõ phương pháp: 2."
    )
