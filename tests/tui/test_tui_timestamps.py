"""Transcription-tool timestamps are shown on each turn's header, never as passage text."""

from __future__ import annotations

from pathlib import Path

from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store import workbench
from interview_coder.store.project import Project
from interview_coder.tui.widgets.transcript.reader import clock

SAMPLE = Path(__file__).resolve().parents[2] / "transcripts" / "tools" / "T01.txt"


def test_clock_formats_like_the_tools() -> None:
    assert clock(3.0) == "00:03"
    assert clock(75.9) == "01:15"
    assert clock(3723) == "1:02:03"


def test_reader_rows_carry_the_turn_timestamps(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db", create=True) as project:
        (report,) = import_paths(project, [SAMPLE], ImportOptions())
        assert report.error is None
        tid = report.results[0].transcript_id
        rows = workbench.reader_passages(project, tid)
    # T01.txt: "李静(00:00:03): ..." then "周总(00:00:15): ..." after the two preamble lines.
    spoken = [r for r in rows if r["role"] != "preamble"]
    assert [(r["speaker"], r["time_start"]) for r in spoken[:2]] == [("李静", 3.0), ("周总", 15.0)]
    assert all("00:0" not in r["text"] for r in rows)
