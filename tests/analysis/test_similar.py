"""report similar: passages sharing the most words rank first; the passage itself is left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from learndata import coded_project

from interview_coder.analysis.similar import find_passage, similar_passages
from interview_coder.cli import main
from interview_coder.errors import InputError


def test_similar_passages_rank_shared_words_first(tmp_path: Path) -> None:
    project, ids = coded_project(tmp_path)
    with project:
        target = find_passage(project, "t:21")  # "Suppliers of parts in Suzhou deliver quickly." (answer 11)
        assert target == ids[10]
        table = similar_passages(project, target, limit=12)
        rows = table.records
        assert all(r["passage"] != 21 for r in rows) and len(rows) == 11
        # Answers 1 ("Our suppliers deliver parts and the supplier network ...") and 4 ("Suppliers in
        # Wuxi deliver the raw parts ...") share supplier, deliver and part with it: they come first.
        assert {rows[0]["passage"], rows[1]["passage"]} == {1, 7}
        supplier_rank = max(r["rank"] for r in rows if r["codes"] == "suppliers")
        sharing = [r for r in rows if r["similarity"] > 0]
        assert supplier_rank == len(sharing) == 5  # only the five supplier answers share a word with it
        with pytest.raises(InputError, match="not a respondent passage"):
            find_passage(project, "t:0")
        with pytest.raises(InputError, match="no such passage"):
            find_passage(project, "t:99")


def test_report_similar_cli(tmp_path: Path) -> None:
    coded_project(tmp_path)[0].close()
    result = CliRunner().invoke(main, ["report", "similar", "-p", str(tmp_path / "l.db"), "t:21", "--limit", "2",
                                       "--format", "csv"])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "rank,transcript,passage,respondent,similarity,codes,text"
    assert len(result.stdout.splitlines()) == 3
    bad = CliRunner().invoke(main, ["report", "similar", "-p", str(tmp_path / "l.db"), "nowhere"])
    assert bad.exit_code == 1 and "give TRANSCRIPT:N" in bad.stderr
