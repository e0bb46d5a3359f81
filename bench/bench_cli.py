"""Benchmark of `python -m assessor score panel.xlsx --format json` as a user runs it; a benchmark, not a test.

Run `python bench/bench_cli.py [--repeats N]`. The panel is a Vietnamese workbook: 100 communities × 10 years × every
catalogue indicator on the sheet `Chỉ số` under the layout's Vietnamese headers, a `Hồ sơ` sheet, Vietnamese
evidence texts, owners and notes, values typed the way offices type them (`85,5%`, `1.234,5`, `Mức 3`, `Có`) and a
hundred problems the reader must report. It is generated once, deterministically, into `bench/.cache/`.

Each repetition runs, in fresh processes and in alternating order (so a machine that is busy slows both alike):

- the whole command, `python -m assessor score panel.xlsx --format json`, its output discarded;
- a bare process that only reads the same file: `python -c "import pandas as pd;
  pd.read_excel(path, sheet_name=None, engine='calamine')"`.

The ratio is taken per pair, then its median and minimum are printed in a markdown table beside the start-up time
of `python -m assessor --help`. Target: median ratio ≤ 1.3. The exit code is 1 when the target is missed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import numpy as np
import xlsxwriter

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/: common, bench_pipeline
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `assessor`

from bench_pipeline import indicator_values, plant_problems
from common import ROOT, cached, measured, median, python_command, table, verdict

from assessor.framework import Categorical, Framework, Indicator, Level, default_framework
from assessor.layout import EVIDENCE_LABELS, HELIX_LABELS, INDICATORS, PROFILE, QUALITY_LABELS

N_COMMUNITIES = 100
N_YEARS = 10
FIRST_YEAR = 2016
SEED = 8_421
TARGET_RATIO = 1.3
GENERATOR = "vi-panel-1"  # change when the generator changes, so the cached file is rebuilt

PLACES = [
    "Bình Dương", "Đồng Nai", "Bà Rịa - Vũng Tàu", "Long An", "Tây Ninh", "Bình Phước", "Cần Thơ", "Đà Nẵng",
    "Thừa Thiên Huế", "Quảng Ninh", "Hải Phòng", "Bắc Ninh", "Thái Nguyên", "Lâm Đồng", "Khánh Hòa", "Nghệ An",
    "Thanh Hóa", "Hà Tĩnh", "Quảng Nam", "Đắk Lắk",
]  # fmt: skip
OWNERS = [
    "Sở Thông tin và Truyền thông",
    "Sở Kế hoạch và Đầu tư",
    "Sở Giáo dục và Đào tạo",
    "Sở Khoa học và Công nghệ",
    "Sở Tài nguyên và Môi trường",
    "Cục Thống kê tỉnh",
]
NOTES = [
    None,
    None,
    None,
    "Số liệu sơ bộ, chờ Cục Thống kê xác nhận",
    "Đã đối chiếu với báo cáo kinh tế - xã hội cuối năm",
    "Ước tính theo khảo sát hộ gia đình; sai số khoảng ±3 điểm phần trăm",
]


def community_name(k: int) -> str:
    return f"{PLACES[k % len(PLACES)]} {k // len(PLACES) + 1:02d}"


def vietnamese_number(v: float) -> str:
    """1234.5 as an office in Vietnam types it: 1.234,5."""
    return f"{v:,.1f}".replace(",", " ").replace(".", ",").replace(" ", ".")


def typed_in_vietnamese(ind: Indicator, values: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """The values as cells: category labels in Vietnamese, and some numbers as text (`85,5%`, `1.234,5`, `Mức 3`)."""
    out = values.copy()
    if isinstance(ind.method, Categorical):
        vi = {c.label.en: c.label.vi for c in ind.method.categories}
        return np.array([vi.get(v, v) for v in values], dtype=object)
    for k in np.flatnonzero(rng.random(len(values)) < 0.08):
        v = values[k]
        if ind.kind == "percent":
            out[k] = f"{v:g}%".replace(".", ",")
        elif isinstance(ind.method, Level):
            out[k] = f"Mức {int(v)}"
        elif ind.kind in ("number", "currency") and v >= 1000:
            out[k] = vietnamese_number(v)
    return out


def panel_rows(framework: Framework, rng: np.random.Generator) -> list[list[Any]]:
    """Every community × year × indicator as `Chỉ số` rows in the layout's column order."""
    n_cy = N_COMMUNITIES * N_YEARS
    level = np.repeat(rng.uniform(20, 95, N_COMMUNITIES), N_YEARS)
    trend = np.tile(np.linspace(-12, 0, N_YEARS), N_COMMUNITIES)
    statuses = [v[1] for v in EVIDENCE_LABELS.values()]
    helices = [v[1] for v in HELIX_LABELS.values()]
    domain_name = {d.id: d.name.vi for d in framework.domains}

    cells = [
        typed_in_vietnamese(ind, indicator_values(ind, level + trend + rng.normal(0, 12, n_cy), rng), rng)
        for ind in framework.indicators
    ]
    status = rng.choice(statuses, size=(n_cy, len(framework.indicators)), p=[0.4, 0.35, 0.2, 0.05])
    helix = rng.choice(helices, size=(n_cy, len(framework.indicators)))
    owner = rng.integers(0, len(OWNERS), size=(n_cy, len(framework.indicators)))
    note = rng.integers(0, len(NOTES), size=(n_cy, len(framework.indicators)))
    qualities = [v[1] for v in QUALITY_LABELS.values()]
    quality = rng.integers(0, len(qualities), size=(n_cy, len(framework.indicators)))

    rows = []
    for cy in range(n_cy):
        community, year = community_name(cy // N_YEARS), FIRST_YEAR + cy % N_YEARS
        for j, ind in enumerate(framework.indicators):
            rows.append(
                [
                    community,
                    ind.id,
                    ind.name.vi,
                    domain_name[ind.domain],
                    ind.unit.vi,
                    year,
                    cells[j][cy],
                    status[cy, j],
                    f"Báo cáo năm {year} của {OWNERS[owner[cy, j]]} về {ind.name.vi.lower()}",
                    f"https://example.org/{ind.id.lower()}/{year}" if (cy + j) % 4 == 0 else None,
                    OWNERS[owner[cy, j]],
                    helix[cy, j],
                    qualities[quality[cy, j]],
                    NOTES[note[cy, j]],
                ]
            )
    plant_problems(rows, rng, "đang cập nhật")
    return rows


def write_panel(path: Path) -> None:
    framework = default_framework()
    rows = panel_rows(framework, np.random.default_rng(SEED))
    title = "Bảng chỉ số thử nghiệm: số liệu minh họa, không phải thống kê chính thức"
    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet(PROFILE.vi)
    ws.write_string(0, 0, title)
    ws.write_row(1, 0, [c.vi for c in PROFILE.columns])
    for k in range(N_COMMUNITIES):
        year = FIRST_YEAR + N_YEARS - 1
        ws.write_row(k + 2, 0, [community_name(k), "Việt Nam", 250_000 + 7_919 * k, 500.0 + k, year, "so@example.vn"])
    ws = wb.add_worksheet(INDICATORS.vi)
    ws.merge_range(0, 0, 0, len(INDICATORS.columns) - 1, title)
    ws.write_row(1, 0, [c.vi for c in INDICATORS.columns])
    for r, row in enumerate(rows, start=2):
        ws.write_row(r, 0, row)
    wb.close()


def panel() -> Path:
    key = f"{GENERATOR} {N_COMMUNITIES} {N_YEARS} {FIRST_YEAR} {SEED}"
    return cached("panel_vi_100x10", ".xlsx", key, write_panel)


# ---------------------------------------------------------------- measuring

BARE = "import sys, pandas as pd; pd.read_excel(sys.argv[1], sheet_name=None, engine='calamine')"


def check_output(path: Path) -> str:
    """One untimed run that keeps the output: is it one JSON document, and how are the issues placed?"""
    done = subprocess.run(
        python_command("-m", "assessor", "score", str(path), "--format", "json"),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"score failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")
    doc = json.loads(done.stdout)
    if isinstance(doc, list):  # one object per community, each with the whole file's issues
        records, top = doc, []
    elif "communities" in doc:
        records, top = doc["communities"], doc.get("issues", [])
    else:
        records, top = [doc], []
    placed = sum(len(r.get("issues", [])) for r in records) + len(top)
    shape = "list" if isinstance(doc, list) else ("panel object" if "communities" in doc else "one object")
    return (
        f"output: {len(done.stdout.encode()) / 1024**2:.1f} MiB of JSON, a {shape} of {len(records)} communities; "
        f"{placed:,} issue objects in all ({len(top):,} file-level)"
    )


def run(repeats: int) -> bool:
    path = panel()
    print(f"panel: {path.name}, {path.stat().st_size / 1024**2:.1f} MiB")
    print(check_output(path))
    score = python_command("-m", "assessor", "score", str(path), "--format", "json")
    bare = python_command("-c", BARE, str(path))
    startup = python_command("-m", "assessor", "--help")
    measured(bare), measured(score)  # warm the page cache and the bytecode
    times: dict[str, list[float]] = {"bare": [], "score": [], "startup": []}
    rss: dict[str, list[int]] = {"bare": [], "score": []}
    ratios = []
    for rep in range(repeats):
        pair = [("bare", bare), ("score", score)]
        for name, cmd in pair if rep % 2 == 0 else pair[::-1]:
            m = measured(cmd)
            if m["rc"] != 0:
                raise SystemExit(f"{name} failed (exit {m['rc']}): {m['stderr'].strip()}")
            times[name].append(m["seconds"])
            rss[name].append(m["max_rss"])
        ratios.append(times["score"][-1] / times["bare"][-1])
        times["startup"].append(measured(startup)["seconds"])

    def row(label: str, xs: list[float], peak: list[int] | None = None) -> list[str]:
        mem = f"{max(peak) / 1024**2:,.0f}" if peak else "–"
        return [label, f"{median(xs):.3f}", f"{min(xs):.3f}", mem]

    ok = median(ratios) <= TARGET_RATIO
    rows = [
        row("bare read: `pd.read_excel(sheet_name=None, engine='calamine')`", times["bare"], rss["bare"]),
        row("`python -m assessor score panel.xlsx --format json`", times["score"], rss["score"]),
        row("start-up: `python -m assessor --help`", times["startup"]),
        [
            f"ratio score / bare, paired (target ≤ {TARGET_RATIO}: {verdict(ok)})",
            f"{median(ratios):.2f}",
            f"{min(ratios):.2f}",
            "",
        ],
    ]
    print(f"\n{repeats} interleaved pairs, fresh processes, seconds:\n")
    print(table(["measure", "median", "min", "peak RSS (MiB)"], rows))
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7, help="interleaved pairs (default 7)")
    parser.add_argument("--build-only", action="store_true", help="only build (or find) the cached panel")
    args = parser.parse_args()
    if args.build_only:
        print(panel())
        return
    sys.exit(0 if run(args.repeats) else 1)


if __name__ == "__main__":
    main()
