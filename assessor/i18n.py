"""One text catalogue (en, vi) for every screen and export, and locale-aware number formats (Babel).

Texts live in `assessor/text/*.yaml` as `key: {en: ..., vi: ...}`; a key missing either language stops the load.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path

from babel.numbers import format_decimal

from assessor.framework import Lang, load_yaml

TEXT_DIR = Path(__file__).resolve().parent / "text"
LOCALES: dict[str, str] = {"en": "en_US", "vi": "vi_VN"}
LANGUAGE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}


@cache
def texts() -> dict[str, dict[str, str]]:
    merged: dict[str, dict[str, str]] = {}
    for path in sorted(TEXT_DIR.glob("*.yaml")):
        for key, entry in (load_yaml(path.read_text(encoding="utf-8")) or {}).items():
            if not isinstance(entry, dict) or not all(entry.get(lang) for lang in LOCALES):
                raise ValueError(f"{path.name}: text '{key}' needs both 'en' and 'vi'")
            if key in merged:
                raise ValueError(f"{path.name}: text '{key}' is defined twice")
            merged[key] = entry
    return merged


def t(key: str, lang: Lang = "en", /, **params: object) -> str:
    """The text for `key` in `lang`, with `{name}` placeholders filled from `params`."""
    template = texts()[key][lang]
    return template.format(**params) if params else template


def number(value: float | None, lang: Lang = "en", digits: int = 1) -> str:
    """`1,234.5` in English, `1.234,5` in Vietnamese; a missing value is an en dash."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(share: float | None, lang: Lang = "en", digits: int = 0) -> str:
    """A share 0..1 as a percentage."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{number(share * 100, lang, digits)} %" if lang == "vi" else f"{number(share * 100, lang, digits)}%"
