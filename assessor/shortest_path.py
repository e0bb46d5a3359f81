"""The shortest path: the cheapest set of actions that lifts the *evidenced* community score to a target, or the best
evidenced score a budget reaches.

The start is today with the completed actions applied (what is done costs nothing more); the candidates are the
actions neither completed nor cancelled that can move an indicator. "Cheapest" is by cost when every candidate has
one, else by effort points when every candidate has them, else by the number of actions.

The score of a set of actions is computed here by `evidenced`, a vectorised copy of the aggregation of `assess` for
one community and year under the plan's rules (see `assessor.plan`); the tests hold it equal to `assess`. It is used to
search, never shown: what the app and the exports show is `assessor.plan.project` of the path found.

Exact where it can be:
- arithmetic aggregation and every indicator an action moves already has a value: the score is today's plus a sum
  over indicators of the best chosen gain, whose gains have diminishing returns, so a branch and bound with a
  fractional-knapsack bound is exact; it stops after `NODE_LIMIT` nodes and then says the answer is not proven best;
- otherwise (geometric aggregation, or an action that gives a value to an empty indicator and so changes its domain's
  weights), every subset is tried when there are at most `ENUMERATION_LIMIT` candidates, and above that a greedy
  heuristic is used, and said.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Literal

import numpy as np
import pandas as pd

from assessor.assess import Assessment
from assessor.plan import CANCELLED, DONE, beats_today

NODE_LIMIT = 20_000  # about a second: beyond it the best set found is given, said not proven
ENUMERATION_LIMIT = 16
_EPS = 1e-9

Measure = Literal["cost", "effort", "count"]
Method = Literal["none", "branch_and_bound", "enumeration", "greedy"]


@dataclass(frozen=True)
class Problem:
    """One community-year's evidenced score as a function of which candidate actions are taken."""

    actions: tuple[str, ...]  # candidate action ids
    price: np.ndarray  # per candidate, in `measure`
    measure: Measure
    done: tuple[str, ...]  # completed actions, applied at the start
    weight: np.ndarray  # per indicator
    member: np.ndarray  # indicator × domain, one-hot
    domain_weight: np.ndarray
    start_value: np.ndarray  # per indicator: evidenced score at the start (0 where no value)
    start_has: np.ndarray  # per indicator: has a value at the start
    row_action: np.ndarray  # per usable action row: index of its candidate action
    row_indicator: np.ndarray
    row_value: np.ndarray  # evidenced score of the indicator when this row alone is applied at the start
    geometric: bool

    @property
    def separable(self) -> bool:
        return not self.geometric and bool(self.start_has[self.row_indicator].all())


@dataclass(frozen=True)
class Path:
    goal: Literal["score", "budget"]
    target: float | None
    budget: float | None
    measure: Measure
    actions: tuple[str, ...]
    total: float
    start: float  # evidenced community score with the completed actions
    reached: float  # with the path's actions too
    feasible: bool  # the target is reached (always true for a budget)
    exact: bool
    method: Method
    candidates: int
    nodes: int


def problem(a: Assessment, rows: pd.DataFrame) -> Problem:
    """The search problem for the community of `a` (narrowed to one community) and its action rows."""
    fw = a.framework
    today = a.indicators
    live = rows[rows["usable"] & (rows["status"] != CANCELLED)].copy() if len(rows) else rows
    done_rows = live[live["status"] == DONE] if len(live) else live
    cand_rows = live[live["status"] != DONE] if len(live) else live
    firsts = cand_rows.drop_duplicates("action_id") if len(cand_rows) else cand_rows
    ids = tuple(firsts["action_id"]) if len(firsts) else ()
    measure, price = _measure(firsts)

    index = {i: n for n, i in enumerate(today["indicator_id"])}
    domains = [d.id for d in fw.domains]
    member = np.zeros((len(today), len(domains)))
    member[np.arange(len(today)), [domains.index(d) for d in today["domain"]]] = 1.0
    value = today["evidenced"].to_numpy(dtype=float, na_value=np.nan)
    has = ~np.isnan(value)
    value = np.nan_to_num(value)
    if len(done_rows):  # the completed actions, each row applied as the plan applies it
        won = done_rows[beats_today(a, done_rows).to_numpy(dtype=bool)]
        for i, s in zip(won["indicator_id"], won["expected_score"], strict=True):
            k = index[i]
            value[k] = max(value[k], s) if has[k] else s
            has[k] = True
    if len(cand_rows):
        # Beating today's value is judged against today; against a completed action's value, by score.
        wins = beats_today(a, cand_rows).to_numpy(dtype=bool)
        k = cand_rows["indicator_id"].map(index).to_numpy(dtype=int)
        row_value = np.where(wins, cand_rows["expected_score"].to_numpy(dtype=float), value[k])
        row_value = np.maximum(row_value, np.where(has[k], value[k], row_value))
        row_action = cand_rows["action_id"].map({x: n for n, x in enumerate(ids)}).to_numpy(dtype=int)
    else:
        k = row_value = row_action = np.zeros(0, dtype=int)
    return Problem(
        actions=ids,
        price=price,
        measure=measure,
        done=tuple(dict.fromkeys(done_rows["action_id"])) if len(done_rows) else (),
        weight=today["weight"].to_numpy(dtype=float),
        member=member,
        domain_weight=np.array([d.weight for d in fw.domains], dtype=float),
        start_value=value,
        start_has=has,
        row_action=np.asarray(row_action, dtype=int),
        row_indicator=np.asarray(k, dtype=int),
        row_value=np.asarray(row_value, dtype=float),
        geometric=fw.meta.aggregation == "geometric",
    )


def _measure(firsts: pd.DataFrame) -> tuple[Measure, np.ndarray]:
    for key in ("cost", "effort"):
        if len(firsts) and firsts[key].notna().all():
            return key, firsts[key].to_numpy(dtype=float)  # type: ignore[return-value]
    return "count", np.ones(len(firsts))


def evidenced(p: Problem, taken: np.ndarray) -> np.ndarray:
    """The evidenced community score for each row of `taken` (sets × candidates, booleans)."""
    taken = np.atleast_2d(np.asarray(taken, dtype=bool))
    value = np.repeat(p.start_value[None, :], len(taken), axis=0)
    has = np.repeat(p.start_has[None, :], len(taken), axis=0)
    for act, ind, v in zip(p.row_action, p.row_indicator, p.row_value, strict=True):
        on = taken[:, act]
        value[on, ind] = np.where(has[on, ind], np.maximum(value[on, ind], v), v)
        has[on, ind] = True
    w = has * p.weight
    den = w @ p.member
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.log(np.maximum(value, 1.0)) if p.geometric else value
        dom = (logs * w) @ p.member / den
        dom = np.exp(dom) if p.geometric else dom
    dom = np.where(den > 0, dom, 0.0)  # a domain with no value counts 0, as in `assess`
    return dom @ p.domain_weight / p.domain_weight.sum()


def shortest_path(p: Problem, target: float | None = None, budget: float | None = None) -> Path:
    """The cheapest set reaching `target` (evidenced score), or the best score within `budget`."""
    if (target is None) == (budget is None):
        raise ValueError("give a target or a budget")
    n = len(p.actions)
    start = float(evidenced(p, np.zeros((1, n), dtype=bool))[0])
    if n == 0 or (target is not None and start >= target - _EPS):
        return _path(p, target, budget, (), start, start, "none", True, 0)
    if p.separable:
        chosen, nodes, exact = _branch_and_bound(p, start, target, budget)
        method: Method = "branch_and_bound"
    elif n <= ENUMERATION_LIMIT:
        chosen, nodes, exact, method = _enumerate(p, target, budget), 2**n, True, "enumeration"
    else:
        chosen, nodes, exact, method = _greedy(p, target, budget), 0, False, "greedy"
    taken = np.zeros((1, n), dtype=bool)
    taken[0, list(chosen)] = True
    reached = float(evidenced(p, taken)[0])
    return _path(p, target, budget, tuple(chosen), start, reached, method, exact, nodes)


def _path(
    p: Problem,
    target: float | None,
    budget: float | None,
    chosen: tuple[int, ...],
    start: float,
    reached: float,
    method: Method,
    exact: bool,
    nodes: int,
) -> Path:
    return Path(
        goal="score" if target is not None else "budget",
        target=target,
        budget=budget,
        measure=p.measure,
        actions=tuple(p.actions[i] for i in sorted(chosen)),
        total=float(p.price[list(chosen)].sum()) if chosen else 0.0,
        start=start,
        reached=reached,
        feasible=target is None or reached >= target - 1e-6,
        exact=exact,
        method=method,
        candidates=len(p.actions),
        nodes=nodes,
    )


# ---------------------------------------------------------------- exact: branch and bound (separable case)


def _gains(p: Problem) -> np.ndarray:
    """Candidates × indicators: the points on the community score each candidate alone adds to each indicator."""
    w = p.start_has * p.weight
    den = (w @ p.member)[p.member.argmax(axis=1)]
    share = np.divide(w, den, out=np.zeros_like(w), where=den > 0)
    to_community = share * (p.member @ p.domain_weight) / p.domain_weight.sum()
    gains = np.zeros((len(p.actions), len(p.start_value)))
    g = (p.row_value - p.start_value[p.row_indicator]) * to_community[p.row_indicator]
    np.maximum.at(gains, (p.row_action, p.row_indicator), np.maximum(g, 0.0))
    return gains


def _branch_and_bound(
    p: Problem, start: float, target: float | None, budget: float | None
) -> tuple[list[int], int, bool]:
    """Depth first over the candidates (most points per price first), taking before leaving out; a branch is cut when
    even fractional actions with additive gains (an optimistic bound, since gains only shrink) cannot do better."""
    gains = _gains(p)
    alone = gains.sum(axis=1)
    useful = np.flatnonzero(alone > _EPS)
    price = p.price
    with np.errstate(divide="ignore"):
        ratio = np.where(price[useful] > 0, alone[useful] / price[useful], np.inf)
    useful = useful[np.argsort(-ratio, kind="stable")]
    G, C = gains[useful], price[useful]
    need = None if target is None else target - start
    best: dict[str, object] = {"set": None, "price": np.inf, "gain": -np.inf}
    nodes = 0

    def marginal(rows: np.ndarray | slice, cur: np.ndarray) -> np.ndarray:
        return np.maximum(G[rows] - cur, 0.0).sum(axis=-1)

    # A greedy start gives the search a good bound at once.
    cur, chosen, spent, got = np.zeros(G.shape[1]), [], 0.0, 0.0
    for k in range(len(useful)):
        if need is not None and got >= need - _EPS:
            break
        if budget is not None and spent + C[k] > budget + _EPS:
            continue
        m = float(marginal(k, cur))
        if m > _EPS:
            cur, spent, got = np.maximum(cur, G[k]), spent + C[k], got + m
            chosen.append(k)
    if need is None or got >= need - _EPS:
        best.update(set=list(chosen), price=spent, gain=got)

    def search(k: int, cur: np.ndarray, chosen: list[int], spent: float, got: float) -> None:
        nonlocal nodes
        nodes += 1
        if nodes > NODE_LIMIT:
            return
        if need is not None:
            if got >= need - _EPS:
                if spent < best["price"] - _EPS:  # type: ignore[operator]
                    best.update(set=list(chosen), price=spent, gain=got)
                return
        elif _better(got, spent, best["gain"], best["price"]):  # type: ignore[arg-type]
            best.update(set=list(chosen), price=spent, gain=got)
        if k == len(useful):
            return
        points = marginal(slice(k, None), cur)
        # Gains overlap on an indicator: together the rest can add at most the best of each indicator.
        cap = float(np.maximum(G[k:].max(axis=0) - cur, 0.0).sum())
        if need is not None:
            if got + cap < need - _EPS:
                return
            if spent + _cover(need - got, points, C[k:]) >= best["price"] - _EPS:  # type: ignore[operator]
                return
        elif got + min(cap, _fill(budget - spent, points, C[k:])) <= best["gain"] + _EPS:  # type: ignore[operator]
            return
        if points[0] > _EPS and (budget is None or spent + C[k] <= budget + _EPS):
            search(k + 1, np.maximum(cur, G[k]), [*chosen, k], spent + C[k], got + float(points[0]))
        search(k + 1, cur, chosen, spent, got)

    search(0, np.zeros(G.shape[1]), [], 0.0, 0.0)
    found = best["set"] if best["set"] is not None else list(range(len(useful)))  # unreachable: all that helps
    return sorted(int(useful[k]) for k in found), nodes, nodes <= NODE_LIMIT  # type: ignore[union-attr]


def _ranked(points: np.ndarray, price: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The actions that add points, the most points per price first (a free one first of all)."""
    keep = points > _EPS
    points, price = points[keep], price[keep]
    with np.errstate(divide="ignore"):
        order = np.argsort(-np.where(price > 0, points / price, np.inf), kind="stable")
    return points[order], price[order]


def _better(got: float, spent: float, best_gain: float, best_price: float) -> bool:
    """More points, or as many for less."""
    return got > best_gain + _EPS or (got > best_gain - _EPS and spent < best_price - _EPS)


def _cover(need: float, points: np.ndarray, price: np.ndarray) -> float:
    """The least price to gain `need` points if points added up and could be bought in fractions: a lower bound."""
    points, price = _ranked(points, price)
    total = np.cumsum(points)
    k = int(np.searchsorted(total, need - _EPS))
    if k == len(points):
        return np.inf
    before = total[k - 1] if k else 0.0
    return float(price[:k].sum() + price[k] * max(need - before, 0.0) / points[k])


def _fill(room: float, points: np.ndarray, price: np.ndarray) -> float:
    """The most points `room` buys if points added up and could be bought in fractions: an upper bound."""
    points, price = _ranked(points, price)
    spent = np.cumsum(price)
    k = int(np.searchsorted(spent, room + _EPS, side="right"))
    if k == len(points):
        return float(points.sum())
    before = spent[k - 1] if k else 0.0
    return float(points[:k].sum() + points[k] * max(room - before, 0.0) / price[k])


# ---------------------------------------------------------------- exact by enumeration, and the greedy fallback


def _enumerate(p: Problem, target: float | None, budget: float | None) -> list[int]:
    n = len(p.actions)
    taken = np.array(list(product([False, True], repeat=n)), dtype=bool).reshape(-1, n)
    score = evidenced(p, taken)
    spent = taken @ p.price
    count = taken.sum(axis=1)
    if target is not None:
        ok = score >= target - 1e-6
        if not ok.any():  # unreachable: the best score, then the least price
            ok = score >= score.max() - 1e-6
        pick = np.lexsort((count, -score, np.where(ok, spent, np.inf)))[0]
    else:
        ok = spent <= budget + _EPS  # type: ignore[operator]
        pick = np.lexsort((count, spent, np.where(ok, -score, np.inf)))[0]
    return [int(j) for j in np.flatnonzero(taken[pick])]


def _greedy(p: Problem, target: float | None, budget: float | None) -> list[int]:
    """Add the action with the most points per price until the target is reached or nothing affordable helps."""
    n = len(p.actions)
    taken = np.zeros(n, dtype=bool)
    score, spent = float(evidenced(p, taken[None, :])[0]), 0.0
    while not taken.all() and (target is None or score < target - 1e-6):
        trial = np.repeat(taken[None, :], n, axis=0)
        trial[np.arange(n), np.arange(n)] = True
        gain = evidenced(p, trial) - score
        allowed = ~taken & (gain > _EPS)
        if budget is not None:
            allowed &= spent + p.price <= budget + _EPS
        if not allowed.any():
            break
        with np.errstate(divide="ignore"):
            ratio = np.where(p.price > 0, gain / p.price, np.inf)
        j = int(np.argmax(np.where(allowed, ratio, -np.inf)))
        taken[j], spent, score = True, spent + p.price[j], score + gain[j]
    return [int(j) for j in np.flatnonzero(taken)]
