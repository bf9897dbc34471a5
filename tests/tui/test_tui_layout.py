"""Wrapping by cell width keeps code-point offsets; a keyboard selection in Chinese text stores
exactly the characters drawn highlighted."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tui_helpers import QUICK, codings, drive, make_app, passages

from interview_coder.store.project import Project
from interview_coder.tui.widgets.transcript.layout import cells, next_word, word_end, wrap
from interview_coder.tui.widgets.transcript.reader import SELECTION, ReaderView

TEXT = st.text(alphabet=st.sampled_from(list("ab cd,。，客户税收優惠e\u0301\t\n ")) | st.characters(), max_size=120)


@settings(deadline=None, max_examples=200)
@given(TEXT, st.integers(min_value=2, max_value=40))
def test_wrapped_lines_cover_the_text_and_fit(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert lines[0][0] == 0 and lines[-1][1] == len(text)
    for (_, end), (start, _) in zip(lines, lines[1:], strict=False):
        assert end == start  # contiguous: no character lost or doubled
    for start, end in lines:
        shown = text[start:end].rstrip(" \n")
        assert cells(shown) <= width or end - start == 1  # a lone too-wide character still gets a line


def test_chinese_wraps_by_two_cells() -> None:
    text = "我们提供税收优惠和研发补贴，企业反映申报材料太多。"
    assert [text[a:b] for a, b in wrap(text, 10)] == ["我们提供税", "收优惠和研", "发补贴，企", "业反映申报", "材料太多。"]
    assert [text[a:b] for a, b in wrap(text, 11)] == ["我们提供税", "收优惠和研", "发补贴，企", "业反映申报", "材料太多。"]


def test_english_wraps_at_spaces() -> None:
    text = "Tax incentives help a little, but subsidies are slow."
    assert [text[a:b] for a, b in wrap(text, 16)] == ["Tax incentives ", "help a little, ", "but subsidies ", "are slow."]


@settings(deadline=None, max_examples=200)
@given(TEXT.filter(bool), st.data())
def test_word_motions_stay_inside_the_passage(text: str, data: Any) -> None:
    pos = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    for direction in (1, -1):
        to = next_word(text, pos, direction)
        assert 0 <= to < len(text)
        assert (to >= pos) if direction > 0 else (to <= pos)


@settings(deadline=None, max_examples=200)
@given(TEXT.filter(bool), st.data())
def test_word_end_motions_stay_inside_and_move_one_way(text: str, data: Any) -> None:
    pos = data.draw(st.integers(min_value=0, max_value=len(text) - 1))
    forward, back = word_end(text, pos, 1), word_end(text, pos, -1)
    assert pos <= forward < len(text) or forward == pos == len(text) - 1
    assert 0 <= back <= pos


def test_word_end_stops_on_last_letters_and_clause_marks() -> None:
    english = "Tax incentives help a little, but subsidies are slow."
    ends, pos = [], 0
    for _ in range(5):
        pos = word_end(english, pos, 1)
        ends.append(english[: pos + 1])
    assert ends == ["Tax", "Tax incentives", "Tax incentives help", "Tax incentives help a",
                    "Tax incentives help a little"]
    chinese = "有帮助。我们是高新技术企业，所得税按百分之十五交。"
    assert [chinese[: word_end(chinese, p, 1) + 1] for p in (0, 3)] == ["有帮助。", "有帮助。我们是高新技术企业，"]
    assert word_end(chinese, 13, -1) == 3


def test_word_motion_in_chinese_goes_clause_by_clause() -> None:
    text = "我们提供税收优惠和研发补贴，企业反映申报材料太多。"
    assert next_word(text, 0, 1) == 14  # after the full-width comma
    assert next_word(text, 14, -1) == 0


def _highlighted(view: ReaderView) -> str:
    """The characters drawn with the selection colour on screen, read from the rendered lines."""
    out = []
    for y in range(view.scrollable_content_region.height):
        for seg in view.render_line(y):
            if seg.style is not None and seg.style.bgcolor == SELECTION.bgcolor:
                out.append(seg.text)
    return "".join(out)


def test_chinese_selection_stores_what_was_drawn(project_path: Path) -> None:
    async def read(app: Any, pilot: Any) -> tuple[str, tuple[int, int] | None]:
        view = app.screen.query_one(ReaderView)
        return _highlighted(view), view.selection()

    # 60 columns: the reader's text is 26 cells (13 Chinese characters) wide, so the span wraps.
    seen, span = drive(make_app(project_path, "zh_small"), "v", "w", "l", "l", size=(60, 24), then=read)
    assert span == (0, 16)  # w: to the clause's comma (13), then two characters
    assert seen == "我们提供税收优惠和研发补贴，企业"
    drive(make_app(project_path, "zh_small"), "v", "w", "l", "l", "1", size=(60, 24))
    with Project.open(project_path) as p:
        zh1 = passages(p, "zh_small")[0]
        (row,) = codings(p, coder="alice")
        assert (row["passage_id"], row["code_id"], row["start"], row["end"]) == (zh1["id"], QUICK[0], 0, 16)
        assert row["text"] == zh1["text"][0:16] == seen


def test_english_span_by_word_motion(project_path: Path) -> None:
    # "Tax incentives help a little, but subsidies are slow.": select "subsidies" with word motions
    drive(make_app(project_path), "j", "j", "v", *"wwwwwww", "s", *"wwwwww", "1")
    with Project.open(project_path) as p:
        (row,) = codings(p, coder="alice")
        assert row["text"] == "subsidies"


def test_mouse_click_extends_a_chinese_selection_by_cells(project_path: Path) -> None:
    async def click(app: Any, pilot: Any) -> tuple[tuple[int, int] | None, str]:
        view = app.screen.query_one(ReaderView)
        top, _ = view.passage_region(view.cursor)
        line = top + 1 - int(view.scroll_offset.y)  # the passage's first text line, under its speaker head
        # cells 3,4 hold 我, 5,6 们, ... : the right half of the fifth character (税, cells 11-12)
        await pilot.click(ReaderView, offset=(12, line))
        return view.selection(), _highlighted(view)

    span, seen = drive(make_app(project_path, "zh_small"), "v", size=(100, 30), then=click)
    assert span == (0, 5)
    assert seen == "我们提供税"
