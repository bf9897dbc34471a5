"""``import``: read files and store each in its own transaction, so a bad file leaves nothing behind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from interview_coder.core.model import Transcript
from interview_coder.errors import InterviewCoderError
from interview_coder.io.transcripts import ImportOptions, iter_files, read_transcripts
from interview_coder.store.project import Project
from interview_coder.store.transcripts import SaveResult, save_transcript


@dataclass
class FileReport:
    path: Path
    format: str = ""
    encoding: str = ""
    results: list[SaveResult] = field(default_factory=list)
    error: InterviewCoderError | None = None


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
            with project.transaction():
                for transcript in parsed.transcripts:
                    report.results.append(save_transcript(project, transcript, parsed.format, parsed.encoding, replace))
        except InterviewCoderError as exc:
            if exc.path is None:
                exc.path = str(path)
            report.results.clear()
            report.error = exc
        if progress is not None:
            progress(done, len(files))
    return reports


def _would_replace(project: Project, transcripts: list[Transcript]) -> bool:
    names = [t.name for t in transcripts]
    marks = ",".join("?" * len(names))
    return bool(project.conn.execute(f"SELECT 1 FROM transcripts WHERE name IN ({marks}) LIMIT 1", names).fetchone())  # noqa: S608
