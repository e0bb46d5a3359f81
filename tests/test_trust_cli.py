"""The reader's trust rules (tests/test_trust.py) as an office meets them: through `validate` and `score --format json`
on the command line, several files at once where offices send several.

The first tests take the rules one by one, on the files the issue names (Excel percentage cells, `Sheet1`, a
Windows-1258 CSV, `inf`, a Profile year of 24, an unreadable Actions row). The last one holds the command line to the
corpus (tests/corpus.py): whatever the reader reports on a file, `validate` prints, each at its row.
"""

from __future__ import annotations

import io
import json
import math
import re
import unicodedata
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner, Result

from assessor.cli import main
from assessor.framework import default_framework
from assessor.issues import localised
from assessor.read import read_submission

from corpus import CASES, Case, cp1258

HEAD = ["Community", "Indicator ID", "Year", "Value", "Evidence status"]
CSV_VI = "Cộng đồng;Mã chỉ số;Năm;Giá trị\nBình Dương;CON01;2024;85,5\nBình Dương;INC06;2024;Một phần\n"
BARE_FRACTION = "0.85 in a percent column is read as 0.85 %, as written."


def book(sheets: dict[str, list[list[Any]]], formats: dict[str, str] | None = None) -> bytes:
    """A workbook as Excel stores it; `formats` gives cells of the first sheet their number format."""
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets.items():
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    for ref, fmt in (formats or {}).items():
        wb.worksheets[0][ref].number_format = fmt
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def files(tmp_path: Path, **named: bytes) -> list[str]:
    paths = []
    for name, data in named.items():
        path = tmp_path / name.replace("__", ".")
        path.write_bytes(data)
        paths.append(str(path))
    return paths


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def scored(*paths: str, exit_code: int = 0) -> dict[str, Any]:
    """`score --format json` of the files: one community's record, strict JSON (no NaN or Infinity)."""
    result = run("score", *paths, "--format", "json")
    assert result.exit_code == exit_code, result.output

    def refuse(constant: str) -> None:
        raise AssertionError(f"non-standard JSON constant {constant}")

    record = json.loads(result.stdout, parse_constant=refuse)
    assert "communities" not in record, "one community expected"
    return record


def values(record: dict[str, Any]) -> dict[str, Any]:
    return {i["id"]: i["value"] for i in record["indicators"] if i["value"] is not None}


def said(record: dict[str, Any]) -> list[tuple[str | None, str, Any, str]]:
    """Each issue of the record: (file, severity, row, message)."""
    return [(i.get("file"), i["severity"], i["row"], i["message"]) for i in record["issues"]]


# ---------------------------------------------------------------- 1. Excel number formats


def test_percent_cells_and_bare_fractions_on_the_command_line(tmp_path):
    """Two departments' files at once: Excel percentage cells read as shown, a bare fraction kept and warned of in
    the xlsx and in the CSV alike, each warning on its file and row."""
    cells = {"WRK06": (0.021, "0.0%"), "INC03": (0.018, "0.0%"), "SUS06": (0.08, "0%"), "ENG04": (1, "0%")}
    rows = [HEAD] + [["Huế", iid, 2025, v, "verified"] for iid, (v, _) in cells.items()]
    rows.append(["Huế", "CON02", 2025, 0.85, "verified"])  # a number cell without a percent format
    formats = {f"D{n}": fmt for n, (_, fmt) in enumerate(cells.values(), start=2)}
    csv = "Community,Indicator ID,Year,Value,Evidence status\nHuế,CON01,2025,0.85,verified\n".encode()
    paths = files(tmp_path, so_tttt__xlsx=book({"Indicators": rows}, formats), so_gddt__csv=csv)
    record = scored(*paths)
    assert values(record) == {"WRK06": 2.1, "INC03": 1.8, "SUS06": 8, "ENG04": 100, "CON02": 0.85, "CON01": 0.85}
    assert sorted(said(record)) == [
        ("so_gddt.csv", "warning", 2, BARE_FRACTION),
        ("so_tttt.xlsx", "warning", 6, BARE_FRACTION),
    ]
    assert run("validate", *paths).exit_code == 0  # warnings only


# ---------------------------------------------------------------- 2. the sheet


def test_the_sheet_used_and_the_one_left_are_named_on_the_command_line(tmp_path):
    sheet1 = book({"Sheet1": [HEAD, ["A", "CON01", 2024, 80, "verified"]]})
    two = book(
        {
            "Sheet1": [HEAD, ["A", "CON02", 2024, 90, "verified"]],
            "Trang tính1": [["Cộng đồng", "Mã chỉ số", "Năm", "Giá trị"], ["A", "CON02", 2024, 55]],
        }
    )
    paths = files(tmp_path, Book1__xlsx=sheet1, Book2__xlsx=two)
    record = scored(*paths)
    assert values(record) == {"CON01": 80, "CON02": 90}
    notes = [(i["file"], i["severity"], i["sheet"]) for i in record["issues"]]
    assert ("Book1.xlsx", "info", "Sheet1") in notes and ("Book2.xlsx", "warning", "Trang tính1") in notes
    used = next(i["message"] for i in record["issues"] if i["file"] == "Book1.xlsx")
    assert "‘Sheet1’" in used
    vi = run("validate", paths[1], "--lang", "vi")
    assert vi.exit_code == 0 and "Trang tính1" in vi.stdout


# ---------------------------------------------------------------- 3. encodings and Unicode


ENCODINGS = {
    "utf8": lambda s: s.encode("utf-8"),
    "utf8_bom": lambda s: s.encode("utf-8-sig"),
    "utf16": lambda s: s.encode("utf-16"),
    "cp1258": cp1258,
    "nfd": lambda s: unicodedata.normalize("NFD", s).encode("utf-8"),
}


@pytest.mark.parametrize("encoding", sorted(ENCODINGS))
def test_a_csv_in_each_encoding_on_the_command_line(tmp_path, encoding):
    (path,) = files(tmp_path, chi_so__csv=ENCODINGS[encoding](CSV_VI))
    record = scored(path)
    assert record["community"] == "Bình Dương"
    assert values(record) == {"CON01": 85.5, "INC06": "partial"}


def test_one_community_typed_in_five_encodings_is_one_on_the_command_line(tmp_path):
    named = {f"{name}__csv": encode(CSV_VI) for name, encode in ENCODINGS.items()}
    named["another__csv"] = cp1258("Community,Indicator ID,Year,Value\nBình Dương,CON02,2024,70\n")
    record = scored(*files(tmp_path, **named))  # one object: one community, the identical rows merged quietly
    assert record["community"] == "Bình Dương" and values(record) == {"CON01": 85.5, "CON02": 70, "INC06": "partial"}


def test_a_windows_1252_csv_on_the_command_line(tmp_path):
    data = "Community,Indicator ID,Year,Value\nSão Tomé,CON01,2024,85\nSão Tomé,INC06,2024,Sí\n".encode("cp1252")
    record = scored(*files(tmp_path, west__csv=data))
    assert record["community"] == "São Tomé" and values(record)["CON01"] == 85


# ---------------------------------------------------------------- 4. numbers


def test_numbers_that_cannot_be_scored_are_printed_on_their_rows(tmp_path):
    csv = (
        b"Community,Indicator ID,Year,Value\n"
        b"A,CON01,2024,80\nA,CON05,2024,inf\nA,ENG02,2024,1e999\nA,CON07,2024,2.5\nA,CON02,2024,85,5\n"
        b"A,CON03,2024,NA\nA,CON04,2024,#DIV/0!\n"
    )  # no evidence status: CON01's row has a note saying it counts as self-reported
    (path,) = files(tmp_path, so__csv=csv)
    record = scored(path)
    assert values(record) == {"CON01": 80}
    by_row = {row: severity for _, severity, row, _ in said(record)}
    assert by_row == {2: "info", 3: "error", 4: "error", 5: "error", 6: "error", 7: "info", 8: "error"}
    printed = run("validate", path)
    assert printed.exit_code == 1
    for row in (3, 4, 5, 6, 8):
        assert any(re.match(rf"ERROR +so, row {row}[,:]", line) for line in printed.stdout.splitlines()), row


def test_xlsx_and_csv_say_the_same_of_missing_and_fractional_values(tmp_path):
    typed = [["A", "CON01", 2024, "NA"], ["A", "CON02", 2024, "#N/A"], ["A", "CON07", 2024, "2.5"]]
    csv = "Community,Indicator ID,Year,Value\n" + "".join(",".join(map(str, r)) + "\n" for r in typed)
    xlsx = book({"Indicators": [HEAD[:4], *typed[:2], ["A", "CON07", 2024, 2.5]]})
    paths = files(tmp_path, m__csv=csv.encode(), m__xlsx=xlsx)
    reports = []
    for path in paths:
        printed = run("validate", path)
        assert printed.exit_code == 1
        reports.append([line.split(":", 1)[0].split(",", 1)[1] for line in printed.stdout.splitlines()[:-1]])
    assert reports[0] == reports[1] == [" row 3, Value", " row 4, Value", " row 2, Value"]


# ---------------------------------------------------------------- 5. years and row numbers


@pytest.mark.parametrize("year", [24, 1e20, 2024.5])
def test_a_profile_year_is_checked_on_the_command_line(tmp_path, year):
    data = book(
        {
            "Profile": [["Community", "Assessment year"], ["A", year]],
            "Indicators": [HEAD, ["A", "CON01", None, 80, "verified"], ["A", "CON02", 2024, 70, "verified"]],
        }
    )
    (path,) = files(tmp_path, nam__xlsx=data)
    record = scored(path)
    assert values(record) == {"CON02": 70}  # the row without a year is not given the bad one
    errors = {(i["sheet"], i["row"]) for i in record["issues"] if i["severity"] == "error"}
    assert errors == {("Profile", 2), ("Indicators", 2)}
    assert "Traceback" not in run("validate", path).output


def test_csv_rows_printed_are_the_lines_the_user_sees(tmp_path):
    data = b"Community,Indicator ID,Year,Value,Evidence status\n"
    data += b"\nA,CON01,2024,80,verified\n\n\nA,CON02,2024,abc,verified\n"
    (path,) = files(tmp_path, b__csv=data)
    assert [row for _, _, row, _ in said(scored(path))] == [6]
    assert "b, row 6, Value: 'abc' is not a number." in run("validate", path).stdout


# ---------------------------------------------------------------- 6. actions


def test_an_unreadable_action_is_printed_on_its_row(tmp_path):
    data = book(
        {
            "Indicators": [HEAD, ["A", "CON01", 2024, 80, "verified"]],
            "Actions": [
                ["Action ID", "Title", "Indicator ID", "Expected value", "Due"],
                ["A1", "Fibre to schools", "CON01", "about 95", "next spring"],
                ["A2", "Public Wi-Fi", "CON01", "95", "30/06/2026"],
            ],
        }
    )
    (path,) = files(tmp_path, hanh_dong__xlsx=data)
    record = scored(path)
    assert sorted((i["sheet"], i["row"], i["severity"]) for i in record["issues"]) == [
        ("Actions", 2, "error"),
        ("Actions", 2, "warning"),
    ]
    printed = run("validate", path)
    assert printed.exit_code == 1 and printed.stdout.count("Actions, row 2") == 2


# ---------------------------------------------------------------- 8. round trip


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_the_evidence_workbook_scores_the_same_on_the_command_line(tmp_path, lang):
    rows = [HEAD, ["Huế", "INN04", 2025, 0.125, "verified"], ["Huế", "WRK06", 2025, -0.021, "verified"]]
    rows += [["Huế", "CON07", 2025, "Mức 3", "verified"], ["Huế", "INC06", 2025, "Một phần", "verified"]]
    (path,) = files(tmp_path, hue__xlsx=book({"Indicators": rows}))
    first = scored(path)
    out = tmp_path / "evidence.xlsx"
    assert run("export", path, "--out", str(out), "--lang", lang).exit_code == 0
    again = scored(str(out))
    assert values(again) == values(first) == {"INN04": 0.125, "WRK06": -0.021, "CON07": 3, "INC06": "partial"}
    assert again["overall"] == first["overall"] and again["issues"] == []


# ---------------------------------------------------------------- the corpus


READABLE = [c for c in CASES if c.fatal is None]


@pytest.mark.parametrize("case", READABLE, ids=[c.name for c in READABLE])
def test_validate_prints_what_the_reader_found(case: Case, tmp_path):
    """Every issue of the read is a line of `validate`, at its row; the exit code says whether there are errors."""
    (path,) = files(tmp_path, **{case.filename.replace(".", "__"): case.data()})
    sub = read_submission(case.data(), default_framework(), case.filename)
    printed = run("validate", path)
    assert "Traceback" not in printed.output
    assert printed.exit_code == (1 if sub.has_errors else 0), printed.output[-1500:]
    lines = printed.stdout.splitlines()
    for issue in localised(sub.issues, "en").to_dict("records"):
        row = issue["row"]
        at = "" if row is None or (isinstance(row, float) and math.isnan(row)) else f", row {int(row)}"
        assert any(issue["message"] in line and at in line for line in lines), (issue, lines[:20])
