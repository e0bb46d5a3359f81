"""The leadership brief counts the values in each data-quality class, in both languages (read with pdftotext)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from assessor.assess import assess
from assessor.export.brief import leadership_brief
from assessor.quality_class import counts, counts_sentence
from assessor.read import read_submission

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"


def _no_chromium(figures):  # type: ignore[no-untyped-def]
    raise RuntimeError("Chromium not found")


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
@pytest.mark.parametrize("lang", ["en", "vi"])
def test_brief_has_one_line_counting_each_class(framework, tmp_path, lang):
    a = assess(read_submission(SAMPLE, framework), framework)
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(leadership_brief(a, lang, renderer=_no_chromium))
    text = " ".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout.split()
    )
    n = counts(a)
    assert int(n.sum()) == int(a.indicators["score"].notna().sum())
    assert (n > 0).sum() >= 4  # the sample uses most classes
    assert counts_sentence(a, lang) in text
