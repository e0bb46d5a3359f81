"""Benchmark of the shortest path; a benchmark, not a test. Run `python bench/bench_plan.py`.

Two plans:
- the illustrative sample's Navigator-shaped plan (50 actions, 42 of them candidates), every target from today's
  evidenced score to the best the plan reaches, and three budgets;
- random plans over the whole catalogue (fixed seeds): 60 actions, each moving one to three indicators, with costs
  spread over two orders of magnitude, the target half-way and 90 % of the way to the best the plan reaches.

For each: the time of the search alone (the what-if that re-assesses the result is timed apart), the nodes of the
branch and bound, and whether it finished (exact) or stopped at its node limit.
"""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assessor import plan  # noqa: E402
from assessor import shortest_path as sp  # noqa: E402
from assessor.assess import assess  # noqa: E402
from assessor.framework import default_framework  # noqa: E402
from assessor.layout import ACTIONS  # noqa: E402
from assessor.read import read_submission  # noqa: E402
from assessor.read.actions import EXTRA  # noqa: E402

SAMPLE = ROOT / "data" / "samples" / "binh_duong_illustrative.xlsx"


def timed(f, *args, **kwargs):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    out = f(*args, **kwargs)
    return out, time.perf_counter() - start


def random_plan(a, seed: int, n: int = 60) -> pd.DataFrame:  # type: ignore[no-untyped-def]
    """`n` actions on random indicators, each expecting a score 10-60 points above today's (as a raw value)."""
    rng = np.random.default_rng(seed)
    fw = a.framework
    today = a.indicators.set_index("indicator_id")
    rows = []
    for j in range(n):
        cost = float(np.round(10 ** rng.uniform(2, 4.5)))
        for k, iid in enumerate(rng.choice(list(fw.by_id), size=rng.integers(1, 4), replace=False)):
            ind = fw.by_id[iid]
            m = ind.method
            lift = rng.uniform(10, 60) / 100
            if m.type == "goalpost":
                now = today.loc[iid, "value"]
                value = now + lift * (m.target - m.floor)
            elif m.type == "bands":
                value = m.target * (1 + lift) if not m.lower_is_better else m.target / (1 + lift)
            elif m.type == "level":
                value = float(m.top)
            else:
                value = None
            label = "yes" if m.type == "categorical" else None
            rows.append(
                {
                    "community": a.communities[0],
                    "action_id": f"R{j:02d}",
                    "indicator_id": iid,
                    "expected_value": value if label is None else "yes",
                    "expected_label": label,
                    "title": f"action {j}" if k == 0 else None,
                    "status": "planned" if k == 0 else None,
                    "cost": cost if k == 0 else None,
                    "sheet": "Actions",
                    "row": len(rows) + 3,
                }
            )
    frame = pd.DataFrame(rows)
    for c in [*(c.key for c in ACTIONS.columns), *EXTRA]:
        if c not in frame:
            frame[c] = None
    return frame


def run(label: str, a, rows: pd.DataFrame, targets: list[float], budgets: list[float]) -> None:  # type: ignore[no-untyped-def]
    p, t_problem = timed(sp.problem, a, rows)
    start = sp.evidenced(p, np.zeros((1, len(p.actions)), dtype=bool))[0]
    top = sp.evidenced(p, np.ones((1, len(p.actions)), dtype=bool))[0]
    print(
        f"\n{label}: {len(p.actions)} candidate actions, evidenced {start:.2f} -> {top:.2f} with all; "
        f"problem built in {t_problem * 1000:.0f} ms"
    )
    print("| aim | actions | total | reached | nodes | exact | search ms | what-if ms |")
    print("|---|---|---|---|---|---|---|---|")
    for aim in [{"target": x} for x in targets] + [{"budget": b} for b in budgets]:
        path, t_search = timed(sp.shortest_path, p, **aim)
        _, t_project = timed(plan.project, a, a.communities[0], rows, p.done + path.actions)
        name = f"score {aim['target']:.1f}" if "target" in aim else f"budget {aim['budget']:,.0f}"
        print(
            f"| {name} | {len(path.actions)} | {path.total:,.0f} | {path.reached:.2f} | {path.nodes} | "
            f"{path.exact} | {t_search * 1000:.1f} | {t_project * 1000:.0f} |"
        )


def main() -> None:
    fw = default_framework()
    a = assess(read_submission(SAMPLE, fw), fw).for_community("Bình Dương")
    rows = plan.actions_of(a, "Bình Dương")
    run("Sample (illustrative Navigator plan)", a, rows, [65.0, 70.0, 75.0, 80.0, 85.0], [5_000, 20_000, 100_000])
    for seed in (1, 2, 3):
        random_rows = random_plan(a, seed)
        b = replace(a, actions=random_rows)
        b_rows = plan.actions_of(b, b.communities[0])
        p = sp.problem(b, b_rows)
        start = sp.evidenced(p, np.zeros((1, len(p.actions)), dtype=bool))[0]
        top = sp.evidenced(p, np.ones((1, len(p.actions)), dtype=bool))[0]
        total = float(p.price.sum())
        run(
            f"Random plan, seed {seed}",
            b,
            b_rows,
            [start + 0.5 * (top - start), start + 0.9 * (top - start)],
            [0.1 * total, 0.3 * total],
        )


if __name__ == "__main__":
    main()
