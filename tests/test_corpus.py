"""The reader against the corpus of hostile and messy files (tests/corpus.py): through the Python API, the command
line and the app's upload path. Whatever the file, the answer is one plain sentence or a read with its issues; never
another exception, a traceback, or more than the memory and time bounds below.

Every read of a corpus file through the API runs in a forked child, and every command line in its own process,
under an address-space limit, so that a reader that inflated a bomb fails its case instead of taking the test run
down with it. The app's upload path is called directly: the app reads uploads in a watched child of its own.

Address-space bound: importing the CLI takes about 0.4 GiB of address space; the first text column pandas builds
makes pyarrow's allocator reserve about 1 GiB more (mostly never touched: a small file peaks at ~175 MB resident).
2 GiB for `validate` therefore leaves about 0.6 GiB for the data. A forked child gets what its parent already maps
plus the same 2 GiB.
"""

from __future__ import annotations

import math
import multiprocessing
import os
import pickle
import re
import resource
import subprocess
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from assessor.framework import default_framework
from assessor.issues import localised
from assessor.merge import merge
from assessor.messages import FatalInputError
from assessor.read import read_submission

from corpus import BY_NAME, CASES, FATAL, SEVERITY, Case, write_corpus
from shown import shown

ROOT = Path(__file__).resolve().parents[1]
GIB = 1 << 30
#: Address space a read may add (see the module docstring).
READ_LIMIT = 2 * GIB
#: Bounds, not timings: a read that takes longer is stuck on something it should have refused.
CLI_TIMEOUT = 60
CHILD_TIMEOUT = 120

CASE_IDS = [c.name for c in CASES]
FATAL_CASES = [c for c in CASES if c.fatal]


# ------------------------------------------------------------------ running a read somewhere it cannot hurt


def _address_space() -> int:
    with open("/proc/self/status") as f:
        return int(re.search(r"VmSize:\s+(\d+) kB", f.read()).group(1)) * 1024


def _limited(extra: int) -> None:
    limit = _address_space() + extra
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _child(fn: Callable[[], Any], conn: Any) -> None:
    _limited(READ_LIMIT)
    try:
        result: tuple[str, Any] = ("ok", fn())
    except FatalInputError as err:
        result = ("fatal", (err.code, err.message("en"), err.message("vi")))
    except BaseException as err:  # any other exception is what the test reports
        result = ("crash", f"{type(err).__name__}: {str(err)[:300]}\n{traceback.format_exc()[-2000:]}")
    try:
        conn.send_bytes(pickle.dumps(result))
    except Exception as err:  # e.g. MemoryError while pickling
        conn.send_bytes(pickle.dumps(("crash", f"could not send the result back: {type(err).__name__}")))
    conn.close()


def in_child(fn: Callable[[], Any]) -> tuple[str, Any]:
    """("ok", result) | ("fatal", (code, message en, message vi)) | ("crash", what happened), from a forked child."""
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(fn, send))
    proc.start()
    send.close()
    try:
        if not receive.poll(CHILD_TIMEOUT):
            return "crash", f"no answer within {CHILD_TIMEOUT} s"
        return pickle.loads(receive.recv_bytes())
    except EOFError:
        proc.join(5)
        return "crash", f"the child died (exit code {proc.exitcode}) without an answer"
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(5)


def _read(case: Case) -> Callable[[], Any]:
    return lambda: read_submission(case.data(), default_framework(), case.filename)


# ------------------------------------------------------------------ what is checked


def one_sentence(text: str) -> list[str]:
    """Problems with a message meant to be one plain sentence."""
    problems = []
    if not text or not text.strip():
        problems.append("empty message")
    if "\n" in text.strip():
        problems.append(f"more than one line: {text!r}")
    if "Traceback" in text or 'File "' in text:
        problems.append(f"traceback text: {text!r}")
    if re.search(r"[{}]", text):
        problems.append(f"unfilled placeholder: {text!r}")
    unquoted = re.sub(r"'[^']*'|‘[^’]*’|“[^”]*”|\"[^\"]*\"", "…", text)  # a quoted cell may hold sentences
    if re.search(r"[.!?]\s+[A-ZÀ-ỸĐ]", unquoted):
        problems.append(f"more than one sentence: {text!r}")
    if len(text) > 400:
        problems.append(f"{len(text)} characters long")
    return problems


def _where_matches(expected: Any, sheet: str, row: Any) -> bool:
    if isinstance(expected, tuple):
        return expected == (sheet, row)
    return expected == row


def _found(issues: pd.DataFrame, code: str) -> set[tuple[str, Any]]:
    rows = issues[issues["code"] == code]
    return {(s, None if pd.isna(r) else int(r)) for s, r in zip(rows["sheet"], rows["row"], strict=True)}


def _same_places(expected: frozenset, found: set[tuple[str, Any]]) -> bool:
    """Every expected place is found, and every place found is expected."""
    return all(any(_where_matches(e, s, r) for s, r in found) for e in expected) and all(
        any(_where_matches(e, s, r) for e in expected) for s, r in found
    )


def _value_problems(case: Case, ind: pd.DataFrame) -> list[str]:
    problems = []
    scorable = ind[ind["excluded"].isna() & (ind["value"].notna() | ind["label"].notna())]
    for key, want in case.values.items():
        community, iid = key if isinstance(key, tuple) else (None, key)
        rows = scorable[scorable["indicator_id"] == iid]
        if community is not None:
            rows = rows[rows["community"] == community]
        got = [v if pd.notna(v) else lab for v, lab in zip(rows["value"], rows["label"], strict=True)]
        if want is None:
            ok = not got
        elif isinstance(want, str):
            ok = got == [want]
        else:
            ok = len(got) == 1 and isinstance(got[0], float) and math.isclose(got[0], want, rel_tol=1e-9, abs_tol=1e-9)
        if not ok:
            excluded = ind.loc[ind["indicator_id"] == iid, ["row", "raw_value", "excluded"]].to_dict("records")
            problems.append(f"{key}: expected {want!r}, scored {got!r} (rows: {excluded})")
    return problems


def problems_with(case: Case, sub: Any) -> list[str]:
    """Everything in a read that contradicts the case's expectation or the reader's contract."""
    issues = sub.issues
    codes = set(issues["code"])
    problems = [f"code {c} not reported" for c in sorted(case.codes - codes)]
    problems += [f"code {c} reported (should not be)" for c in sorted(case.absent & codes)]
    for code, where in case.at.items():
        found = _found(issues, code)
        if not _same_places(where, found):
            problems.append(f"{code}: expected at {sorted(map(str, where))}, reported at {sorted(map(str, found))}")
    errors = issues[issues["severity"] == "error"]
    error_places = {(s, None if pd.isna(r) else int(r)) for s, r in zip(errors["sheet"], errors["row"], strict=True)}
    for where in case.errors_at:
        if not any(_where_matches(where, s, r) for s, r in error_places):
            problems.append(f"no error reported at {where}")
    allowed = case.codes | set(case.at) | case.tolerated
    for code in sorted(set(errors["code"]) - allowed):
        rows = errors.loc[errors["code"] == code, ["sheet", "row", "value"]].head(5).to_dict("records")
        problems.append(f"unexpected error {code} at {rows}")
    for code, severity in zip(issues["code"], issues["severity"], strict=True):
        if code in SEVERITY and SEVERITY[code] != severity:
            problems.append(f"{code} reported as {severity}, not {SEVERITY[code]}")
    for lang in ("en", "vi"):
        shown = localised(issues, lang)
        for message in dict.fromkeys(shown["message"].tolist()):
            problems += [f"{lang} message: {p}" for p in one_sentence(str(message))]
    problems += _value_problems(case, sub.indicators)
    if case.communities is not None and set(sub.communities) != set(case.communities):
        problems.append(f"communities {sub.communities}, expected {sorted(case.communities)}")
    return sorted(set(problems), key=problems.index)


# ------------------------------------------------------------------ the corpus itself


def test_the_corpus_is_large_and_covers_every_fatal_code():
    assert len(CASES) >= 50
    assert {c.fatal for c in FATAL_CASES} == set(FATAL)
    for case in CASES:
        assert case.fatal is None or not (case.codes or case.values or case.at), case.name
        assert case.fatal is not None or case.values or case.codes or case.at, f"{case.name} expects nothing"


#: Built from fixed bytes only (no writer, no clock), and large: not built twice.
LARGE = ("archive_too_large", "too_many_rows", "file_too_large")
REBUILT = [c for c in CASES if c.fatal not in LARGE]


@pytest.mark.parametrize("case", REBUILT, ids=[c.name for c in REBUILT])
def test_each_file_is_built_the_same_every_time(case):
    assert case.build() == case.data()


def test_the_corpus_is_written_to_a_directory_with_its_expectations(tmp_path, monkeypatch):
    small = {n: c for n, c in BY_NAME.items() if n in ("pdf_as_xlsx", "csv_cp1258", "percent_formats")}
    monkeypatch.setattr("corpus.CASES", list(small.values()))
    paths = write_corpus(tmp_path)
    assert {p.name for p in tmp_path.iterdir()} == {p.name for p in paths.values()} | {"expectations.json"}
    assert paths["csv_cp1258"].read_bytes() == BY_NAME["csv_cp1258"].data()


# ------------------------------------------------------------------ the Python API


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_read_submission(case):
    kind, result = in_child(_read(case))
    if kind == "crash":
        pytest.fail(f"{case.name}: {result}")
    if case.fatal:
        assert kind == "fatal", f"{case.name}: read without FatalInputError, expected {case.fatal}"
        code, en, vi = result
        assert code == case.fatal
        assert not one_sentence(en) and not one_sentence(vi), (one_sentence(en), one_sentence(vi))
        return
    assert kind == "ok", f"{case.name}: FatalInputError {result[0]}: {result[1]}"
    problems = problems_with(case, result)
    assert not problems, f"{case.name} ({case.about}):\n  " + "\n  ".join(problems)


def test_two_departments_copies_of_the_template_merge_without_conflicts():
    fw = default_framework()
    subs = [read_submission(BY_NAME[n].data(), fw, BY_NAME[n].filename) for n in ("department_a", "department_b")]
    merged = merge(subs)
    assert merged.conflicts.empty or merged.conflicts["chosen"].notna().all()
    ind = merged.submission.scorable
    scored = ind[ind["value"].notna()].set_index("indicator_id")["value"].to_dict()
    assert scored == {"CON01": 90.0, "CON02": 70.0, "WRK01": 80.0, "WRK07": 3.0}


# ------------------------------------------------------------------ the command line


#: Starts the command under the limit and reports its exit code, peak resident memory and time. Linux carries a
#: process's peak over fork and exec, so the command must be started by this small process, not by the test's own
#: (large) one, for its peak to be its own.
LAUNCHER = """
import os, resource, subprocess, sys, threading, time
limit, timeout, report, *cmd = sys.argv[1:]
start = time.monotonic()
child = subprocess.Popen(cmd, preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (int(limit), int(limit))))
timer = threading.Timer(float(timeout), child.kill)
timer.start()
_, status, usage = os.wait4(child.pid, 0)
timer.cancel()
with open(report, "w") as f:
    f.write(f"{os.waitstatus_to_exitcode(status)} {usage.ru_maxrss} {time.monotonic() - start}")
"""


def run_cli(path: Path, *args: str) -> tuple[int, str, str, float, int]:
    """`python -m assessor validate` under the address-space limit: (exit code, stdout, stderr, seconds, peak KiB)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "assessor", "validate", str(path), *args]
    out_path, err_path, report = (path.with_suffix(s) for s in (".out", ".err", ".report"))
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        subprocess.run(
            [sys.executable, "-c", LAUNCHER, str(READ_LIMIT), str(CLI_TIMEOUT), str(report), *cmd],
            stdout=out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            cwd=ROOT,
            env=env,
            timeout=CLI_TIMEOUT + 60,
            check=True,
        )
    rc, peak_kib, seconds = report.read_text().split()
    text = out_path.read_text("utf-8", "replace"), err_path.read_text("utf-8", "replace")
    return int(rc), text[0], text[1], float(seconds), int(peak_kib)


def _expects_errors(case: Case) -> bool:
    codes = case.codes | set(case.at)
    return bool(case.errors_at) or any(SEVERITY.get(c) == "error" for c in codes)


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_cli_validate(case, tmp_path, record_property):
    path = tmp_path / case.filename
    path.write_bytes(case.data())
    rc, out, err, seconds, peak_kib = run_cli(path, "--lang", "vi")
    record_property("seconds", round(seconds, 2))
    record_property("peak_rss_mib", round(peak_kib / 1024, 1))
    said = (out + err).strip()
    assert rc >= 0, f"killed by signal {-rc} after {seconds:.1f} s (bound {CLI_TIMEOUT} s): {said[-500:]}"
    assert "Traceback" not in said, said[-2000:]
    assert peak_kib < 1024**2, f"{peak_kib / 1024:.0f} MiB resident at the peak (bound 1 GiB)"
    assert rc in (0, 1), f"exit code {rc}: {said[-500:]}"
    if case.fatal:
        assert rc == 1
        lines = [ln for ln in said.splitlines() if ln.strip()]
        assert len(lines) == 1, said[-1000:]
        assert lines[0].startswith("Lỗi: ")  # the prefix in the chosen language, not click's English
        assert not one_sentence(lines[0].removeprefix("Lỗi: ")), lines[0]
    else:
        assert rc == (1 if _expects_errors(case) else 0), said[-1500:]


# ------------------------------------------------------------------ the app's upload path


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_app_upload_says_why_or_reads(case, workspace):
    """Called in this process: the app reads uploads in a watched child of its own, and that guard is under test.
    What it reads is held to the case's expectation, as the API's read is."""
    from assessor.ui import state

    _, sub, message = state.try_read(case.filename, case.data())
    if case.fatal:
        assert sub is None and isinstance(message, str), (sub, message)
        assert not one_sentence(message), message
    else:
        assert message is None and sub is not None, message
        problems = problems_with(case, sub)
        assert not problems, f"{case.name} ({case.about}):\n  " + "\n  ".join(problems)


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def test_upload_page_with_hostile_and_messy_files(workspace):
    from streamlit.testing.v1 import AppTest

    names = ["pdf_as_xlsx", "password_xlsx", "truncated_xlsx", "billion_laughs_strings", "sheet1", "csv_cp1258"]
    files = [(BY_NAME[n].filename, BY_NAME[n].data(), XLSX) for n in names]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.query_params["lang"] = "vi"
    at.run()
    at.switch_page("assessor/ui/pages/workspace.py").run()
    at.file_uploader[0].set_value(files).run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [shown(e.value) for e in at.error]
    assert len(errors) == 4, errors
    for name, error in zip(names[:4], errors, strict=True):
        assert BY_NAME[name].filename in error and not one_sentence(error), error
    assert len(at.success) == 2, [shown(s.value) for s in at.success]


CHUNK = 10


@pytest.mark.parametrize(
    "start", range(0, len(CASES), CHUNK), ids=lambda s: f"files-{s + 1}-{min(s + CHUNK, len(CASES))}"
)
def test_every_corpus_file_through_the_upload_page(start, workspace):
    """Every file of the corpus uploaded on the page as a person does (ten at a time): the page never shows an
    exception, each file that cannot be read is one sentence naming it, and the readable ones make a version."""
    from streamlit.testing.v1 import AppTest

    cases = CASES[start : start + CHUNK]
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.run()
    at.switch_page("assessor/ui/pages/workspace.py").run()
    at.file_uploader[0].set_value([(c.filename, c.data(), XLSX) for c in cases]).run()
    assert not at.exception, [e.message for e in at.exception]
    errors = [shown(e.value) for e in at.error]
    fatal = [c for c in cases if c.fatal]
    assert len(errors) == len(fatal), errors
    for case, error in zip(fatal, errors, strict=True):
        assert case.filename in error and not one_sentence(error), (case.name, error)
    if len(fatal) < len(cases):
        assert at.success, [c.name for c in cases]
