"""Benchmark of the robustness Monte Carlo on the illustrative sample; a benchmark, not a test.

Run `python bench/bench_robustness.py [--draws N]`. It reads and scores the Bình Dương sample once, then times
`robustness(assessment)` (all draws at once as arrays) and `effective_weights(assessment)`, best of seven runs after
one warm-up, and prints the figures beside the target: 1,000 draws in under 0.5 s.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the project root holds `assessor`

from assessor.assess import assess  # noqa: E402
from assessor.effective_weights import effective_weights  # noqa: E402
from assessor.framework import default_framework  # noqa: E402
from assessor.read import read_submission  # noqa: E402
from assessor.robustness import Perturbation, robustness  # noqa: E402

SAMPLE = ROOT / "data" / "samples" / "binh_duong_illustrative.xlsx"
PANEL = ROOT / "data" / "samples" / "panel_illustrative.xlsx"


def best_of(runs: int, work) -> float:  # type: ignore[no-untyped-def]
    work()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--draws", type=int, default=1000)
    args = parser.parse_args()
    fw = default_framework()
    p = Perturbation(draws=args.draws)
    for path in (SAMPLE, PANEL):
        a = assess(read_submission(path, fw), fw)
        seconds = best_of(7, lambda a=a: robustness(a, p))
        weights = best_of(7, lambda a=a: effective_weights(a))
        r = robustness(a, p)
        o = r.overall.iloc[0]
        print(f"{path.name}: {len(a.communities)} communities × {len(fw.indicators)} indicators")
        print(f"  robustness, {args.draws:,} draws: {seconds:.3f} s (target < 0.5 s for 1,000 draws on the sample)")
        print(f"  effective weights: {weights * 1000:.1f} ms")
        print(
            f"  {o['community']}: evidenced {o['evidenced_score']:.1f}, 5th–95th percentile "
            f"{o['evidenced_p05']:.1f}–{o['evidenced_p95']:.1f}, today's level in {o['level_share']:.1%} of draws"
        )


if __name__ == "__main__":
    main()
