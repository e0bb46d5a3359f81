"""The command line as a planning office uses it: template, validate, score; plain sentences, never a traceback."""

import io
import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import click
import pandas as pd
import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from assessor.cli import LANG_ENV, main
from assessor.i18n import t, texts
from assessor.read import read_submission

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "binh_duong_illustrative.xlsx"


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
    statuses = ["đã kiểm chứng", "có văn bản", "tự kê khai", "chưa có minh chứng"]
    assert [lists.cell(r, 1).value for r in range(1, 5)] == statuses


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


def test_score_csv_in_vietnamese_opens_in_excel_set_to_vietnamese(runner):
    english = runner.invoke(main, ["score", str(SAMPLE), "--format", "csv", "--year", "2025"]).output
    result = runner.invoke(main, ["score", str(SAMPLE), "--format", "csv", "--year", "2025", "--lang", "vi"])
    assert result.exit_code == 0 and result.output.startswith("\ufeff")  # the BOM: Excel reads UTF-8
    frame = pd.read_csv(io.StringIO(result.output.lstrip("\ufeff")), sep=";", dtype=str, keep_default_na=False)
    assert list(frame.columns[:4]) == ["Địa phương", "Năm", "Lĩnh vực", "Mã chỉ số"] and len(frame) == 54
    machine = pd.read_csv(io.StringIO(english)).set_index("indicator_id")
    row = frame.set_index("Mã chỉ số").loc["CON02"]
    assert row["Năm"] == "2025" and row["Lĩnh vực"] == "Kết nối số" and row["Tình trạng minh chứng"] == "đã kiểm chứng"
    assert row["Giá trị"] == "69,8" and machine.loc["CON02", "value"] == 69.8  # decimal comma, decimal point
    assert row["Điểm"] == format(machine.loc["CON02", "score"], "g").replace(".", ",")
    assert english.startswith("community,year,domain,indicator_id")


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


@pytest.mark.parametrize("command", ["deck", "export", "template"])
def test_the_catalogue_is_an_input_too(runner, tmp_path, command):
    catalogue = tmp_path / "tieu-chi.yaml"
    catalogue.write_bytes((ROOT / "indicators" / "icf_smart21.yaml").read_bytes())
    files = [] if command == "template" else [str(SAMPLE)]
    out = ["--out", str(catalogue), "--force", "--catalogue", str(catalogue)]
    result = runner.invoke(main, [command, *files, *out])
    assert result.exit_code == 1 and "is one of the files being read" in result.output
    assert catalogue.read_bytes() == (ROOT / "indicators" / "icf_smart21.yaml").read_bytes()


def test_a_missing_folder_is_not_made(runner, tmp_path):
    """A mistyped folder would hide the deck where nobody looks: said, as `cp` says it, and nothing is created."""
    out = tmp_path / "bao-cao" / "thang-12" / "deck.pptx"
    result = runner.invoke(main, ["deck", str(SAMPLE), "--out", str(out), "--lang", "vi"])
    assert result.exit_code == 1 and "thư mục" in result.output and "không tồn tại" in result.output
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_with_force(runner, tmp_path):
    out = tmp_path / "mau.xlsx"
    out.write_bytes(b"keep me")
    refused = runner.invoke(main, ["template", "--out", str(out)])
    assert refused.exit_code == 1 and "add --force to replace it" in refused.output
    assert out.read_bytes() == b"keep me"
    assert runner.invoke(main, ["template", "--out", str(out), "--force"]).exit_code == 0
    assert out.read_bytes()[:2] == b"PK" and [p.name for p in tmp_path.iterdir()] == ["mau.xlsx"]  # no temporary left


def test_an_output_gets_the_permissions_of_a_new_file_or_of_the_one_it_replaces(runner, tmp_path):
    old = os.umask(0o022)
    try:
        new = tmp_path / "mau.xlsx"
        assert runner.invoke(main, ["template", "--out", str(new)]).exit_code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o644  # readable by colleagues, as any file written here
        new.chmod(0o640)
        assert runner.invoke(main, ["template", "--out", str(new), "--force"]).exit_code == 0
        assert stat.S_IMODE(new.stat().st_mode) == 0o640
    finally:
        os.umask(old)


def test_a_refusal_is_prefixed_in_the_chosen_language(runner, tmp_path):
    missing = tmp_path / "khong-co.xlsx"
    said = runner.invoke(main, ["score", str(missing), "--lang", "vi"])
    assert said.exit_code == 1 and said.stderr.startswith("Lỗi: Không mở được tệp khong-co.xlsx.")


def _helps(command, path=()):
    """Every help text of the command line: each command's and each option's, as written in the code."""
    yield (*path, command.name), command.help
    for param in command.params:
        if isinstance(param, click.Option) and param.help:
            yield (*path, command.name, param.name), param.help
    for sub in getattr(command, "commands", {}).values():
        yield from _helps(sub, (*path, command.name))


def test_every_help_text_is_in_the_catalogue_in_both_languages():
    helps = dict(_helps(main))
    assert len(helps) > 20
    missing = {where: text for where, text in helps.items() if text not in texts()}
    assert not missing, missing


@pytest.mark.parametrize("how", ["option", "environment"])
def test_help_in_vietnamese(runner, how):
    args, env = (
        (["score", "--help", "--lang", "vi"], {}) if how == "option" else (["score", "--help"], {LANG_ENV: "vi"})
    )
    said = runner.invoke(main, args, env=env)
    assert said.exit_code == 0
    assert "Cách dùng:" in said.output and "Tùy chọn:" in said.output and "[mặc định: table]" in said.output
    assert t("cli.help_score", "vi") in " ".join(said.output.split())
    for english in ("Usage:", "Options:", "Show this message", "Language.", "default:", "OPTIONS", "FILE", "INTEGER"):
        assert english not in said.output
    assert "score [TÙY CHỌN] TỆP..." in said.output and "--year NĂM" in said.output
    assert "[mặc định: en]" not in said.output  # the default is ASSESSOR_LANG where it is set, as the help says


def test_the_list_of_commands_says_each_in_a_whole_phrase(runner):
    for lang in ("en", "vi"):
        said = runner.invoke(main, ["--help"], env={LANG_ENV: lang}).output
        listed = said.split(t("cli.help_commands", lang) + ":")[1]
        assert "…" not in listed and t("cli.short_plan", lang) in listed
        assert (t("cli.placeholder_command", lang) + " [" + t("cli.placeholder_args", lang) + "]...") in said
    assert "Usage:" in runner.invoke(main, ["score", "--help"], env={LANG_ENV: ""}).output


def test_the_environment_chooses_the_language_and_the_option_wins(runner):
    vi = runner.invoke(main, ["score", str(SAMPLE)], env={LANG_ENV: "vi"}).output
    en = runner.invoke(main, ["score", str(SAMPLE), "--lang", "en"], env={LANG_ENV: "vi"}).output
    assert "Điểm tổng hợp" in vi and "Community score" in en and "Điểm tổng hợp" not in en


def test_a_usage_error_leads_with_a_sentence_in_the_language(tmp_path):
    said = subprocess.run(
        [sys.executable, "-m", "assessor", "score", "--lang", "vi"], capture_output=True, text=True, timeout=60
    )
    assert said.returncode == 2 and said.stderr.startswith("Lỗi: câu lệnh chưa đầy đủ hoặc chưa đúng cú pháp")
    assert "Missing argument" in said.stderr and "Error:" not in said.stderr  # click's detail kept, after ours


def test_a_missing_font_is_said_in_the_language_before_its_english_detail(runner, tmp_path, monkeypatch):
    from assessor.export import brief as brief_module

    def no_font(filename):
        raise brief_module.FontNotFoundError(f"The brief needs the Unicode font {filename}.")

    monkeypatch.setattr(brief_module, "find_font", no_font)
    said = runner.invoke(main, ["brief", str(SAMPLE), "--out", str(tmp_path / "b.pdf"), "--lang", "vi"])
    assert said.exit_code == 1 and not (tmp_path / "b.pdf").exists()
    assert said.stderr.startswith("Lỗi: Không tạo được tệp. Chi tiết kỹ thuật (có thể bằng tiếng Anh): The brief needs")
