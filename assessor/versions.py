"""What an assessment version is made of, and how two saves made at once combine.

A version is a *recipe*, not a snapshot: the sha256s of the uploads it is built from, the conflict choices, and
the evidence edits in force (`WorkState`). Two sessions saving the same assessment never overwrite each other
silently: a save based on an older version is merged cell by cell onto the newest (`merge_states`), and refused
with `StaleVersionError` only where it changes a cell someone else changed. A version's note is a text key and its
parameters, shown in the reader's language.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field


class StaleVersionError(Exception):
    """The save changes something that someone else changed since the version it was based on.

    `clashes` names each such thing (an override's or a resolution's key) with (their value, this save's value).
    """

    def __init__(
        self, based_on: int, newest: int, who: str, clashes: dict[str, tuple[object, object]] | None = None
    ) -> None:
        self.based_on, self.newest, self.who = based_on, newest, who
        self.clashes = clashes or {}
        super().__init__(f"based on version {based_on}, but version {newest} (saved by {who}) is newer")


_ABSENT = object()


def _merge_maps(
    base: dict[str, object], theirs: dict[str, object], mine: dict[str, object]
) -> tuple[dict[str, object], dict[str, tuple[object, object]]]:
    """Three-way: what this save changed since `base`, applied on `theirs`; and where both changed one key apart."""
    merged = dict(theirs)
    clashes: dict[str, tuple[object, object]] = {}
    for key in set(base) | set(mine):
        was, now_ = base.get(key, _ABSENT), mine.get(key, _ABSENT)
        if was is now_ or was == now_:
            continue  # this save left it alone
        other = theirs.get(key, _ABSENT)
        if other != was and other != now_:
            clashes[key] = (None if other is _ABSENT else other, None if now_ is _ABSENT else now_)
        elif now_ is _ABSENT:
            merged.pop(key, None)
        else:
            merged[key] = now_
    return merged, clashes


def merge_states(base: WorkState, theirs: WorkState, mine: WorkState) -> tuple[WorkState, dict]:
    """A save based on `base`, made while `theirs` was saved: merged cell by cell, with the clashes if any."""
    overrides, clash_overrides = _merge_maps(base.overrides, theirs.overrides, mine.overrides)
    resolutions, clash_resolutions = _merge_maps(base.resolutions, theirs.resolutions, mine.resolutions)
    added = [u for u in mine.uploads if u not in base.uploads]
    removed = {u for u in base.uploads if u not in mine.uploads}
    uploads = tuple(dict.fromkeys([*(u for u in theirs.uploads if u not in removed), *added]))
    merged = WorkState(uploads, resolutions, overrides)  # type: ignore[arg-type]
    return merged, {**clash_overrides, **clash_resolutions}


@dataclass(frozen=True)
class WorkState:
    """What an assessment version is made of: uploads, conflict choices, evidence edits in force."""

    uploads: tuple[str, ...] = ()
    #: conflict key ("community|indicator_id|year") -> sha256 of the upload whose value wins
    resolutions: dict[str, str] = field(default_factory=dict)
    #: "community|indicator_id|year|field" -> value (None clears the field)
    overrides: dict[str, str | None] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps(
            {"uploads": list(self.uploads), "resolutions": self.resolutions, "overrides": self.overrides},
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> WorkState:
        raw = json.loads(text)
        return cls(tuple(raw.get("uploads", ())), dict(raw.get("resolutions", {})), dict(raw.get("overrides", {})))

    @property
    def key(self) -> str:
        """A short fingerprint of the recipe: equal recipes give equal assessments."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Version:
    assessment_id: int
    number: int
    based_on: int | None
    who: str
    saved_at: str
    note: str
    state: WorkState


@dataclass(frozen=True)
class EditRecord:
    """One field changed by a person: stored with the version it produced."""

    community: str | None
    indicator_id: str | None
    year: int | None
    field: str
    old: str | None
    new: str | None


def keyed_note(key: str, **params: object) -> str:
    """A version's note as stored: a text key and its parameters, so that it is shown in the reader's language."""
    return json.dumps({"key": key, **params}, ensure_ascii=False, sort_keys=True)


def note_parts(stored: str) -> tuple[str, dict[str, object]] | None:
    """(key, parameters) of a note stored by `keyed_note`; None for a note stored as plain text by earlier versions."""
    try:
        raw = json.loads(stored)
    except ValueError:
        return None
    if not isinstance(raw, dict) or not isinstance(raw.get("key"), str):
        return None
    return raw.pop("key"), raw
