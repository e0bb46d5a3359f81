"""The story the deck and the brief both tell, taken from one `Assessment`: verdict, first steps, gaps per domain.

Neither export recomputes a score: they pick and word what the assessment already holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from assessor import i18n
from assessor.assess import Assessment
from assessor.compare import benchmark_domains
from assessor.framework import CatalogueError, Lang, default_benchmarks
from assessor.i18n import number, t


@dataclass(frozen=True)
class Verdict:
    community: str
    year: int
    score: float
    evidenced: float
    gap: float
    coverage: float
    level: str  # level id
    level_name: str
    level_description: str


def focus(assessment: Assessment, community: str | None) -> tuple[Assessment, str]:
    """The assessment narrowed to one community (the first when none is named)."""
    if assessment.overall.empty:
        raise ValueError("the assessment has no community with data")
    name = community if community is not None else str(assessment.overall["community"].iloc[0])
    if name not in assessment.communities:
        raise ValueError(f"no community called {name!r} in the assessment")
    return assessment.for_community(name), name


def verdict(a: Assessment, lang: Lang) -> Verdict:
    o = a.overall.iloc[0]
    level = next(lv for lv in a.framework.levels if lv.id == o["level"])
    return Verdict(
        community=str(o["community"]),
        year=int(o["year"]),
        score=float(o["score"]),
        evidenced=float(o["evidenced_score"]),
        gap=float(o["evidence_gap"]),
        coverage=float(o["coverage"]),
        level=level.id,
        level_name=level.name(lang),
        level_description=level.description(lang),
    )


def first_steps(a: Assessment, lang: Lang, n: int = 3) -> list[tuple[str, float]]:
    """The `n` steps worth most points: documenting claims (evidenced score) or closing gaps (community score)."""
    fw = a.framework
    ev = a.evidence_gaps.assign(points=a.evidence_gaps["evidence_impact"], kind="document")
    pr = a.priorities.assign(points=a.priorities["impact"], kind="close")
    steps = pd.concat([ev, pr], ignore_index=True).sort_values(
        ["points", "kind", "indicator_id"], ascending=[False, True, True], kind="stable"
    )
    steps = steps.drop_duplicates("indicator_id").head(n)
    out = []
    for s in steps.to_dict("records"):
        ind = fw.by_id[s["indicator_id"]]
        key = "story.step_document" if s["kind"] == "document" else "story.step_close"
        out.append(
            (
                t(
                    key,
                    lang,
                    id=ind.id,
                    name=ind.name(lang),
                    score=number(s["score"], lang, 0),
                    points=number(s["points"], lang, 1),
                ),
                float(s["points"]),
            )
        )
    return out


def top_gaps(a: Assessment, domain: str, n: int = 5) -> pd.DataFrame:
    pri = a.priorities
    return pri[pri["domain"] == domain].head(n)


def evidence_gaps(a: Assessment, domain: str | None = None, n: int = 5) -> pd.DataFrame:
    gaps = a.evidence_gaps
    return (gaps if domain is None else gaps[gaps["domain"] == domain]).head(n)


def reference_profile(a: Assessment, lang: Lang) -> tuple[pd.DataFrame | None, str | None]:
    """The ICF 2017 applicant average scored on our scale, with its label; None when the catalogue has none."""
    try:
        benches = default_benchmarks(a.framework)
    except CatalogueError:
        return None, None
    if not benches:
        return None, None
    bench = benches[0]
    return benchmark_domains(bench, a.framework), t("story.reference_label", lang, label=bench.label(lang))


def reference_caveats(a: Assessment, lang: Lang) -> str | None:
    """What the reference profile is and is not (its year, its sample, who it leaves out), wherever it is drawn."""
    try:
        benches = default_benchmarks(a.framework)
    except CatalogueError:
        return None
    if not benches or benches[0].caveats is None:
        return None
    return benches[0].caveats(lang)


def today(lang: Lang) -> str:
    return i18n.today(lang)


def issue_counts(a: Assessment) -> dict[str, int]:
    counts = a.issues["severity"].value_counts()
    return {s: int(counts.get(s, 0)) for s in ("error", "warning", "info")}


def method_levels(a: Assessment, lang: Lang) -> str:
    """The Method's line on readiness levels: each level's name and its threshold."""
    levels = "; ".join(f"{lv.name(lang)} ≥ {number(lv.min, lang, 0)}" for lv in a.framework.levels)
    return t("deck.method_levels", lang, levels=levels)


def method_data(a: Assessment, lang: Lang) -> str:
    """The Method's line on the data: its file and fingerprint, issues found, catalogue version."""
    counts = issue_counts(a)
    return t(
        "deck.method_data",
        lang,
        source=a.source or "–",
        sha=(a.sha256 or "–")[:12],
        errors=counts["error"],
        warnings=counts["warning"],
        version=a.framework.meta.version,
    )
