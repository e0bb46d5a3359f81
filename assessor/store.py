"""The workspace: a local SQLite file that keeps every upload, every saved version and every edit, with who and when.

A version is a *recipe*, not a snapshot: the sha256s of the uploads it is built from, the conflict choices, and
the evidence edits in force (`WorkState`). The upload bytes are stored once; replaying the recipe through the
same reader, merge and edits gives the same `Assessment` every time, the recipe stays a few kilobytes however
large the workbooks are, and the recipe doubles as the cache key of the app. Going back to an earlier version
writes a new version with the old recipe, so history only grows and nothing is ever lost.

Two sessions saving the same assessment never overwrite each other silently: every save names the version it was
based on, and a save based on an older version than the newest is refused with `StaleVersionError`.

The file is stamped as ours (SQLite's `application_id` and `user_version`). A file that is not ours — a text file,
another program's database — is never written, and neither is a place that cannot be written: `WorkspaceError`
says which, before anything is changed. A workspace from before the stamp (our tables, nothing else) is stamped.
A workspace of ours that this user may not write (an archived copy, a read-only share) opens read-only: everything
can be looked at and exported, and any write raises `WorkspaceError("read_only")` before SQLite is asked.

An upload and the version that uses it are written in one transaction: a crash leaves both or neither.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cache
from pathlib import Path
from typing import Any

import pandas as pd
import platformdirs

ENV_VAR = "ASSESSOR_WORKSPACE"
#: The author of what the tool does by itself (the illustrative first assessment); shown as "the system".
SYSTEM = "smart21-assessor"
APP_DIR = "smart21-assessor"
#: The workspace file's name when ASSESSOR_WORKSPACE names a folder.
WORKSPACE_FILE = "smart21-workspace.sqlite3"
#: SQLite's application_id for our files: "S21A" in ASCII.
APPLICATION_ID = 0x53323141
#: SQLite's user_version: the layout of the tables below. Changes only add: 2 added `questions`, which a workspace
#: of version 1 gets when it is opened.
SCHEMA_VERSION = 2
#: The tables of the first layout, which a workspace from before the stamp holds (and nothing else).
FIRST_TABLES = frozenset({"uploads", "assessments", "versions", "edits", "settings"})
TABLES = FIRST_TABLES | {"questions"}
SQLITE_MAGIC = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE IF NOT EXISTS uploads (
    sha256 TEXT PRIMARY KEY, name TEXT NOT NULL, data BLOB NOT NULL, size INTEGER NOT NULL,
    who TEXT NOT NULL, uploaded_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, created_by TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS versions (
    assessment_id INTEGER NOT NULL REFERENCES assessments(id), number INTEGER NOT NULL,
    based_on INTEGER, who TEXT NOT NULL, saved_at TEXT NOT NULL, note TEXT NOT NULL, state TEXT NOT NULL,
    PRIMARY KEY (assessment_id, number));
CREATE TABLE IF NOT EXISTS edits (
    id INTEGER PRIMARY KEY AUTOINCREMENT, assessment_id INTEGER NOT NULL, version INTEGER NOT NULL,
    who TEXT NOT NULL, at TEXT NOT NULL, community TEXT, indicator_id TEXT, year INTEGER,
    field TEXT NOT NULL, old TEXT, new TEXT);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS questions (
    id INTEGER PRIMARY KEY AUTOINCREMENT, assessment_id INTEGER NOT NULL REFERENCES assessments(id),
    community TEXT, indicator_id TEXT, year INTEGER, question TEXT NOT NULL, asked_by TEXT NOT NULL,
    asked_at TEXT NOT NULL, answer TEXT, answered_by TEXT, answered_at TEXT);
"""

VERSION_QUERY = (
    "SELECT number, based_on, who, saved_at, note, state FROM versions WHERE assessment_id = ? AND number = ?"
)


class WorkspaceError(Exception):
    """The workspace cannot be used at `path`, and nothing there was changed; `code` says why.

    Codes: "foreign" (a file that is not a workspace of ours), "newer" (ours, from a newer version of the tool),
    "not_a_file" (something that is neither a file nor a folder), "no_folder" (the folder it would go in is missing),
    "unwritable" (no permission to write there), "cannot_open" (SQLite refused it; `detail` says what it said),
    "read_only" (a write asked of a workspace opened read-only).
    """

    CODES = ("foreign", "newer", "not_a_file", "no_folder", "unwritable", "cannot_open", "read_only")

    def __init__(self, code: str, path: Path, detail: str = "") -> None:
        assert code in self.CODES, code
        self.code, self.path, self.detail = code, path, detail
        super().__init__(f"{code}: {path}" + (f" ({detail})" if detail else ""))


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
#: Uploaded files as (name, bytes), kept in the transaction of the version that uses them.
Files = Sequence[tuple[str, bytes]]


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


def default_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR))


def default_path() -> Path:
    """The workspace file: ASSESSOR_WORKSPACE (a file, or a folder to hold one), else one in the user's data folder."""
    env = os.environ.get(ENV_VAR)
    return resolve(env) if env else default_dir() / "workspace.sqlite3"


def resolve(location: Path | str) -> Path:
    """The workspace file for a configured location: an existing folder, or a name ending in a slash, holds
    `WORKSPACE_FILE`; anything else names the file itself."""
    text = str(location)
    path = Path(text).expanduser()
    if path.is_dir() or text.endswith(("/", os.sep)):
        return path / WORKSPACE_FILE
    return path


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class Workspace:
    """Every operation opens its own short connection, so one object serves several threads and processes."""

    def __init__(self, path: Path | str | None = None) -> None:
        """Open (or create) the workspace; `WorkspaceError` when the place cannot hold one, with nothing changed."""
        self.path = resolve(path) if path else default_path()
        #: True for a workspace of ours this user may not write: it is looked at, never changed.
        self.read_only = _check_location(self.path)
        if self.read_only:
            return
        try:
            with self._connect() as db:
                _stamp(db, self.path)
                db.execute("PRAGMA journal_mode=WAL")  # persistent: readers never wait for a writer
        except sqlite3.Error as err:
            raise _open_error(self.path, err) from err

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        if self.read_only:
            db = sqlite3.connect(_read_only_uri(self.path), uri=True, timeout=15, isolation_level=None)
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


# ------------------------------------------------------------ is this place ours to write?


def _check_location(path: Path) -> bool:
    """Refuse, before anything is written, a location that is not ours or cannot hold a workspace; True when it
    holds one of ours that cannot be written (it is then opened read-only)."""
    folder = path.parent
    if not folder.is_dir():
        if folder.exists() or not (folder == default_dir() or folder.parent.is_dir()):
            # Only one missing folder level is made: a deeper miss is more likely a typo or a share not connected.
            raise WorkspaceError("no_folder", path)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WorkspaceError("unwritable" if _denied(err) else "no_folder", path, err.strerror or "") from err
    ours = False
    if path.exists() or path.is_symlink():
        if not path.is_file():
            raise WorkspaceError("not_a_file", path)
        if path.stat().st_size:
            ours = _check_file(path)
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        if ours:
            return True
        raise WorkspaceError("unwritable", path)  # SQLite writes the file and its journal beside it
    return False


def _check_file(path: Path) -> bool:
    """A non-empty file: ours (True), or a workspace from before the stamp (False); anything else is refused."""
    try:
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as err:
        raise WorkspaceError("cannot_open", path, err.strerror or "") from err
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise WorkspaceError("foreign", path)
    if int.from_bytes(header[68:72], "big", signed=True) not in (0, APPLICATION_ID):
        raise WorkspaceError("foreign", path)  # another program's stamp: not even opened
    try:
        db = sqlite3.connect(_read_only_uri(path), uri=True, timeout=15)
        try:
            return _identify(db, path)
        finally:
            db.close()
    except sqlite3.Error as err:
        raise _open_error(path, err) from err


def _read_only_uri(path: Path) -> str:
    """Looking never changes the file, nor finishes another program's pending writes into it. With no write-ahead
    log beside it, the file is all there is: opened as immutable, SQLite needs and leaves no -shm/-wal beside it
    (which a folder that cannot be written could not hold)."""
    wal = path.with_name(path.name + "-wal")
    query = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    return f"{path.resolve().as_uri()}?{query}"


def _identify(db: sqlite3.Connection, path: Path) -> bool:
    """True when the database is stamped as ours, False when it may be stamped (empty, or ours from before the
    stamp); WorkspaceError when it belongs to something else or to a newer version of this tool."""
    app_id = db.execute("PRAGMA application_id").fetchone()[0]
    version = db.execute("PRAGMA user_version").fetchone()[0]
    if app_id == APPLICATION_ID:
        if version > SCHEMA_VERSION:
            raise WorkspaceError("newer", path)
        return True
    tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").fetchall()}
    if app_id != 0 or version != 0 or (tables and (tables != FIRST_TABLES or _columns(db) != _columns())):
        raise WorkspaceError("foreign", path)  # the same table names with other columns are not ours either
    return False


@cache
def _our_columns() -> dict[str, tuple[str, ...]]:
    with closing(sqlite3.connect(":memory:")) as db:
        db.executescript(SCHEMA)
        return _columns(db)


def _columns(db: sqlite3.Connection | None = None) -> dict[str, tuple[str, ...]]:
    """The column names of the first layout's tables in `db` (ours when no database is given)."""
    if db is None:
        return _our_columns()
    return {name: tuple(row[1] for row in db.execute(f"PRAGMA table_info({name})")) for name in sorted(FIRST_TABLES)}


def _stamp(db: sqlite3.Connection, path: Path) -> None:
    """Create the tables and stamp the file, in one transaction that checks again whose file it is."""
    db.execute("BEGIN IMMEDIATE")
    try:
        if not _identify(db, path):
            db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")  # an older layout of ours gets the tables it lacks
        for statement in SCHEMA.split(";"):
            if statement.strip():
                db.execute(statement)
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _denied(err: OSError) -> bool:
    return isinstance(err, PermissionError) or err.errno in (errno.EACCES, errno.EPERM, errno.EROFS)


def _open_error(path: Path, err: sqlite3.Error) -> WorkspaceError:
    text = str(err)
    if "readonly" in text or "read-only" in text:
        return WorkspaceError("unwritable", path, text)
    if "not a database" in text:
        return WorkspaceError("foreign", path, text)
    return WorkspaceError("cannot_open", path, text)


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


def as_text(value: Any) -> str | None:
    """An edit's old/new value as stored: text, or None for an empty cell."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return str(value)
