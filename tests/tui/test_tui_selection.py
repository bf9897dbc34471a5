"""Issue 13, selection: sentence and clause motions in English and Chinese, counts, select to the
end of the passage, a second v that says what it did, mouse drag, and the reviewed mark undone."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events
from tui_helpers import codings, drive, make_app, passages

from interview_coder.store.project import Project
from interview_coder.store.reviews import is_marked


def _selection(app: Any, pilot: Any) -> Any:
    async def read() -> Any:
        await pilot.pause()
        return app.screen.reader.selection()
    return read()


def test_counts_repeat_a_motion_and_apply_no_code(project_path: Path) -> None:
    # en passage 1: "Our customers ask for new sensors every year."
    assert drive(make_app(project_path), "v", "3", "w", then=_selection) == (0, 17)  # "Our customers ask"
    with Project.open(project_path) as p:
        assert codings(p, coder="alice") == []  # the 3 was a count, not quick code 3


def test_a_number_without_a_motion_still_codes_the_selection(project_path: Path) -> None:
    drive(make_app(project_path), "v", "w", "1")
    with Project.open(project_path) as p:
        (row,) = codings(p, coder="alice")
        assert (row["code_id"], row["start"], row["end"], row["text"]) == ("university", 0, 3, "Our")


def test_escape_drops_a_pending_count(project_path: Path) -> None:
    drive(make_app(project_path), "v", "w", "1", "escape")
    with Project.open(project_path) as p:
        assert codings(p, coder="alice") == []  # the 1 waited for a motion; Escape took it back


def test_chinese_clause_and_sentence_motions(project_path: Path) -> None:
    # zh passage 1: "我们提供税收优惠和研发补贴，" (14) + "企业反映申报材料太多。" (11)
    zh = make_app(project_path, "zh_small")
    assert drive(zh, "right_curly_bracket", then=_selection) == (0, 14)
    zh = make_app(project_path, "zh_small")
    assert drive(zh, "v", "2", "right_curly_bracket", then=_selection) == (0, 25)
    zh = make_app(project_path, "zh_small")
    assert drive(zh, "right_parenthesis", then=_selection) == (0, 25)
    zh = make_app(project_path, "zh_small")
    assert drive(zh, "right_parenthesis", "left_curly_bracket", then=_selection) == (0, 14)


def test_select_the_sentence_then_code_it(project_path: Path) -> None:
    drive(make_app(project_path, "zh_small"), "right_curly_bracket", "5")
    with Project.open(project_path) as p:
        (row,) = codings(p, coder="alice")
        assert (row["code_id"], row["text"]) == ("competitors", "我们提供税收优惠和研发补贴，")


def test_second_v_restarts_and_says_so(project_path: Path) -> None:
    async def then(app: Any, pilot: Any) -> tuple[Any, list[str]]:
        await pilot.pause()
        return app.screen.reader.selection(), [n.message for n in app._notifications]

    span, notes = drive(make_app(project_path), "v", "w", "v", "w", then=then)
    assert span == (2, 13)  # restarted at "r" of "Our", then to the end of "customers"
    assert any("selection restarted" in n for n in notes)


def test_mouse_drag_selects_characters(project_path: Path) -> None:
    async def then(app: Any, pilot: Any) -> Any:
        view = app.screen.reader
        y = next(y for y in range(30) if view.hit(3, y) == (app.screen.cursor, 0))
        await pilot.mouse_down(view, (3, y))
        await pilot._post_mouse_events([events.MouseMove], view, (3 + 12, y), button=1)
        await pilot.mouse_up(view, (3 + 12, y))
        await pilot.pause()
        return view.selection()

    assert drive(make_app(project_path), then=then) == (0, 13)  # "Our customers"


def test_reviewed_mark_is_undone_by_u(project_path: Path) -> None:
    drive(make_app(project_path), "j", "full_stop", "u")
    with Project.open(project_path) as p:
        assert not is_marked(p, passages(p, "en_small")[1]["id"], "alice")
    drive(make_app(project_path), "j", "full_stop", "u", "ctrl+r")
    with Project.open(project_path) as p:
        assert is_marked(p, passages(p, "en_small")[1]["id"], "alice")


def test_a_sentence_selected_in_a_3000_character_answer(tmp_path: Path) -> None:
    from test_tui_day import _long_project

    async def then(app: Any, pilot: Any) -> Any:
        screen = app.screen
        view = screen.reader
        await pilot.press("v", "4", "0", "right_parenthesis", "right_parenthesis")
        span = view.selection()
        text = screen.doc.passages[screen.cursor]["text"]
        top, _ = view.passage_region(screen.cursor)
        line = top + view._focus_line()
        window = view.scrollable_content_region.height
        visible = view.scroll_offset.y <= line < view.scroll_offset.y + window
        await pilot.press("dollar_sign")
        return span, text[span[0]:span[1]].split(".")[-2], visible, view.selection() == (0, len(text))

    span, last, visible, whole = drive(make_app(_long_project(tmp_path), "long"), size=(80, 24), then=then)
    assert span[0] == 0 and last == " Sentence 41 says we test sensors with partners in the lab"
    assert visible  # the moving end, 41 sentences down, is scrolled into view
    assert whole
