"""Issue 13, a whole coding day: number keys that stay put, long passages read by keyboard, a memo
never lost, the code picker's ranking, search that never freezes, feedback while another writer
holds the lock."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import QUICK, codings, drive, make_app, passages

from interview_coder.store.project import Project


def test_number_keys_stay_fixed_after_undo(project_path: Path) -> None:
    # 7 codes passage 1 and 2 with QUICK[6]; the undo used to re-rank the keys (most used first),
    # so the next 7 applied another code.
    drive(make_app(project_path), "7", "j", "7", "u", "j", "7")
    with Project.open(project_path) as p:
        en = passages(p, "en_small")
        rows = codings(p, coder="alice", origin="manual", status="accepted")
        assert [(r["passage_id"], r["code_id"]) for r in rows] == [(en[0]["id"], QUICK[6]), (en[2]["id"], QUICK[6])]
