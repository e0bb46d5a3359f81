"""The roadmap as tables a reader scans, headers and values in their language: the app's Plan page and the exports
(deck, brief, evidence workbook) show the same tables. Formatting only; every figure comes from `assessor.roadmap`.

`numbers=True` keeps scores, costs, days and dates as numbers and dates (a spreadsheet formats them in the reader's
locale and can compute with them); otherwise they are text in the language (`70,8`, `30/06/2026`).
"""

from __future__ import annotations

import datetime
import math

import pandas as pd

from assessor.framework import Lang
from assessor.i18n import number, t
from assessor.plan_report import area_text, day_text, status_text
from assessor.roadmap import Roadmap


def _float(v: object) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def _score(v: object, lang: Lang, numbers: bool = False) -> str | float | None:
    f = _float(v)
    if numbers:
        return None if f is None else round(f, 1)
    return "–" if f is None else number(f, lang, 1)


def _text(v: object) -> str:
    return v if isinstance(v, str) else ""


def _figure(v: object, lang: Lang, numbers: bool = False) -> str | float | None:
    f = _float(v)
    if numbers:
        return f
    return "" if f is None else number(f, lang, 0 if f.is_integer() else 1)


def _due(v: object, lang: Lang, numbers: bool = False) -> str | datetime.date:
    """A due date: a date for a spreadsheet (a due date typed as words stays as written), else its text."""
    if numbers and isinstance(v, str):
        try:
            return datetime.date.fromisoformat(v)
        except ValueError:
            pass
    return day_text(v, lang)


def level_name(r: Roadmap, level: object, lang: Lang) -> str:
    return next((lv.name(lang) for lv in r.what_if.today.framework.levels if lv.id == level), "–")


def domain_table(r: Roadmap, lang: Lang, numbers: bool = False) -> pd.DataFrame:
    """Per domain: evidenced score and level today and after the chosen actions, and the claimed scores."""
    fw = r.what_if.today.framework
    d = r.what_if.domains
    return pd.DataFrame(
        {
            t("plan.col_domain_name", lang): [fw.domain_by_id[x].name(lang) for x in d["domain"]],
            t("plan.col_evidenced_today", lang): [_score(v, lang, numbers) for v in d["evidenced_score"]],
            t("plan.col_evidenced_planned", lang): [_score(v, lang, numbers) for v in d["evidenced_score_planned"]],
            t("plan.col_level_today", lang): [level_name(r, v, lang) for v in d["level"]],
            t("plan.col_level_planned", lang): [level_name(r, v, lang) for v in d["level_planned"]],
            t("plan.col_claimed_today", lang): [_score(v, lang, numbers) for v in d["score"]],
            t("plan.col_claimed_planned", lang): [_score(v, lang, numbers) for v in d["score_planned"]],
        }
    )


def moved_table(r: Roadmap, lang: Lang) -> pd.DataFrame:
    """The indicators the chosen actions move: score today and planned, and by which actions."""
    fw = r.what_if.today.framework
    m = r.what_if.indicators[r.what_if.indicators["by"] != ""]
    return pd.DataFrame(
        {
            t("plan.col_indicator", lang): [f"{i} · {fw.by_id[i].name(lang)}" for i in m["indicator_id"]],
            t("plan.col_score_today", lang): [_score(v, lang) for v in m["score"]],
            t("plan.col_score_planned", lang): [_score(v, lang) for v in m["score_planned"]],
            t("plan.col_by", lang): list(m["by"]),
        }
    )


def action_table(r: Roadmap, lang: Lang, ids: tuple[str, ...] | None = None, numbers: bool = False) -> pd.DataFrame:
    """Actions (all, or those named, in that order) as the office lists them."""
    acts = r.actions
    if ids is not None:
        acts = acts.set_index("action_id").reindex(list(ids)).reset_index()
    if acts.empty:
        acts = pd.DataFrame(
            columns=[
                "action_id",
                "title",
                "area",
                "programme",
                "indicators",
                "owner",
                "due",
                "status",
                "cost",
                "effort",
                "overdue",
                "days_late",
            ]
        )
    return pd.DataFrame(
        {
            t("plan.col_action", lang): [
                f"{a} · {_text(b)}" for a, b in zip(acts["action_id"], acts["title"], strict=True)
            ],
            t("plan.col_area", lang): [area_text(v, lang) for v in acts["area"]],
            t("plan.col_programme", lang): [_text(v) for v in acts["programme"]],
            t("plan.col_indicators", lang): [_text(v) for v in acts["indicators"]],
            t("plan.col_owner", lang): [_text(v) for v in acts["owner"]],
            t("plan.col_due", lang): [_due(v, lang, numbers) for v in acts["due"]],
            t("plan.col_status", lang): [status_text(v, lang) for v in acts["status"]],
            t("plan.col_cost", lang): [_figure(v, lang, numbers) for v in acts["cost"]],
            t("plan.col_effort", lang): [_figure(v, lang, numbers) for v in acts["effort"]],
        }
    )


def overdue_table(r: Roadmap, lang: Lang, numbers: bool = False) -> pd.DataFrame:
    o = r.overdue
    return pd.DataFrame(
        {
            t("plan.col_action", lang): [f"{a} · {_text(b)}" for a, b in zip(o["action_id"], o["title"], strict=True)],
            t("plan.col_owner", lang): [_text(v) for v in o["owner"]],
            t("plan.col_due", lang): [_due(v, lang, numbers) for v in o["due"]],
            t("plan.col_days_late", lang): [int(v) if numbers else number(int(v), lang, 0) for v in o["days_late"]],
            t("plan.col_status", lang): [status_text(v, lang) for v in o["status"]],
        }
    )


def untouched_icf_table(r: Roadmap, lang: Lang) -> pd.DataFrame:
    fw = r.what_if.today.framework
    u = r.untouched_icf
    return pd.DataFrame(
        {
            t("plan.col_indicator", lang): [f"{i} · {fw.by_id[i].name(lang)}" for i in u["indicator_id"]],
            t("plan.col_domain_name", lang): [fw.domain_by_id[d].name(lang) for d in u["domain"]],
            # ICF names its data points in English only: quoted as ICF wrote them, the header says so in Vietnamese.
            t("plan.col_icf", lang): [f"“{x}”" if lang == "vi" else x for x in u["icf"]],
        }
    )


def untouched_sentence(r: Roadmap, lang: Lang) -> str:
    fw = r.what_if.today.framework
    names = [fw.domain_by_id[d].name(lang) for d in r.untouched_domains]
    return t("plan.untouched_line", lang, domains=", ".join(names) or t("plan.none", lang))
