"""The leadership brief: 2–4 A4 pages, the assessment's numbers, Vietnamese text intact, figures or a clear note."""

from __future__ import annotations

import io
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader

from assessor.assess import Assessment, assess
from assessor.export import brief as brief_module
from assessor.export.brief import FontNotFoundError, leadership_brief
from assessor.framework import Framework
from assessor.i18n import number
from assessor.read import read_submission

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"


@pytest.fixture(scope="module")
def sample(framework: Framework) -> Assessment:
    return assess(read_submission(SAMPLE, framework), framework)


@pytest.fixture(scope="module")
def brief_vi(sample: Assessment) -> bytes:
    """One brief with figures for the whole module: Chromium starts once."""
    return leadership_brief(sample, "vi")


def _no_chromium(figures):  # type: ignore[no-untyped-def]
    raise RuntimeError("Chromium not found")


@pytest.fixture(scope="module")
def brief_en(sample: Assessment) -> bytes:
    return leadership_brief(sample, "en", renderer=_no_chromium)


def _text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_two_to_four_a4_pages_with_an_embedded_unicode_font(brief_vi):
    reader = PdfReader(io.BytesIO(brief_vi))
    assert 2 <= len(reader.pages) <= 4
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)
    fonts = [f.get_object() for p in reader.pages for f in p["/Resources"]["/Font"].values()]
    assert any("DejaVuSans" in str(f["/BaseFont"]) for f in fonts)
    embedded = [d.get_object()["/FontDescriptor"] for f in fonts for d in f.get("/DescendantFonts", [])]
    assert embedded and all("/FontFile2" in d for d in embedded)


def test_vietnamese_brief_carries_the_verdict_with_diacritics(brief_vi, sample):
    text = _text(brief_vi)
    o = sample.overall.iloc[0]
    for phrase in (
        "Mức độ sẵn sàng ứng tuyển Smart21 của Bình Dương",
        "Ba việc cần ưu tiên thực hiện",
        "Có khả năng cạnh tranh",
        "không phải điểm do ICF chấm",
        "Phương pháp và lưu ý",
        "Số liệu kê khai chưa có minh chứng",
    ):
        assert phrase in text
    assert number(o["evidenced_score"], "vi") in text and number(o["score"], "vi") in text  # 60,7 style
    for d in sample.domains.to_dict("records"):
        assert number(d["evidenced_score"], "vi") in text
    assert sample.priorities.iloc[0]["indicator_id"] in text
    assert "lược bỏ" not in text  # every figure was drawn


def test_brief_holds_its_figures_as_images(brief_vi):
    reader = PdfReader(io.BytesIO(brief_vi))
    images = [img for page in reader.pages for img in page.images]
    assert len(images) == 3


def test_without_chromium_the_brief_is_made_and_says_what_is_missing(brief_en, sample):
    reader = PdfReader(io.BytesIO(brief_en))
    assert 2 <= len(reader.pages) <= 4
    assert not [img for page in reader.pages for img in page.images]
    text = _text(brief_en)
    assert "Figures left out: readiness radar" in text and "Chromium not found" in text
    assert "Three things to do first" in text and "Ba việc" not in text
    assert f"{sample.overall.iloc[0]['evidenced_score']:.1f}" in text
    assert "ICF score" not in text.replace("not an ICF score", "")


def test_kaleido_failure_is_caught_as_well(sample, monkeypatch):
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise OSError("no such file: chromium")

    monkeypatch.setattr(brief_module, "render_figures", broken)
    text = _text(leadership_brief(sample, "vi"))
    assert "Các biểu đồ bị lược bỏ" in text and "OSError" in text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed")
def test_first_page_renders_and_is_not_blank(brief_vi, tmp_path):
    pdf = tmp_path / "brief.pdf"
    pdf.write_bytes(brief_vi)
    subprocess.run(["pdftoppm", "-png", "-r", "40", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "p")], check=True)
    page = Image.open(next(tmp_path.glob("p*.png"))).convert("L")
    dark = sum(1 for v in page.get_flattened_data() if v < 200)
    assert dark > 0.03 * page.width * page.height


def test_missing_font_fails_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setattr(brief_module.shutil, "which", lambda name: None)
    monkeypatch.setattr(brief_module, "FONT_DIRS", (tmp_path,))
    with pytest.raises(FontNotFoundError, match="fonts-dejavu-core"):
        brief_module.find_font("DejaVuSans.ttf")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_brief_says_how_sure_the_verdict_is(brief_en, brief_vi, sample, lang):
    from assessor.robustness import robustness

    mc = robustness(sample)
    community = sample.communities[0]
    text = " ".join(_text(brief_en if lang == "en" else brief_vi).split())
    for said in (mc.sentence(community, lang), mc.band(community, lang)):
        assert " ".join(said.split()) in text
    assert ("variations of the method" in text) == (lang == "en")
