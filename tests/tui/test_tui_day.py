"""Issue 13, a whole coding day: number keys that stay put, long passages read by keyboard, a memo
never lost, the code picker's ranking, search that never freezes, feedback while another writer
holds the lock."""

from __future__ import annotations

from pathlib import Path

from textual.geometry import Region
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


LONG = " ".join(f"Sentence {k} says we test sensors with partners in the lab." for k in range(1, 51))  # ~3,000 chars


def _long_project(tmp_path: Path) -> Path:
    from tui_helpers import BOOK

    from interview_coder.io.importer import import_paths
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.codings import Suggestion, add_suggestions

    source = tmp_path / "long.txt"
    source.write_text(f"---\nrespondent: L01\ngroup: enterprise\n---\nInterviewer: Tell me.\n\nL01: {LONG}\n\n"
                      "Interviewer: Thanks.\n\nL01: You are welcome.\n", encoding="utf-8")
    path = tmp_path / "long.db"
    with Project.open(path, create=True) as project:
        with project.transaction():
            save_codebook(project, BOOK)
        assert all(r.error is None for r in import_paths(project, [source], ImportOptions()))
        (first, _) = passages(project, "long")
        at = first["text"].index("Sentence 50")
        add_suggestions(project, [Suggestion(first["id"], "university", at, at + len("Sentence 50"), "sentence")])
    return path


def test_a_long_passage_is_read_by_keyboard(tmp_path: Path) -> None:
    from interview_coder.tui.screens.reader import ReaderScreen

    app = make_app(_long_project(tmp_path), transcript="long")

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        reader = app.screen
        assert isinstance(reader, ReaderScreen)
        view = reader.reader
        first = reader.cursor
        top, height = view.passage_region(first)
        window = view.scrollable_content_region.height
        assert height > 2 * window  # the answer is taller than two windows at 80x24
        seen = [int(view.scroll_offset.y)]
        for key in ("pagedown", "space", "ctrl+d"):
            await pilot.press(key)
            seen.append(int(view.scroll_offset.y))
            assert reader.cursor == first, key  # still reading the same passage
        assert seen == sorted(seen) and len(set(seen)) == 4
        for _ in range(10):
            await pilot.press("space")
        assert int(view.scroll_offset.y) + window >= top + height  # its last line reached
        await pilot.press("space")
        assert reader.cursor != first  # then on to the next passage
        await pilot.press("home")
        assert int(view.scroll_offset.y) <= top + 1
        await pilot.press("pageup", "ctrl+u")
        assert reader.cursor == first
        await pilot.press("l")  # its suggestion, at the end of the answer, is brought into view
        assert reader.chip == 0
        line = top + view._focus_line()
        assert view.scroll_offset.y <= line < view.scroll_offset.y + window

    drive(app, size=(80, 24), then=then)


def test_closing_punctuation_never_starts_a_line() -> None:
    from interview_coder.tui.widgets.transcript.layout import wrap

    text = "我们提供税收优惠，这是很好的政策。我们也在做很多研究，就是这样。"
    for width in range(4, 40):
        lines = wrap(text, width)
        assert "".join(text[a:b] for a, b in lines) == text
        assert all(text[a] not in "，。" for a, b in lines if b > a), width


def test_escape_asks_before_discarding_a_memo_and_the_passage_stays_visible(project_path: Path) -> None:
    from interview_coder.store import memos
    from interview_coder.tui.screens.memo import MemoScreen

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        reader = app.screen_stack[-1]
        await pilot.press("j", "j", "m")
        memo = app.screen
        assert isinstance(memo, MemoScreen)
        box = memo.query_one("#memo-box").region
        top, _ = reader.reader.passage_region(reader.cursor)
        y = top - int(reader.reader.scroll_offset.y) + reader.reader.region.y
        assert not box.overlaps(Region(0, y, 80, 3))  # the passage's first lines stay visible
        await pilot.press(*"subsidies are slow", "escape")
        assert app.screen is memo  # not discarded
        await pilot.press("ctrl+s")
        assert app.screen is reader

    drive(make_app(project_path), size=(80, 24), then=then)
    with Project.open(project_path) as p:
        assert memos.get_memo(p, "passage", passages(p, "en_small")[2]["id"], "alice") == "subsidies are slow"


def test_escape_on_an_unchanged_memo_closes_at_once(project_path: Path) -> None:
    from interview_coder.tui.screens.reader import ReaderScreen

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        await pilot.press("m", "escape")
        assert isinstance(app.screen, ReaderScreen)

    drive(make_app(project_path), then=then)


def test_code_picker_ranks_exact_id_then_prefix_then_word_prefix() -> None:
    from interview_coder.core.model import Code
    from interview_coder.core.picking import rank_codes, resolve_code

    codes = [Code("research", "Research institutions and IP pools", "f", "科研机构"),
             Code("ip", "IP protection", "f", "知识产权保护"),
             Code("pipeline", "Talent pipeline", "f", "人才"),
             Code("tax", "Tax incentives", "f", "税收优惠", keywords={"en": ("ipo",)})]
    assert [c.id for c in rank_codes(codes, "ip")] == ["ip", "research", "pipeline", "tax"]  # word prefix, substring, keyword
    assert [c.id for c in rank_codes(codes, "IP p")] == ["ip", "research"]  # name prefix beats substring
    assert [c.id for c in rank_codes(codes, "prot")] == ["ip"]  # a word's prefix
    assert [c.id for c in rank_codes(codes, "知识")] == ["ip"]  # Chinese names too
    assert resolve_code(codes, "talent PIPELINE").id == "pipeline"  # type: ignore[union-attr]
    assert resolve_code(codes, "ipo") is None  # a keyword alone does not name a code


def test_code_picker_enter_applies_the_best_match(project_path: Path) -> None:
    drive(make_app(project_path), "c", "type:ip", "enter")
    with Project.open(project_path) as p:
        rows = codings(p, coder="alice", origin="manual")
        assert [r["code_id"] for r in rows] == ["ip"]


def _search(app, pilot, *keys):  # type: ignore[no-untyped-def]
    async def go() -> None:
        await pilot.press(*keys)
        await app.workers.wait_for_complete()
        await pilot.pause()
    return go()


def test_search_code_filter_takes_the_name_and_remembers_the_query(project_path: Path) -> None:
    async def then(app, pilot):  # type: ignore[no-untyped-def]
        await _search(app, pilot, "slash", *"a", "tab", *"TAX INC")
        screen = app.screen
        # passages with a tax coding: en 3 and zh 1; the word "a" only in en 3, "Tax incentives help
        # a little, but subsidies are slow." (plain search finds words: not the a of Tax or are)
        assert [(h.transcript, h.role, h.start) for h in screen.hits] == [("en_small", "respondent", 20)]
        await pilot.press("escape", "slash")
        await app.workers.wait_for_complete()
        await pilot.pause()
        again = app.screen
        assert again is not screen and again.query_one("#search-query").value == "a"
        assert again.query_one("#search-code").value == "TAX INC"

    drive(make_app(project_path), then=then)


def test_a_catastrophic_regex_is_stopped_with_a_message(project_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from interview_coder.store.search import SearchStopped, search_passages
    from interview_coder.tui.screens import search

    with Project.open(project_path) as p:
        p.conn.execute("UPDATE passages SET text = ? WHERE seq = 1", ("a" * 40 + "!",))
        try:
            search_passages(p, "(a|aa)+$", regex=True, seconds=0.3)
        except SearchStopped as exc:
            assert "stopped after 0.3 s" in str(exc)
        else:
            raise AssertionError("not stopped")
    monkeypatch.setattr(search, "SECONDS", 0.3)

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        await _search(app, pilot, "slash", "ctrl+x", "ctrl+t", *"(a|aa)+$")
        status = str(app.screen.query_one("#search-status").render())
        assert "stopped after 0.3 s" in status and app.screen.hits == []

    drive(make_app(project_path), then=then)


def test_a_write_waits_for_another_writer_without_blocking_the_keys(project_path: Path) -> None:
    import sqlite3
    import time

    other = sqlite3.connect(project_path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        started = time.monotonic()
        await pilot.press("1")
        assert time.monotonic() - started < 2  # the key returned (the CLI's writer would wait ~7 s)
        assert any("waiting for another coder" in n.message for n in app._notifications)
        await pilot.press("j", "k")  # keys still move
        assert app.screen.cursor == app.screen.doc.codable[0]
        other.execute("COMMIT")
        await pilot.pause(1.0)
        assert any("after waiting" in n.message for n in app._notifications)

    drive(make_app(project_path), then=then)
    other.close()
    with Project.open(project_path) as p:
        rows = codings(p, coder="alice", origin="manual")
        assert [(r["passage_id"], r["code_id"]) for r in rows] == [(passages(p, "en_small")[0]["id"], QUICK[0])]


def test_ctrl_l_reloads_the_codebook(project_path: Path) -> None:
    async def then(app, pilot):  # type: ignore[no-untyped-def]
        app.project.conn.execute("UPDATE codes SET name = 'Universities and labs' WHERE id = 'university'")
        await pilot.press("ctrl+l")
        assert app.screen.code_styles["university"].name == "Universities and labs"
        assert app.screen.book.codes[0].name == "Universities and labs"

    drive(make_app(project_path), then=then)


def test_in_vivo_from_an_empty_codebook_shows_in_codebook_export(tmp_path: Path) -> None:
    from click.testing import CliRunner
    from tui_helpers import DATA

    from interview_coder.cli import main
    from interview_coder.io.importer import import_paths
    from interview_coder.io.transcripts import ImportOptions

    path = tmp_path / "empty.db"
    with Project.open(path, create=True) as project:
        assert all(r.error is None for r in import_paths(project, [DATA / "zh_small.txt"], ImportOptions()))
    drive(make_app(path, transcript="zh_small"), "v", "w", "i", "u")
    with Project.open(path) as p:
        assert codings(p, coder="alice") == []  # undo took the coding back; the new code stays
        first = passages(p, "zh_small")[0]["text"]
    clause = first[: first.index("，")]  # the selection ends on '，'; the code's name leaves it out
    result = CliRunner().invoke(main, ["codebook", "export", "-p", str(path)])
    assert result.exit_code == 0, result.output
    assert f"name: {clause}" in result.output and "factor: new_codes" in result.output
    assert f"name_zh: {clause}" in result.output


def test_add_code_refuses_a_taken_name_and_an_unknown_factor(project_path: Path) -> None:
    import pytest

    from interview_coder.errors import InputError
    from interview_coder.store.codebook_edit import add_code

    with Project.open(project_path) as p:
        with pytest.raises(InputError, match="already"):
            add_code(p, "tax INCENTIVES")
        with pytest.raises(InputError, match="no factor"):
            add_code(p, "Talent", factor="nope")
        code = add_code(p, "Tax  incentives 2", factor="policy", keyword="levy")
        assert (code.id, code.name, code.factor, code.keywords) == ("tax_incentives_2", "Tax incentives 2", "policy",
                                                                    {"en": ("levy",)})


def test_retrieval_lists_a_codes_codings_across_transcripts_and_jumps(project_path: Path) -> None:
    from interview_coder.tui.screens.reader import ReaderScreen
    from interview_coder.tui.screens.retrieval import RetrievalScreen

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        await pilot.press("j", "7")  # en #2: Tax incentives (QUICK[6]) on the whole passage
        app.action_overview()
        await pilot.pause()
        app.open_transcript(int(next(r["id"] for r in app.screen.rows if r["name"] == "zh_small")))
        await pilot.pause()
        await pilot.press("a", "l", "t")  # accept the tax suggestion on zh #1, retrieve tax
        screen = app.screen
        assert isinstance(screen, RetrievalScreen) and screen.code_id == "tax"
        labels = [r.label.plain for r in screen.shown]
        assert len(labels) == 2 and labels[0].startswith("en_small #") and labels[1].startswith("zh_small #")
        assert "税收优惠" in labels[1] and "alice" in labels[0]
        await pilot.press(*"zh_small")
        assert len(screen.shown) == 1
        await pilot.press("enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.doc.name == "zh_small"
        assert reader.reader.selection() is not None  # the coded words are selected

    drive(make_app(project_path), then=then)


def test_arrow_keys_in_a_lists_filter_move_its_list(project_path: Path) -> None:
    """The filter box keeps focus; up/down (tui.widgets.lists.move_list) move the rows under it."""
    from interview_coder.tui.screens.reader import ReaderScreen
    from interview_coder.tui.screens.retrieval import RetrievalScreen

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        await pilot.press("j", "7")
        app.action_overview()
        await pilot.pause()
        app.open_transcript(int(next(r["id"] for r in app.screen.rows if r["name"] == "zh_small")))
        await pilot.pause()
        await pilot.press("a", "l", "t")
        screen = app.screen
        assert isinstance(screen, RetrievalScreen) and len(screen.shown) == 2
        await pilot.press("down")
        await pilot.press("enter")  # the second row: zh_small
        assert isinstance(app.screen, ReaderScreen) and app.screen.doc.name == "zh_small"

    drive(make_app(project_path), then=then)


def test_memo_browser_lists_memos_and_jumps(project_path: Path) -> None:
    from interview_coder.tui.screens.memo_browser import MemoBrowserScreen
    from interview_coder.tui.screens.reader import ReaderScreen

    async def then(app, pilot):  # type: ignore[no-untyped-def]
        await pilot.press("j", "j", "m", *"slow", "ctrl+s", "ctrl+b")
        screen = app.screen
        assert isinstance(screen, MemoBrowserScreen)
        assert [r.label.plain for r in screen.shown] == [f"en_small #{screen.shown[0].label.plain.split('#')[1][0]} "
                                                        "· alice: slow"]
        await pilot.press("escape", "ctrl+b", "enter")
        reader = app.screen
        assert isinstance(reader, ReaderScreen) and reader.cursor == reader.doc.codable[2]

    drive(make_app(project_path), then=then)


def test_status_line_reaches_all_reviewed_with_one_numbering(project_path: Path) -> None:
    async def then(app, pilot):  # type: ignore[no-untyped-def]
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one("#reader-status")
        assert "0/3 reviewed" in str(status.render()) and "not reviewed" in str(status.render())
        await pilot.press("a", "j", "full_stop", "j", "full_stop")
        text = str(status.render())
        seq = passages(app.project, "en_small")[2]["seq"]
        assert f"passage #{seq}" in text and "✓ reviewed" in text and "3/3 reviewed" in text

    drive(make_app(project_path), then=then)
