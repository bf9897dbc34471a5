"""Two coders and one importer writing the same project at once: every action lands, check passes."""

from __future__ import annotations

from pathlib import Path

from stressdata import load

from interview_coder.store.check import check
from interview_coder.store.project import Project


def test_two_coders_and_an_importer_at_once(tmp_path: Path) -> None:
    stress = load()
    outcome = stress.concurrent(tmp_path, coders=2, importers=1, count=40, seed=11)
    # every process finished its 40 actions without "database is locked" or any other failure
    assert outcome.fails == []
    assert outcome.acks == 120
    assert outcome.losses == [] and outcome.problems == []
    with Project.open(tmp_path / "project.db") as p:
        assert check(p) == []
        assert p.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 2 + 40
        coders = {r[0] for r in p.conn.execute("SELECT DISTINCT k.name FROM history h JOIN coders k ON k.id = h.coder_id")}
        assert {"stress-c0", "stress-c1"} <= coders


def test_busy_writer_waits_instead_of_failing(tmp_path: Path) -> None:
    """A second connection holding the write lock briefly: the transaction waits and then commits."""
    import threading
    import time

    with Project.open(tmp_path / "p.db", create=True) as a, Project.open(tmp_path / "p.db") as b:
        held = threading.Event()

        def hold() -> None:
            with a.transaction() as conn:
                conn.execute("INSERT INTO settings(key, value) VALUES ('a', '1')")
                held.set()
                time.sleep(0.5)

        t = threading.Thread(target=hold)
        t.start()
        held.wait()
        b.set_setting("b", "2")  # blocks on the lock, then succeeds
        t.join()
        assert a.setting("a") == "1" and a.setting("b") == "2"
