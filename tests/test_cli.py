"""The command line as a planning office uses it: template, validate, score; plain sentences, never a traceback."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assessor.cli import main
from assessor.read import read_submission

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"


@pytest.fixture()
def runner():
    return CliRunner()


def test_template_lists_every_indicator_with_dropdowns(runner, tmp_path, framework):
    out = tmp_path / "mau.xlsx"
    result = runner.invoke(main, ["template", "--out", str(out), "--lang", "vi", "--year", "2025"])
    assert result.exit_code == 0, result.output
    assert "Đã ghi" in result.output
    wb = load_workbook(out)
    assert {"Hướng dẫn", "Hồ sơ", "Chỉ số", "Thuyết minh", "Hành động", "Bộ tiêu chí"} <= set(wb.sheetnames)
    ws = wb["Chỉ số"]
    assert ws["B2"].value == "Mã chỉ số" and ws["G2"].value == "Giá trị"
    ids = [ws.cell(r, 2).value for r in range(3, 3 + len(framework.indicators))]
    assert ids == [i.id for i in framework.indicators]
    formulas = [dv.formula1 for dv in ws.data_validations.dataValidation]
    assert any("DanhSach" in (f or "") for f in formulas)  # status, helix and yes/partial/no drop-downs
    assert sum(dv.type == "list" for dv in ws.data_validations.dataValidation) > 3  # and one per rubric (levels 0-4)
    lists = wb["DanhSach"]  # the hidden list sheet is named in the template's language
    assert lists.sheet_state == "hidden"
    assert [lists.cell(r, 1).value for r in range(1, 5)] == ["đã kiểm chứng", "có văn bản", "tự kê khai", "chưa có minh chứng"]


def test_empty_template_reads_back_clean(runner, tmp_path, framework):
    out = tmp_path / "template.xlsx"
    runner.invoke(main, ["template", "--out", str(out), "--community", "Thủ Dầu Một"])
    sub = read_submission(out, framework)
    assert len(sub.indicators) == len(framework.indicators)
    assert sub.communities == ["Thủ Dầu Một"]
    assert sub.issues[sub.issues["severity"] != "info"].empty


def test_filled_template_scores(runner, tmp_path, framework):
    out = tmp_path / "t.xlsx"
    runner.invoke(main, ["template", "--out", str(out), "--community", "Testville", "--year", "2025"])
    wb = load_workbook(out)
    ws = wb["Indicators"]
    for r in range(3, 3 + len(framework.indicators)):
        ind = framework.by_id[ws.cell(r, 2).value]
        ws.cell(r, 7).value = "Yes" if ind.kind == "categorical" else (4 if ind.kind == "level" else None)
        ws.cell(r, 8).value = "verified"
    wb.save(out)
    result = runner.invoke(main, ["score", str(out), "--format", "json"])
    record = json.loads(result.output)
    assert record["overall"]["score"] == 100.0 and record["overall"]["level"] == "leading"
    assert all(d["insufficient_data"] for d in record["domains"])  # only the qualitative third is filled


def test_validate_exit_codes(runner, tmp_path):
    result = runner.invoke(main, ["validate", str(SAMPLE)])
    assert result.exit_code == 1  # the sample carries deliberate errors
    assert "ERROR" in result.output and "not a number" in result.output
    clean = tmp_path / "clean.csv"
    clean.write_text("community,indicator_id,year,value,evidence_status\nA,CON01,2025,90,verified\n", encoding="utf-8")
    ok = runner.invoke(main, ["validate", str(clean), "--lang", "vi"])
    assert ok.exit_code == 0 and "0 lỗi" in ok.output


def test_score_json_one_object_per_community(runner, framework):
    result = runner.invoke(main, ["score", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert record["community"] == "Bình Dương" and record["year"] == 2025
    assert [d["id"] for d in record["domains"]] == [d.id for d in framework.domains]
    assert len(record["indicators"]) == 54
    panel = SAMPLE.with_name("panel_illustrative.xlsx")
    document = json.loads(runner.invoke(main, ["score", str(panel), "--format", "json"]).output)
    assert len(document["communities"]) >= 12 and "issues" in document  # file-level issues once, at the top


def test_score_year_and_csv(runner):
    result = runner.invoke(main, ["score", str(SAMPLE), "--format", "csv", "--year", "2023"])
    frame = pd.read_csv(io.StringIO(result.output))
    assert set(frame["year"]) == {2023} and len(frame) == 54
    missing = runner.invoke(main, ["score", str(SAMPLE), "--year", "1999"])
    assert missing.exit_code == 1 and "no indicator values for 1999" in missing.output


def test_score_table_in_vietnamese(runner):
    out = runner.invoke(main, ["score", str(SAMPLE), "--lang", "vi"]).output
    assert "Kết quả tự đánh giá mô phỏng theo bộ tiêu chí của ICF, không phải điểm do ICF chấm." in out
    assert "Kết nối số" in out and "Điểm tổng hợp" in out and "Độ phủ dữ liệu" in out
    assert "100%" in out and "100 %" not in out  # 69,8% as Vietnamese writes it: no space before the sign
    assert "ICF score" not in out


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"%PDF-1.4", "report.pdf", "is not a spreadsheet this tool can read"),
        (b"PK\x03\x04broken", "broken.xlsx", "is not a spreadsheet this tool can read"),
        (b"", "empty.xlsx", "is empty"),
    ],
)
def test_fatal_input_is_one_sentence_without_traceback(runner, tmp_path, content, name, expected):
    path = tmp_path / name
    path.write_bytes(content)
    result = runner.invoke(main, ["score", str(path)])
    assert result.exit_code == 1 and expected in result.output
    assert "Traceback" not in result.output


def test_missing_file_and_bad_catalogue(runner, tmp_path):
    result = runner.invoke(main, ["score", str(tmp_path / "nope.xlsx")])
    assert result.exit_code == 1 and "cannot be opened" in result.output
    bad = tmp_path / "bad.yaml"
    bad.write_text("meta: {}\n", encoding="utf-8")
    result = runner.invoke(main, ["score", str(SAMPLE), "--catalogue", str(bad)])
    assert result.exit_code == 1 and "bad.yaml" in result.output


def test_python_dash_m_entry_point():
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "score", str(SAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and json.loads(done.stdout)["community"] == "Bình Dương"


# ------------------------------------------------------------------ the user's files are never destroyed


@pytest.mark.parametrize("command", ["export", "deck", "brief"])
def test_the_output_is_never_an_input(runner, tmp_path, command):
    book = tmp_path / "chi-so.xlsx"
    book.write_bytes(SAMPLE.read_bytes())
    result = runner.invoke(main, [command, str(book), "--out", str(book), "--force", "--lang", "vi"])
    assert result.exit_code == 1 and "là một trong các tệp đang được đọc" in result.output
    assert book.read_bytes() == SAMPLE.read_bytes()


def test_an_existing_file_is_replaced_only_with_force(runner, tmp_path):
    out = tmp_path / "mau.xlsx"
    out.write_bytes(b"keep me")
    refused = runner.invoke(main, ["template", "--out", str(out)])
    assert refused.exit_code == 1 and "add --force to replace it" in refused.output
    assert out.read_bytes() == b"keep me"
    assert runner.invoke(main, ["template", "--out", str(out), "--force"]).exit_code == 0
    assert out.read_bytes()[:2] == b"PK" and [p.name for p in tmp_path.iterdir()] == ["mau.xlsx"]  # no temporary left


def test_a_refusal_is_prefixed_in_the_chosen_language(runner, tmp_path):
    missing = tmp_path / "khong-co.xlsx"
    said = runner.invoke(main, ["score", str(missing), "--lang", "vi"])
    assert said.exit_code == 1 and said.stderr.startswith("Lỗi: Không mở được tệp khong-co.xlsx.")
