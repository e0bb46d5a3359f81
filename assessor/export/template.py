"""The empty indicator spreadsheet a planning office fills: every indicator listed, drop-downs, instructions.

Built from the catalogue and the layout, so what the template asks for is exactly what the reader takes.
"""

from __future__ import annotations

import io
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessor.export.sheets import print_setup, put, write_table
from assessor.framework import Categorical, Framework, Lang, Level
from assessor.i18n import t
from assessor.layout import ACTIONS, EVIDENCE_LABELS, HELIX_LABELS, INDICATORS, NARRATIVES, PROFILE, label_text

LISTS_SHEET = "Lists"


def build_template(framework: Framework, lang: Lang = "en", year: int | None = None, community: str = "") -> bytes:
    """The template as xlsx bytes."""
    year = year or date.today().year - 1
    wb = Workbook()
    _instructions(wb.active, framework, lang)
    lists = _lists(wb, framework, lang)

    ws = wb.create_sheet(PROFILE.name(lang))
    write_table(ws, PROFILE, [[community, "", None, None, year, ""]], lang, t("template.profile_title", lang))

    ws = wb.create_sheet(INDICATORS.name(lang))
    keys = [c.key for c in INDICATORS.columns]
    rows = [
        [
            {
                "community": community or None,
                "indicator_id": ind.id,
                "name": ind.name(lang),
                "domain": framework.domain_by_id[ind.domain].name(lang),
                "unit": ind.unit(lang),
                "year": year,
            }.get(k)
            for k in keys
        ]
        for ind in framework.indicators
    ]
    last = write_table(
        ws, INDICATORS, rows, lang, t("template.indicators_title", lang, framework=framework.meta.name(lang))
    )
    _validations(ws, framework, lang, lists, last)
    print_setup(ws)

    ws = wb.create_sheet(NARRATIVES.name(lang))
    rows = [[community or None, n.id, n.question(lang), n.limit, None] for n in framework.narratives]
    write_table(ws, NARRATIVES, rows, lang, t("template.narratives_title", lang))
    answer = NARRATIVES.columns.index(NARRATIVES.column("answer")) + 1
    length = NARRATIVES.columns.index(NARRATIVES.column("length")) + 1
    for r in range(3, 3 + len(rows)):
        for col in (3, 5):
            ws.cell(row=r, column=col).alignment = Alignment(wrap_text=True, vertical="top")
        # Our own formula (never user text): the count updates as the answer is typed.
        ws.cell(row=r, column=length).value = f"=LEN({get_column_letter(answer)}{r})"
    print_setup(ws)

    ws = wb.create_sheet(ACTIONS.name(lang))
    write_table(ws, ACTIONS, [], lang, t("template.actions_title", lang))

    _catalogue_sheet(wb, framework, lang)
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _instructions(ws: Worksheet, framework: Framework, lang: Lang) -> None:
    ws.title = t("template.instructions_sheet", lang)
    ws.column_dimensions["A"].width = 110
    put(ws, 1, 1, t("template.instructions_title", lang))
    ws["A1"].font = Font(bold=True, size=14, color="1F4E79")
    put(ws, 2, 1, framework.meta.disclaimer(lang))
    for n, key in enumerate(
        ["step_profile", "step_indicators", "step_values", "step_evidence", "step_narratives", "step_check"], start=4
    ):
        put(ws, n, 1, t(f"template.{key}", lang))
        ws.cell(row=n, column=1).alignment = Alignment(wrap_text=True, vertical="top")
    put(ws, 11, 1, t("template.version", lang, version=framework.meta.version))


def _lists(wb: Workbook, framework: Framework, lang: Lang) -> dict[str, str]:
    """A hidden sheet holding drop-down choices; returns list name -> cell range."""
    ws = wb.create_sheet(LISTS_SHEET)
    ws.sheet_state = "hidden"
    columns = {
        "evidence": [label_text(EVIDENCE_LABELS, k, lang) for k in EVIDENCE_LABELS],
        "helix": [label_text(HELIX_LABELS, k, lang) for k in HELIX_LABELS],
    }
    first_cat = next((i.method for i in framework.indicators if isinstance(i.method, Categorical)), None)
    if first_cat is not None:
        columns["category"] = [c.label(lang) for c in first_cat.categories]
    ranges = {}
    for j, (name, values) in enumerate(columns.items(), start=1):
        letter = chr(ord("A") + j - 1)
        for i, v in enumerate(values, start=1):
            put(ws, i, j, v)
        ranges[name] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(values)}"
    return ranges


def _validations(ws: Worksheet, framework: Framework, lang: Lang, lists: dict[str, str], last: int) -> None:
    col = {c.key: i for i, c in enumerate(INDICATORS.columns, start=1)}
    letter = {k: chr(ord("A") + i - 1) for k, i in col.items()}
    # Evidence status and helix: drop-downs for the whole column, rows people add included.
    end = max(last, 3) + 500
    for key, source in (("evidence_status", "evidence"), ("helix", "helix")):
        dv = DataValidation(type="list", formula1=f"={lists[source]}", allow_blank=True)
        dv.error, dv.errorTitle = t("template.pick_from_list", lang), INDICATORS.column(key).header(lang)
        dv.add(f"{letter[key]}3:{letter[key]}{end}")
        ws.add_data_validation(dv)
    v = letter["value"]
    cat = DataValidation(type="list", formula1=f"={lists.get('category', '')}", allow_blank=True)
    pct = DataValidation(type="decimal", operator="between", formula1="0", formula2="100", allow_blank=True)
    num = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
    levels: dict[int, DataValidation] = {}
    for r, ind in enumerate(framework.indicators, start=3):
        m = ind.method
        if isinstance(m, Categorical):
            cat.add(f"{v}{r}")
        elif isinstance(m, Level):
            if m.top not in levels:
                levels[m.top] = DataValidation(
                    type="whole", operator="between", formula1="0", formula2=str(m.top), allow_blank=True
                )
            levels[m.top].add(f"{v}{r}")
        elif ind.kind == "percent":
            pct.add(f"{v}{r}")
        else:
            num.add(f"{v}{r}")
    for dv in (cat, pct, num, *levels.values()):
        dv.error, dv.errorTitle = t("template.value_invalid", lang), INDICATORS.column("value").header(lang)
        dv.showErrorMessage = True
        if dv.sqref:
            ws.add_data_validation(dv)


def _catalogue_sheet(wb: Workbook, framework: Framework, lang: Lang) -> None:
    """The criteria as a reference for whoever fills the template: what to collect, what counts as evidence."""
    ws = wb.create_sheet(t("template.catalogue_sheet", lang))
    headers = [
        t(f"template.cat_{k}", lang)
        for k in ("id", "domain", "name", "unit", "description", "guidance", "evidence", "levels", "source")
    ]
    widths = [10, 22, 36, 16, 50, 50, 40, 60, 40]
    for j, (h, w) in enumerate(zip(headers, widths, strict=True), start=1):
        put(ws, 1, j, h)
        ws.cell(row=1, column=j).font = Font(bold=True)
        ws.column_dimensions[chr(ord("A") + j - 1)].width = w
    for r, ind in enumerate(framework.indicators, start=2):
        m = ind.method
        if isinstance(m, Level):
            answers = "\n".join(f"{n}: {text(lang)}" for n, text in enumerate(m.levels))
        elif isinstance(m, Categorical):
            answers = " / ".join(c.label(lang) for c in m.categories)
        else:
            answers = ""
        values = [
            ind.id,
            framework.domain_by_id[ind.domain].name(lang),
            ind.name(lang),
            ind.unit(lang),
            ind.description(lang),
            ind.guidance(lang),
            ind.evidence(lang),
            answers,
            ind.source(lang),
        ]
        for j, value in enumerate(values, start=1):
            put(ws, r, j, value)
            ws.cell(row=r, column=j).alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = "C2"
