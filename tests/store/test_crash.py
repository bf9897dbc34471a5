"""A small version of scripts/stress_kill.py: SIGKILL a working process at random moments, lose nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from stressdata import load

from interview_coder.store.check import check
from interview_coder.store.project import Project

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def test_ten_kills_lose_nothing(tmp_path: Path) -> None:
    stress = load()
    # autocode is left out here (it loads spaCy, seconds per run); the script's full run includes it
    outcome = stress.stress(tmp_path, kills=10, seed=7, actions=["code", "remove", "accept", "undo", "redo",
                                                                 "import", "merge"], max_delay=0.6)
    assert outcome.kills == 10, outcome.fails
    assert outcome.losses == [] and outcome.problems == [] and outcome.fails == []
    assert outcome.acks >= 10  # the children did work between kills: something was at stake
    with Project.open(tmp_path / "project.db") as p:
        assert check(p) == []
        imported = p.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0]
    acked_imports = sum(1 for log in tmp_path.glob("log*.jsonl") for line in log.read_text().splitlines()
                        if '"ack"' in line and json.loads(line)["action"] == "import")
    assert imported >= 2 + acked_imports  # the two set-up transcripts and every acknowledged import


def test_verifier_catches_a_lost_coding(tmp_path: Path) -> None:
    """The check behind the figure can fail: delete an acknowledged coding behind its back."""
    stress = load()
    stress.setup(tmp_path, seed=1)
    log = tmp_path / "log.jsonl"
    stress.child(tmp_path, 3, ["code"], 5, log, "t")
    model = stress.Model()
    assert stress.apply_log(model, stress.read_log(log)) is None
    acked = [i for i, state in model.codings.items() if state is not None]
    assert len(acked) >= 1
    with Project.open(tmp_path / "project.db") as p, p.transaction() as conn:
        conn.execute("DELETE FROM codings WHERE id = ?", (int(acked[0]),))
    outcome = stress.Outcome()
    alice = [stress.alice_keys(tmp_path, k) for k in range(stress.MERGE_SOURCES)]
    stress.verify(tmp_path, model, None, alice, outcome)
    assert len(outcome.losses) == 1 and f"coding {acked[0]}" in outcome.losses[0]


def test_verifier_catches_a_half_merge(tmp_path: Path) -> None:
    stress = load()
    stress.setup(tmp_path, seed=1)
    assert stress.cli(["merge", "-p", str(tmp_path / "project.db"), str(tmp_path / "alice0.db")]) == 0
    with Project.open(tmp_path / "project.db") as p, p.transaction() as conn:
        conn.execute("DELETE FROM codings WHERE id = (SELECT c.id FROM codings c JOIN coders k ON k.id = c.coder_id "
                     "WHERE k.name = 'alice' LIMIT 1)")
    outcome = stress.Outcome()
    alice = [stress.alice_keys(tmp_path, k) for k in range(stress.MERGE_SOURCES)]
    stress.verify(tmp_path, stress.Model(), None, alice, outcome)
    assert any("alice0 half-done" in loss for loss in outcome.losses)


def test_kills_during_replace_codebook_load_and_speakers_set_lose_nothing(tmp_path: Path) -> None:
    """The editing commands that move codings or respondents: import --replace, codebook load, speakers set."""
    stress = load()
    acked: set[str] = set()
    # A kill comes 0.05 s to max_delay after the child starts; on a loaded machine a short delay
    # kills every child while it is still importing, so the run is repeated with longer delays
    # until the new actions have been acknowledged (and so checked) at least once.
    for attempt, max_delay in enumerate((0.8, 2.5, 6.0)):
        work = tmp_path / f"run{attempt}"
        work.mkdir()
        outcome = stress.stress(work, kills=8, seed=16, actions=["import", "code", "replace", "codebook", "speakers"],
                                max_delay=max_delay)
        assert outcome.losses == [] and outcome.problems == [] and outcome.fails == []
        acked |= {json.loads(line)["action"] for log in work.glob("log*.jsonl") for line in log.read_text().splitlines()
                  if '"ack"' in line}
        if {"replace", "speakers"} <= acked:
            break
    assert {"replace", "speakers"} <= acked  # the new actions ran and were checked


def _coded(tmp_path: Path) -> tuple[Any, Any, list[set[tuple[Any, ...]]]]:
    stress = load()
    stress.setup(tmp_path, seed=1)
    log = tmp_path / "log.jsonl"
    stress.child(tmp_path, 3, ["code"], 5, log, "t")
    model = stress.Model()
    stress.apply_log(model, stress.read_log(log))
    alice = [stress.alice_keys(tmp_path, k) for k in range(stress.MERGE_SOURCES)]
    outcome = stress.Outcome()
    stress.verify(tmp_path, model, None, alice, outcome)
    assert outcome.losses == []
    return stress, model, alice


def test_verifier_catches_a_coding_id_naming_another_coding(tmp_path: Path) -> None:
    """An id that named one coding must never name another (reused, or moved to other text behind our back)."""
    stress, model, alice = _coded(tmp_path)
    with Project.open(tmp_path / "project.db") as p, p.transaction() as conn:
        row = conn.execute("SELECT id, passage_id, code_id, coder_id FROM codings ORDER BY id DESC LIMIT 1").fetchone()
        other = conn.execute("SELECT id FROM passages WHERE role = 'respondent' AND id != ? LIMIT 1",
                             (row[1],)).fetchone()[0]
        conn.execute("UPDATE codings SET passage_id = ?, start = NULL, \"end\" = NULL, text = NULL WHERE id = ?",
                     (other, row[0]))
    outcome = stress.Outcome()
    stress.verify(tmp_path, model, None, alice, outcome)
    assert any(f"coding id {row[0]} reused or moved" in loss for loss in outcome.losses)


def test_verifier_catches_a_respondent_losing_its_group(tmp_path: Path) -> None:
    stress, model, alice = _coded(tmp_path)
    stress.child(tmp_path, 5, ["import"], 1, tmp_path / "log2.jsonl", "k1")
    stress.apply_log(model, stress.read_log(tmp_path / "log2.jsonl"))
    outcome = stress.Outcome()
    stress.verify(tmp_path, model, None, alice, outcome)
    assert outcome.losses == []
    with Project.open(tmp_path / "project.db") as p, p.transaction() as conn:
        conn.execute("DELETE FROM attributes WHERE name = 'group' AND respondent_id IN (SELECT r.id FROM respondents r "
                     "WHERE r.key LIKE 'R-k1%')")
    stress.verify(tmp_path, model, None, alice, outcome)
    assert any("respondent of k1_" in loss for loss in outcome.losses)
