"""Stepping through the passages where coders disagree (issue 7: the TUI reconciles agreement)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from tui_helpers import make_app

from interview_coder.store.codings import apply_code, remove_codings
from interview_coder.store.project import Project
from interview_coder.tui.screens.reader import ReaderScreen
from interview_coder.tui.widgets.transcript.document import Document


def test_document_finds_passages_whose_coders_gave_different_codes() -> None:
    passages = [{"id": i, "role": r, "text": "x"} for i, r in
                [(10, "interviewer"), (11, "respondent"), (12, "respondent"), (13, "respondent"), (14, "respondent")]]

    def coding(pid: int, code: str, coder: str, status: str = "accepted") -> dict:
        return {"passage_id": pid, "code_id": code, "coder": coder, "status": status}

    doc = Document(1, "t", passages, codings={
        11: [coding(11, "a", "ana"), coding(11, "a", "ben")],                    # agree
        12: [coding(12, "a", "ana"), coding(12, "b", "ben")],                    # disagree
        13: [coding(13, "a", "ana"), coding(13, "b", "auto", "suggested")],     # ben coded nothing here
        14: [coding(14, "c", "ana"), coding(14, "c", "ben"), coding(14, "d", "ana", "suggested")],  # agree
    })
    assert doc.coders() == ["ana", "ben"]
    assert [doc.is_disagreement(i) for i in range(5)] == [False, False, True, True, False]
    assert doc.codes_by_coder(3) == {"ana": {"a"}, "ben": set()}
    assert doc.find(None, 1, "disagreement") == 2
    assert doc.find(2, 1, "disagreement") == 3
    assert doc.find(3, 1, "disagreement") is None
    assert doc.find(4, -1, "disagreement") == 3


def test_keys_step_through_disagreements_and_reconciling_clears_them(project_path: Path) -> None:
    with Project.open(project_path) as project:
        ids = [r[0] for r in project.conn.execute(
            "SELECT p.id FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
            "WHERE t.name = 'en_small' AND p.role = 'respondent' ORDER BY p.seq")]
        first, second, third = ids
        code_a, code_b = [r[0] for r in project.conn.execute("SELECT id FROM codes ORDER BY seq LIMIT 2")]
        apply_code(project, first, code_a, "alice")
        apply_code(project, first, code_a, "bob")      # agree
        apply_code(project, second, code_a, "alice")
        bob_b = apply_code(project, second, code_b, "bob")  # disagree
        apply_code(project, third, code_b, "bob")      # alice left it without a code: disagree

    async def main() -> None:
        app = make_app(project_path, transcript="en_small", coder="alice")
        async with app.run_test(size=(100, 30)) as pilot:
            reader = app.screen
            assert isinstance(reader, ReaderScreen) and reader.doc is not None
            index = {p["id"]: i for i, p in enumerate(reader.doc.passages)}
            assert reader.cursor == index[first]
            await pilot.press("d")
            assert reader.cursor == index[second]
            await pilot.press("d")
            assert reader.cursor == index[third]
            await pilot.press("d")  # none after the last: stays
            assert reader.cursor == index[third]
            await pilot.press("D")
            assert reader.cursor == index[second]
            # Reconcile: bob's b goes (by bob, elsewhere), alice refreshes and the passage agrees.
            with Project.open(project_path) as project:
                remove_codings(project, [bob_b], "bob")
                apply_code(project, second, code_a, "bob")
            await pilot.press("ctrl+l")
            await pilot.press("home", "d")
            assert reader.cursor == index[third]

    asyncio.run(main())
