"""A roadmap as `plan --format json|csv|table` prints it: JSON-ready records, CSV rows and a text table.

The JSON of one community (a list of these when the files hold several):

    {"community", "year", "framework", "as_of", "selection": {"actions"}, "rules",
     "today": {"score", "evidenced_score", "level"}, "planned": {...the same},
     "domains": [{"id", "score", "evidenced_score", "level", "planned_score", "planned_evidenced_score",
                  "planned_level"}],
     "moved": [{"id", "domain", "value", "planned_value", "score", "planned_score", "evidenced", "planned_evidenced",
                "actions"}],
     "actions": [{"id", "title", "area", "programme", "indicators", "due", "owner", "status", "cost", "effort",
                  "chosen", "overdue", "days_late"}],
     "overdue": [action ids], "not_in_data": [{"id", "indicator_id"}],
     "untouched": {"domains": [ids], "icf": [{"indicator_id", "domain", "icf"}]},
     "shortest_path": null | {"goal", "target", "target_level", "budget", "measure", "actions", "total", "start",
                              "reached", "feasible", "within_budget", "exact", "method", "candidates",
                              "planned": {"score", "evidenced_score", "level"}}}

Scores are rounded to 2 decimals; every number is finite or null.
"""

from __future__ import annotations

import csv
import io
import math
from typing import Any

import pandas as pd

from assessor.framework import Lang
from assessor.i18n import number, t
from assessor.layout import ACTION_STATUS_LABELS, AREA_LABELS, label_text
from assessor.roadmap import Roadmap

Record = dict[str, Any]


def _num(v: object, digits: int = 2) -> float | None:
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return round(f, digits) if math.isfinite(f) else None


def _text(v: object) -> str | None:
    return v if isinstance(v, str) and v else None


def _value(v: object, label: object) -> float | str | None:
    return label if isinstance(label, str) else _num(v, 6)


def _level_block(overall: pd.DataFrame) -> Record:
    o = overall.iloc[0]
    return {"score": _num(o["score"]), "evidenced_score": _num(o["evidenced_score"]), "level": str(o["level"])}


def plan_record(r: Roadmap, lang: Lang = "en", budget: float | None = None) -> Record:
    w = r.what_if
    fw = w.today.framework
    moved = w.indicators[w.indicators["by"] != ""]
    chosen = set(w.chosen)
    path = None
    if r.path is not None and r.path_what_if is not None:
        p = r.path
        path = {
            "goal": p.goal,
            "target": _num(p.target),
            "target_level": r.target_level,
            "budget": _num(budget if budget is not None else p.budget),
            "measure": p.measure,
            "actions": list(p.actions),
            "total": _num(p.total),
            "start": _num(p.start),
            "reached": _num(p.reached),
            "feasible": p.feasible,
            "within_budget": None if budget is None else bool(p.total <= budget + 1e-9),
            "exact": p.exact,
            "method": p.method,
            "candidates": p.candidates,
            "planned": _level_block(r.path_what_if.planned.overall),
        }
    return {
        "community": r.community,
        "year": r.year,
        "framework": f"{fw.meta.id} {fw.meta.version}",
        "as_of": r.as_of.isoformat(),
        "selection": {"actions": list(w.chosen)},
        "rules": t("plan.rules", lang),
        "today": _level_block(w.today.overall),
        "planned": _level_block(w.planned.overall),
        "domains": [
            {
                "id": d["domain"],
                "score": _num(d["score"]),
                "evidenced_score": _num(d["evidenced_score"]),
                "level": str(d["level"]),
                "planned_score": _num(d["score_planned"]),
                "planned_evidenced_score": _num(d["evidenced_score_planned"]),
                "planned_level": str(d["level_planned"]),
            }
            for d in w.domains.to_dict("records")
        ],
        "moved": [
            {
                "id": m["indicator_id"],
                "domain": m["domain"],
                "value": _value(m["value"], m["label"]),
                "planned_value": _value(m["value_planned"], m["label_planned"]),
                "score": _num(m["score"]),
                "planned_score": _num(m["score_planned"]),
                "evidenced": _num(m["evidenced"]),
                "planned_evidenced": _num(m["evidenced_planned"]),
                "actions": m["by"].split(", "),
            }
            for m in moved.to_dict("records")
        ],
        "actions": [
            {
                "id": a["action_id"],
                "title": _text(a["title"]),
                "area": _text(a["area"]),
                "programme": _text(a["programme"]),
                "indicators": [i for i in a["indicators"].split(", ") if i],
                "due": _text(a["due"]),
                "owner": _text(a["owner"]),
                "status": _text(a["status"]),
                "cost": _num(a["cost"]),
                "effort": _num(a["effort"]),
                "chosen": a["action_id"] in chosen,
                "overdue": bool(a["overdue"]),
                "days_late": None if pd.isna(a["days_late"]) else int(a["days_late"]),
            }
            for a in r.actions.to_dict("records")
        ],
        "overdue": list(r.overdue["action_id"]),
        "not_in_data": [
            {"id": x["action_id"], "indicator_id": x["indicator_id"]} for x in w.not_in_data.to_dict("records")
        ],
        "untouched": {"domains": r.untouched_domains, "icf": r.untouched_icf.to_dict("records")},
        "shortest_path": path,
    }


# ---------------------------------------------------------------- CSV: one row per domain and the community


CSV_COLUMNS = ["community", "year", "domain", "score", "evidenced_score", "level"]
CSV_COLUMNS += ["planned_score", "planned_evidenced_score", "planned_level"]
#: The Vietnamese headers: the names the plan's tables give these columns.
CSV_HEADERS = {
    "community": "cli.csv_community",
    "year": "cli.csv_year",
    "domain": "cli.csv_domain",
    "score": "plan.col_claimed_today",
    "evidenced_score": "plan.col_evidenced_today",
    "level": "plan.col_level_today",
    "planned_score": "plan.col_claimed_planned",
    "planned_evidenced_score": "plan.col_evidenced_planned",
    "planned_level": "plan.col_level_planned",
}


def plan_csv(roadmaps: list[Roadmap], lang: Lang) -> str:
    """One row per domain, then the community's own row. In English a machine format: commas, decimal points, ids,
    the community's row with no domain. In Vietnamese, as `score` writes it, the table Excel set to Vietnamese opens
    in columns: `;` between fields, decimal commas, a byte-order mark, Vietnamese headers, domain and level names,
    and the community's row named."""
    rows: list[dict[str, Any]] = []
    for r in roadmaps:
        rec = plan_record(r, lang)
        for d in rec["domains"]:
            rows.append(
                {"community": r.community, "year": r.year, "domain": d["id"], **{k: d[k] for k in CSV_COLUMNS[3:]}}
            )
        now, then = rec["today"], rec["planned"]
        rows.append(
            {
                "community": r.community,
                "year": r.year,
                "domain": "",
                **now,
                **{f"planned_{k}": v for k, v in then.items()},
            }
        )
    buf = io.StringIO()
    if lang == "en":
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows([_cell(row[c]) for c in CSV_COLUMNS] for row in rows)
        return buf.getvalue()
    fw = roadmaps[0].what_if.today.framework if roadmaps else None
    domains = {d.id: d.name(lang) for d in fw.domains} if fw else {}
    levels = {lv.id: lv.name(lang) for lv in fw.levels} if fw else {}
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow([t(CSV_HEADERS[c], lang) for c in CSV_COLUMNS])
    for row in rows:
        shown = {
            **{k: "" if row[k] is None else number(row[k], lang, 2, trim=True) for k in CSV_COLUMNS if "score" in k},
            **{k: levels.get(row[k], row[k]) for k in ("level", "planned_level")},
            "community": row["community"],
            "year": row["year"],
            "domain": domains.get(row["domain"], t("robustness.community_row", lang)),
        }
        writer.writerow([shown[c] for c in CSV_COLUMNS])
    return "\ufeff" + buf.getvalue()


def _cell(v: object) -> object:
    return "" if v is None else v


# ---------------------------------------------------------------- the table a person reads


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def status_text(status: object, lang: Lang) -> str:
    """A status as a table shows it: `Đang thực hiện`; one the reader did not recognise, as typed."""
    known = isinstance(status, str) and status in ACTION_STATUS_LABELS
    return _capital(label_text(ACTION_STATUS_LABELS, str(status), lang)) if known else (_text(status) or "–")


def area_text(area: object, lang: Lang) -> str:
    known = isinstance(area, str) and area in AREA_LABELS
    return _capital(label_text(AREA_LABELS, str(area), lang)) if known else (_text(area) or "–")


def day_text(iso: object, lang: Lang) -> str:
    """2026-06-30 in English, 30/06/2026 in Vietnamese; what is not a date as written."""
    if not isinstance(iso, str) or len(iso) != 10 or iso[4] != "-":
        return _text(iso) or "–"
    return f"{iso[8:10]}/{iso[5:7]}/{iso[:4]}" if lang == "vi" else iso


def measure_text(measure: str, total: float, lang: Lang) -> str:
    digits = 0 if float(total).is_integer() else 1
    return t(f"plan.measure_{measure}", lang, n=number(total, lang, digits))


def path_sentence(r: Roadmap, lang: Lang) -> str:
    """One sentence: what the path reaches, with what, at what price, and how it was found."""
    p, fw = r.path, r.what_if.today.framework
    if p is None or r.path_what_if is None:
        return t("plan.path_none", lang)
    reached = r.path_what_if.planned.overall.iloc[0]
    level = {lv.id: lv.name(lang) for lv in fw.levels}[str(reached["level"])]
    if p.goal == "score" and not p.actions and p.feasible:
        key = "plan.path_already"
    elif p.goal == "score":
        key = "plan.path_target" if p.feasible else "plan.path_unreachable"
    else:
        key = "plan.path_budget"
    sentence = t(
        key,
        lang,
        target=number(p.target, lang) if p.target is not None else "–",
        n=len(p.actions),
        price=measure_text(p.measure, p.total, lang),
        start=number(p.start, lang),
        reached=number(float(reached["evidenced_score"]), lang),
        level=level,
        budget=number(p.budget, lang, 0) if p.budget is not None else "–",
    )
    if p.exact:
        how = t("plan.exact", lang)
    elif p.method == "branch_and_bound":
        how = t("plan.stopped", lang, nodes=number(p.nodes, lang, 0))
    else:
        how = t("plan.heuristic", lang, n=p.candidates)
    return f"{sentence} {how}"


def plan_table(r: Roadmap, lang: Lang) -> str:
    w, fw = r.what_if, r.what_if.today.framework
    level = {lv.id: lv.name(lang) for lv in fw.levels}
    rec = plan_record(r, lang)
    now, then = rec["today"], rec["planned"]
    lines = [t("cli.disclaimer", lang), "", t("plan.heading", lang, community=r.community, year=r.year)]
    if r.actions.empty:
        return "\n".join([*lines, "  " + t("plan.no_actions", lang)])
    lines.append(t("plan.chosen_line", lang, n=len(w.chosen), total=len(r.actions)))
    lines.append(
        t(
            "plan.overall_line",
            lang,
            score=number(now["score"], lang),
            evidenced=number(now["evidenced_score"], lang),
            level=level[now["level"]],
            planned_score=number(then["score"], lang),
            planned_evidenced=number(then["evidenced_score"], lang),
            planned_level=level[then["level"]],
        )
    )
    lines.append("")
    head = [t(f"plan.col_{k}", lang) for k in ("domain", "today", "planned", "level_today", "level_planned")]
    lines.append(f"  {head[0]:30} {head[1]:>9} {head[2]:>14}  {head[3]:24} {head[4]}")
    for d in rec["domains"]:
        lines.append(
            f"  {fw.domain_by_id[d['id']].name(lang):30} {number(d['evidenced_score'], lang):>9} "
            f"{number(d['planned_evidenced_score'], lang):>14}  {level[d['level']]:24} {level[d['planned_level']]}"
        )
    lines += ["", "  " + path_sentence(r, lang)]
    if r.path is not None and r.path.actions:
        titles = r.actions.set_index("action_id")["title"]
        lines += [f"    {x}  {titles.get(x, '')}" for x in r.path.actions]
    lines += ["", "  " + t("plan.overdue_line", lang, n=len(r.overdue), date=day_text(r.as_of.isoformat(), lang))]
    for o in r.overdue.to_dict("records"):
        lines.append(
            f"    {o['action_id']}  {day_text(o['due'], lang)}  "
            f"{t('plan.days_late', lang, n=int(o['days_late']))}  {_text(o['owner']) or '–'}"
        )
    names = [fw.domain_by_id[d].name(lang) for d in r.untouched_domains]
    lines.append("  " + t("plan.untouched_line", lang, domains=", ".join(names) or t("plan.none", lang)))
    lines.append("  " + t("plan.untouched_icf_line", lang, n=len(r.untouched_icf)))
    for u in r.untouched_icf.to_dict("records"):  # ICF names its data points in English only: quoted as written
        icf = f"“{u['icf']}”" if lang == "vi" else u["icf"]
        lines.append(f"    {u['indicator_id']}  {fw.by_id[u['indicator_id']].name(lang)} · {icf}")
    if len(w.not_in_data):
        lines.append("  " + t("plan.not_in_data_line", lang, ids=", ".join(w.not_in_data["action_id"])))
    lines += ["", t("plan.rules", lang)]
    return "\n".join(lines)
