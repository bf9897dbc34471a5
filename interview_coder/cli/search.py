"""search: find words (or a regular expression) in passage text across transcripts."""

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


@click.command()
@project_option
@click.argument("query")
@click.option("--regex", is_flag=True, help="QUERY is a regular expression (else: words, through the full-text index).")
@click.option("--code", help="Only passages with an accepted or suggested coding of this code (id).")
@click.option("--group", help="Only respondent passages of this group.")
@click.option("--coder", help="Only passages with an accepted coding by this coder.")
@click.option("--interviewer", is_flag=True, help="Interviewer and title text too (default: respondent passages).")
@click.option("--limit", type=click.IntRange(1), default=1000, show_default=True, help="At most this many hits.")
@click.option("--seconds", type=click.FloatRange(0.1), default=10.0, show_default=True,
              help="Stop a search that runs longer (a regular expression that backtracks).")
@output_options
@handle_errors
def search(project_path: Path, query: str, regex: bool, code: str | None, group: str | None, coder: str | None,
           interviewer: bool, limit: int, seconds: float, fmt: str, output: str | None, bom: bool) -> None:
    """One row per hit: transcript, passage, speaker, where it matched and the words around it.

    Plain words are found as whole words through the full-text index (Chinese on its jieba words:
    专利 finds 专利, 大学 does not find 大学生; several words as a phrase); --regex matches the text.

    Example: interview-coder search 专利 --group enterprise
    """
    from interview_coder.io.export import Table
    from interview_coder.store.search import search_passages

    with open_project(project_path) as project:
        hits = search_passages(project, query, regex, code, group, coder, limit, respondents_only=not interviewer,
                               seconds=seconds)
    rows = [{"transcript": h.transcript, "passage": h.seq, "speaker": h.speaker or "", "role": h.role,
             "start": h.start, "end": h.end, "match": h.text[h.start:h.end],
             "context": " ".join(h.text[max(0, h.start - 30):h.end + 30].split())} for h in hits]
    emit([Table("Search", rows, ["transcript", "passage", "speaker", "role", "start", "end", "match", "context"],
                unit="one row per hit; start and end are code points into the passage text")], fmt, output, bom)


COMMANDS = [search]
