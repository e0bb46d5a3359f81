"""`python -m assessor plan FILE…`: the roadmap on the command line, its options checked with a plain sentence each.

The files are read, merged and assessed as `score` does; then each community (or the one asked for) gets its roadmap.
"""

from __future__ import annotations

import datetime
import json
import math
import sys
from pathlib import Path

import click

from assessor.cli import Refusal, _community, _done, load_assessment
from assessor.framework import Lang
from assessor.i18n import number, t
from assessor.plan_report import plan_csv, plan_record, plan_table
from assessor.read.actions import _date_text
from assessor.roadmap import level_threshold, roadmap


def _date(value: str | None, lang: Lang) -> datetime.date | None:
    if value is None:
        return None
    iso = _date_text(value.strip())
    if iso is None:
        raise Refusal(t("plan.bad_date", lang, value=value), lang)
    return datetime.date.fromisoformat(iso)


def _amount(value: str | None, option: str, lang: Lang, top: float = math.inf) -> float | None:
    if value is None:
        return None
    try:
        amount = float(value.replace(",", "."))
    except ValueError:
        amount = math.nan
    if not (0 <= amount <= top):
        said = t("plan.bad_number", lang, value=value, option=option)
        if math.isfinite(top):
            said = t("plan.bad_range", lang, value=value, option=option, top=number(top, lang, 0))
        raise Refusal(said, lang)
    return amount


def plan_command(
    files: tuple[Path, ...],
    until: str | None,
    target_level: str | None,
    target_score: str | None,
    budget: str | None,
    as_of: str | None,
    fmt: str,
    year: int | None,
    community: str | None,
    lang: Lang,
    catalogue: Path | None,
) -> None:
    if target_level is not None and target_score is not None:
        raise Refusal(t("plan.both_targets", lang), lang)
    until_day, as_of_day = _date(until, lang), _date(as_of, lang)
    target = _amount(target_score, "--target-score", lang, 100.0)
    cap = _amount(budget, "--budget", lang)
    result, open_conflicts = load_assessment(files, catalogue, lang, year)
    if target_level is not None:
        target = level_threshold(result, target_level)
        if target is None:
            known = ", ".join(lv.id for lv in result.framework.levels)
            raise Refusal(t("plan.unknown_level", lang, level=target_level, known=known), lang)
    chosen = _community(result, community, lang)
    names = [chosen] if chosen else result.communities
    maps = [
        roadmap(result, name, as_of=as_of_day, until=until_day, target=target, budget=cap, target_level=target_level)
        for name in names
    ]
    if fmt == "json":
        records = [plan_record(r, lang, cap) for r in maps]
        document = records[0] if len(records) == 1 else records
        indent = 2 if sys.stdout.isatty() else None
        click.echo(json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False))
    elif fmt == "csv":
        click.echo(plan_csv(maps, lang), nl=False)
    else:
        click.echo("\n\n".join(plan_table(r, lang) for r in maps))
    _done(open_conflicts)
