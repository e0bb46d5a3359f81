"""Spreadsheets as people send them: each malformed one gives the right issue record, and nothing is lost."""

import io

import pytest

from assessor.issues import localised
from assessor.messages import FatalInputError
from assessor.read import read_submission

from factory import xlsx

HEAD = ["Indicator ID", "Year", "Value", "Evidence status", "Source link", "Helix"]
PROFILE = {"Profile": [["Community", "Country", "Assessment year"], ["Testville", "Viet Nam", 2025]]}


def read(mini_fw, rows, header=HEAD, extra=None, name="test.xlsx"):
    sheets = {**PROFILE, "Indicators": [header, *rows], **(extra or {})}
    return read_submission(xlsx(sheets), mini_fw, name)


def only(sub, code):
    """The one issue of this code, with its message and hint rendered in both languages."""
    found = sub.issues[sub.issues["code"] == code]
    assert len(found) == 1, sub.issues[["code", "row", "value"]].to_string()
    issue = found.iloc[0].copy()
    for lang in ("en", "vi"):
        shown = localised(found, lang).iloc[0]
        issue[f"message_{lang}"], issue[f"hint_{lang}"] = shown["message"], shown["hint"]
    return issue


def test_clean_sheet_has_no_issues(mini_fw):
    sub = read(mini_fw, [["AAA01", 2025, 80, "verified", "https://x.vn/a", "government"]])
    assert sub.issues.empty
    assert sub.indicators.loc[0, "value"] == 80 and sub.indicators.loc[0, "community"] == "Testville"


def test_1_text_in_a_number_cell(mini_fw):
    sub = read(mini_fw, [["AAA01", 2025, "đang cập nhật", "verified"]])
    issue = only(sub, "not_a_number")
    assert (issue["severity"], issue["sheet"], issue["row"], issue["column"]) == ("error", "Indicators", 2, "Value")
    assert issue["value"] == "đang cập nhật" and "không phải là số" in issue["message_vi"]
    assert sub.indicators.loc[0, "excluded"] == "not_a_number"  # kept, not scored


def test_2_percent_sign_and_decimal_comma(mini_fw):
    sub = read(mini_fw, [["AAA01", 2025, "85%", "verified"], ["AAA01", 2024, "72,5 %", "verified"]])
    assert sub.indicators["value"].tolist() == [85.0, 72.5] and sub.issues.empty


def test_3_thousands_in_both_conventions(mini_fw):
    sub = read(mini_fw, [["AAA02", 2025, "1.234,5"], ["AAA02", 2024, "1,234.5"], ["AAA02", 2023, "US$ 2,500"]])
    assert sub.indicators["value"].tolist() == [1234.5, 1234.5, 2500.0]


def test_4_ambiguous_separator_follows_the_sheet_language(mini_fw):
    en = read(mini_fw, [["AAA02", 2025, "1,234"]])
    assert en.indicators.loc[0, "value"] == 1234 and only(en, "ambiguous_number")["severity"] == "warning"
    vi_head = ["Mã chỉ số", "Năm", "Giá trị"]
    vi = read(mini_fw, [["AAA02", 2025, "1.234"]], header=vi_head)
    assert vi.indicators.loc[0, "value"] == 1234 and vi.lang == "vi"
    assert "1234" in only(vi, "ambiguous_number")["message_vi"]


def test_5_unknown_indicator_is_kept_with_a_suggestion(mini_fw):
    sub = read(mini_fw, [["AAA0l", 2025, 5]])
    issue = only(sub, "unknown_indicator")
    assert issue["severity"] == "warning" and "AAA01" in issue["hint_en"]
    assert len(sub.indicators) == 1 and sub.scorable.empty


def test_6_two_values_for_one_indicator_and_year_score_neither(mini_fw):
    """Which of two values was meant is not in the file: neither is scored, and each row names the other."""
    sub = read(mini_fw, [["AAA01", 2025, 80], ["BBB01", 2025, 10], ["AAA01", 2025, 90]])
    found = sub.issues[sub.issues["code"] == "duplicate_row"]
    assert found["row"].tolist() == [2, 4] and set(found["severity"]) == {"error"}
    messages = localised(found, "en")["message"].tolist()
    assert "row 4" in messages[0] and "(80)" in messages[0] and "row 2" in messages[1] and "(90)" in messages[1]
    assert "chưa được chấm điểm" in localised(found, "vi")["message"].iloc[0]
    assert sub.scorable["indicator_id"].tolist() == ["BBB01"]
    assert len(sub.indicators) == 3  # nothing dropped: both rows are kept, not scored


def test_6_the_same_value_twice_counts_once(mini_fw):
    sub = read(mini_fw, [["AAA01", 2025, 80], ["AAA01", 2025, 80.0], ["AAA01", 2025, None]])
    same, blank = only(sub, "duplicate_same"), only(sub, "duplicate_blank")
    assert same["row"] == 3 and same["severity"] == "warning" and "row 2" in same["message_en"]
    assert blank["row"] == 4 and blank["severity"] == "info"
    assert sub.scorable["value"].tolist() == [80.0]


def test_7_percent_out_of_range(mini_fw):
    issue = only(read(mini_fw, [["AAA01", 2025, 112]]), "out_of_range")
    assert issue["severity"] == "error" and "0 to 100" in issue["message_en"]


def test_8_negative_count(mini_fw):
    assert only(read(mini_fw, [["BBB01", 2025, -3]]), "out_of_range")["value"] == "-3"


def test_9_level_not_whole_and_level_text(mini_fw):
    sub = read(mini_fw, [["BBB03", 2025, 2.5], ["BBB03", 2024, "Mức 3"]])
    assert only(sub, "level_not_whole")["row"] == 2
    assert sub.indicators.loc[1, "value"] == 3


def test_10_level_above_top(mini_fw):
    assert only(read(mini_fw, [["BBB03", 2025, 7]]), "out_of_range")["row"] == 2


def test_11_vietnamese_and_unaccented_categories(mini_fw):
    sub = read(mini_fw, [["AAA03", 2025, "Có"], ["AAA03", 2024, "mot phan"], ["AAA03", 2023, "KHÔNG"]])
    assert sub.indicators["label"].tolist() == ["yes", "partial", "no"]
    assert set(sub.issues["code"]) == {"no_evidence_status"}


def test_12_unknown_category(mini_fw):
    issue = only(read(mini_fw, [["AAA03", 2025, "perhaps"]]), "bad_category")
    assert "Yes / Partial / No" in issue["message_en"]


def test_13_bad_year(mini_fw):
    sub = read(mini_fw, [["AAA01", "FY25", 80], ["AAA01", 1850, 80]])
    assert (sub.issues["code"] == "bad_year").sum() == 2


def test_14_missing_year_taken_from_profile(mini_fw):
    sub = read(mini_fw, [["AAA01", None, 80]])
    assert only(sub, "year_from_profile")["severity"] == "info" and sub.indicators.loc[0, "year"] == 2025


def test_15_bad_link_is_kept_as_text(mini_fw):
    sub = read(mini_fw, [["AAA01", 2025, 80, "documented", "www.binhduong.gov.vn"]])
    assert only(sub, "bad_link")["column"] == "Source link"  # the header as written
    assert sub.indicators.loc[0, "source_url"] == "www.binhduong.gov.vn"


def test_16_javascript_link_is_not_a_link(mini_fw):
    assert only(read(mini_fw, [["AAA01", 2025, 80, "documented", "javascript:alert(1)"]]), "bad_link")["row"] == 2


def test_17_unknown_evidence_status_and_helix(mini_fw):
    sub = read(mini_fw, [["AAA01", 2025, 80, "approved", None, "NGO-ish"]])
    assert only(sub, "bad_evidence_status")["severity"] == "warning"
    assert only(sub, "bad_helix")["value"] == "NGO-ish"
    assert sub.indicators.loc[0, "evidence_status"] == "self-reported"


def test_18_merged_title_rows_blank_lines_and_extra_columns(mini_fw):
    rows = [
        ["Bình Dương — số liệu minh họa", None, None],
        [None, None, None],
        [*HEAD, "Người nhập"],
        ["AAA01", 2025, 80, "verified", None, None, "Lan"],
        [None] * 7,
        ["AAA02", 2025, 40, "verified", None, None, "Minh"],
    ]
    sub = read_submission(xlsx({**PROFILE, "Indicators": rows}), mini_fw, "t.xlsx")
    assert sub.indicators["row"].tolist() == [4, 6]
    assert "“Người nhập”" in only(sub, "extra_columns")["message_vi"]


def test_19_vietnamese_headers_and_sheet_names(mini_fw):
    sheets = {
        "Hồ sơ": [["Cộng đồng", "Năm đánh giá"], ["Bình Dương", 2025]],
        "Chỉ số": [
            ["Mã chỉ số", "Năm", "Giá trị", "Tình trạng minh chứng", "Khối"],
            ["AAA01", 2025, "85,5", "đã kiểm chứng", "nhà trường"],
        ],
    }
    sub = read_submission(xlsx(sheets), mini_fw, "bd.xlsx")
    row = sub.indicators.iloc[0]
    assert (row["community"], row["value"], row["evidence_status"], row["helix"]) == (
        "Bình Dương",
        85.5,
        "verified",
        "academia",
    )


def test_20_missing_required_column(mini_fw):
    sub = read(mini_fw, [["AAA01", 80]], header=["Indicator ID", "Value"])
    assert only(sub, "missing_column")["message_en"] == "The required column 'Year' is missing."


def test_21_no_indicators_sheet_is_one_clear_sentence(mini_fw):
    with pytest.raises(FatalInputError) as err:
        read_submission(xlsx({"Budget": [["Item", "Cost"], ["Chairs", 5]]}), mini_fw, "budget.xlsx")
    assert err.value.message("en") == (
        "The file budget.xlsx has no Indicators sheet (a sheet with an Indicator ID column): start from the template."
    )
    assert "Chỉ số" in err.value.message("vi")


@pytest.mark.parametrize(
    ("data", "name"),
    [(b"%PDF-1.7 ...", "report.pdf"), (b"PK\x03\x04garbage", "broken.xlsx"), (b"\x89PNG\r\n", "photo.xlsx")],
)
def test_22_not_a_spreadsheet(mini_fw, data, name):
    with pytest.raises(FatalInputError, match="is not a spreadsheet this tool can read"):
        read_submission(data, mini_fw, name)


def test_23_empty_file(mini_fw):
    with pytest.raises(FatalInputError, match="is empty"):
        read_submission(b"", mini_fw, "empty.csv")


def test_24_csv_with_semicolons_bom_and_decimal_commas(mini_fw):
    text = "\ufeffCộng đồng;Mã chỉ số;Năm;Giá trị;Tình trạng minh chứng\nBình Dương;AAA01;2025;85,5;có tài liệu\n"
    sub = read_submission(text.encode("utf-8"), mini_fw, "bd.csv")
    row = sub.indicators.iloc[0]
    assert (row["community"], row["value"], row["evidence_status"]) == ("Bình Dương", 85.5, "documented")


def test_25_csv_without_community_uses_the_file_name(mini_fw):
    sub = read_submission(b"indicator_id,year,value\nAAA01,2025,80\n", mini_fw, "Thu Dau Mot.csv")
    assert sub.indicators.loc[0, "community"] == "Thu Dau Mot"
    assert only(sub, "community_from_filename")["severity"] == "warning"


def test_26_panel_with_a_community_column(mini_fw):
    rows = [["Community", *HEAD[:3]], ["A", "AAA01", 2025, 80], ["B", "AAA01", 2025, 60], ["B", "AAA01", 2024, 50]]
    sub = read_submission(xlsx({"Indicators": rows}), mini_fw, "panel.xlsx")
    assert sub.communities == ["A", "B"] and len(sub.scorable) == 3
    assert "no_profile" not in set(sub.issues["code"])  # the Community column names them: no Profile needed


def test_27_no_community_with_several_in_profile(mini_fw):
    profile = {"Profile": [["Community", "Assessment year"], ["A", 2025], ["B", 2025]]}
    sub = read_submission(xlsx({**profile, "Indicators": [HEAD[:3], ["AAA01", 2025, 80]]}), mini_fw, "x.xlsx")
    assert only(sub, "no_community")["severity"] == "error"


def test_28_row_without_indicator_id(mini_fw):
    sub = read(mini_fw, [[None, 2025, 80]])
    assert only(sub, "no_indicator_id")["row"] == 2 and len(sub.indicators) == 1


def test_29_bare_fraction_in_a_percent_cell_is_kept_and_said(mini_fw):
    # A number cell without a percent format: 0.85 is kept as typed (0.85 %), and a warning says how to mean 85 %.
    sub = read(mini_fw, [["AAA01", 2025, 0.85]])
    assert sub.indicators.loc[0, "value"] == 0.85
    assert only(sub, "bare_fraction")["severity"] == "warning"


def test_30_narrative_over_its_limit(mini_fw):
    extra = {"Narratives": [["Question ID", "Answer"], ["NAR-A", "x" * 150], ["NAR-Z", "hello"]]}
    sub = read(mini_fw, [["AAA01", 2025, 80]], extra=extra)
    assert "150 characters, over its limit of 100" in only(sub, "narrative_too_long")["message_en"]
    assert only(sub, "unknown_narrative")["value"] == "NAR-Z"


def _with_formula(cached: bytes | None) -> bytes:
    """C2 holds `=40*2`, with the result Excel saved beside it (`cached`) or none, as openpyxl writes it."""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx({**PROFILE, "Indicators": [HEAD[:3], ["AAA01", 2025, 80]]})))
    wb["Indicators"]["C2"] = "=40*2"
    buf = io.BytesIO()
    wb.save(buf)
    if cached is None:
        return buf.getvalue()
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(buf.getvalue())), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/") and b"<f>40*2</f>" in part:
                part = part.replace(b"<f>40*2</f><v></v>", b"<f>40*2</f>").replace(
                    b"<f>40*2</f>", b"<f>40*2</f><v>" + cached + b"</v>"
                )
            dst.writestr(info, part)
    return out.getvalue()


def test_31_formula_cells_are_read_by_their_saved_result(mini_fw):
    sub = read_submission(_with_formula(b"80"), mini_fw, "f.xlsx")
    assert sub.indicators.loc[0, "value"] == 80 and set(sub.issues["code"]) == {"no_evidence_status"}


def test_31b_formula_without_a_saved_result_is_reported(mini_fw):
    sub = read_submission(_with_formula(None), mini_fw, "f.xlsx")
    assert only(sub, "formula_no_value")["row"] == 2 and sub.indicators.loc[0, "excluded"] == "formula_no_value"


def test_every_row_read_is_kept(mini_fw):
    rows = [["AAA01", 2025, 80], ["AAA01", 2025, 90], ["ZZZ", 2025, 1], ["AAA01", "x", 1], [None, 2025, 3]]
    sub = read(mini_fw, rows)
    assert len(sub.indicators) == len(rows)
    excluded = sub.indicators["excluded"].dropna()
    assert sorted(excluded) == ["bad_year", "duplicate_row", "duplicate_row", "no_indicator_id", "unknown_indicator"]


def test_32_bare_fractions_stay_as_typed_whatever_the_goalposts(framework):
    # One rule for every percent indicator: R&D at 0.5 % of GRDP and broadband at 0.85 alike are kept and reported.
    low_scale = next(i for i in framework.indicators if i.kind == "percent" and getattr(i.method, "target", 100) < 10)
    rows = [["Indicator ID", "Year", "Value"], [low_scale.id, 2025, 0.5], ["CON01", 2025, 0.85]]
    sub = read_submission(xlsx({"Indicators": rows}), framework, "x.xlsx")
    values = dict(zip(sub.indicators["indicator_id"], sub.indicators["value"], strict=True))
    assert values[low_scale.id] == 0.5 and values["CON01"] == 0.85
    bare = sub.issues[sub.issues["code"] == "bare_fraction"]
    assert bare["row"].tolist() == [2, 3]


def test_33_excel_csv_with_a_title_line_and_semicolons(mini_fw):
    text = (
        "Số liệu minh họa, không phải số liệu thống kê chính thức;;;\n"
        "Cộng đồng;Mã chỉ số;Năm;Giá trị\n"
        "Bình Dương;AAA01;2025;85,5\n"
        "Bình Dương;AAA02;2025;1.234,5\n"
    )
    sub = read_submission(("\ufeff" + text).encode("utf-8"), mini_fw, "bd.csv")
    assert sub.indicators["value"].tolist() == [85.5, 1234.5]
    assert sub.issues[sub.issues["severity"] != "info"].empty


def test_34_action_due_dates_read_as_dates(mini_fw):
    import datetime

    due = datetime.datetime(2026, 12, 31)
    extra = {"Actions": [["Action ID", "Title", "Due"], ["A1", "Fibre to new estates", due]]}
    sub = read(mini_fw, [["AAA01", 2025, 80]], extra=extra)
    assert sub.actions.loc[0, "due"] == "2026-12-31"
