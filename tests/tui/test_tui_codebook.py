"""The codebook while coding, in the workbench: the new-code dialog, editing, merging and moving the
highlighted code (each undone by u), its definition on screen, the empty-codebook hint and passages
like the current one. Store assertions after every write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tui_helpers import DATA, codings, drive, make_app, passages

from interview_coder.store.codebook import load_codebook
from interview_coder.store.codings import history
from interview_coder.store.project import Project


def codes(path: Path) -> dict[str, Any]:
    with Project.open(path) as p:
        return {c.id: c for c in load_codebook(p).codes}


def test_merge_in_the_workbench_then_u_brings_the_code_back(project_path: Path) -> None:
    async def then(app: Any, pilot: Any) -> tuple[list[str], list[str]]:
        panel_after_merge = [c.id for c in app.screen.panel.book.codes]
        await pilot.press("escape", "u")
        await pilot.pause()
        return panel_after_merge, [c.id for c in app.screen.panel.book.codes]

    merged, undone = drive(make_app(project_path), "c", "type:subsid", "ctrl+g", "type:tax", "enter", then=then)
    assert "subsidy" not in merged and "subsidy" in undone
    assert "subsidy" in codes(project_path)
    with Project.open(project_path) as p:
        en3 = passages(p, "en_small")[2]
        assert sorted(r["code_id"] for r in codings(p, passage_id=en3["id"])) == ["subsidy", "tax"]
        assert [(e.action, e.undone) for e in history(p, "alice")] == [("merge codes", True)]


def test_the_codings_show_the_new_name_at_once(project_path: Path) -> None:
    async def then(app: Any, pilot: Any) -> list[str]:
        return [chip for chip, _ in app.screen.reader._chips(app.screen.cursor)]

    chips = drive(make_app(project_path), "a", "c", "type:cust", "f2", "ctrl+u", "type:Clients", "ctrl+s", then=then)
    assert any(chip.startswith("■ Clients") for chip in chips), chips
    assert codes(project_path)["customers"].name == "Clients"


def test_escape_asks_before_discarding_a_new_code_and_a_refusal_keeps_the_text(project_path: Path) -> None:
    from interview_coder.tui.screens.code_form import CodeFormScreen

    async def then(app: Any, pilot: Any) -> tuple[bool, str, bool, bool]:
        await pilot.press("escape")
        asked = isinstance(app.screen, CodeFormScreen)
        await pilot.press("ctrl+u", *"Customers", "ctrl+s")  # taken: refused, the dialog stays
        await pilot.pause()
        from textual.widgets import Input

        screen = app.screen
        kept = screen.query_one("#code-form-name", Input).value if isinstance(screen, CodeFormScreen) else ""
        await pilot.press("escape", "escape")
        return asked, kept, isinstance(app.screen, CodeFormScreen), app.is_running

    asked, kept, still_open, running = drive(make_app(project_path), "ctrl+n", "type:Draft", then=then)
    assert (asked, kept, still_open, running) == (True, "Customers", False, True)
    assert len(codes(project_path)) == 9


def test_definition_shows_description_keywords_and_the_shortest_coded_example(project_path: Path) -> None:
    from interview_coder.store.codebook_edit import add_keyword, describe_code

    with Project.open(project_path) as p:
        describe_code(p, "customers", "Buyers who ask for new products")
        add_keyword(p, "customers", "customer")
        add_keyword(p, "customers", "客户", "zh")

    async def then(app: Any, pilot: Any) -> str:
        return str(app.screen.panel.definition.render())

    # accept the customers suggestion ('customers' in en #1), then highlight customers and open its definition
    text = drive(make_app(project_path), "a", "c", "type:cust", "ctrl+o", then=then)
    assert "Customers 客户" in text and "customers · Market demand" in text
    assert "Buyers who ask for new products" in text
    assert "keywords: customer" in text and "关键词: 客户" in text
    assert "e.g. “customers” en_small #" in text and "(enterprise)" in text


def test_a_project_without_a_codebook_says_how_to_get_codes(tmp_path: Path) -> None:
    from interview_coder.io.importer import import_paths
    from interview_coder.io.transcripts import ImportOptions

    path = tmp_path / "empty.db"
    with Project.open(path, create=True) as project:
        assert all(r.error is None for r in import_paths(project, [DATA / "en_small.txt"], ImportOptions()))

    async def then(app: Any, pilot: Any) -> list[str]:
        options = app.screen.panel.query_one("#codes")
        return [str(options.get_option_at_index(k).prompt) for k in range(options.option_count)]

    hint = drive(make_app(path), then=then)
    assert hint[0] == "No codebook yet." and "  load FILE.yaml" in hint
    assert "or press ctrl+n: new code," in hint and "and press i: in-vivo code." in hint
    drive(make_app(path), "ctrl+n", "type:Talent", "ctrl+s")
    talent = codes(path)["talent"]
    assert (talent.name, talent.factor) == ("Talent", "new_codes")


def test_similar_passages_open_and_enter_jumps(project_path: Path) -> None:
    from interview_coder.tui.screens.reader import ReaderScreen
    from interview_coder.tui.screens.similar import SimilarScreen

    async def then(app: Any, pilot: Any) -> tuple[list[int | None], str, int]:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SimilarScreen) and screen.done
        ids = [r.passage_id for r in screen.rows]
        await pilot.press("enter")
        await pilot.pause()
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.doc is not None and reader.cursor is not None
        return ids, reader.doc.name, reader.doc.passages[reader.cursor]["id"]

    ids, name, at = drive(make_app(project_path), "j", "j", "p", then=then)
    with Project.open(project_path) as p:
        en3 = passages(p, "en_small")[2]["id"]
        respondent = [r[0] for r in p.conn.execute("SELECT id FROM passages WHERE role = 'respondent'")]
    assert en3 not in ids and set(ids) <= set(respondent) and len(ids) == len(respondent) - 1
    assert at == ids[0]


def test_leaving_similar_passages_before_they_are_found_does_not_crash(project_path: Path) -> None:
    async def then(app: Any, pilot: Any) -> tuple[str, bool]:
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        return type(app.screen).__name__, app.is_running

    app = make_app(project_path)
    assert drive(app, "p", then=then) == ("ReaderScreen", True)
    assert app._exception is None


def test_an_in_vivo_coding_is_marked_with_the_new_codes_name(project_path: Path) -> None:
    async def then(app: Any, pilot: Any) -> list[str]:
        return [chip for chip, _ in app.screen.reader._chips(app.screen.cursor)]

    chips = drive(make_app(project_path), "v", "w", "w", "i", then=then)
    assert "■ Our customers “Our custome…”" in chips, chips  # the name, not the id our_customers


def test_escape_in_the_chooser_merges_and_moves_nothing(project_path: Path) -> None:
    from interview_coder.tui.screens.reader import ReaderScreen

    async def then(app: Any, pilot: Any) -> str:
        await pilot.press("ctrl+f", "m", "escape")  # a move cancelled too
        await pilot.pause()
        return type(app.screen).__name__

    assert drive(make_app(project_path), "c", "type:subsid", "ctrl+g", "type:tax", "escape", then=then) == (
        ReaderScreen.__name__)
    book = codes(project_path)
    assert "subsidy" in book and book["subsidy"].factor == "policy"
    with Project.open(project_path) as p:
        assert history(p) == []
