"""The one coding writer: spans slice their text, suggestions, accept/reject, undo and redo."""

from __future__ import annotations

import pytest

from interview_coder.errors import InputError
from interview_coder.store.codings import (
    Suggestion,
    add_suggestions,
    apply_code,
    redo,
    remove_codings,
    set_status,
    undo,
)
from interview_coder.store.project import Project

TEXT = "I: Why innovate?\n\nR1: 我们的客户要求很高。\n\nR1: Customers and talent.\n"


@pytest.fixture
def setup(tmp_path):
    from interview_coder.core.codebook import validate_codebook
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.io.transcripts.plain import parse_plain
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.transcripts import save_transcript

    project = Project.open(tmp_path / "p.db", create=True)
    book, _ = validate_codebook({"factors": [{"id": "m", "name": "Market", "driver": "external"}],
                                 "codes": [{"id": "customers", "name": "Customers", "factor": "m"},
                                           {"id": "talent", "name": "Talent", "factor": "m"}]})
    with project.transaction():
        save_codebook(project, book)
        save_transcript(project, parse_plain(TEXT, tmp_path / "t.txt", "t", ImportOptions()), "plain", "utf-8")
    ids = [r[0] for r in project.conn.execute("SELECT id FROM passages ORDER BY seq")]
    yield project, ids
    project.close()


def rows(project):
    return [tuple(r) for r in project.conn.execute(
        'SELECT c.passage_id, c.code_id, k.name, c.start, c."end", c.text, c.status, c.origin FROM codings c '
        "JOIN coders k ON k.id = c.coder_id ORDER BY c.id")]


def test_span_in_chinese_text_slices_exactly(setup):
    project, (q, zh, en) = setup
    apply_code(project, zh, "customers", "ana", start=3, end=5)
    assert rows(project) == [(zh, "customers", "ana", 3, 5, "客户", "accepted", "manual")]


def test_spans_outside_the_passage_and_interviewer_text_are_refused(setup):
    project, (q, zh, en) = setup
    with pytest.raises(InputError, match="outside passage"):
        apply_code(project, zh, "customers", "ana", start=5, end=50)
    with pytest.raises(InputError, match="not a respondent passage"):
        apply_code(project, q, "customers", "ana")
    with pytest.raises(InputError, match="no code 'nope'"):
        apply_code(project, en, "nope", "ana")
    assert rows(project) == []


def test_applying_twice_is_one_coding_and_overlaps_are_allowed(setup):
    project, (q, zh, en) = setup
    first = apply_code(project, en, "customers", "ana")
    assert apply_code(project, en, "customers", "ana") == first
    apply_code(project, en, "talent", "ana", start=0, end=9)
    apply_code(project, en, "customers", "ana", start=0, end=9)
    apply_code(project, en, "customers", "ben")
    assert len(rows(project)) == 4


def test_suggestions_are_added_once_and_a_rejection_is_final(setup):
    project, (q, zh, en) = setup
    hits = [Suggestion(en, "customers", 0, 9, "customer"), Suggestion(en, "talent", 14, 20, "talent"),
            Suggestion(q, "customers", 0, 3, "why")]  # interviewer passage: never stored
    assert add_suggestions(project, hits) == 2
    assert add_suggestions(project, hits) == 0
    (c1, c2) = [r[0] for r in project.conn.execute("SELECT id FROM codings ORDER BY id")]
    set_status(project, [c1], "rejected", "ana")
    set_status(project, [c2], "accepted", "ana")
    assert add_suggestions(project, hits) == 0
    # Each decision is the coder's own row; the suggestions stay (for coders who code independently).
    assert rows(project) == [(en, "customers", "auto", 0, 9, "Customers", "suggested", "auto"),
                             (en, "talent", "auto", 14, 20, "talent", "suggested", "auto"),
                             (en, "customers", "ana", 0, 9, "Customers", "rejected", "auto"),
                             (en, "talent", "ana", 14, 20, "talent", "accepted", "auto")]


def test_undo_and_redo_survive_a_restart(setup, tmp_path):
    project, (q, zh, en) = setup
    a = apply_code(project, en, "customers", "ana")
    apply_code(project, zh, "talent", "ana", start=0, end=2)
    remove_codings(project, [a], "ana")
    after_all = rows(project)
    project.close()
    project = Project.open(tmp_path / "p.db")
    assert undo(project, "ana") == "remove"
    assert undo(project, "ana") == "apply"
    assert rows(project) == [(en, "customers", "ana", None, None, None, "accepted", "manual")]
    assert undo(project, "ana") == "apply"
    assert undo(project, "ana") is None
    assert rows(project) == []
    assert redo(project, "ana") == "apply"
    assert redo(project, "ana") == "apply"
    assert redo(project, "ana") == "remove"
    assert redo(project, "ana") is None
    assert rows(project) == after_all
    project.close()


def test_undo_is_per_coder_and_a_new_action_ends_redo(setup):
    project, (q, zh, en) = setup
    apply_code(project, en, "customers", "ana")
    apply_code(project, en, "talent", "ben")
    assert undo(project, "ana") == "apply"
    assert rows(project) == [(en, "talent", "ben", None, None, None, "accepted", "manual")]
    apply_code(project, zh, "talent", "ana")
    assert redo(project, "ana") is None
