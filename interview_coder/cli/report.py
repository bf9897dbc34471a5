"""``report``: frequencies, factors, compare, keywords, cooccurrence, quotes, kwic, matrix, saturation,
respondents and all.

Each command parses options, calls one function of interview_coder.analysis (the same ones
``interview_coder.open(path)`` uses) and hands the tables to the one writer behind ``--format``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from interview_coder.cli.common import (
    Progress,
    emit,
    filter_options,
    handle_errors,
    open_project,
    output_options,
    project_option,
    quiet_option,
    say,
    scope,
)

F = TypeVar("F", bound=Callable[..., Any])


def _common(func: F) -> F:
    return project_option(output_options(filter_options()(func)))


def _by(default: str | None = None) -> Callable[[F], F]:
    help_text = "Split by this respondent attribute (e.g. group)." + (f" [default: {default}]" if default else "")
    return click.option("--by", "by", default=default, metavar="ATTR", help=help_text)


def _tables(*names: str) -> Callable[[F], F]:
    """``--table``: which of a report's tables to write (a CSV holds one; the first unless chosen)."""
    return click.option("--table", "table", type=click.Choice(names), default=None,
                        help=f"Write only this table (csv and parquet write {names[0]} unless chosen).")


def _pick(tables: list[Any], names: tuple[str, ...], table: str | None, fmt: str) -> list[Any]:
    if table:
        return [tables[names.index(table)]]
    if fmt in ("csv", "parquet"):
        kind = "CSV" if fmt == "csv" else "Parquet file"
        click.echo(f"note: a {kind} holds one table, so this is {names[0]}; the other with --table "
                   f"{' / '.join(names[1:])} (report all writes each)", err=True)
        return tables[:1]
    return tables


def _chart(func: F) -> F:
    func = click.option("--labels", type=click.Choice(["en", "zh", "both"]), default="both", show_default=True,
                        help="Chart labels: English names, Chinese names, or both.")(func)
    return click.option("--chart", "chart", type=click.Path(dir_okay=False), default=None, metavar="FILE.png|svg",
                        help="Also draw a grouped bar chart (% of respondents) to this file.")(func)


def _scope(project: Any, coders: tuple[str, ...], status: str, transcripts: tuple[str, ...], where: tuple[str, ...],
           by: str | None = None) -> Any:
    return scope(project, coders, status, transcripts, where, by)


def _draw(project: Any, frame: Any, chart: str | None, labels: str) -> None:
    if not chart:
        return
    from interview_coder.analysis.charts import table_chart
    from interview_coder.io.charts import draw_chart

    for warning in draw_chart(table_chart(project, frame), chart, labels):
        click.echo(f"warning: {warning}", err=True)
    click.echo(f"Chart written to {chart}", err=True)


@click.group()
def report() -> None:
    """Tables for the paper: frequencies, SIM factors, group comparison, quotes, matrices.

    Every report counts accepted codings by default (--status all adds suggestions; rejected
    codings never count). Example: interview-coder report factors --by group
    """


@report.command("frequencies")
@_common
@_by()
@_chart
@click.option("--unit", type=click.Choice(["respondent", "organisation"]), default="respondent", show_default=True,
              help="Count respondents, or organisations (the respondent attribute 'organisation': a firm counts "
                   "once however many of its people were interviewed).")
@handle_errors
def frequencies_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
                    transcripts: tuple[str, ...], where: tuple[str, ...], by: str | None, chart: str | None,
                    labels: str, unit: str) -> None:
    """One row per code (per group with --by): passages, respondents, respondents_pct, keyword_hits.

    With --unit organisation: organisations with the code, of organisations in scope, %, 95% CI.
    Example: interview-coder report frequencies --by group --format csv -o codes.csv --chart codes.png
    """
    from interview_coder.analysis.frequencies import code_frequencies, frequency_table

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where, by)
        if unit == "organisation":
            from interview_coder.analysis.organisations import organisation_frequencies

            emit([organisation_frequencies(project, filters, by)], fmt, output, bom)
            return
        frame = code_frequencies(project, filters, by)
        _draw(project, frame, chart, labels)
    emit([frequency_table(frame, by)], fmt, output, bom)


FACTOR_TABLES = ("factors", "drivers")
RESPONDENT_TABLES = ("respondents", "respondent_totals")
KEYWORD_TABLES = ("keywords", "keyword_totals")
COOCCURRENCE_TABLES = ("cooccurrence", "cooccurrence_matrix")
@report.command("saturation")
@_common
@click.option("--order", type=click.Choice(["import", "attribute"]), default="import", show_default=True,
              help="Add interviews in import order, or ordered by --attribute (e.g. an interview date).")
@click.option("--attribute", metavar="ATTR", help="The respondent attribute --order attribute sorts by.")
@_chart
@handle_errors
def saturation_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
                   transcripts: tuple[str, ...], where: tuple[str, ...], order: str, attribute: str | None,
                   chart: str | None, labels: str) -> None:
    """New codes and new keywords per added interview, and the cumulative totals (the saturation curve).

    Example: interview-coder report saturation --order attribute --attribute date --chart saturation.png
    """
    from interview_coder.analysis.saturation import saturation, saturation_chart

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where)
        table = saturation(project, filters, order, attribute)
    if chart:
        from interview_coder.io.charts import draw_chart

        for warning in draw_chart(saturation_chart(table), chart, labels):
            click.echo(f"warning: {warning}", err=True)
        click.echo(f"Chart written to {chart}", err=True)
    emit([table], fmt, output, bom)


@report.command("respondents")
@_common
@_by("group")
@click.option("--attrs", metavar="A,B", help="Only these attributes in the first table (comma-separated; default all).")
@_tables(*RESPONDENT_TABLES)
@handle_errors
def respondents_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
                    transcripts: tuple[str, ...], where: tuple[str, ...], by: str, attrs: str | None,
                    table: str | None) -> None:
    """Who was interviewed: respondents per value of each attribute (with 95% Wilson intervals),
    then one row per respondent with passages, words, coded passages, codes and keyword hits.

    Example: interview-coder report respondents --attrs group,role --format xlsx -o respondents.xlsx
    """
    from interview_coder.analysis.respondents import (
        respondent_totals_table,
        respondents_by_attribute,
    )

    names = [a.strip() for a in (attrs or "").split(",") if a.strip()]
    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where, by)
        tables = [respondents_by_attribute(project, filters, names or None),
                  respondent_totals_table(project, filters, by)]
    emit(_pick(tables, RESPONDENT_TABLES, table, fmt), fmt, output, bom)


@report.command("similar")
@_common
@click.argument("passage")
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True, help="How many passages.")
@handle_errors
def similar_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
                transcripts: tuple[str, ...], where: tuple[str, ...], passage: str, limit: int) -> None:
    """The respondent passages across transcripts most like PASSAGE (TRANSCRIPT:N or a passage id),
    by the words they share (TF-IDF cosine similarity; nothing downloaded).

    Example: interview-coder report similar en_ent_02_rnd:9 --limit 5
    """
    from interview_coder.analysis.similar import find_passage, similar_passages

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where)
        table = similar_passages(project, find_passage(project, passage), filters, limit)
    emit([table], fmt, output, bom)


@report.command("factors")
@_common
@_by()
@_chart
@_tables(*FACTOR_TABLES)
@handle_errors
def factors_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
                transcripts: tuple[str, ...], where: tuple[str, ...], by: str | None, chart: str | None,
                labels: str, table: str | None) -> None:
    """The SIM roll-up: one row per factor (per group), then internal vs external driver totals.

    A passage counts once per factor however many of its codes apply.
    Example: interview-coder report factors --by group --chart factors.svg
    """
    from interview_coder.analysis.factors import factor_report, factor_tables

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where, by)
        factors, drivers = factor_report(project, filters, by)
        _draw(project, factors, chart, labels)
    emit(_pick(factor_tables(factors, drivers, by), FACTOR_TABLES, table, fmt), fmt, output, bom)


@report.command("compare")
@_common
@_by("group")
@click.option("--a", "group_a", metavar="GROUP", help="The first group (default: the first of exactly two).")
@click.option("--b", "group_b", metavar="GROUP", help="The second group.")
@handle_errors
def compare_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
                transcripts: tuple[str, ...], where: tuple[str, ...], by: str, group_a: str | None,
                group_b: str | None) -> None:
    """Two groups per code and factor: respondents (n, %), difference, chi-square or Fisher p, Holm p, phi,
    and keyword hits per 1,000 respondent words.

    The terminal shows the main columns; csv, json, xlsx and md carry them all.
    Example: interview-coder report compare --by group --a enterprise --b government --format xlsx -o compare.xlsx
    """
    from interview_coder.analysis.compare import compare_groups, compare_table

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where, by)
        frame = compare_groups(project, filters, by, group_a, group_b)
    emit([compare_table(frame)], fmt, output, bom)


@report.command("keywords")
@_common
@_by("group")
@_tables(*KEYWORD_TABLES)
@handle_errors
def keywords_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
                 transcripts: tuple[str, ...], where: tuple[str, ...], by: str, table: str | None) -> None:
    """Keyword hits per keyword, code and group, then each group's total and distinct keywords.

    Example: interview-coder report keywords --by group --format csv -o keywords.csv
    """
    from interview_coder.analysis.keywords import keyword_report

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where, by)
        tables = keyword_report(project, filters, by)
    emit(_pick(tables, KEYWORD_TABLES, table, fmt), fmt, output, bom)


@report.command("cooccurrence")
@_common
@click.option("--unit", type=click.Choice(["passage", "respondent"]), default="passage", show_default=True,
              help="Count passages carrying both codes, or respondents having both.")
@_tables(*COOCCURRENCE_TABLES)
@handle_errors
def cooccurrence_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...],
                     status: str, transcripts: tuple[str, ...], where: tuple[str, ...], unit: str,
                     table: str | None) -> None:
    """Codes that occur together: pairs with counts and Jaccard, then the code x code matrix.

    Example: interview-coder report cooccurrence --unit respondent --format xlsx -o cooccurrence.xlsx
    """
    from interview_coder.analysis.cooccurrence import (
        cooccurrence_matrix,
        cooccurrence_pairs,
        cooccurrence_tables,
    )

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where)
        tables = cooccurrence_tables(cooccurrence_pairs(project, filters, unit),
                                     cooccurrence_matrix(project, filters, unit), unit)
    emit(_pick(tables, COOCCURRENCE_TABLES, table, fmt), fmt, output, bom)


@report.command("quotes")
@_common
@click.option("--code", "code", required=True, metavar="CODE", help="A code id, or a factor id for all its codes.")
@click.option("--group", "group", metavar="GROUP", help="Only respondents of this group (of --by).")
@_by("group")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N quotes.")
@click.option("--plain", is_flag=True, help="Do not mark keyword hits with **.")
@handle_errors
def quotes_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
               transcripts: tuple[str, ...], where: tuple[str, ...], code: str, group: str | None, by: str,
               limit: int | None, plain: bool) -> None:
    """Coded passages of a code with respondent, group, coders and text; keyword hits marked **like this**.

    Example: interview-coder report quotes --code tax_incentives --group government --limit 5
    """
    from interview_coder.analysis.quotes import quote_table, quotes

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where, by)
        frame = quotes(project, code, filters, group, by, limit, mark="" if plain else "**")
    emit([quote_table(frame, code)], fmt, output, bom)


@report.command("kwic")
@_common
@click.argument("word")
@_by("group")
@click.option("--width", type=click.IntRange(min=1), default=40, show_default=True,
              help="Characters of context on each side.")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N occurrences.")
@handle_errors
def kwic_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
             transcripts: tuple[str, ...], where: tuple[str, ...], word: str, by: str, width: int,
             limit: int | None) -> None:
    """Keyword in context: every occurrence of WORD in respondent passages (innovat* matches any ending).

    Example: interview-coder report kwic subsidy --width 30; interview-coder report kwic 补贴
    """
    from interview_coder.analysis.quotes import kwic, kwic_table

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where, by)
        frame = kwic(project, word, filters, by, width, limit)
    emit([kwic_table(frame, word)], fmt, output, bom)


@report.command("matrix")
@_common
@click.option("--value", type=click.Choice(["presence", "passages", "hits"]), default="presence", show_default=True,
              help="Cell value: 1/0 presence, coded passages, or keyword hits.")
@click.option("--level", type=click.Choice(["code", "factor"]), default="code", show_default=True,
              help="One column per code or per factor.")
@handle_errors
def matrix_cmd(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...], status: str,
               transcripts: tuple[str, ...], where: tuple[str, ...], value: str, level: str) -> None:
    """One row per respondent with its attributes, one column per code: for SPSS, R or Stata.

    Example: interview-coder report matrix --value passages --format csv -o matrix.csv
    """
    from interview_coder.analysis.matrix import matrix_table, respondent_matrix

    with open_project(project_path) as project:
        filters = _scope(project, coders, status, transcripts, where)
        frame = respondent_matrix(project, filters, value, level)
    emit([matrix_table(frame, value, level)], fmt, output, bom)


@report.command("all")
@project_option
@click.option("--format", "fmt", type=click.Choice(["csv", "json", "xlsx", "md", "parquet", "table"]), default="csv",
              show_default=True, help="Format of the one-file-per-table copies (report.xlsx is always written).")
@click.option("-o", "--output", "output", type=click.Path(file_okay=False), required=True, metavar="DIR",
              help="Folder to write into (created if missing).")
@click.option("--bom", is_flag=True, help="Start CSV files with a byte-order mark (for Excel).")
@filter_options()
@_by("group")
@click.option("--summary", "summary", type=click.Choice(["md", "html"]), default="md", show_default=True,
              help="The readable summary: Markdown or HTML.")
@click.option("--labels", type=click.Choice(["en", "zh", "both"]), default="both", show_default=True,
              help="Chart labels: English names, Chinese names, or both.")
@click.option("--a", "group_a", metavar="GROUP", help="The first group compared (default: the first of exactly two).")
@click.option("--b", "group_b", metavar="GROUP", help="The second group compared.")
@quiet_option
@handle_errors
def all_cmd(project_path: Path, fmt: str, output: str, bom: bool, coders: tuple[str, ...], status: str,
            transcripts: tuple[str, ...], where: tuple[str, ...], by: str, summary: str, labels: str,
            group_a: str | None, group_b: str | None, quiet: bool = False) -> None:
    """Every table, a workbook, charts and a summary (the results section of a paper) in one folder.

    Example: interview-coder report all -o results/ --summary html
    """
    from interview_coder.analysis.summary import build_report
    from interview_coder.io.report_files import write_report

    # One read snapshot: every table of the run sees the same codings, whatever coders commit meanwhile.
    with open_project(project_path) as project, project.snapshot():
        filters = _scope(project, coders, status, transcripts, where, by)
        built = build_report(project, filters, by, group_a, group_b)
    with Progress("Writing report", quiet) as progress:
        warnings = write_report(built, Path(output), "csv" if fmt == "table" else fmt, summary, labels, bom=bom,
                                progress=progress.callback)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    say(f"Report written to {str(output).rstrip('/')}/ (summary.{summary}, report.xlsx, {len(built.tables)} tables, "
        f"{len(built.charts)} charts)", quiet)


COMMANDS = [report]
