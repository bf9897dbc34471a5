"""autocode --learn: a model trained on a coder's accepted codings; its cross-validated precision
and recall equal a recount from its held-out predictions and the coder's codings in the store."""

from __future__ import annotations

from pathlib import Path

import pytest
from learndata import coded_project

from interview_coder.analysis.learn import evaluate, evaluation_table, learn
from interview_coder.errors import InputError
from interview_coder.store.scope import Filters


@pytest.fixture
def coded(tmp_path: Path):
    project, ids = coded_project(tmp_path)
    yield project, ids
    project.close()


def test_precision_and_recall_equal_a_recount(coded) -> None:
    project, _ = coded
    rows = evaluate(project, "alice")
    assert [r.code for r in rows] == ["suppliers", "tax"]  # the other codes have no examples
    truth = {}
    for pid, code in project.conn.execute(
            "SELECT c.passage_id, c.code_id FROM codings c JOIN coders k ON k.id = c.coder_id "
            "WHERE k.name = 'alice' AND c.status = 'accepted'"):
        truth.setdefault(pid, set()).add(code)
    for row in rows:
        assert set(row.predicted) == set(truth)  # every coded passage was held out once
        tp = sum(1 for pid, guess in row.predicted.items() if guess and row.code in truth[pid])
        fp = sum(1 for pid, guess in row.predicted.items() if guess and row.code not in truth[pid])
        fn = sum(1 for pid, guess in row.predicted.items() if not guess and row.code in truth[pid])
        assert (row.true_positives, row.false_positives, row.false_negatives) == (tp, fp, fn)
        assert row.positives == 5 and row.negatives == 5 and row.folds == 5
        assert row.precision == (tp / (tp + fp) if tp + fp else None) and row.recall == tp / 5
    table = evaluation_table(rows, "alice")
    assert table.records[0]["recall"] == round(rows[0].recall or 0, 3)


def test_learned_suggestions_for_uncoded_passages(coded) -> None:
    project, ids = coded
    result = learn(project, "alice")
    assert result.learned == ["suppliers", "tax"] and result.trained_on == 10
    assert result.skipped["unis"] == "0 coded passage(s); 3 needed"
    stored = project.conn.execute(
        "SELECT passage_id, code_id, status, origin, start, memo FROM codings WHERE origin = 'learned' "
        "ORDER BY passage_id, code_id").fetchall()
    # Only the two passages alice left uncoded get suggestions, as whole-passage suggestions.
    assert {r[0] for r in stored} <= {ids[10], ids[11]} and stored
    assert all(r[2] == "suggested" and r[4] is None and "confidence" in r[5] for r in stored)
    assert (ids[10], "suppliers") in {(r[0], r[1]) for r in stored}
    assert (ids[11], "tax") in {(r[0], r[1]) for r in stored}
    assert learn(project, "alice").added == 0  # stored before: nothing new


def test_learning_needs_examples(coded) -> None:
    project, _ = coded
    with pytest.raises(InputError, match="nothing to learn from"):
        learn(project, "alice", Filters(transcripts=("nope",)))
    with pytest.raises(InputError, match="no such coder"):
        learn(project, "bob")
