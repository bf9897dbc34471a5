"""``codings export`` and ``codings import``: one row per coding, in and out."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import (
    emit,
    filter_options,
    handle_errors,
    open_project,
    output_options,
    project_option,
)


@click.group()
def codings() -> None:
    """Export and import codings (one row per coding), e.g. to share with a co-coder."""


@codings.command("export")
@project_option
@output_options
@filter_options()
@handle_errors
def codings_export(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...],
                   status: str, transcripts: tuple[str, ...], where: tuple[str, ...]) -> None:
    """One row per coding: transcript, respondent, group, passage, span, code, factor, coder, status, text.

    Example: interview-coder codings export --coder alice --format csv -o alice.csv
    """
    from interview_coder.analysis.codings import CODING_COLUMNS, CODING_DEFINITIONS, codings_records
    from interview_coder.analysis.filters import Filters
    from interview_coder.io.export import Table

    filters = Filters.parse(coders, status, transcripts, where)
    with open_project(project_path) as project:
        rows = codings_records(project, filters)
    emit([Table("Codings", rows, CODING_COLUMNS, unit="one row per coding", definitions=CODING_DEFINITIONS)],
         fmt, output, bom)


@codings.command("import")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--coder", help="Coder of rows whose coder column is empty (default: the project's coder).")
@click.option("--encoding", help="Decode the CSV with this encoding instead of detecting it.")
@handle_errors
def codings_import(project_path: Path, file: Path, coder: str | None, encoding: str | None) -> None:
    """Add codings from a .csv or .xlsx table (the columns 'codings export' writes).

    Needs transcript, passage and code columns; start, end, coder, status, origin, keyword, text are
    optional. If any row does not match a transcript, passage or code, every such row is listed with
    its line and nothing is imported. Importing the same table twice adds nothing. FILE may be - to
    read a CSV from stdin.
    Example: interview-coder codings import bob.csv
    """
    from interview_coder.io.codings_table import read_codings_table
    from interview_coder.store.merge import import_coding_rows

    rows = read_codings_table(file, encoding)
    with open_project(project_path) as project:
        read, added = import_coding_rows(project, rows, str(file), coder or project.setting("coder"))
    click.echo(f"{file}: {read} rows read, {added} codings added ({read - added} already there)", err=True)


COMMANDS = [codings]
