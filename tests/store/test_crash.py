"""A small version of scripts/stress_kill.py: SIGKILL a working process at random moments, lose nothing."""

from __future__ import annotations

import json
import sys
from pathlib import Path

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
