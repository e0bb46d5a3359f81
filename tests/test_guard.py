"""Reading in a child process: a file that needs too much memory or time, or kills the reader, is one sentence and
the process that asked (the app's server) carries on."""

from __future__ import annotations

import faulthandler
import os
import time

import pytest

from assessor.messages import FatalInputError
from assessor.read.guard import read_isolated

from factory import xlsx

BOOK = xlsx({"Indicators": [["Indicator ID", "Year", "Value"], ["CON01", 2024, 80]]})


def crash(send, data, framework, name) -> None:
    """A native reader aborting (as calamine does when an allocation fails): the child dies without an answer."""
    faulthandler.disable()  # the test run's fault handler would print this expected crash as if it were one
    os.abort()


def dawdle(send, data, framework, name) -> None:
    time.sleep(30)


def hog(send, data, framework, name) -> None:
    held = bytearray(400 * 1024**2)  # touched, so resident
    time.sleep(30)
    del held


def report_oom_preference(send, data, framework, name) -> None:
    """Says, as a file's sentence would, how willing the kernel is to stop this child when memory runs out."""
    import pickle

    with open("/proc/self/oom_score_adj") as adj:
        send.send_bytes(pickle.dumps(("fatal", ("not_a_spreadsheet", {"name": adj.read().strip()}))))


def take_a_turn(send, data, framework, name) -> None:
    """Notes when it starts and ends in the folder `data` names, then answers as a file that cannot be read."""
    import pickle
    from pathlib import Path

    folder = Path(data.decode())
    (folder / f"{os.getpid()}.start").write_text(repr(time.time()))
    time.sleep(0.6)
    (folder / f"{os.getpid()}.end").write_text(repr(time.time()))
    send.send_bytes(pickle.dumps(("fatal", ("not_a_spreadsheet", {"name": name}))))


def test_the_kernel_stops_a_reader_before_the_server(framework):
    with pytest.raises(FatalInputError) as said:
        read_isolated(BOOK, framework, "a.xlsx", target=report_oom_preference)
    assert said.value.params["name"] == "1000"


def test_ten_uploads_at_once_are_read_a_few_at_a_time(framework, tmp_path):
    """Ten people uploading large files together hold READS_AT_ONCE readers' memory, not ten; everyone is answered."""
    import threading

    from assessor.read.limits import READS_AT_ONCE

    answers: list[str] = []

    def upload(k: int) -> None:
        with pytest.raises(FatalInputError) as said:
            read_isolated(str(tmp_path).encode(), framework, f"{k}.xlsx", target=take_a_turn)
        answers.append(said.value.params["name"])

    people = [threading.Thread(target=upload, args=(k,)) for k in range(10)]
    for person in people:
        person.start()
    for person in people:
        person.join(60)
    assert sorted(answers) == sorted(f"{k}.xlsx" for k in range(10))
    spans = [
        (float(start.read_text()), float(start.with_suffix(".end").read_text())) for start in tmp_path.glob("*.start")
    ]
    most = max(sum(1 for s, e in spans if s <= t < e) for t, _ in spans)
    assert len(spans) == 10 and 1 <= most <= READS_AT_ONCE


def test_a_read_in_a_child_gives_the_same_submission(framework):
    sub = read_isolated(BOOK, framework, "a.xlsx")
    assert sub.indicators[["indicator_id", "value"]].values.tolist() == [["CON01", 80.0]]


def test_a_file_that_cannot_be_read_is_still_its_sentence(framework):
    with pytest.raises(FatalInputError) as refused:
        read_isolated(b"%PDF-1.7", framework, "bao-cao.xlsx")
    assert refused.value.code == "not_a_spreadsheet"


@pytest.mark.parametrize(
    "target, kwargs, code, sentence",
    [
        (crash, {}, "read_too_large", "Việc đọc tệp a.xlsx cần hơn 1.536 MB bộ nhớ nên đã bị dừng"),
        (dawdle, {"seconds": 1}, "read_too_long", "Việc đọc tệp a.xlsx mất hơn 1 giây nên đã bị dừng"),
        (hog, {"memory": 300 * 1024**2}, "read_too_large", "Việc đọc tệp a.xlsx cần hơn 300 MB bộ nhớ"),
    ],
    ids=["abort", "time", "memory"],
)
def test_a_reader_that_dies_overruns_or_hogs_is_one_sentence(framework, target, kwargs, code, sentence):
    started = time.monotonic()
    with pytest.raises(FatalInputError) as stopped:
        read_isolated(BOOK, framework, "a.xlsx", target=target, **kwargs)
    assert stopped.value.code == code and stopped.value.message("vi").startswith(sentence)
    assert time.monotonic() - started < 25  # stopped by the guard, not by the child's own end
    assert read_isolated(BOOK, framework, "a.xlsx").indicators["value"].tolist() == [80.0]  # and life goes on


def broken(send, data, framework, name) -> None:
    """A fault in the reader itself (not in the file): the child sends its traceback for the parent's log."""
    import pickle

    send.send_bytes(pickle.dumps(("failed", "Traceback …\nZeroDivisionError: a defect of the reader")))


def test_a_fault_of_the_reader_is_one_sentence_and_its_traceback_goes_to_the_log(framework, caplog):
    with pytest.raises(FatalInputError) as stopped:
        read_isolated(BOOK, framework, "a.xlsx", target=broken)
    assert stopped.value.code == "reader_failed"
    assert "ZeroDivisionError: a defect of the reader" in caplog.text and "a.xlsx" in caplog.text


def far_cell_book(path) -> None:
    """A small, well-formed workbook whose one far cell (XFD1048576) and missing <dimension> make the native reader
    ask for 512 GB: what the archive checks cannot see, and what killed the whole server before the guard."""
    import io
    import re
    import zipfile

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Indicators"
    ws.append(["Indicator ID", "Year", "Value"])
    ws.append(["CON01", 2024, 80])
    ws["XFD1048576"] = 1
    raw = io.BytesIO()
    wb.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            out.writestr(item, data)


def test_the_command_line_reads_behind_the_same_guard(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    book = tmp_path / "so-lieu.xlsx"
    far_cell_book(book)
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run(
        [sys.executable, "-m", "assessor", "score", str(book)], cwd=root, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.splitlines() == [
        "Error: " + FatalInputError("read_too_large", name="so-lieu.xlsx", limit=1536).message("en")
    ]  # one sentence: no native noise, no traceback


def test_a_path_is_read_in_the_child_as_its_bytes_are(framework, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(BOOK)
    assert read_isolated(path, framework, "a.xlsx").indicators.equals(
        read_isolated(BOOK, framework, "a.xlsx").indicators
    )


def test_a_child_never_runs_the_app_script(framework, tmp_path, monkeypatch):
    """Under Streamlit, `__main__` is the app's script; multiprocessing would have each reading child run it first
    (the whole app, in bare mode, once per upload). A script that leaves a mark when run shows it is not."""
    import sys
    import threading
    import types

    mark = tmp_path / "ran"
    script = tmp_path / "app_like.py"
    script.write_text(f"open({str(mark)!r}, 'w').close()\n")
    fake_main = types.ModuleType("__main__")
    fake_main.__file__ = str(script)
    monkeypatch.setitem(sys.modules, "__main__", fake_main)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)  # a server has threads: the fork server is used, as in the app
    other.start()
    try:
        assert read_isolated(BOOK, framework, "a.xlsx").indicators["value"].tolist() == [80.0]
    finally:
        stop.set()
        other.join()
    assert not mark.exists() and sys.modules["__main__"] is fake_main


def test_a_process_held_to_less_memory_keeps_its_own_bound(tmp_path):
    """Run under `ulimit -v` (a container, a shared server): the child lowers the bound, never tries to raise it."""
    import subprocess
    import sys
    from pathlib import Path

    book = tmp_path / "a.xlsx"
    book.write_bytes(BOOK)
    root = Path(__file__).resolve().parents[1]
    limited = (
        "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_AS, (3 * 1024**3, 3 * 1024**3)); "
        "sys.argv = ['assessor', 'score', sys.argv[1]]; runpy.run_module('assessor', run_name='__main__')"
    )
    done = subprocess.run([sys.executable, "-c", limited, str(book)], cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "CON01" in done.stdout or "80" in done.stdout
