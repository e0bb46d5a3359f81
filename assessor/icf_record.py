"""ICF's record as context: who was named Smart21, Top7 and Intelligent Community of the Year, year by year.

The data is `indicators/icf_record.csv`, one line per community and selection with its source; lists no source gave
whole are marked partial. Nothing here scores anything: the record is context beside the self-assessment, never a
benchmark, and no community in it has a score.
"""

from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

import pandas as pd

from assessor.framework import CATALOGUE_DIR, CatalogueError

RECORD_FILE = CATALOGUE_DIR / "icf_record.csv"
STAGES = ("icoty", "top7", "smart21")  # highest first: Intelligent Community of the Year, Top7, Smart21
LISTS = ("complete", "partial")
COLUMNS = ("year", "stage", "community", "country", "list", "source", "note")


def load_record(path: Path | str = RECORD_FILE) -> pd.DataFrame:
    """The record as a frame; a line without a source, an unknown stage or a bad year stops the load, naming it."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise CatalogueError(f"{path.name}: cannot be read ({err.strerror})") from None
    body = [line for line in text.splitlines() if not line.startswith("#")]
    reader = csv.DictReader(body)
    if tuple(reader.fieldnames or ()) != COLUMNS:
        raise CatalogueError(f"{path.name}: the columns must be {', '.join(COLUMNS)}")
    rows = []
    for n, row in enumerate(reader, start=2):
        where = f"{path.name}: line {n} of the data"
        if not (len(row["year"]) == 4 and row["year"].isdigit()):
            raise CatalogueError(f"{where}: year {row['year']!r} is not a year")
        if row["stage"] not in STAGES:
            raise CatalogueError(f"{where}: stage {row['stage']!r} is not one of {', '.join(STAGES)}")
        if row["list"] not in LISTS:
            raise CatalogueError(f"{where}: list {row['list']!r} is not one of {', '.join(LISTS)}")
        if not row["community"].strip():
            raise CatalogueError(f"{where}: no community")
        if not row["source"].strip().startswith(("http://", "https://")):
            raise CatalogueError(f"{where}: no source address")
        rows.append({**row, "year": int(row["year"]), "community": unicodedata.normalize("NFC", row["community"])})
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    if frame.duplicated(["year", "stage", "community"]).any():
        first = frame[frame.duplicated(["year", "stage", "community"])].iloc[0]
        raise CatalogueError(f"{path.name}: {first['community']} is listed twice for {first['stage']} {first['year']}")
    return frame


def _key(name: str) -> str:
    return unicodedata.normalize("NFC", name).casefold().strip()


def community_record(record: pd.DataFrame, community: str) -> pd.DataFrame:
    """One community's selections, newest first, highest stage first within a year; empty when it has none."""
    mine = record[record["community"].map(_key) == _key(community)]
    order = mine["stage"].map({s: i for i, s in enumerate(STAGES)})
    return mine.assign(_order=order).sort_values(["year", "_order"], ascending=[False, True]).drop(columns="_order")


def by_country(record: pd.DataFrame) -> pd.DataFrame:
    """Selections per country and stage (a community named in three years counts three times), most first.

    Lines whose country no source named are counted under an empty country code.
    """
    table = record.pivot_table(index="country", columns="stage", values="community", aggfunc="count", fill_value=0)
    table = table.reindex(columns=list(STAGES), fill_value=0)
    table["total"] = table.sum(axis=1)
    return table.sort_values(["total", "icoty", "top7"], ascending=False).reset_index()


def by_year(record: pd.DataFrame) -> pd.DataFrame:
    """Per year and stage: the communities named (in the record's order), their count and whether the list is whole."""
    grouped = record.groupby(["year", "stage"], sort=False)
    out = grouped.agg(
        communities=("community", list),
        count=("community", "size"),
        partial=("list", lambda s: bool((s == "partial").any())),
    ).reset_index()
    out["_order"] = out["stage"].map({s: i for i, s in enumerate(STAGES)})
    return out.sort_values(["year", "_order"], ascending=[False, True]).drop(columns="_order").reset_index(drop=True)


def list_notes(record: pd.DataFrame) -> pd.DataFrame:
    """The notes the record carries (a code per line), once per year, stage and note."""
    noted = record[record["note"].fillna("") != ""]
    return noted[["year", "stage", "note"]].drop_duplicates().reset_index(drop=True)
