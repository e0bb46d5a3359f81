"""`python -m assessor ...`: template, validate, score, and the exports, for a planning office's command line.

Every failure a user can cause ends in one plain sentence and a non-zero exit code, never a traceback. Several files
(departments, partners) are merged exactly as the app merges them; conflicting values are listed and not scored.

Exit codes: 0 done; 1 the files have errors (validate) or nothing to score; 2 something unexpected;
3 done, but conflicts between the files are still open (their values were not scored).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import click
import pandas as pd

from assessor.assess import Assessment, assess
from assessor.framework import CatalogueError, Framework, Lang, load_framework
from assessor.i18n import number, percent, t
from assessor.issues import FatalInputError, localised, shown
from assessor.merge import Merged, merge
from assessor.read import read_submission
from assessor.records import assessment_records

LANG = click.option("--lang", type=click.Choice(["en", "vi"]), default="en", show_default=True, help="Language.")
CATALOGUE = click.option(
    "--catalogue",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Criteria catalogue (YAML); the shipped ICF-style catalogue by default.",
)


OUT = click.option(
    "--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write."
)
FORCE = click.option("--force", is_flag=True, default=False, help="Replace the output file if it already exists.")
YEAR = click.option("--year", type=int, default=None, help="Year to assess (the latest of each community by default).")
COMMUNITY = click.option("--community", default=None, help="Community of a panel (the first by default).")


def _framework(path: Path | None) -> Framework:
    try:
        return load_framework(path) if path else load_framework()
    except CatalogueError as err:
        raise Refusal(str(err)) from None


OPEN_CONFLICTS = 3


class Refusal(click.ClickException):
    """A plain sentence for the user after "Lỗi:" or "Error:", in the chosen language (click's prefix is English)."""

    def __init__(self, message: str, lang: Lang = "en") -> None:
        super().__init__(message)
        self.lang = lang

    def show(self, file: object = None) -> None:
        click.echo(f"{t('cli.error', self.lang)} {self.format_message()}", err=True)


FILES = click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))


def read_files(files: tuple[Path, ...], framework: Framework, lang: Lang) -> Merged:
    """Every file read and merged as the app merges uploads; the first file that cannot be read stops, said plainly."""
    subs = []
    for file in files:
        try:
            subs.append(read_submission(file, framework))
        except FatalInputError as err:
            raise Refusal(err.message(lang), lang) from None
    return merge(subs)


def load_assessment(
    files: tuple[Path, ...] | Path, catalogue: Path | None, lang: Lang, year: int | None = None
) -> tuple[Assessment, int]:
    """The assessment of one file or of several merged, and how many conflicts are open (listed on stderr)."""
    framework = _framework(catalogue)
    merged = read_files(files if isinstance(files, tuple) else (files,), framework, lang)
    _report_conflicts(merged, lang)
    result = assess(merged.submission, framework, year)
    if result.overall.empty:
        what = t("cli.no_data_year", lang, year=year) if year else t("cli.no_data", lang)
        raise Refusal(what, lang)
    return result, merged.open_conflicts


def _report_conflicts(merged: Merged, lang: Lang) -> None:
    """Each open conflict on stderr: the indicator, the year and what each file says."""
    conflicts = merged.conflicts[merged.conflicts["chosen"].isna()]
    if conflicts.empty:
        return
    click.echo(t("cli.conflicts_open", lang, n=merged.open_conflicts), err=True)
    for (community, indicator, year), group in conflicts.groupby(["community", "indicator_id", "year"], sort=True):
        said = "; ".join(
            f"{f} ({t('cli.row', lang, row=r)}): {_in_language(v, lang)}"
            for f, r, v in group[["file", "row", "value"]].itertuples(index=False)
        )
        click.echo(f"  {community} · {indicator} · {year}: {said}", err=True)


def _in_language(value: str, lang: Lang) -> str:
    """A conflicting value as the language writes numbers (0,95 in Vietnamese); a label as it is."""
    try:
        return shown(float(value), lang)
    except ValueError:
        return value


def _done(open_conflicts: int) -> None:
    if open_conflicts:
        sys.exit(OPEN_CONFLICTS)


def _target(out: Path, inputs: tuple[Path, ...], force: bool, lang: Lang) -> None:
    """Before any work: the output is never one of the inputs, and replaces an existing file only with --force."""
    for source in inputs:
        if out.exists() and source.exists() and os.path.samefile(out, source):  # symbolic and hard links too
            raise Refusal(t("cli.out_is_input", lang, path=str(out)), lang)
    if out.exists() and not force:
        raise Refusal(t("cli.out_exists", lang, path=str(out)), lang)
    if out.exists() and not out.is_file():
        raise Refusal(t("cli.cannot_write", lang, path=str(out), reason=t("cli.not_a_file", lang)), lang)


def _write(out: Path, data: bytes, lang: Lang) -> None:
    """Written whole or not at all: to a temporary file beside the output, then renamed into place."""
    temporary = None
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
        os.replace(temporary, out)
    except OSError as err:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise Refusal(t("cli.cannot_write", lang, path=str(out), reason=err.strerror), lang) from None
    click.echo(t("cli.written", lang, path=str(out), size=number(len(data) / 1024, lang, 0)))


@click.group(help="ICF-style Smart21 readiness self-assessment (not an ICF score).")
def main() -> None:
    pass


@main.command(help="Write an empty indicator spreadsheet listing every indicator.")
@OUT
@FORCE
@click.option("--year", type=int, default=None, help="Year pre-filled in every row (last year by default).")
@click.option("--community", default="", help="Community name pre-filled in the Profile.")
@LANG
@CATALOGUE
def template(out: Path, force: bool, year: int | None, community: str, lang: Lang, catalogue: Path | None) -> None:
    from assessor.export.template import build_template

    _target(out, (), force, lang)
    _write(out, build_template(_framework(catalogue), lang, year, community), lang)


@main.command(help="Check spreadsheets (several are merged); exit 0 when they have no errors, 1 when they have.")
@FILES
@LANG
@CATALOGUE
def validate(files: tuple[Path, ...], lang: Lang, catalogue: Path | None) -> None:
    framework = _framework(catalogue)
    merged = read_files(files, framework, lang)
    sub = merged.submission
    issues = localised(sub.issues, lang)
    for r in issues.to_dict("records"):
        where = ", ".join(
            str(x)
            for x in (
                r.get("file") if len(files) > 1 else "",
                r["sheet"],
                t("cli.row", lang, row=r["row"]) if pd.notna(r["row"]) else "",
                r["column"],
            )
            if isinstance(x, str) and x
        )
        click.echo(f"{t('severity.' + r['severity'], lang).upper():8} {where}: {r['message']} — {r['hint']}")
    _report_conflicts(merged, lang)
    counts = sub.issues["severity"].value_counts()
    click.echo(
        t(
            "cli.validate_summary",
            lang,
            rows=number(len(sub.indicators), lang, 0),
            communities=len(sub.communities),
            errors=int(counts.get("error", 0)),
            warnings=int(counts.get("warning", 0)),
            infos=int(counts.get("info", 0)),
        )
    )
    sys.exit(1 if sub.has_errors or merged.open_conflicts else 0)


@main.command(help="Score spreadsheets (several are merged) and print the ICF-style self-assessment.")
@FILES
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@YEAR
@LANG
@CATALOGUE
def score(files: tuple[Path, ...], fmt: str, year: int | None, lang: Lang, catalogue: Path | None) -> None:
    result, open_conflicts = load_assessment(files, catalogue, lang, year)
    if fmt == "json":
        # Indented for a person at a terminal; compact (and several times faster to write) when piped to a file.
        indent = 2 if sys.stdout.isatty() else None
        click.echo(json.dumps(assessment_records(result, lang), ensure_ascii=False, indent=indent, allow_nan=False))
    elif fmt == "csv":
        click.echo(_csv(result, lang), nl=False)
    else:
        click.echo(_table(result, lang))
    _done(open_conflicts)


def _community(result: Assessment, community: str | None, lang: Lang) -> str | None:
    if community is not None and community not in result.communities:
        raise Refusal(t("cli.unknown_community", lang, community=community, known=", ".join(result.communities)), lang)
    return community


@main.command(help="Write the evidence workbook (xlsx): scores, evidence, issues, method, and the data to re-import.")
@FILES
@OUT
@FORCE
@YEAR
@LANG
@CATALOGUE
def export(
    files: tuple[Path, ...], out: Path, force: bool, year: int | None, lang: Lang, catalogue: Path | None
) -> None:
    from assessor.export.evidence import evidence_workbook

    _produce(lambda result, _: evidence_workbook(result, lang), files, out, force, year, None, lang, catalogue)


@main.command(help="Write the leadership deck (pptx, 16:9, native charts).")
@FILES
@OUT
@FORCE
@YEAR
@COMMUNITY
@LANG
@CATALOGUE
def deck(
    files: tuple[Path, ...],
    out: Path,
    force: bool,
    year: int | None,
    community: str | None,
    lang: Lang,
    catalogue: Path | None,
) -> None:
    from assessor.export.deck import leadership_deck

    _produce(lambda result, c: leadership_deck(result, lang, c), files, out, force, year, community, lang, catalogue)


@main.command(help="Write the leadership brief (PDF, A4, 2-4 pages).")
@FILES
@OUT
@FORCE
@YEAR
@COMMUNITY
@LANG
@CATALOGUE
def brief(
    files: tuple[Path, ...],
    out: Path,
    force: bool,
    year: int | None,
    community: str | None,
    lang: Lang,
    catalogue: Path | None,
) -> None:
    from assessor.export.brief import leadership_brief

    _produce(lambda result, c: leadership_brief(result, lang, c), files, out, force, year, community, lang, catalogue)


def _produce(
    build: Callable[[Assessment, str | None], bytes],
    files: tuple[Path, ...],
    out: Path,
    force: bool,
    year: int | None,
    community: str | None,
    lang: Lang,
    catalogue: Path | None,
) -> None:
    """An export: the output checked before any work, the files assessed, the bytes built and written whole."""
    _target(out, files, force, lang)
    result, open_conflicts = load_assessment(files, catalogue, lang, year)
    _write(out, build(result, _community(result, community, lang)), lang)
    _done(open_conflicts)


def _csv(result: Assessment, lang: Lang) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    cols = ["community", "year", "domain", "indicator_id", "value", "label", "evidence_status", "score", "evidenced"]
    writer.writerow([*cols, "gap", "impact"])
    frame = result.indicators[[*cols, "gap", "impact"]].round({"score": 2, "evidenced": 2, "gap": 2, "impact": 3})
    writer.writerows(frame.astype(object).where(frame.notna(), "").itertuples(index=False))
    return buf.getvalue()


def _table(result: Assessment, lang: Lang) -> str:
    fw = result.framework
    level_name = {lv.id: lv.name(lang) for lv in fw.levels}
    lines = [t("cli.disclaimer", lang), ""]
    for o in result.overall.to_dict("records"):
        c = o["community"]
        lines.append(t("cli.community_line", lang, community=c, year=int(o["year"])))
        lines.append(
            t(
                "cli.overall_line",
                lang,
                score=number(o["score"], lang),
                evidenced=number(o["evidenced_score"], lang),
                gap=number(o["evidence_gap"], lang),
                level=level_name[o["level"]],
            )
        )
        lines.append("")
        lines.append(_row(*(t(f"cli.col_{k}", lang) for k in ("domain", "score", "evidenced", "coverage", "level"))))
        for d in result.domains[result.domains["community"] == c].to_dict("records"):
            flag = f"  ({t('cli.insufficient', lang)})" if d["insufficient"] else ""
            lines.append(
                _row(
                    fw.domain_by_id[d["domain"]].name(lang),
                    number(d["score"], lang),
                    number(d["evidenced_score"], lang),
                    percent(d["coverage"], lang),
                    level_name[d["level"]] + flag,
                )
            )
        lines.append("")
        lines.append("  " + t("cli.top_gaps", lang))
        top = result.priorities[result.priorities["community"] == c].head(5)
        score_word, impact_word = t("cli.col_score", lang), t("cli.impact", lang)
        for p in top.to_dict("records"):
            name = fw.by_id[p["indicator_id"]].name(lang)
            name = name if len(name) <= 46 else name[:45] + "…"
            score, impact = number(p["score"], lang), number(p["impact"], lang, 2)
            lines.append(f"  {p['indicator_id']}  {name:46} {score_word} {score:>5}  {impact_word} +{impact}")
        lines.append("")
    counts = result.issues["severity"].value_counts()
    lines.append(
        t("cli.issue_summary", lang, errors=int(counts.get("error", 0)), warnings=int(counts.get("warning", 0)))
    )
    return "\n".join(lines)


def _row(domain: str, score: str, evidenced: str, coverage: str, level: str) -> str:
    return f"  {domain:30} {score:>7} {evidenced:>11} {coverage:>8}  {level}"


def run() -> None:
    """Entry point: click's own errors are plain sentences; anything unexpected is too, without a traceback."""
    try:
        main(standalone_mode=True)
    except Exception as err:  # last line of defence: a user never sees a traceback
        click.echo(t("cli.unexpected", "en", error=type(err).__name__), err=True)
        sys.exit(2)
