"""Load benchmark: one server, N people at once, in real Chromium sessions on loopback; a benchmark, not a test.

Run `python bench/bench_load.py` (options: `--sessions 10 --rounds 3 --think 2 6 --seed 7`). It starts its own
`streamlit run app.py` on 127.0.0.1 with a fresh workspace, and stops it (and the browser) when done or after
`--limit` seconds, whichever comes first. Each session is one person in their own browser context (own cookies, their
name among them) who opens the app at the evidence register and looks at the Overview once (*app opened*: the
browser downloads and starts the app and its chart library; the sessions arrive spread over `--ramp` seconds, as
people do), waits until everyone has the app open, goes on at the same offset and thinks, then `--rounds` times:
clicks Evidence register in the app's navigation and waits until the grid and the edit form are drawn (*page
ready*), edits the evidence cell of their own row and waits for "Saved as version …" (*save*), thinks, clicks
Overview and waits for the radar, and thinks again. Think times are drawn uniformly from `--think` seconds (seeded):
a person reads the page they opened before acting. `--ramp 0 --think 2 6` is a stress run: everyone at the same
second, acting every few seconds.

It prints, in one run, the median and p95 of each latency for one session alone (three times `--rounds`, so its
p95 rests on as many samples as can be had in the time), then for
`--sessions` sessions started together, their ratio (target: p95 with ten sessions ≤ 3 × one session's), the
number of saves refused (target: 0 — everyone edits a different row) and whether every edit is in the newest
version afterwards. The assessment of a version is computed once and shared by every session (the app caches it
by the version's recipe), so N sessions cost N page draws, not N assessments. It also prints the CPU seconds the
server and the browser spent per page view: here both share the machine's cores, where in an office each person's
browser runs on their own computer.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import CHROMIUM, CHROMIUM_ARGS  # noqa: E402

from assessor.store import Workspace  # noqa: E402
from assessor.ui.view import REGISTER_WIDTHS  # noqa: E402

#: Where the evidence cell of row `i` lies on the register's grid: the columns before it, the header, the rows.
EVIDENCE_X = sum(REGISTER_WIDTHS[c] for c in ("indicator_id", "indicator", "value", "evidence_status")) + 40
HEADER, ROW = 35, 35
#: How the server's process is told apart from everything else running (its command line).
SERVER_MARK = "streamlit run app.py --server.port"
#: Chromium's processes (Debian starts /usr/lib/chromium/chromium through a /usr/bin script).
BROWSER_MARK = "/chromium"


@dataclass
class Timings:
    #: the first page, opened from its address (the browser downloads and starts the app)
    first: list[float] = field(default_factory=list)
    #: a page reached by the app's navigation, until drawn
    ready: list[float] = field(default_factory=list)
    save: list[float] = field(default_factory=list)
    refused: int = 0
    failed: list[str] = field(default_factory=list)
    #: CPU seconds the server and the browser used during the run, per page view (a page drawn, a save)
    server_cpu: float = 0.0
    browser_cpu: float = 0.0


def cpu_seconds(match: str) -> float:
    """CPU seconds (user + system) used so far by every process whose command line contains `match`."""
    tick, total = os.sysconf("SC_CLK_TCK"), 0.0
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            if match not in (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"):
                continue
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        total += (int(fields[11]) + int(fields[12])) / tick
    return total


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve(workspace: Path, port: int, log: Path) -> subprocess.Popen:
    proc = subprocess.Popen(
        [sys.executable, "-m", *SERVER_MARK.split(), str(port), "--server.address", "127.0.0.1"],
        cwd=ROOT,
        env={**os.environ, "ASSESSOR_WORKSPACE": str(workspace)},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("the server did not start within 60 s")


async def person(
    browser,
    url: str,
    phase: str,
    row: int,
    rounds: int,
    think: tuple[float, float],
    rng,
    out: Timings,
    everyone_in: asyncio.Barrier,
    arrive: float = 0.0,
) -> None:
    """One person: opens the app at the register and looks at the Overview once (the browser downloads and starts
    the app and, on that first Overview, its chart library), then `rounds` times goes to the register, edits the
    evidence of their own row, saves, thinks, looks at the Overview and thinks. Moving between pages is a click in
    the app's navigation, as people use it (the page is redrawn in the same session; nothing is downloaded again)."""
    await asyncio.sleep(arrive)  # people do not all open the app in the same second
    context = await browser.new_context(viewport={"width": 1440, "height": 1000})
    await context.add_cookies([{"name": "smart21_who", "value": f"person-{row}", "url": url}])  # their browser's
    page = await context.new_page()
    page.set_default_timeout(120_000)
    nav = page.locator('[data-testid="stSidebarNav"]')
    grid = page.locator('[data-testid="stDataFrame"]').first
    radar = page.locator('[data-testid="stPlotlyChart"] .main-svg').first
    try:
        t0 = time.perf_counter()
        await page.goto(f"{url}/register?lang=en")
        await grid.wait_for()
        await page.get_by_label("Evidence", exact=True).wait_for()
        await nav.get_by_text("Overview", exact=True).click()
        await radar.wait_for()
        out.first.append(time.perf_counter() - t0)
        # Steady state: the rounds are timed once everyone has the app open (its first opening is timed above; the
        # chart library's first start, about two seconds of a core, happens once per browser, not per page).
        await everyone_in.wait()
        # Then each person goes on at the offset they arrived with: the barrier must not make ten people act in
        # the same few seconds, which nobody does (--ramp 0 is the run where they do).
        await asyncio.sleep(arrive + rng.uniform(*think))
        for k in range(rounds):
            t0 = time.perf_counter()
            await nav.get_by_text("Evidence register", exact=True).click()
            await grid.wait_for()
            await page.get_by_label("Evidence", exact=True).wait_for()
            out.ready.append(time.perf_counter() - t0)

            box = await grid.bounding_box()
            text = f"Evidence of person {row}, {phase}, round {k + 1}"  # always a change: something to save
            t1 = time.perf_counter()
            await page.mouse.dblclick(box["x"] + EVIDENCE_X, box["y"] + HEADER + ROW * row + ROW // 2)
            overlay = page.locator("textarea.gdg-input")
            await overlay.fill(text)
            await overlay.press("Enter")
            saved = page.get_by_text("Saved as version")
            stale = page.get_by_text("was not saved")
            await saved.or_(stale).first.wait_for()
            if await stale.count():
                out.refused += 1
            else:
                out.save.append(time.perf_counter() - t1)
            await asyncio.sleep(rng.uniform(*think))

            await nav.get_by_text("Overview", exact=True).click()
            await radar.wait_for()
            await asyncio.sleep(rng.uniform(*think))
    except Exception as err:  # a benchmark reports what went wrong and goes on measuring the others
        await everyone_in.abort()
        out.failed.append(f"person {row}: {type(err).__name__}: {str(err).splitlines()[0][:160]}")
        if os.environ.get("BENCH_SHOTS"):
            await page.screenshot(path=f"{os.environ['BENCH_SHOTS']}/person-{row}.png", full_page=True)
    finally:
        await context.close()


async def run(
    url: str,
    phase: str,
    sessions: int,
    rounds: int,
    think: tuple[float, float],
    seed: int,
    ramp: float = 0.0,
) -> Timings:
    from playwright.async_api import async_playwright

    out = Timings()
    everyone_in = asyncio.Barrier(sessions)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        server0, browser0 = cpu_seconds(SERVER_MARK), cpu_seconds(BROWSER_MARK)
        try:
            await asyncio.gather(
                *(
                    person(
                        browser,
                        url,
                        phase,
                        row,
                        rounds,
                        think,
                        random.Random(seed * 1000 + row),
                        out,
                        everyone_in,
                        arrive=ramp * row / sessions,
                    )
                    for row in range(sessions)
                )
            )
        finally:
            views = max(len(out.first) + 2 * len(out.ready) + len(out.save), 1)
            out.server_cpu = (cpu_seconds(SERVER_MARK) - server0) / views
            out.browser_cpu = (cpu_seconds(BROWSER_MARK) - browser0) / views
            await browser.close()
    return out


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1] if len(values) > 1 else values[0]


def line(label: str, values: list[float]) -> str:
    if not values:
        return f"{label:<34} no measurement"
    return f"{label:<34} median {statistics.median(values):6.2f} s   p95 {p95(values):6.2f} s   (n={len(values)})"


def edits_kept(workspace: Path, expected: int) -> tuple[int, bool]:
    """How many evidence overrides the newest version holds, and whether SQLite's integrity check passes."""
    ws = Workspace(workspace)
    aid = int(ws.assessments()["id"].iloc[0])
    kept = sum(1 for k in ws.version(aid).state.overrides if k.endswith("|evidence"))
    with closing(sqlite3.connect(workspace)) as db:
        ok = db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    return kept, ok and kept == expected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--think", type=float, nargs=2, default=(5.0, 15.0), metavar=("MIN", "MAX"))
    parser.add_argument("--ramp", type=float, default=30.0, help="seconds over which the sessions arrive")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=float, default=900, help="stop everything after this many seconds")
    args = parser.parse_args()
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} not found (apt-get install chromium)")
    if not 1 <= args.sessions <= 12:
        raise SystemExit("--sessions: 1 to 12 (the register's grid shows 12 rows without scrolling)")

    print(
        f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}; think time U{tuple(args.think)} s; "
        f"{args.sessions} sessions arriving over {args.ramp:g} s"
    )
    with tempfile.TemporaryDirectory() as tmp:
        workspace, port = Path(tmp) / "ws.sqlite3", _free_port()
        log = Path(tmp) / "server.log"
        proc = _serve(workspace, port, log)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + args.limit  # one limit for the whole run, not one per phase

        def left() -> float:
            return max(deadline - time.monotonic(), 1.0)

        try:
            warm = asyncio.run(asyncio.wait_for(run(url, "warm", 1, 1, (0, 0), args.seed), left()))
            print(f"{'first page after start (cold)':<34} {warm.first[0]:6.2f} s" if warm.first else "cold: failed")
            one = asyncio.run(
                asyncio.wait_for(run(url, "alone", 1, 3 * args.rounds, tuple(args.think), args.seed), left())
            )
            many = asyncio.run(
                asyncio.wait_for(
                    run(url, "together", args.sessions, args.rounds, tuple(args.think), args.seed, args.ramp),
                    left(),
                )
            )
        finally:
            proc.terminate()
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        kept, sound = edits_kept(workspace, max(args.sessions, 1))
        server_log = log.read_text(errors="replace")

    print(line("one session: app opened", one.first))
    print(line("one session: page ready", one.ready))
    print(line("one session: save", one.save))
    print(line(f"{args.sessions} sessions: app opened", many.first))
    print(line(f"{args.sessions} sessions: page ready", many.ready))
    print(line(f"{args.sessions} sessions: save", many.save))
    for label, run_ in (("one session", one), (f"{args.sessions} sessions", many)):
        print(
            f"{label + ': CPU per page view':<34} server {run_.server_cpu:5.2f} s   browser {run_.browser_cpu:5.2f} s"
        )
    for name, a, b in (("page ready", one.ready, many.ready), ("save", one.save, many.save)):
        if a and b:
            print(f"p95 ratio, {name:<22} {p95(b) / p95(a):6.2f} ×   target ≤ 3 ×")
    print(f"saves refused: {many.refused + one.refused}   target 0")
    print(f"every session's last edit in the newest version, integrity check ok: {'yes' if sound else 'NO'} ({kept})")
    for failure in warm.failed + one.failed + many.failed:
        print("failed:", failure)
    if "Traceback" in server_log:
        print("the server logged an error; its last lines:", *server_log.splitlines()[-30:], sep="\n  ")


if __name__ == "__main__":
    main()
