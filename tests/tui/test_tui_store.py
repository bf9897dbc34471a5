"""The store modules the workbench reads and writes (store/workbench.py, memos.py, search.py),
on the hand-made project of conftest.py (3 + 2 respondent passages, 4 suggestions)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import passages

from interview_coder.errors import InputError
from interview_coder.store import codings as writer
from interview_coder.store import memos, workbench
from interview_coder.store.project import Project
from interview_coder.store.search import search_passages


@pytest.fixture
def p(project_path: Path):  # type: ignore[no-untyped-def]
    with Project.open(project_path) as project:
        yield project


def test_overview_counts_reviewed_passages_and_open_suggestions(p: Project) -> None:
    en = passages(p, "en_small")
    rows = {r["name"]: r for r in workbench.overview_rows(p)}
    assert [(r["respondents"], r["group"], r["language"], r["passages"], r["reviewed"], r["suggestions"])
            for r in (rows["en_small"], rows["zh_small"])] == [("T01", "enterprise", "en", 3, 0, 3),
                                                               ("T02", "government", "zh", 2, 0, 1)]
    customers = next(c for c in workbench.passage_codings(p, en[0]["id"]))
    writer.set_status(p, [customers["id"]], "rejected", "alice")      # passage 1: decided, nothing open
    writer.apply_code(p, en[1]["id"], "university", "alice")          # passage 2: accepted, nothing open
    tax = next(c for c in workbench.passage_codings(p, en[2]["id"]) if c["code_id"] == "tax")
    writer.set_status(p, [tax["id"]], "accepted", "alice")            # passage 3: subsidy still open
    row = next(r for r in workbench.overview_rows(p) if r["name"] == "en_small")
    assert (row["reviewed"], row["suggestions"]) == (2, 1)


def test_code_counts_are_passages_with_an_accepted_coding(p: Project) -> None:
    en, zh = passages(p, "en_small"), passages(p, "zh_small")
    writer.apply_code(p, en[0]["id"], "tax", "alice")
    writer.apply_code(p, en[0]["id"], "tax", "alice", 0, 3)   # same passage again: still one passage
    writer.apply_code(p, zh[0]["id"], "tax", "bob")
    tid = en[0]["transcript_id"]
    assert workbench.code_counts(p, tid) == {"tax": (1, 2)}
    assert workbench.code_counts(p, tid, ["tax", "subsidy"]) == {"tax": (1, 2)}


def test_quick_codes_pinned_then_most_used_then_codebook_order(p: Project) -> None:
    en = passages(p, "en_small")
    writer.apply_code(p, en[0]["id"], "ip", "alice")
    writer.apply_code(p, en[1]["id"], "ip", "alice")
    writer.apply_code(p, en[1]["id"], "demand", "alice")
    workbench.set_pinned_codes(p, "alice", ["subsidy"])
    assert workbench.quick_codes(p, "alice") == ["subsidy", "ip", "demand", "university", "suppliers",
                                                 "intermediaries", "customers", "competitors", "tax"]
    assert workbench.quick_codes(p, "bob")[:2] == ["university", "suppliers"]


def test_memos_one_per_coder_and_target(p: Project) -> None:
    en = passages(p, "en_small")
    memos.set_memo(p, "passage", en[0]["id"], "first thought", "alice")
    memos.set_memo(p, "passage", en[0]["id"], "second thought  ", "alice")
    memos.set_memo(p, "passage", en[0]["id"], "bob's view", "bob")
    assert memos.get_memo(p, "passage", en[0]["id"], "alice") == "second thought"
    assert [m["text"] for m in memos.other_memos(p, "passage", en[0]["id"], "alice")] == ["bob's view"]
    assert memos.passages_with_memos(p, en[0]["transcript_id"]) == {en[0]["id"]}
    memos.set_memo(p, "passage", en[0]["id"], "", "alice")
    memos.set_memo(p, "passage", en[0]["id"], "", "bob")
    assert memos.passages_with_memos(p, en[0]["transcript_id"]) == set()
    memos.set_memo(p, "project", "", "the study", "alice")
    memos.set_memo(p, "code", "tax", "rates only", "alice")
    assert {(m["target"], m["text"]) for m in memos.memo_rows(p)} == {("project", "the study"), ("code", "rates only")}
    with pytest.raises(InputError):
        memos.set_memo(p, "code", "nope", "x", "alice")
    with pytest.raises(InputError):
        memos.set_memo(p, "speaker", "1", "x", "alice")


def test_coding_memo_goes_through_the_coding_writer_and_undoes(p: Project) -> None:
    en = passages(p, "en_small")
    cid = writer.apply_code(p, en[0]["id"], "tax", "alice")
    memos.set_memo(p, "coding", cid, "why", "alice")
    assert memos.get_memo(p, "coding", cid, "alice") == "why"
    assert writer.undo(p, "alice") == "memo"
    assert memos.get_memo(p, "coding", cid, "alice") == ""


def test_search_plain_regex_and_filters(p: Project) -> None:
    hits = search_passages(p, "TAX")
    assert [(h.transcript, h.seq, h.text[h.start:h.end]) for h in hits] == [("en_small", 4, "Tax")]
    hits = search_passages(p, "税收|tax", regex=True)
    assert [(h.transcript, h.text[h.start:h.end]) for h in hits] == [("en_small", "Tax"), ("zh_small", "税收")]
    assert [h.transcript for h in search_passages(p, "税收|tax", regex=True, group="government")] == ["zh_small"]
    assert [h.seq for h in search_passages(p, "e", regex=True, code="customers")] == [1] * 6  # six e's in passage 1
    assert search_passages(p, "e", code="customers") == []  # plain search finds words: no word "e"
    assert search_passages(p, "Tax", coder="alice") == []
    en = passages(p, "en_small")
    writer.apply_code(p, en[2]["id"], "tax", "alice")
    assert len(search_passages(p, "Tax", coder="alice")) == 1
    assert [h.role for h in search_passages(p, "government")] == ["interviewer"]
    assert search_passages(p, "") == []
    with pytest.raises(InputError):
        search_passages(p, "(", regex=True)
