"""Resizing a coding's span and the reviewed mark go through the one writer's history: undoable,
refused when the text changed, own coder only."""

from __future__ import annotations

import json

import pytest
from test_coding_writer import rows, setup  # noqa: F401 - the fixture

from interview_coder.errors import ConflictError, InputError
from interview_coder.store.codings import apply_code, redo, replay_passages, resize_coding, undo
from interview_coder.store.reviews import is_marked, set_reviewed


def test_resize_grows_and_shrinks_and_undo_puts_the_span_back(setup):  # noqa: F811
    project, (q, zh, en) = setup
    cid = apply_code(project, zh, "customers", "ana", start=3, end=5)
    assert resize_coding(project, cid, 0, 10, "ana") == cid
    assert rows(project) == [(zh, "customers", "ana", 0, 10, "我们的客户要求很高。", "accepted", "manual")]
    resize_coding(project, cid, 3, 4, "ana")
    assert rows(project)[0][3:6] == (3, 4, "客")
    assert replay_passages(project, "ana") == [zh]
    assert undo(project, "ana") == "resize"
    assert rows(project)[0][3:6] == (0, 10, "我们的客户要求很高。")
    assert undo(project, "ana") == "resize"
    assert rows(project)[0][3:6] == (3, 5, "客户")
    assert redo(project, "ana") == "resize"
    assert rows(project)[0][3:6] == (0, 10, "我们的客户要求很高。")


def test_resize_is_refused_for_others_for_bad_spans_and_changed_text(setup):  # noqa: F811
    project, (q, zh, en) = setup
    cid = apply_code(project, en, "customers", "ana", start=0, end=9)
    with pytest.raises(InputError, match="only its own coder resizes"):
        resize_coding(project, cid, 0, 5, "ben")
    with pytest.raises(InputError, match="outside passage"):
        resize_coding(project, cid, 0, 500, "ana")
    with pytest.raises(ConflictError, match="changed since it was shown"):
        resize_coding(project, cid, 0, 5, "ana", seen_text="something else")
    other = apply_code(project, en, "customers", "ana", start=14, end=20)
    with pytest.raises(InputError, match="already coded customers on that span"):
        resize_coding(project, other, 0, 9, "ana")
    assert [r[3:5] for r in rows(project)] == [(0, 9), (14, 20)]


def test_undo_of_a_resize_refuses_after_the_text_changed(setup):  # noqa: F811
    project, (q, zh, en) = setup
    cid = apply_code(project, en, "customers", "ana", start=0, end=9)
    resize_coding(project, cid, 0, 13, "ana")
    with project.transaction() as conn:  # a re-import changed the passage under the coding
        conn.execute("UPDATE passages SET text = 'Clients and talent.' WHERE id = ?", (en,))
    with pytest.raises(ConflictError, match="changed since"):
        undo(project, "ana")
    assert rows(project)[0][3:6] == (0, 13, "Customers and")


def test_the_reviewed_mark_is_undone_and_redone(setup):  # noqa: F811
    project, (q, zh, en) = setup
    apply_code(project, en, "talent", "ana")
    set_reviewed(project, zh, "ana")
    assert is_marked(project, zh, "ana")
    assert replay_passages(project, "ana") == [zh]
    assert undo(project, "ana") == "review"
    assert not is_marked(project, zh, "ana")
    assert redo(project, "ana") == "review"
    assert is_marked(project, zh, "ana")
    set_reviewed(project, zh, "ana", False)
    assert undo(project, "ana") == "review"
    assert is_marked(project, zh, "ana")
    assert undo(project, "ana") == "review"  # the first mark
    assert undo(project, "ana") == "apply"  # then the coding before it
    assert rows(project) == []
    assert not is_marked(project, zh, "ana")


def test_undo_of_a_mark_changed_elsewhere_is_refused(setup):  # noqa: F811
    project, (q, zh, en) = setup
    set_reviewed(project, zh, "ana")
    with project.transaction() as conn:  # another session took the mark away without history
        conn.execute("DELETE FROM passage_reviews")
    with pytest.raises(ConflictError, match="reviewed mark was changed since"):
        undo(project, "ana")


def test_check_reads_reviewed_marks_and_resizes_in_the_history(setup):  # noqa: F811
    """check's history rule knows the reviewed mark's operation (it called every mark unreplayable
    before), and still flags a mark's record that lost its passage."""
    from interview_coder.store.check import check

    project, (q, zh, en) = setup
    cid = apply_code(project, zh, "customers", "ana", start=3, end=5)
    resize_coding(project, cid, 0, 10, "ana")
    set_reviewed(project, zh, "ana")
    assert [p for p in check(project) if p.kind == "history"] == []
    with project.transaction() as conn:
        hid, payload = conn.execute("SELECT id, payload FROM history WHERE action = 'review'").fetchone()
        ops = json.loads(payload)
        del ops[0]["row"]["passage_id"]
        conn.execute("UPDATE history SET payload = ? WHERE id = ?", (json.dumps(ops), hid))
    found = [p for p in check(project) if p.kind == "history"]
    assert len(found) == 1 and "reviewed mark" in found[0].message
