"""The empty indicator spreadsheet a planning office fills: every indicator listed, drop-downs, instructions.

Built from the catalogue and the layout, so what the template asks for is exactly what the reader takes.
"""

from __future__ import annotations

import io
import math
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from assessor.export.sheets import print_setup, put, write_table
from assessor.framework import Categorical, Framework, Lang, Level
from assessor.i18n import LANGUAGE_TAGS, number, t
from assessor.layout import (
    ACTIONS,
    EVIDENCE_LABELS,
    HELIX_LABELS,
    INDICATORS,
    NARRATIVES,
    PROFILE,
    QUALITY_LABELS,
    label_text,
)


def lists_sheet(lang: Lang) -> str:
    """The hidden sheet of drop-down choices, named in the template's language (it shows in Excel's Unhide dialog
    and in every list rule's formula); one word, so the formulas need no quotes."""
    return t("template.lists_sheet", lang)


def build_template(framework: Framework, lang: Lang = "en", year: int | None = None, community: str = "") -> bytes:
    """The template as xlsx bytes."""
    year = year or date.today().year - 1
    wb = Workbook()
    _instructions(wb.active, framework, lang)
    wb.properties.language = LANGUAGE_TAGS[lang]  # the document's language, as Excel's File › Info shows it
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
    _action_choices(ws, lang)

    _catalogue_sheet(wb, framework, lang)
    wb.move_sheet(lists_sheet(lang), offset=len(wb.sheetnames))
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
    """A hidden sheet holding drop-down choices; returns list name -> absolute cell range.

    Lists: "evidence", "helix", "category:<ID>" for each Yes / Partial / No indicator (indicators with the same
    answers share one column) and "level:<ID>" for each rubric indicator, whose entries ("Level 3 – <rubric text>")
    are far longer than the 255 characters an inline list may hold.
    """
    ws = wb.create_sheet(lists_sheet(lang))
    ws.sheet_state = "hidden"
    columns: dict[str, list[str]] = {
        "evidence": [label_text(EVIDENCE_LABELS, k, lang) for k in EVIDENCE_LABELS],
        "helix": [label_text(HELIX_LABELS, k, lang) for k in HELIX_LABELS],
    }
    shared: dict[tuple[str, ...], str] = {}
    ranges: dict[str, str] = {}
    for ind in framework.indicators:
        m = ind.method
        if isinstance(m, Categorical):
            labels = tuple(c.label(lang) for c in m.categories)
            columns.setdefault(shared.setdefault(labels, f"category:{ind.id}"), list(labels))
            ranges[f"category:{ind.id}"] = shared[labels]  # resolved to a range below
        elif isinstance(m, Level):
            columns[f"level:{ind.id}"] = level_entries(m, lang)
    # Last, so the category and level lists keep their columns.
    columns["quality"] = [label_text(QUALITY_LABELS, k, lang) for k in QUALITY_LABELS]
    where: dict[str, str] = {}
    for j, (name, values) in enumerate(columns.items(), start=1):
        for i, v in enumerate(values, start=1):
            put(ws, i, j, v)
        letter = get_column_letter(j)
        where[name] = f"{quote_sheetname(lists_sheet(lang))}!${letter}$1:${letter}${len(values)}"
        ws.column_dimensions[letter].width = 60 if name.startswith("level:") else 20
    return {**where, **{name: where[column] for name, column in ranges.items()}}


def level_entries(method: Level, lang: Lang) -> list[str]:
    """The drop-down entries of a rubric indicator: "Mức 3 – <text of level 3>", one per level.

    The reader takes the number after "Level" / "Mức"; the text is there so the person choosing sees what it means.
    """
    return [
        t("template.level_entry", lang, level=n, text=" ".join(text(lang).split()))
        for n, text in enumerate(method.levels)
    ]


def _number(value: float) -> str:
    """A bound as an Excel formula constant: 0, -50, 0.5."""
    return str(int(value)) if value.is_integer() else repr(value)


def _bound_text(value: float, lang: Lang) -> str:
    return number(value, lang, 0 if value.is_integer() else 2)


def _range_validation(low: float, high: float, lang: Lang) -> DataValidation | None:
    """A decimal validation for the values the reader accepts, low..high (an infinite end is no end)."""
    low_set, high_set = math.isfinite(low), math.isfinite(high)
    if low_set and high_set:
        dv = DataValidation(type="decimal", operator="between", formula1=_number(low), formula2=_number(high))
        dv.error = t("template.value_between", lang, low=_bound_text(low, lang), high=_bound_text(high, lang))
    elif low_set:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1=_number(low))
        dv.error = t("template.value_at_least", lang, low=_bound_text(low, lang))
    elif high_set:
        dv = DataValidation(type="decimal", operator="lessThanOrEqual", formula1=_number(high))
        dv.error = t("template.value_at_most", lang, high=_bound_text(high, lang))
    else:
        return None
    # Warning, not stop: Excel then asks before it keeps a number out of bounds (which the reader reports as an error)
    # and still lets the person write "N/A" where there is no figure, which the reader takes as no value. Text such
    # as "85%" or "1.234,5" is turned into a number by Excel as it is typed, so the rule sees the number.
    dv.errorStyle = "warning"
    return dv


def _list_validation(source: str, message: str) -> DataValidation:
    """A drop-down that suggests rather than forbids: the reader also takes other spellings ("Mức 3", "3", "co"),
    so Excel warns and lets the person keep what they typed; `validate` then names anything it cannot read."""
    dv = DataValidation(type="list", formula1=source)
    dv.errorStyle = "warning"
    dv.error = message
    return dv


def _validations(ws: Worksheet, framework: Framework, lang: Lang, lists: dict[str, str], last: int) -> None:
    col = {c.key: i for i, c in enumerate(INDICATORS.columns, start=1)}
    letter = {k: get_column_letter(i) for k, i in col.items()}
    rules: list[DataValidation] = []
    # Evidence status, helix and data-quality class: drop-downs for the whole column, rows people add included.
    end = max(last, 3) + 500
    for key, source in (("evidence_status", "evidence"), ("helix", "helix"), ("quality", "quality")):
        dv = _list_validation(lists[source], t("template.pick_from_list", lang))
        dv.errorTitle = INDICATORS.column(key).header(lang)
        dv.add(f"{letter[key]}3:{letter[key]}{end}")
        rules.append(dv)
    v = letter["value"]
    # One rule per drop-down list (rubric indicators each have their own) and per pair of bounds.
    by_key: dict[object, DataValidation] = {}
    for r, ind in enumerate(framework.indicators, start=3):
        m = ind.method
        if isinstance(m, Categorical):
            source = lists[f"category:{ind.id}"]
            if source not in by_key:
                by_key[source] = _list_validation(source, t("template.pick_from_list", lang))
            dv = by_key[source]
        elif isinstance(m, Level):
            dv = by_key[ind.id] = _list_validation(lists[f"level:{ind.id}"], t("template.pick_level", lang, top=m.top))
        else:
            if ind.bounds not in by_key:
                made = _range_validation(*ind.bounds, lang)
                if made is None:
                    continue
                by_key[ind.bounds] = made
            dv = by_key[ind.bounds]
        dv.add(f"{v}{r}")
    rules.extend(by_key.values())
    for dv in rules:
        dv.allow_blank = True
        dv.showErrorMessage = True
        dv.errorTitle = dv.errorTitle or INDICATORS.column("value").header(lang)
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


def _action_choices(ws: Worksheet, lang: Lang) -> None:
    """Status and area drop-downs on the Actions sheet (short lists, written inline): suggestions, as elsewhere."""
    from assessor.layout import ACTION_STATUS_LABELS, AREA_LABELS

    keys = [c.key for c in ACTIONS.columns]
    for key, labels in (("status", ACTION_STATUS_LABELS), ("area", AREA_LABELS)):
        choices = ",".join(label_text(labels, k, lang) for k in labels)
        dv = _list_validation(f'"{choices}"', t("template.pick_from_list", lang))
        dv.errorTitle = ACTIONS.column(key).header(lang)
        dv.allow_blank = dv.showErrorMessage = True
        letter = get_column_letter(keys.index(key) + 1)
        dv.add(f"{letter}3:{letter}500")
        ws.add_data_validation(dv)
