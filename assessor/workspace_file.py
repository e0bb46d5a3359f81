"""Is this place ours to write? Where the workspace file lives, the layout of its tables, and the checks made before
anything is written: a file that is not ours is never changed, a place that cannot be written is said in one word
(`WorkspaceError`), and a workspace of ours that cannot be written is opened read-only.

The file is stamped as ours (SQLite's `application_id` and `user_version`); a workspace from before the stamp (the
first layout's tables, with their columns, and nothing else) is stamped when opened.
"""

from __future__ import annotations

import errno
import os
import sqlite3
from contextlib import closing
from functools import cache
from pathlib import Path

import platformdirs

ENV_VAR = "ASSESSOR_WORKSPACE"
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


def default_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR))


def default_path() -> Path:
    """The workspace file: ASSESSOR_WORKSPACE (a file, or a folder to hold one), else one in the user's data folder."""
    env = os.environ.get(ENV_VAR)
    # Set but blank (ENV_VAR=" ") is not set: it would make a workspace named by spaces wherever the app started.
    return resolve(env) if env and env.strip() else default_dir() / "workspace.sqlite3"


def resolve(location: Path | str) -> Path:
    """The workspace file for a configured location: an existing folder, or a name ending in a slash, holds
    `WORKSPACE_FILE`; anything else names the file itself."""
    text = str(location)
    try:
        path = Path(text).expanduser()
    except RuntimeError:  # "~someone/…" of a user this machine does not know: no such folder, said as such
        raise WorkspaceError("no_folder", Path(text)) from None
    if path.is_dir() or text.endswith(("/", os.sep)):
        return path / WORKSPACE_FILE
    return path


def check_location(path: Path) -> bool:
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
        db = sqlite3.connect(read_only_uri(path), uri=True, timeout=15)
        try:
            return _identify(db, path)
        finally:
            db.close()
    except sqlite3.Error as err:
        raise open_error(path, err) from err


def read_only_uri(path: Path) -> str:
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


def stamp_file(db: sqlite3.Connection, path: Path) -> None:
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


def open_error(path: Path, err: sqlite3.Error) -> WorkspaceError:
    text = str(err)
    if "readonly" in text or "read-only" in text:
        return WorkspaceError("unwritable", path, text)
    if "not a database" in text:
        return WorkspaceError("foreign", path, text)
    return WorkspaceError("cannot_open", path, text)
