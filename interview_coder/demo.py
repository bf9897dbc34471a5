"""The bundled sample project: the SIM codebook and the sample transcripts, auto-coded and counted."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from interview_coder.analysis.autocode import autocode
from interview_coder.analysis.factors import driver_totals, factor_frequencies, factor_tables
from interview_coder.analysis.frequencies import code_frequencies, frequency_table
from interview_coder.core.table import Table
from interview_coder.data import bundled
from interview_coder.errors import InputError
from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.codebook import save_codebook
from interview_coder.store.project import Project
from interview_coder.store.queries import status
from interview_coder.store.scope import Filters

# The transcription-tool samples carry no front matter; all four interview enterprise staff.
TOOL_SAMPLES = "tools"
TOOL_SAMPLES_GROUP = "enterprise"
DEMO_CODER = "demo"
"""The coder the sample's keyword hits are accepted under, so every report (which counts accepted
codings) shows them; a real project's hits stay suggestions until a coder reviews them."""


def build_demo(path: Path) -> Iterator[str]:
    """Create (or refresh) the sample project at ``path``, yielding progress lines."""
    if path.exists():
        with Project.open(path) as existing:
            if existing.setting("demo") != "1" and existing.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0]:
                raise InputError("holds a project that is not the sample; give another -p or use --fresh", path)
    with Project.open(path, create=True) as project:
        project.set_setting("demo", "1")
        book, _ = load_codebook_yaml(bundled("codebooks") / "sim.yaml")
        with project.transaction():
            save_codebook(project, book)
        yield f"Codebook: {book.name} ({len(book.factors)} factors, {len(book.codes)} codes)"
        root = bundled("transcripts")
        reports = import_paths(project, [p for p in sorted(root.iterdir()) if p.name != TOOL_SAMPLES], ImportOptions())
        reports += import_paths(project, [root / TOOL_SAMPLES], ImportOptions(group=TOOL_SAMPLES_GROUP))
        for report in reports:
            if report.error is not None:
                raise report.error
        added = sum(1 for r in reports for x in r.results if x.outcome == "added")
        yield f"Transcripts: {added} added from {len(reports)} files ({root})"
        result = autocode(project, accept_as=DEMO_CODER)
        yield (f"Auto-coding: {result.hits} keyword hits in {result.passages} respondent passages, "
               f"{result.added} accepted under coder '{DEMO_CODER}'")
        info = status(project)
        groups = ", ".join(f"{k} {v}" for k, v in info["respondents_by_group"].items())
        yield (f"Project {path}: {info['transcripts']} transcripts, {info['respondents']} respondents ({groups}), "
               f"{info['passages']} respondent passages, {info['interviewer_turns']} interviewer turns (never counted)")


def demo_tables(path: Path) -> list[Table]:
    """What the sample project's accepted codings (the demo coder's) say, as every report counts them."""
    filters = Filters()
    with Project.open(path) as project:
        frequencies = frequency_table(code_frequencies(project, filters, by="group"), by="group")
        factors = factor_tables(factor_frequencies(project, filters, by="group"),
                                driver_totals(project, filters, by="group"), by="group")
    return [frequencies, *factors]
