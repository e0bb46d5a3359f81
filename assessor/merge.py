"""Several spreadsheets (departments, helix partners) merged into one `Submission`; disagreements are shown, not hidden.

A *conflict* is the same community, indicator and year with a different value in two files; a row left blank
(a template row another department did not fill) never conflicts with a value. Until someone picks the
winning file (`resolutions`), none of the disagreeing values is scored: the rows stay in the submission, excluded
with the reason `conflict`. Identical rows in several files are merged quietly (the first file's row is kept, its
empty evidence fields filled from the others) and counted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from assessor.issues import IssueLog
from assessor.submission import Submission

KEYS = ["community", "indicator_id", "year"]
FILLABLE = ["evidence_status", "evidence", "source_url", "owner", "helix", "quality", "notes"]
CONFLICT_COLUMNS = ["key", "community", "indicator_id", "year", "file", "sha256", "sheet", "row", "value", "chosen"]


@dataclass(frozen=True)
class Merged:
    submission: Submission
    #: One row per file's row taking part in a conflict: key, community, indicator_id, year, file, sha256, sheet,
    #: row, value (as written: number or label), chosen (True for the winner, False otherwise, NA while open).
    conflicts: pd.DataFrame
    #: How many rows were identical across files and merged quietly.
    duplicates: int

    @property
    def open_conflicts(self) -> int:
        return int(self.conflicts.loc[self.conflicts["chosen"].isna(), "key"].nunique())


def conflict_key(community: object, indicator_id: object, year: object) -> str:
    return f"{community}|{indicator_id}|{year}"


def merge(submissions: Sequence[Submission], resolutions: Mapping[str, str] | None = None) -> Merged:
    """One submission from several; `resolutions` maps a conflict key to the sha256 of the file that wins."""
    if not submissions:
        raise ValueError("nothing to merge")
    if len(submissions) == 1:
        return Merged(submissions[0], _empty_conflicts(), 0)
    resolutions = dict(resolutions or {})

    parts = []
    for n, s in enumerate(submissions):
        parts.append(s.indicators.assign(_file=s.source, _sha=s.sha256, _n=n))
    rows = pd.concat(parts, ignore_index=True)
    live = rows["excluded"].isna() & rows["indicator_id"].notna() & rows["year"].notna()
    shown = rows["label"].astype("object").where(rows["label"].notna(), rows["value"].round(9).astype("object"))
    rows["_shown"] = shown.astype("string").fillna("")
    rows["_key"] = (
        rows["community"].astype("string").fillna("")
        + "|"
        + rows["indicator_id"].astype("string").fillna("")
        + "|"
        + rows["year"].astype("string").fillna("")
    )

    # A blank row (a template row another department left empty) never conflicts with a value: it only lends its
    # evidence fields to the rows that have one, and is set aside.
    has_value = rows["value"].notna() | rows["label"].notna()
    blank = live & ~has_value
    valued_keys = rows.loc[live & has_value, "_key"]
    lends = blank & rows["_key"].isin(valued_keys)
    blank_left = blank & ~lends
    blank_repeat = blank_left & rows[blank_left].duplicated("_key").reindex(rows.index, fill_value=False)

    # Rows of the same key with a value, from different files: identical values merge, different values conflict.
    valued = live & has_value
    multi = valued & rows[valued].groupby("_key")["_n"].transform("nunique").reindex(rows.index, fill_value=1).gt(1)
    group = rows[multi]
    distinct = group.groupby("_key")["_shown"].transform("nunique")
    conflicting = pd.Series(False, index=rows.index)
    conflicting.loc[group.index] = distinct.gt(1)
    agreeing = multi & ~conflicting

    # Quiet merge: each key's first agreeing row stays; every row with a value that stays has its empty evidence
    # fields filled from the identical rows and the blank rows of its key.
    later = rows[agreeing].index.difference(rows[agreeing].groupby("_key").head(1).index)
    filled = rows[agreeing | lends].groupby("_key")[FILLABLE].first()
    takers = rows.index[valued & ~rows.index.isin(later) & rows["_key"].isin(filled.index)]
    for col in FILLABLE:
        rows.loc[takers, col] = rows.loc[takers, col].fillna(
            rows.loc[takers, "_key"].map(filled[col]).astype(rows[col].dtype)
        )
    rows.loc[later, "excluded"] = "merged_duplicate"
    rows.loc[lends | blank_repeat, "excluded"] = "merged_duplicate"

    # Conflicts: the chosen file's row is scored, the others excluded; an open conflict scores none of them.
    conf = rows[conflicting]
    winner = conf["_key"].map(resolutions)
    decided = winner.notna() & conf["_key"].isin(
        conf.loc[conf["_sha"] == winner, "_key"]  # a choice naming a file that is not part of it is ignored
    )
    chosen = pd.Series(pd.NA, index=conf.index, dtype="boolean")
    chosen[decided] = False
    # Two rows of the winning file for one key cannot both count: the first one wins.
    chosen[conf[decided & (conf["_sha"] == winner)].groupby("_key").head(1).index] = True
    rows.loc[conf.index[~chosen.fillna(False).to_numpy()], "excluded"] = "conflict"

    conflicts = (
        pd.DataFrame(
            {
                "key": conf["_key"],
                "community": conf["community"],
                "indicator_id": conf["indicator_id"],
                "year": conf["year"],
                "file": conf["_file"],
                "sha256": conf["_sha"],
                "sheet": conf["sheet"],
                "row": conf["row"],
                "value": conf["_shown"].str.replace(r"\.0$", "", regex=True),
                "chosen": chosen,
            }
        )
        .sort_values(["key", "file", "row"])
        .reset_index(drop=True)
    )

    indicators = rows.drop(columns=["_file", "_sha", "_n", "_shown", "_key"]).reset_index(drop=True)
    first = submissions[0]
    actions = pd.concat([s.actions for s in submissions if not s.actions.empty] or [first.actions], ignore_index=True)
    communities = indicators["community"].dropna().unique()
    if len(communities) == 1 and len(actions):
        # A plan kept in a file of its own names no community; with one community in the files, the plan is its.
        unnamed = actions["community"].isna() | (actions["community"].astype(object) == "")
        actions.loc[unnamed, "community"] = communities[0]
    issues = [s.issues.assign(file=s.source) for s in submissions]
    if len(communities) > 1:
        issues += [_nameless_actions(s) for s in submissions if not s.indicators["community"].notna().any()]
    merged = replace(
        first,
        profile=_concat_first([s.profile for s in submissions], ["community"]),
        indicators=indicators,
        narratives=_narratives([s.narratives for s in submissions]),
        actions=actions,
        issues=pd.concat(issues, ignore_index=True),
        source=" + ".join(s.source for s in submissions),
        sha256=hashlib.sha256("".join(s.sha256 for s in submissions).encode()).hexdigest(),
    )
    return Merged(merged, conflicts, len(later) + int((lends | blank_repeat).sum()))


def _nameless_actions(plan: Submission) -> pd.DataFrame:
    """A plan file of its own, read beside several communities' files: each action that names no community is in no
    plan, and says so on its row (a file with indicator rows has said it already, as it was read)."""
    log = IssueLog()
    nameless = plan.actions["community"].isna() | (plan.actions["community"].astype(object) == "")
    where = plan.actions.loc[nameless, ["row", "action_id"]].rename(columns={"action_id": "value"})
    sheet = str(plan.actions["sheet"].iloc[0]) if len(plan.actions) else ""
    log.add_many("action_no_community", "warning", sheet, where, "community")
    return log.frame().assign(file=plan.source)


def _concat_first(frames: list[pd.DataFrame], keys: list[str]) -> pd.DataFrame:
    filled = [f for f in frames if not f.empty]
    if not filled:
        return frames[0]  # empty, with its columns: readers downstream select them
    out = pd.concat(filled, ignore_index=True)
    return out.drop_duplicates(keys, keep="first").reset_index(drop=True)


def _narratives(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """One answer per community and question: the first file that gives a non-empty answer."""
    filled = [f for f in frames if not f.empty]
    if not filled:
        return frames[0]
    out = pd.concat(filled, ignore_index=True)
    has = out["answer"].notna()
    out = out.assign(_o=np.where(has, 0, 1)).sort_values("_o", kind="stable")
    return out.drop_duplicates(["community", "narrative_id"]).drop(columns="_o").sort_index().reset_index(drop=True)


def _empty_conflicts() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="boolean" if c == "chosen" else "object") for c in CONFLICT_COLUMNS})
