"""The SQLite workspace: uploads kept once, versions as recipes, edits with who/when/old/new, no silent overwrite."""

import threading

import pytest

from assessor.store import EditRecord, StaleVersionError, Workspace, WorkState, default_path


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
    assert v3.number == 3 and v3.state == v1.state and v3.note == "restore:1"
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
