"""One Vietnamese term per concept: every Vietnamese text of the tool — the text catalogue (every yaml file in
assessor/text, new ones too), the spreadsheet layout's sheet names, headers and labels, and the Vietnamese fields of
the criteria catalogue — is checked against assessor/text/glossary.yaml."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessor import layout
from assessor.framework import load_yaml

ROOT = Path(__file__).resolve().parents[1]
TEXT_DIR = ROOT / "assessor" / "text"
CATALOGUE = ROOT / "indicators" / "icf_smart21.yaml"


def glossary() -> dict[str, dict]:
    return load_yaml((TEXT_DIR / "glossary.yaml").read_text(encoding="utf-8"))


def rules() -> list[tuple[str, re.Pattern[str]]]:
    return [
        (key, re.compile(pattern, re.IGNORECASE))
        for key, entry in glossary().items()
        for pattern in entry.get("forbidden") or []
    ]


def violations(texts: list[tuple[str, str]]) -> list[str]:
    """Every (where, text) that uses a forbidden variant, said with the term to use instead."""
    terms = glossary()
    found = []
    for where, text in texts:
        for key, pattern in rules():
            hit = pattern.search(text)
            if hit:
                found.append(f"{where}: “{hit.group(0)}” → {terms[key]['vi']} ({key}) in “{text[:90]}”")
    return found


def _vietnamese(node: object, where: str, out: list[tuple[str, str]]) -> None:
    """The Vietnamese strings of a parsed yaml tree; `aliases` are spellings the reader accepts, not texts shown."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "vi" and isinstance(value, str):
                out.append((where, value))
            elif key not in ("aliases", "forbidden"):
                _vietnamese(value, f"{where}.{key}", out)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            name = value.get("id", i) if isinstance(value, dict) else i
            _vietnamese(value, f"{where}[{name}]", out)


def text_catalogue() -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for path in sorted(TEXT_DIR.glob("*.yaml")):
        _vietnamese(load_yaml(path.read_text(encoding="utf-8")), path.name, out)
    return out


def criteria_catalogue() -> list[tuple[str, str]]:
    """The catalogue and every other yaml under indicators/ (the reference profile)."""
    out: list[tuple[str, str]] = []
    for path in sorted(CATALOGUE.parent.rglob("*.yaml")):
        _vietnamese(load_yaml(path.read_text(encoding="utf-8")), path.name, out)
    return out


def layout_texts() -> list[tuple[str, str]]:
    out = []
    for sheet in layout.SHEETS:
        out.append((f"layout {sheet.key}", sheet.vi))
        out += [(f"layout {sheet.key}.{c.key}", c.vi) for c in sheet.columns]
    for name in dir(layout):
        labels = getattr(layout, name)
        if name.endswith("_LABELS") and isinstance(labels, dict):
            out += [(f"layout {name}[{key}]", vi) for key, (_, vi, _) in labels.items()]
    return out


def test_the_glossary_is_well_formed():
    terms = glossary()
    assert len(terms) >= 25
    vi_terms = [entry["vi"].casefold() for entry in terms.values()]
    assert len(vi_terms) == len(set(vi_terms)), "one Vietnamese term per concept"
    for key, entry in terms.items():
        assert key.startswith("term.") and entry["en"] and entry["vi"]
        for pattern in entry["forbidden"]:
            assert not re.search(pattern, entry["vi"], re.IGNORECASE), f"{key} forbids its own term"


def test_the_check_finds_a_forbidden_variant():
    planted = [
        ("x", "Tự đánh giá theo phong cách ICF"),
        ("y", "Điểm cộng đồng: 69,8 %"),
        ("z", "Khối"),
        ("w", "Kết quả tự đánh giá mô phỏng theo bộ tiêu chí của ICF; điểm tổng hợp 69,8%"),
    ]
    found = violations(planted)
    assert [f.split(":")[0] for f in found] == ["x", "x", "y", "y", "z"]  # "phong cách ICF", "theo phong cách"
    assert "mô phỏng theo bộ tiêu chí của ICF" in found[0]


@pytest.mark.parametrize(
    "texts", [text_catalogue, layout_texts, criteria_catalogue], ids=["text catalogue", "layout", "criteria"]
)
def test_every_vietnamese_text_keeps_to_the_glossary(texts):
    found = violations(texts())
    assert not found, "\n".join(found)


def test_the_level_names_are_the_glossary_terms():
    terms = glossary()
    levels = load_yaml(CATALOGUE.read_text(encoding="utf-8"))["levels"]
    for level in levels:
        term = terms[f"term.level_{level['id']}"]
        assert (level["name"]["en"], level["name"]["vi"]) == (term["en"], term["vi"])


def test_the_terms_are_the_ones_shown():
    texts = [text for where, text in text_catalogue() + layout_texts() if not where.startswith("glossary.yaml")]
    shown = " ".join(texts).casefold()
    for key in (
        "community_score",
        "evidence_gap",
        "impact",
        "coverage",
        "reference",
        "helix",
        "civil_society",
        "narrative",
        "self_reported",
        "documented",
        "readiness",
        "self_assessment",
    ):
        assert glossary()[f"term.{key}"]["vi"].casefold() in shown, key
