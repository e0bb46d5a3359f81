"""The evidence workbook's Pace and Triple-helix sheets: report sheets, never read back.

Pace: per domain, then per indicator, the least-squares trend of the evidenced score and the year each readiness level
above the first would be reached at that pace. Triple helix: per domain and partner, the values and evidenced values
with their shares, and the domains resting on a single partner.
"""

from __future__ import annotations

import pandas as pd
from openpyxl import Workbook

from assessor.assess import Assessment
from assessor.export.sheets import put, write_rows
from assessor.helix import PARTNERS, helix_table, partner_name, single_partner_sentence
from assessor.i18n import t
from assessor.pace import pace

SCORE_FORMAT = "0.0"
SHARE_FORMAT = "0%"


def _reach(status: str, year: object, lang: str) -> object:
    """A level's cell: the year reached, 'reached' already, or why there is no year."""
    if status in ("on_track", "too_slow"):
        return int(year)
    if status in ("reached", "not_rising"):
        return t(f"pace.cell.{status}", lang)
    return "–"


def pace_sheet(wb: Workbook, a: Assessment, title: str, lang: str) -> None:
    ws = wb.create_sheet(title)
    fw = a.framework
    levels = [lv for lv in fw.levels if lv.min > 0]
    latest = int(a.history["year"].max()) if len(a.history) else 0
    paces = [pace(a, float(lv.min), latest + 1) for lv in levels]
    headers = [
        t("col.community", lang),
        t("col.domain", lang),
        t("col.id", lang),
        t("col.indicator", lang),
        t("pace.col.years", lang),
        t("pace.col.points", lang),
        t("pace.col.latest", lang),
        t("pace.col.slope_number", lang),
        t("pace.col.basis", lang),
    ]
    headers += [t("pace.col.level_year", lang, level=lv.name(lang)) for lv in levels]
    widths = [18, 24, 10, 40, 12, 10, 12, 12, 30] + [16] * len(levels)

    def rows_of(frames: list[pd.DataFrame], per_indicator: bool) -> list[list[object]]:
        first = frames[0]
        out = []
        for k in range(len(first)):
            r = first.iloc[k]
            years = "–" if pd.isna(r["first_year"]) else f"{int(r['first_year'])}–{int(r['latest_year'])}"
            ind = fw.by_id[r["indicator_id"]] if per_indicator else None
            out.append(
                [
                    r["community"],
                    fw.domain_by_id[r["domain"]].name(lang),
                    ind.id if ind else None,
                    ind.name(lang) if ind else t("pace.domain_row", lang),
                    years,
                    int(r["points"]),
                    None if pd.isna(r["latest"]) else round(float(r["latest"]), 1),
                    None if pd.isna(r["slope"]) else round(float(r["slope"]), 2),
                    t(f"pace.basis.{r['basis']}", lang),
                ]
                + [_reach(f.iloc[k]["status"], f.iloc[k]["reach_year"], lang) for f in frames]
            )
        return out

    rows = rows_of([p.domains for p in paces], False) + rows_of([p.indicators for p in paces], True)
    last = write_rows(ws, headers, widths, rows, t("pace.sheet_heading", lang, year=latest))
    for r in range(3, last + 1):
        ws.cell(row=r, column=7).number_format = SCORE_FORMAT
    put(ws, last + 2, 1, t("pace.intro", lang))


def helix_sheet(wb: Workbook, a: Assessment, title: str, lang: str) -> None:
    ws = wb.create_sheet(title)
    fw = a.framework
    table = helix_table(a)
    order = {k: n for n, k in enumerate(PARTNERS)}
    table = table.assign(_o=table["helix"].map(order))
    headers = [
        t("col.community", lang),
        t("col.domain", lang),
        t("helix.col.partner", lang),
        t("helix.col.values", lang),
        t("helix.col.value_share", lang),
        t("helix.col.evidenced", lang),
        t("helix.col.evidenced_share", lang),
    ]
    rows = [
        [
            r.community,
            fw.domain_by_id[r.domain].name(lang),
            partner_name(r.helix, lang),
            int(r.values),
            None if pd.isna(r.value_share) else float(r.value_share),
            int(r.evidenced),
            None if pd.isna(r.evidenced_share) else float(r.evidenced_share),
        ]
        for r in table.itertuples(index=False)
    ]
    last = write_rows(ws, headers, [18, 24, 24, 10, 14, 12, 14], rows, t("helix.sheet_heading", lang))
    for r in range(3, last + 1):
        for c in (5, 7):
            ws.cell(row=r, column=c).number_format = SHARE_FORMAT
    row = last + 2
    put(ws, row, 1, t("helix.intro", lang))
    for community in a.communities:
        row += 1
        mine = table[table["community"] == community]
        prefix = f"{community}: " if len(a.communities) > 1 else ""
        put(ws, row, 1, prefix + single_partner_sentence(mine, fw, lang))
