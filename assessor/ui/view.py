"""Drawing helpers shared by the pages: the page header, values and labels as a reader expects them in each language.

Formatting only: every number shown here was computed by the core.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager

import pandas as pd
import streamlit as st

from assessor.edits import EDITABLE
from assessor.framework import Categorical, Framework, Lang, Level
from assessor.i18n import moment, number, percent, t
from assessor.layout import EVIDENCE_LABELS, HELIX_LABELS, SHEETS, label_text
from assessor.store import SYSTEM, note_parts
from assessor.ui import state
from assessor.ui.state import Work

#: Column widths of the evidence register's grid, in pixels (fixed, so a cell's place on the canvas is known).
REGISTER_WIDTHS = {
    "indicator_id": 70,
    "indicator": 260,
    "value": 130,
    "evidence_status": 150,
    "evidence": 380,
    "source_url": 240,
    "owner": 220,
}


LOG = logging.getLogger("assessor.app")


@contextmanager
def unexpected_errors(lang: Lang) -> Iterator[None]:
    """An error nobody foresaw: one sentence in the reader's language on the page, the details in the server's
    log, never code in the browser. Streamlit's own stop and rerun signals are not errors and pass through."""
    try:
        yield
    except Exception:
        LOG.exception("unexpected error while drawing the page")
        st.error(t("app.unexpected", lang))


#: Every character Markdown may act on; "=" (a line of them makes the line above a heading) and "&" (an entity such
#: as &lt; would be shown as the character it names) included.
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$=&])")


#: Where Markdown would make a link of bare text (`http://`, `www.`, `name@host`): a word joiner (invisible) breaks it.
_AUTOLINK = re.compile(r"(?i)(://|\bwww(?=\.)|@)")


def plain(text: object) -> str:
    """People's text (a community, a file or a person's name, a typed value) as text in Streamlit's Markdown:
    `![x](http://…)`, `[x](javascript:…)`, `<img onerror>`, `:red[…]`, `$…$` and a bare address appear as typed,
    load nothing and link nowhere (the only links are the validated ones, drawn as links on purpose)."""
    unlinked = _AUTOLINK.sub(lambda m: m.group(1)[0] + "\u2060" + m.group(1)[1:], str(text))
    return _MARKDOWN.sub(r"\\\1", unlinked)


def needs_scores(work: Work, lang: Lang) -> None:
    """Pages that show scores: when nothing in the files could be scored, one sentence and the way to the issues."""
    if work.assessment.communities:
        return
    st.warning(t("app.nothing_scored", lang))
    st.page_link("assessor/ui/pages/issues.py", label=t("nav.issues", lang), icon=":material/report:")
    st.stop()


def header(work: Work, lang: Lang, title_key: str, community: str | None = None) -> None:
    """Title, the illustrative-data banner, stale-save and newer-version warnings: the same on every page."""
    # No anchor: its link would be made of the community's name, which is people's text.
    st.title(t(title_key, lang, community=plain(community or "")), anchor=False)
    a = work.assessment
    year = a.overall.loc[a.overall["community"] == community, "year"] if community else pd.Series(dtype="Int64")
    st.caption(
        t(
            "app.caption",
            lang,
            framework=t("app.tagline", lang),
            community=plain(community or ", ".join(a.communities[:3])),
            year=int(year.iloc[0]) if len(year) else "–",
            assessment=plain(work.name),
            version=work.version.number,
        )
    )
    if work.illustrative:
        st.info(t("app.illustrative", lang), icon="ℹ️")
    if work.ws.read_only:
        st.warning(t("workspace.read_only", lang), icon="🔒")
    stale = st.session_state.get("stale")
    if stale:
        st.error(t("common.stale", lang, **{k: plain(v) for k, v in stale.items()}))
        for cell, theirs, mine in st.session_state.get("stale_clashes", []):
            st.caption(
                t(
                    "common.stale_clash",
                    lang,
                    cell=plain(cell_name(cell, lang)),
                    theirs=plain(cell_value(work, cell, theirs, lang)),
                    mine=plain(cell_value(work, cell, mine, lang)),
                )
            )
        st.button(t("common.reload", lang), key="reload_stale", on_click=state.reload_newest, type="primary")
    elif work.newest > work.version.number:
        st.warning(t("common.newer", lang, newest=work.newest, version=work.version.number))
        st.button(t("common.reload", lang), key="reload_newer", on_click=state.reload_newest)
    if work.merged.open_conflicts:
        st.warning(t("common.open_conflicts", lang, n=work.merged.open_conflicts))


def cell_name(key: str, lang: Lang) -> str:
    """A cell two saves changed apart, as a reader names it: community · indicator · year · the column's header."""
    parts = key.split("|")
    if len(parts) == 4 and parts[3] in EDITABLE:
        parts[3] = t(f"col.{'status' if parts[3] == 'evidence_status' else parts[3]}", lang)
    return " · ".join(parts)


def cell_value(work: Work, key: str, value: object, lang: Lang) -> str:
    """A value in such a cell as the page shows it: a status by its name, a choice between files by the file's."""
    if value is None or value == "":
        return "–"
    if key.endswith("|evidence_status"):
        return status_name(value, lang)
    if key.count("|") == 2:  # which file's value counts: stored as the file's sha256
        names = work.ws.uploads().set_index("sha256")["name"]
        return str(names.get(value, value))
    return str(value)


def score(v: float | None, lang: Lang) -> str:
    return number(_float(v), lang, 1)


def _float(v: object) -> float | None:
    if v is None or v is pd.NA:
        return None
    try:
        f = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return None if math.isnan(f) else f


def level_name(fw: Framework, level_id: object, lang: Lang) -> str:
    for lv in fw.levels:
        if lv.id == level_id:
            return lv.name(lang)
    return "–"


def status_name(status: object, lang: Lang) -> str:
    return label_text(EVIDENCE_LABELS, status, lang) if isinstance(status, str) and status in EVIDENCE_LABELS else "–"


def helix_name(helix: object, lang: Lang) -> str:
    known = isinstance(helix, str) and helix in HELIX_LABELS
    return label_text(HELIX_LABELS, str(helix), lang) if known else t("priorities.no_helix", lang)


def value_text(fw: Framework, indicator_id: str, value: object, label: object, lang: Lang) -> str:
    """A value as written for a reader: the category's label, the rubric level, or the number with its unit."""
    ind = fw.by_id.get(indicator_id)
    if ind is None:
        return "–"
    if isinstance(ind.method, Categorical):
        for c in ind.method.categories:
            if isinstance(label, str) and c.id == label:
                return c.label(lang)
        return "–"
    v = _float(value)
    if v is None:
        return "–"
    if isinstance(ind.method, Level):
        return t("view.level_value", lang, level=int(v), top=ind.method.top)
    digits = 0 if float(v).is_integer() else (1 if abs(v) >= 10 else 2)
    unit = ind.unit(lang)
    glue = "" if unit.startswith("%") else " "  # 72% and 72,5%/năm: no space before the percent sign in either
    return f"{number(v, lang, digits, trim=True)}{glue}{unit}".strip()  # 2,4%/năm, not 2,40


def indicator_table(fw: Framework, rows: pd.DataFrame, lang: Lang, columns: list[str]) -> pd.DataFrame:
    """The indicator rows of an assessment as a display table with headers in `lang`."""
    out: dict[str, list[object]] = {}
    ids = rows["indicator_id"].tolist()
    makers = {
        "id": lambda: ids,
        "indicator": lambda: [fw.by_id[i].name(lang) for i in ids],
        "domain": lambda: [fw.domain_by_id[d].name(lang) for d in rows["domain"]],
        "value": lambda: [
            value_text(fw, i, v, lb, lang) for i, v, lb in zip(ids, rows["value"], rows["label"], strict=True)
        ],
        "score": lambda: [score(v, lang) for v in rows["score"]],
        "gap": lambda: [score(v, lang) for v in rows["gap"]],
        "impact": lambda: [number(_float(v), lang, 2) for v in rows["impact"]],
        "effective_weight": lambda: [percent(_float(v), lang, 1) for v in rows["effective_weight"]],
        "status": lambda: [status_name(s, lang) for s in rows["evidence_status"]],
        "helix": lambda: [helix_name(h, lang) for h in rows["helix"]],
        "owner": lambda: [_text(o) for o in rows["owner"]],
        "guidance": lambda: [fw.by_id[i].evidence(lang) for i in ids],
    }
    for c in columns:
        out[t(f"col.{c}", lang)] = makers[c]()
    return pd.DataFrame(out)


def _text(v: object) -> str:
    return "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)


def share(v: float, lang: Lang) -> str:
    return percent(v, lang, 0)


def table(frame: pd.DataFrame, height: int | None = None, key: str | None = None) -> None:
    st.dataframe(frame, hide_index=True, width="stretch", height=height or "auto", key=key)


def when(stamp: object) -> str:
    """A stored UTC timestamp in Vietnam's time, as the page's language writes it: 27/11/2026 23:44."""
    text = _text(stamp)
    return moment(text, state.lang()) if text else ""


def person(who: object, lang: Lang) -> str:
    """Who did something: a person's name as typed; what the tool did by itself, as the system."""
    return t("app.system_author", lang) if who == SYSTEM else _text(who)


def note_text(stored: object, lang: Lang) -> str:
    """A version's note in the reader's language (notes are stored as a text key and its parameters)."""
    parts = note_parts(_text(stored))
    if parts is None:
        return _text(stored)  # a note written as text by an earlier version of the tool
    key, params = parts
    return t(key, lang, **params)


def column_header(key: object, lang: Lang) -> str:
    """A column key of the spreadsheet layout (`value`) as its header reads in `lang` (`Giá trị`)."""
    for sheet in SHEETS:
        for c in sheet.columns:
            if c.key == key:
                return c.header(lang)
    return _text(key)
