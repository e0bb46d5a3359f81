"""The roadmap of one community, as the app, the command line and the exports show it: the what-if of the chosen
actions, the shortest path to a target (or the best within a budget), overdue actions and what no action touches.

By default the what-if takes the whole plan (every action but the cancelled ones) and the path aims at the next
readiness level above today's evidenced one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

from assessor.assess import Assessment
from assessor.plan import CANCELLED, WhatIf, action_list, actions_of, choose, overdue, project, untouched
from assessor.shortest_path import Path, problem, shortest_path


@dataclass(frozen=True)
class Roadmap:
    community: str
    as_of: datetime.date
    rows: pd.DataFrame  # one per action × indicator (`assessor.plan.actions_of`)
    actions: pd.DataFrame  # one per action, with `indicators`, `overdue` and `days_late`
    what_if: WhatIf
    path: Path | None
    path_what_if: WhatIf | None  # the completed actions and the path's, re-assessed
    target_level: str | None
    overdue: pd.DataFrame
    untouched_domains: list[str]
    untouched_icf: pd.DataFrame

    @property
    def year(self) -> int:
        return int(self.what_if.today.overall["year"].iloc[0])


def next_level(a: Assessment) -> tuple[str, float] | None:
    """The readiness level above today's evidenced one, and its threshold; None when at the top."""
    levels = a.framework.levels
    now = str(a.overall["level"].iloc[0])
    ids = [lv.id for lv in levels]
    k = ids.index(now) if now in ids else 0
    return (levels[k + 1].id, levels[k + 1].min) if k + 1 < len(levels) else None


def level_threshold(a: Assessment, level: str) -> float | None:
    """The evidenced score a level needs, by its id or its name in either language; None when unknown."""
    for lv in a.framework.levels:
        if level.casefold() in {lv.id.casefold(), lv.name.en.casefold(), lv.name.vi.casefold()}:
            return lv.min
    return None


def roadmap(
    a: Assessment,
    community: str,
    *,
    as_of: datetime.date | None = None,
    until: datetime.date | None = None,
    statuses: Iterable[str] | None = None,
    ids: Iterable[str] | None = None,
    target: float | None = None,
    budget: float | None = None,
    target_level: str | None = None,
    find_path: bool = True,
) -> Roadmap:
    """Everything about one community's plan. With neither target nor budget, the path aims at the next level."""
    today_a = a.for_community(community)
    as_of = as_of or datetime.date.today()
    rows = actions_of(today_a, community)
    if until is None and statuses is None and ids is None:  # the whole plan
        acts = action_list(rows)
        chosen = tuple(acts.loc[acts["status"] != CANCELLED, "action_id"]) if len(acts) else ()
    else:
        chosen = choose(rows, statuses=statuses, until=until, ids=ids)
    what_if = project(a, community, rows, chosen)

    path = path_what_if = None
    if find_path and target is None and budget is None:
        nxt = next_level(today_a)
        if nxt is not None:
            target_level, target = nxt
    if find_path and (target is not None or budget is not None):
        p = problem(today_a, rows)
        if p.actions:  # with no action that can move an indicator there is no path to look for
            path = shortest_path(p, target=target, budget=None if target is not None else budget)
            path_what_if = project(a, community, rows, p.done + path.actions)

    late = overdue(rows, as_of)
    acts = action_list(rows)
    if len(acts):
        days = dict(zip(late["action_id"], late["days_late"], strict=True))
        acts = acts.assign(overdue=acts["action_id"].isin(list(days)), days_late=acts["action_id"].map(days))
    domains, icf = untouched(today_a, rows)
    return Roadmap(
        community=community,
        as_of=as_of,
        rows=rows,
        actions=acts,
        what_if=what_if,
        path=path,
        path_what_if=path_what_if,
        target_level=target_level,
        overdue=late,
        untouched_domains=domains,
        untouched_icf=icf,
    )
