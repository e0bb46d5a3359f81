"""One text catalogue (en, vi) for every screen and export, and locale-aware number and date formats (Babel).

Texts live in `assessor/text/*.yaml` as `key: {en: ..., vi: ...}`; a key missing either language stops the load.
A text about a count `{n}` may add `en_one:`, the English when `n` is one by the language's plural rule (CLDR, via
Babel): "1 file added", "3 files added". Vietnamese nouns do not change with the count.
Conventions shown to a reader: `69,8%` and `1.234,5` in Vietnamese (CLDR's vi pattern, no space before `%`), `69.8%`
and `1,234.5` in English; dates `30/11/2026` in Vietnamese and `30 November 2026` in English; times in Vietnam's time
(the reference user's), whatever the server's zone. Machine formats (JSON, the workspace) keep ISO 8601 in UTC.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.numbers import format_decimal

from assessor.framework import Lang, load_yaml

TEXT_DIR = Path(__file__).resolve().parent / "text"
LOCALES: dict[str, str] = {"en": "en_US", "vi": "vi_VN"}
LANGUAGE_NAMES: dict[str, str] = {"vi": "Tiếng Việt", "en": "English"}
#: BCP 47 tags, for documents that carry their language (PowerPoint proofs each text run in its tagged language).
LANGUAGE_TAGS: dict[str, str] = {"en": "en-US", "vi": "vi-VN"}
#: Times are shown in the reference user's time (Vietnam, UTC+7), whatever the server's zone.
DISPLAY_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DATE_PATTERNS: dict[str, str] = {"en": "d MMMM y", "vi": "dd/MM/y"}
TIME_PATTERNS: dict[str, str] = {"en": "d MMMM y, HH:mm", "vi": "dd/MM/y HH:mm"}


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
    entry = texts()[key]
    template = entry[lang]
    count = params.get("n")
    if f"{lang}_one" in entry and isinstance(count, int) and _plural(lang, count) == "one":
        template = entry[f"{lang}_one"]
    return template.format(**params) if params else template


@cache
def _locale(lang: Lang) -> Locale:
    return Locale.parse(LOCALES[lang])


def _plural(lang: Lang, count: int) -> str:
    return _locale(lang).plural_form(count)


def number(value: float | None, lang: Lang = "en", digits: int = 1, trim: bool = False) -> str:
    """`1,234.5` in English, `1.234,5` in Vietnamese; a missing value is an en dash.

    `trim` makes `digits` a maximum: a parameter of 50 reads `50`, not `50,00`; 0.125 reads `0,13` at two digits."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + ("#" if trim else "0") * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=LOCALES[lang])


def percent(share: float | None, lang: Lang = "en", digits: int = 0) -> str:
    """A share 0..1 as a percentage."""
    if share is None or (isinstance(share, float) and math.isnan(share)):
        return "–"
    return f"{number(share * 100, lang, digits)}%"  # 69,8% in Vietnamese as in English: CLDR's vi pattern is #,##0%


def day(value: date | datetime | str | None, lang: Lang = "en") -> str:
    """A date as a reader writes it: 30/11/2026 in Vietnamese, 30 November 2026 in English; ISO text is accepted."""
    if value is None or value == "":
        return "–"
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value  # a due date typed as words stays as written
    if isinstance(value, datetime):
        value = value.date()
    return format_date(value, DATE_PATTERNS[lang], locale=LOCALES[lang])


def moment(value: datetime | str | None, lang: Lang = "en") -> str:
    """A stored UTC time (ISO text or datetime) in the office's time: 30/11/2026 08:19 in Vietnamese."""
    if value is None or value == "":
        return ""
    stamp = datetime.fromisoformat(value) if isinstance(value, str) else value
    if stamp.tzinfo is None:  # the workspace stores UTC
        stamp = stamp.replace(tzinfo=UTC)
    return format_datetime(stamp, TIME_PATTERNS[lang], tzinfo=DISPLAY_ZONE, locale=LOCALES[lang])


def today(lang: Lang = "en") -> str:
    """Today's date in Vietnam, written for a reader."""
    return day(datetime.now(DISPLAY_ZONE).date(), lang)
