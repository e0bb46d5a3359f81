"""How sure the verdict is: a Monte Carlo over the catalogue's own method choices (OECD/JRC handbook, step 8).

Each indicator's effective weight is in effective_weights.py; the sensitivity estimator in sensitivity.py.

The catalogue makes choices ICF does not publish: goalposts, band edges, weights within a domain, how an empty domain
counts, how indicators are averaged. Each draw of the Monte Carlo re-scores the same data under one plausible variant
of those choices; the spread of the results says how much the verdict owes to them. The choices are data
(`Perturbation`), recorded with the result, so the same draws can be made again.

What varies, and how (each independently, one value per catalogue indicator or domain per draw, shared by every
community of a panel, because a method choice belongs to the catalogue, not to a community):

- **Weights.** Each indicator's weight is multiplied by U(1 − w, 1 + w), then renormalised within its domain as the
  assessment does (over the indicators with data). A uniform factor rather than a Dirichlet draw: it stays centred on
  the catalogue's own weights whatever their number, one figure (± 25 %) says how far, and no weight can reach zero,
  so no indicator silently drops out. Domain weights can vary the same way (`domain_weight_spread`); by default they
  do not, because equal factor weights are what ICF publishes, not a choice of this catalogue.
- **Goalposts.** A goalpost's floor and target each move by U(−x, x) × its span (target − floor); with x < 0.5 the
  two never cross, so the direction (lower or higher is better) is kept. A banded indicator's target moves by
  U(−x, x) × the target. Categorical answers and rubric levels are definitions, not measurements: they do not move.
- **Bands or a ratio.** With probability `bands_as_ratio` a draw scores every banded indicator by its plain ratio to
  the target, `clip(r, 0, 1) × 100` (r inverted when lower is better), instead of in steps: for higher-is-better this
  is a goalpost from 0 to the target; for lower-is-better there is no natural floor, so the inverted ratio is kept.
- **Aggregation.** With probability `other_aggregation` a draw averages indicators within a domain the other way
  (geometric when the catalogue says arithmetic, and back), with the assessment's zero-safe floor of 1.
- **An empty domain.** With probability `empty_domain_left_out` a draw leaves a domain with no data out of the
  community score, as U4SSC leaves unreported KPIs out, instead of counting it 0 as the assessment does.

Every draw is computed at once as arrays (draws × communities × indicators); no Python loop runs per draw or per row.
Readiness levels are judged on the evidenced score, with the catalogue's thresholds, as in the assessment.

The indicators the verdict depends on most are ranked by a **first-order sensitivity index**: the share of the
variance of the evidenced community score explained by one indicator's own inputs (its weight factor and goalpost
shifts) alone, estimated from the same draws by binning each input into quantiles (the "given data" estimator, so
no extra model runs are needed); an indicator's index is the sum over its inputs, and the method switches get their
own. The estimate's chance level, (bins − 1) / (draws − 1), is subtracted, so an input that does nothing scores 0.
A switch can explain nearly all the spread (the geometric mean does on the sample), leaving every indicator below
chance; so each indicator also gets `within_method`, the same index on what is left once the three switches are held
fixed (the score less its mean over the draws that made the same three choices): the indicators named to the reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from pydantic import BaseModel, ConfigDict, Field

from assessor.assess import Assessment
from assessor.framework import EVIDENCED_STATUSES, Framework, Lang
from assessor.i18n import number, percent, t
from assessor.scoring import bands, goalpost, method_table
from assessor.sensitivity import by_input

QUANTILES = (5.0, 95.0)
#: Method switches that have their own sensitivity index, beside the indicators.
CHOICES = ("bands_as_ratio", "other_aggregation", "empty_domain_left_out")


class Perturbation(BaseModel):
    """The spread of every method choice, the number of draws and the seed: everything needed to redo the draws."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    draws: int = Field(default=1000, ge=1, le=100_000)
    seed: int = Field(default=21, ge=0)
    #: Each indicator weight × U(1 − w, 1 + w).
    weight_spread: float = Field(default=0.25, ge=0, lt=1)
    #: Each domain weight × U(1 − w, 1 + w).
    domain_weight_spread: float = Field(default=0.0, ge=0, lt=1)
    #: Floor and target each ± x × span (goalpost); target ± x × target (bands).
    goalpost_shift: float = Field(default=0.10, ge=0, lt=0.5)
    #: Probability that a draw scores banded indicators by their ratio to target.
    bands_as_ratio: float = Field(default=0.5, ge=0, le=1)
    #: Probability that a draw aggregates within domains the other way (geometric ↔ arithmetic).
    other_aggregation: float = Field(default=0.5, ge=0, le=1)
    #: Probability that a draw leaves an empty domain out of the community score instead of counting it 0.
    empty_domain_left_out: float = Field(default=0.5, ge=0, le=1)

    @classmethod
    def none(cls, draws: int = 100, seed: int = 21) -> Perturbation:
        """Every spread zero: each draw is the assessment itself."""
        return cls(
            draws=draws,
            seed=seed,
            weight_spread=0,
            domain_weight_spread=0,
            goalpost_shift=0,
            bands_as_ratio=0,
            other_aggregation=0,
            empty_domain_left_out=0,
        )


@dataclass(frozen=True)
class Robustness:
    """The Monte Carlo's result: bands, level probabilities and sensitivity, with the choices that made them."""

    framework: Framework
    perturbation: Perturbation
    #: One row per community: today's score, evidenced score and level; claimed and evidenced 5th–95th percentiles,
    #: the evidenced median, and `level_share`, the share of draws at today's level.
    overall: pd.DataFrame
    #: The same per community and domain.
    domains: pd.DataFrame
    #: community × every catalogue level (in order): the share of draws at that level (evidenced community score).
    levels: pd.DataFrame
    #: community × domain × level: the same per domain.
    domain_levels: pd.DataFrame
    #: community × input (an indicator id or a method switch): first-order index, largest first; for an indicator
    #: also its index on the spread left with the method switches held fixed (`within_method`).
    sensitivity: pd.DataFrame = field(default_factory=pd.DataFrame)

    def for_community(self, community: str) -> Robustness:
        def only(frame: pd.DataFrame) -> pd.DataFrame:
            return frame[frame["community"] == community].reset_index(drop=True)

        return Robustness(
            self.framework,
            self.perturbation,
            only(self.overall),
            only(self.domains),
            only(self.levels),
            only(self.domain_levels),
            only(self.sensitivity),
        )

    def level_share(self, community: str, level: str | None = None) -> float:
        """The share of draws at `level` (today's level when None) for the community score."""
        o = self.overall[self.overall["community"] == community].iloc[0]
        lv = self.levels
        hit = lv[(lv["community"] == community) & (lv["level"] == (level or o["level"]))]
        return float(hit["probability"].iloc[0]) if len(hit) else 0.0

    # Words, through the text catalogue, as `Assessment.to_records` words an assessment: the app and the exports
    # say the same thing.

    def sentence(self, community: str, lang: Lang) -> str:
        """For example "Competitive in 48% of 1,000 variations of the method"."""
        level = self.overall.loc[self.overall["community"] == community, "level"].iloc[0]
        name = next(lv.name(lang) for lv in self.framework.levels if lv.id == level)
        return t(
            "robustness.sentence",
            lang,
            level=name,
            share=percent(self.level_share(community), lang),
            draws=number(self.perturbation.draws, lang, 0),
        )

    def band(self, community: str, lang: Lang) -> str:
        o = self.overall[self.overall["community"] == community].iloc[0]
        return t("robustness.band", lang, low=number(o["evidenced_p05"], lang), high=number(o["evidenced_p95"], lang))

    def level_shares(self, community: str, lang: Lang) -> str:
        """For example "Foundational 22%, Developing 30%, …": every level some draw reached."""
        lv = self.levels[(self.levels["community"] == community) & (self.levels["probability"] > 0)]
        names = {x.id: x.name(lang) for x in self.framework.levels}
        items = [
            t("robustness.item", lang, name=names[r["level"]], share=percent(r["probability"], lang))
            for r in lv.to_dict("records")
        ]
        return t("robustness.levels", lang, items=", ".join(items))

    def drivers(self, community: str, lang: Lang, n: int = 3) -> str:
        """The inputs the evidenced community score depends on most, clearly above chance, in words."""
        s = self.sensitivity
        top = s[(s["community"] == community) & s["clear"]].head(n)
        if top.empty:
            return t("robustness.depends_on_nothing", lang)
        items = []
        for r in top.to_dict("records"):
            if r["kind"] == "choice":
                name = t(f"robustness.choice.{r['input']}", lang)
            else:
                ind = self.framework.by_id[r["input"]]
                name = t("robustness.indicator", lang, id=ind.id, name=ind.name(lang))
            items.append(t("robustness.driver", lang, name=name, share=percent(r["first_order"], lang)))
        said = t("robustness.depends_on", lang, items="; ".join(items))
        if (top["kind"] == "indicator").any():
            return said
        # The switches took the spread: name the indicators that move what is left of it.
        within = s[(s["community"] == community) & s["within_clear"]]
        within = within.sort_values("within_method", ascending=False, kind="stable").head(n)
        if within.empty:
            return said
        names = [
            t(
                "robustness.driver_within",
                lang,
                name=t("robustness.indicator", lang, id=i, name=self.framework.by_id[i].name(lang)),
                share=percent(v, lang),
            )
            for i, v in zip(within["input"], within["within_method"], strict=True)
        ]
        return f"{said} {t('robustness.depends_on_indicators', lang, items='; '.join(names))}"

    def table(self, community: str, lang: Lang) -> pd.DataFrame:
        """Per domain, then the community score: evidenced score, its 5th–95th percentile band, today's level and the
        share of draws at it, as text with headers in `lang` (the app's table and the deck's are this one)."""
        names = {d.id: d.name(lang) for d in self.framework.domains}
        levels = {lv.id: lv.name(lang) for lv in self.framework.levels}
        doms = self.domains[self.domains["community"] == community]
        whole = self.overall[self.overall["community"] == community]
        rows = pd.concat(
            [doms.assign(label=doms["domain"].map(names)), whole.assign(label=t("robustness.community_row", lang))],
            ignore_index=True,
        )
        return pd.DataFrame(
            {
                t("robustness.col_domain", lang): rows["label"],
                t("robustness.col_evidenced", lang): [number(v, lang) for v in rows["evidenced_score"]],
                t("robustness.col_band", lang): [
                    f"{number(lo, lang)}–{number(hi, lang)}"
                    for lo, hi in zip(rows["evidenced_p05"], rows["evidenced_p95"], strict=True)
                ],
                t("robustness.col_level", lang): rows["level"].map(levels),
                t("robustness.col_level_share", lang): [percent(v, lang) for v in rows["level_share"]],
            }
        )

    def explain(self, lang: Lang) -> str:
        """What varies and how far, in a sentence."""
        p = self.perturbation
        return t(
            "robustness.explain",
            lang,
            weights=percent(p.weight_spread, lang),
            goalposts=percent(p.goalpost_shift, lang),
            seed=p.seed,
        )


# ---------------------------------------------------------------- the draws


@dataclass(frozen=True)
class _Draws:
    weight: np.ndarray  # draws × indicators: weight factor
    domain_weight: np.ndarray  # draws × domains
    floor: np.ndarray  # draws × indicators: U(-1, 1), times the spread
    target: np.ndarray  # draws × indicators
    ratio: np.ndarray  # draws: bands scored as a ratio
    other: np.ndarray  # draws: the other aggregation
    left_out: np.ndarray  # draws: an empty domain left out


def _draw(p: Perturbation, n_ind: int, n_dom: int) -> _Draws:
    """All random numbers at once, always in the same order, so a seed names the same draws whatever the spreads."""
    rng = np.random.default_rng(p.seed)
    n = p.draws
    u = rng.uniform(-1.0, 1.0, size=(4, n, max(n_ind, n_dom)))
    switch = rng.uniform(0.0, 1.0, size=(3, n))
    return _Draws(
        weight=1.0 + p.weight_spread * u[0, :, :n_ind],
        domain_weight=1.0 + p.domain_weight_spread * u[1, :, :n_dom],
        floor=p.goalpost_shift * u[2, :, :n_ind],
        target=p.goalpost_shift * u[3, :, :n_ind],
        ratio=switch[0] < p.bands_as_ratio,
        other=switch[1] < p.other_aggregation,
        left_out=switch[2] < p.empty_domain_left_out,
    )


def _scores(fw: Framework, grid: pd.DataFrame, d: _Draws, n_com: int) -> np.ndarray:
    """Every indicator score under every draw: draws × communities × indicators (NaN where there is no data)."""
    n_ind = len(fw.indicators)
    base = grid["score"].to_numpy(dtype=float, na_value=np.nan).reshape(n_com, n_ind)
    value = pd.to_numeric(grid["value"], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    value = value.reshape(n_com, n_ind)
    has = ~np.isnan(base)
    out = np.broadcast_to(base, (len(d.ratio), n_com, n_ind)).copy()
    methods = method_table(fw).reindex([i.id for i in fw.indicators])
    kind = methods["method"].to_numpy()

    gp = np.flatnonzero(kind == "goalpost")
    if gp.size:
        floor, target = methods["floor"].to_numpy(dtype=float)[gp], methods["target"].to_numpy(dtype=float)[gp]
        span = target - floor
        f = (floor + d.floor[:, gp] * span)[:, None, :]
        t = (target + d.target[:, gp] * span)[:, None, :]
        out[:, :, gp] = goalpost(value[None, :, gp], f, t)

    bd = kind == "bands"
    groups = methods["bands_group"].to_numpy()
    for g in np.unique(groups[bd]):  # one pass per distinct set of band edges and points (a handful)
        cols = np.flatnonzero(bd & (groups == g))
        edges, points = methods["bands_key"].iloc[cols[0]]
        lower = methods["lower_is_better"].to_numpy(dtype=bool)[cols]
        t = (methods["target"].to_numpy(dtype=float)[cols] * (1.0 + d.target[:, cols]))[:, None, :]
        v = value[None, :, cols]
        stepped = bands(v, t, lower, edges, points)
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            ratio = np.clip(np.where(lower, t / v, v / t), 0.0, 1.0) * 100.0
        out[:, :, cols] = np.where(d.ratio[:, None, None], ratio, stepped)
    return np.where(has[None], out, np.nan)


@dataclass(frozen=True)
class _Scores:
    domain: np.ndarray  # draws × communities × domains (NaN for a domain without data)
    community: np.ndarray  # draws × communities


def _aggregate(fw: Framework, scores: np.ndarray, evidenced: np.ndarray, d: _Draws) -> tuple[_Scores, _Scores]:
    """Domain and community scores of every draw, claimed and evidenced, as the assessment aggregates them."""
    domain_ids = [x.id for x in fw.domains]
    member = np.zeros((len(fw.indicators), len(domain_ids)))
    member[np.arange(len(fw.indicators)), [domain_ids.index(i.domain) for i in fw.indicators]] = 1.0
    weight = np.array([i.weight for i in fw.indicators]) * d.weight  # draws × indicators
    has = ~np.isnan(scores)
    w = np.where(has, weight[:, None, :], 0.0)
    wsum = w @ member
    geometric = (fw.meta.aggregation == "geometric") != d.other  # draws
    dw = np.array([x.weight for x in fw.domains]) * d.domain_weight  # draws × domains
    empty = wsum == 0
    counted = ~(empty & d.left_out[:, None, None])
    denom = np.sum(np.where(counted, dw[:, None, :], 0.0), axis=2)

    def one(s: np.ndarray) -> _Scores:
        s0 = np.where(has, s, 0.0)
        with np.errstate(invalid="ignore", divide="ignore"):
            arith = ((w * s0) @ member) / wsum
            geo = np.exp(((w * np.log(np.maximum(s0, 1.0))) @ member) / wsum)
            dom = np.where(empty, np.nan, np.where(geometric[:, None, None], geo, arith))
            com = np.sum(np.where(empty, 0.0, dom) * dw[:, None, :], axis=2) / denom
        return _Scores(dom, com)

    return one(scores), one(evidenced)


def _level_index(fw: Framework, scores: np.ndarray) -> np.ndarray:
    """The position of each score's readiness level in the catalogue; no score (NaN) is the lowest level."""
    mins = np.array([lv.min for lv in fw.levels])
    return np.clip(np.searchsorted(mins, np.nan_to_num(scores, nan=-1.0), side="right") - 1, 0, None)


def _shares(fw: Framework, idx: np.ndarray) -> np.ndarray:
    """The share of draws at each level: idx is draws × ..., the result ... × levels."""
    return (idx[..., None] == np.arange(len(fw.levels))).mean(axis=0)


# ---------------------------------------------------------------- the whole


#: Communities computed together: draws × block × indicators stays a few megabytes however large the panel.
BLOCK = 16


def robustness(assessment: Assessment, perturbation: Perturbation | None = None) -> Robustness:
    """The Monte Carlo over the catalogue's choices for every community of the assessment.

    Every community sees the same draws (a method choice belongs to the catalogue), so a community's result is the
    same alone or in a panel; a large panel is computed a block of communities at a time, to bound the memory.
    """
    p = perturbation or Perturbation()
    fw = assessment.framework
    grid = assessment.indicators
    communities = assessment.overall["community"].tolist()
    n_com, n_ind, n_dom = len(communities), len(fw.indicators), len(fw.domains)
    if len(grid) != n_com * n_ind or len(assessment.domains) != n_com * n_dom:
        raise ValueError("the assessment's tables are not one row per community and catalogue indicator or domain")
    d = _draw(p, n_ind, n_dom)
    overall = assessment.overall.set_index("community").loc[communities].reset_index()
    parts = [
        _block(
            fw,
            d,
            grid.iloc[s * n_ind : (s + BLOCK) * n_ind],
            overall.iloc[s : s + BLOCK],
            assessment.domains.iloc[s * n_dom : (s + BLOCK) * n_dom],
        )
        for s in range(0, n_com, BLOCK)  # per block of communities, never per draw
    ]
    frames = [pd.concat(f, ignore_index=True) for f in zip(*parts, strict=True)] if parts else [pd.DataFrame()] * 5
    return Robustness(fw, p, *frames)


def _block(
    fw: Framework, d: _Draws, grid: pd.DataFrame, today: pd.DataFrame, doms: pd.DataFrame
) -> tuple[pd.DataFrame, ...]:
    """The result frames for a block of communities (their rows of the assessment's tables, in the same order)."""
    communities = today["community"].tolist()
    n_com, n_ind = len(communities), len(fw.indicators)
    scores = _scores(fw, grid, d, n_com)
    ev = grid["evidence_status"].isin(EVIDENCED_STATUSES).fillna(False).to_numpy(dtype=bool).reshape(n_com, n_ind)
    claimed, evidenced = _aggregate(fw, scores, np.where(ev[None], scores, 0.0), d)

    level_ids = [lv.id for lv in fw.levels]
    com_idx = _level_index(fw, evidenced.community)
    dom_idx = _level_index(fw, evidenced.domain)
    today_idx = np.array([level_ids.index(x) for x in today["level"]])

    overall = pd.DataFrame(
        {
            "community": communities,
            "score": today["score"].to_numpy(dtype=float),
            "evidenced_score": today["evidenced_score"].to_numpy(dtype=float),
            "level": today["level"].to_numpy(dtype=object),
            **_bands(claimed.community, evidenced.community),
            "level_share": (com_idx == today_idx).mean(axis=0),
        }
    )
    n_dom = len(fw.domains)
    dom_today = np.array([level_ids.index(x) for x in doms["level"]]).reshape(n_com, n_dom)
    domains = pd.DataFrame(
        {
            "community": doms["community"].to_numpy(),
            "domain": doms["domain"].to_numpy(),
            "score": doms["score"].to_numpy(dtype=float),
            "evidenced_score": doms["evidenced_score"].to_numpy(dtype=float),
            "level": doms["level"].to_numpy(dtype=object),
            **{k: v.ravel() for k, v in _bands(claimed.domain, evidenced.domain).items()},
            "level_share": (dom_idx == dom_today).mean(axis=0).ravel(),
        }
    )
    shares = _shares(fw, com_idx)  # communities × levels
    levels = pd.DataFrame(
        {
            "community": np.repeat(communities, len(level_ids)),
            "level": np.tile(level_ids, n_com),
            "probability": shares.ravel(),
        }
    )
    dom_shares = _shares(fw, dom_idx)  # communities × domains × levels
    domain_levels = pd.DataFrame(
        {
            "community": np.repeat(communities, n_dom * len(level_ids)),
            "domain": np.tile(np.repeat([x.id for x in fw.domains], len(level_ids)), n_com),
            "level": np.tile(level_ids, n_com * n_dom),
            "probability": dom_shares.ravel(),
        }
    )
    switches = np.column_stack([d.ratio, d.other, d.left_out])  # in the order of CHOICES
    sensitivity = by_input(fw, (d.weight, d.floor, d.target), switches, CHOICES, evidenced.community, communities)
    return overall, domains, levels, domain_levels, sensitivity


def _bands(claimed: np.ndarray, evidenced: np.ndarray) -> dict[str, np.ndarray]:
    """5th and 95th percentiles over the draws (axis 0), and the evidenced median."""
    with np.errstate(invalid="ignore"):
        c = np.percentile(claimed, QUANTILES, axis=0)
        e = np.percentile(evidenced, (*QUANTILES, 50.0), axis=0)
    return {
        "claimed_p05": c[0],
        "claimed_p95": c[1],
        "evidenced_p05": e[0],
        "evidenced_p95": e[1],
        "evidenced_median": e[2],
    }
