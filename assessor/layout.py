"""The indicator spreadsheet's layout: its sheets, their columns, and every header people really write.

One definition serves the template writer, the reader and the evidence-workbook exporter, so the three can never
disagree on a column's name or order.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from assessor.framework import Lang


@dataclass(frozen=True)
class Column:
    key: str
    en: str
    vi: str
    aliases: tuple[str, ...] = ()
    width: int = 14
    required: bool = False
    #: Shown in the template to help whoever fills it; never read back as data.
    reference: bool = False

    def header(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True)
class Sheet:
    key: str
    en: str
    vi: str
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    _by_key: dict[str, Column] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_key.update({c.key: c for c in self.columns})

    def name(self, lang: Lang) -> str:
        return self.vi if lang == "vi" else self.en

    def column(self, key: str) -> Column:
        return self._by_key[key]

    def names(self) -> set[str]:
        return {fold(n) for n in (self.en, self.vi, self.key, *self.aliases)}

    def header_lookup(self) -> dict[str, str]:
        """Folded header text to column key, for every spelling a column accepts."""
        return {fold(n): c.key for c in self.columns for n in (c.key, c.en, c.vi, *c.aliases)}


@lru_cache(maxsize=65_536, typed=True)  # a sheet repeats its headers and answers: each distinct one folded once
def fold(text: object) -> str:
    """Compare headers the way a person reads them: case, accents, spacing and punctuation do not matter."""
    s = unicodedata.normalize("NFKD", str(text)).replace("đ", "d").replace("Đ", "D")
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).casefold()
    return re.sub(r"[^a-z0-9%]+", " ", s).strip()


PROFILE = Sheet(
    "profile",
    "Profile",
    "Hồ sơ",
    aliases=("Thông tin chung", "Ho so"),
    columns=(
        Column("community", "Community", "Địa phương", ("city", "province", "tỉnh", "cộng đồng", "tên"), 24, True),
        Column("country", "Country", "Quốc gia", ("nation",), 14),
        Column("population", "Population", "Dân số", ("pop",), 14),
        Column("area_km2", "Area (km²)", "Diện tích (km²)", ("area", "area km2", "diện tích"), 14),
        Column("assessment_year", "Assessment year", "Năm đánh giá", ("year", "năm"), 14),
        Column("contact", "Contact", "Đầu mối liên hệ", ("email", "liên hệ"), 30),
    ),
)

INDICATORS = Sheet(
    "indicators",
    "Indicators",
    "Chỉ số",
    aliases=("Chi so", "Data", "Dữ liệu", "Indicator data"),
    columns=(
        Column("community", "Community", "Địa phương", ("city", "cộng đồng"), 18),
        Column("indicator_id", "Indicator ID", "Mã chỉ số", ("id", "indicator", "code", "mã", "ma chi so"), 12, True),
        Column("name", "Indicator", "Tên chỉ số", ("indicator name",), 42, reference=True),
        Column("domain", "Domain", "Lĩnh vực", ("factor",), 20, reference=True),
        Column("unit", "Unit", "Đơn vị", ("đơn vị tính",), 16, reference=True),
        Column("year", "Year", "Năm", ("năm báo cáo", "reporting year"), 8, True),
        Column("value", "Value", "Giá trị", ("số liệu", "so lieu", "figure"), 12, True),
        Column(
            "evidence_status",
            "Evidence status",
            "Tình trạng minh chứng",
            ("status", "evidence level", "minh chứng", "trạng thái"),
            16,
        ),
        Column("evidence", "Evidence", "Mô tả minh chứng", ("evidence text", "tài liệu"), 40),
        Column("source_url", "Source link", "Đường dẫn nguồn", ("url", "link", "source", "nguồn", "liên kết"), 30),
        Column("owner", "Owner", "Đơn vị phụ trách", ("responsible", "người phụ trách", "phụ trách"), 20),
        Column("helix", "Helix", "Nhóm chủ thể", ("partner", "sector", "nhà", "khối", "khối đối tác"), 14),
        # Optional: how the value was obtained (U4SSC-style data-quality class); empty means the method is unknown.
        Column(
            "quality",
            "Data quality",
            "Chất lượng số liệu",
            ("quality", "data quality class", "phương pháp thu thập", "chất lượng dữ liệu", "mức chất lượng"),
            22,
        ),
        Column("notes", "Notes", "Ghi chú", ("comment", "comments", "remarks"), 30),
    ),
)

NARRATIVES = Sheet(
    "narratives",
    "Narratives",
    "Thuyết minh",
    aliases=("Thuyet minh", "Narrative", "Câu hỏi tự luận"),
    columns=(
        Column("community", "Community", "Địa phương", ("city", "cộng đồng"), 18),
        Column("narrative_id", "Question ID", "Mã câu hỏi", ("id", "question id", "mã"), 12, True),
        Column("question", "Question", "Câu hỏi", (), 50, reference=True),
        Column("limit", "Limit (characters)", "Giới hạn (ký tự)", ("limit", "giới hạn"), 12, reference=True),
        Column("answer", "Answer", "Câu trả lời", ("trả lời", "response", "text"), 80, True),
        # The answer's length against the limit: the template counts it with a formula, the evidence workbook writes it.
        Column("length", "Characters", "Số ký tự", ("length", "độ dài"), 12, reference=True),
    ),
)

ACTIONS = Sheet(
    "actions",
    "Actions",
    "Hành động",
    aliases=("Hanh dong", "Kế hoạch", "Plan"),
    columns=(
        Column("community", "Community", "Địa phương", ("city", "cộng đồng"), 18),
        Column("action_id", "Action ID", "Mã hành động", ("id",), 12, True),
        Column("title", "Title", "Tên hành động", ("action", "hành động"), 40, True),
        Column("programme", "Programme", "Chương trình", ("program",), 24),
        Column("indicator_id", "Indicator ID", "Mã chỉ số", ("indicator",), 12),
        Column("expected_value", "Expected value", "Giá trị mục tiêu", ("target", "giá trị kỳ vọng"), 12),
        Column("due", "Due", "Thời hạn", ("deadline", "hạn"), 12),
        Column("owner", "Owner", "Đơn vị phụ trách", ("responsible",), 20),
        Column("status", "Status", "Trạng thái", ("tình trạng",), 14),
        # Optional, after the first columns so older sheets keep their order: the Navigator's four areas, then
        # money when it is known, effort points when it is not. An action moving several indicators is
        # one row per indicator sharing the action ID; its cost or effort is written once (any of its rows).
        Column("area", "Area", "Trụ cột", ("pillar", "lĩnh vực hành động", "nhóm"), 16),
        # Money in million đồng, the unit of provincial budgets (a header without the unit is read the same).
        Column("cost", "Cost (million VND)", "Kinh phí (triệu đồng)", ("cost", "kinh phí", "budget", "chi phí"), 14),
        Column("effort", "Effort (points)", "Công sức (điểm)", ("effort", "points", "công sức", "điểm công sức"), 12),
    ),
)

SHEETS: tuple[Sheet, ...] = (PROFILE, INDICATORS, NARRATIVES, ACTIONS)

#: Evidence statuses and helices, with the words people write for them.
EVIDENCE_LABELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "verified": ("verified", "đã kiểm chứng", ("verified by third party", "kiểm chứng", "đã xác minh", "xác minh")),
    "documented": ("documented", "có văn bản", ("document", "có tài liệu", "tài liệu", "co tai lieu")),
    "self-reported": ("self-reported", "tự kê khai", ("self reported", "self", "tự khai", "tự báo cáo", "báo cáo")),
    "none": ("none", "chưa có minh chứng", ("no evidence", "chưa có", "không", "không có", "n/a")),
}
HELIX_LABELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "government": ("government", "nhà nước", ("gov", "public", "chính quyền", "nha nuoc", "state")),
    "business": ("business", "doanh nghiệp", ("industry", "private", "company", "nhà doanh nghiệp")),
    "academia": ("academia", "nhà trường", ("university", "academic", "trường", "đại học", "viện")),
    # "Xã hội dân sự" is read but never written: Vietnamese official documents say "tổ chức xã hội".
    "civil society": (
        "civil society",
        "tổ chức xã hội – cộng đồng",
        ("community", "ngo", "cộng đồng", "người dân", "xã hội dân sự", "tổ chức xã hội"),
    ),
}

#: Data-quality class of a value, U4SSC-style, from the most to the least reliable; an empty cell is "unknown".
QUALITY_LABELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "measured_verified": (
        "measured, verified",
        "đo đạc, đã kiểm chứng",
        ("measured and verified", "verified measurement", "measured verified", "đo đạc đã kiểm chứng"),
    ),
    "measured": (
        "measured",
        "đo đạc, thống kê",
        ("measurement", "official statistics", "statistics", "đo đạc", "thống kê", "số liệu thống kê"),
    ),
    "calculated": (
        "calculated from partial data",
        "tính toán từ số liệu chưa đầy đủ",
        ("calculated", "modelled", "modeled", "partial", "tính toán", "mô hình hóa"),
    ),
    "estimated": ("estimated", "ước tính", ("estimate", "expert estimate", "ước lượng", "ước đoán")),
    "unknown": ("unknown method", "chưa rõ phương pháp", ("unknown", "not known", "chưa rõ", "không rõ")),
}
QUALITY_UNKNOWN = "unknown"


def label_lookup(labels: dict[str, tuple[str, str, tuple[str, ...]]]) -> dict[str, str]:
    """Folded spelling to canonical id."""
    return {fold(s): key for key, (en, vi, aliases) in labels.items() for s in (key, en, vi, *aliases)}


def label_text(labels: dict[str, tuple[str, str, tuple[str, ...]]], key: str, lang: Lang) -> str:
    en, vi, _ = labels[key]
    return vi if lang == "vi" else en


#: An action's status and area (Navigator-style: people, business, technology, infrastructure).
ACTION_STATUS_LABELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "planned": ("planned", "đã lên kế hoạch", ("plan", "kế hoạch", "chưa triển khai", "not started", "to do")),
    "in_progress": (
        "in progress",
        "đang thực hiện",
        ("ongoing", "started", "đang triển khai", "đang làm", "in-progress"),
    ),
    "completed": ("completed", "hoàn thành", ("done", "complete", "finished", "đã hoàn thành", "xong")),
    "cancelled": ("cancelled", "đã hủy", ("canceled", "dropped", "hủy", "dừng", "không thực hiện")),
}
AREA_LABELS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "people": ("people", "con người", ("nhân lực", "người dân")),
    "business": ("business", "doanh nghiệp", ("economy", "kinh tế")),
    "technology": ("technology", "công nghệ", ("tech", "công nghệ số")),
    "infrastructure": ("infrastructure", "hạ tầng", ("cơ sở hạ tầng", "ha tang")),
}
