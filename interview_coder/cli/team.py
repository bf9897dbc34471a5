"""Teamwork commands: coders, merge, agreement, and REFI-QDA export (.qdpx, .qdc)."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import (
    Progress,
    emit,
    filter_options,
    guard_output,
    handle_errors,
    open_project,
    output_options,
    project_option,
    quiet_option,
    say,
)
from interview_coder.core.model import Status


@click.group()
def coders() -> None:
    """The coders of this project."""


@coders.command("list")
@project_option
@output_options
@handle_errors
def coders_list(project_path: Path, fmt: str, output: str | None, bom: bool) -> None:
    """Each coder with their codings by status and the transcripts they coded.

    Example: interview-coder coders list
    """
    from interview_coder.io.export import Table
    from interview_coder.store.merge import coder_rows

    with open_project(project_path) as project:
        rows = coder_rows(project)
    emit([Table("Coders", rows, unit="codings of any code; transcripts with at least one coding of the coder",
                definitions={"remembered": "yes for the coder this project codes as by default (setting 'coder')"})],
         fmt, output, bom)


@coders.command("mode")
@project_option
@click.argument("mode", required=False, type=click.Choice(["shared", "independent"]))
@handle_errors
def coders_mode(project_path: Path, mode: str | None) -> None:
    """Show or set how coders decide suggestions: shared (one decision closes a suggestion for everyone;
    the default) or independent (blind double coding: each coder decides for themselves and sees only
    their own codings in the workbench).

    Example: interview-coder coders mode independent
    """
    from interview_coder.store.scope import coding_mode, set_coding_mode

    with open_project(project_path) as project:
        if mode:
            set_coding_mode(project, mode)
        click.echo(str(coding_mode(project)))


@click.command()
@project_option
@click.argument("others", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--prefer", type=click.Choice(["ours", "theirs"]),
              help="For a code, factor or respondent attributes that differ: keep ours or take theirs.")
@click.option("--rename", is_flag=True, help="Add a different transcript whose name is taken as NAME~OTHER.")
@click.option("--dry-run", is_flag=True, help="Report what would be merged; write nothing.")
@quiet_option
@handle_errors
def merge(project_path: Path, others: tuple[Path, ...], prefer: str | None, rename: bool, dry_run: bool,
          quiet: bool = False) -> None:
    """Bring other coders' projects in: codings, memos, new codes and transcripts.

    Transcripts are matched by their text (never their file name), codes by id; merging twice
    adds nothing. Conflicts are listed and need --prefer or --rename; a backup is taken first.
    Example: interview-coder merge -p team.db alice.db bob.db
    """
    from interview_coder.store.merge import merge_projects

    with open_project(project_path) as project, Progress("Merging", quiet) as progress:
        results = merge_projects(project, list(others), prefer, rename, dry_run, progress=progress.callback)
    for r in results:
        verb = "would add" if dry_run else "added"
        say(f"{r.source}: {r.transcripts_matched} transcripts matched, {len(r.transcripts_added)} {verb}; "
            f"{r.codes_added} codes, {r.codings_added} codings, {r.memos_added} memos {verb} "
            f"(coders: {', '.join(r.coders) or 'none'})", quiet)
        if r.codings_kept_removed or r.codings_removed:
            say(f"  removals kept: {r.codings_kept_removed} of their codings were removed here, "
                f"{r.codings_removed} of ours were removed there", quiet)
        for name in r.transcripts_added:
            say(f"  new transcript {name}", quiet)
        for c in r.conflicts:
            kept = "theirs" if (c.kind != "transcript" and prefer == "theirs") else "renamed" if c.kind == "transcript" else "ours"
            say(f"  conflict {c.kind} {c.key!r}: ours {c.ours} / theirs {c.theirs} -> {kept}", quiet)
        for u in r.unplaced:
            click.echo(f"  not placed: {u['code']} by {u['coder']} on passage {u['passage']}: {str(u['text'])[:50]!r}",
                       err=True)


UNIT_TEXT = {
    "passage": "a respondent passage per code (code present or not)",
    "character": "a character of respondent passage text per code (covered or not)",
}
DEFINITIONS = {
    "code": "the code (or, with --categorical, the factor); '(all codes)' pools every code's units",
    "unit": "passage, character, or categorical FACTOR",
    "coders": "the coders compared",
    "n_units": "units with values from at least two of the coders",
    "percent_agreement": "share of agreeing coder pairs per unit, averaged over units",
    "cohen_kappa": "Cohen (1960) kappa, two coders only: (p_o - p_e) / (1 - p_e)",
    "brennan_prediger": "Brennan & Prediger (1981) kappa_n: (p_o - 1/q) / (1 - 1/q), q categories",
    "krippendorff_alpha": "Krippendorff (2011) alpha, nominal, missing values allowed",
}


@click.command()
@project_option
@output_options
@click.option("--coders", "first", required=True, metavar="A B [C ...]", help="The coders to compare.")
@click.argument("more", nargs=-1, metavar="")
@click.option("--unit", type=click.Choice(["passage", "character"]), default="passage", show_default=True,
              help="What one unit is.")
@click.option("--categorical", metavar="FACTOR",
              help="Treat the codes of FACTOR as exclusive categories of one variable per passage.")
@click.option("--disagreements", is_flag=True, help="List the passages where the coders differ instead.")
@filter_options(coder=False)
@handle_errors
def agreement(project_path: Path, fmt: str, output: str | None, bom: bool, first: str, more: tuple[str, ...],
              unit: str, categorical: str | None, disagreements: bool, status: str, transcripts: tuple[str, ...],
              where: tuple[str, ...]) -> None:
    """Intercoder agreement per code and pooled: percent, Cohen's kappa, Brennan-Prediger, Krippendorff's alpha.

    Example: interview-coder agreement --coders alice bob --unit passage --format json
    """
    from interview_coder.analysis.agreement import agreement_records
    from interview_coder.io.export import Table
    from interview_coder.store.scope import Filters

    names = [n.strip() for part in (first, *more) for n in part.split(",") if n.strip()]
    filters = Filters.parse(None, status, transcripts, where)
    with open_project(project_path) as project:
        rows, differ = agreement_records(project, names, unit, categorical, filters)
    what = f"a respondent passage (categories: the codes of {categorical}; none = missing)" if categorical \
        else UNIT_TEXT[unit]
    if disagreements:
        emit([Table("Disagreements", differ, ["transcript", "passage", "code", *names, "text"],
                    unit="a passage where the coders' values differ (missing values ignored)")], fmt, output, bom)
        return
    columns = ["code", "unit", "coders", "n_units", "percent_agreement", "cohen_kappa", "brennan_prediger",
               "krippendorff_alpha"]
    emit([Table("Agreement", rows, columns, unit=what, definitions=DEFINITIONS)], fmt, output, bom)


@click.group("export")
def export() -> None:
    """Export the project for other QDA tools (REFI-QDA: .qdpx project, .qdc codebook)."""


@export.command("qdpx")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@click.option("--status", type=click.Choice([Status.ACCEPTED.value, "all"]), default=Status.ACCEPTED.value, show_default=True,
              help="Which codings to export (all = accepted + suggested).")
@click.option("--for", "tool", type=click.Choice(["nvivo", "atlas", "maxqda", "qualcoder", "taguette"]),
              help="The tool that will open the file: selection offsets are written in its unit "
                   "(nvivo, atlas, maxqda: UTF-16 code units; qualcoder, taguette: code points).")
@click.option("--offsets", type=click.Choice(["codepoints", "utf16"]),
              help="The offset unit itself, instead of --for. Default: codepoints.")
@click.option("--no-speakers", is_flag=True, help="Do not write speaker labels into the exported text.")
@click.option("--provenance", is_flag=True,
              help="Also write each transcript's original file path and hash (private; off by default).")
@quiet_option
@handle_errors
def export_qdpx(project_path: Path, file: Path, status: str, tool: str | None, offsets: str | None,
                no_speakers: bool, provenance: bool, quiet: bool) -> None:
    """The whole project as a REFI-QDA .qdpx (NVivo, ATLAS.ti, MAXQDA, QualCoder; Taguette: export taguette).

    FILE may be - to write the .qdpx to stdout (not to a terminal).
    Example: interview-coder export qdpx study.qdpx --for nvivo
    """
    from interview_coder.io.offsets import TOOL_UNITS, OffsetUnit
    from interview_coder.io.refi import QdpxOptions
    from interview_coder.io.refi import export_qdpx as write_qdpx
    from interview_coder.store.exchange import uncounted

    guard_output(file)

    if tool and offsets and TOOL_UNITS[tool] is not OffsetUnit(offsets):
        raise click.UsageError(f"--for {tool} writes {TOOL_UNITS[tool].value}, not --offsets {offsets}")
    unit = OffsetUnit(offsets) if offsets else TOOL_UNITS[tool] if tool else OffsetUnit.CODEPOINTS
    options = QdpxOptions(status=status, offsets=unit, speakers=not no_speakers, provenance=provenance)
    with open_project(project_path) as project, Progress("Exporting", quiet) as progress:
        counts = write_qdpx(project, file, options=options, progress=progress.callback)
        stored_only = uncounted(project, (Status.ACCEPTED, Status.SUGGESTED) if status == "all" else (Status.ACCEPTED,))
    say(f"Wrote {file}: {counts['sources']} sources, {counts['codes']} codes, {counts['codings']} codings, "
        f"{counts['cases']} cases, {counts['users']} users, {counts['notes']} notes (offsets in {unit.value})", quiet)
    if stored_only:
        click.echo(f"note: {stored_only} of the codings are stored but count in no report (on interviewer passages "
                   "or hits of excluded words); the export holds everything stored", err=True)
    if tool == "taguette":
        click.echo("note: Taguette imports only its own project databases, not a .qdpx: "
                   "'interview-coder export taguette FILE.sqlite3' writes one", err=True)


@export.command("qdc")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@handle_errors
def export_qdc(project_path: Path, file: Path) -> None:
    """The codebook as a REFI-QDA .qdc (factors become parent codes).

    Example: interview-coder export qdc sim.qdc
    """
    from interview_coder.io.refi import export_qdc as write_qdc

    with open_project(project_path) as project:
        write_qdc(project, file)
    if str(file) != "-":
        click.echo(f"Wrote {file}", err=True)


@export.command("taguette")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--status", type=click.Choice(["accepted", "all"]), default="accepted", show_default=True,
              help="Which codings to export (all = accepted + suggested).")
@click.option("--no-speakers", is_flag=True, help="Do not write speaker labels into the exported text.")
@handle_errors
def export_taguette(project_path: Path, file: Path, status: str, no_speakers: bool) -> None:
    """The project as a Taguette project database (Taguette: Import project): documents, tags, highlights.

    Tags are factor/code/child paths; the codings of one span become one highlight (Taguette has no
    coders). Taguette cannot import a .qdpx: this is the file it reads.
    Example: interview-coder export taguette study.sqlite3
    """
    from interview_coder.io.taguette_export import export_taguette as write_taguette
    from interview_coder.io.taguette_export import is_taguette_db

    if not is_taguette_db(file):  # an earlier export may be replaced; any other database never
        guard_output(file)
    with open_project(project_path) as project:
        counts = write_taguette(project, file, status=status, speakers=not no_speakers)
    click.echo(f"Wrote {file}: {counts['documents']} documents, {counts['tags']} tags, "
               f"{counts['highlights']} highlights", err=True)


@export.command("taguette-codebook")
@project_option
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True, path_type=Path))
@handle_errors
def export_taguette_codebook(project_path: Path, file: Path) -> None:
    """The codebook as the CSV Taguette imports (Project > Import codebook): tag paths factor/code/child.

    Example: interview-coder export taguette-codebook codebook.csv
    """
    from interview_coder.io.refi import write_file
    from interview_coder.io.taguette import codebook_csv
    from interview_coder.store.codebook import load_codebook

    with open_project(project_path) as project:
        write_file(file, codebook_csv(load_codebook(project)).encode("utf-8"))
    if str(file) != "-":
        click.echo(f"Wrote {file}", err=True)


COMMANDS = [coders, merge, agreement, export]


def import_qdpx_files(project_path: Path, files: list[Path], prefer: str | None, rename: bool) -> None:
    """``import FILE.qdpx``: each file read into a staging project and merged into this one."""
    from interview_coder.io.refi import import_qdpx
    from interview_coder.io.taguette import import_project_db

    with open_project(project_path, create=True) as project:
        for file in files:
            read = import_project_db if file.suffix.lower() == ".sqlite3" else import_qdpx
            result = read(project, file, prefer=prefer, rename=rename)
            for note in result.warnings:
                click.echo(f"{file}: warning: {note}", err=True)
            m = result.merge
            assert m is not None
            click.echo(f"{file}: {result.sources} sources read ({m.transcripts_matched} already here, "
                       f"{len(m.transcripts_added)} added); {m.codes_added} codes, {m.codings_added} codings, "
                       f"{m.memos_added} memos added (coders: {', '.join(m.coders) or 'none'})", err=True)
            for c in m.conflicts:
                click.echo(f"  conflict {c.kind} {c.key!r}: ours {c.ours} / theirs {c.theirs}", err=True)
