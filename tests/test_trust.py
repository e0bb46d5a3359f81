"""The value scored is the value the person meant, or the tool says so: files made the way offices make them.

Each test is one rule of the reader, through the public API and, where it matters, the command line.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from assessor.assess import assess
from assessor.cli import main
from assessor.export.template import build_template
from assessor.issues import localised
from assessor.merge import merge
from assessor.read import read_submission

ROOT = Path(__file__).resolve().parents[1]
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 really stores Vietnamese: base letters precomposed, tone marks combining."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
            out.append(base + "".join(c for c in parts if c in TONE_MARKS))
    return "".join(out).encode("cp1258")


def excel_book(rows: list[list[object]], formats: dict[str, str] | None = None, sheet: str = "Indicators") -> bytes:
    """A workbook as Excel stores it: numbers as numbers, with the number formats a person gave the cells."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for row in rows:
        ws.append(row)
    for ref, fmt in (formats or {}).items():
        ws[ref].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def codes(sub) -> list[str]:
    """The issue codes, but for the note that a value without an evidence status counts as self-reported."""
    return sorted(c for c in sub.issues["code"] if c != "no_evidence_status")


def value_of(sub, indicator_id: str, year: int | None = None) -> float:
    rows = sub.indicators[sub.indicators["indicator_id"] == indicator_id]
    if year is not None:
        rows = rows[rows["year"] == year]
    assert len(rows) == 1, rows
    return rows["value"].iloc[0]


HEAD = ["Community", "Indicator ID", "Year", "Value", "Evidence status"]


# ---------------------------------------------------------------- 1. Excel number formats


def test_excel_percent_cells_are_read_as_shown(framework):
    """The newcomer's four cells (2.1 %, 1.8 %, 8 %, 100 %) and one at 96 %, whatever the goalposts."""
    rows = [HEAD]
    cells = {"WRK06": (0.021, "0.0%"), "INC03": (0.018, "0.0%"), "SUS06": (0.08, "0%"), "ENG04": (1, "0%")}
    cells["CON01"] = (0.96, "0%")
    formats = {}
    for n, (iid, (v, fmt)) in enumerate(cells.items(), start=2):
        rows.append(["Huế", iid, 2025, v, "verified"])
        formats[f"D{n}"] = fmt
    sub = read_submission(excel_book(rows, formats), framework, "hue.xlsx")
    got = {iid: value_of(sub, iid) for iid in cells}
    assert got == {"WRK06": 2.1, "INC03": 1.8, "SUS06": 8.0, "ENG04": 100.0, "CON01": 96.0}
    assert codes(sub) == []  # read, not guessed: nothing to warn about


def test_literal_percent_format_is_not_scaled(framework):
    sub = read_submission(excel_book([HEAD, ["A", "INN04", 2025, 0.125, "verified"]], {"D2": 'General"%"'}), framework)
    assert value_of(sub, "INN04") == 0.125 and codes(sub) == []


@pytest.mark.parametrize(
    "data, name",
    [
        (b"Community,Indicator ID,Year,Value,Evidence status\nA,CON02,2025,0.85,verified\n", "a.csv"),
        (excel_book([HEAD, ["A", "CON02", 2025, 0.85, "verified"]]), "a.xlsx"),  # a number cell, no % format
    ],
)
def test_bare_fraction_in_a_percent_column_is_kept_and_said(framework, data, name):
    sub = read_submission(data, framework, name)
    assert value_of(sub, "CON02") == 0.85
    issue = localised(sub.issues, "en").iloc[0]
    assert codes(sub) == ["bare_fraction"] and issue["row"] == 2
    assert issue["message"] == "0.85 in a percent column is read as 0.85 %, as written."
    assert "type 85 or format the cell as a percentage" in issue["hint"]
    assert localised(sub.issues, "vi").iloc[0]["hint"].startswith("Nếu muốn ghi 85%")


def test_percent_cells_through_the_cli(framework, tmp_path):
    path = tmp_path / "hue.xlsx"
    path.write_bytes(excel_book([HEAD, ["Huế", "ENG04", 2025, 1, "verified"]], {"D2": "0%"}))
    record = json.loads(CliRunner().invoke(main, ["score", str(path), "--format", "json"]).output)
    eng04 = next(i for i in record["indicators"] if i["id"] == "ENG04")
    assert eng04["value"] == 100 and eng04["score"] == 100


# ---------------------------------------------------------------- 2. the sheet


def test_sheet1_is_found_by_its_header_and_named(framework):
    sub = read_submission(
        excel_book([["Indicator ID", "Year", "Value"], ["CON01", 2024, 80]], sheet="Sheet1"), framework
    )
    assert value_of(sub, "CON01") == 80
    note = localised(sub.issues, "en")
    assert note["message"].str.contains("the sheet ‘Sheet1’ has the Indicators headers").any()


def _two_sheets(first: str, second: str) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = first
    ws.append(["Community", "Indicator ID", "Year", "Value"])
    ws.append(["A", "CON01", 2024, 90])
    ws2 = wb.create_sheet(second)
    ws2.append(["Cộng đồng", "Mã chỉ số", "Năm", "Giá trị"])
    ws2.append(["A", "CON01", 2024, 55])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("names", [("Indicators", "Chỉ số"), ("Sheet1", "Trang tính1")])
def test_two_candidate_sheets_same_choice_every_run(framework, tmp_path, names):
    path = tmp_path / "two.xlsx"
    path.write_bytes(_two_sheets(*names))
    sub = read_submission(path, framework)
    assert value_of(sub, "CON01") == 90  # the first in workbook order
    ignored = sub.issues[sub.issues["code"] == "sheet_ignored"]
    assert ignored["sheet"].tolist() == [names[1]]
    seen = set()
    for seed in ("1", "2", "3"):
        run = subprocess.run(
            [sys.executable, "-m", "assessor", "score", str(path), "--format", "json"],
            capture_output=True,
            text=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
        )
        seen.add(json.loads(run.stdout)["indicators"][0]["value"])
    assert seen == {90}


# ---------------------------------------------------------------- 3. encodings and Unicode


CSV_VI = "Cộng đồng;Mã chỉ số;Năm;Giá trị\nBình Dương;CON01;2024;85,5\nBình Dương;INC06;2024;Một phần\n"


@pytest.mark.parametrize(
    "encode, note",
    [
        (lambda s: s.encode("utf-8"), None),
        (lambda s: s.encode("utf-8-sig"), None),
        (lambda s: s.encode("utf-16"), "UTF-16"),  # Python writes the byte-order mark
        (cp1258, "Windows-1258"),
        (lambda s: unicodedata.normalize("NFD", s).encode("utf-8"), None),  # as macOS writes
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "cp1258", "utf8-nfd"],
)
def test_csv_encodings_decode_to_the_same_values(framework, encode, note):
    sub = read_submission(encode(CSV_VI), framework, "chi-so.csv")
    assert sub.indicators["community"].unique().tolist() == ["Bình Dương"]  # NFC, one community
    assert value_of(sub, "CON01") == 85.5 and sub.indicators.loc[1, "label"] == "partial"
    said = localised(sub.issues[sub.issues["code"] == "csv_encoding"], "en")["message"].tolist()
    assert said == ([f"The CSV file was read as {note} text."] if note else [])


def test_windows_1252_csv(framework):
    data = "Community,Indicator ID,Year,Value\nSão Tomé,CON01,2024,85\nSão Tomé,INC06,2024,Sí\n".encode("cp1252")
    sub = read_submission(data, framework, "west.csv")
    assert sub.indicators["community"].unique().tolist() == ["São Tomé"]


def test_one_community_typed_two_ways_is_one(framework):
    nfc = read_submission(CSV_VI.encode(), framework, "a.csv")
    nfd = read_submission(unicodedata.normalize("NFD", CSV_VI.replace("CON01", "CON02")).encode(), framework, "b.csv")
    win = read_submission(cp1258(CSV_VI.replace("CON01", "CON03")), framework, "c.csv")
    assert assess(merge([nfc, nfd, win]).submission, framework).communities == ["Bình Dương"]


# ---------------------------------------------------------------- 4. numbers


@pytest.mark.parametrize("typed", ["inf", "Infinity", "-inf", "1e999", "NaN"])
def test_non_finite_numbers_are_reported_not_scored(framework, typed, tmp_path):
    data = f"Community,Indicator ID,Year,Value\nA,CON05,2024,{typed}\nA,CON01,2024,80\n".encode()
    sub = read_submission(data, framework, "x.csv")
    assert codes(sub) == ["not_finite"]
    assert sub.indicators.loc[0, "excluded"] == "not_finite" and sub.indicators.loc[0, "raw_value"] == typed
    path = tmp_path / "x.csv"
    path.write_bytes(data)
    out = CliRunner().invoke(main, ["score", str(path), "--format", "json"]).output

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    json.loads(out, parse_constant=refuse)


def test_a_fractional_level_is_reported_the_same_as_text_and_as_a_number(framework):
    as_text = read_submission(
        b'Community,Indicator ID,Year,Value\nA,CON07,2024,2.5\nA,CON07,2023,"3,9"\n', framework, "l.csv"
    )
    as_number = read_submission(excel_book([HEAD[:4], ["A", "CON07", 2024, 2.5]]), framework)
    assert codes(as_text) == ["level_not_whole", "level_not_whole"] and codes(as_number) == ["level_not_whole"]
    assert as_text.scorable.empty and as_number.scorable.empty


def test_level_text_people_write(framework):
    rows = [
        ["A", "CON07", year, typed]
        for year, typed in (
            (2021, "Mức 3"),
            (2022, "Level 2 – strategy adopted"),
            (2023, "3"),
            (2024, "Mức 4: có kế hoạch"),
        )
    ]
    sub = read_submission(excel_book([HEAD[:4], *rows]), framework)
    assert sub.indicators["value"].tolist() == [3.0, 2.0, 3.0, 4.0] and codes(sub) == []


def test_a_row_wider_than_its_header_is_reported_never_cut(framework):
    sub = read_submission(
        b"Community,Indicator ID,Year,Value\nA,CON01,2024,85,5\nA,CON02,2024,70\n", framework, "w.csv"
    )
    issue = localised(sub.issues, "en").iloc[0]
    assert (codes(sub), issue["row"], issue["value"]) == (["row_too_wide"], 2, "5")
    assert sub.indicators.loc[0, "excluded"] == "row_too_wide" and value_of(sub, "CON02") == 70


def _with_error_cell(data: bytes, ref: str, error: str) -> bytes:
    """Excel's own error value in a cell, which openpyxl cannot write: put into the sheet's XML."""
    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                start = part.index(f'<c r="{ref}"'.encode())
                end = part.index(b"</c>", start) + 4
                part = part[:start] + f'<c r="{ref}" t="e"><v>{error}</v></c>'.encode() + part[end:]
            dst.writestr(info, part)
    return out.getvalue()


def test_xlsx_and_csv_agree_on_what_is_missing(framework):
    csv = (
        b"Community,Indicator ID,Year,Value\nA,CON01,2024,NA\nA,CON02,2024,#N/A\nA,CON03,2024,#DIV/0!\nA,CON04,2024,\n"
    )
    book = excel_book(
        [
            HEAD[:4],
            ["A", "CON01", 2024, "NA"],
            ["A", "CON02", 2024, "#N/A"],
            ["A", "CON03", 2024, 0],
            ["A", "CON04", 2024, None],
        ]
    )
    book = _with_error_cell(book, "D4", "#DIV/0!")
    for sub in (read_submission(csv, framework, "m.csv"), read_submission(book, framework, "m.xlsx")):
        by_row = dict(zip(sub.issues["row"], sub.issues["code"], strict=True))
        assert by_row == {2: "marked_missing", 3: "excel_error", 4: "excel_error"}
        assert sub.indicators["value"].isna().all()


def test_formula_without_a_saved_result_is_reported(framework):
    sub = read_submission(excel_book([HEAD[:4], ["A", "CON01", 2024, "=B1*2"]]), framework)
    assert codes(sub) == ["formula_no_value"] and sub.scorable.empty


def test_date_in_a_value_cell_is_reported(framework):
    import datetime

    sub = read_submission(excel_book([HEAD[:4], ["A", "CON01", 2024, datetime.datetime(2024, 3, 1)]]), framework)
    assert codes(sub) == ["date_in_value"] and "2024-03-01" in localised(sub.issues, "en").iloc[0]["message"]


# ---------------------------------------------------------------- 5. years and row numbers


@pytest.mark.parametrize("year", [24, 1e20, 2024.5, "next year"])
def test_profile_year_is_validated_like_the_indicators(framework, year):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Profile"
    ws.append(["Community", "Assessment year"])
    ws.append(["A", year])
    ind = wb.create_sheet("Indicators")
    ind.append(["Indicator ID", "Year", "Value"])
    ind.append(["CON01", None, 80])
    buf = io.BytesIO()
    wb.save(buf)
    sub = read_submission(buf.getvalue(), framework)
    bad = sub.issues[sub.issues["code"] == "bad_year"]
    assert (bad["sheet"].tolist(), bad["row"].tolist()) == (["Profile"], [2])
    assert "no_year" in codes(sub) and sub.scorable.empty  # the row's year is not made up


def test_csv_rows_are_the_lines_the_user_sees(framework):
    data = b"Community,Indicator ID,Year,Value\n\nA,CON01,2024,80\n\n\nA,CON02,2024,abc\n"
    issue = read_submission(data, framework, "b.csv").issues
    assert issue[issue["code"] == "not_a_number"]["row"].tolist() == [6]


# ---------------------------------------------------------------- 6. actions


def test_unreadable_expected_value_and_due_date_are_reported(framework):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Indicators"
    ws.append(["Community", "Indicator ID", "Year", "Value"])
    ws.append(["A", "CON01", 2024, 80])
    act = wb.create_sheet("Actions")
    act.append(["Action ID", "Title", "Indicator ID", "Expected value", "Due"])
    act.append(["A1", "Fibre to schools", "CON01", "about 95", "next spring"])
    act.append(["A2", "Public Wi-Fi", "CON01", "95", "30/06/2026"])
    act.append([None, "No id", "CON01", 90, None])
    buf = io.BytesIO()
    wb.save(buf)
    sub = read_submission(buf.getvalue(), framework)
    on_actions = sub.issues[sub.issues["sheet"] == "Actions"]
    assert sorted(zip(on_actions["row"], on_actions["code"], strict=True)) == [
        (2, "bad_due"),
        (2, "not_a_number"),
        (4, "action_incomplete"),
    ]
    assert sub.actions["due"].tolist()[:2] == ["next spring", "2026-06-30"]
    assert sub.actions["expected_value"].tolist()[:2] == ["about 95", 95.0]  # kept as typed where unreadable


# ---------------------------------------------------------------- 7. merging departments


def _department(framework, lang: str, values: dict[str, object]) -> bytes:
    wb = openpyxl.load_workbook(io.BytesIO(build_template(framework, lang, 2024, "Bình Dương")))
    ws = wb["Indicators" if lang == "en" else "Chỉ số"]
    header_row = next(r for r in range(1, 10) if ws.cell(r, 2).value in ("Indicator ID", "Mã chỉ số"))
    heads = [c.value for c in ws[header_row]]
    col = heads.index("Value" if lang == "en" else "Giá trị") + 1
    for r in range(header_row + 1, ws.max_row + 1):
        if ws.cell(r, 2).value in values:
            ws.cell(r, col).value = values[ws.cell(r, 2).value]
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_departments_filling_their_own_rows_merge_without_conflict(framework, tmp_path):
    files = []
    for n, (lang, values) in enumerate([("en", {"CON01": 90}), ("vi", {"CON02": 70}), ("en", {"INN04": 1.5})]):
        path = tmp_path / f"dept{n}.xlsx"
        path.write_bytes(_department(framework, lang, values))
        files.append(path)
    merged = merge([read_submission(f, framework) for f in files])
    assert merged.open_conflicts == 0
    result = assess(merged.submission, framework)
    values = result.indicators.set_index("indicator_id")["value"]
    assert (values["CON01"], values["CON02"], values["INN04"]) == (90, 70, 1.5)

    run = CliRunner().invoke(main, ["score", *map(str, files), "--format", "json"])
    assert run.exit_code == 0
    record = json.loads(run.output)
    assert {i["id"]: i["value"] for i in record["indicators"]}["CON02"] == 70


def test_cli_lists_open_conflicts_and_says_so_in_its_exit_code(framework, tmp_path):
    a, b = tmp_path / "so-tttt.xlsx", tmp_path / "so-khcn.xlsx"
    a.write_bytes(_department(framework, "en", {"CON01": 90}))
    b.write_bytes(_department(framework, "en", {"CON01": 80}))
    run = CliRunner().invoke(main, ["score", str(a), str(b), "--lang", "vi"])
    assert run.exit_code == 3
    assert "Còn 1 xung đột giữa các tệp" in run.stderr
    assert "Bình Dương · CON01 · 2024: so-khcn.xlsx (hàng 3): 80; so-tttt.xlsx (hàng 3): 90" in run.stderr
    checked = CliRunner().invoke(main, ["validate", str(a), str(b)])
    assert checked.exit_code == 3 and "Errors: 0" in checked.stdout  # no error in either file; a conflict between them


def test_a_conflicting_answer_is_named_in_the_language(framework, tmp_path):
    a, b = tmp_path / "so-gddt.xlsx", tmp_path / "so-noivu.xlsx"
    a.write_bytes(_department(framework, "en", {"INC06": "Partial"}))
    b.write_bytes(_department(framework, "vi", {"INC06": "Có"}))
    vi = CliRunner().invoke(main, ["score", str(a), str(b), "--lang", "vi"]).stderr
    en = CliRunner().invoke(main, ["score", str(a), str(b), "--lang", "en"]).stderr
    assert "INC06 · 2024: so-gddt.xlsx (hàng 35): Một phần; so-noivu.xlsx (hàng 35): Có" in vi
    assert "INC06 · 2024: so-gddt.xlsx (row 35): Partial; so-noivu.xlsx (row 35): Yes" in en


# ---------------------------------------------------------------- issues belong to their community


def test_a_communitys_issues_are_its_own(framework):
    from assessor.quality import data_quality

    data = (
        b"Community,Indicator ID,Year,Value,Evidence status\n"
        b"A,CON01,2024,80,verified\nB,CON01,2024,abc,verified\nB,CON02,2024,inf,verified\n"
    )
    result = assess(read_submission(data, framework, "panel.csv"), framework)
    assert data_quality(result, "A").errors == 0 and data_quality(result, "B").errors == 2
    assert result.for_community("A").issues.empty
    assert sorted(result.for_community("B").issues["code"]) == ["not_a_number", "not_finite"]


# ---------------------------------------------------------------- smaller silent paths the review found


def test_a_filled_row_wins_over_a_blank_copy(framework):
    data = b"Community,Indicator ID,Year,Value\nA,CON01,2024,\nA,CON01,2024,80\n"  # the template row left empty
    sub = read_submission(data, framework, "d.csv")
    assert sub.scorable["value"].tolist() == [80.0]
    assert codes(sub) == ["duplicate_blank"]  # a note: nothing was lost


def test_a_column_headed_indicator_holds_the_ids(framework):
    sub = read_submission(b"Indicator,Year,Value\nCON01,2024,80\n", framework, "ids.csv")
    assert value_of(sub, "CON01") == 80 and "column_read_as" in codes(sub)


def test_year_choices_are_said(framework, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(b"Community,Indicator ID,Year,Value\nA,CON01,2024,80\nA,CON01,2023,70\nB,CON01,2023,60\n")
    record = json.loads(CliRunner().invoke(main, ["score", str(path), "--year", "2024", "--format", "json"]).output)
    left_out = [i for i in record["issues"] if i["community"] == "B"]
    assert left_out[-1]["message"].startswith("No values for 2024: this community is left out")
    panel = json.loads(CliRunner().invoke(main, ["score", str(path), "--format", "json"]).output)
    assert [i["message"][:38] for i in panel["issues"]] == ["Communities are assessed at their own "]


def test_a_sheet_too_long_is_refused_from_its_first_bytes(framework):
    from assessor.messages import FatalInputError

    book = excel_book([HEAD[:4], ["A", "CON01", 2024, 80]])
    src, out = zipfile.ZipFile(io.BytesIO(book)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            part = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b'<dimension ref="A1:D2"/>', b'<dimension ref="A1:D2000000"/>')
            dst.writestr(info, part)
    with pytest.raises(FatalInputError) as refused:
        read_submission(out.getvalue(), framework, "big.xlsx")
    assert refused.value.message("vi") == (
        "Tệp big.xlsx có 2.000.000 hàng; công cụ chỉ đọc tối đa 1.000.000 hàng mỗi trang: "
        "hãy tách tệp theo địa phương hoặc theo năm."
    )


@pytest.mark.parametrize("typed, header", [("0,125", "Giá trị"), ("0.125", "Value")])
def test_a_leading_zero_is_never_a_thousands_group(framework, typed, header):
    data = f"Mã chỉ số;Năm;{header}\nINN04;2025;{typed}\n".encode()
    sub = read_submission(data, framework, "rd.csv")
    assert value_of(sub, "INN04") == 0.125 and "ambiguous_number" not in codes(sub)
