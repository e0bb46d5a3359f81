"""Evidence edits made in the app, applied to a `Submission`: status, evidence text, source link, owner.

An edit is addressed by community, indicator and year, so it survives a re-upload of the same workbook and lands on
the row that is scored. Links must be http(s); a status must be one of the catalogue's evidence statuses.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

import pandas as pd

from assessor.framework import EVIDENCE_STATUSES
from assessor.submission import Submission

EDITABLE = ("evidence_status", "evidence", "source_url", "owner")
LINK = re.compile(r"(?i)^https?://[^\s/$.?#][^\s]*$")


class EditError(ValueError):
    """An edit that cannot be accepted; `code` names the text shown to the user (app.edit_error.<code>)."""

    def __init__(self, code: str, value: object) -> None:
        self.code, self.value = code, value
        super().__init__(f"{code}: {value!r}")


@dataclass(frozen=True)
class Edit:
    community: str
    indicator_id: str
    year: int
    field: str
    value: str | None

    @property
    def key(self) -> str:
        return f"{self.community}|{self.indicator_id}|{self.year}|{self.field}"

    @classmethod
    def from_key(cls, key: str, value: str | None) -> Edit:
        community, indicator_id, year, field = key.rsplit("|", 3)
        return cls(community, indicator_id, int(year), field, value)


def is_link(text: str) -> bool:
    return bool(LINK.match(text.strip()))


def validated(edit: Edit) -> Edit:
    """The edit with its value cleaned (trimmed, empty -> None), or `EditError`."""
    if edit.field not in EDITABLE:
        raise EditError("field", edit.field)
    value = edit.value.strip() if isinstance(edit.value, str) else None
    value = value or None
    if edit.field == "source_url" and value is not None and not is_link(value):
        raise EditError("link", value)
    if edit.field == "evidence_status" and value not in EVIDENCE_STATUSES:
        raise EditError("status", value)
    return replace(edit, value=value)


def apply_edits(submission: Submission, overrides: Mapping[str, str | None]) -> Submission:
    """The submission with each override written on the scored row of its community, indicator and year.

    Overrides whose row does not exist (or is not scored) are ignored: evidence is attached to a value.
    """
    if not overrides:
        return submission
    ind = submission.indicators.copy()
    live = ind["excluded"].isna()
    key = (
        ind["community"].astype("string").fillna("")
        + "|"
        + ind["indicator_id"].astype("string").fillna("")
        + "|"
        + ind["year"].astype("string").fillna("")
    )
    for field in EDITABLE:
        wanted = {k.rsplit("|", 1)[0]: v for k, v in overrides.items() if k.rsplit("|", 1)[1] == field}
        if not wanted:
            continue
        hit = live & key.isin(list(wanted))
        ind.loc[hit, field] = pd.array(key[hit].map(wanted).tolist(), dtype="string")
    return replace(submission, indicators=ind)
