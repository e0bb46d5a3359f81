"""The last step: the layout's sheets (Profile, Indicators, Narratives, Actions) into one `Submission`.

decode (bytes to typed cells) -> locate (sheets, header rows, columns) -> cells and fields (per column, every row at
once) -> this module. Every row read is kept; rows that cannot be scored carry the reason in `excluded`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from assessor.framework import Framework, Lang
from assessor.issues import IssueLog
from assessor.layout import PROFILE
from assessor.messages import FatalInputError
from assessor.read import fields
from assessor.read.actions import read_actions
from assessor.read.cells import TEXT, clean_text, parse_numbers
from assessor.read.decode import decode
from assessor.read.fields import exclude, where
from assessor.read.limits import MAX_FILE_BYTES
from assessor.read.locate import Table, as_written, locate, merged_notes, number_convention
from assessor.submission import Submission

TIDY = ["community", "indicator_id", "year", "raw_year", "value", "label", "raw_value", "evidence_status", "evidence"]
TIDY += ["source_url", "owner", "helix", "quality", "notes", "sheet", "row", "excluded"]


def read_submission(source: bytes | str | Path, framework: Framework, name: str | None = None) -> Submission:
    """Read a workbook or CSV. Raises `FatalInputError` only when nothing can be read at all."""
    if isinstance(source, (str, Path)):
        path = Path(source)
        name = name or path.name
        try:
            size = path.stat().st_size
            if size > MAX_FILE_BYTES:  # refused before a byte is read
                raise FatalInputError(
                    "file_too_large", name=name, size=size // 1024**2, limit=MAX_FILE_BYTES // 1024**2
                )
            data = path.read_bytes()
        except OSError:
            raise FatalInputError("unreadable_file", name=name) from None
    else:
        data, name = source, name or "upload"
    log = IssueLog()
    book = decode(data, name)
    if book.encoding:
        log.add("csv_encoding", "info", book.sheets[0].name, None, "", None, encoding=_encoding_name(book.encoding))
    tables = locate(book, name, log)
    merged_notes(book, tables, log)
    del book  # the tables hold what is read from here on: a 1,000,000-row file is not kept twice
    lang = number_convention(tables)

    named = "community" in tables["indicators"].present
    plan_only = tables["indicators"].data.empty and "actions" in tables and not tables["actions"].data.empty
    profile = read_profile(tables.get("profile"), log, lang, warn_missing=not named and not plan_only)
    indicators = read_indicators(tables["indicators"], framework, profile, log, lang, Path(name).stem)
    narratives = read_narratives(tables.get("narratives"), framework, indicators, log)
    actions = read_actions(tables.get("actions"), framework, indicators, log, lang)
    return Submission(
        profile=profile,
        indicators=indicators,
        narratives=narratives,
        actions=actions,
        issues=as_written(log.frame(), tables),
        source=name,
        sha256=hashlib.sha256(data).hexdigest(),
        lang=lang,
    )


def _encoding_name(codec: str) -> str:
    return {"cp1258": "Windows-1258", "cp1252": "Windows-1252"}.get(codec, codec)


# ---------------------------------------------------------------- profile


def read_profile(found: Table | None, log: IssueLog, lang: Lang, warn_missing: bool = True) -> pd.DataFrame:
    columns = [c.key for c in PROFILE.columns]
    if found is None:
        if warn_missing:
            log.add("no_profile", "warning", PROFILE.key)  # the layout's key: named in the reader's language
        return pd.DataFrame({c: pd.Series(dtype="object") for c in [*columns, "row"]})
    sheet, table = found.sheet, found.data
    out = pd.DataFrame({"community": clean_text(table["community"]), "row": table["row"]})
    out["country"] = clean_text(table["country"])
    out["contact"] = clean_text(table["contact"])
    for key in ("population", "area_km2"):
        parsed = parse_numbers(table[key], lang)
        bad = parsed.unreadable | parsed.not_finite | parsed.date | parsed.error | (parsed.value < 0)
        log.add_many("not_a_number", "error", sheet, where(out, bad, table[key]), key)
        out[key] = parsed.value.mask(bad)
    year, bad = fields.parse_years(table["assessment_year"])
    log.add_many(
        "bad_year",
        "error",
        sheet,
        where(out, bad, table["assessment_year"]),
        "assessment_year",
        low=fields.MIN_YEAR,
        high=fields.MAX_YEAR,
    )
    out["assessment_year"] = year.astype("Float64").astype(float).to_numpy()
    nameless = out["community"].isna()
    log.add_many("profile_no_community", "warning", sheet, where(out, nameless, out["community"]), "community")
    out = out[~nameless]
    dup = out["community"].duplicated()
    log.add_many("profile_duplicate", "warning", sheet, where(out, dup, out["community"]))
    out = out[~dup].reset_index(drop=True)
    return out[[*columns, "row"]]


# ---------------------------------------------------------------- indicators


def read_indicators(
    found: Table, framework: Framework, profile: pd.DataFrame, log: IssueLog, lang: Lang, stem: str
) -> pd.DataFrame:
    sheet, table = found.sheet, found.data
    df = pd.DataFrame({"row": table["row"].to_numpy()})
    df["sheet"] = sheet
    df["excluded"] = pd.Series(pd.NA, index=df.index, dtype=TEXT)
    exclude(df, found.too_wide, "row_too_wide")  # reported by locate: its cells cannot be placed
    for key in ("community", "evidence", "source_url", "owner", "notes"):
        df[key] = clean_text(table[key]).reset_index(drop=True)
    df["indicator_id"] = fields.normal_ids(clean_text(table["indicator_id"]).reset_index(drop=True))

    _fill_community(df, profile, log, sheet, stem)
    fields.read_ids(df, framework, log, sheet)
    years = dict(zip(profile["community"], profile["assessment_year"], strict=True)) if len(profile) else {}
    fields.read_years(df, table["year"], years, log, sheet)
    fields.read_values(df, table["value"], framework, log, sheet, lang)
    fields.read_labels(df, table, log, sheet)
    fields.check_links(df, log, sheet)
    fields.mark_duplicates(df, log, sheet)
    df["value"] = df["value"].astype(float)
    return df[TIDY]


def _fill_community(df: pd.DataFrame, profile: pd.DataFrame, log: IssueLog, sheet: str, stem: str) -> None:
    missing = df["community"].isna()
    if not missing.any():
        return
    names = profile["community"].dropna().tolist()
    if len(names) == 1:
        df.loc[missing, "community"] = names[0]
        return
    if not names:
        df.loc[missing, "community"] = stem
        log.add("community_from_filename", "warning", sheet, None, "community", stem, name=stem)
        return
    log.add_many("no_community", "error", sheet, where(df, missing, df["community"]), "community")
    exclude(df, missing, "no_community")


# ---------------------------------------------------------------- narratives and actions


def _default_community(indicators: pd.DataFrame) -> str | None:
    names = indicators["community"].dropna().unique()
    return names[0] if len(names) == 1 else None


def read_narratives(found: Table | None, framework: Framework, indicators: pd.DataFrame, log: IssueLog) -> pd.DataFrame:
    cols = ["community", "narrative_id", "answer", "sheet", "row"]
    if found is None:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in cols})
    sheet, table = found.sheet, found.data
    out = pd.DataFrame({"row": table["row"].to_numpy()})
    out["sheet"] = sheet
    out["community"] = clean_text(table["community"]).fillna(_default_community(indicators) or "").to_numpy()
    out["narrative_id"] = clean_text(table["narrative_id"]).str.upper().to_numpy()
    out["answer"] = clean_text(table["answer"]).to_numpy()
    answered = out["answer"].notna()
    nameless = answered & out["community"].eq("")
    log.add_many("no_community", "error", sheet, where(out, nameless, out["answer"]), "community")
    no_id = answered & out["narrative_id"].isna()
    log.add_many("narrative_no_id", "error", sheet, where(out, no_id, out["answer"]), "narrative_id")
    known = {n.id for n in framework.narratives}
    unknown = out["narrative_id"].notna() & ~out["narrative_id"].isin(known)
    log.add_many("unknown_narrative", "warning", sheet, where(out, unknown, out["narrative_id"]), "narrative_id")
    limits = out["narrative_id"].map({n.id: n.limit for n in framework.narratives}).astype("Float64").astype(float)
    length = pd.Series(out["answer"], dtype=TEXT).str.len().astype("Float64").astype(float)
    too_long = (length > limits).to_numpy(dtype=bool, na_value=False)
    log.add_many(
        "narrative_too_long",
        "warning",
        sheet,
        where(out, too_long, out["narrative_id"], length=length.astype("Int64"), limit=limits.astype("Int64")),
        "answer",
    )
    return out[cols]
