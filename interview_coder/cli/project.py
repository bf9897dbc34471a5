"""Project commands: init, import, status, transcripts, demo."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from interview_coder.cli.common import (
    Progress,
    emit,
    fail,
    handle_errors,
    open_project,
    output_options,
    parse_attrs,
    project_option,
    quiet_option,
    say,
)
from interview_coder.core.model import Role
from interview_coder.errors import ExitCode

if TYPE_CHECKING:
    from interview_coder.io.importer import FileReport
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.io.transcripts.options import SpeakerMapping
    from interview_coder.store.transcripts import SaveResult


@click.command()
@project_option
@click.argument("path", required=False, type=click.Path(dir_okay=False, path_type=Path))
@handle_errors
def init(project_path: Path, path: Path | None) -> None:
    """Create an empty project file.

    Example: interview-coder init study.db
    """
    target = path or project_path
    existed = target.exists()
    with open_project(target, create=True):
        pass
    click.echo(f"{'Opened existing' if existed else 'Created'} project {target}", err=True)


@click.command("import")
@project_option
@click.argument("paths", nargs=-1, required=True, type=click.Path(allow_dash=True, path_type=Path))
@click.option("--name", help="Name of the transcript read from - (stdin).  [default: stdin]")
@click.option("--group", help="Group of respondents whose file does not name one (e.g. enterprise).")
@click.option("--attr", "attrs", multiple=True, metavar="KEY=VALUE", help="An attribute for files that lack it; repeatable.")
@click.option("--interviewer", multiple=True, metavar="LABEL", help="Another speaker label of the interviewer; repeatable.")
@click.option("--encoding", help="Decode text files with this encoding instead of detecting it.")
@click.option("--text-columns", metavar="COL[,COL...]", help="Survey tables: the open-answer columns (default: headers ending in '?').")
@click.option("--replace", is_flag=True, help="Replace changed transcripts, keeping codings whose text still exists.")
@click.option("--max-size", type=float, default=50, show_default=True, help="Largest file to read, in MB.")
@click.option("--format", "fmt", default=None, help="Force a transcript format instead of detecting it (plain, webvtt, srt, teams, timed-line, timed-block).")
@click.option("--prefer", type=click.Choice(["ours", "theirs"]), help=".qdpx: for a code or attributes that differ, keep ours or take theirs.")
@click.option("--rename", is_flag=True, help=".qdpx: add a different transcript whose name is taken under a new name.")
@click.option("--speakers", "speakers_file", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.csv",
              help="Transcription tools: label,respondent,group,... rows mapping speaker labels to respondents.")
@click.option("--no-merge", is_flag=True, help="Transcription tools: keep a speaker's consecutive turns as separate passages.")
@click.option("--fold-backchannels", is_flag=True,
              help="Transcription tools: a short interviewer turn (嗯, mm-hmm) inside a respondent's answer does not split it.")
@click.option("--backchannel-chars", type=click.IntRange(1), default=4, show_default=True,
              help="Longest backchannel folded, in Chinese characters.")
@click.option("--backchannel-words", type=click.IntRange(1), default=3, show_default=True,
              help="Longest backchannel folded, in English words.")
@quiet_option
@click.option("--dry-run", is_flag=True,
              help="Show per file the speakers, their roles and passage counts; write nothing.")
@handle_errors
def import_(project_path: Path, paths: tuple[Path, ...], group: str | None, attrs: tuple[str, ...],
            interviewer: tuple[str, ...], encoding: str | None, text_columns: str | None, replace: bool,
            max_size: float, fmt: str | None, prefer: str | None, rename: bool, speakers_file: Path | None = None,
            no_merge: bool = False, fold_backchannels: bool = False, backchannel_chars: int = 4,
            backchannel_words: int = 3, name: str | None = None, quiet: bool = False,
            dry_run: bool = False) -> None:
    """Import transcripts: .txt .md .docx, survey .csv/.xlsx, files or folders; or a REFI-QDA .qdpx project.

    Each file is imported in its own transaction: a file that fails leaves nothing behind and the
    others still import. - reads one text transcript from stdin (named by --name).
    Example: interview-coder import transcripts/ --group enterprise
    """
    from interview_coder.io.importer import import_paths
    from interview_coder.io.transcripts import ImportOptions

    qdpx = [p for p in paths if p.suffix.lower() in (".qdpx", ".sqlite3")]
    if qdpx and dry_run:
        fail("error: --dry-run reads transcript files; a .qdpx or Taguette project is not previewed")
    if qdpx:  # a whole project from another QDA tool (REFI-QDA .qdpx, Taguette .sqlite3)
        from interview_coder.cli.team import import_qdpx_files

        import_qdpx_files(project_path, qdpx, prefer, rename)
        paths = tuple(p for p in paths if p not in qdpx)
        if not paths:
            return

    options = ImportOptions(
        group=group, attrs=parse_attrs(attrs), interviewer=interviewer, encoding=encoding,
        max_bytes=int(max_size * 1024 * 1024),
        text_columns=tuple(c.strip() for c in text_columns.split(",")) if text_columns else (),
        no_merge=no_merge, fold_backchannels=fold_backchannels, backchannel_chars=backchannel_chars,
        backchannel_words=backchannel_words, speakers=_speakers(speakers_file),
        speakers_file=str(speakers_file) if speakers_file else None, stdin_name=name or "stdin")
    if dry_run:
        _dry_run(list(paths), options, fmt)
        return
    with open_project(project_path, create=True) as project:
        with Progress("Importing", quiet) as progress:
            reports = import_paths(project, list(paths), options, replace=replace, fmt=fmt,
                                   progress=progress.callback)
        from interview_coder.io.transcripts.speakers import import_mappings

        mappings = import_mappings(project, reports, options)
    failed = 0
    counts = {"added": 0, "unchanged": 0, "changed": 0, "replaced": 0}
    for report in reports:
        if report.error is not None:
            failed += 1
            click.echo(str(report.error), err=True)
            continue
        for result in report.results:
            counts[result.outcome] += 1
            _say_result(result, report, quiet)
            for line in mappings.get(result.name, []):
                say(f"  speaker {line}", quiet)
        for note in report.notes:
            if note.startswith("warning:"):
                click.echo(f"  {note}", err=True)
            else:
                say(f"  {note}", quiet)
    if not reports:
        fail("error: no transcript files found in the paths given")
    say(f"{counts['added']} added, {counts['replaced']} replaced, {counts['unchanged']} unchanged, "
        f"{counts['changed']} changed (not replaced), {failed} failed", quiet)
    if failed:
        raise SystemExit(int(ExitCode.BAD_INPUT))


def _say_result(result: SaveResult, report: FileReport, quiet: bool) -> None:
    """One file's outcome; what a replace could not keep is a warning, printed even with --quiet."""
    if result.outcome == "added":
        say(f"added      {result.name}  ({report.format}, {report.encoding}, {result.passages} passages)", quiet)
    elif result.outcome == "unchanged":
        say(f"unchanged  {result.name}", quiet)
    elif result.outcome == "changed":
        say(f"changed    {result.name}  (not replaced: use --replace)", quiet)
    else:
        say(f"replaced   {result.name}  ({result.kept_codings} codings kept, {len(result.lost_codings)} lost; "
            f"{result.kept_passages} passages kept their id, {result.dropped_passages} gone)", quiet)
        for lost in result.lost_codings:
            click.echo(f"  lost coding {lost['code']} by {lost['coder']} on passage {lost['passage']}: "
                       f"{str(lost['text'])[:60]!r}", err=True)
        for memo in result.moved_memos:
            click.echo(f"  memo of {memo['coder']} on gone passage {memo['passage']} kept on the transcript: "
                       f"{str(memo['text'])[:60]!r}", err=True)


def _dry_run(paths: list[Path], options: ImportOptions, fmt: str | None) -> None:
    """``import --dry-run``: per file the speakers, roles and passage counts; nothing is written."""
    from interview_coder.io.importer import preview

    previews = preview(list(paths), options, fmt)
    for item in previews:
        if item.error is not None:
            click.echo(str(item.error), err=True)
        for line in item.lines:
            click.echo(line, err=line.lstrip().startswith("warning:"))
    if not previews:
        fail("error: no transcript files found in the paths given")
    failed = sum(1 for item in previews if item.error is not None)
    click.echo(f"dry run: {len(previews) - failed} file(s) readable, {failed} failed; nothing written", err=True)
    if failed:
        raise SystemExit(int(ExitCode.BAD_INPUT))


def _speakers(path: Path | None) -> tuple[SpeakerMapping, ...]:
    """The --speakers rows (read before the project is opened, so a bad file changes nothing)."""
    if path is None:
        return ()
    from interview_coder.io.transcripts.tools.speakers_file import read_speakers_file

    return read_speakers_file(path)


@click.command()
@project_option
@output_options
@handle_errors
def status(project_path: Path, fmt: str, output: str | None, bom: bool) -> None:
    """What the project holds: transcripts, respondents per group, passages, codings by status.

    Example: interview-coder status -p study.db --format json
    """
    from interview_coder.io.export import Table
    from interview_coder.store.queries import status as project_status

    with open_project(project_path) as project:
        info = project_status(project)
    if fmt == "json":
        import json

        click.echo(json.dumps(info, ensure_ascii=False, indent=2))
        return
    rows = []
    for key, value in info.items():
        if isinstance(value, dict):
            rows += [{"what": f"{key}: {k}", "count": v} for k, v in value.items()]
        elif isinstance(value, list):
            rows.append({"what": key, "count": ", ".join(value) or "(none)"})
        else:
            rows.append({"what": key, "count": value})
    emit([Table("Project status", rows, ["what", "count"])], fmt, output, bom)


@click.group()
def transcripts() -> None:
    """List and read imported transcripts."""


@transcripts.command("list")
@project_option
@output_options
@click.option("--group", help="Only transcripts of this group.")
@handle_errors
def transcripts_list(project_path: Path, fmt: str, output: str | None, bom: bool, group: str | None) -> None:
    """One row per transcript: respondents, group, language, turns and passages.

    Example: interview-coder transcripts list --group government
    """
    from interview_coder.io.export import Table
    from interview_coder.store.queries import transcript_rows

    with open_project(project_path) as project:
        rows = transcript_rows(project)
    if group:
        rows = [r for r in rows if group in (r["group"] or "").split(",")]
    columns = ["name", "respondents", "group", "language", "format", "encoding", "turns", "interviewer_turns",
               "passages", "words", "codings", "suggestions"]
    emit([Table("Transcripts", rows, columns, unit="passages are respondent passages; words are respondent words")],
         fmt, output, bom)


@transcripts.command("show")
@project_option
@output_options
@click.argument("name")
@handle_errors
def transcripts_show(project_path: Path, fmt: str, output: str | None, bom: bool, name: str) -> None:
    """Every passage of one transcript with speaker, role and accepted codes.

    Example: interview-coder transcripts show zh_gov_01_kejiju --format csv -o passages.csv
    """
    from interview_coder.errors import InputError
    from interview_coder.io.export import Table
    from interview_coder.store.queries import find_transcript, passage_rows

    with open_project(project_path) as project:
        found = find_transcript(project, name)
        if found is None:
            raise InputError(f"no transcript named {name!r} (see 'interview-coder transcripts list')")
        rows = passage_rows(project, found["id"])
    if fmt == "table":
        for r in rows:
            who = r["speaker"] or "(preamble)"
            mark = "  " if r["role"] == Role.RESPONDENT else "· "
            codes = f"   [{r['codes']}]" if r["codes"] else ""
            click.echo(f"{mark}{r['seq']:>4} {who} ({r['role']}){codes}\n       {r['text']}")
        return
    columns = ["seq", "turn", "speaker", "role", "respondent", "start", "end", "time_start", "time_end", "codes", "text"]
    emit([Table(f"Transcript {found['name']}", rows, columns, unit="one row per passage")], fmt, output, bom)


@click.command()
@project_option
@click.option("--fresh", is_flag=True, help="Delete the project file first if it exists.")
@handle_errors
def demo(project_path: Path, fresh: bool) -> None:
    """Build the bundled sample project (SIM codebook + sample transcripts) and show what it holds.

    Example: interview-coder demo -p sample.db
    """
    from interview_coder.demo import build_demo, demo_tables

    if project_path.exists() and fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(str(project_path) + suffix).unlink(missing_ok=True)
    for line in build_demo(project_path):
        click.echo(line, err=True)
    emit(demo_tables(project_path), "table", None)
    from interview_coder.demo import DEMO_CODER

    click.echo(f"The keyword hits are accepted under coder '{DEMO_CODER}' so that every report counts them. "
               f"Next: interview-coder report all -p {project_path} -o report/, or interview-coder tui -p "
               f"{project_path}", err=True)


COMMANDS = [init, import_, status, transcripts, demo]
