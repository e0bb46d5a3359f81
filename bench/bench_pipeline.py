"""Benchmark of the read-and-score pipeline on a large panel; a benchmark, not a test.

Run `python bench/bench_pipeline.py` (add `--profile` for a cProfile of the full pipeline). A child process writes,
into a temporary directory that is removed afterwards, a panel of 100 communities × 10 years × every catalogue indicator
in one xlsx (xlsxwriter, English template headers, the cells people really type: mostly numbers, some `85%`,
`1,234.5` and `Level 3` strings, categorical labels, and a few problems the reader must report). It then measures,
in three interleaved rounds (best of each, so a busy machine slows all measures alike):

- the bare `pd.read_excel(..., sheet_name=None, header=None, engine="calamine")` time;
- the full `score` time (`read_submission` + `assess`) and its ratio to the bare read;
- the in-memory scoring time (`assess` on an already-read `Submission`) and its share of the read;
- the peak memory of one full run, in a fresh child process: tracemalloc's peak (Python allocations only;
  calamine's Rust buffers are not traced) and the process's max RSS (imports included, and said).

Targets are printed beside the figures: ratio ≤ 1.3, scoring < 0.1 × read, peak < 1 GB.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import pstats
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root holds `assessor`

from assessor.assess import assess
from assessor.framework import Bands, Categorical, Framework, Goalpost, Indicator, Level, default_framework
from assessor.layout import EVIDENCE_LABELS, HELIX_LABELS, INDICATORS, PROFILE, QUALITY_LABELS
from assessor.read import read_submission

N_COMMUNITIES = 100
N_YEARS = 10
FIRST_YEAR = 2016
SEED = 54_000
REPEATS = 3
TARGET_RATIO = 1.3
TARGET_SCORING_SHARE = 0.1
TARGET_PEAK_BYTES = 1024**3
T = TypeVar("T")


# ---------------------------------------------------------------- the panel


def indicator_values(ind: Indicator, scores: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Raw values (object array: numbers or category labels) that this indicator's method scores near `scores`."""
    s = np.clip(scores, 0.0, 100.0)
    m = ind.method
    if isinstance(m, Categorical):
        cats = sorted(m.categories, key=lambda c: c.score)
        points = np.array([c.score for c in cats])
        pick = np.abs(points[None, :] - (s + rng.normal(0, 15, s.shape))[:, None]).argmin(axis=1)
        return np.array([c.label.en for c in cats], dtype=object)[pick]
    if isinstance(m, Level):
        return np.rint(s / 100.0 * m.top).astype(object)
    if isinstance(m, Goalpost):
        raw = m.floor + s / 100.0 * (m.target - m.floor)
    elif isinstance(m, Bands):
        ratio = np.maximum(0.05, s / 100.0 * rng.uniform(0.94, 1.06, s.shape))
        raw = m.target / ratio if m.lower_is_better else m.target * ratio
    else:  # a method this benchmark does not know yet: any non-negative number will do
        raw = s
    low, high = ind.bounds
    raw = np.clip(raw, low, high)
    # A percent stays out of (0, 1): the reader takes those for fractions of a percent cell.
    raw = np.maximum(np.round(raw, 1), 1.0) if ind.kind == "percent" else np.round(raw, 1)
    return raw.astype(object)


def typed_like_people(ind: Indicator, values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Some cells as text, the way departments type them: `85%`, `1,234.5`, `Level 3`."""
    out = values.copy()
    chosen = rng.random(len(values)) < 0.06
    for k in np.flatnonzero(chosen):
        v = values[k]
        if ind.kind == "percent":
            out[k] = f"{v:g}%"
        elif isinstance(ind.method, Level):
            out[k] = f"Level {int(v)}"
        elif ind.kind in ("number", "currency") and v >= 1000:
            out[k] = f"{v:,.1f}"
    return out


def panel_rows(framework: Framework, rng: np.random.Generator) -> list[list[Any]]:
    """Every community × year × indicator, in that order, as Indicators-sheet rows in layout column order."""
    n_cy = N_COMMUNITIES * N_YEARS
    community_level = np.repeat(rng.uniform(20, 95, N_COMMUNITIES), N_YEARS)
    trend = np.tile(np.linspace(-12, 0, N_YEARS), N_COMMUNITIES)
    communities = np.repeat([f"Community {k:03d}" for k in range(N_COMMUNITIES)], N_YEARS)
    years = np.tile(np.arange(FIRST_YEAR, FIRST_YEAR + N_YEARS), N_COMMUNITIES)
    statuses = [lbl[0] for lbl in EVIDENCE_LABELS.values()]
    helices = [lbl[0] for lbl in HELIX_LABELS.values()]

    columns: list[np.ndarray] = []
    for ind in framework.indicators:
        scores = community_level + trend + rng.normal(0, 12, n_cy)
        columns.append(typed_like_people(ind, indicator_values(ind, scores, rng), rng))
    status = rng.choice(statuses, size=(n_cy, len(framework.indicators)), p=[0.4, 0.35, 0.2, 0.05])
    helix = rng.choice(helices, size=(n_cy, len(framework.indicators)))
    qualities = [lbl[0] for lbl in QUALITY_LABELS.values()]
    quality = rng.integers(0, len(qualities), size=(n_cy, len(framework.indicators)))

    rows = []
    for cy in range(n_cy):
        for j, ind in enumerate(framework.indicators):
            year = int(years[cy])
            rows.append(
                [
                    communities[cy],
                    ind.id,
                    ind.name.en,
                    ind.domain,
                    ind.unit.en,
                    year,
                    columns[j][cy],
                    status[cy, j],
                    f"{ind.id} report {year}",
                    f"https://example.org/{ind.id.lower()}/{year}" if (cy + j) % 4 == 0 else None,
                    "Department of Information and Communications",
                    helix[cy, j],
                    qualities[quality[cy, j]],
                    None,
                ]
            )
    plant_problems(rows, rng)
    return rows


def plant_problems(rows: list[list[Any]], rng: np.random.Generator, words: str = "pending") -> None:
    """A hundred rows the reader must report: `words` in number cells, unknown ids, out of range, duplicates, links."""
    value_at = [c.key for c in INDICATORS.columns].index("value")
    id_at = [c.key for c in INDICATORS.columns].index("indicator_id")
    url_at = [c.key for c in INDICATORS.columns].index("source_url")
    picks = rng.choice(len(rows), size=100, replace=False)
    for n, k in enumerate(picks):
        row = rows[k]
        match n % 5:
            case 0:
                row[value_at] = words
            case 1:
                row[id_at] = row[id_at].replace("0", "O", 1)
            case 2:
                row[value_at] = -5
            case 3:
                rows.append(list(row))
            case 4:
                row[url_at] = "www.example.org"


def write_panel(path: Path, framework: Framework, rows: list[list[Any]]) -> None:
    """One xlsx: Profile and Indicators sheets, a title row above the English template headers."""
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet(PROFILE.en)
    ws.write_string(0, 0, "Benchmark panel — illustrative figures, not official statistics")
    ws.write_row(1, 0, [c.en for c in PROFILE.columns])
    for k in range(N_COMMUNITIES):
        ws.write_row(
            k + 2, 0, [f"Community {k:03d}", "Testland", 100_000 + 1_000 * k, 100.0 + k, FIRST_YEAR + N_YEARS - 1]
        )
    ws = wb.add_worksheet(INDICATORS.en)
    ws.merge_range(
        0, 0, 0, len(INDICATORS.columns) - 1, "Benchmark panel — illustrative figures, not official statistics"
    )
    ws.write_row(1, 0, [c.en for c in INDICATORS.columns])
    for r, row in enumerate(rows, start=2):
        ws.write_row(r, 0, row)
    wb.close()


# ---------------------------------------------------------------- measuring


def timed(fn: Callable[[], T]) -> tuple[float, T]:
    gc.collect()
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def max_rss_bytes() -> int:
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss if sys.platform == "darwin" else rss * 1024  # Linux reports KiB, macOS bytes


def memory(path: Path) -> dict[str, int]:
    """Peak memory of one full run, in this (fresh) process: tracemalloc's peak, then the max RSS of a run without
    tracemalloc's overhead (which is the larger of the two, as it also counts calamine's Rust buffers)."""
    framework = default_framework()
    gc.collect()
    baseline = max_rss_bytes()
    tracemalloc.start()
    assess(read_submission(path, framework), framework)
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return {"baseline_rss": baseline, "traced_peak": traced, "max_rss": max_rss_bytes()}


def verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


def profile(fn: Callable[[], Any], lines: int = 30) -> str:
    prof = cProfile.Profile()
    prof.enable()
    fn()
    prof.disable()
    out = io.StringIO()
    pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(lines)
    return out.getvalue()


def timings(path: Path, framework: Framework) -> dict[str, Any]:
    """Best of `REPEATS` interleaved rounds: a machine busy with other work then slows every measure alike."""
    best = {"read": float("inf"), "full": float("inf"), "assess": float("inf")}
    submission = read_submission(path, framework)
    for _ in range(REPEATS):
        t, raw = timed(lambda: pd.read_excel(path, sheet_name=None, header=None, engine="calamine"))
        best["read"] = min(best["read"], t)
        del raw
        t, _ = timed(lambda: assess(read_submission(path, framework), framework))
        best["full"] = min(best["full"], t)
        t, _ = timed(lambda: assess(submission, framework))
        best["assess"] = min(best["assess"], t)
    best["rows"] = len(submission.indicators)
    best["issues"] = submission.issues["severity"].value_counts().to_dict()
    return best


def run(path: Path, framework: Framework, with_profile: bool) -> bool:
    """Measure, print beside the targets, and profile when a target is missed; True when all are met."""
    child = [sys.executable, __file__, "--memory-only", str(path)]
    mem = json.loads(subprocess.run(child, check=True, capture_output=True, text=True).stdout)
    t = timings(path, framework)
    ratio, share = t["full"] / t["read"], t["assess"] / t["read"]
    peak = max(mem["traced_peak"], mem["max_rss"])
    mb = 1024**2
    lines = [
        f"rows read: {t['rows']:,} indicator rows; issues: {t['issues']}",
        f"bare read, calamine (best of {REPEATS}):      {t['read']:7.3f} s",
        f"full score, read_submission + assess:  {t['full']:7.3f} s   ratio {ratio:5.2f}   "
        f"target ≤ {TARGET_RATIO}  {verdict(ratio <= TARGET_RATIO)}",
        f"in-memory scoring, assess:             {t['assess']:7.3f} s   share {share:5.2f}   "
        f"target < {TARGET_SCORING_SHARE}  {verdict(share < TARGET_SCORING_SHARE)}",
        f"peak memory, tracemalloc (full run):   {mem['traced_peak'] / mb:7.1f} MB",
        f"peak memory, max RSS (full run):       {mem['max_rss'] / mb:7.1f} MB  "
        f"(of which {mem['baseline_rss'] / mb:.0f} MB imports)  target < 1024 MB  {verdict(peak < TARGET_PEAK_BYTES)}",
    ]
    print("\n".join(lines))
    missed = ratio > TARGET_RATIO or share >= TARGET_SCORING_SHARE or peak >= TARGET_PEAK_BYTES
    if with_profile or missed:
        print("\ncProfile of the full pipeline (cumulative):")
        print(profile(lambda: assess(read_submission(path, framework), framework)))
    return not missed


def build(path: Path) -> None:
    framework = default_framework()
    start = time.perf_counter()
    rows = panel_rows(framework, np.random.default_rng(SEED))
    write_panel(path, framework, rows)
    print(
        f"built {path.name}: {N_COMMUNITIES} communities × {N_YEARS} years × {len(framework.indicators)} indicators "
        f"+ planted problems = {len(rows):,} rows, {path.stat().st_size / 1024**2:.1f} MB in "
        f"{time.perf_counter() - start:.1f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the full pipeline")
    parser.add_argument("--build-only", type=Path, metavar="XLSX", help=argparse.SUPPRESS)
    parser.add_argument("--memory-only", type=Path, metavar="XLSX", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build_only:
        build(args.build_only)
        return
    if args.memory_only:
        print(json.dumps(memory(args.memory_only)))
        return
    with tempfile.TemporaryDirectory(prefix="assessor-bench-") as tmp:
        path = Path(tmp) / "panel_100x10.xlsx"
        # Building and the memory run happen in child processes, so each peak belongs to what it measures.
        subprocess.run([sys.executable, __file__, "--build-only", str(path)], check=True)
        ok = run(path, default_framework(), args.profile)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
