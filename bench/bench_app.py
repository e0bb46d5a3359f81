"""Benchmark of the app's responsiveness; a benchmark, not a test (no timing is asserted anywhere).

Run `python bench/bench_app.py` (add `--browser` to also time a real Chromium against `streamlit run app.py`).
Each measurement uses a fresh temporary workspace. It prints:

- the cold first render of the Overview: a fresh Python process runs the app once with AppTest (framework load,
  the illustrative workbook read, scored and drawn, the workspace seeded). Target ≤ 5 s on a 2-core machine;
- the rerun of an empty Streamlit page (`import streamlit as st; st.write("")`), median of N, measured in this run;
- the rerun of the Overview after a widget change (the reference-profile toggle flipped), median of N, and its
  ratio to the empty page. Target ratio ≤ 3 (the pipeline is cached by the uploads' sha256, so a rerun only
  redraws);
- with `--browser`: seconds from `page.goto` to the radar drawn in Chromium, on a server started cold (this adds
  the browser's download and start of Streamlit's and plotly's JavaScript to the Python work), and the time from a
  click on the reference-profile toggle to the radar redrawn (the toggle lives in a fragment, so only it reruns).
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/: common

from common import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")

COLD = f"""
import os, sys, time
sys.path.insert(0, {str(ROOT)!r})
t0 = time.perf_counter()
from streamlit.testing.v1 import AppTest
at = AppTest.from_file({APP!r}, default_timeout=120).run()
assert not at.exception, [e.message for e in at.exception]
assert len(at.get("plotly_chart")) == 1
print(time.perf_counter() - t0)
"""


def cold_render() -> float:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ASSESSOR_WORKSPACE": str(Path(tmp) / "ws.sqlite3")}
        out = subprocess.run(
            [sys.executable, "-c", COLD], env=env, capture_output=True, text=True, check=True, cwd=ROOT
        )
    return float(out.stdout.strip().splitlines()[-1])


def reruns(n: int) -> tuple[float, float]:
    from streamlit.testing.v1 import AppTest

    empty = AppTest.from_string('import streamlit as st\nst.toggle("x", key="x")\nst.write("")', default_timeout=60)
    empty.run()
    empty_times = []
    for i in range(n):
        empty.toggle(key="x").set_value(i % 2 == 0)
        t0 = time.perf_counter()
        empty.run()
        empty_times.append(time.perf_counter() - t0)

    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ASSESSOR_WORKSPACE"] = str(Path(tmp) / "ws.sqlite3")
        at = AppTest.from_file(APP, default_timeout=60).run()
        at.run()  # warm: the pipeline is cached from here on
        times = []
        for i in range(n):
            at.toggle(key="show_reference").set_value(i % 2 == 1)
            t0 = time.perf_counter()
            at.run()
            times.append(time.perf_counter() - t0)
            assert not at.exception and len(at.get("plotly_chart")) == 1
    return statistics.median(empty_times), statistics.median(times)


EMPTY_APP = """
import streamlit as st
st.session_state.n = st.session_state.get("n", 0) + 1
st.toggle("Flip", key="flip")
st.write(f"run {st.session_state.n}")
"""


def _serve(script: str, env: dict[str, str]) -> tuple[subprocess.Popen, int]:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", script, "--server.port", str(port), "--server.headless", "true"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(300):
        try:
            socket.create_connection(("127.0.0.1", port), 0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    return proc, port


def browser(n: int = 8) -> dict[str, float] | None:
    """Real Chromium: cold goto -> radar; click -> rerun drawn, for the Overview's toggle and an empty page's."""
    chromium = CHROMIUM
    if not Path(chromium).exists():
        return None
    from playwright.sync_api import sync_playwright

    out: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        env = {**os.environ, "ASSESSOR_WORKSPACE": str(Path(tmp) / "ws.sqlite3")}
        empty_script = Path(tmp) / "empty_app.py"
        empty_script.write_text(EMPTY_APP)
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        proc, port = _serve(APP, env)
        try:
            page = b.new_page()
            t0 = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/")
            page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60_000)
            out["cold"] = time.perf_counter() - t0
            legend = page.locator('[data-testid="stPlotlyChart"] .legendtext', has_text="2017")
            times = []
            for i in range(n):
                t1 = time.perf_counter()
                page.get_by_text("Show the ICF 2017 reference profile").click()
                legend.wait_for(state="detached" if i % 2 == 0 else "visible", timeout=30_000)
                times.append(time.perf_counter() - t1)
            out["overview"] = statistics.median(times)
        finally:
            proc.terminate()
            proc.wait(10)
        proc, port = _serve(str(empty_script), env)
        try:
            page = b.new_page()
            page.goto(f"http://127.0.0.1:{port}/")
            page.get_by_text("run 1").wait_for(timeout=60_000)
            times = []
            for i in range(n):
                t1 = time.perf_counter()
                page.get_by_text("Flip").click()
                page.get_by_text(f"run {i + 2}").wait_for(timeout=30_000)
                times.append(time.perf_counter() - t1)
            out["empty"] = statistics.median(times)
        finally:
            proc.terminate()
            proc.wait(10)
        b.close()
    return out


def main() -> None:
    os.chdir(ROOT)  # .streamlit/config.toml applies, as with `streamlit run`
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=30, help="reruns per median")
    parser.add_argument("--browser", action="store_true", help="also time a real Chromium")
    args = parser.parse_args()

    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    cold = cold_render()
    print(f"cold first render of the Overview (fresh process, AppTest): {cold:6.2f} s   target ≤ 5 s")
    empty, overview = reruns(args.n)
    print(f"empty page rerun, median of {args.n}:                      {empty * 1000:6.1f} ms")
    print(f"overview rerun after a widget change, median of {args.n}:   {overview * 1000:6.1f} ms")
    print(f"ratio overview / empty:                                  {overview / empty:6.2f} ×   target ≤ 3 ×")
    if args.browser:
        seen = browser()
        if seen is None:
            print("browser: /usr/bin/chromium not found, skipped")
        else:
            print(f"browser, cold server: goto -> radar drawn:               {seen['cold']:6.2f} s")
            print(f"browser: empty page, click -> rerun drawn (median):     {seen['empty'] * 1000:6.0f} ms")
            print(f"browser: overview toggle -> radar redrawn (median):     {seen['overview'] * 1000:6.0f} ms")
            print(f"browser ratio overview / empty:                          {seen['overview'] / seen['empty']:6.2f} ×")


if __name__ == "__main__":
    main()
