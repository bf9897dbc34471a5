"""Issue 13, a whole coding day: number keys that stay put, long passages read by keyboard, a memo
never lost, the code picker's ranking, search that never freezes, feedback while another writer
holds the lock."""

from __future__ import annotations

from pathlib import Path

from tui_helpers import QUICK, codings, drive, make_app, passages

from textual.geometry import Region

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
