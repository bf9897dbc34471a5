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
    scope,
    who,
)
from interview_coder.core.model import Status


@click.group()
def codings() -> None:
    """Export and import codings (one row per coding), e.g. to share with a co-coder."""


@codings.command("export")
@project_option
@output_options
@filter_options()
@click.option("--all", "everything", is_flag=True,
              help="Every stored coding (any status, any passage) with a 'counted' column; ignores the filters.")
@handle_errors
def codings_export(project_path: Path, fmt: str, output: str | None, bom: bool, coders: tuple[str, ...],
                   status: str, transcripts: tuple[str, ...], where: tuple[str, ...], everything: bool) -> None:
    """One row per coding: transcript, respondent, group, passage, span, code, factor, coder, status, text.

    Example: interview-coder codings export --coder alice --format csv -o alice.csv
    """
    from interview_coder.analysis.codings import CODING_COLUMNS, CODING_DEFINITIONS, codings_records
    from interview_coder.io.export import Table

    with open_project(project_path) as project:
        rows = codings_records(project, scope(project, coders, status, transcripts, where), everything)
    columns = [*CODING_COLUMNS, "counted"] if everything else CODING_COLUMNS
    emit([Table("Codings", rows, columns, unit="one row per stored coding" if everything else "one row per coding",
                definitions=CODING_DEFINITIONS)], fmt, output, bom)
    if everything:
        click.echo(f"note: every stored coding; {sum(1 for r in rows if not r['counted'])} of {len(rows)} cannot "
                   "count in reports (see the counted column)", err=True)


@codings.command("import")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--coder", help="Coder of rows whose coder column is empty (default: the project's coder).")
@click.option("--encoding", help="Decode the CSV with this encoding instead of detecting it.")
@handle_errors
def codings_import(project_path: Path, file: Path, coder: str | None, encoding: str | None) -> None:
    """Add codings from a .csv or .xlsx table (the columns 'codings export' writes, or Taguette's highlights).

    Needs transcript, passage and code columns; start, end, coder, status, origin, keyword, text are
    optional. If any row does not match a transcript, passage or code, every such row is listed with
    its line and nothing is imported. Importing the same table twice adds nothing. FILE may be - to
    read a CSV from stdin. Taguette's highlights export (id, document, tag, content) is read too: each
    highlight's text is found in the transcript of that name, and one found nowhere or more than once
    is listed with its line and left out.
    Example: interview-coder codings import bob.csv
    """
    from interview_coder.io.codings_table import read_codings_table, read_table
    from interview_coder.io.taguette_highlights import is_highlights_table
    from interview_coder.store.merge import import_coding_rows

    table = read_table(file, encoding)
    if is_highlights_table(table[0]):
        _import_taguette_highlights(project_path, file, table[1], coder)
        return
    rows = read_codings_table(file, encoding, table)
    with open_project(project_path) as project:
        read, added = import_coding_rows(project, rows, str(file), coder or project.setting("coder"))
    click.echo(f"{file}: {read} rows read, {added} codings added ({read - added} already there)", err=True)


def _import_taguette_highlights(project_path: Path, file: Path, rows: list[tuple[int, dict[str, str]]],
                                coder: str | None) -> None:
    from interview_coder.io.taguette_highlights import import_highlights, summary

    with open_project(project_path) as project:
        result = import_highlights(project, rows, str(file), coder or project.setting("coder"))
    for line in result.problems:
        click.echo(f"warning: {line}", err=True)
    click.echo(f"{file}: Taguette highlights: {summary(result)}", err=True)


@codings.command("remove")
@project_option
@click.argument("ids", nargs=-1, type=int)
@filter_options(coder=False, status=False)
@click.option("--code", "codes", multiple=True, metavar="CODE", help="Only codings of this code; repeatable.")
@click.option("--all", "all_", is_flag=True, help="Every coding of the coder matching the filters.")
@click.option("--coder", help="Whose codings, and who removes them (default: the remembered coder).")
@handle_errors
def codings_remove(project_path: Path, ids: tuple[int, ...], transcripts: tuple[str, ...],
                   where: tuple[str, ...], codes: tuple[str, ...], all_: bool, coder: str | None) -> None:
    """Remove the coder's own accepted codings, by id or by filter. Only a coding's own coder removes it;
    a suggestion is rejected, not removed. Undoable.

    Example: interview-coder codings remove --code risk_taking --transcripts en_ent_01 --coder alice
    """
    from interview_coder.errors import InputError
    from interview_coder.store.codings import remove_codings

    if not ids and not (codes or transcripts or where or all_):
        raise InputError("give coding ids, or a filter (--code, --transcripts, --where), or --all")
    with open_project(project_path) as project:
        name = who(project, coder)
        if ids and not (codes or transcripts or where):
            chosen = list(ids)
        else:
            sql, params = scope(project, (name,), Status.ACCEPTED, transcripts, where).codings_sql()
            found = [r["id"] for r in project.conn.execute(sql, params) if not codes or r["code_id"] in codes]
            chosen = [i for i in found if not ids or i in set(ids)]
        removed = remove_codings(project, chosen, name) if chosen else 0
    click.echo(f"Removed {removed} codings of {name} (undo: interview-coder undo --coder {name})", err=True)


COMMANDS = [codings]
