"""The brief's roadmap section: today against the whole plan per domain, the shortest path to the next level,
overdue actions and what no action touches."""

from __future__ import annotations

import datetime
from typing import Protocol

from assessor.assess import Assessment
from assessor.framework import Lang
from assessor.i18n import number, t
from assessor.plan_report import day_text, path_sentence
from assessor.plan_tables import domain_table, level_name, overdue_table, untouched_sentence
from assessor.roadmap import roadmap

GREY = (93, 109, 126)
#: The brief lists the longest overdue actions; the evidence workbook's Roadmap sheet lists them all.
OVERDUE_SHOWN = 5


class Page(Protocol):
    """What the section needs of the brief's page: a heading, a paragraph and a table."""

    def heading(self, text: str, size: float = 13) -> None: ...
    def para(self, text: str, size: float = 9.5, colour: tuple[int, int, int] = ..., height: float = 5) -> None: ...
    def grid(
        self, headers: list[str], rows: list[list[str]], widths: tuple[float, ...], align: str = "LEFT"
    ) -> None: ...


def plan_section(pdf: Page, a: Assessment, community: str, lang: Lang, as_of: datetime.date | None = None) -> None:
    r = roadmap(a, community, as_of=as_of)
    pdf.heading(t("plan.brief_heading", lang))
    if r.actions.empty:
        pdf.para(t("plan.no_actions", lang), 9)
        return
    o = r.what_if.overall
    pdf.para(
        t(
            "plan.brief_overall",
            lang,
            score=number(o["evidenced_score"], lang),
            level=level_name(r, o["level"], lang),
            planned=number(o["planned_evidenced_score"], lang),
            planned_level=level_name(r, o["planned_level"], lang),
        ),
        9.5,
    )
    domains = domain_table(r, lang).iloc[:, :5]
    pdf.grid(list(domains.columns), domains.to_numpy().tolist(), (52, 30, 30, 32, 34))
    pdf.para(path_sentence(r, lang), 9.5)
    if r.path is not None and r.path.actions:
        pdf.para(f"{t('plan.sheet_path_actions', lang)}: {', '.join(r.path.actions)}", 9)
    pdf.para(t("plan.overdue_line", lang, n=len(r.overdue), date=day_text(r.as_of.isoformat(), lang)), 9.5)
    if len(r.overdue):
        late = overdue_table(r, lang).head(OVERDUE_SHOWN)  # the longest overdue; the workbook lists them all
        pdf.grid(list(late.columns[:4]), late.iloc[:, :4].to_numpy().tolist(), (86, 50, 22, 20))
        if len(r.overdue) > OVERDUE_SHOWN:
            more = len(r.overdue) - OVERDUE_SHOWN
            pdf.para(
                t("plan.brief_overdue_more", lang, shown=OVERDUE_SHOWN, more=more, sheet=t("plan.sheet", lang)), 8.5
            )
    pdf.para(untouched_sentence(r, lang), 9.5)
    if len(r.untouched_icf):  # ICF names its data points in English only: quoted as it writes them
        points = ", ".join(f"{u['indicator_id']} (“{u['icf']}”)" for u in r.untouched_icf.to_dict("records"))
        pdf.para(f"{t('plan.untouched_icf_line', lang, n=len(r.untouched_icf))} — {points}", 9)
    pdf.para(t("plan.rules", lang), 8, GREY, 4)
