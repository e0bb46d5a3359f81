"""Session and workspace wiring: which assessment and version this browser session shows, in which language, by whom.

The pipeline (read -> merge -> edits -> assess) is cached by the version's recipe, whose uploads are named by the
sha256 of their bytes: a rerun after a widget change costs a dictionary look-up, not a re-read. `cache_resource`
rather than `cache_data`, because the results are frozen objects that are never mutated: handing out the same
object avoids unpickling a copy of the whole assessment on every rerun.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import unquote

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from assessor import charts
from assessor.assess import Assessment, assess
from assessor.compare import benchmark_domains
from assessor.edits import Edit, EditError, apply_edits, validated
from assessor.effective_weights import effective_weights
from assessor.framework import Benchmark, Framework, Lang, default_benchmarks, default_framework
from assessor.i18n import number, t
from assessor.merge import Merged, merge
from assessor.messages import FatalInputError
from assessor.quality import Quality, data_quality
from assessor.read.guard import read_isolated
from assessor.robustness import Robustness, robustness
from assessor.store import (
    SYSTEM,
    EditRecord,
    StaleVersionError,
    Version,
    Workspace,
    WorkspaceError,
    WorkState,
    as_text,
    default_path,
    keyed_note,
)
from assessor.submission import Submission

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "data" / "samples" / "binh_duong_illustrative.xlsx"
LANGS: tuple[Lang, ...] = ("en", "vi")


@st.cache_resource(show_spinner=False)
def framework() -> Framework:
    return default_framework()


@st.cache_resource(show_spinner=False)
def reference() -> tuple[Benchmark, pd.DataFrame]:
    """The ICF 2017 reference profile and its domain scores, scored once per process."""
    fw = framework()
    bench = default_benchmarks(fw)[0]
    return bench, benchmark_domains(bench, fw)


@st.cache_resource(show_spinner=False)
def _workspace(path: str) -> Workspace:
    return Workspace(path)


def workspace() -> Workspace:
    """The workspace named by ASSESSOR_WORKSPACE (read on every run, so tests can point it elsewhere).

    Raises WorkspaceError (not cached, so the next run tries again) when that place cannot hold a workspace.
    """
    return _workspace(str(default_path()))


def require_workspace() -> None:
    """Called by app.py before anything reads the workspace: when it cannot be opened, one sentence saying why and
    what to do, in the URL's language (the remembered one is in the workspace), then the run stops."""
    try:
        workspace()
    except WorkspaceError as err:
        wanted = st.query_params.get("lang") or os.environ.get("ASSESSOR_LANG")
        lang_: Lang = wanted if wanted in LANGS else "en"
        st.error(workspace_problem(err, lang_))
        st.stop()


def workspace_problem(err: WorkspaceError, lang_: Lang) -> str:
    """The sentence for a workspace that cannot be opened; the path as code, so Markdown leaves it as typed."""
    return t(f"workspace_error.{err.code}", lang_, path=f"`{err.path}`", detail=err.detail)


@st.cache_resource(show_spinner=False, max_entries=64)
def read_upload(ws_path: str, sha: str) -> Submission:
    """One stored upload, read; keyed by its content hash. Raises FatalInputError (not cached)."""
    name, data = _workspace(ws_path).upload(sha)
    return read_isolated(data, framework(), name)


@dataclass(frozen=True)
class Built:
    merged: Merged
    assessment: Assessment


@st.cache_resource(show_spinner=False, max_entries=32)
def build(ws_path: str, recipe: str) -> Built:
    """The assessment a version's recipe describes."""
    state = WorkState.from_json(recipe)
    subs = [read_upload(ws_path, sha) for sha in state.uploads]
    merged = merge(subs, state.resolutions)
    edited = apply_edits(merged.submission, state.overrides)
    return Built(merged, assess(edited, framework()))


@st.cache_resource(show_spinner=False, max_entries=64)
def community_view(ws_path: str, recipe: str, community: str) -> Assessment:
    return build(ws_path, recipe).assessment.for_community(community)


# ------------------------------------------------------------------ language and who


def lang() -> Lang:
    """The chosen language: this session's, else the URL's (?lang=vi survives a refresh and a bookmark), else the
    office's default (ASSESSOR_LANG, as for the command line), else English. Like the person's name, the choice
    belongs to the browser: one colleague switching to English does not switch the app for the next one."""
    if "lang" not in st.session_state:
        wanted = st.query_params.get("lang") or os.environ.get("ASSESSOR_LANG") or "en"
        st.session_state["lang"] = wanted if wanted in LANGS else "en"
    current: Lang = st.session_state["lang"]
    if st.query_params.get("lang") != current:
        st.query_params["lang"] = current
    return current


def set_lang(value: Lang) -> None:
    st.session_state["lang"] = value
    st.query_params["lang"] = value


def who() -> str:
    name = str(st.session_state.get("who") or "").strip()
    return name or t("side.anonymous", lang())


#: The cookie in which a browser remembers the name its person typed. Never the address: a link sent to a colleague
#: would carry the name with it, and their edits would be recorded under it.
WHO_COOKIE = "smart21_who"
WHO_MAX = 200
#: A year: the name stays for that browser until its person changes or clears it.
WHO_SECONDS = 365 * 24 * 3600


def remembered_who() -> str:
    """The name this browser remembers: its own cookie, as the browser sent it when the page was opened."""
    sent = st.context.cookies.get(WHO_COOKIE)
    return unquote(sent).strip()[:WHO_MAX] if isinstance(sent, str) else ""


def remember_who() -> None:
    """When the name typed in this session is not the one the browser sent, the browser is told to keep it (or to
    forget it, when cleared); a script of the app's own, the name passed as a JSON string."""
    name = str(st.session_state.get("who") or "").strip()[:WHO_MAX]
    if name == remembered_who():
        return
    # "<", ">" and "&" as escapes, so that nothing in the name can end the script or start a tag.
    value = json.dumps(name).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    age = WHO_SECONDS if name else 0
    st.html(
        f"<script>document.cookie = '{WHO_COOKIE}=' + encodeURIComponent({value}) + "
        f"'; path=/; max-age={age}; SameSite=Strict';</script>",
        unsafe_allow_javascript=True,
    )


# ------------------------------------------------------------------ the assessment shown


@dataclass(frozen=True)
class Work:
    """What this session shows: an assessment at a version, and whether a newer one exists."""

    ws: Workspace
    assessment_id: int
    name: str
    version: Version
    newest: int
    built: Built
    illustrative: bool

    @property
    def assessment(self) -> Assessment:
        return self.built.assessment

    @property
    def merged(self) -> Merged:
        return self.built.merged

    @property
    def recipe(self) -> str:
        return self.version.state.to_json()


def _seed(ws: Workspace) -> int:
    """First start with an empty workspace: the illustrative Bình Dương sample is the starting assessment, made by
    the tool itself (shown as such in each language), with its file in the same transaction."""
    if ws.read_only:
        st.warning(t("workspace.read_only_empty", lang()))
        st.stop()
    return ws.first_assessment(
        t("app.illustrative_name", "en"),
        WorkState(),
        SYSTEM,
        keyed_note("app.illustrative_note"),
        files=[(SAMPLE.name, SAMPLE.read_bytes())],
    )


def _whole(text: object) -> int | None:
    """A number from the address or a setting (`?a=2`); anything else (`?a=abc`) is no choice at all."""
    try:
        return int(str(text))
    except ValueError:
        return None


def _open_assessment(ws: Workspace) -> int:
    aid = st.session_state.get("assessment_id")
    if aid is None:
        # This browser's choice is in its address (`?a=2`); a new browser opens the assessment saved to most
        # recently, never whatever a colleague last looked at.
        remembered = _whole(st.query_params.get("a"))
        listed = ws.assessments()
        if remembered is not None and remembered in set(listed["id"]):
            aid = remembered
        elif len(listed):
            aid = int(listed["id"].iloc[0])
        else:
            aid = _seed(ws)
        st.session_state["assessment_id"] = aid
    if st.query_params.get("a") != str(aid):
        st.query_params["a"] = str(aid)
    return int(aid)


def open_assessment(aid: int) -> None:
    """Show another assessment, at its newest version, in this browser; kept in its address across refreshes."""
    st.session_state.pop("_work", None)
    st.session_state["assessment_id"] = int(aid)
    st.session_state.pop("base_version", None)
    st.session_state.pop("stale", None)
    st.query_params["a"] = str(aid)


def reload_newest() -> None:
    st.session_state.pop("_work", None)
    st.session_state.pop("base_version", None)
    st.session_state.pop("stale", None)


def begin_run() -> None:
    """Called first on every run by app.py: what `current()` found in the previous run is stale."""
    st.session_state.pop("_work", None)


def current() -> Work:
    """The assessment this session shows; looked up once per run (the sidebar and the page share it)."""
    work = st.session_state.get("_work")
    if work is None:
        work = _current()
        st.session_state["_work"] = work
    return work


def _current() -> Work:
    ws = workspace()
    aid = _open_assessment(ws)
    name, newest, version = ws.open(aid, st.session_state.get("base_version"))
    st.session_state["base_version"] = version.number
    built = build(str(ws.path), version.state.to_json())
    return Work(ws, aid, display_name(name), version, newest, built, bool(sample_shas() & set(version.state.uploads)))


@st.cache_resource(show_spinner=False, max_entries=64)
def robustness_of(ws_path: str, recipe: str, community: str) -> Robustness:
    """The Monte Carlo over the catalogue's choices, run once per assessment content (the recipe names the uploads by
    their sha256 and the edits) and community; every community sees the same draws, so its result is the one the
    whole panel would give. The function itself is the core's, pure."""
    return robustness(community_view(ws_path, recipe, community))


@st.cache_resource(show_spinner=False, max_entries=64)
def weights_of(ws_path: str, recipe: str, community: str) -> pd.DataFrame:
    """Each indicator's effective weight in the community score."""
    return effective_weights(community_view(ws_path, recipe, community))


@st.cache_resource(show_spinner=False, max_entries=64)
def radar_figure(ws_path: str, recipe: str, community: str, lang_: Lang, with_reference: bool) -> go.Figure:
    """The Overview's radar, built once per assessment, community, language and choice (plotly is slow to build)."""
    bench, bench_domains = reference()
    mc = robustness_of(ws_path, recipe, community)
    return charts.radar(
        community_view(ws_path, recipe, community),
        community,
        lang_,
        reference=bench_domains if with_reference else None,
        reference_label=bench.label(lang_),
        band=mc.domains,
        band_label=t("robustness.chart_band", lang_, draws=number(mc.perturbation.draws, lang_, 0)),
    )


@st.cache_resource(show_spinner=False, max_entries=64)
def overview_parts(ws_path: str, recipe: str, community: str, lang_: Lang) -> tuple[Quality, pd.DataFrame]:
    """The Overview's data-quality summary and its table of the ten gaps with the most impact."""
    from assessor.ui.view import indicator_table

    a = community_view(ws_path, recipe, community)
    columns = ["id", "indicator", "domain", "value", "score", "impact", "status"]
    return data_quality(a, community), indicator_table(framework(), a.priorities.head(10), lang_, columns)


@st.cache_resource(show_spinner=False)
def sample_shas() -> frozenset[str]:
    """The shipped illustrative files (the Bình Dương sample, the panel, its CSV twin): shown with a banner."""
    files = [p for p in SAMPLE.parent.iterdir() if p.suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".csv")]
    return frozenset(hashlib.sha256(p.read_bytes()).hexdigest() for p in files)


def display_name(name: str) -> str:
    """An assessment's name; the seeded sample's name follows the language."""
    return t("app.illustrative_name", lang()) if name == t("app.illustrative_name", "en") else name


def community(work: Work) -> str:
    """The community this session looks at (a panel holds several)."""
    names = work.assessment.communities
    chosen = st.session_state.get("community")
    if chosen not in names:
        chosen = names[0] if names else ""
        st.session_state["community"] = chosen
    return chosen


def save(work: Work, state: WorkState, note: str, edits=(), files: Sequence[tuple[str, bytes]] = ()) -> Version | None:
    """Save a new version based on the one shown; a stale base is refused and remembered for the banner."""
    try:
        v = work.ws.save(work.assessment_id, work.version.number, state, who(), note, edits, files=files)
    except StaleVersionError as err:
        st.session_state["stale"] = {"who": err.who, "newest": err.newest, "version": err.based_on}
        # Both values of every cell the two saves changed apart: "key" is community|indicator|year|field, or
        # community|indicator|year for the choice between two files (named as the reader reads them by the page).
        st.session_state["stale_clashes"] = [(key, theirs, mine) for key, (theirs, mine) in err.clashes.items() if key]
        return None
    st.session_state["base_version"] = v.number
    st.session_state.pop("stale", None)
    st.session_state.pop("stale_clashes", None)
    st.session_state.pop("_work", None)
    return v


def save_edits(work: Work, edits: Sequence[Edit]) -> tuple[Version | None, list[str]]:
    """Validate and save evidence edits as one new version; returns it (None if nothing saved) and the errors."""
    from assessor.ui.view import plain  # view imports this module

    lang_ = lang()
    errors: list[str] = []
    accepted: list[Edit] = []
    for e in edits:
        try:
            accepted.append(validated(e))
        except EditError as err:
            errors.append(t(f"edit_error.{err.code}", lang_, value=plain(err.value)))
    ind = work.assessment.indicators
    records: list[EditRecord] = []
    overrides = dict(work.version.state.overrides)
    for e in accepted:
        row = ind[(ind["community"] == e.community) & (ind["indicator_id"] == e.indicator_id) & (ind["year"] == e.year)]
        old = as_text(row[e.field].iloc[0]) if len(row) else None
        if old == e.value:
            continue
        overrides[e.key] = e.value
        records.append(EditRecord(e.community, e.indicator_id, e.year, e.field, old, e.value))
    if not records:
        return None, errors
    new_state = replace(work.version.state, overrides=overrides)
    return save(work, new_state, keyed_note("workspace.note_edit", n=len(records)), records), errors


@st.cache_resource(show_spinner=False, max_entries=32)
def read_bytes(sha: str, name: str, _data: bytes) -> Submission:
    """A file being uploaded, read once per content, in a child process with memory and time limits, so that no
    file can stop the server for everyone (FatalInputError is raised, not cached)."""
    return read_isolated(_data, framework(), name)


def try_read(name: str, data: bytes) -> tuple[str, Submission | None, str | None]:
    """(sha256, submission or None, the one-sentence message when the file cannot be read at all)."""
    sha = hashlib.sha256(data).hexdigest()
    try:
        return sha, read_bytes(sha, name, data), None
    except FatalInputError as err:
        return sha, None, err.message(lang())


def start_assessment(name: str, files: Sequence[tuple[str, bytes]]) -> Version:
    """A new assessment from uploaded files: the files and its first version in one transaction."""
    names = ", ".join(f for f, _ in files)
    v = workspace().create_assessment(name, WorkState(), who(), keyed_note("workspace.note_upload", names=names), files)
    open_assessment(v.assessment_id)
    return v


def add_files(work: Work, files: Sequence[tuple[str, bytes]]) -> Version | None:
    """Department files added to the assessment shown: the files and the new version in one transaction."""
    names = ", ".join(f for f, _ in files)
    return save(work, work.version.state, keyed_note("workspace.note_upload", names=names), files=files)


def choose_sources(work: Work, resolutions: dict[str, str]) -> Version | None:
    merged = {**work.version.state.resolutions, **resolutions}
    return save(work, replace(work.version.state, resolutions=merged), keyed_note("workspace.note_choices"))


def restore(work: Work, number: int) -> Version | None:
    old = work.ws.version(work.assessment_id, number)
    return save(work, old.state, keyed_note("workspace.note_restore", old=number))


def questions(work: Work, community: str) -> pd.DataFrame:
    """The reviewers' questions on this community's values, the open ones first."""
    asked = work.ws.questions(work.assessment_id)
    return asked[asked["community"] == community].reset_index(drop=True)


def open_questions(work: Work, community: str) -> int:
    return int(questions(work, community)["answer"].isna().sum())


def flash(message: str) -> None:
    """A message shown once, after the rerun that follows a save."""
    st.session_state["flash"] = message


def show_flash() -> None:
    message = st.session_state.pop("flash", None)
    if message:
        st.success(message)
