"""The SQLite workspace: uploads kept once, versions as recipes, edits with who/when/old/new, no silent overwrite."""

import os
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pandas as pd
import pytest

from assessor.store import (
    APPLICATION_ID,
    SCHEMA,
    SCHEMA_VERSION,
    WORKSPACE_FILE,
    EditRecord,
    StaleVersionError,
    Workspace,
    WorkspaceError,
    WorkState,
    default_dir,
    default_path,
    note_parts,
)


@pytest.fixture()
def ws(tmp_path):
    return Workspace(tmp_path / "ws.sqlite3")


def test_upload_is_kept_once_by_content(ws):
    a = ws.add_upload(b"abc", "a.xlsx", "Lan")
    b = ws.add_upload(b"abc", "copy.xlsx", "Minh")
    assert a == b and len(ws.uploads()) == 1
    assert ws.upload(a) == ("a.xlsx", b"abc")


def test_versions_edits_and_restore(ws):
    sha = ws.add_upload(b"x", "x.xlsx", "Lan")
    v1 = ws.create_assessment("Bình Dương", WorkState((sha,)), "Lan", "first")
    assert v1.number == 1 and v1.state.uploads == (sha,)
    edited = WorkState((sha,), overrides={"BD|CON01|2025|evidence": "Báo cáo"})
    v2 = ws.save(
        v1.assessment_id, 1, edited, "Minh", "edit", [EditRecord("BD", "CON01", 2025, "evidence", None, "Báo cáo")]
    )
    assert v2.number == 2 and v2.based_on == 1
    log = ws.edits(v1.assessment_id)
    assert log.loc[0, ["who", "field", "old", "new", "version"]].tolist() == ["Minh", "evidence", None, "Báo cáo", 2]
    assert log.loc[0, "at"]
    v3 = ws.restore(v1.assessment_id, 1, based_on=2, who="Lan")
    assert v3.number == 3 and v3.state == v1.state and note_parts(v3.note) == ("workspace.note_restore", {"old": 1})
    assert ws.versions(v1.assessment_id)["number"].tolist() == [3, 2, 1]
    assert ws.version(v1.assessment_id, 2).state == edited  # history is never rewritten


def test_a_stale_save_is_refused(ws):
    v1 = ws.create_assessment("A", WorkState(), "Lan")
    ws.save(v1.assessment_id, 1, WorkState(overrides={"k|I|1|owner": "x"}), "Lan")
    with pytest.raises(StaleVersionError) as err:
        ws.save(v1.assessment_id, 1, WorkState(overrides={"k|I|1|owner": "y"}), "Minh")
    assert (err.value.based_on, err.value.newest, err.value.who) == (1, 2, "Lan")
    assert ws.version(v1.assessment_id).state.overrides == {"k|I|1|owner": "x"}


def test_concurrent_saves_one_wins(ws):
    v1 = ws.create_assessment("A", WorkState(), "Lan")
    outcomes: list[str] = []

    def save(who):
        try:
            ws.save(v1.assessment_id, 1, WorkState(overrides={"c|I|1|owner": who}), who)
            outcomes.append("saved")
        except StaleVersionError:
            outcomes.append("stale")

    threads = [threading.Thread(target=save, args=(f"user{n}",)) for n in range(6)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(outcomes) == ["saved"] + ["stale"] * 5
    assert ws.newest(v1.assessment_id) == 2


def test_state_survives_a_new_connection(tmp_path):
    path = tmp_path / "ws.sqlite3"
    first = Workspace(path)
    v = first.create_assessment("A", WorkState(("s",), {"k": "s"}, {"a|B|1|owner": None}), "Lan")
    first.set_setting("lang", "vi")
    again = Workspace(path)
    assert again.version(v.assessment_id).state == v.state and again.setting("lang") == "vi"
    assert again.assessments()["name"].tolist() == ["A"]


def test_default_path_from_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(tmp_path / "w.db"))
    assert default_path() == tmp_path / "w.db"
    monkeypatch.delenv("ASSESSOR_WORKSPACE")
    assert default_path().name == "workspace.sqlite3"
    monkeypatch.setenv("ASSESSOR_WORKSPACE", "  ")  # set but blank: not a file named by spaces where the app started
    assert default_path() == default_dir() / "workspace.sqlite3"


# ------------------------------------------------------------------ where the workspace lives, and whose file it is


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file in a folder with its bytes: what must not change when a location is refused."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def stamp(path: Path) -> tuple[int, int]:
    with closing(sqlite3.connect(path)) as db:
        return db.execute("PRAGMA application_id").fetchone()[0], db.execute("PRAGMA user_version").fetchone()[0]


def test_a_new_workspace_is_stamped_as_ours(ws):
    assert stamp(ws.path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_a_folder_holds_the_workspace_file(tmp_path, monkeypatch):
    folder = tmp_path / "shared"
    folder.mkdir()
    monkeypatch.setenv("ASSESSOR_WORKSPACE", str(folder))
    assert default_path() == folder / WORKSPACE_FILE
    ws = Workspace(default_path())
    ws.set_setting("lang", "vi")
    assert ws.path == folder / WORKSPACE_FILE and Workspace(folder).setting("lang") == "vi"


def test_a_name_ending_in_a_slash_is_a_folder_made_one_level_deep(tmp_path):
    ws = Workspace(f"{tmp_path / 'new'}/")
    assert ws.path == tmp_path / "new" / WORKSPACE_FILE and ws.path.is_file()
    assert Workspace(tmp_path / "also-new" / "w.sqlite3").path.is_file()  # the file's own folder is made too
    with pytest.raises(WorkspaceError) as err:  # two levels missing: a typo or a drive not connected
        Workspace(tmp_path / "missing" / "deeper" / "w.sqlite3")
    assert err.value.code == "no_folder" and not (tmp_path / "missing").exists()


def test_a_folder_that_is_a_file_is_refused(tmp_path):
    (tmp_path / "notes").write_text("x", encoding="utf-8")
    with pytest.raises(WorkspaceError) as err:
        Workspace(tmp_path / "notes" / "w.sqlite3")
    assert err.value.code == "no_folder"


def test_a_foreign_file_is_left_untouched(tmp_path):
    notes = tmp_path / "ghi-chu.txt"
    notes.write_text("Biên bản họp ngày 12/3 — không được ghi đè.\n" * 50, encoding="utf-8")
    binary = tmp_path / "bao-cao.xlsx"
    binary.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 8)
    before = snapshot(tmp_path)
    for path in (notes, binary):
        with pytest.raises(WorkspaceError) as err:
            Workspace(path)
        assert err.value.code == "foreign" and err.value.path == path
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_another_programs_database_is_left_untouched(tmp_path, journal):
    other = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(other, isolation_level=None)) as db:
        db.execute(f"PRAGMA journal_mode={journal}")
        db.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO customers (name) VALUES ('Công ty A')")
    stamped = tmp_path / "stamped.sqlite3"
    with closing(sqlite3.connect(stamped, isolation_level=None)) as db:
        db.execute("PRAGMA application_id = 42")
        db.executescript(SCHEMA)  # our tables, but another program's stamp
    before = snapshot(tmp_path)
    for path in (other, stamped):
        with pytest.raises(WorkspaceError) as err:
            Workspace(path)
        assert err.value.code == "foreign"
    assert snapshot(tmp_path) == before  # not a byte changed, no journal left beside them


def test_a_workspace_from_before_the_stamp_is_adopted(tmp_path):
    """Made by the earlier code: our tables, WAL, no stamp. Its history is the office's, so it is kept and stamped."""
    path = tmp_path / "workspace.sqlite3"
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(SCHEMA)
        db.execute("DROP TABLE questions")  # the first layout, as the earlier code made it
        db.execute("INSERT INTO settings (key, value) VALUES ('lang', 'vi')")
    assert stamp(path) == (0, 0)
    ws = Workspace(path)
    assert ws.setting("lang") == "vi" and stamp(path) == (APPLICATION_ID, SCHEMA_VERSION)


def test_an_empty_file_becomes_a_workspace(tmp_path):
    path = tmp_path / "w.sqlite3"
    path.touch()  # nothing to lose; also what a start that failed half-way leaves
    assert Workspace(path).setting("lang", "en") == "en" and stamp(path)[0] == APPLICATION_ID


def test_a_workspace_from_a_newer_version_is_left_untouched(tmp_path):
    path = tmp_path / "w.sqlite3"
    Workspace(path)
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    before = snapshot(tmp_path)
    with pytest.raises(WorkspaceError) as err:
        Workspace(path)
    assert err.value.code == "newer" and snapshot(tmp_path) == before


def test_an_unwritable_folder_is_refused(tmp_path, monkeypatch):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if os.access(folder, os.W_OK):
            # Running as root, who may write anywhere: let the check see the folder as anyone else would.
            real = os.access
            monkeypatch.setattr(os, "access", lambda p, mode, **kw: False if Path(p) == folder else real(p, mode, **kw))
        with pytest.raises(WorkspaceError) as err:
            Workspace(folder)
        assert err.value.code == "unwritable" and err.value.path == folder / WORKSPACE_FILE
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_ten_sessions_opening_an_empty_workspace_make_one_first_assessment(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "ws.sqlite3"
    Workspace(path)  # created and stamped once, as the app's first start does

    def first_start(_: int) -> int:
        ws = Workspace(path)  # each session its own connection
        sha = ws.add_upload(b"sample bytes", "sample.xlsx", "smart21-assessor")
        return ws.first_assessment("Illustrative", WorkState((sha,)), "smart21-assessor")

    with ThreadPoolExecutor(10) as pool:
        ids = set(pool.map(first_start, range(10)))
    assert len(ids) == 1 and len(Workspace(path).assessments()) == 1


# ------------------------------------------------------------------ saves that touch different cells merge


def test_saves_on_different_cells_merge_and_the_same_cell_is_refused_with_both_values(tmp_path):
    ws = Workspace(tmp_path / "ws.sqlite3")
    v1 = ws.create_assessment("A", WorkState(("sha",)), "Lan")
    ws.save(v1.assessment_id, 1, WorkState(("sha",), overrides={"A|CON01|2024|owner": "Sở KH&CN"}), "Minh")
    merged = ws.save(v1.assessment_id, 1, WorkState(("sha",), overrides={"A|CON02|2024|owner": "Sở TC"}), "Lan")
    assert merged.number == 3 and merged.state.overrides == {
        "A|CON01|2024|owner": "Sở KH&CN",
        "A|CON02|2024|owner": "Sở TC",
    }
    with pytest.raises(StaleVersionError) as refused:
        ws.save(v1.assessment_id, 1, WorkState(("sha",), overrides={"A|CON01|2024|owner": "Sở XD"}), "Hoa")
    assert refused.value.clashes == {"A|CON01|2024|owner": ("Sở KH&CN", "Sở XD")} and refused.value.who == "Lan"
    with pytest.raises(StaleVersionError):
        ws.restore(v1.assessment_id, 1, based_on=2, who="Hoa")  # going back is never merged
    assert ws.newest(v1.assessment_id) == 3


def test_ten_sessions_saving_thirty_edits_to_different_rows_lose_nothing(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    path = tmp_path / "ws.sqlite3"
    aid = Workspace(path).create_assessment("A", WorkState(("sha",)), "test").assessment_id

    def session(n: int) -> int:
        # As in the app: everyone opened version 1, and each save goes on from the version that session last saved
        # (others have saved in between, so almost every save is based on a version that is no longer the newest).
        ws, refused, base = Workspace(path), 0, Workspace(path).version(aid, 1)
        for k in range(3):
            key = f"A|ROW{n:02d}|{k}|owner"
            mine = WorkState(base.state.uploads, overrides={**base.state.overrides, key: f"{n}"})
            edit = EditRecord("A", f"ROW{n:02d}", k, "owner", None, f"{n}")
            try:
                base = ws.save(aid, base.number, mine, f"person {n}", edits=[edit])
            except StaleVersionError:
                refused += 1
        return refused

    with ThreadPoolExecutor(10) as pool:
        refusals = sum(pool.map(session, range(10)))
    newest = Workspace(path).version(aid)
    assert refusals == 0 and newest.number == 31 and len(newest.state.overrides) == 30
    merged = Workspace(path).versions(aid)["based_on"].dropna().astype(int).tolist()
    # Nine first saves at least were based on version 1 when it was no longer the newest: merged, not refused.
    assert sum(b < n - 1 for b, n in zip(merged, range(31, 1, -1), strict=True)) >= 9
    log = Workspace(path).edits(aid)
    assert sorted(zip(log["who"], log["indicator_id"], strict=True)) == sorted(  # each edit under who made it
        (f"person {n}", f"ROW{n:02d}") for n in range(10) for _ in range(3)
    )


# ------------------------------------------------------------------ read-only, and one transaction per upload


def _unwritable(monkeypatch, *paths: Path) -> None:
    """Make the checks see `paths` as this user may not write them (the tests may run as root, who may)."""
    real = os.access
    denied = {p.resolve() for p in paths}
    monkeypatch.setattr(
        os,
        "access",
        lambda p, mode, **kw: False if mode & os.W_OK and Path(p).resolve() in denied else real(p, mode, **kw),
    )


def test_a_workspace_that_cannot_be_written_opens_read_only_and_is_never_changed(tmp_path, monkeypatch):
    path = tmp_path / "archive.sqlite3"
    ws = Workspace(path)
    v = ws.create_assessment("Bình Dương 2025", WorkState(), "Lan", files=[("a.xlsx", b"bytes of a")])
    del ws
    for extra in tmp_path.glob("archive.sqlite3-*"):
        extra.unlink()  # closed cleanly: the file is all there is, as in an archived copy
    before = snapshot(tmp_path)
    _unwritable(monkeypatch, path, tmp_path)

    ro = Workspace(path)
    assert ro.read_only
    assert ro.version(v.assessment_id).state.uploads == v.state.uploads  # everything can be looked at
    assert ro.upload(v.state.uploads[0]) == ("a.xlsx", b"bytes of a")
    assert ro.assessments()["name"].tolist() == ["Bình Dương 2025"]
    for write in (
        lambda: ro.save(v.assessment_id, 1, WorkState(), "Minh"),
        lambda: ro.add_upload(b"x", "x.csv", "Minh"),
        lambda: ro.set_setting("lang", "vi"),
        lambda: ro.create_assessment("B", WorkState(), "Minh"),
    ):
        with pytest.raises(WorkspaceError) as err:
            write()
        assert err.value.code == "read_only"
    assert snapshot(tmp_path) == before  # not a byte changed, no journal left beside it


def test_a_place_that_cannot_be_written_and_holds_no_workspace_is_still_refused(tmp_path, monkeypatch):
    _unwritable(monkeypatch, tmp_path)
    with pytest.raises(WorkspaceError) as err:
        Workspace(tmp_path / "new.sqlite3")
    assert err.value.code == "unwritable"


def test_an_upload_and_its_version_are_one_transaction(tmp_path):
    """A save that fails (here: refused as stale) leaves no upload behind; one that succeeds keeps both."""
    ws = Workspace(tmp_path / "ws.sqlite3")
    v1 = ws.create_assessment("A", WorkState(overrides={"A|CON01|2024|owner": "x"}), "Lan", files=[("a.csv", b"a")])
    ws.save(v1.assessment_id, 1, WorkState(v1.state.uploads, overrides={"A|CON01|2024|owner": "y"}), "Minh")
    with pytest.raises(StaleVersionError):
        ws.save(
            v1.assessment_id,
            1,
            WorkState(v1.state.uploads, overrides={"A|CON01|2024|owner": "z"}),
            "Hoa",
            files=[("b.csv", b"department b")],
        )
    assert ws.uploads()["name"].tolist() == ["a.csv"]  # the refused save's file is not kept either
    v3 = ws.save(v1.assessment_id, 2, ws.version(v1.assessment_id).state, "Hoa", files=[("b.csv", b"department b")])
    assert len(v3.state.uploads) == 2 and sorted(ws.uploads()["name"]) == ["a.csv", "b.csv"]


def test_our_table_names_with_other_columns_are_not_ours(tmp_path):
    """Another program's tables that happen to be called uploads, settings… once got stamped, then failed."""
    path = tmp_path / "other.sqlite3"
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        for table in ("uploads", "assessments", "versions", "edits", "settings"):
            db.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, payload TEXT)")
    before = snapshot(tmp_path)
    with pytest.raises(WorkspaceError) as err:
        Workspace(path)
    assert err.value.code == "foreign" and snapshot(tmp_path) == before


def test_a_workspace_of_the_first_layout_gets_the_question_log_when_opened(tmp_path):
    path = tmp_path / "v1.sqlite3"
    ws = Workspace(path)
    aid = ws.create_assessment("A", WorkState(), "Lan").assessment_id
    with closing(sqlite3.connect(path, isolation_level=None)) as db:
        db.execute("DROP TABLE questions")
        db.execute("PRAGMA user_version = 1")
    ws = Workspace(path)
    assert stamp(path) == (APPLICATION_ID, SCHEMA_VERSION) and ws.questions(aid).empty
    assert ws.version(aid).number == 1  # nothing else changed


def test_questions_and_answers_are_kept_with_who_and_when(ws):
    aid = ws.create_assessment("A", WorkState(), "Lan").assessment_id
    q1 = ws.ask(aid, "Bình Dương", "CON03", 2025, "Số liệu 52 Mbps đo ở đâu, kỳ nào?", "Thẩm định viên Hoa")
    q2 = ws.ask(aid, "Bình Dương", "WRK03", 2025, "Nguồn của tỷ lệ 26,3%?", "Thẩm định viên Hoa")
    ws.answer(q1, "Đo bằng ứng dụng i-Speed, quý IV/2025", "Minh")
    got = ws.questions(aid)
    assert got["id"].tolist() == [q2, q1]  # the open one first
    first = got.set_index("id").loc[q1]
    assert (first["answer"], first["answered_by"], first["asked_by"]) == (
        "Đo bằng ứng dụng i-Speed, quý IV/2025",
        "Minh",
        "Thẩm định viên Hoa",
    )
    assert first["asked_at"] <= first["answered_at"] and pd.isna(got.set_index("id").loc[q2, "answer"])
    with pytest.raises(KeyError):
        ws.answer(999, "x", "Minh")
