"""The evidence workbook: the assessment as the application team works with it, and a lossless copy of the input.

Report sheets (Summary with a native chart, one sheet per domain, Evidence register, Data issues, Method) sit in
front of the layout's own sheets (Profile, Indicators with every row read, Narratives, Actions), so importing the
workbook back gives the same submission and the same assessment.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from typing import Any

import pandas as pd
from lxml import etree
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from assessor.assess import Assessment
from assessor.charts import CLAIMED, EVIDENCED, LEVEL_COLOURS
from assessor.effective_weights import effective_weights
from assessor.export import story
from assessor.export.plan_sheet import plan_sheet
from assessor.export.progress_sheets import helix_sheet, pace_sheet
from assessor.export.questions_sheet import questions_sheet
from assessor.export.sheets import TITLE_FONT, print_setup, put, put_link, write_rows
from assessor.export.submission_sheets import value_cell, write_submission
from assessor.framework import Bands, Categorical, Framework, Goalpost, Lang, Level
from assessor.i18n import LANGUAGE_TAGS, moment, number, percent, t
from assessor.issues import localised
from assessor.layout import EVIDENCE_LABELS, HELIX_LABELS, NARRATIVES, SHEETS, fold, label_text
from assessor.robustness import robustness

SCORE_FORMAT = "0.0"
IMPACT_FORMAT = "0.00"
STATUS_FILLS = {
    "verified": "C6EFCE",
    "documented": "C6EFCE",
    "self-reported": "FFEB9C",
    "none": "FFC7CE",
}
SEVERITY_FILLS = {"error": "FFC7CE", "warning": "FFEB9C", "info": "DDEBF7"}


def evidence_workbook(assessment: Assessment, lang: Lang = "en", questions: pd.DataFrame | None = None) -> bytes:
    """The evidence workbook as xlsx bytes (every community of the assessment); with the workspace's reviewer
    `questions` (as `Workspace.questions` gives them) when there are any to carry."""
    fw = assessment.framework
    wb = Workbook()
    wb.properties.language = LANGUAGE_TAGS[lang]  # the document's language, as Excel's File › Info shows it
    _summary(wb.active, assessment, lang)
    for domain in fw.domains:
        _domain_sheet(wb, assessment, domain.id, lang)
    _register(wb, assessment, lang)
    plan_sheet(wb, assessment, sheet_title(t("plan.sheet", lang)), lang)
    pace_sheet(wb, assessment, sheet_title(t("pace.sheet", lang)), lang)
    helix_sheet(wb, assessment, sheet_title(t("helix.sheet", lang)), lang)
    if assessment.submission is not None:
        write_submission(wb, assessment.submission, fw, lang)
    _issues(wb, assessment, lang)
    if questions is not None:
        questions_sheet(wb, questions, fw, sheet_title(t("questions.sheet", lang)), lang)
    _method(wb, assessment, lang)
    # Report sheets first, then the data the reader takes back.
    order = [t("export.summary_sheet", lang)] + [sheet_title(d.name(lang)) for d in fw.domains]
    order += [t("export.register_sheet", lang), NARRATIVES.name(lang), t("export.issues_sheet", lang)]
    order += [t("export.method_sheet", lang)]
    for position, title in enumerate(x for x in order if x in wb.sheetnames):
        wb.move_sheet(title, offset=position - wb.sheetnames.index(title))
    buf = io.BytesIO()
    wb.save(buf)
    return _tag_charts(buf.getvalue(), LANGUAGE_TAGS[lang])


CHART_NS = "http://schemas.openxmlformats.org/drawingml/2006/chart"
DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _tag_charts(xlsx: bytes, tag: str) -> bytes:
    """The workbook with each chart in its language (c:lang, and the language of the chart's text runs), as the deck
    tags its charts: openpyxl has no setting for it. Cells carry no language in Excel, so nothing else changes."""
    src = zipfile.ZipFile(io.BytesIO(xlsx))
    if not any(n.startswith("xl/charts/chart") for n in src.namelist()):
        return xlsx
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename.startswith("xl/charts/chart") and item.filename.endswith(".xml"):
                root = etree.fromstring(data)
                lang = root.find(f"{{{CHART_NS}}}lang")
                if lang is None:  # c:lang follows c:date1904 when there is one
                    lang = etree.Element(f"{{{CHART_NS}}}lang")
                    anchor = root.find(f"{{{CHART_NS}}}date1904")
                    root.insert(0 if anchor is None else root.index(anchor) + 1, lang)
                lang.set("val", tag)
                for props in root.iter(
                    f"{{{DRAWING_NS}}}rPr", f"{{{DRAWING_NS}}}defRPr", f"{{{DRAWING_NS}}}endParaRPr"
                ):
                    props.set("lang", tag)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            dst.writestr(item, data)
    return out.getvalue()


def sheet_title(name: str) -> str:
    """An Excel-safe sheet name (31 characters, none of []:*?/\\) that the reader never takes for a layout sheet."""
    title = re.sub(r"[\[\]:*?/\\]", "-", name)[:31]
    layout_names = set().union(*(s.names() for s in SHEETS))
    return title if fold(title) not in layout_names else f"{title[:29]} ·"


def _level_name(fw: Framework, level: Any, lang: Lang) -> str:
    return next((lv.name(lang) for lv in fw.levels if lv.id == level), "–")


def _level_fill(level: Any) -> PatternFill | None:
    colour = LEVEL_COLOURS.get(str(level))
    return PatternFill("solid", fgColor=colour.lstrip("#")) if colour else None


def _formats(ws: Worksheet, first: int, last: int, formats: dict[int, str]) -> None:
    for col, fmt in formats.items():
        for r in range(first, last + 1):
            ws.cell(row=r, column=col).number_format = fmt


# ---------------------------------------------------------------- summary


def _summary(ws: Worksheet, a: Assessment, lang: Lang) -> None:
    fw = a.framework
    ws.title = t("export.summary_sheet", lang)
    put(ws, 1, 1, t("export.workbook_title", lang, framework=fw.meta.name(lang)))
    ws["A1"].font = Font(bold=True, size=14, color="1F4E79")
    put(ws, 2, 1, t("export.disclaimer", lang))
    ws["A2"].font = Font(italic=True, color="555555")

    headers = [t(f"export.col_{k}", lang) for k in ("community", "year", "claimed", "evidenced", "evidence_gap")]
    headers += [t("export.col_coverage", lang), t("export.col_level", lang)]
    rows = [
        [
            o["community"],
            int(o["year"]),
            o["score"],
            o["evidenced_score"],
            o["evidence_gap"],
            o["coverage"],
            _level_name(fw, o["level"], lang),
        ]
        for o in a.overall.to_dict("records")
    ]
    top = 4
    last = write_rows(ws, headers, [28, 8, 14, 14, 14, 12, 18], rows, t("export.overall_title", lang), top)
    _formats(ws, top + 2, last, {3: SCORE_FORMAT, 4: SCORE_FORMAT, 5: SCORE_FORMAT, 6: "0%"})
    for r, o in zip(range(top + 2, last + 1), a.overall.to_dict("records"), strict=True):
        ws.cell(row=r, column=7).fill = _level_fill(o["level"]) or PatternFill()
        ws.cell(row=r, column=7).font = Font(bold=True, color="FFFFFF")

    dom_top = last + 2
    headers = [t(f"export.col_{k}", lang) for k in ("community", "domain", "claimed", "evidenced", "evidence_gap")]
    headers += [t("export.col_coverage", lang), t("export.col_level", lang), t("export.col_note", lang)]
    names = {d.id: d.name(lang) for d in fw.domains}
    records = a.domains.to_dict("records")
    rows = [
        [
            d["community"],
            names[d["domain"]],
            d["score"],
            d["evidenced_score"],
            _diff(d["score"], d["evidenced_score"]),
            d["coverage"],
            _level_name(fw, d["level"], lang),
            t("export.insufficient", lang) if d["insufficient"] else None,
        ]
        for d in records
    ]
    last = write_rows(ws, headers, [28, 30, 14, 14, 14, 12, 18, 22], rows, t("export.domains_title", lang), dom_top)
    first = dom_top + 2
    _formats(ws, first, last, {3: SCORE_FORMAT, 4: SCORE_FORMAT, 5: SCORE_FORMAT, 6: "0%"})
    for r, d in zip(range(first, last + 1), records, strict=True):
        fill = _level_fill(d["level"])
        if fill:
            ws.cell(row=r, column=7).fill = fill
            ws.cell(row=r, column=7).font = Font(bold=True, color="FFFFFF")
    ws.freeze_panes = "A4"
    ws.column_dimensions["A"].width = 34

    chart_row = last + 2
    if len(a.overall) == 1 and rows:
        _bar_chart(ws, t("chart.domains_title", lang), 2, first, last, f"A{chart_row}")
    elif len(a.overall) > 1:
        _bar_chart(ws, t("export.communities_chart", lang), 1, top + 2, top + 1 + len(a.overall), f"A{chart_row}")
    print_setup(ws)
    ws.print_title_rows = None


def _diff(score: Any, evidenced: Any) -> Any:
    return None if pd.isna(score) or pd.isna(evidenced) else score - evidenced


def _bar_chart(ws: Worksheet, title: str, label_col: int, first: int, last: int, anchor: str) -> None:
    """Claimed against evidenced score (columns C and D of the table above), as a native, editable Excel chart."""
    chart = BarChart()
    chart.type = "bar"
    chart.style = 10
    chart.title = title
    chart.y_axis.scaling.min, chart.y_axis.scaling.max = 0, 100
    chart.y_axis.majorGridlines = None
    data = Reference(ws, min_col=3, max_col=4, min_row=first - 1, max_row=last)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=label_col, min_row=first, max_row=last))
    for series, colour in zip(chart.series, (CLAIMED, EVIDENCED), strict=True):
        series.graphicalProperties.solidFill = colour.lstrip("#")
        series.graphicalProperties.line.solidFill = colour.lstrip("#")
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.height, chart.width = 9.5, 22
    ws.add_chart(chart, anchor)


# ---------------------------------------------------------------- domains and register


def _status_rules(ws: Worksheet, col: int, first: int, last: int, lang: Lang) -> None:
    """Green where the evidence counts, amber where it is only self-reported, red where there is none."""
    ref = f"{get_column_letter(col)}{first}:{get_column_letter(col)}{max(last, first)}"
    for key, colour in STATUS_FILLS.items():
        word = label_text(EVIDENCE_LABELS, key, lang).replace('"', '""')
        fill = PatternFill("solid", fgColor=colour, bgColor=colour)
        ws.conditional_formatting.add(ref, CellIsRule(operator="equal", formula=[f'"{word}"'], fill=fill))


def _status(key: Any, lang: Lang) -> Any:
    return label_text(EVIDENCE_LABELS, key, lang) if isinstance(key, str) and key in EVIDENCE_LABELS else None


def _helix(key: Any, lang: Lang) -> Any:
    return label_text(HELIX_LABELS, key, lang) if isinstance(key, str) and key in HELIX_LABELS else None


def _domain_sheet(wb: Workbook, a: Assessment, domain: str, lang: Lang) -> None:
    fw = a.framework
    ws = wb.create_sheet(sheet_title(fw.domain_by_id[domain].name(lang)))
    panel = len(a.overall) > 1
    keys = ["community"] if panel else []
    keys += ["indicator_id", "indicator", "value", "unit", "score", "evidenced", "gap", "impact", "status"]
    keys += ["evidence", "source_url", "owner", "helix"]
    widths = {
        "community": 24,
        "indicator_id": 10,
        "indicator": 44,
        "value": 14,
        "unit": 14,
        "score": 9,
        "evidenced": 11,
        "gap": 9,
        "impact": 10,
        "status": 16,
        "evidence": 48,
        "source_url": 36,
        "owner": 26,
        "helix": 14,
    }
    inds = a.indicators[a.indicators["domain"] == domain]
    rows, formats = [], []
    for r in inds.to_dict("records"):
        ind = fw.by_id[r["indicator_id"]]
        value, value_format = value_cell(r, fw, lang) if pd.notna(r["score"]) else (None, None)
        formats.append(value_format)
        cells = {
            "community": r["community"],
            "indicator_id": r["indicator_id"],
            "indicator": ind.name(lang),
            "value": value,
            "unit": ind.unit(lang),
            "score": r["score"],
            "evidenced": r["evidenced"],
            "gap": r["gap"],
            "impact": r["impact"],
            "status": _status(r["evidence_status"], lang),
            "evidence": r["evidence"],
            "source_url": r["source_url"],
            "owner": r["owner"],
            "helix": _helix(r["helix"], lang),
        }
        rows.append([cells[k] for k in keys])
    doms = a.domains[a.domains["domain"] == domain]
    if len(doms) == 1:
        d = doms.iloc[0]
        title = t(
            "export.domain_title",
            lang,
            domain=fw.domain_by_id[domain].name(lang),
            year=int(d["year"]),
            score=number(d["score"], lang),
            evidenced=number(d["evidenced_score"], lang),
            level=_level_name(fw, d["level"], lang),
        )
    else:
        title = fw.domain_by_id[domain].name(lang)
    last = write_rows(ws, [t(f"export.col_{k}", lang) for k in keys], [widths[k] for k in keys], rows, title)
    col = {k: j for j, k in enumerate(keys, start=1)}
    _formats(
        ws,
        3,
        last,
        {
            col["score"]: SCORE_FORMAT,
            col["evidenced"]: SCORE_FORMAT,
            col["gap"]: SCORE_FORMAT,
            col["impact"]: IMPACT_FORMAT,
        },
    )
    for r, value_format in zip(range(3, last + 1), formats, strict=True):
        if value_format:  # percentage points with a literal % sign, as in the Indicators sheet
            ws.cell(row=r, column=col["value"]).number_format = value_format
    for r in range(3, last + 1):
        put_link(ws, r, col["source_url"], ws.cell(row=r, column=col["source_url"]).value)
        for k in ("indicator", "evidence"):
            ws.cell(row=r, column=col[k]).alignment = Alignment(wrap_text=True, vertical="top")
    _status_rules(ws, col["status"], 3, last, lang)
    print_setup(ws)


def _register(wb: Workbook, a: Assessment, lang: Lang) -> None:
    """Every value the assessment counts, with its evidence and the points that do not count for want of it."""
    fw = a.framework
    ws = wb.create_sheet(t("export.register_sheet", lang))
    keys = ["community", "indicator_id", "indicator", "domain", "year", "status", "evidence", "source_url", "owner"]
    keys += ["helix", "points_at_stake", "notes"]
    widths = [24, 10, 40, 22, 8, 16, 48, 36, 26, 14, 12, 30]
    rows = []
    for r in a.indicators[a.indicators["score"].notna()].to_dict("records"):
        ind = fw.by_id[r["indicator_id"]]
        rows.append(
            [
                r["community"],
                r["indicator_id"],
                ind.name(lang),
                fw.domain_by_id[ind.domain].name(lang),
                int(r["year"]),
                _status(r["evidence_status"], lang),
                r["evidence"],
                r["source_url"],
                r["owner"],
                _helix(r["helix"], lang),
                r["evidence_impact"],
                r["notes"],
            ]
        )
    last = write_rows(ws, [t(f"export.col_{k}", lang) for k in keys], widths, rows, t("export.register_title", lang))
    col = {k: j for j, k in enumerate(keys, start=1)}
    _formats(ws, 3, last, {col["points_at_stake"]: IMPACT_FORMAT})
    for r in range(3, last + 1):
        put_link(ws, r, col["source_url"], ws.cell(row=r, column=col["source_url"]).value)
        ws.cell(row=r, column=col["evidence"]).alignment = Alignment(wrap_text=True, vertical="top")
    _status_rules(ws, col["status"], 3, last, lang)
    print_setup(ws)


# ---------------------------------------------------------------- issues and method


def _issues(wb: Workbook, a: Assessment, lang: Lang) -> None:
    ws = wb.create_sheet(t("export.issues_sheet", lang))
    issues = localised(a.issues, lang)
    keys = ["severity", "sheet", "row", "column", "value", "message", "hint"]
    rows = [
        [t(f"severity.{i['severity']}", lang), i["sheet"], i["row"], i["column"], i["value"], i["message"], i["hint"]]
        for i in issues.to_dict("records")
    ]
    if not rows:
        rows = [[None, None, None, None, None, t("export.no_issues", lang), None]]
    last = write_rows(
        ws,
        [t(f"export.col_{k}", lang) for k in keys],
        [12, 16, 8, 16, 24, 70, 60],
        rows,
        t("export.issues_title", lang),
    )
    for r, i in zip(range(3, last + 1), issues.to_dict("records"), strict=False):
        ws.cell(row=r, column=1).fill = PatternFill("solid", fgColor=SEVERITY_FILLS.get(i["severity"], "FFFFFF"))
        for c in (6, 7):
            ws.cell(row=r, column=c).alignment = Alignment(wrap_text=True, vertical="top")
    print_setup(ws)


def method_text(ind_method: Any, lang: Lang) -> tuple[str, str]:
    """A scoring method's name and its parameters, in words."""
    m = ind_method
    if isinstance(m, Goalpost):
        return t("export.method_goalpost", lang), t(
            "export.params_goalpost",
            lang,
            floor=number(m.floor, lang, 2, trim=True),
            target=number(m.target, lang, 2, trim=True),
        )
    if isinstance(m, Bands):
        edges = " / ".join(number(e, lang, 2, trim=True) for e in m.edges)
        points = " / ".join(number(p, lang, 0) for p in m.points)
        direction = t("export.lower_better" if m.lower_is_better else "export.higher_better", lang)
        return t("export.method_bands", lang), t(
            "export.params_bands",
            lang,
            target=number(m.target, lang, 2, trim=True),
            edges=edges,
            points=points,
            direction=direction,
        )
    if isinstance(m, Categorical):
        cats = "; ".join(f"{c.label(lang)} = {number(c.score, lang, 0)}" for c in m.categories)
        return t("export.method_categorical", lang), cats
    assert isinstance(m, Level)
    return t("export.method_level", lang), t(
        "export.params_level", lang, top=m.top, step=number(100 / m.top, lang, 1, trim=True)
    )


def _method(wb: Workbook, a: Assessment, lang: Lang) -> None:
    """Everything needed to rebuild the numbers: catalogue, methods, weights, thresholds, the input's fingerprint."""
    fw = a.framework
    ws = wb.create_sheet(t("export.method_sheet", lang))
    put(ws, 1, 1, t("export.method_title", lang))
    ws["A1"].font = TITLE_FONT
    facts = [
        ("catalogue", f"{fw.meta.name(lang)} ({fw.meta.id})"),
        ("catalogue_version", fw.meta.version),
        ("aggregation", t(f"export.aggregation_{fw.meta.aggregation}", lang)),
        ("min_coverage", percent(fw.meta.min_coverage, lang)),
        ("evidence_rule", t("export.evidence_rule", lang)),
        ("impact_rule", t("export.impact_rule", lang)),
        ("levels", "; ".join(f"{lv.name(lang)} ≥ {number(lv.min, lang, 0)}" for lv in fw.levels)),
        ("domain_weights", "; ".join(f"{d.name(lang)} × {number(d.weight, lang, 1, trim=True)}" for d in fw.domains)),
        ("input_file", a.source or "–"),
        ("sha256", a.sha256 or "–"),
        ("generated", t("export.generated_at", lang, time=moment(datetime.now(UTC), lang))),
        ("goalposts_note", fw.meta.goalposts_note(lang)),
        ("disclaimer", fw.meta.disclaimer(lang)),
    ]
    if fw.meta.icf_process is not None:
        facts.append(("icf_process", fw.meta.icf_process(lang)))
    caveats = story.reference_caveats(a, lang)
    if caveats:
        facts.append(("reference", caveats))
    mc = robustness(a)
    facts.append(
        (
            "robustness.fact_robustness",
            " ".join(
                f"{c}: {mc.sentence(c, lang)} {mc.band(c, lang)}."
                if len(a.communities) > 1
                else f"{mc.sentence(c, lang)} {mc.band(c, lang)}. {mc.level_shares(c, lang)} {mc.drivers(c, lang)}"
                for c in a.communities
            ),
        )
    )
    facts.append(("robustness.fact_method", mc.explain(lang)))
    for r, (_, value) in enumerate(facts, start=2):
        if len(str(value)) > 140:  # a merged cell does not grow with its text: room for the lines it needs
            ws.row_dimensions[r].height = 15 * (len(str(value)) // 140 + 1)
    for r, (key, value) in enumerate(facts, start=2):
        put(ws, r, 1, t(key if "." in key else f"export.fact_{key}", lang))
        ws.cell(row=r, column=1).font = Font(bold=True)
        put(ws, r, 2, value)
        ws.cell(row=r, column=2).alignment = Alignment(wrap_text=True, vertical="top")
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 30

    keys = ["indicator_id", "indicator", "domain", "weight", "method", "parameters", "unit", "origin"]
    rows = []
    for ind in fw.indicators:
        name, params = method_text(ind.method, lang)
        rows.append(
            [
                ind.id,
                ind.name(lang),
                fw.domain_by_id[ind.domain].name(lang),
                ind.weight,
                name,
                params,
                ind.unit(lang),
                ind.source(lang),
            ]
        )
    top = len(facts) + 3
    write_rows(
        ws,
        [t(f"export.col_{k}", lang) for k in keys],
        [30, 44, 24, 9, 22, 60, 16, 50],
        rows,
        t("export.indicator_methods_title", lang),
        top,
    )
    for r in range(2, top):
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=6)
    _effective_weights(ws, a, lang, top + len(rows) + 3)
    ws.freeze_panes = None
    print_setup(ws)
    ws.print_title_rows = None


def _effective_weights(ws: Worksheet, a: Assessment, lang: Lang, top: int) -> None:
    """Each indicator's real share of its community score after coverage, beside the catalogue's share.

    The columns are ordered to fit the widths of the table above, which share the sheet's columns."""
    fw = a.framework
    ew = effective_weights(a)
    keys = [
        "export.col_community",
        "export.col_indicator",
        "export.col_domain",
        "export.col_indicator_id",
        "col.effective_weight",
        "robustness.col_has_data",
        "robustness.col_nominal_weight",
    ]
    rows = []
    for r in ew.to_dict("records"):
        note = (
            "robustness.counted_as_zero"
            if r["counted_as_zero"]
            else ("robustness.yes" if r["has_data"] else "robustness.no")
        )
        rows.append(
            [
                r["community"],
                fw.by_id[r["indicator_id"]].name(lang),
                fw.domain_by_id[r["domain"]].name(lang),
                r["indicator_id"],
                r["effective_weight"],
                t(note, lang),
                r["nominal_weight"],
            ]
        )
    last = write_rows(
        ws, [t(k, lang) for k in keys], [30, 44, 24, 9, 22, 60, 16], rows, t("robustness.weights_title", lang), top
    )
    _formats(ws, top + 2, last, {5: "0.0%", 7: "0.0%"})
