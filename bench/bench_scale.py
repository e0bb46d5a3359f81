"""Scale benchmarks: many communities, very wide and very long files; a benchmark, not a test.

Run `python bench/bench_scale.py [--skip-million] [--no-reference]`. Inputs are generated deterministically and kept
in `bench/.cache/`. Three cases, printed as one markdown table beside their targets:

1. **1,000 communities × 10 years**, scored in this process from an in-memory `Submission` (built as the tests build
   them, with two issues on each community's rows and five file-level ones), then turned into the JSON document of
   `score --format json` and serialised (`allow_nan=False`). Target: < 10 s for assess + records + JSON. With
   `--no-reference` left out, the records are also built the way they were before `assessor.records` (a boolean
   mask of the whole frame per community, every issue in every record) to show the factor between the two.
2. **A CSV with 10,000 extra columns** (540 rows: one community, 10 years, the catalogue, every extra cell filled):
   the whole read (`read_submission`) in this process, and `python -m assessor validate` as a fresh process.
   Target: < 5 s for the whole read, and one issue record (the note listing the extra columns).
3. **A 1,000,000-row CSV** through the command line, `python -m assessor score big.csv --format json` (output
   discarded): wall time and peak RSS (`getrusage(RUSAGE_CHILDREN)` of a process whose only child it is), beside a
   bare `pd.read_csv` of the same file. Target: < 60 s and < 1 GB.

The exit code is 1 when a target is missed or a case fails; a failing case is reported and the others still run.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench/: common, bench_pipeline
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the project root holds `assessor`
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # factory.py builds Submissions in memory

from bench_pipeline import indicator_values
from common import cached, measured, median, mib, python_command, table, verdict

from assessor.assess import Assessment, assess
from assessor.framework import Categorical, Framework, default_framework
from assessor.issues import IssueLog, localised
from assessor.records import assessment_records, dumps

N_COMMUNITIES = 1_000
N_YEARS = 10
FIRST_YEAR = 2016
EXTRA_COLUMNS = 10_000
MILLION = 1_000_000
TARGET_PANEL_SECONDS = 10.0
TARGET_WIDE_SECONDS = 5.0
TARGET_MILLION_SECONDS = 60.0
TARGET_MILLION_BYTES = 10**9
GENERATOR = "scale-1"  # change when a generator changes, so cached files are rebuilt

Row = list[Any]


# ---------------------------------------------------------------- inputs


def numbers_and_labels(framework: Framework, n: int, seed: int) -> tuple[list[np.ndarray], list[np.ndarray]]:
    """Per indicator, `n` values: a float array (NaN for a category) and an object array of labels (None for a
    number), scored near a level that differs by community block."""
    rng = np.random.default_rng(seed)
    level = np.clip(rng.normal(60, 20, n), 0, 100)
    values, labels = [], []
    for ind in framework.indicators:
        raw = indicator_values(ind, level + rng.normal(0, 10, n), rng)
        if isinstance(ind.method, Categorical):
            values.append(np.full(n, np.nan))
            labels.append(raw.astype(object))
        else:
            values.append(raw.astype(float))
            labels.append(np.full(n, None, dtype=object))
    return values, labels


def panel_assessment_input(framework: Framework):
    """A Submission of N_COMMUNITIES × N_YEARS × the catalogue, with per-community and file-level issues."""
    from factory import submission

    n_cy = N_COMMUNITIES * N_YEARS
    values, labels = numbers_and_labels(framework, n_cy, seed=1_000)
    n_ind = len(framework.indicators)
    statuses = np.random.default_rng(7).choice(["verified", "documented", "self-reported", "none"], (n_cy, n_ind))
    rows = []
    for cy in range(n_cy):
        community, year = f"Cộng đồng {cy // N_YEARS:04d}", FIRST_YEAR + cy % N_YEARS
        for j, ind in enumerate(framework.indicators):
            v, lab = values[j][cy], labels[j][cy]
            rows.append(
                {
                    "community": community,
                    "year": year,
                    "indicator_id": ind.id,
                    "value": None if np.isnan(v) else float(v),
                    "label": lab,
                    "evidence_status": str(statuses[cy, j]),
                }
            )
    sub = submission(rows)
    owners = [f"Cộng đồng {k:04d}" for k in range(N_COMMUNITIES) for _ in range(2)] + [None] * 5
    log = IssueLog()
    where = pd.DataFrame({"row": np.arange(3, 3 + len(owners)), "value": ["chưa có số liệu"] * len(owners)})
    log.add_many("not_a_number", "error", "Chỉ số", where, "value")
    issues = log.frame().sort_values("row").reset_index(drop=True)
    issues["community"] = pd.array(owners, dtype="string")
    return replace(sub, issues=issues)


def csv_rows(framework: Framework, n_rows: int, communities: Callable[[int], str], seed: int) -> pd.DataFrame:
    """`n_rows` Indicators rows cycling community → year → indicator, with English headers and plain numbers."""
    n_ind = len(framework.indicators)
    n_cy = -(-n_rows // n_ind)
    values, labels = numbers_and_labels(framework, n_cy, seed)
    k = np.arange(n_rows)
    cy, j = k // n_ind, k % n_ind
    cell = np.empty(n_rows, dtype=object)
    for jj, ind in enumerate(framework.indicators):
        at = j == jj
        cell[at] = (labels if isinstance(ind.method, Categorical) else values)[jj][cy[at]]
    statuses = np.array(["verified", "documented", "self-reported", "none"], dtype=object)
    return pd.DataFrame(
        {
            "Community": [communities(c) for c in (cy // N_YEARS).tolist()],
            "Indicator ID": np.array([i.id for i in framework.indicators], dtype=object)[j],
            "Year": FIRST_YEAR + cy % N_YEARS,
            "Value": cell,
            "Evidence status": statuses[(k * 7 + cy) % 4],
            "Evidence": [f"Báo cáo năm {FIRST_YEAR + c % N_YEARS}" for c in cy.tolist()],
        }
    )


def write_wide(path: Path) -> None:
    framework = default_framework()
    base = csv_rows(framework, N_YEARS * len(framework.indicators), lambda _: "Bình Dương", seed=10_000)
    rng = np.random.default_rng(10_001)
    extra = pd.DataFrame(
        rng.integers(0, 1000, size=(len(base), EXTRA_COLUMNS)),
        columns=[f"Cột phụ {k + 1:05d}" for k in range(EXTRA_COLUMNS)],
    )
    pd.concat([base, extra], axis=1).to_csv(path, index=False, encoding="utf-8")


def write_million(path: Path) -> None:
    framework = default_framework()
    frame = csv_rows(framework, MILLION, lambda c: f"Cộng đồng {c:04d}", seed=1_000_000)
    frame.to_csv(path, index=False, encoding="utf-8", float_format="%.6g")


# ---------------------------------------------------------------- the records as they were built before


def masked_records(a: Assessment, lang: str) -> list[dict[str, Any]]:
    """The previous `Assessment.to_records`: the whole frame masked per community, every issue in every record."""

    def plain(v: object) -> object:
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        return v.item() if isinstance(v, np.generic) else v

    def num(v: object, digits: int = 2) -> float | None:
        v = plain(v)
        return None if v is None else round(float(v), digits)

    issues = localised(a.issues, lang)
    issue_records = [
        {k: plain(v) for k, v in r.items()}
        for r in issues[["severity", "sheet", "row", "column", "message"]].to_dict("records")
    ]
    out = []
    for o in a.overall.to_dict("records"):
        c = o["community"]
        doms = a.domains[a.domains["community"] == c]
        inds = a.indicators[a.indicators["community"] == c]
        out.append(
            {
                "community": c,
                "year": int(o["year"]),
                "framework": f"{a.framework.meta.id} {a.framework.meta.version}",
                "overall": {
                    "score": num(o["score"]),
                    "evidenced_score": num(o["evidenced_score"]),
                    "level": o["level"],
                },
                "domains": [
                    {
                        "id": d["domain"],
                        "score": num(d["score"]),
                        "evidenced_score": num(d["evidenced_score"]),
                        "coverage": num(d["coverage"], 3),
                        "level": d["level"],
                        "insufficient_data": bool(d["insufficient"]),
                    }
                    for d in doms.to_dict("records")
                ],
                "indicators": [
                    {
                        "id": i["indicator_id"],
                        "domain": i["domain"],
                        "value": plain(i["label"]) if plain(i["label"]) is not None else num(i["value"], 6),
                        "score": num(i["score"]),
                        "evidenced": num(i["evidenced"]),
                        "evidence_status": plain(i["evidence_status"]),
                        "gap": num(i["gap"]),
                        "impact": num(i["impact"], 3),
                    }
                    for i in inds.to_dict("records")
                ],
                "issues": issue_records,
            }
        )
    return out


# ---------------------------------------------------------------- cases


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    gc.collect()
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def case_panel(reference: bool) -> list[list[str]]:
    framework = default_framework()
    sub = panel_assessment_input(framework)
    t_assess, result = timed(lambda: assess(sub, framework))
    t_records, doc = timed(lambda: assessment_records(result, "vi"))
    t_json, text = timed(lambda: dumps(doc))
    total = t_assess + t_records + t_json
    own = [len(c["issues"]) for c in doc["communities"]]
    rows = [
        [
            f"{N_COMMUNITIES:,} communities × {N_YEARS} years in memory: assess + records + JSON",
            f"{total:.2f} s (assess {t_assess:.2f}, records {t_records:.2f}, JSON {t_json:.2f})",
            f"< {TARGET_PANEL_SECONDS:.0f} s",
            verdict(total < TARGET_PANEL_SECONDS),
            f"{len(sub.indicators):,} rows; {len(text.encode()) / 1024**2:.0f} MiB of JSON; "
            f"issues per community {min(own)}–{max(own)}, {len(doc['issues'])} file-level",
        ]
    ]
    if reference:
        t_old, old = timed(lambda: masked_records(result, "vi"))
        repeated = sum(len(r["issues"]) for r in old)
        rows.append(
            [
                "the same records built as before (mask per community, all issues in each)",
                f"{t_old:.2f} s",
                f"≥ 20 × records ({t_old / t_records:.0f} ×)",
                verdict(t_old / t_records >= 20),
                f"{repeated:,} issue objects instead of {sum(own) + len(doc['issues']):,}",
            ]
        )
    return rows


def case_wide() -> list[list[str]]:
    from assessor.read import read_submission

    path = cached("wide_10000_columns", ".csv", f"{GENERATOR} {EXTRA_COLUMNS} {N_YEARS}", write_wide)
    framework = default_framework()
    times, bare = [], []
    for _ in range(3):  # interleaved with a bare parse of the same text, the floor any reader stands on
        bare.append(timed(lambda: pd.read_csv(path, dtype=str, keep_default_na=False))[0])
        t, sub = timed(lambda: read_submission(path, framework))
        times.append(t)
    counts = sub.issues["code"].value_counts().to_dict() if "code" in sub.issues else {}
    cli = [measured(python_command("-m", "assessor", "validate", str(path))) for _ in range(3)]
    failed = [m for m in cli if m["rc"] not in (0, 1)]
    if failed:
        raise RuntimeError(f"validate failed (exit {failed[0]['rc']}): {failed[0]['stderr'].strip()}")
    best = min(times)
    return [
        [
            f"CSV with {EXTRA_COLUMNS:,} extra columns ({path.stat().st_size / 1024**2:.0f} MiB): whole read",
            f"{best:.2f} s (median {median(times):.2f})",
            f"< {TARGET_WIDE_SECONDS:.0f} s, one note",
            verdict(best < TARGET_WIDE_SECONDS and len(sub.issues) == 1),
            f"{len(sub.indicators):,} rows; {len(sub.issues):,} issue records {counts}; "
            f"bare `pd.read_csv(dtype=str)` {min(bare):.2f} s",
        ],
        [
            "the same file: `python -m assessor validate` (fresh process)",
            f"{median([m['seconds'] for m in cli]):.2f} s",
            "",
            "",
            f"peak RSS {mib(max(m['max_rss'] for m in cli))}",
        ],
    ]


BARE_CSV = "import sys, pandas as pd; pd.read_csv(sys.argv[1])"


def case_million() -> list[list[str]]:
    path = cached("million_rows", ".csv", f"{GENERATOR} {MILLION} {N_YEARS}", write_million)
    score = measured(python_command("-m", "assessor", "score", str(path), "--format", "json"))
    if score["rc"] != 0:
        raise RuntimeError(f"score failed (exit {score['rc']}): {score['stderr'].strip()}")
    bare = measured(python_command("-c", BARE_CSV, str(path)))
    return [
        [
            f"{MILLION:,}-row CSV ({path.stat().st_size / 1024**2:.0f} MiB): `score --format json`, fresh process",
            f"{score['seconds']:.1f} s, peak RSS {mib(score['max_rss'])}",
            f"< {TARGET_MILLION_SECONDS:.0f} s, < {TARGET_MILLION_BYTES / 1e9:.0f} GB",
            verdict(score["seconds"] < TARGET_MILLION_SECONDS and score["max_rss"] < TARGET_MILLION_BYTES),
            f"bare `pd.read_csv`: {bare['seconds']:.1f} s, peak RSS {mib(bare['max_rss'])}; "
            f"ratio {score['seconds'] / bare['seconds']:.1f}",
        ]
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-million", action="store_true", help="leave out the 1,000,000-row CSV")
    parser.add_argument("--no-reference", action="store_true", help="leave out the records built the old way")
    args = parser.parse_args()
    cases: list[tuple[str, Callable[[], list[list[str]]]]] = [
        ("panel", lambda: case_panel(not args.no_reference)),
        ("wide", case_wide),
    ]
    if not args.skip_million:
        cases.append(("million", case_million))
    rows, ok = [], True
    for name, run in cases:
        print(f"running {name} …", flush=True)
        try:
            rows += run()
        except Exception as err:  # one broken case must not hide the others' figures
            traceback.print_exc()
            rows.append([name, "FAILED", "", "MISSED", f"{type(err).__name__}: {str(err)[:200]}"])
    ok = not any(r[3] == "MISSED" for r in rows)
    print()
    print(table(["case", "measured", "target", "", "notes"], rows))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
