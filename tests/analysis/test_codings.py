"""codings_records: one row per coding, with its place, coder and text (hand-checked)."""

from __future__ import annotations

from pathlib import Path

from teamdata import make_project, passage_id

from interview_coder.analysis.codings import CODING_COLUMNS, codings_records
from interview_coder.store.codings import Suggestion, add_suggestions, apply_code
from interview_coder.store.scope import Filters


def test_one_row_per_coding_with_place_coder_and_text(tmp_path: Path) -> None:
    with make_project(tmp_path / "p.db") as project:
        p1 = passage_id(project, "en1", 1)
        z2 = passage_id(project, "zh1", 2)
        apply_code(project, p1, "customers", "alice")
        apply_code(project, z2, "subsidy", "bob", 0, 4)
        add_suggestions(project, [Suggestion(p1, "customers", 4, 13, "customer")])

        rows = codings_records(project)
        assert [list(r) for r in rows] == [CODING_COLUMNS] * 2
        assert [(r["transcript"], r["respondent"], r["group"], r["passage"], r["start"], r["end"], r["code"],
                 r["factor"], r["coder"], r["status"], r["origin"], r["text"]) for r in rows] == [
            ("en1", "E1", "enterprise", 1, None, None, "customers", "market", "alice", "accepted", "manual",
             "Our customers ask for new sensors every year."),
            ("zh1", "Z1", "government", 2, 0, 4, "subsidy", "support", "bob", "accepted", "manual", "政府补贴"),
        ]
        everything = codings_records(project, Filters(status="all"))
        assert [(r["coder"], r["keyword"], r["text"]) for r in everything if r["origin"] == "auto"] == [
            ("auto", "customer", "customers")]
        assert [r["coder"] for r in codings_records(project, Filters(coders=("bob",)))] == ["bob"]
        assert codings_records(project, Filters.parse(where=["group=enterprise"]))[0]["coder"] == "alice"
