"""The illustrative Bình Dương sample keeps history straight: agencies named as they were when the figures were
issued, a visible note on the 2025 mergers, and ICF's public record of Bình Dương, said to be illustrative."""

import re
from pathlib import Path

import pytest
from openpyxl import load_workbook

from assessor.i18n import t

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"
BEFORE_MARCH_2025 = (
    "Sở Thông tin và Truyền thông",
    "Sở Tài nguyên và Môi trường",
    "Sở Giao thông vận tải",
    "Sở Lao động – Thương binh và Xã hội",
    "Tỉnh Đoàn Bình Dương",
    "Becamex IDC",
)


@pytest.fixture(scope="module")
def book():
    return load_workbook(SAMPLE, read_only=True)


def _owners_by_year(book) -> dict[int, set[str]]:
    ws = book["Chỉ số"]
    rows = list(ws.iter_rows(values_only=True))
    header = list(rows[1])
    year, owner = header.index("Năm"), header.index("Đơn vị phụ trách")
    out: dict[int, set[str]] = {}
    for row in rows[2:]:
        if isinstance(row[year], int) and row[owner]:
            out.setdefault(row[year], set()).add(row[owner])
    return out


def test_rows_name_agencies_as_they_were_when_the_figures_were_issued(book):
    owners = _owners_by_year(book)
    for y in (2023, 2024):
        assert "Sở Thông tin và Truyền thông" in owners[y] and "Sở Tài nguyên và Môi trường" in owners[y]
    assert not owners[2025] & set(BEFORE_MARCH_2025)
    assert "Sở Khoa học và Công nghệ TP. Hồ Chí Minh" in owners[2025]


def test_the_sheets_say_when_bình_dương_and_its_agencies_were_merged(book):
    profile, indicators = book["Hồ sơ"]["A1"].value, book["Chỉ số"]["A1"].value
    assert "nay thuộc TP. Hồ Chí Minh từ 01/7/2025" in profile and "minh họa" in profile
    assert "hợp nhất từ 01/3/2025" in indicators and "2023–2024" in indicators and "minh họa" in indicators
    for lang in ("en", "vi"):
        assert ("1 July 2025" if lang == "en" else "01/7/2025") in t("app.illustrative", lang)


def test_narratives_follow_the_public_record_and_say_they_are_illustrative(book):
    answers = " ".join(str(c) for row in book["Thuyết minh"].iter_rows(values_only=True) for c in row if c)
    for fact in ("Smart21 các năm 2019–2023", "Top7 các năm 2021–2023", "Cộng đồng thông minh của năm 2023"):
        assert fact in answers
    assert "Nội dung minh họa" in answers


def _owner_by_indicator(book, year: int) -> dict[str, str]:
    rows = list(book["Chỉ số"].iter_rows(values_only=True))
    header = list(rows[1])
    iid, y, owner = header.index("Mã chỉ số"), header.index("Năm"), header.index("Đơn vị phụ trách")
    return {row[iid]: row[owner] for row in rows[2:] if row[y] == year and row[owner]}


def test_each_figure_comes_from_the_body_that_holds_it(book, framework):
    """Not handed round a domain's partners in turn: the body the catalogue's evidence names gives the figure."""
    before, after = _owner_by_indicator(book, 2024), _owner_by_indicator(book, 2025)  # 2023 holds the planted typos
    named = 0
    for ind in framework.indicators:
        hit = re.search(r"(Sở [^(]+?) \(trước 01/3/2025: ([^)]+)\)", ind.evidence.vi)
        if hit:
            named += 1
            assert before[ind.id] == hit.group(2) and after[ind.id].startswith(hit.group(1)), ind.id
    assert named >= 8
    # Pairs a planner would have stopped at: a university registering firms, a youth union pricing broadband …
    odd = {"INN02": "Đại học", "INC03": "Đoàn", "INC08": "Phụ nữ", "ENG03": "Phụ nữ", "ENG06": "Phụ nữ",
           "SUS03": "Giao thông", "SUS09": "Giao thông", "SUS08": "Becamex", "WRK05": "Đại học", "WRK08": "Đại học",
           "CON04": "Trung tâm Điều hành", "CON06": "Trung tâm Điều hành"}  # fmt: skip
    for iid, wrong in odd.items():
        assert wrong not in before[iid] and wrong not in after[iid], iid
    assert before["SUS04"] == "Sở Xây dựng"
