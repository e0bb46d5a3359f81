"""`export`, `deck` and `brief` on the command line: the same bytes as the functions, plain errors."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pptx import Presentation

from assessor.cli import main
from assessor.export import brief as brief_module
from assessor.read import read_submission

SAMPLES = Path(__file__).resolve().parent.parent / "data" / "samples"
SAMPLE = SAMPLES / "binh_duong_illustrative.xlsx"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_export_writes_the_evidence_workbook_that_reads_back(runner, tmp_path, framework):
    out = tmp_path / "evidence.xlsx"
    result = runner.invoke(main, ["export", str(SAMPLE), "--out", str(out), "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert "Đã ghi" in result.output
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "Tóm tắt"
    again = read_submission(out, framework)
    assert len(again.indicators) == len(read_submission(SAMPLE, framework).indicators)


def test_export_of_an_earlier_year(runner, tmp_path):
    out = tmp_path / "e.xlsx"
    assert runner.invoke(main, ["export", str(SAMPLE), "--out", str(out), "--year", "2023"]).exit_code == 0
    assert load_workbook(out)["Summary"]["B6"].value == 2023
    bad = runner.invoke(main, ["export", str(SAMPLE), "--out", str(out), "--year", "1999", "--force"])
    assert bad.exit_code == 1 and "1999" in bad.output and "Traceback" not in bad.output


def test_deck_command(runner, tmp_path):
    out = tmp_path / "deck.pptx"
    result = runner.invoke(main, ["deck", str(SAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    prs = Presentation(io.BytesIO(out.read_bytes()))
    assert "Bình Dương" in prs.slides[0].shapes[1].text_frame.text


def test_deck_for_an_unknown_community_is_a_plain_error(runner, tmp_path):
    result = runner.invoke(
        main,
        [
            "deck",
            str(SAMPLES / "panel_illustrative.xlsx"),
            "--out",
            str(tmp_path / "d.pptx"),
            "--community",
            "Atlantis",
        ],
    )
    assert result.exit_code == 1
    assert "Atlantis" in result.output and "Bình Dương" in result.output


def test_brief_command(runner, tmp_path, monkeypatch):
    monkeypatch.setattr(brief_module, "render_figures", lambda figures: (_ for _ in ()).throw(RuntimeError("off")))
    out = tmp_path / "brief.pdf"
    result = runner.invoke(main, ["brief", str(SAMPLE), "--out", str(out), "--lang", "vi"])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


def test_unreadable_input_is_one_sentence(runner, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_bytes(b"not a spreadsheet")
    for command in ("export", "deck", "brief"):
        result = runner.invoke(main, [command, str(bad), "--out", str(tmp_path / "o")])
        assert result.exit_code == 1 and "Traceback" not in result.output
