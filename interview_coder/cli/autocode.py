"""Auto-coding commands: ``autocode`` and ``suggestions list|accept|reject``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from interview_coder.cli.common import (
    Progress,
    emit,
    handle_errors,
    open_project,
    output_options,
    project_option,
    quiet_option,
    who,
)
from interview_coder.core.model import Status


def _split(values: tuple[str, ...]) -> list[str]:
    return [v.strip() for item in values for v in item.split(",") if v.strip()]


@click.command()
@project_option
@click.option("--codes", "codes", multiple=True, metavar="CODE[,CODE...]", help="Only these codes' hits.")
@click.option("--transcripts", "transcripts", multiple=True, metavar="NAME[,NAME...]", help="Only these transcripts.")
@click.option("--group", help="Only passages of respondents in this group (e.g. enterprise).")
@click.option("--accept", is_flag=True, help="Store hits as accepted codings of the coder instead of suggestions.")
@click.option("--coder", help="The coder for --accept (default: the project's remembered coder).")
@click.option("--user-dict", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="A jieba user dictionary (word [freq] per line) to keep words whole; remembered for the project.")
@click.option("--dry-run", is_flag=True, help="Count what would be added; write nothing.")
@click.option("--learn", is_flag=True, help="Instead of keywords: learn from --coder's accepted codings and "
                                            "suggest codes for the passages they have not coded (origin learned).")
@click.option("--evaluate", is_flag=True, help="With --learn: print cross-validated precision and recall per code; "
                                               "store nothing.")
@click.option("--threshold", type=click.FloatRange(0.0, 1.0), default=0.5, show_default=True,
              help="With --learn: suggest a code when the model's probability reaches this.")
@quiet_option
@handle_errors
def autocode(project_path: Path, codes: tuple[str, ...], transcripts: tuple[str, ...], group: str | None,
             accept: bool, coder: str | None, user_dict: Path | None, dry_run: bool, learn: bool, evaluate: bool,
             threshold: float, quiet: bool) -> None:
    """Find codebook keywords in respondent passages and store each hit as a suggestion.

    Hits are on token boundaries, case-insensitive, English by lemma and Chinese by jieba words;
    the longest keyword wins where keywords overlap, and exclude phrases suppress hits. Re-running
    adds only new hits; a rejected suggestion is never suggested again; manual codings are never
    touched; interviewer turns are never read.

    With --learn, a model trained on the coder's accepted codings (TF-IDF over words, logistic
    regression, nothing downloaded) suggests whole-passage codes with a confidence instead.

    Example: interview-coder autocode --group enterprise --dry-run
    Example: interview-coder autocode --learn --evaluate --coder alice
    """
    from interview_coder.analysis.autocode import USER_DICT_SETTING, read_user_dict
    from interview_coder.analysis.autocode import autocode as run

    if evaluate and not learn:
        raise click.UsageError("--evaluate goes with --learn")
    if learn:
        _learn(project_path, coder, _split(transcripts), evaluate, threshold, dry_run, quiet)
        return
    with open_project(project_path) as project:
        if user_dict is not None:
            read_user_dict(user_dict)  # check it before remembering it
            if not dry_run:
                project.set_setting(USER_DICT_SETTING, str(user_dict.resolve()))
        accept_as = who(project, coder) if accept else None
        with Progress("Matching keywords", quiet) as progress:
            result = run(project, _split(codes), _split(transcripts), group, accept_as, dry_run,
                         progress.callback)
    if quiet:
        return
    what = "accepted codings" if accept else "suggestions"
    verb = "would add" if dry_run else "added"
    click.echo(f"{result.passages} respondent passages, {result.hits} keyword hits; {verb} {result.added} new "
               f"{what} ({result.hits - result.added} already stored)", err=True)
    for code, n in sorted(result.added_by_code.items(), key=lambda kv: (-kv[1], kv[0])):
        click.echo(f"  {code}: {n}", err=True)


def _learn(project_path: Path, coder: str | None, transcripts: list[str], evaluate: bool, threshold: float,
           dry_run: bool, quiet: bool) -> None:
    import sys

    from interview_coder.analysis.learn import evaluate as cross_validate
    from interview_coder.analysis.learn import evaluation_table, learn
    from interview_coder.store.scope import Filters

    with open_project(project_path) as project:
        filters = Filters(transcripts=tuple(transcripts)).check(project)
        name = who(project, coder)
        if evaluate:
            table = evaluation_table(cross_validate(project, name, filters), name)
            emit([table], "table" if sys.stdout.isatty() else "csv", None)
            return
        result = learn(project, name, filters, threshold, dry_run)
    if quiet:
        return
    verb = "would add" if dry_run else "added"
    click.echo(f"Learned {len(result.learned)} codes from {result.trained_on} passages coded by {name}; "
               f"{result.suggested} suggestions at confidence >= {threshold:g}, {verb} "
               f"{result.suggested if dry_run else result.added} new (origin learned)", err=True)
    for code, why in result.skipped.items():
        click.echo(f"  not learned: {code} ({why})", err=True)


@click.group()
def suggestions() -> None:
    """List, accept or reject auto-coding suggestions (keyword hits)."""


def _filter_options(func: Any) -> Any:
    func = click.option("--keyword", help="Only hits of this keyword.")(func)
    func = click.option("--transcript", help="Only this transcript (name or id).")(func)
    func = click.option("--code", help="Only this code.")(func)
    return func


@suggestions.command("list")
@project_option
@_filter_options
@click.option("--all", "all_", is_flag=True, help="Also the decisions already made on suggestions (accepted or rejected).")
@click.option("--coder", help="Open for this coder (when coders code independently; default: the remembered coder).")
@output_options
@handle_errors
def suggestions_list(project_path: Path, code: str | None, transcript: str | None, keyword: str | None,
                     all_: bool, coder: str | None, fmt: str, output: str | None, bom: bool) -> None:
    """One row per open suggestion: id, transcript, passage, code, keyword, span and its text.

    Example: interview-coder suggestions list --code risk_taking
    """
    from interview_coder.io.export import Table
    from interview_coder.store.keywords import suggestion_rows

    with open_project(project_path) as project:
        rows = suggestion_rows(project, code, transcript, keyword, coder or project.setting("coder"),
                               "all" if all_ else "open")
    emit([Table("Suggestions", rows, ["id", "transcript", "passage", "code", "keyword", "start", "end", "text",
                                      "status", "coder", "origin", "memo"],
                unit="machine suggestion (a keyword hit, or a learned code of a whole passage)",
                definitions={"id": "the coding id (give it to suggestions accept/reject)",
                             "passage": "the passage number in its transcript",
                             "start": "span start, code points into the passage text (empty: the whole passage)",
                             "end": "span end (exclusive)", "text": "the matched text as written",
                             "origin": "auto (a keyword hit) or learned (autocode --learn)",
                             "memo": "why it was suggested (a learned code's confidence)"})],
         fmt, output, bom)


def _decide(status: str, project_path: Path, ids: tuple[int, ...], code: str | None, transcript: str | None,
            keyword: str | None, all_: bool, coder: str | None) -> None:
    from interview_coder.errors import InputError
    from interview_coder.store.codings import reopen, set_status
    from interview_coder.store.keywords import suggestion_rows

    if not ids and not (code or transcript or keyword or all_):
        raise InputError("give suggestion ids, or a filter (--code, --transcript, --keyword), or --all")
    with open_project(project_path) as project:
        name = who(project, coder)
        rows = suggestion_rows(project, code, transcript, keyword, name, "decided" if status == "reopen" else "open")
        chosen = [r["id"] for r in rows if not ids or r["id"] in set(ids)]
        missing = sorted(set(ids) - {r["id"] for r in rows})
        if missing:
            what = f"a decision of {name}'s" if status == "reopen" else f"a suggestion open for {name}"
            raise InputError(f"not {what} (matching the filters): {', '.join(map(str, missing))}")
        if status == "reopen":
            changed = reopen(project, chosen, name) if chosen else 0
        else:
            changed = set_status(project, chosen, status, name) if chosen else 0
    verb = {Status.ACCEPTED: "Accepted", Status.REJECTED: "Rejected", "reopen": "Reopened"}[status]
    click.echo(f"{verb} {changed} suggestions as {name}", err=True)


def _decide_command(status: str, verb: str) -> Any:
    @suggestions.command(verb)
    @project_option
    @click.argument("ids", nargs=-1, type=int)
    @_filter_options
    @click.option("--all", "all_", is_flag=True, help="Every suggestion (or decision, for reopen) matching the filters.")
    @click.option("--coder", help="Who decides (default: the project's remembered coder).")
    @handle_errors
    def command(project_path: Path, ids: tuple[int, ...], code: str | None, transcript: str | None,
                keyword: str | None, all_: bool, coder: str | None) -> None:
        _decide(status, project_path, ids, code, transcript, keyword, all_, coder)

    command.help = HELP[verb]
    return command


HELP = {
    "accept": "Accept suggestions by id or by filter, as the deciding coder (their own coding).\n\n"
              "Undo with 'interview-coder undo'.\n\n"
              "Example: interview-coder suggestions accept --code risk_taking --keyword bet --coder alice",
    "reject": "Reject suggestions by id or by filter, as the deciding coder.\n\n"
              "A rejected suggestion is never suggested again. Undo with 'interview-coder undo'.\n\n"
              "Example: interview-coder suggestions reject --keyword bet --coder alice",
    "reopen": "Take back the coder's decisions on suggestions (by decision id or by filter): the suggestions "
              "are open again.\n\nUndo with 'interview-coder undo'. 'suggestions list --all' shows decision ids.\n\n"
              "Example: interview-coder suggestions reopen --keyword bet --coder alice",
}
suggestions_accept = _decide_command(Status.ACCEPTED, "accept")
suggestions_reject = _decide_command(Status.REJECTED, "reject")
suggestions_reopen = _decide_command("reopen", "reopen")

COMMANDS = [autocode, suggestions]
