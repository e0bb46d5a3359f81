"""click in the chosen language: `--help`, usage lines, option headings, click's placeholders and defaults, and the
list of commands, each a text of the catalogue rendered in English or Vietnamese when the help is shown.

The language of a command line is `--lang`, else the `ASSESSOR_LANG` environment setting, else English; it is known
before click parses the line, so `score --lang vi --help` is in Vietnamese too.
"""

from __future__ import annotations

import os
import re

import click

from assessor.framework import Lang
from assessor.i18n import t, texts

LANG_ENV = "ASSESSOR_LANG"
LANGS: tuple[Lang, ...] = ("en", "vi")


def chosen_language(args: list[str] | tuple[str, ...]) -> Lang:
    """The language of a command line before click parses it (for --help and for an unexpected failure):
    `--lang vi` or `--lang=vi`, else ASSESSOR_LANG, else English."""
    wanted: str | None = None
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            wanted = args[i + 1]
        elif arg.startswith("--lang="):
            wanted = arg.split("=", 1)[1]
    wanted = wanted or os.environ.get(LANG_ENV)
    return wanted if wanted in LANGS else "en"  # type: ignore[return-value]


def _help_lang(ctx: click.Context) -> Lang:
    return ctx.find_root().meta.get("assessor.lang") or chosen_language(())


def _help(key: str, lang: Lang) -> str:
    """A help text from the catalogue; a help written as plain text (not a key) is shown as written, never a crash."""
    return t(key, lang) if key in texts() else key


def _option_help(option: click.Option, ctx: click.Context, lang: Lang) -> tuple[str, str] | None:
    """An option's line of --help with its help text (a catalogue key) and click's "[default: …]" in `lang`."""
    key = option.help
    option.help = _help(key, lang) if key else key
    try:
        record = option.get_help_record(ctx)
    finally:
        option.help = key
    if record is None or lang == "en":
        return record
    extra = record[1].replace("[default: ", f"[{t('cli.help_default', lang)}: ")
    return _placeholders(record[0], lang), extra.replace("[required]", f"[{t('cli.help_required', lang)}]")


def _placeholders(usage: str, lang: Lang) -> str:
    """Click's placeholders in the language: `[OPTIONS] FILES...` is `[TÙY CHỌN] TỆP...` in Vietnamese."""
    if lang == "en":
        return usage
    return re.sub(PLACEHOLDER, lambda m: t(f"cli.placeholder_{m.group(1).lower()}", lang), usage)


PLACEHOLDER = re.compile(r"\b(OPTIONS|COMMAND|ARGS|FILES|FILE|INTEGER|FLOAT|TEXT|DATE|LEVEL|SCORE|AMOUNT|YEAR|NAME)\b")


class LocalCommand(click.Command):
    """A command whose help is a text key; usage, option headings and --help itself in the chosen language."""

    def get_short_help_str(self, limit: int = 45) -> str:
        """The command's line in the list of commands: its short text (`cli.short_…`), else its help shortened."""
        key, lang = self.help or "", _help_lang(click.get_current_context())
        short = key.replace("cli.help_", "cli.short_", 1)
        return t(short, lang) if short in texts() else _shorten(_help(key, lang), limit)

    def format_usage(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)
        lang = _help_lang(ctx)
        formatter.write_usage(
            ctx.command_path, _placeholders(" ".join(pieces), lang), prefix=t("cli.help_usage", lang) + " "
        )

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        if self.help:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(_help(self.help, _help_lang(ctx)))

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        lang = _help_lang(ctx)
        records = []
        help_option = self.get_help_option(ctx)
        for param in self.get_params(ctx):
            record = _option_help(param, ctx, lang) if isinstance(param, click.Option) else None
            if record is not None and param is help_option:
                record = (record[0], t("cli.help_help", lang))
            if record is not None:
                records.append(record)
        if records:
            with formatter.section(t("cli.help_options", lang)):
                formatter.write_dl(records)
        if isinstance(self, click.Group):
            commands = [(n, self.get_command(ctx, n)) for n in self.list_commands(ctx)]
            rows = [(n, c.get_short_help_str(formatter.width - 6 - len(n))) for n, c in commands if c and not c.hidden]
            if rows:
                with formatter.section(t("cli.help_commands", lang)):
                    formatter.write_dl(rows)


class LocalGroup(LocalCommand, click.Group):
    command_class = LocalCommand

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        ctx.meta["assessor.lang"] = chosen_language(args)  # the whole line: `score --lang vi --help` too
        return super().parse_args(ctx, args)


def _shorten(text: str, limit: int) -> str:
    first = text.split(". ")[0].rstrip(".")
    return first if len(first) <= limit else first[: max(limit - 1, 1)].rstrip() + "…"
