"""What the command-line and scale benchmarks share: the input cache, a measured child process, a markdown table.

Inputs are generated deterministically (fixed seeds) and kept in `bench/.cache/` (ignored by git), under a name
that carries a digest of the generator's key, the criteria catalogue and the spreadsheet layout, so a change to any
of them builds a new file
and an interrupted build never leaves a half-written one behind (files are written beside, then renamed).
"""

from __future__ import annotations

import hashlib
import json
import os
import statistics
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(__file__).resolve().parent / ".cache"
CATALOGUE = ROOT / "indicators" / "icf_smart21.yaml"
#: The spreadsheet's columns: a generated sheet follows them, so a new column builds new inputs.
LAYOUT = ROOT / "assessor" / "layout.py"

# Run as the only child of a fresh Python, so RUSAGE_CHILDREN's peak is this command's alone.
_MEASURE = """
import json, resource, subprocess, sys, time
cmd, cwd, timeout = json.loads(sys.argv[1])
start = time.perf_counter()
done = subprocess.run(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=timeout)
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"seconds": seconds, "max_rss_kib": peak, "rc": done.returncode,
                  "stderr": done.stderr.decode("utf-8", "replace")[-2000:]}))
"""


def cached(stem: str, suffix: str, key: str, build: Callable[[Path], None]) -> Path:
    """The cached input `stem-<digest><suffix>`, built by `build(path)` when absent; older versions are removed."""
    digest = hashlib.sha256(key.encode() + CATALOGUE.read_bytes() + LAYOUT.read_bytes()).hexdigest()[:12]
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{stem}-{digest}{suffix}"
    if path.exists():
        return path
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial{suffix}")
    try:
        build(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    for old in CACHE.glob(f"{stem}-*{suffix}"):
        if old != path:
            old.unlink(missing_ok=True)
    return path


def measured(cmd: Sequence[str], timeout: float = 3600) -> dict:
    """Wall seconds, peak RSS (bytes) and exit code of `cmd` run from the project root, its stdout discarded."""
    payload = json.dumps([list(cmd), str(ROOT), timeout])
    out = subprocess.run([sys.executable, "-c", _MEASURE, payload], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    scale = 1 if sys.platform == "darwin" else 1024  # Linux reports KiB, macOS bytes
    result["max_rss"] = result.pop("max_rss_kib") * scale
    return result


def python_command(*args: str) -> list[str]:
    return [sys.executable, *args]


def median(xs: Sequence[float]) -> float:
    return statistics.median(xs)


def table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A markdown table; numbers as they are given (format them before)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def mib(n: float) -> str:
    return f"{n / 1024**2:,.0f} MiB"


#: Debian's Chromium, headless on a machine without a GPU, talking to nobody but the app.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
