"""The template's Excel rules agree with the catalogue and the reader: what Excel lets through, the reader takes."""

from __future__ import annotations

import io
import math

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from assessor.export.template import build_template, lists_sheet
from assessor.framework import Categorical, Framework, Level
from assessor.i18n import t
from assessor.layout import ACTIONS, EVIDENCE_LABELS, HELIX_LABELS, INDICATORS, label_text
from assessor.read import read_submission

VALUE = INDICATORS.columns.index(INDICATORS.column("value")) + 1
FIRST_ROW = 3


def template(framework: Framework, lang: str) -> Workbook:
    return load_workbook(io.BytesIO(build_template(framework, lang, 2025, "Huế")))


def rows(framework: Framework) -> dict[str, int]:
    return {ind.id: r for r, ind in enumerate(framework.indicators, start=FIRST_ROW)}


def rule_for(wb: Workbook, lang: str, cell: str) -> DataValidation:
    ws = wb[INDICATORS.name(lang)]
    found = [dv for dv in ws.data_validations.dataValidation if cell in dv.sqref]
    assert len(found) == 1, (cell, found)
    return found[0]


def value_rule(wb: Workbook, lang: str, framework: Framework, indicator_id: str) -> DataValidation:
    return rule_for(wb, lang, f"G{rows(framework)[indicator_id]}")


def list_entries(wb: Workbook, dv: DataValidation) -> list[str]:
    """The values a list rule offers, read from the range it names on the hidden sheet."""
    assert dv.type == "list"
    sheet, _, cells = dv.formula1.rpartition("!")
    assert sheet.strip("'") in ("Lists", "DanhSach") and not sheet.startswith("=")
    return [row[0].value for row in wb[sheet.strip("'")][cells.replace("$", "")]]


def allows(dv: DataValidation, value: float) -> bool:
    """Whether a decimal rule lets `value` through, as Excel evaluates it."""
    assert dv.type == "decimal"
    low = float(dv.formula1)
    if dv.operator == "between":
        return low <= value <= float(dv.formula2)
    if dv.operator == "greaterThanOrEqual":
        return value >= low
    if dv.operator == "lessThanOrEqual":
        return value <= low
    raise AssertionError(f"unexpected operator {dv.operator}")


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_number_rules_follow_each_indicators_bounds(framework, lang):
    wb = template(framework, lang)
    for ind in framework.indicators:
        if isinstance(ind.method, Categorical | Level):
            continue
        dv = value_rule(wb, lang, framework, ind.id)
        low, high = ind.bounds
        # Excel warns (the reader reports a number out of bounds) but keeps "N/A", which the reader takes as no value.
        assert dv.errorStyle == "warning" and dv.showErrorMessage and "N/A" in dv.error, ind.id
        assert allows(dv, low) and not allows(dv, low - 0.01), ind.id
        if math.isinf(high):
            assert dv.operator == "greaterThanOrEqual" and allows(dv, 1e12), ind.id
        else:
            assert allows(dv, high) and not allows(dv, high + 0.01), ind.id


def test_a_fall_in_employment_is_allowed(framework):
    """WRK06 scores negative growth (goalpost floor -1): Excel must not refuse -0.5 as it once did."""
    wb = template(framework, "vi")
    dv = value_rule(wb, "vi", framework, "WRK06")
    assert allows(dv, -0.5) and allows(dv, -50) and not allows(dv, -50.5) and not allows(dv, 50.5)
    assert (dv.operator, dv.formula1, dv.formula2) == ("between", "-50", "50")
    assert "-50" in dv.error and "50" in dv.error
    percent = value_rule(wb, "vi", framework, "CON01")
    assert not allows(percent, -0.5) and allows(percent, 100) and not allows(percent, 100.5)


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_rubric_levels_are_a_drop_down_of_their_texts(framework, lang):
    wb = template(framework, lang)
    assert wb[lists_sheet(lang)].sheet_state == "hidden"
    assert lists_sheet(lang) == {"en": "Lists", "vi": "DanhSach"}[lang]
    word = {"en": "Level", "vi": "Mức"}[lang]
    levels = [i for i in framework.indicators if isinstance(i.method, Level)]
    assert levels
    sources = set()
    for ind in levels:
        dv = value_rule(wb, lang, framework, ind.id)
        entries = list_entries(wb, dv)
        assert entries == [f"{word} {n} – {' '.join(text(lang).split())}" for n, text in enumerate(ind.method.levels)]
        # Typed alternatives the reader takes ("Mức 3", "3") must not be refused: never a stop-style rule.
        assert dv.errorStyle != "stop" and dv.errorStyle in ("warning", "information")
        assert dv.error == t("template.pick_level", lang, top=ind.method.top)
        sources.add(dv.formula1)
    assert len(sources) == len(levels)  # each indicator its own rubric


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_status_helix_and_yes_partial_no_drop_downs_remain(framework, lang):
    wb = template(framework, lang)
    status = rule_for(wb, lang, "H3")
    assert list_entries(wb, status) == [label_text(EVIDENCE_LABELS, k, lang) for k in EVIDENCE_LABELS]
    assert "H500" in status.sqref  # rows people add below the template's own
    helix = rule_for(wb, lang, "L3")
    assert list_entries(wb, helix) == [label_text(HELIX_LABELS, k, lang) for k in HELIX_LABELS]
    for ind in framework.indicators:
        if isinstance(ind.method, Categorical):
            dv = value_rule(wb, lang, framework, ind.id)
            assert list_entries(wb, dv) == [c.label(lang) for c in ind.method.categories]
            assert dv.errorStyle == "warning"  # "co", "x", "Yes" in a Vietnamese file are read too


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_excel_limits_on_messages(framework, lang):
    """Excel refuses a file whose validation message is over 255 characters or whose title is over 32."""
    ws = template(framework, lang)[INDICATORS.name(lang)]
    for dv in ws.data_validations.dataValidation:
        assert dv.error and len(dv.error) <= 255, dv.error
        assert dv.errorTitle and len(dv.errorTitle) <= 32, dv.errorTitle


def test_a_filled_template_reads_back(framework):
    """A planner's choices, as Excel stores them, come back as the values meant."""
    wb = template(framework, "vi")
    ws = wb[INDICATORS.name("vi")]
    at = rows(framework)
    levels = [i.id for i in framework.indicators if isinstance(i.method, Level)]
    chosen, typed, spelled = levels[0], levels[1], levels[2]
    entry = list_entries(wb, value_rule(wb, "vi", framework, chosen))[3]
    assert entry.startswith("Mức 3 – ")
    ws.cell(at["WRK06"], VALUE).value = -0.5
    ws.cell(at[chosen], VALUE).value = entry
    ws.cell(at[typed], VALUE).value = 3
    ws.cell(at[spelled], VALUE).value = "Mức 2"
    buf = io.BytesIO()
    wb.save(buf)

    sub = read_submission(buf.getvalue(), framework, "chi-so.xlsx")
    values = sub.indicators.set_index("indicator_id")["value"]
    assert values["WRK06"] == -0.5
    assert values[typed] == 3
    assert values[spelled] == 2
    assert values[chosen] == 3  # the drop-down entry "Mức 3 – <rubric text>"
    problems = sub.issues[sub.issues["severity"] != "info"]
    assert problems.empty, problems[["code", "row", "value"]].to_dict("records")


@pytest.mark.parametrize("lang, header", [("en", "Cost (million VND)"), ("vi", "Kinh phí (triệu đồng)")])
def test_the_action_cost_column_names_its_unit(framework, lang, header):
    wb = template(framework, lang)
    sheet = wb[ACTIONS.name(lang)]
    headers = [c.value for row in sheet.iter_rows(max_row=3) for c in row if c.value]
    assert header in headers
