"""Random junk in random layouts, as xlsx and as CSV, read with the mini and the shipped catalogue.

Two properties: the reader raises nothing but FatalInputError; and every non-empty value cell is either scored (its
row has a value or a label and is not excluded) or reported (an issue on that row of that sheet).
"""

from __future__ import annotations

import datetime as dt
import math
import unicodedata
from dataclasses import dataclass
from typing import Any

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assessor.framework import Framework, default_framework
from assessor.messages import FatalInputError
from assessor.read import read_submission

from corpus import as_csv, cp1258
from factory import xlsx
from mini_catalogue import mini

CATALOGUES = {"mini": mini(), "shipped": default_framework()}
SETTINGS = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example],
)

# ------------------------------------------------------------------ cells

VI = "àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđĐ"
TYPED = [
    "85%", "85 %", "0,85", "0.85", "1.234,5", "1,234.5", "1.234", "1,234", "(1,234)", "12 Mbps", "US$ 50", "50.000 ₫",
    "Có", "có", "Một phần", "Không", "Yes", "partial", "no", "Mức 3", "Level 2", "3 - strategy adopted", "2.5", "2,5",
    "inf", "-Infinity", "1e999", "NaN", "nan", "NA", "N/A", "n/a", "-", "—", "#DIV/0!", "#N/A", "#VALUE!", "#REF!",
    "=1+1", "=SUM(A1:A3)", "+84 912", "@x", "TRUE", "FALSE", "2024-05-01", "01/05/2024", "Bình Dương", "B\u0300inh",
    " 42 ", "\u00a07\u00a0", "1e3", "0x1A", "½", "٣", "4\u200b", "  ", "",
]  # fmt: skip
text = st.text(
    alphabet=st.one_of(st.sampled_from(f"0123456789.,;|%-+ ()e{VI}"), st.characters(categories=["L", "N", "P", "Zs"])),
    max_size=25,
)
junk = st.one_of(
    st.none(),
    st.sampled_from(TYPED),
    text,
    st.integers(-(10**7), 10**7),
    st.floats(allow_nan=True, allow_infinity=True),
    st.floats(0, 1),
    st.booleans(),
    st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31)),
    st.integers(2_000, 40_000).map(lambda n: "Số liệu " * (n // 8)),  # very long text
)

# ------------------------------------------------------------------ layouts

HEADERS = {
    "community": ["Community", "Cộng đồng", "CITY", "địa phương"],
    "indicator_id": ["Indicator ID", "Mã chỉ số", "ID", "code", "mã"],
    "year": ["Year", "Năm", "reporting year", "Năm báo cáo"],
    "value": ["Value", "Giá trị", "Số liệu", "figure", "VALUE "],
    "evidence_status": ["Evidence status", "Tình trạng minh chứng", "status"],
    "evidence": ["Evidence", "Mô tả minh chứng"],
    "notes": ["Notes", "Ghi chú", "remarks"],
    "extra": ["Extra", "Cột thêm", "Người nhập", "Đơn vị 2"],
    "blank": [None],
}
SHEET_NAMES = ["Indicators", "Chỉ số", "Sheet1", "Trang tính1", "Data", "Số liệu 2024", "Báo cáo"]
STATUSES = ["verified", "documented", "self-reported", "none", "đã kiểm chứng", "có tài liệu", "tự báo cáo", "chưa có"]
COMMUNITIES = ["Bình Dương", unicodedata.normalize("NFD", "Bình Dương"), "Thủ Dầu Một", "Dĩ An", "  Dĩ An "]


@dataclass(frozen=True)
class Layout:
    sheet: str
    rows: list[list[Any]]
    #: (row number as the user sees it, the cell as written) for every non-empty cell under the Value header.
    value_cells: list[tuple[int, Any]]
    profile: bool


def blank(cell: Any) -> bool:
    return (
        cell is None or (isinstance(cell, str) and not cell.strip()) or (isinstance(cell, float) and math.isnan(cell))
    )


@st.composite
def layouts(draw: st.DrawFn, framework: Framework) -> Layout:
    ids = [i.id for i in framework.indicators]
    keys = ["indicator_id", "year", "value"]
    keys = [k for k in keys if draw(st.floats(0, 1)) < 0.93]
    keys += draw(st.lists(st.sampled_from(["community", "evidence_status", "evidence", "notes"]), unique=True))
    keys += draw(st.lists(st.sampled_from(["extra", "blank", "notes", "evidence"]), max_size=3))  # some repeated
    keys = draw(st.permutations(keys))
    header = [draw(st.sampled_from(HEADERS[k])) for k in keys]

    cell_of = {
        # Mostly known ids and good years, so that most rows reach the value's parsing.
        "indicator_id": st.one_of(
            *[st.sampled_from(ids)] * 4, st.sampled_from(["XYZ99", " con01 ", "", "CON1O"]), junk
        ),
        "year": st.one_of(*[st.integers(2018, 2026)] * 4, st.sampled_from(["2024", "năm 2024", "24", "2024.5"]), junk),
        "value": junk,
        "community": st.one_of(st.sampled_from(COMMUNITIES), junk),
        "evidence_status": st.one_of(st.sampled_from(STATUSES), junk),
        "evidence": st.one_of(text, st.none()),
        "notes": st.one_of(text, st.none()),
        "extra": junk,
        "blank": st.one_of(st.none(), st.none(), junk),
    }
    rows: list[list[Any]] = []
    for _ in range(draw(st.integers(0, 2))):
        rows.append([draw(st.sampled_from(["BÁO CÁO CHỈ SỐ 2024", "Indicator report", "Đơn vị: Sở TT&TT"]))])
    rows += [[] for _ in range(draw(st.integers(0, 2)))]
    rows.append(header)
    value_cells = []
    for _ in range(draw(st.integers(0, 10))):
        if draw(st.floats(0, 1)) < 0.15:
            rows.append([])
            continue
        row = [draw(cell_of[k]) for k in keys]
        rows.append(row)
        if "value" in keys and not blank(row[keys.index("value")]):
            value_cells.append((len(rows), row[keys.index("value")]))
    sheet = draw(st.one_of(st.sampled_from(SHEET_NAMES), st.text(alphabet=f"abcXYZ 12{VI}", min_size=1, max_size=20)))
    return Layout(sheet.strip() or "Trang", rows, value_cells, draw(st.booleans()))


# ------------------------------------------------------------------ writing them


def as_typed(cell: Any) -> Any:
    """What a person can leave in an xlsx cell: infinities and NaN only as text."""
    if isinstance(cell, float) and not math.isfinite(cell):
        return repr(cell)
    return cell


def write_xlsx(layout: Layout) -> bytes:
    sheets = {layout.sheet: [[as_typed(c) for c in row] for row in layout.rows]}
    if layout.profile and layout.sheet not in ("Profile", "Hồ sơ"):
        sheets["Profile"] = [["Community", "Assessment year"], ["Bình Dương", 2024]]
    return xlsx(sheets)


def csv_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float):
        return repr(cell)
    return str(cell)


def write_csv(layout: Layout, sep: str, encoding: str) -> bytes:
    text = as_csv([[csv_text(c) for c in row] for row in layout.rows], sep=sep)
    try:
        if encoding == "cp1258":
            return cp1258(text)
        return text.encode(encoding)
    except UnicodeEncodeError:
        return text.encode("utf-8")


# ------------------------------------------------------------------ the properties


def unaccounted(layout: Layout, sub: Any) -> list[str]:
    """Non-empty value cells that are neither scored nor reported on their row."""
    ind, issues = sub.indicators, sub.issues
    sheets = set(ind["sheet"].dropna())
    on_sheet = issues[issues["sheet"].isin(sheets)] if sheets else issues.iloc[0:0]
    reported = set(on_sheet["row"].dropna().astype(int))
    scored = set(ind.loc[ind["excluded"].isna() & (ind["value"].notna() | ind["label"].notna()), "row"].astype(int))
    lost = []
    for row, cell in layout.value_cells:
        if row not in scored and row not in reported:
            read = ind.loc[ind["row"] == row, ["indicator_id", "value", "label", "excluded"]].to_dict("records")
            lost.append(f"row {row}: {cell!r} neither scored nor reported (read as {read})")
    return lost


def check(data: bytes, name: str, layout: Layout, framework: Framework) -> None:
    try:
        sub = read_submission(data, framework, name)
    except FatalInputError as err:
        assert err.message("en") and err.message("vi")
        return
    lost = unaccounted(layout, sub)
    issues = sub.issues[["severity", "code", "sheet", "row", "value"]]
    assert not lost, "\n".join([*lost, f"sheets read: {set(sub.indicators['sheet'])}", issues.to_string()])


@SETTINGS
@given(st.data())
def test_fuzz_xlsx(data):
    catalogue = data.draw(st.sampled_from(sorted(CATALOGUES)), label="catalogue")
    layout = data.draw(layouts(CATALOGUES[catalogue]), label="layout")
    check(write_xlsx(layout), "fuzz.xlsx", layout, CATALOGUES[catalogue])


@SETTINGS
@given(st.data())
def test_fuzz_csv(data):
    catalogue = data.draw(st.sampled_from(sorted(CATALOGUES)), label="catalogue")
    layout = data.draw(layouts(CATALOGUES[catalogue]), label="layout")
    sep = data.draw(st.sampled_from([",", ";", "\t", "|"]), label="separator")
    encoding = data.draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258", "cp1252"]), label="encoding")
    check(write_csv(layout, sep, encoding), "fuzz.csv", layout, CATALOGUES[catalogue])


def test_unaccounted_finds_a_lost_cell():
    """The property itself: a value cell on a row that is neither scored nor reported is found."""
    layout = Layout("Indicators", [["Indicator ID", "Year", "Value"], ["CON01", 2024, "85"]], [(2, "85")], False)
    empty = pd.DataFrame({"sheet": ["Indicators"], "row": [2], "excluded": [pd.NA], "value": [float("nan")]})
    empty["label"], empty["indicator_id"] = pd.NA, "CON01"
    no_issues = pd.DataFrame({"sheet": pd.Series(dtype=str), "row": pd.Series(dtype="Int64")})
    sub = type("Sub", (), {"indicators": empty, "issues": no_issues})()
    lost = unaccounted(layout, sub)
    assert len(lost) == 1 and lost[0].startswith("row 2: '85' neither scored nor reported")
