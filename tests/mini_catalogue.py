"""A small catalogue with one indicator per scoring method, for closed-form tests."""

from __future__ import annotations

import copy
from typing import Any

from assessor.framework import Framework, parse_framework


def _text(en: str, vi: str | None = None) -> dict[str, str]:
    return {"en": en, "vi": vi or f"{en} (vi)"}


YES_PARTIAL_NO = [
    {"id": "yes", "score": 100, "label": _text("Yes", "Có"), "aliases": ["có", "y"]},
    {"id": "partial", "score": 50, "label": _text("Partial", "Một phần"), "aliases": ["một phần"]},
    {"id": "no", "score": 0, "label": _text("No", "Không"), "aliases": ["không", "n"]},
]


def _indicator(iid: str, domain: str, kind: str, method: dict[str, Any], weight: float = 1.0) -> dict[str, Any]:
    return {
        "id": iid,
        "domain": domain,
        "name": _text(f"Indicator {iid}", f"Chỉ số {iid}"),
        "description": _text("What it measures"),
        "guidance": _text("How to collect it"),
        "evidence": _text("What counts as evidence"),
        "unit": _text("%" if kind == "percent" else "unit"),
        "kind": kind,
        "method": method,
        "weight": weight,
        "origin": "our_choice",
        "source": _text("Test catalogue"),
    }


RAW: dict[str, Any] = {
    "meta": {
        "id": "mini",
        "version": "1",
        "name": _text("Mini catalogue", "Bộ tiêu chí nhỏ"),
        "disclaimer": _text("ICF-style self-assessment, not an ICF score."),
        "goalposts_note": _text("Our choice."),
        "min_coverage": 0.6,
    },
    "levels": [
        {"id": "foundational", "min": 0, "name": _text("Foundational", "Nền tảng"), "description": _text("d")},
        {"id": "developing", "min": 40, "name": _text("Developing", "Đang phát triển"), "description": _text("d")},
        {"id": "competitive", "min": 60, "name": _text("Competitive", "Cạnh tranh"), "description": _text("d")},
        {"id": "leading", "min": 75, "name": _text("Leading", "Dẫn đầu"), "description": _text("d")},
    ],
    "domains": [
        {"id": "alpha", "name": _text("Alpha", "Anpha"), "description": _text("d"), "earlier_name": "A"},
        {"id": "beta", "name": _text("Beta", "Bêta"), "description": _text("d"), "earlier_name": "B"},
    ],
    "indicators": [
        # alpha: goalpost (weight 2), lower-is-better goalpost, categorical
        _indicator("AAA01", "alpha", "percent", {"type": "goalpost", "floor": 50, "target": 100}, 2.0),
        _indicator("AAA02", "alpha", "currency", {"type": "goalpost", "floor": 100, "target": 20}),
        _indicator("AAA03", "alpha", "categorical", {"type": "categorical", "categories": YES_PARTIAL_NO}),
        # beta: bands, lower-is-better bands, level
        _indicator("BBB01", "beta", "number", {"type": "bands", "target": 50}),
        _indicator("BBB02", "beta", "number", {"type": "bands", "target": 10, "lower_is_better": True}),
        _indicator(
            "BBB03",
            "beta",
            "level",
            {"type": "level", "levels": [_text(f"Level {n}", f"Mức {n}") for n in range(5)]},
        ),
    ],
    "narratives": [{"id": "NAR-A", "domain": "alpha", "question": _text("Tell us"), "limit": 100}],
}


def raw() -> dict[str, Any]:
    return copy.deepcopy(RAW)


def mini() -> Framework:
    return parse_framework(raw(), "mini.yaml")
