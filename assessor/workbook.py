"""Indicator spreadsheets (xlsx, xlsm, xls, ods, csv) to a `Submission`: tidy frames plus every issue found.

Takes what people really send: Vietnamese or English headers, merged title rows, blank lines, extra columns,
`85%`, `1.234,5`, text in number cells, unknown ids, duplicates. Every row read is kept in the submission; rows
that cannot be scored carry the reason in `excluded` and an issue record says so.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Callable
from difflib import get_close_matches
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from assessor.cells import clean_text, is_text, parse_numbers
from assessor.framework import Bands, Categorical, Framework, Goalpost, Indicator, Lang, Level
from assessor.issues import FatalInputError, IssueLog
from assessor.layout import (
    ACTIONS,
    EVIDENCE_LABELS,
    HELIX_LABELS,
    PROFILE,
    fold,
    label_lookup,
)
from assessor.submission import Submission
from assessor.tables import Table, as_written, header_language, read_tables

_SEP = "\x1f"
MIN_YEAR, MAX_YEAR = 1990, 2100


# ---------------------------------------------------------------- reading the file


def read_submission(source: bytes | str | Path, framework: Framework, name: str | None = None) -> Submission:
    """Read a workbook or CSV. Raises `FatalInputError` only when nothing can be read at all."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            data = path.read_bytes()
        except OSError:
            raise FatalInputError("unreadable_file", name=name) from None
    else:
        data, name = source, name or "upload"
    if not data:
        raise FatalInputError("empty_file", name=name)
    log = IssueLog()
    sheets = read_tables(data, name, log)
    lang = header_language(sheets)

    named = "community" in sheets["indicators"].present
    profile = _read_profile(sheets.get("profile"), log, lang, warn_missing=not named)
    indicators = _read_indicators(sheets["indicators"], framework, profile, log, lang, Path(name).stem)
    narratives = _read_narratives(sheets.get("narratives"), framework, indicators, log)
    actions = _read_actions(sheets.get("actions"), framework, indicators, log, lang)
    return Submission(
        profile=profile,
        indicators=indicators,
        narratives=narratives,
        actions=actions,
        issues=as_written(log.frame(), sheets),
        source=name,
        sha256=hashlib.sha256(data).hexdigest(),
        lang=lang,
    )


# ---------------------------------------------------------------- profile


def _read_profile(found: Table | None, log: IssueLog, lang: Lang, warn_missing: bool = True) -> pd.DataFrame:
    columns = [c.key for c in PROFILE.columns]
    if found is None:
        if warn_missing:
            log.add("no_profile", "warning", PROFILE.en)
        return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})
    sheet, table = found.sheet, found.data
    out = pd.DataFrame({"community": clean_text(table["community"]), "row": table["row"]})
    out["country"] = clean_text(table["country"])
    out["contact"] = clean_text(table["contact"])
    for key in ("population", "area_km2", "assessment_year"):
        parsed = parse_numbers(table[key], lang)
        bad = parsed.unreadable | (parsed.value < 0)
        log.add_many("not_a_number", "error", sheet, table.loc[bad, ["row", key]].rename(columns={key: "value"}), key)
        out[key] = parsed.value.mask(bad)
    nameless = out["community"].isna()
    log.add_many("profile_no_community", "warning", sheet, out.loc[nameless, ["row"]].assign(value=None), "community")
    out = out[~nameless]
    dup = out["community"].duplicated()
    log.add_many(
        "profile_duplicate", "warning", sheet, out.loc[dup, ["row", "community"]].rename(columns={"community": "value"})
    )
    out = out[~dup].reset_index(drop=True)
    return out[[*columns, "row"]]


# ---------------------------------------------------------------- indicators


def _read_indicators(
    found: Table, framework: Framework, profile: pd.DataFrame, log: IssueLog, lang: Lang, stem: str
) -> pd.DataFrame:
    sheet, table = found.sheet, found.data
    df = pd.DataFrame({"row": table["row"].to_numpy()})
    df["sheet"] = sheet
    df["excluded"] = pd.Series(pd.NA, index=df.index, dtype="string")
    for key in ("community", "evidence", "source_url", "owner", "notes"):
        df[key] = clean_text(table[key]).reset_index(drop=True)
    ids = clean_text(table["indicator_id"]).reset_index(drop=True)
    df["indicator_id"] = _on_distinct(ids, lambda u: u.str.upper().str.replace(r"\s+", "", regex=True))

    _fill_community(df, profile, log, sheet, stem)
    _check_ids(df, framework, log, sheet)
    _parse_years(df, table, profile, log, sheet, lang)
    _parse_values(df, table["value"].reset_index(drop=True), framework, log, sheet, lang)
    _parse_labels(df, table, log, sheet)
    _check_links(df, log, sheet)
    _mark_duplicates(df, log, sheet)
    ordered = ["community", "indicator_id", "year", "raw_year", "value", "label", "raw_value", "evidence_status"]
    ordered += ["evidence"]
    ordered += ["source_url"]
    return df[[*ordered, "owner", "helix", "notes", "sheet", "row", "excluded"]]


def _exclude(df: pd.DataFrame, mask: pd.Series, reason: str) -> None:
    df.loc[mask & df["excluded"].isna(), "excluded"] = reason


def _fill_community(df: pd.DataFrame, profile: pd.DataFrame, log: IssueLog, sheet: str, stem: str) -> None:
    missing = df["community"].isna()
    if not missing.any():
        return
    names = profile["community"].dropna().tolist()
    if len(names) == 1:
        df.loc[missing, "community"] = names[0]
        return
    fallback = stem if not names else None
    if fallback is not None:
        df.loc[missing, "community"] = fallback
        log.add("community_from_filename", "warning", sheet, None, "community", fallback, name=fallback)
        return
    log.add_many("no_community", "error", sheet, df.loc[missing, ["row"]].assign(value=None), "community")
    _exclude(df, missing, "no_community")


def _check_ids(df: pd.DataFrame, framework: Framework, log: IssueLog, sheet: str) -> None:
    ids = df["indicator_id"]
    missing = ids.isna()
    log.add_many("no_indicator_id", "error", sheet, df.loc[missing, ["row"]].assign(value=None), "indicator_id")
    _exclude(df, missing, "no_indicator_id")
    unknown = ids.notna() & ~ids.isin(list(framework.by_id))
    if unknown.any():
        where = df.loc[unknown, ["row", "indicator_id"]].rename(columns={"indicator_id": "value"})
        known = list(framework.by_id)
        guesses = {u: _closest(u, known) for u in where["value"].unique()}
        where["suggestion"] = where["value"].map(guesses)
        log.add_many("unknown_indicator", "warning", sheet, where, "indicator_id")
    _exclude(df, unknown, "unknown_indicator")


_LOOKALIKE = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "Z": "2", "B": "8"})


def _closest(unknown: str, known: list[str]) -> str:
    """The catalogue id a typo most likely meant; letters typed for digits (CON1O) are undone first."""
    fixed = unknown[:3] + unknown[3:].translate(_LOOKALIKE)
    return (get_close_matches(fixed, known, n=1, cutoff=0.5) or ["–"])[0]


def _parse_years(
    df: pd.DataFrame, table: pd.DataFrame, profile: pd.DataFrame, log: IssueLog, sheet: str, lang: Lang
) -> None:
    parsed = parse_numbers(table["year"].reset_index(drop=True), lang)
    year = parsed.value
    bad = parsed.unreadable | (year.notna() & ((year % 1 != 0) | (year < MIN_YEAR) | (year > MAX_YEAR)))
    raw = table["year"].reset_index(drop=True)
    log.add_many(
        "bad_year",
        "error",
        sheet,
        pd.DataFrame({"row": df["row"], "value": raw})[bad],
        "year",
        low=MIN_YEAR,
        high=MAX_YEAR,
    )
    year = year.mask(bad)
    df["raw_year"] = _as_text_where(raw, bad)  # what was typed, kept so an export gives it back
    years = dict(zip(profile["community"], profile["assessment_year"], strict=True)) if len(profile) else {}
    default = _on_distinct(df["community"], lambda u: u.astype(object).map(years)).astype(float)
    fill = year.isna() & ~bad & df["excluded"].isna()
    year = year.fillna(default.where(fill))
    filled = fill & year.notna()
    log.add_many("year_from_profile", "info", sheet, pd.DataFrame({"row": df["row"], "value": year})[filled], "year")
    unfilled = year.isna() & df["excluded"].isna()
    log.add_many("no_year", "error", sheet, df.loc[unfilled & ~bad, ["row"]].assign(value=None), "year")
    _exclude(df, bad, "bad_year")
    _exclude(df, unfilled, "no_year")
    df["year"] = pd.array(year.round(), dtype="Int64")


def _parse_values(
    df: pd.DataFrame, raw: pd.Series, framework: Framework, log: IssueLog, sheet: str, lang: Lang
) -> None:
    kind_of = {i.id: i.kind for i in framework.indicators}
    # Categorical: the row-by-row comparisons below then compare small integer codes, not text.
    kinds = _on_distinct(df["indicator_id"], lambda u: u.astype(object).map(kind_of)).astype("category")
    numeric_rows = kinds.isin(["number", "percent", "currency", "level"])
    text = is_text(raw)
    empty = raw.isna() | _blank_text(raw, text)

    # Level indicators accept "Level 3", "Mức 3", "3 - strategy adopted".
    level_rows = kinds.eq("level")
    level_num = _as_text_where(
        raw, level_rows & text, lambda s: s.str.extract(r"(?i)^\s*(?:level|mức|muc|cấp)?\s*(\d+)\b", expand=False)
    )
    cells = raw.where(~(level_rows & level_num.notna()), level_num)

    parsed = parse_numbers(cells.where(numeric_rows), lang)
    value = parsed.value
    where_raw = pd.DataFrame({"row": df["row"], "value": raw})

    unreadable = numeric_rows & parsed.unreadable
    log.add_many("not_a_number", "error", sheet, where_raw[unreadable & df["excluded"].isna()], "value")
    _exclude(df, unreadable, "not_a_number")

    ambiguous = numeric_rows & parsed.ambiguous & df["excluded"].isna()
    log.add_many(
        "ambiguous_number",
        "warning",
        sheet,
        where_raw[ambiguous].assign(read=value[ambiguous].map(lambda v: f"{v:g}")),  # format only what is reported
        "value",
    )

    # A percent cell formatted as % in Excel arrives as a fraction (0.85): read as 85 %, and say so.
    # Only for indicators whose goalposts lie well above 1 %: an R&D share of 0.5 % is a real value, not a fraction.
    fraction_prone = _per_indicator(df, {i.id: float(_fraction_prone(i)) for i in framework.indicators}).eq(1.0)
    fraction = fraction_prone & ~parsed.percent_sign & value.gt(0) & value.lt(1) & ~text
    log.add_many(
        "percent_as_fraction",
        "warning",
        sheet,
        where_raw.assign(read=(value * 100).round(4))[fraction & df["excluded"].isna()],
        "value",
    )
    value = value.mask(fraction, value * 100)

    lows = _per_indicator(df, {i.id: i.bounds[0] for i in framework.indicators})
    highs = _per_indicator(df, {i.id: i.bounds[1] for i in framework.indicators})
    out_of_range = numeric_rows & value.notna() & ((value < lows) | (value > highs))
    reported = out_of_range & df["excluded"].isna()
    where_range = where_raw[reported].assign(  # bounds formatted only for the rows reported, not all 50,000
        low=lows[reported].map(_g, na_action="ignore"), high=highs[reported].map(_g, na_action="ignore")
    )
    log.add_many("out_of_range", "error", sheet, where_range, "value")
    _exclude(df, out_of_range, "out_of_range")
    value = value.mask(out_of_range)

    tops = _per_indicator(df, {i.id: i.method.top for i in framework.indicators if isinstance(i.method, Level)})
    not_whole = level_rows & value.notna() & (value % 1 != 0)
    log.add_many(
        "level_not_whole", "error", sheet, where_raw.assign(top=tops)[not_whole & df["excluded"].isna()], "value"
    )
    _exclude(df, not_whole, "level_not_whole")
    value = value.mask(not_whole)

    # Categorical: any spelling of a category (en, vi, with or without accents) to its id.
    cat_rows = kinds.eq("categorical")
    lookup = {
        f"{ind.id}{_SEP}{fold(s)}": c.id
        for ind in framework.indicators
        if isinstance(ind.method, Categorical)
        for c in ind.method.categories
        for s in (c.id, c.label.en, c.label.vi, *c.aliases)
    }
    answered = (cat_rows & ~empty).to_numpy(dtype=bool)  # folded only where a categorical answer was typed
    folded = pd.Series(pd.NA, index=raw.index, dtype="string")
    folded[answered] = _fold_each(raw[answered]).astype("string").array
    label = pd.Series(pd.NA, index=df.index, dtype="string")
    typed = folded.notna().to_numpy()  # looked up only where a categorical answer was typed
    label[typed] = (df["indicator_id"][typed] + _SEP + folded[typed]).map(lookup).astype("string").array
    bad_label = cat_rows & ~empty & label.isna()
    log.add_many("bad_category", "error", sheet, where_raw[bad_label & df["excluded"].isna()], "value")
    _exclude(df, bad_label, "bad_category")

    df["value"] = value.where(numeric_rows)
    df["label"] = label
    # What was typed, where it could not be used: kept so an export gives it back and nothing is lost.
    unused = ~empty & df["value"].isna() & df["label"].isna()
    df["raw_value"] = _as_text_where(raw, unused)
    has_context = df[["evidence", "source_url"]].notna().any(axis=1)
    no_value = empty & has_context & df["excluded"].isna()
    log.add_many("no_value", "warning", sheet, df.loc[no_value, ["row"]].assign(value=None), "value")


def _fraction_prone(indicator: Indicator) -> bool:
    """A percent indicator whose scale starts well above 1 %, so that 0.85 can only mean 85 %."""
    m = indicator.method
    if indicator.kind != "percent" or not isinstance(m, Goalpost | Bands):
        return False
    scale = min(m.floor, m.target) if isinstance(m, Goalpost) else m.target
    return scale >= 10 or (isinstance(m, Goalpost) and max(m.floor, m.target) >= 50)


def _per_indicator(df: pd.DataFrame, numbers: dict[str, float]) -> pd.Series:
    """A number per row from a per-indicator table; NaN for ids the catalogue does not know."""
    return _on_distinct(df["indicator_id"], lambda u: u.astype(object).map(numbers)).astype(float)


def _on_distinct(cells: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """An elementwise `transform` computed once per distinct value and spread back (missing stays missing).

    A long sheet repeats a handful of ids and labels: 54 ids over 54,000 rows. `cells` must hold text or missing only,
    so that equal values are equal strings.
    """
    codes, uniques = pd.factorize(cells)
    done = transform(pd.Series(uniques, dtype=cells.dtype)).array
    return pd.Series(done.take(codes, allow_fill=True), index=cells.index)


def _blank_text(raw: pd.Series, text: pd.Series) -> pd.Series:
    """Text cells (`text` says which) that are empty or whitespace only; numbers and dates never are."""
    text = text.to_numpy(dtype=bool)
    blank = np.zeros(len(raw), dtype=bool)
    blank[text] = raw[text].astype("string").str.strip().fillna("").eq("").to_numpy(dtype=bool)
    return pd.Series(blank, index=raw.index)


def _as_text_where(
    raw: pd.Series, where: pd.Series, transform: Callable[[pd.Series], pd.Series] = lambda s: s
) -> pd.Series:
    """`transform(raw.astype("string")).where(where)`, converting only the cells kept (a few among thousands)."""
    out = pd.Series(pd.NA, index=raw.index, dtype="string")
    keep = where.to_numpy(dtype=bool, na_value=False)
    out[keep] = transform(raw[keep].astype("string")).array
    return out


def _fold_each(cells: pd.Series) -> pd.Series:
    """`fold` of every cell, missing kept missing. A long sheet repeats a handful of labels, so each distinct value
    is folded once (typed: 1, 1.0 and True fold differently); folding every cell took half the reading time."""
    return cells.map(lru_cache(maxsize=None, typed=True)(fold), na_action="ignore")


def _g(v: float) -> str:
    return "∞" if np.isinf(v) else f"{v:g}"


def _parse_labels(df: pd.DataFrame, table: pd.DataFrame, log: IssueLog, sheet: str) -> None:
    has_value = df["value"].notna() | df["label"].notna()
    for key, labels, default, code in (
        ("evidence_status", EVIDENCE_LABELS, "self-reported", "bad_evidence_status"),
        ("helix", HELIX_LABELS, None, "bad_helix"),
    ):
        raw = clean_text(table[key]).reset_index(drop=True)
        lookup = label_lookup(labels)
        canon = _on_distinct(raw, lambda u, lookup=lookup: u.astype(object).map(fold).map(lookup)).astype("string")
        bad = raw.notna() & canon.isna()
        where = pd.DataFrame({"row": df["row"], "value": raw})
        log.add_many(code, "warning", sheet, where[bad], key)
        if default is not None:
            unstated = raw.isna() & has_value & df["excluded"].isna()
            log.add_many("no_evidence_status", "info", sheet, where[unstated], key)
            canon = canon.mask(canon.isna() & has_value, default)
        df[key] = canon


def _check_links(df: pd.DataFrame, log: IssueLog, sheet: str) -> None:
    url = df["source_url"]
    given = url.notna().to_numpy()
    web = np.zeros(len(url), dtype=bool)  # matched only where a link was given: most rows have none
    web[given] = url[given].str.match(r"(?i)^https?://[^\s/$.?#][^\s]*$").fillna(False).to_numpy(dtype=bool)
    bad = url.notna() & ~pd.Series(web, index=url.index)
    log.add_many(
        "bad_link",
        "warning",
        sheet,
        df.loc[bad, ["row", "source_url"]].rename(columns={"source_url": "value"}),
        "source_url",
    )


def _mark_duplicates(df: pd.DataFrame, log: IssueLog, sheet: str) -> None:
    keys = ["community", "indicator_id", "year"]
    live = np.flatnonzero(df["excluded"].isna().to_numpy())
    # One integer per (community, indicator, year): comparing text keys row by row was the slow part.
    key = np.zeros(len(live), dtype=np.int64)
    for k in keys:
        codes, uniques = pd.factorize(df[k].iloc[live], use_na_sentinel=False)
        key = key * max(len(uniques), 1) + codes
    repeated = pd.Series(key).duplicated(keep="first").to_numpy()
    if not repeated.any():
        return
    dup = pd.Series(False, index=df.index)
    dup.iloc[live[repeated]] = True
    distinct, first_at = np.unique(key, return_index=True)  # first_at: where each key first appears
    first_row = df["row"].to_numpy()[live[first_at[np.searchsorted(distinct, key[repeated])]]]
    where = df.loc[dup, [*keys, "row", "value", "label"]]
    where = where.assign(
        first=first_row,
        value=where["value"].astype("object").where(where["value"].notna(), where["label"]),
    )
    log.add_many(
        "duplicate_row", "error", sheet, where[["row", "value", "first", "indicator_id", "year"]], "indicator_id"
    )
    _exclude(df, dup, "duplicate_row")


# ---------------------------------------------------------------- narratives and actions


def _default_community(indicators: pd.DataFrame) -> str | None:
    names = indicators["community"].dropna().unique()
    return names[0] if len(names) == 1 else None


def _read_narratives(
    found: Table | None, framework: Framework, indicators: pd.DataFrame, log: IssueLog
) -> pd.DataFrame:
    cols = ["community", "narrative_id", "answer", "sheet", "row"]
    if found is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    sheet, table = found.sheet, found.data
    out = pd.DataFrame({"row": table["row"].to_numpy()})
    out["sheet"] = sheet
    out["community"] = clean_text(table["community"]).fillna(_default_community(indicators) or "").to_numpy()
    out["narrative_id"] = clean_text(table["narrative_id"]).str.upper().to_numpy()
    out["answer"] = clean_text(table["answer"]).to_numpy()
    known = {n.id for n in framework.narratives}
    unknown = out["narrative_id"].notna() & ~out["narrative_id"].isin(known)
    log.add_many(
        "unknown_narrative",
        "warning",
        sheet,
        out.loc[unknown, ["row", "narrative_id"]].rename(columns={"narrative_id": "value"}),
        "narrative_id",
    )
    limits = out["narrative_id"].map({n.id: n.limit for n in framework.narratives})
    length = out["answer"].str.len().astype("Int64")
    too_long = length.to_numpy(dtype=float, na_value=np.nan) > limits.to_numpy(dtype=float, na_value=np.nan)
    log.add_many(
        "narrative_too_long",
        "warning",
        sheet,
        out.assign(value=out["narrative_id"], length=length, limit=limits.astype("Int64")).loc[
            too_long, ["row", "value", "length", "limit"]
        ],
        "answer",
    )
    return out[cols]


def _is_date(cell: object) -> bool:
    return isinstance(cell, (datetime.date, pd.Timestamp))


def _read_actions(
    found: Table | None, framework: Framework, indicators: pd.DataFrame, log: IssueLog, lang: Lang
) -> pd.DataFrame:
    keys = [c.key for c in ACTIONS.columns]
    if found is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in [*keys, "sheet", "row"]})
    sheet, table = found.sheet, found.data
    due = pd.to_datetime(table["due"].where(table["due"].map(_is_date)), errors="coerce")
    table = table.assign(due=table["due"].mask(due.notna(), due.dt.strftime("%Y-%m-%d")))
    out = pd.DataFrame({k: clean_text(table[k]).to_numpy() for k in keys if k != "expected_value"})
    out["community"] = out["community"].fillna(_default_community(indicators) or "")
    out["indicator_id"] = out["indicator_id"].str.upper()
    parsed = parse_numbers(table["expected_value"].reset_index(drop=True), lang)
    out["expected_value"] = parsed.value.to_numpy()
    out["sheet"], out["row"] = sheet, table["row"].to_numpy()
    unknown = out["indicator_id"].notna() & ~out["indicator_id"].isin(list(framework.by_id))
    log.add_many(
        "unknown_indicator",
        "warning",
        sheet,
        out.loc[unknown, ["row", "indicator_id"]].rename(columns={"indicator_id": "value"}).assign(suggestion="–"),
        "indicator_id",
    )
    return out[[*keys, "sheet", "row"]]
