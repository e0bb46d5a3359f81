"""The fourth step: the Indicators table's fields, each read and checked on every row at once.

Ids, years (one rule for the Indicators and the Profile), values by the indicator's kind, evidence labels, links and
duplicates. A row that cannot be scored is kept with the reason in `excluded`, and an issue record on that row says
why; where a value is reinterpreted, a note on its row says how.
"""

from __future__ import annotations

from collections.abc import Callable
from difflib import get_close_matches

import numpy as np
import pandas as pd

from assessor.framework import Categorical, Framework, Lang, Level
from assessor.issues import IssueLog
from assessor.layout import EVIDENCE_LABELS, HELIX_LABELS, QUALITY_LABELS, fold, label_lookup
from assessor.read.cells import TEXT, CellError, is_blank, is_text, kinds, level_text, parse_numbers, says_missing

MIN_YEAR, MAX_YEAR = 1990, 2100
LINK = r"(?i)^https?://[^\s/$.?#][^\s]*$"
_SEP = "\x1f"


def on_distinct(cells: pd.Series, transform: Callable[[pd.Series], pd.Series]) -> pd.Series:
    """An elementwise `transform` computed once per distinct value and spread back (missing stays missing).

    A long sheet repeats a handful of ids and labels: 54 ids over 54,000 rows. `cells` must hold text or missing only.
    """
    codes, uniques = pd.factorize(cells)
    done = transform(pd.Series(uniques, dtype=cells.dtype)).array
    return pd.Series(done.take(codes, allow_fill=True), index=cells.index)


def per_indicator(ids: pd.Series, numbers: dict[str, float]) -> pd.Series:
    """A number per row from a per-indicator table; NaN for ids the catalogue does not know."""
    return on_distinct(ids, lambda u: u.astype(object).map(numbers)).astype(float)


def exclude(df: pd.DataFrame, mask: pd.Series | np.ndarray, reason: str) -> None:
    """Mark rows not scored, keeping the first reason found."""
    df.loc[np.asarray(mask, dtype=bool) & df["excluded"].isna().to_numpy(), "excluded"] = reason


def live(df: pd.DataFrame) -> pd.Series:
    return df["excluded"].isna()


def where(df: pd.DataFrame, mask: pd.Series | np.ndarray, value: pd.Series, **per_row: pd.Series) -> pd.DataFrame:
    """The rows an issue is about: row, community and the value to show, plus per-row message placeholders."""
    at = np.flatnonzero(np.asarray(mask, dtype=bool))
    if not len(at):  # most problems are on no row: nothing to convert
        return pd.DataFrame({"row": [], "value": []})
    out = pd.DataFrame({"row": df["row"].to_numpy()[at], "value": value.iloc[at].astype(object).to_numpy()})
    out["community"] = df["community"].iloc[at].astype(object).to_numpy() if "community" in df else None
    for k, v in per_row.items():
        out[k] = v.iloc[at].astype(object).to_numpy()
    return out


# ---------------------------------------------------------------- ids and communities


def read_ids(df: pd.DataFrame, framework: Framework, log: IssueLog, sheet: str) -> None:
    ids = df["indicator_id"]
    missing = ids.isna()
    log.add_many("no_indicator_id", "error", sheet, where(df, missing, ids), "indicator_id")
    exclude(df, missing, "no_indicator_id")
    unknown = (ids.notna() & ~ids.isin(list(framework.by_id))).to_numpy(dtype=bool)
    if unknown.any():
        known = list(framework.by_id)
        guesses = {u: closest(u, known) for u in ids[unknown].unique()}
        log.add_many(
            "unknown_indicator", "warning", sheet, where(df, unknown, ids, suggestion=ids.map(guesses)), "indicator_id"
        )
    exclude(df, unknown, "unknown_indicator")


_LOOKALIKE = str.maketrans({"O": "0", "I": "1", "L": "1", "S": "5", "Z": "2", "B": "8"})


def closest(unknown: str, known: list[str]) -> str:
    """The catalogue id a typo most likely meant; letters typed for digits (CON1O) are undone first."""
    fixed = unknown[:3] + unknown[3:].translate(_LOOKALIKE)
    return (get_close_matches(fixed, known, n=1, cutoff=0.5) or ["–"])[0]


def normal_ids(ids: pd.Series) -> pd.Series:
    return on_distinct(ids, lambda u: u.str.upper().str.replace(r"\s+", "", regex=True))


# ---------------------------------------------------------------- years


def parse_years(cells: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Years as whole numbers from 1990 to 2100, and where a year was given but is not one (24, 2024.5, 1e20)."""
    parsed = parse_numbers(cells.reset_index(drop=True))
    year = parsed.value
    given = ~is_blank(cells.reset_index(drop=True)) & ~parsed.missing_token.to_numpy()
    ok = year.notna() & (year % 1 == 0) & (year >= MIN_YEAR) & (year <= MAX_YEAR)
    bad = given & ~ok.to_numpy()
    return pd.Series(pd.array(year.where(ok).round(), dtype="Int64")), bad


def read_years(df: pd.DataFrame, raw: pd.Series, profile_years: dict[str, float], log: IssueLog, sheet: str) -> None:
    year, bad = parse_years(raw)
    raw = raw.reset_index(drop=True)
    log.add_many("bad_year", "error", sheet, where(df, bad, raw), "year", low=MIN_YEAR, high=MAX_YEAR)
    df["raw_year"] = as_text_where(raw, bad)  # what was typed, kept so an export gives it back
    default = on_distinct(df["community"], lambda u: u.astype(object).map(profile_years)).astype("Int64")
    fill = (year.isna().to_numpy() & ~bad) & live(df).to_numpy()
    year = year.where(~fill, default)
    filled = fill & year.notna().to_numpy()
    log.add_many("year_from_profile", "info", sheet, where(df, filled, year), "year")
    unfilled = year.isna().to_numpy() & live(df).to_numpy() & ~bad
    log.add_many("no_year", "error", sheet, where(df, unfilled, raw), "year")
    exclude(df, bad, "bad_year")
    exclude(df, unfilled, "no_year")
    df["year"] = year.astype("Int64").to_numpy()


# ---------------------------------------------------------------- values


def read_values(df: pd.DataFrame, raw: pd.Series, framework: Framework, log: IssueLog, sheet: str, lang: Lang) -> None:
    """Values by the indicator's kind: numbers (percent, currency, level) or a category's id."""
    raw = raw.reset_index(drop=True)
    kind_of = {i.id: i.kind for i in framework.indicators}
    kinds = on_distinct(df["indicator_id"], lambda u: u.astype(object).map(kind_of)).astype("category")
    numeric_rows = kinds.isin(["number", "percent", "currency", "level"]).to_numpy(dtype=bool)
    text = is_text(raw)
    empty = is_blank(raw)

    # A level may be written "Mức 3", "Level 3 – strategy adopted": the number is taken whole, checked below.
    level_rows = kinds.eq("level").to_numpy(dtype=bool)
    as_level = level_rows & text & ~empty
    cells = raw.copy()
    if as_level.any():
        number = level_text(raw[as_level])
        cells[as_level] = number.where(number.notna(), raw[as_level]).array
    parsed = parse_numbers(cells.where(numeric_rows), lang)
    value = parsed.value
    ok = live(df).to_numpy()

    def report(code: str, severity: str, mask: np.ndarray, reason: str | None = None, **per_row: pd.Series) -> None:
        log.add_many(code, severity, sheet, where(df, mask & ok, raw, **per_row), "value")
        if reason:
            exclude(df, mask, reason)

    report("excel_error", "error", numeric_rows & parsed.error.to_numpy() & ~_formula(raw), "excel_error")
    report("formula_no_value", "error", numeric_rows & _formula(raw), "formula_no_value")
    report("date_in_value", "error", numeric_rows & parsed.date.to_numpy(), "date_in_value")
    report("not_finite", "error", numeric_rows & parsed.not_finite.to_numpy(), "not_finite")
    report("not_a_number", "error", numeric_rows & parsed.unreadable.to_numpy(), "not_a_number")
    report("marked_missing", "info", numeric_rows & parsed.missing_token.to_numpy())
    ok = live(df).to_numpy()
    ambiguous = numeric_rows & parsed.ambiguous.to_numpy()
    report("ambiguous_number", "warning", ambiguous, read=value)

    # A bare fraction in a percent column (0.85 with no % sign and no percent format) is kept as typed, 0.85 %,
    # and said so: multiplying would be a guess, and wrong for a real small share (R&D 0.5 % of GRDP).
    percent_rows = kinds.eq("percent").to_numpy(dtype=bool)
    bare = percent_rows & ~parsed.percent_sign.to_numpy() & (value > 0).to_numpy() & (value < 1).to_numpy()
    report("bare_fraction", "warning", bare, read=value, meant=value * 100)

    lows = per_indicator(df["indicator_id"], {i.id: i.bounds[0] for i in framework.indicators})
    highs = per_indicator(df["indicator_id"], {i.id: i.bounds[1] for i in framework.indicators})
    out_of_range = numeric_rows & (value.notna() & ((value < lows) | (value > highs))).to_numpy()
    report("out_of_range", "error", out_of_range, "out_of_range", low=lows, high=highs)
    value = value.mask(out_of_range)

    tops = per_indicator(
        df["indicator_id"], {i.id: i.method.top for i in framework.indicators if isinstance(i.method, Level)}
    )
    not_whole = level_rows & (value.notna() & (value % 1 != 0)).to_numpy()
    report("level_not_whole", "error", not_whole, "level_not_whole", top=tops)
    excluded = df["excluded"].notna().to_numpy()
    value = value.mask(excluded)

    label = _categories(df, raw, kinds, empty, framework)
    categorical = kinds.eq("categorical").to_numpy(dtype=bool)
    # N/A, NA, - mean "no value" in a Yes/Partial/No cell too, said the same way as in a number cell.
    missing = categorical & label.isna().to_numpy() & says_missing(raw)
    report("marked_missing", "info", categorical & missing)
    bad_label = categorical & ~empty & ~missing & label.isna().to_numpy()
    report("bad_category", "error", bad_label, "bad_category")

    df["value"] = value.where(numeric_rows).to_numpy()
    df["label"] = label.mask(df["excluded"].notna().to_numpy()).array
    # What was typed, where it could not be used: kept so an export gives it back and nothing is lost.
    said_missing = parsed.missing_token.to_numpy() | missing
    unused = ~empty & df["value"].isna().to_numpy() & df["label"].isna().to_numpy() & ~said_missing
    df["raw_value"] = as_text_where(raw, unused).array
    has_context = df[["evidence", "source_url"]].notna().any(axis=1).to_numpy()
    no_value = empty & has_context & live(df).to_numpy()
    log.add_many("no_value", "warning", sheet, where(df, no_value, raw), "value")


def _formula(raw: pd.Series) -> np.ndarray:
    """Cells holding a formula saved without its result (a few, if any: looked at only where an error is)."""
    out = kinds(raw, lambda t: issubclass(t, CellError))
    at = np.flatnonzero(out)
    out[at] = [raw.iat[i].formula for i in at]
    return out


def _categories(
    df: pd.DataFrame, raw: pd.Series, kinds: pd.Series, empty: np.ndarray, framework: Framework
) -> pd.Series:
    """Any spelling of a category (en, vi, with or without accents) to its id; missing where none matches."""
    lookup = {
        f"{ind.id}{_SEP}{fold(s)}": c.id
        for ind in framework.indicators
        if isinstance(ind.method, Categorical)
        for c in ind.method.categories
        for s in (c.id, c.label.en, c.label.vi, *c.aliases)
    }
    answered = kinds.eq("categorical").to_numpy(dtype=bool) & ~empty
    label = pd.Series(pd.NA, index=df.index, dtype=TEXT)
    if answered.any():
        keys = df["indicator_id"][answered].astype(str) + _SEP + raw[answered].map(fold)
        label[answered] = keys.map(lookup).astype(TEXT).array
    return label


# ---------------------------------------------------------------- labels, links, duplicates


def read_labels(df: pd.DataFrame, table: pd.DataFrame, log: IssueLog, sheet: str) -> None:
    """Evidence status, helix and data-quality class by any of their words; a value with no status counts as
    self-reported, said so; an empty data-quality class stays empty (unknown method)."""
    from assessor.read.cells import clean_text

    has_value = (df["value"].notna() | df["label"].notna()).to_numpy()
    for key, labels, default, code in (
        ("evidence_status", EVIDENCE_LABELS, "self-reported", "bad_evidence_status"),
        ("helix", HELIX_LABELS, None, "bad_helix"),
        ("quality", QUALITY_LABELS, None, "bad_quality"),
    ):
        raw = clean_text(table[key]).reset_index(drop=True)
        lookup = label_lookup(labels)
        canon = on_distinct(raw, lambda u, lookup=lookup: u.astype(object).map(fold).map(lookup)).astype(TEXT)
        bad = (raw.notna() & canon.isna()).to_numpy()
        log.add_many(code, "warning", sheet, where(df, bad, raw), key)
        if default is not None:
            unstated = raw.isna().to_numpy() & has_value & live(df).to_numpy()
            log.add_many("no_evidence_status", "info", sheet, where(df, unstated, raw), key)
            canon = canon.mask(canon.isna() & has_value, default)
        df[key] = canon.array


def check_links(df: pd.DataFrame, log: IssueLog, sheet: str) -> None:
    url = df["source_url"]
    given = url.notna().to_numpy()
    web = np.zeros(len(url), dtype=bool)  # matched only where a link was given: most rows have none
    web[given] = url[given].str.match(LINK).fillna(False).to_numpy(dtype=bool)
    log.add_many("bad_link", "warning", sheet, where(df, given & ~web, url), "source_url")


def mark_duplicates(df: pd.DataFrame, log: IssueLog, sheet: str) -> None:
    """One row per community, indicator and year. A blank row gives way to a filled one, and the same value entered
    twice counts once (the first row). Two different values are a conflict the reader cannot settle: which one was
    meant is not in the file, so neither is scored and each row says so, as between two departments' files."""
    keys = ["community", "indicator_id", "year"]
    alive = np.flatnonzero(live(df).to_numpy())
    if len(alive) < 2:
        return
    key = np.zeros(len(alive), dtype=np.int64)
    for k in keys:
        codes, uniques = pd.factorize(df[k].iloc[alive], use_na_sentinel=False)
        key = key * max(len(uniques), 1) + codes
    blank = (df["value"].isna() & df["label"].isna()).to_numpy()[alive]
    order = np.lexsort((np.arange(len(alive)), blank, key))  # per key: filled rows first, then sheet order
    sorted_key = key[order]
    repeated_sorted = np.r_[False, sorted_key[1:] == sorted_key[:-1]]
    if not repeated_sorted.any():
        return
    rows = df["row"].to_numpy()
    shown = df["label"].astype(object).where(df["label"].notna(), df["value"])
    # Per key, in the order above: its first row, its second, and how many different values its filled rows hold.
    in_group = np.r_[np.flatnonzero(~repeated_sorted[1:]) + 1, len(order)]
    starts = np.r_[0, in_group[:-1]]
    first_pos, second_pos = order[starts], order[np.minimum(starts + 1, len(order) - 1)]
    group_of = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, len(order)]))
    filled_sorted = ~blank[order]
    said = pd.Series(shown.iloc[alive[order]].astype(object).to_numpy())
    values = pd.Series(pd.factorize(said, use_na_sentinel=False)[0]).where(filled_sorted)
    differing = (values.groupby(group_of).nunique() > 1).to_numpy()

    conflict = np.zeros(len(df), dtype=bool)  # every filled row of a key with two different values
    conflict[alive[order[filled_sorted & differing[group_of]]]] = True
    repeat = np.zeros(len(df), dtype=bool)  # every later row of a key, but those in conflict
    repeat[alive[order[repeated_sorted]]] = True
    repeat &= ~conflict
    other = np.full(len(df), np.nan)  # the row each one is measured against: the key's first, or for it, its second
    other[alive[order]] = rows[alive[first_pos[group_of]]]
    leaders = alive[first_pos]
    other[leaders] = rows[alive[second_pos]]
    other_row = pd.Series(other, index=df.index)
    blank_all = (df["value"].isna() & df["label"].isna()).to_numpy()
    for code, severity, mask in (
        ("duplicate_row", "error", conflict),
        ("duplicate_same", "warning", repeat & ~blank_all),
        ("duplicate_blank", "info", repeat & blank_all),
    ):
        log.add_many(
            code,
            severity,
            sheet,
            where(df, mask, shown, first=other_row, indicator_id=df["indicator_id"], year=df["year"]),
            "indicator_id",
        )
    exclude(df, conflict | repeat, "duplicate_row")


def as_text_where(raw: pd.Series, mask: np.ndarray) -> pd.Series:
    """The cells under `mask` as text (what was typed), missing elsewhere; only those cells are converted."""
    out = pd.Series(pd.NA, index=raw.index, dtype=TEXT)
    mask = np.asarray(mask, dtype=bool)
    if mask.any():
        out[mask] = raw[mask].map(lambda v: format(v, ".15g") if isinstance(v, float) else str(v)).astype(TEXT).array
    return out
