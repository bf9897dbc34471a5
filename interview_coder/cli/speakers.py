"""``speakers list`` and ``speakers set``: the speaker labels of transcripts and what they stand for."""

from __future__ import annotations

from pathlib import Path

import click

from interview_coder.cli.common import (
    emit,
    handle_errors,
    open_project,
    output_options,
    project_option,
)
from interview_coder.core.model import Role


@click.group()
def speakers() -> None:
    """Speaker labels per transcript: who is the interviewer, which respondent each label is."""


@speakers.command("list")
@project_option
@output_options
@click.option("--transcript", "transcript", metavar="NAME", help="Only this transcript.")
@handle_errors
def speakers_list(project_path: Path, fmt: str, output: str | None, bom: bool, transcript: str | None) -> None:
    """Every speaker label of every transcript with its role, respondent, group and counts.

    Example: interview-coder speakers list --transcript T02
    """
    from interview_coder.errors import InputError
    from interview_coder.io.export import Table
    from interview_coder.store.speakers import speaker_rows

    with open_project(project_path) as project:
        rows = speaker_rows(project, transcript)
        if transcript and not rows:
            raise InputError(f"no transcript named {transcript!r} (see 'interview-coder transcripts list')")
    columns = ["transcript", "label", "role", "respondent", "group", "turns", "passages", "words"]
    emit([Table("Speakers", rows, columns,
                unit="turns and passages of the label; words = respondent words (0 for the interviewer)")],
         fmt, output, bom)


@speakers.command("set")
@project_option
@click.argument("label")
@click.option("--role", type=click.Choice([Role.INTERVIEWER.value, Role.RESPONDENT.value]), required=True, help="The label's new role.")
@click.option("--respondent", metavar="ID", help="The respondent id (default: the transcript name, or NAME-LABEL).")
@click.option("--transcript", metavar="NAME", help="Only in this transcript (default: every transcript with LABEL).")
@click.option("--group", help="Group of the respondent.")
@click.option("--force", is_flag=True, help="Go ahead although codings sit on passages that become interviewer passages.")
@handle_errors
def speakers_set(project_path: Path, label: str, role: str, respondent: str | None, transcript: str | None,
                 group: str | None, force: bool) -> None:
    """Change what a speaker label is after import; its passages are recounted.

    Codings on passages that become interviewer passages are kept but stop counting (only respondent
    passages count); without --force the command refuses and says how many there are.
    Example: interview-coder speakers set 说话人2 --role respondent --respondent T02 --transcript T02
    """
    from interview_coder.store.speakers import set_speaker

    with open_project(project_path) as project:
        if force:  # it can move codings out of every count: a copy to go back to first
            click.echo(f"backup: {project.backup(reason='before-speakers-set').name}", err=True)
        change = set_speaker(project, label, role, respondent, transcript, group, force)
    for name in change.transcripts:
        who = f"respondent {change.respondents[name]}" if name in change.respondents else role
        click.echo(f"{name}: {label} -> {who}", err=True)
    click.echo(f"{change.turns} turns, {change.passages} passages; respondent words {change.words_before} -> "
               f"{change.words_after}", err=True)
    if change.codings_on_interviewer:
        click.echo(f"{change.codings_on_interviewer} codings now sit on interviewer passages: kept, not counted",
                   err=True)
    if change.codings_restored:
        click.echo(f"{change.codings_restored} codings are on respondent passages again and count", err=True)
    if change.removed_respondents:
        click.echo(f"respondents without passages removed: {', '.join(change.removed_respondents)}", err=True)


COMMANDS = [speakers]
