"""The workspace: a local SQLite file that keeps every upload, every saved version and every edit, with who and when.

The upload bytes are stored once; a version is a recipe (`assessor.versions.WorkState`) that names them, so
replaying it through the same reader, merge and edits gives the same `Assessment` every time, and the recipe doubles
as the cache key of the app. Going back to an earlier version writes a new version with the old recipe, so history
only grows and nothing is ever lost. A save based on an older version is merged onto the newest cell by cell and
refused (`StaleVersionError`) only where both changed one cell. An upload and the version that uses it are written
in one transaction: a crash leaves both or neither. Reviewers' questions on values are kept beside the versions.

Whether a place may hold a workspace, and whether it is ours, is `assessor.workspace_file`: nothing is written to
a file that is not ours, and a workspace of ours that cannot be written opens read-only (any write raises
`WorkspaceError("read_only")` before SQLite is asked).
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from assessor.versions import (
    EditRecord,
    StaleVersionError,
    Version,
    WorkState,
    keyed_note,
    merge_states,
    note_parts,
)
from assessor.workspace_file import (
    APPLICATION_ID,
    ENV_VAR,
    SCHEMA,
    SCHEMA_VERSION,
    WORKSPACE_FILE,
    WorkspaceError,
    check_location,
    default_dir,
    default_path,
    open_error,
    read_only_uri,
    resolve,
    stamp_file,
)

__all__ = [
    "APPLICATION_ID",
    "ENV_VAR",
    "SCHEMA",
    "SCHEMA_VERSION",
    "SYSTEM",
    "WORKSPACE_FILE",
    "EditRecord",
    "StaleVersionError",
    "Version",
    "WorkState",
    "Workspace",
    "WorkspaceError",
    "as_text",
    "default_dir",
    "default_path",
    "keyed_note",
    "merge_states",
    "note_parts",
    "resolve",
]

#: The author of what the tool does by itself (the illustrative first assessment); shown as "the system".
SYSTEM = "smart21-assessor"
#: Uploaded files as (name, bytes), kept in the transaction of the version that uses them.
Files = Sequence[tuple[str, bytes]]
VERSION_QUERY = (
    "SELECT number, based_on, who, saved_at, note, state FROM versions WHERE assessment_id = ? AND number = ?"
)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Workspace:
    """Every operation opens its own short connection, so one object serves several threads and processes."""

    def __init__(self, path: Path | str | None = None) -> None:
        """Open (or create) the workspace; `WorkspaceError` when the place cannot hold one, with nothing changed."""
        self.path = resolve(path) if path else default_path()
        #: True for a workspace of ours this user may not write: it is looked at, never changed.
        self.read_only = check_location(self.path)
        if self.read_only:
            return
        try:
            with self._connect() as db:
                stamp_file(db, self.path)
                db.execute("PRAGMA journal_mode=WAL")  # persistent: readers never wait for a writer
        except sqlite3.Error as err:
            raise open_error(self.path, err) from err

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            db = sqlite3.connect(read_only_uri(self.path), uri=True, timeout=15, isolation_level=None)
        else:
            db = sqlite3.connect(self.path, timeout=15, isolation_level=None)
        try:
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        finally:
            db.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction that takes the lock at once, so read-check-write cannot interleave."""
        if self.read_only:
            raise WorkspaceError("read_only", self.path)
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # ------------------------------------------------------------ uploads

    def add_upload(self, data: bytes, name: str, who: str) -> str:
        """Keep the bytes (once per content) and return their sha256."""
        with self._write() as db:
            return _keep_files(db, [(name, data)], who)[0]

    def upload(self, sha: str) -> tuple[str, bytes]:
        with self._connect() as db:
            row = db.execute("SELECT name, data FROM uploads WHERE sha256 = ?", (sha,)).fetchone()
        if row is None:
            raise KeyError(sha)
        return row[0], bytes(row[1])

    def uploads(self) -> pd.DataFrame:
        with self._connect() as db:
            return pd.read_sql_query(
                "SELECT sha256, name, size, who, uploaded_at FROM uploads ORDER BY uploaded_at DESC, name", db
            )

    # ------------------------------------------------------------ assessments and versions

    def create_assessment(self, name: str, state: WorkState, who: str, note: str = "", files: Files = ()) -> Version:
        """A new assessment at version 1; `files` (name, bytes) are kept in the same transaction, and their sha256s
        join the state's uploads."""
        with self._write() as db:
            state = _with_files(state, _keep_files(db, files, who))
            cur = db.execute(
                "INSERT INTO assessments (name, created_by, created_at) VALUES (?, ?, ?)", (name, who, now())
            )
            aid = int(cur.lastrowid or 0)
            self._insert_version(db, aid, 1, None, who, note, state)
        return self.version(aid)

    def first_assessment(self, name: str, state: WorkState, who: str, note: str = "", files: Files = ()) -> int:
        """The workspace's first assessment, created from `state` and `files` only if there is none yet: ten
        sessions opening an empty workspace at once check and create under one lock, so exactly one is made."""
        with self._write() as db:
            row = db.execute("SELECT MIN(id) FROM assessments").fetchone()
            if row is not None and row[0] is not None:
                return int(row[0])
            state = _with_files(state, _keep_files(db, files, who))
            cur = db.execute(
                "INSERT INTO assessments (name, created_by, created_at) VALUES (?, ?, ?)", (name, who, now())
            )
            aid = int(cur.lastrowid or 0)
            self._insert_version(db, aid, 1, None, who, note, state)
        return aid

    def assessments(self) -> pd.DataFrame:
        """Every assessment with its newest version, the most recently saved first."""
        with self._connect() as db:
            return pd.read_sql_query(
                """SELECT a.id, a.name, a.created_by, a.created_at, v.number AS version, v.who AS saved_by,
                          v.saved_at
                   FROM assessments a JOIN versions v ON v.assessment_id = a.id
                   WHERE v.number = (SELECT MAX(number) FROM versions WHERE assessment_id = a.id)
                   ORDER BY v.saved_at DESC, a.id DESC""",
                db,
            )

    def open(self, assessment_id: int, number: int | None = None) -> tuple[str, int, Version]:
        """In one round trip: the assessment's name, its newest version number, and version `number` (or newest)."""
        with self._connect() as db:
            row = db.execute(
                """SELECT a.name, (SELECT MAX(number) FROM versions WHERE assessment_id = a.id) AS newest
                   FROM assessments a WHERE a.id = ?""",
                (assessment_id,),
            ).fetchone()
            if row is None or row[1] is None:
                raise KeyError(assessment_id)
            name, newest = str(row[0]), int(row[1])
            wanted = newest if number is None or number > newest else number
            v = db.execute(
                VERSION_QUERY,
                (assessment_id, wanted),
            ).fetchone()
        return name, newest, Version(assessment_id, v[0], v[1], v[2], v[3], v[4], WorkState.from_json(v[5]))

    def newest(self, assessment_id: int) -> int:
        with self._connect() as db:
            return self._newest(db, assessment_id)

    def version(self, assessment_id: int, number: int | None = None) -> Version:
        """A version of an assessment; the newest when no number is given."""
        with self._connect() as db:
            number = self._newest(db, assessment_id) if number is None else number
            row = db.execute(
                VERSION_QUERY,
                (assessment_id, number),
            ).fetchone()
        if row is None:
            raise KeyError((assessment_id, number))
        return Version(assessment_id, row[0], row[1], row[2], row[3], row[4], WorkState.from_json(row[5]))

    def versions(self, assessment_id: int) -> pd.DataFrame:
        with self._connect() as db:
            frame = pd.read_sql_query(
                """SELECT v.number, v.based_on, v.who, v.saved_at, v.note,
                          (SELECT COUNT(*) FROM edits e WHERE e.assessment_id = v.assessment_id
                           AND e.version = v.number) AS edits
                   FROM versions v WHERE v.assessment_id = ? ORDER BY v.number DESC""",
                db,
                params=(assessment_id,),
            )
        return frame

    def save(
        self,
        assessment_id: int,
        based_on: int,
        state: WorkState,
        who: str,
        note: str = "",
        edits: Sequence[EditRecord] = (),
        merge: bool = True,
        files: Files = (),
    ) -> Version:
        """Write a new version on top of `based_on`. When others saved in between, this save's changes are merged
        onto the newest version cell by cell (`merge`); it is refused only where it changes a cell they changed.
        `files` (name, bytes) are kept in the same transaction and added to the state's uploads."""
        with self._write() as db:
            state = _with_files(state, _keep_files(db, files, who))
            newest = self._newest(db, assessment_id)
            if newest != based_on:
                by = db.execute(
                    "SELECT who FROM versions WHERE assessment_id = ? AND number = ?", (assessment_id, newest)
                ).fetchone()
                clashes: dict = {"": (None, None)}
                if merge:
                    base, theirs = self._state(db, assessment_id, based_on), self._state(db, assessment_id, newest)
                    state, clashes = merge_states(base, theirs, state)
                if clashes:
                    raise StaleVersionError(based_on, newest, by[0] if by else "", clashes)
            number = newest + 1
            self._insert_version(db, assessment_id, number, based_on, who, note, state)
            at = now()
            db.executemany(
                """INSERT INTO edits (assessment_id, version, who, at, community, indicator_id, year, field, old, new)
                   VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                [
                    (assessment_id, number, who, at, e.community, e.indicator_id, e.year, e.field, e.old, e.new)
                    for e in edits
                ],
            )
        return self.version(assessment_id, number)

    @staticmethod
    def _state(db: sqlite3.Connection, assessment_id: int, number: int) -> WorkState:
        row = db.execute(
            "SELECT state FROM versions WHERE assessment_id = ? AND number = ?", (assessment_id, number)
        ).fetchone()
        return WorkState.from_json(row[0]) if row else WorkState()

    def restore(self, assessment_id: int, number: int, based_on: int, who: str, note: str = "") -> Version:
        """Go back to an earlier version by saving its recipe as the newest version."""
        old = self.version(assessment_id, number)
        # Going back is about the whole recipe: only on the version the person was looking at, never merged.
        return self.save(
            assessment_id,
            based_on,
            old.state,
            who,
            note or keyed_note("workspace.note_restore", old=number),
            merge=False,
        )

    def edits(self, assessment_id: int) -> pd.DataFrame:
        with self._connect() as db:
            return pd.read_sql_query(
                """SELECT id, version, who, at, community, indicator_id, year, field, old, new FROM edits
                   WHERE assessment_id = ? ORDER BY id DESC""",
                db,
                params=(assessment_id,),
            )

    # ------------------------------------------------------------ a reviewer's questions on values

    def ask(
        self,
        assessment_id: int,
        community: str | None,
        indicator_id: str | None,
        year: int | None,
        question: str,
        who: str,
    ) -> int:
        """A reviewer's question on one value (as U4SSC's verification works): kept with who and when."""
        with self._write() as db:
            cur = db.execute(
                """INSERT INTO questions (assessment_id, community, indicator_id, year, question, asked_by, asked_at)
                   VALUES (?, ?, ?, ?, ?, ?, ?)""",
                (assessment_id, community, indicator_id, year, question, who, now()),
            )
            return int(cur.lastrowid or 0)

    def answer(self, question_id: int, answer: str, who: str) -> None:
        """The answer to a question, with who and when; answering again replaces the answer (the latest counts)."""
        with self._write() as db:
            done = db.execute(
                "UPDATE questions SET answer = ?, answered_by = ?, answered_at = ? WHERE id = ?",
                (answer, who, now(), question_id),
            )
            if done.rowcount != 1:
                raise KeyError(question_id)

    def questions(self, assessment_id: int) -> pd.DataFrame:
        """Every question on the assessment: the open ones first, then the answered, the newest first in each."""
        with self._connect() as db:
            return pd.read_sql_query(
                """SELECT id, community, indicator_id, year, question, asked_by, asked_at, answer, answered_by,
                          answered_at
                   FROM questions WHERE assessment_id = ? ORDER BY answer IS NOT NULL, id DESC""",
                db,
                params=(assessment_id,),
            )

    # ------------------------------------------------------------ settings

    def setting(self, key: str, default: str | None = None) -> str | None:
        with self._connect() as db:
            row = db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return default if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        with self._write() as db:
            db.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # ------------------------------------------------------------ internals

    @staticmethod
    def _newest(db: sqlite3.Connection, assessment_id: int) -> int:
        row = db.execute("SELECT MAX(number) FROM versions WHERE assessment_id = ?", (assessment_id,)).fetchone()
        if row is None or row[0] is None:
            raise KeyError(assessment_id)
        return int(row[0])

    @staticmethod
    def _insert_version(
        db: sqlite3.Connection, aid: int, number: int, based_on: int | None, who: str, note: str, state: WorkState
    ) -> None:
        db.execute(
            """INSERT INTO versions (assessment_id, number, based_on, who, saved_at, note, state)
               VALUES (?, ?, ?, ?, ?, ?, ?)""",
            (aid, number, based_on, who, now(), note, state.to_json()),
        )


def _keep_files(db: sqlite3.Connection, files: Files, who: str) -> list[str]:
    """Store each file's bytes once per content, inside the caller's transaction; their sha256s in order."""
    at, shas = now(), []
    for name, data in files:
        sha = hashlib.sha256(data).hexdigest()
        db.execute(
            "INSERT OR IGNORE INTO uploads (sha256, name, data, size, who, uploaded_at) VALUES (?, ?, ?, ?, ?, ?)",
            (sha, name, data, len(data), who, at),
        )
        shas.append(sha)
    return shas


def _with_files(state: WorkState, shas: Sequence[str]) -> WorkState:
    return WorkState(tuple(dict.fromkeys((*state.uploads, *shas))), state.resolutions, state.overrides)


def as_text(value: Any) -> str | None:
    """An edit's old/new value as stored: text, or None for an empty cell."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)
