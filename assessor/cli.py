"""`python -m assessor ...`: template, validate, score, and the exports, for a planning office's command line.

Every failure a user can cause ends in one plain sentence and a non-zero exit code, never a traceback. Several files
(departments, partners) are merged exactly as the app merges them; conflicting values are listed and not scored.

Exit codes: 0 done; 1 the files have errors (validate) or nothing to score; 2 something unexpected;
3 done, but conflicts between the files are still open (their values were not scored).

The language is `--lang`, else the `ASSESSOR_LANG` environment setting, else English; `--help` follows it too: help
texts are keys of the text catalogue, rendered when the help is shown.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import os
import stat
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from assessor.cli_help import LANG_ENV, LANGS, LocalGroup, chosen_language
from assessor.framework import CatalogueError, Categorical, Framework, Indicator, Lang, load_framework
from assessor.i18n import number, percent, t
from assessor.layout import EVIDENCE_LABELS, label_text
from assessor.messages import FatalInputError, is_missing, shown
from assessor.read.guard import Reading

if TYPE_CHECKING:  # pandas and the scoring load once a file is being read (see `read_files`)
    from assessor.assess import Assessment
    from assessor.merge import Merged

LANG = click.option(
    "--lang",
    type=click.Choice(LANGS),
    default="en",
    show_default=False,  # the default is ASSESSOR_LANG where it is set: the help text says so
    envvar=LANG_ENV,
    show_envvar=False,
    help="cli.help_lang",
)
CATALOGUE = click.option(
    "--catalogue",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="cli.help_catalogue",
)


OUT = click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="cli.help_out",
)
FORCE = click.option("--force", is_flag=True, default=False, help="cli.help_force")
YEAR = click.option("--year", type=int, default=None, metavar="YEAR", help="cli.help_year")
COMMUNITY = click.option("--community", default=None, metavar="NAME", help="cli.help_community")


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
    """Every file read and merged as the app merges uploads; the first file that cannot be read stops, said plainly.
    Each is read in a child process with the app's memory and time bounds: a file that would make the native
    reader allocate gigabytes or abort is one sentence, never a crash.

    The first child starts before this process has loaded pandas and the scoring; they load while it reads."""
    reading = Reading(files[0], framework, files[0].name)
    from assessor.assess import assess  # noqa: F401  (loaded now, while the child reads; used by the caller)
    from assessor.merge import merge

    subs = []
    for k, file in enumerate(files):
        try:
            reading = reading if k == 0 else Reading(file, framework, file.name)
            subs.append(reading.submission())  # within memory and time bounds
        except FatalInputError as err:
            raise Refusal(err.message(lang), lang) from None
    return merge(subs)


def load_assessment(
    files: tuple[Path, ...] | Path, catalogue: Path | None, lang: Lang, year: int | None = None
) -> tuple[Assessment, int]:
    """The assessment of one file or of several merged, and how many conflicts are open (listed on stderr)."""
    from assessor.assess import assess

    framework = _framework(catalogue)
    merged = read_files(files if isinstance(files, tuple) else (files,), framework, lang)
    _report_conflicts(merged, framework, lang)
    result = assess(merged.submission, framework, year)
    if result.overall.empty:
        what = t("cli.no_data_year", lang, year=year) if year else t("cli.no_data", lang)
        raise Refusal(what, lang)
    return result, merged.open_conflicts


def _report_conflicts(merged: Merged, framework: Framework, lang: Lang) -> None:
    """Each open conflict on stderr: the indicator, the year and what each file says."""
    conflicts = merged.conflicts[merged.conflicts["chosen"].isna()]
    if conflicts.empty:
        return
    click.echo(t("cli.conflicts_open", lang, n=merged.open_conflicts), err=True)
    for (community, indicator, year), group in conflicts.groupby(["community", "indicator_id", "year"], sort=True):
        said = "; ".join(
            f"{f} ({t('cli.row', lang, row=r)}): {_in_language(v, framework.by_id.get(indicator), lang)}"
            for f, r, v in group[["file", "row", "value"]].itertuples(index=False)
        )
        click.echo(f"  {community} · {indicator} · {year}: {said}", err=True)


def _in_language(value: str, indicator: Indicator | None, lang: Lang) -> str:
    """A conflicting value as the language writes it: numbers as 0,95 in Vietnamese, an answer by its name."""
    if indicator is not None and isinstance(indicator.method, Categorical):
        names = {c.id: c.label(lang) for c in indicator.method.categories}
        return names.get(value, value)
    try:
        return shown(float(value), lang)
    except ValueError:
        return value


def _done(open_conflicts: int) -> None:
    if open_conflicts:
        sys.exit(OPEN_CONFLICTS)


def _target(out: Path, inputs: tuple[Path, ...], force: bool, lang: Lang) -> None:
    """Before any work: the output is never one of the inputs (the catalogue included), replaces an existing file
    only with --force, and goes into a folder that exists (a mistyped folder is not made, as `cp` does not)."""
    for source in inputs:
        if out.exists() and source.exists() and os.path.samefile(out, source):  # symbolic and hard links too
            raise Refusal(t("cli.out_is_input", lang, path=str(out)), lang)
    if out.exists() and not force:
        raise Refusal(t("cli.out_exists", lang, path=str(out)), lang)
    if out.exists() and not out.is_file():
        raise Refusal(t("cli.cannot_write", lang, path=str(out), reason=t("cli.not_a_file", lang)), lang)
    if not out.parent.is_dir():
        raise Refusal(t("cli.no_such_folder", lang, path=str(out), folder=str(out.parent)), lang)


def _mode_for(out: Path) -> int:
    try:
        return stat.S_IMODE(out.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _write(out: Path, data: bytes, lang: Lang) -> None:
    """Written whole or not at all: to a temporary file beside the output, then renamed into place."""
    temporary = None
    try:
        with tempfile.NamedTemporaryFile(dir=out.parent, prefix=f".{out.name}.", delete=False) as handle:
            temporary = Path(handle.name)
            handle.write(data)
        # A temporary file is private (0600); the output gets the permissions any new file gets here (the umask),
        # or those of the file it replaces, so colleagues can open a deck written to a shared folder.
        os.chmod(temporary, _mode_for(out))
        os.replace(temporary, out)
    except OSError as err:
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        raise Refusal(t("cli.cannot_write", lang, path=str(out), reason=err.strerror), lang) from None
    click.echo(t("cli.written", lang, path=str(out), size=number(len(data) / 1024, lang, 0)))


@click.group(cls=LocalGroup, help="cli.help_main")
def main() -> None:
    pass


@main.command(help="cli.help_template")
@OUT
@FORCE
@click.option("--year", type=int, default=None, metavar="YEAR", help="cli.help_template_year")
@click.option("--community", default="", metavar="NAME", help="cli.help_template_community")
@LANG
@CATALOGUE
def template(out: Path, force: bool, year: int | None, community: str, lang: Lang, catalogue: Path | None) -> None:
    from assessor.export.template import build_template

    _target(out, (catalogue,) if catalogue else (), force, lang)
    _write(out, build_template(_framework(catalogue), lang, year, community), lang)


@main.command(help="cli.help_validate")
@FILES
@LANG
@CATALOGUE
def validate(files: tuple[Path, ...], lang: Lang, catalogue: Path | None) -> None:
    from assessor.issues import localised

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
                t("cli.row", lang, row=r["row"]) if not is_missing(r["row"]) else "",
                r["column"],
            )
            if isinstance(x, str) and x
        )
        click.echo(f"{t('severity.' + r['severity'], lang).upper():8} {where}: {r['message']} — {r['hint']}")
    _report_conflicts(merged, framework, lang)
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
    sys.exit(1 if sub.has_errors else OPEN_CONFLICTS if merged.open_conflicts else 0)


def output_format(help_key: str) -> Callable:
    """`--format table|json|csv`, the same for every command that prints a result."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["table", "json", "csv"]),
        default="table",
        show_default=True,
        help=help_key,
    )


@main.command(help="cli.help_score")
@FILES
@output_format("cli.help_format")
@YEAR
@LANG
@CATALOGUE
def score(files: tuple[Path, ...], fmt: str, year: int | None, lang: Lang, catalogue: Path | None) -> None:
    result, open_conflicts = load_assessment(files, catalogue, lang, year)
    if fmt == "json":
        from assessor.records import assessment_records

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


@main.command(help="cli.help_export")
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


@main.command(help="cli.help_deck")
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


@main.command(help="cli.help_brief")
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
    from assessor.export.brief import FontNotFoundError, leadership_brief

    def build(result: Assessment, c: str | None) -> bytes:
        try:
            return leadership_brief(result, lang, c)
        except FontNotFoundError as err:  # its detail (what to install) is English: our sentence leads
            raise Refusal(t("cli.export_failed", lang, error=str(err)), lang) from None

    _produce(build, files, out, force, year, community, lang, catalogue)


@main.command(help="cli.help_plan")
@FILES
@click.option("--until", default=None, metavar="DATE", help="cli.help_until")
@click.option("--target-level", default=None, metavar="LEVEL", help="cli.help_target_level")
@click.option("--target-score", default=None, metavar="SCORE", help="cli.help_target_score")
@click.option("--budget", default=None, metavar="AMOUNT", help="cli.help_budget")
@click.option("--as-of", "as_of", default=None, metavar="DATE", help="cli.help_as_of")
@output_format("cli.help_plan_format")
@YEAR
@COMMUNITY
@LANG
@CATALOGUE
def plan(**options: Any) -> None:
    from assessor.plan_cli import plan_command  # the roadmap's modules load only for this command

    plan_command(**options)


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
    _target(out, (*files, catalogue) if catalogue else files, force, lang)
    result, open_conflicts = load_assessment(files, catalogue, lang, year)
    _write(out, build(result, _community(result, community, lang)), lang)
    _done(open_conflicts)


CSV_COLUMNS = ["community", "year", "domain", "indicator_id", "value", "label", "evidence_status", "score", "evidenced"]
CSV_COLUMNS += ["gap", "impact"]
CSV_DIGITS = {"value": 6, "score": 2, "evidenced": 2, "gap": 2, "impact": 3}


def _csv(result: Assessment, lang: Lang) -> str:
    """In English a machine format: commas, decimal points, ids. In Vietnamese the table that Excel set to Vietnamese
    opens in columns: `;` between fields, decimal commas, a byte-order mark (so Excel reads UTF-8), Vietnamese headers,
    domain names, evidence statuses and answers."""
    frame = result.indicators[CSV_COLUMNS].round({k: d for k, d in CSV_DIGITS.items() if k != "value"})
    buf = io.StringIO()
    if lang == "en":
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(CSV_COLUMNS)
        writer.writerows(frame.astype(object).where(frame.notna(), "").itertuples(index=False))
        return buf.getvalue()
    fw = result.framework
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    writer.writerow([t(f"cli.csv_{c}", lang) for c in CSV_COLUMNS])
    for r in frame.to_dict("records"):
        ind = fw.by_id.get(r["indicator_id"])
        categorical = ind is not None and isinstance(ind.method, Categorical)
        answers = {c.id: c.label(lang) for c in ind.method.categories} if categorical else {}  # type: ignore[union-attr]
        numbers = {
            k: "" if is_missing(r[k]) else number(float(r[k]), lang, d, trim=True) for k, d in CSV_DIGITS.items()
        }
        row = {
            **numbers,
            "community": r["community"],
            "year": int(r["year"]),
            "domain": fw.domain_by_id[r["domain"]].name(lang) if r["domain"] in fw.domain_by_id else r["domain"],
            "indicator_id": r["indicator_id"],
            "label": answers.get(r["label"], "") if isinstance(r["label"], str) else "",
            "evidence_status": label_text(EVIDENCE_LABELS, r["evidence_status"], lang)
            if r["evidence_status"] in EVIDENCE_LABELS
            else "",
        }
        writer.writerow([row[c] for c in CSV_COLUMNS])
    return "\ufeff" + buf.getvalue()


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
    return f"  {domain:30} {score:>7} {evidenced:>14} {coverage:>15}  {level}"  # wide enough for the Vietnamese headers


def run() -> None:
    """Entry point: click's own errors are plain sentences; anything unexpected is too, without a traceback."""
    _leave(_outcome(chosen_language(sys.argv[1:])))


def _outcome(lang: Lang) -> int:
    """The command run, and its exit code."""
    try:
        code = main(standalone_mode=False)  # --help returns 0 here instead of exiting
    except SystemExit as done:  # a command's own exit code (validate, open conflicts)
        code = done.code
    except click.exceptions.Abort:
        click.echo(t("cli.aborted", lang), err=True)
        return 1
    except Refusal as err:
        err.show()
        return err.exit_code
    except click.UsageError as err:  # click words these in English: a sentence in the language leads
        detail = err.format_message().rstrip(".")
        click.echo(t("cli.usage_error", lang, detail=detail, command=_command_path(err)), err=True)
        return err.exit_code
    except click.ClickException as err:
        click.echo(f"{t('cli.error', lang)} {err.format_message()}", err=True)
        return err.exit_code
    except Exception as err:  # last line of defence: a user never sees a traceback
        click.echo(t("cli.unexpected", lang, error=type(err).__name__), err=True)
        return 2
    return code if isinstance(code, int) else 0


def _leave(code: int) -> None:
    """The output flushed, the process ends at once: its work is done and written, and tearing a panel's frames
    down one object at a time would cost a tenth of a second more of the person's wait."""
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except (BrokenPipeError, ValueError):  # `| head` closed the pipe: nothing more can be said
        pass
    logging.shutdown()
    os._exit(code)


def _command_path(err: click.UsageError) -> str:
    return err.ctx.command_path if err.ctx is not None else "python -m assessor"
