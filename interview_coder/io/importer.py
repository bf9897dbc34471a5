"""``import``: read files and store each in its own transaction, so a bad file leaves nothing behind."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from interview_coder.core.model import Role, Transcript
from interview_coder.core.words import count_words
from interview_coder.errors import InputError, InterviewCoderError
from interview_coder.io.transcripts import ImportOptions, iter_files, read_transcripts
from interview_coder.store.check import invariant_problems
from interview_coder.store.project import Project
from interview_coder.store.transcripts import SaveResult, save_transcript


@dataclass
class FileReport:
    path: Path
    format: str = ""
    encoding: str = ""
    results: list[SaveResult] = field(default_factory=list)
    error: InterviewCoderError | None = None
    notes: list[str] = field(default_factory=list)
    """Lines to print under the file: speaker labels proposed, respondents with 0 counted words."""


def import_paths(project: Project, paths: list[Path], options: ImportOptions, replace: bool = False,
                 fmt: str | None = None, progress: Callable[[int, int], None] | None = None
                 ) -> list[FileReport]:
    """Import files and folders; each file is one transaction. Failures are reported, not raised.

    ``progress(done, total)`` is called after each file, counted in files."""
    with project.bulk():
        return _import(project, paths, options, replace, fmt, progress)


def _import(project: Project, paths: list[Path], options: ImportOptions, replace: bool, fmt: str | None,
            progress: Callable[[int, int], None] | None) -> list[FileReport]:
    reports = []
    backed_up = False
    files = list(iter_files(paths))
    for done, path in enumerate(files, start=1):
        report = FileReport(path)
        reports.append(report)
        try:
            parsed = read_transcripts(path, options, fmt)
            report.format, report.encoding = parsed.format, parsed.encoding
            if replace and not backed_up and _would_replace(project, parsed.transcripts):
                project.backup(reason="before-import-replace")
                backed_up = True
            with project.transaction() as conn:
                for transcript in parsed.transcripts:
                    report.results.append(save_transcript(project, transcript, parsed.format, parsed.encoding, replace))
                refuse_problems(conn, [r.transcript_id for r in report.results
                                       if r.outcome in ("added", "replaced") and r.transcript_id is not None], path)
            for transcript in parsed.transcripts:
                report.notes += [*transcript.notes, *zero_word_warnings(transcript)]
        except InterviewCoderError as exc:
            if exc.path is None:
                exc.path = str(path)
            report.results.clear()
            report.notes.clear()
            report.error = exc
        if progress is not None:
            progress(done, len(files))
    return reports


@dataclass
class Preview:
    path: Path
    lines: list[str]
    error: InterviewCoderError | None = None


def preview(paths: list[Path], options: ImportOptions, fmt: str | None = None) -> list[Preview]:
    """``import --dry-run``: for each file, the lines saying what import would store, or the error it
    would fail with. Nothing is opened or written."""
    out = []
    for path in iter_files(paths):
        try:
            parsed = read_transcripts(path, options, fmt)
        except InterviewCoderError as exc:
            if exc.path is None:
                exc.path = str(path)
            out.append(Preview(path, [], exc))
            continue
        lines = []
        for t in parsed.transcripts:
            respondent = sum(1 for p in t.passages if p.role == Role.RESPONDENT)
            lines.append(f"{t.name}  ({parsed.format}, {parsed.encoding}, {respondent} respondent passages "
                         f"of {len(t.passages)})")
            lines += [f"  {line}" for line in speaker_lines(t)]
            lines += [f"  {note}" for note in (*t.notes, *zero_word_warnings(t))]
        out.append(Preview(path, lines))
    return out


def speaker_lines(transcript: Transcript) -> list[str]:
    """One line per speaker of a parsed transcript: label -> role (respondent), turns, passages, words."""
    rows: dict[tuple[str | None, Role, str | None], list[int]] = {}
    for turn in transcript.turns:
        rows.setdefault((turn.speaker, turn.role, turn.respondent), [0, 0, 0])[0] += 1
    for p in transcript.passages:
        row = rows.setdefault((p.speaker, p.role, p.respondent), [0, 0, 0])
        row[1] += 1
        row[2] += count_words(p.text) if p.role == Role.RESPONDENT else 0
    out = []
    for (speaker, role, respondent), (turns, passages, words) in rows.items():
        label = speaker if speaker is not None else "(no label)"
        who = f"respondent {respondent}" if role == Role.RESPONDENT else str(role)
        counted = f", {words} counted words" if role == Role.RESPONDENT else ""
        out.append(f"speaker {label} -> {who}  ({turns} turns, {passages} passages{counted})")
    return out


def refuse_problems(conn: sqlite3.Connection, transcript_ids: list[int], path: Path) -> None:
    """Raise (so the caller's transaction rolls back) when the staged transcripts break a rule of ``check``."""
    problems = invariant_problems(conn, transcript_ids)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"not imported: it would leave a project check rejects: {problems[0]}{more}", path)


def zero_word_warnings(transcript: Transcript) -> list[str]:
    """One warning per respondent of the transcript whose passages hold 0 counted words."""
    words = dict.fromkeys((r.key for r in transcript.respondents), 0)
    for p in transcript.passages:
        if p.role == Role.RESPONDENT and p.respondent is not None:
            words[p.respondent] = words.get(p.respondent, 0) + count_words(p.text)
    return [f"warning: respondent {key} has 0 counted words in {transcript.name} (nothing of theirs will count; "
            "check the speaker labels with --dry-run)" for key, n in words.items() if n == 0]


def _would_replace(project: Project, transcripts: list[Transcript]) -> bool:
    names = [t.name for t in transcripts]
    marks = ",".join("?" * len(names))
    return bool(project.conn.execute(f"SELECT 1 FROM transcripts WHERE name IN ({marks}) LIMIT 1", names).fetchone())  # noqa: S608
