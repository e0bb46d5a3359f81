"""Leftovers of the Vietnamese audit (shared/reviews/vietnamese-audit.md): percent indicators named "Tỷ lệ …"
(§2.2 #2), ICF's name as the press writes it (§2.2 #18)."""

from __future__ import annotations

from assessor import charts
from assessor.framework import Framework
from assessor.i18n import t

PERCENT_RENAMED = ("CON01", "CON06", "WRK01", "WRK02", "INC02", "SUS02", "SUS05", "ENG03", "ENG04")
ICF_VI = "Diễn đàn Cộng đồng thông minh thế giới (ICF)"


def test_percent_indicators_are_named_as_rates(framework: Framework):
    for ind_id in PERCENT_RENAMED + ("CON02", "WRK03", "INC04", "SUS06"):
        ind = framework.by_id[ind_id]
        assert ind.kind == "percent", ind_id
        assert ind.name("vi").startswith("Tỷ lệ "), ind_id
    assert framework.by_id["CON06"].name("vi") == (
        "Tỷ lệ thủ tục hành chính cung cấp dịch vụ công trực tuyến toàn trình"
    )
    assert framework.by_id["WRK02"].name("vi") == "Tỷ lệ cơ sở giáo dục tổ chức học từ xa"


def test_long_rate_names_are_shortened_at_a_word(framework: Framework):
    for ind_id in PERCENT_RENAMED:
        name = framework.by_id[ind_id].name("vi")
        for n in (34, 42):
            short = charts.short_label(name, n)
            assert len(short) <= n and (short == name or (short.endswith("…") and name.startswith(short[:-1])))


def test_icf_is_named_as_the_press_names_it(framework: Framework):
    assert t("term.icf", "vi") == ICF_VI
    assert ICF_VI in framework.meta.disclaimer("vi")
