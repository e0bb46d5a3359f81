"""End to end in a real browser: Debian's Chromium driven by Playwright against `streamlit run app.py`.

Skipped when Chromium is missing, except on CI (env CI set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

from assessor.i18n import t
from assessor.ui.view import REGISTER_WIDTHS

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else shutil.which("chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _unavailable(reason: str) -> None:
    """Skip with the reason; on CI (env CI set) a missing browser is a failure, never a silent skip."""
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason}; .ci/run installs Chromium", pytrace=False)
    pytest.skip(reason, allow_module_level=True)


if CHROMIUM is None:
    _unavailable("Chromium is not installed (apt-get install chromium); the browser test drives /usr/bin/chromium")
try:
    from playwright import sync_api as playwright
except ImportError:
    _unavailable("Python Playwright is not installed (pip install -r requirements-dev.txt)")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _start(workspace: Path, port: int, log: Path) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:`port` with its own workspace, once it accepts connections."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
        ],
        cwd=ROOT,
        env={**os.environ, "ASSESSOR_WORKSPACE": str(workspace)},
        stdout=log.open("a"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return proc
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                _stop(proc)
                pytest.fail(f"streamlit did not start: {log.read_text()[-2000:]}")
            time.sleep(0.2)


def _stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture()
def server(tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    proc = _start(tmp_path / "workspace.sqlite3", port, tmp_path / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(proc)


EDIT = "Biên bản nghiệm thu số 12/2025 — kiểm thử trình duyệt"
WHO = "Nguyễn Thị Lan"


def _radar(page) -> None:
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=45_000)


def test_overview_language_upload_edit_and_reload(server: str, tmp_path: Path) -> None:
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.set_default_timeout(30_000)
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.goto(f"{server}/overview")  # the Overview answers at its own address too, not only at the root
            _radar(page)
            assert page.get_by_text("Page not found").count() == 0
            page.get_by_text("Illustrative data — not official statistics").wait_for()

            # Vietnamese: every label and the catalogue's domain names
            page.get_by_text("Tiếng Việt", exact=True).click()
            page.get_by_text("Kết nối số").first.wait_for()
            page.get_by_text("Điểm có minh chứng").first.wait_for()
            page.screenshot(path=str(tmp_path / "overview_vi.png"))

            # The action roadmap of the sample: today against the plan, and the shortest path to the next level
            page.goto(f"{server}/plan?lang=vi")
            page.get_by_text("Lộ trình hành động — Bình Dương").first.wait_for()
            page.get_by_text("Lộ trình ngắn nhất để điểm có minh chứng đạt").first.wait_for()
            page.get_by_text("Hành động quá hạn").first.wait_for()
            page.screenshot(path=str(tmp_path / "plan_vi.png"), full_page=True)

            # Upload a workbook as a new assessment and see its community
            page.goto(f"{server}/workspace?lang=vi")
            page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(
                str(ROOT / "data/samples/panel_illustrative.xlsx")
            )
            page.get_by_text("Community A (illustrative)").first.wait_for()
            page.get_by_role("button", name="Tạo bản đánh giá mới từ các tệp này").click()
            page.get_by_text("Đã tạo bản đánh giá").wait_for()

            # Edit an evidence cell in the register's grid (a canvas: select a cell, move by keyboard, type)
            page.goto(f"{server}/register?lang=vi")
            grid = page.locator('[data-testid="stDataFrame"]').first
            grid.wait_for()
            box = grid.bounding_box()
            assert box is not None
            page.get_by_label("Mô tả minh chứng").wait_for()  # the page has finished drawing
            name = page.get_by_label("Họ tên (ghi kèm các chỉnh sửa)")
            name.fill(WHO)
            name.press("Enter")
            page.wait_for_function(  # the browser keeps the name in its own cookie, never in the address
                "() => document.cookie.includes('smart21_who=')", timeout=30_000
            )
            assert "who=" not in page.url
            widths = REGISTER_WIDTHS
            x = sum(widths[c] for c in ("indicator_id", "indicator", "value", "evidence_status")) + 40
            page.mouse.dblclick(box["x"] + x, box["y"] + 35 + 17)  # first row's evidence cell, below the header
            overlay = page.locator("textarea.gdg-input")
            overlay.fill(EDIT)  # fill() focuses the grid's overlay editor itself, then Enter commits the cell
            overlay.press("Enter")
            page.get_by_text("Đã lưu thành phiên bản 2").wait_for()

            page.reload()
            page.locator('[data-testid="stDataFrame"]').first.wait_for()
            # the grid's accessible cell and the one-row form both show the saved text
            page.wait_for_function(
                "text => document.querySelector('#glide-cell-4-0')?.textContent === text", arg=EDIT, timeout=30_000
            )
            assert page.get_by_label("Mô tả minh chứng").input_value() == EDIT
            assert name.input_value() == WHO  # remembered by this browser across the reload
            colleague = browser.new_context().new_page()  # another person, opening the same address
            colleague.goto(page.url)
            assert colleague.get_by_label("Họ tên (ghi kèm các chỉnh sửa)").input_value() == ""
            colleague.close()
            with closing(sqlite3.connect(tmp_path / "workspace.sqlite3")) as db:
                assert db.execute("SELECT DISTINCT who FROM edits").fetchall() == [(WHO,)]
            page.get_by_text("Sổ minh chứng").first.wait_for()  # still in Vietnamese after the reload
            page.screenshot(path=str(tmp_path / "register_after_reload.png"), full_page=True)
            # Nothing leaves the machine: every request of the whole visit went to the app itself.
            elsewhere = sorted({u for u in requested if not u.startswith((server, "data:", "blob:"))})
            assert len(requested) > 50 and elsewhere == []
        except Exception:
            page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)  # what the browser showed
            raise
        finally:
            browser.close()
    assert (tmp_path / "overview_vi.png").stat().st_size > 10_000
    assert (tmp_path / "plan_vi.png").stat().st_size > 10_000


PAGES = re.findall(r'url_path="([a-z_]+)"', (ROOT / "app.py").read_text(encoding="utf-8"))


def test_every_page_in_vietnamese_draws_and_asks_nothing_of_the_internet(server: str, tmp_path: Path) -> None:
    """Each page of the navigation, opened at its own address: it draws its title, shows no error, and every
    request the browser made (scripts, fonts, the icon, images, charts) went to the app itself."""
    assert len(PAGES) >= 12
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1440, "height": 1000})
            page.set_default_timeout(45_000)
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            for path in PAGES:
                page.goto(f"{server}/{'' if path == 'home' else path}?lang=vi")  # the default page lives at the root
                page.locator("h1").first.wait_for()
                page.wait_for_timeout(1_500)  # charts and images load after the title
                assert page.get_by_text("Page not found").count() == 0, path
                assert page.locator('[data-testid="stException"]').count() == 0, path
                errors = page.locator('[data-testid="stAlertContentError"]').all_inner_texts()
                assert t("app.unexpected", "vi") not in errors, path  # the sample's own problems are said, not this
            page.screenshot(path=str(tmp_path / "last_page.png"), full_page=True)
        finally:
            browser.close()
    elsewhere = sorted({u for u in requested if not u.startswith((server, "data:", "blob:"))})
    assert len(requested) > 100 and elsewhere == []


def test_a_confirmed_save_survives_the_server_being_killed(tmp_path: Path) -> None:
    """SIGKILL right after the page says "Saved": after a restart the save is there and the file is sound."""
    import signal

    workspace, log, port = tmp_path / "workspace.sqlite3", tmp_path / "server.log", _free_port()
    url = f"http://127.0.0.1:{port}"
    text = "Quyết định số 45/QĐ-UBND — lưu trước khi máy chủ bị dừng đột ngột"
    proc = _start(workspace, port, log)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            try:
                page = browser.new_page(viewport={"width": 1440, "height": 1000})
                page.set_default_timeout(90_000)  # a loaded CI machine starts the app slowly
                page.goto(f"{url}/register?lang=en")
                page.get_by_label("Evidence", exact=True).fill(text)
                page.get_by_role("button", name="Save", exact=True).click()
                page.get_by_text("Saved as version 2.").wait_for()
                os.kill(proc.pid, signal.SIGKILL)  # no shutdown of any kind
                proc.wait()
                with closing(sqlite3.connect(workspace)) as db:
                    assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)

                proc = _start(workspace, port, log)
                page.goto(f"{url}/register?lang=en")
                box = page.get_by_label("Evidence", exact=True)
                box.wait_for()
                assert box.input_value() == text
                with closing(sqlite3.connect(workspace)) as db:  # and in the edit log, under version 2
                    assert db.execute("SELECT version, new FROM edits").fetchall() == [(2, text)]
            except Exception:
                page.screenshot(path=str(tmp_path / "failed.png"), full_page=True)
                raise
            finally:
                browser.close()
    finally:
        _stop(proc)
