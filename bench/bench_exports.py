"""Timings of the three exports on the Bình Dương sample; a benchmark, not a test.

Run `python bench/bench_exports.py`. Prints, for English and Vietnamese, the best of 3 builds of the evidence
workbook and the deck, and one build of the brief with its figures (one kaleido/Chromium server per brief, started
and stopped inside the build, so the figure is what a user waits for), against the targets: workbook < 1 s,
deck < 3 s, brief < 5 s.
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the project root holds `assessor`

from assessor.assess import assess
from assessor.export.brief import leadership_brief
from assessor.export.deck import leadership_deck
from assessor.export.evidence import evidence_workbook
from assessor.framework import default_framework
from assessor.read import read_submission

SAMPLE = Path(__file__).resolve().parent.parent / "data" / "samples" / "binh_duong_illustrative.xlsx"
TARGETS = {"evidence workbook": 1.0, "deck": 3.0, "brief (with figures)": 5.0}


def best(fn: Callable[[], bytes], repeats: int) -> tuple[float, int]:
    times, size = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        size = len(fn())
        times.append(time.perf_counter() - start)
    return min(times), size


def main() -> None:
    warnings.simplefilter("ignore")
    framework = default_framework()
    assessment = assess(read_submission(SAMPLE, framework), framework)
    for lang in ("en", "vi"):
        runs = {
            "evidence workbook": best(lambda lang=lang: evidence_workbook(assessment, lang), 3),
            "deck": best(lambda lang=lang: leadership_deck(assessment, lang), 3),
            "brief (with figures)": best(lambda lang=lang: leadership_brief(assessment, lang), 1),
        }
        for name, (seconds, size) in runs.items():
            target = TARGETS[name]
            verdict = "ok" if seconds < target else "SLOW"
            print(f"{lang}  {name:22} {seconds:6.2f} s  (target < {target:.0f} s, {verdict})  {size / 1024:6.0f} KB")


if __name__ == "__main__":
    main()
