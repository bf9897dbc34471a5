"""One Pilot test per binding that changes data, parametrised over the key registry; each checks
what the project holds afterwards. A new data-changing key without a scenario here fails."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tui_helpers import QUICK, codings, drive, make_app, passages

from interview_coder.store import memos, workbench
from interview_coder.store.project import Project
from interview_coder.tui.keys import ACTIONS, BY_ID

Check = Callable[[Project], None]


def _key(action_id: str) -> str:
    return BY_ID[action_id].keys.split(",")[0]


def quick(n: int) -> tuple[str | None, list[str], Check]:
    def check(p: Project) -> None:
        en1 = passages(p, "en_small")[0]
        rows = codings(p, passage_id=en1["id"], coder="alice", status="accepted")
        assert [(r["code_id"], r["start"], r["origin"]) for r in rows if r["origin"] == "manual"] == [
            (QUICK[n - 1], None, "manual")]
        # coding the whole passage accepts that code's suggestions on it, and no other code's
        suggested = [(r["code_id"], r["start"]) for r in codings(p, passage_id=en1["id"], status="suggested")]
        assert sorted((r["code_id"], r["start"]) for r in rows if r["origin"] == "auto") == sorted(
            x for x in suggested if x[0] == QUICK[n - 1])
    return "en_small", [_key(f"reader.quick_code_{n}")], check


def _accepted_customers(p: Project) -> None:
    en1 = passages(p, "en_small")[0]
    # the decision is alice's own row; the suggestion stays (open for coders who code independently)
    (row,) = codings(p, passage_id=en1["id"], code_id="customers", coder="alice")
    assert (row["status"], row["coder"], row["text"], row["keyword"]) == ("accepted", "alice", "customers", "customer")
    assert open_suggestions(p, "customers") == []


def _rejected_customers(p: Project) -> None:
    (row,) = codings(p, code_id="customers", coder="alice")
    assert (row["status"], row["coder"]) == ("rejected", "alice")
    assert open_suggestions(p, "customers") == []


def _accepted_all(p: Project) -> None:
    en3 = passages(p, "en_small")[2]
    rows = codings(p, passage_id=en3["id"], coder="alice")
    assert sorted((r["code_id"], r["status"], r["coder"]) for r in rows) == [
        ("subsidy", "accepted", "alice"), ("tax", "accepted", "alice")]
    # en passage 1's customers and the Chinese tax suggestion stay open
    assert sorted(r["code_id"] for r in open_suggestions(p)) == ["customers", "tax"]


def open_suggestions(p: Project, code: str | None = None) -> list[dict[str, Any]]:
    """Suggestions still open (store.scope), of one code or all."""
    from interview_coder.store.scope import Filters

    sql, params = Filters(status="suggested").codings_sql()
    return [dict(r) for r in p.conn.execute(sql, params) if code is None or r["code_id"] == code]


def _no_alice(p: Project) -> None:
    assert codings(p, coder="alice") == []


def _one_university(p: Project) -> None:
    en1 = passages(p, "en_small")[0]
    rows = codings(p, coder="alice")
    assert [(r["passage_id"], r["code_id"], r["start"]) for r in rows] == [(en1["id"], QUICK[0], None)]


def _passage_memo(p: Project) -> None:
    en1 = passages(p, "en_small")[0]
    assert memos.get_memo(p, "passage", en1["id"], "alice") == "why now"


def _coding_memo(p: Project) -> None:
    (row,) = codings(p, code_id="customers", coder="alice")
    assert row["memo"] == "why now"


def _exported(p: Project) -> None:
    lines = p.path.with_name("p-codes-all.csv").read_text(encoding="utf-8-sig").splitlines()  # a CSV file for people: BOM
    assert lines[0] == "code,code_name,factor,group,passages,respondents,respondents_total,respondents_pct,keyword_hits"
    assert len(lines) == 1 + 9 * 2  # nine codes x (enterprise, government)
    assert "customers,Customers,market,enterprise,1,1,1,100.0,1" in lines
    assert "tax,Tax incentives,policy,government,1,1,1,100.0,1" in lines


def _reviewed_to_100(p: Project) -> None:
    en = passages(p, "en_small")
    # passage 1: accepted its suggestion (decided, nothing open); 2: nothing to code, marked;
    # 3: marked while its two suggestions stay open -- all three reviewed for alice
    rows = {r["name"]: r for r in workbench.overview_rows(p, "alice")}
    assert (rows["en_small"]["reviewed"], rows["en_small"]["passages"]) == (3, 3)
    assert (rows["zh_small"]["reviewed"], rows["zh_small"]["passages"]) == (0, 2)
    marks = p.conn.execute("SELECT p.seq FROM passage_reviews r JOIN passages p ON p.id = r.passage_id "
                           "ORDER BY p.seq").fetchall()
    assert [m[0] for m in marks] == [en[1]["seq"], en[2]["seq"]]  # 1 is decided, not marked; 3 toggled on-off-on


def _in_vivo(p: Project) -> None:
    from interview_coder.store.codebook import load_codebook

    code = load_codebook(p).codes[-1]
    assert (code.id, code.name, code.factor) == ("our_customers", "Our customers", "cooperation")
    en1 = passages(p, "en_small")[0]
    (row,) = codings(p, code_id="our_customers")
    assert (row["passage_id"], row["start"], row["end"], row["text"], row["coder"]) == (
        en1["id"], 0, 13, "Our customers", "alice")


def _resized(p: Project) -> None:
    en1 = passages(p, "en_small")[0]
    (row,) = codings(p, code_id="customers", coder="alice")
    # accepted on "customers" (4-13), then z opened that span, ) took its end to the sentence's end
    assert (row["passage_id"], row["start"], row["end"], row["text"]) == (
        en1["id"], 4, 45, "customers ask for new sensors every year.")


def _new_code(p: Project) -> None:
    from interview_coder.store.codebook import load_codebook

    code = load_codebook(p).codes[-1]
    assert (code.id, code.name, code.name_zh, code.factor, code.description) == (
        "talent", "Talent", "人才", "market", "People with skills")
    assert [(e.coder, e.action) for e in writer_history(p)] == [("alice", "add code")]


def _edited(p: Project) -> None:
    from interview_coder.store.codebook import load_codebook

    tax = next(c for c in load_codebook(p).codes if c.id == "tax")
    assert (tax.name, tax.name_zh, tax.factor, tax.keywords) == ("Tax relief", "税收优惠", "policy",
                                                                 {"en": ("tax break", "tax credit")})
    assert [e.action for e in writer_history(p)] == ["edit code"]  # one dialog, one undo


def _merged(p: Project) -> None:
    from interview_coder.store.codebook import load_codebook

    assert "subsidy" not in {c.id for c in load_codebook(p).codes}
    en3 = passages(p, "en_small")[2]
    assert sorted((r["code_id"], r["text"]) for r in codings(p, passage_id=en3["id"])) == [
        ("tax", "Tax incentives"), ("tax", "subsidies")]


def _moved(p: Project) -> None:
    from interview_coder.store.codebook import load_codebook

    assert next(c for c in load_codebook(p).codes if c.id == "ip").factor == "market"


def writer_history(p: Project) -> list[Any]:
    from interview_coder.store.codings import history

    return history(p)


NEW_CODE = ["ctrl+n", "type:Talent", "tab", "type:人才", "tab", "down", "tab", "type:People with skills", "ctrl+s"]

SCENARIOS: dict[str, tuple[str | None, list[str], Check]] = {
    "reader.new_code": ("en_small", NEW_CODE, _new_code),
    "code_form.save": ("en_small", NEW_CODE, _new_code),
    "codebook.edit": ("en_small", ["c", "type:tax", "f2", "ctrl+u", "type:Tax relief", "tab", "tab", "tab", "tab",
                                   "type:tax break, tax credit", "ctrl+s"], _edited),
    "codebook.merge": ("en_small", ["c", "type:subsid", "ctrl+g", "type:tax", "enter"], _merged),
    "codebook.move": ("en_small", ["c", "type:ip", "ctrl+f", "type:market", "enter"], _moved),
    "reader.resize": ("en_small", ["a", "l", "z", "right_parenthesis", "z"], _resized),
    "reader.in_vivo": ("en_small", ["v", "w", "w", "i"], _in_vivo),
    "reader.review": ("en_small", ["a", "j", "full_stop", "j", "full_stop", "full_stop", "full_stop"],
                      _reviewed_to_100),
    **{f"reader.quick_code_{n}": quick(n) for n in range(1, 10)},
    "reader.accept": ("en_small", ["a"], _accepted_customers),
    "reader.reject": ("en_small", ["r"], _rejected_customers),
    "reader.accept_all": ("en_small", ["j", "j", "A"], _accepted_all),
    "reader.remove": ("en_small", ["1", "x"], _no_alice),
    "reader.undo": ("en_small", ["1", "u"], _no_alice),
    "reader.redo": ("en_small", ["1", "u", "ctrl+r"], _one_university),
    "reader.memo_passage": ("en_small", ["m", "type:why now", "ctrl+s"], _passage_memo),
    "reader.memo_coding": ("en_small", ["a", "M", "type:why now", "ctrl+s"], _coding_memo),
    "memo.save": ("en_small", ["m", "type:why now", "ctrl+s"], _passage_memo),
    "codebook.apply": ("en_small", ["c", "type:univ", "enter"], _one_university),
    "codebook.pin": ("en_small", ["c", "type:subsid", "ctrl+s"],
                     lambda p: (workbench.pinned_codes(p, "alice") == ["subsidy"]
                                and workbench.quick_codes(p, "alice")[0] == "subsidy") or pytest.fail("not pinned")),
    "codebook.memo_code": ("en_small", ["c", "type:tax", "ctrl+e", "type:why now", "ctrl+s"],
                           lambda p: memos.get_memo(p, "code", "tax", "alice") == "why now" or pytest.fail("no memo")),
    "overview.memo_transcript": (None, ["m", "type:why now", "ctrl+s"],
                                 lambda p: memos.get_memo(p, "transcript", 1, "alice") == "why now"
                                 or pytest.fail("no memo")),
    "reports.export": (None, ["R", "s", "e"], _exported),
    "overview.memo_project": (None, ["M", "type:why now", "ctrl+s"],
                              lambda p: memos.get_memo(p, "project", "", "alice") == "why now"
                              or pytest.fail("no memo")),
}


def test_every_data_changing_key_has_a_scenario() -> None:
    assert sorted(SCENARIOS) == sorted(a.id for a in ACTIONS if a.changes_data)


@pytest.mark.parametrize("action_id", sorted(SCENARIOS))
def test_binding_writes_the_store(action_id: str, project_path: Path) -> None:
    transcript, keys, check = SCENARIOS[action_id]
    action_key = _key(action_id)
    assert action_key in keys or action_id in ("memo.save", "code_form.save"), "the scenario must press the action's own key"
    app = make_app(project_path, transcript)
    drive(app, *keys)
    with Project.open(project_path) as p:
        check(p)


def test_undo_survives_a_restart(project_path: Path) -> None:
    drive(make_app(project_path), "1", "j", "2")
    drive(make_app(project_path), "u")
    with Project.open(project_path) as p:
        rows = codings(p, coder="alice")
        assert [(r["code_id"]) for r in rows] == [QUICK[0]]


def test_accept_is_recorded_with_the_coder_and_undone(project_path: Path) -> None:
    drive(make_app(project_path, coder="bob"), "a", "u")
    with Project.open(project_path) as p:
        (row,) = codings(p, code_id="customers")
        assert (row["status"], row["coder"]) == ("suggested", "auto")


def test_remove_refuses_another_coders_coding(project_path: Path) -> None:
    drive(make_app(project_path, coder="bob"), "1")
    drive(make_app(project_path, coder="alice"), "l", "l", "x")
    with Project.open(project_path) as p:
        assert [r["coder"] for r in codings(p, status="accepted")] == ["bob"]


def test_refresh_shows_the_other_coders_work(project_path: Path) -> None:
    from interview_coder.store.codings import apply_code

    async def other_coder_then_refresh(app: Any, pilot: Any) -> tuple[int, int]:
        screen = app.screen
        pid = passages(app.project, "en_small")[1]["id"]
        with Project.open(project_path) as other:  # a second process/connection
            apply_code(other, pid, "suppliers", "bob")
        before = len(screen.doc.codings.get(pid, []))
        await pilot.press("ctrl+l")
        await pilot.pause()
        return before, len(screen.doc.codings.get(pid, []))

    assert drive(make_app(project_path), then=other_coder_then_refresh) == (0, 1)


def test_keys_need_no_coder_prompt_twice(project_path: Path) -> None:
    async def name(app: Any, pilot: Any) -> str:
        return str(app.coder)

    assert drive(make_app(project_path, transcript=None, coder=None), "type:carol", "enter", then=name) == "carol"
    with Project.open(project_path) as p:
        assert p.setting("coder") == "carol"
    assert drive(make_app(project_path, transcript=None, coder=None), then=name) == "carol"


def test_palette_runs_a_registry_action(project_path: Path) -> None:
    async def settle(app: Any, pilot: Any) -> None:
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)

    drive(make_app(project_path, coder="pal"), "ctrl+p", "type:accept sugg", then=settle)
    with Project.open(project_path) as p:
        (row,) = codings(p, code_id="customers", coder="pal")
        assert (row["status"], row["coder"]) == ("accepted", "pal")
