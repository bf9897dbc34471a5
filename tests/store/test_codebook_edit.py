"""Codebook edits while coding (store.codebook_edit): rename, merge, move, describe, keywords; each
one transaction, refused with a reason, recorded in the coder's history, undone and redone exactly,
and undo refused when the codebook changed since."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from interview_coder.core.model import Code, Codebook, Driver, Factor
from interview_coder.errors import ConflictError, InputError
from interview_coder.io.codebook_yaml import dump_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store import codebook_edit as edit
from interview_coder.store import memos, workbench
from interview_coder.store.codebook import load_codebook, save_codebook
from interview_coder.store.codings import (
    Suggestion,
    add_suggestions,
    apply_code,
    history,
    redo,
    undo,
)
from interview_coder.store.project import Project

BOOK = Codebook(
    factors=(Factor("market", "Market", Driver.EXTERNAL, "市场"), Factor("policy", "Policy", Driver.EXTERNAL, "政策")),
    codes=(Code("customers", "Customers", "market", "客户", keywords={"en": ("customer",)}),
           Code("clients", "Clients", "market", "顾客", keywords={"en": ("client", "customer")}),
           Code("buyers", "Buyers", "market", parent="clients"),
           Code("tax", "Tax incentives", "policy", "税收优惠", description="Tax relief for R&D")),
    name="Edit test")


def snapshot(p: Project) -> dict[str, Any]:
    """Everything a codebook edit may touch, to compare before and after undo."""
    conn = p.conn
    return {t: [tuple(r) for r in conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2")]  # noqa: S608
            for t in ("factors", "codes", "keywords", "codings", "memos", "settings")}


@pytest.fixture
def project(tmp_path: Path) -> Any:
    src = tmp_path / "t.txt"
    src.write_text("I: Who buys?\n\nR1: Our customers buy, clients too.\n\nR1: Taxes help.\n", encoding="utf-8")
    with Project.open(tmp_path / "p.db", create=True) as p:
        with p.transaction():
            save_codebook(p, BOOK)
        assert all(r.error is None for r in import_paths(p, [src], ImportOptions()))
        yield p


def respondent(p: Project) -> list[dict[str, Any]]:
    return [dict(r) for r in p.conn.execute("SELECT * FROM passages WHERE role = 'respondent' ORDER BY seq")]


def rows(p: Project, code: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in p.conn.execute(
        "SELECT c.passage_id, k.name, c.start, c.status FROM codings c JOIN coders k ON k.id = c.coder_id "
        "WHERE c.code_id = ? ORDER BY c.passage_id, k.name, c.start", (code,))]  # NULL first on both engines (store.dialect)


def test_rename_then_undo_and_redo(project: Project) -> None:
    before = snapshot(project)
    code = edit.rename_code(project, "tax", name="Tax relief", name_zh="税收减免", coder="alice")
    assert (code.id, code.name, code.name_zh, code.description) == ("tax", "Tax relief", "税收减免", "Tax relief for R&D")
    assert "name: Tax relief" in dump_codebook_yaml(load_codebook(project))
    assert undo(project, "alice") == "rename code"
    assert snapshot(project) == before
    assert redo(project, "alice") == "rename code"
    assert next(c for c in load_codebook(project).codes if c.id == "tax").name_zh == "税收减免"
    (entry, *_) = history(project, "alice")
    assert (entry.action, entry.codings, entry.summary) == ("rename code", 0, "code Tax relief (tax)")


def test_rename_refusals(project: Project) -> None:
    with pytest.raises(InputError, match="already in the codebook"):
        edit.rename_code(project, "tax", name="customers")
    with pytest.raises(InputError, match="already in the codebook"):
        edit.rename_code(project, "tax", name_zh="客户")
    with pytest.raises(InputError, match="no code 'nope'"):
        edit.rename_code(project, "nope", name="X")
    with pytest.raises(InputError, match="needs a name"):
        edit.rename_code(project, "tax", name="  ")
    with pytest.raises(InputError, match="give a new name"):
        edit.rename_code(project, "tax")
    assert load_codebook(project).codes[3].name == "Tax incentives" and history(project) == []


def test_merge_moves_codings_keywords_children_memos_and_pins(project: Project) -> None:
    p1, p2 = respondent(project)
    text = p1["text"]
    at = text.index("customers")
    add_suggestions(project, [Suggestion(p1["id"], "customers", at, at + 9, "customer"),
                              Suggestion(p1["id"], "clients", at, at + 9, "customer")])
    apply_code(project, p1["id"], "customers", "alice")                  # moves, and so does its accepted suggestion
    apply_code(project, p1["id"], "customers", "bob", at, at + 9)        # moves
    apply_code(project, p2["id"], "customers", "alice")                  # duplicates alice's clients: collapses
    apply_code(project, p2["id"], "clients", "alice")
    memos.set_memo(project, "code", "customers", "about customers", "alice")
    memos.set_memo(project, "code", "clients", "about clients", "alice")
    memos.set_memo(project, "code", "customers", "bob's note", "bob")
    workbench.set_pinned_codes(project, "alice", ["customers", "tax"])
    before = snapshot(project)

    code, moved = edit.merge_codes(project, "customers", "clients", coder="alice")
    assert moved == 5  # alice's three (the whole passage accepted the suggestion too), bob's one, auto's one
    assert "customers" not in {c.id for c in load_codebook(project).codes}
    assert rows(project, "customers") == []
    # the auto suggestion on the same span collapsed into clients' one: one row per coder and span
    assert rows(project, "clients") == [(p1["id"], "alice", None, "accepted"), (p1["id"], "alice", at, "accepted"),
                                        (p1["id"], "auto", at, "suggested"), (p1["id"], "bob", at, "accepted"),
                                        (p2["id"], "alice", None, "accepted")]
    assert code.keywords == {"en": ("client", "customer")}  # 'customer' was already there: one
    assert memos.get_memo(project, "code", "clients", "alice") == "about clients\n\nabout customers"
    assert memos.get_memo(project, "code", "clients", "bob") == "bob's note"
    assert workbench.pinned_codes(project, "alice") == ["clients", "tax"]
    exported = dump_codebook_yaml(load_codebook(project))
    assert "id: customers" not in exported and "id: clients" in exported

    assert undo(project, "alice") == "merge codes"
    assert snapshot(project) == before
    assert redo(project, "alice") == "merge codes"
    assert rows(project, "customers") == [] and len(rows(project, "clients")) == 5
    assert undo(project, "alice") == "merge codes"
    assert snapshot(project) == before


def test_merge_a_parent_into_its_child(project: Project) -> None:
    edit.merge_codes(project, "clients", "buyers", coder="alice")
    buyers = next(c for c in load_codebook(project).codes if c.id == "buyers")
    assert buyers.parent is None and set(buyers.keywords["en"]) == {"client", "customer"}


def test_merge_refusals(project: Project) -> None:
    with pytest.raises(InputError, match="into itself"):
        edit.merge_codes(project, "tax", "tax")
    with pytest.raises(InputError, match="no code 'nope'"):
        edit.merge_codes(project, "tax", "nope")
    assert len(load_codebook(project).codes) == 4


def test_undo_refused_when_the_codebook_changed_since(project: Project) -> None:
    edit.rename_code(project, "tax", name="Tax relief", coder="alice")
    edit.rename_code(project, "tax", name="Tax breaks", coder="bob")
    with pytest.raises(ConflictError, match=r"cannot undo rename code: the codebook changed since \(code 'tax'\)"):
        undo(project, "alice")
    assert load_codebook(project).codes[3].name == "Tax breaks"
    assert undo(project, "bob") == "rename code"
    assert load_codebook(project).codes[3].name == "Tax relief"


def test_undo_of_a_merge_refused_when_a_code_took_the_name(project: Project) -> None:
    edit.merge_codes(project, "customers", "clients", coder="alice")
    edit.add_code(project, "Customers", "market", code_id="customers", coder="bob")
    with pytest.raises(ConflictError, match="cannot undo merge codes"):
        undo(project, "alice")
    assert rows(project, "customers") == [] and "customers" in {c.id for c in load_codebook(project).codes}


def test_move_to_another_factor_takes_its_children(project: Project) -> None:
    before = snapshot(project)
    edit.move_code(project, "clients", factor="policy", coder="alice")
    book = {c.id: c for c in load_codebook(project).codes}
    assert (book["clients"].factor, book["buyers"].factor, book["buyers"].parent) == ("policy", "policy", "clients")
    assert undo(project, "alice") == "move code"
    assert snapshot(project) == before
    edit.move_code(project, "tax", parent="customers", coder="alice")  # the parent's factor
    tax = next(c for c in load_codebook(project).codes if c.id == "tax")
    assert (tax.factor, tax.parent) == ("market", "customers")
    edit.move_code(project, "buyers", factor="policy", coder="alice")  # its parent stays behind
    buyers = next(c for c in load_codebook(project).codes if c.id == "buyers")
    assert (buyers.factor, buyers.parent) == ("policy", None)


def test_move_refusals(project: Project) -> None:
    with pytest.raises(InputError, match="'buyers' is under 'clients'"):
        edit.move_code(project, "clients", parent="buyers")
    with pytest.raises(InputError, match="the code itself"):
        edit.move_code(project, "clients", parent="clients")
    with pytest.raises(InputError, match="no factor 'nope'"):
        edit.move_code(project, "clients", factor="nope")
    with pytest.raises(InputError, match="is under factor 'market', not 'policy'"):
        edit.move_code(project, "tax", factor="policy", parent="customers")
    assert history(project) == []


def test_describe_and_keywords_undo(project: Project) -> None:
    before = snapshot(project)
    edit.describe_code(project, "customers", "  Buyers of the firm's products  ", coder="alice")
    edit.add_keyword(project, "customers", "顾客", "zh", coder="alice")
    edit.add_keyword(project, "customers", "buyer", coder="alice")
    edit.remove_keyword(project, "customers", "customer", coder="alice")
    code = next(c for c in load_codebook(project).codes if c.id == "customers")
    assert (code.description, code.keywords) == ("Buyers of the firm's products", {"en": ("buyer",), "zh": ("顾客",)})
    assert "顾客" in dump_codebook_yaml(load_codebook(project))
    assert [undo(project, "alice") for _ in range(4)] == ["remove keyword", "add keyword", "add keyword",
                                                           "describe code"]
    assert snapshot(project) == before
    with pytest.raises(InputError, match="already has the en keyword 'customer'"):
        edit.add_keyword(project, "customers", "customer")
    with pytest.raises(InputError, match="has no zh keyword"):
        edit.remove_keyword(project, "customers", "客户", "zh")
    with pytest.raises(InputError, match="use en or zh"):
        edit.add_keyword(project, "customers", "Kunde", "de")


def test_add_code_is_undone_while_it_has_no_codings(project: Project) -> None:
    before = snapshot(project)
    edit.add_code(project, "Talent", "policy", "人才", "People with skills", keyword="talent", coder="alice")
    assert undo(project, "alice") == "add code"
    assert snapshot(project) == before
    assert redo(project, "alice") == "add code"
    talent = load_codebook(project).codes[-1]
    assert (talent.id, talent.name_zh, talent.keywords) == ("talent", "人才", {"en": ("talent",)})


def test_edit_code_is_one_undo(project: Project) -> None:
    before = snapshot(project)
    code = edit.edit_code(project, "customers", "Clientele", "客户群", "policy", "Who buys",
                          {"en": edit.split_keywords("customer; buyer,  patron"), "zh": edit.split_keywords("顾客，买家")},
                          coder="alice")
    assert (code.name, code.name_zh, code.factor, code.description) == ("Clientele", "客户群", "policy", "Who buys")
    assert code.keywords == {"en": ("customer", "buyer", "patron"), "zh": ("顾客", "买家")}
    assert [e.action for e in history(project, "alice")] == ["edit code"]
    assert undo(project, "alice") == "edit code"
    assert snapshot(project) == before
    with pytest.raises(InputError, match="already in the codebook"):
        edit.edit_code(project, "customers", "Clients", "", "market", "changed")
    assert snapshot(project) == before  # nothing half-written


def test_check_accepts_the_codebook_edits_in_the_history(project: Project) -> None:
    from interview_coder.store.check import check

    p1, _ = respondent(project)
    apply_code(project, p1["id"], "customers", "alice")
    memos.set_memo(project, "code", "customers", "note", "alice")
    edit.merge_codes(project, "customers", "clients", coder="alice")
    edit.rename_code(project, "tax", name="Tax relief", coder="alice")
    assert [p for p in check(project) if p.kind == "history"] == []
    project.conn.execute("UPDATE history SET payload = ? WHERE action = 'rename code'",
                         ('[{"op": "row", "table": "nope", "key": "tax", "before": null, "after": null}]',))
    assert [p.message for p in check(project) if p.kind == "history"] == [
        "undo record cannot be replayed: a codebook row operation lacks its table, key or rows"]


def test_history_names_the_merged_code(project: Project) -> None:
    edit.merge_codes(project, "clients", "customers", coder="alice")  # clients has a sub-code: buyers
    (entry,) = history(project, "alice")
    assert (entry.action, entry.summary) == ("merge codes", "code clients (clients)")


def test_the_passages_an_undo_would_touch_skip_codebook_rows(project: Project) -> None:
    """The workbench asks which passages the next undo touches before it runs (store.codings.
    replay_passages): a rename touches none, a merge the passages of the codings it moved (a
    codebook row has no passage; reading one as a coding raised KeyError)."""
    from interview_coder.store.codings import replay_passages

    p1, p2 = respondent(project)
    apply_code(project, p2["id"], "customers", "alice")
    edit.rename_code(project, "tax", name="Tax relief", coder="alice")
    assert replay_passages(project, "alice") == []
    undo(project, "alice")
    edit.merge_codes(project, "customers", "clients", coder="alice")
    assert replay_passages(project, "alice") == [p2["id"]]
    assert undo(project, "alice") is not None
    assert replay_passages(project, "alice", undoing=False) == [p2["id"]]


@pytest.mark.parametrize(("selected", "name"), [
    ("有帮助。我们是高新技术企业，", "有帮助。我们是高新技术企业"),
    ("  “customers ask,”  ", "customers ask"),
    ("(new  sensors).", "new sensors"),
    ("Dr. Lin", "Dr. Lin"),
    ("，。", ""),
])
def test_an_in_vivo_name_drops_the_punctuation_around_the_words(selected: str, name: str) -> None:
    assert edit.in_vivo_name(selected) == name
