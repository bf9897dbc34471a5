"""Snapshots of every screen at 80x24 and 120x40, one on a Chinese transcript, help and palette open.

Review changes with ``pytest tests/tui --snapshot-report`` before ``--snapshot-update``. Cursor
blink is off (``blink=False``), the header shows no clock, and no user keymap is read.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tui_helpers import make_app

SIZES = [(80, 24), (120, 40)]


def keys(*items: str) -> list[str]:
    """Key names; 'type:text' types text one character at a time."""
    out: list[str] = []
    for item in items:
        out += [("space" if ch == " " else ch) for ch in item[5:]] if item.startswith("type:") else [item]
    return out


@pytest.mark.parametrize("size", SIZES)
class TestOverview:
    def test_overview(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(project_path, transcript=None), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
class TestReader:
    def test_english_coded_and_suggestion_selected(self, snap_compare, project_path: Path,
                                                    size: tuple[int, int]) -> None:
        assert snap_compare(make_app(project_path), press=keys("1", "j", "j", "l"), terminal_size=size)

    def test_chinese_span_selection(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(project_path, "zh_small"), press=keys("v", "w", "l"), terminal_size=size)


class TestCodebookFilter:
    def test_filtered(self, snap_compare, project_path: Path) -> None:
        assert snap_compare(make_app(project_path), press=keys("c", "type:sub"))


@pytest.mark.parametrize("size", SIZES)
class TestSearch:
    def test_results(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
            await pilot.press(*keys("slash", "type:税收|tax", "ctrl+x"))
            await pilot.app.workers.wait_for_complete()  # the search runs in a thread
            await pilot.pause()

        assert snap_compare(make_app(project_path, transcript=None), run_before=run_before, terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
class TestReports:
    def test_bars(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(project_path, transcript=None), press=keys("R", "s"), terminal_size=size)

    def test_factor_table(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(project_path, transcript=None), press=keys("R", "s", "k", "v", "_"),
                            terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
class TestHelp:
    def test_help(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(project_path), press=keys("question_mark"), terminal_size=size)


class TestPalette:
    def test_reader_commands(self, snap_compare, project_path: Path) -> None:
        assert snap_compare(make_app(project_path), press=keys("ctrl+p", "type:sugg"))


class TestMemo:
    def test_passage_memo(self, snap_compare, project_path: Path) -> None:
        assert snap_compare(make_app(project_path), press=keys("m", "type:Why?"))


class TestCoderPrompt:
    def test_asks_once(self, snap_compare, project_path: Path) -> None:
        assert snap_compare(make_app(project_path, transcript=None, coder=None), press=keys("type:alice"))


@pytest.mark.parametrize("size", SIZES)
class TestRetrieval:
    def test_codings_of_a_code_with_chinese(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        # accept the tax suggestion on zh #1, select it, retrieve every tax coding
        assert snap_compare(make_app(project_path, "zh_small"), press=keys("a", "l", "t"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
class TestMemoBrowser:
    def test_memos(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        from tui_helpers import passages

        from interview_coder.store import memos
        from interview_coder.store.project import Project

        with Project.open(project_path) as p:
            memos.set_memo(p, "passage", passages(p, "zh_small")[0]["id"], "政策很重要", "alice")
            memos.set_memo(p, "project", "", "Start with the government interviews.", "bob")
        assert snap_compare(make_app(project_path, "zh_small"), press=keys("ctrl+b"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
class TestNewCodeDialog:
    def test_new_code_with_chinese(self, snap_compare, project_path: Path, size: tuple[int, int]) -> None:
        assert snap_compare(make_app(project_path, "zh_small"),
                            press=keys("ctrl+n", "type:Talent", "tab", "type:人才储备", "tab", "down", "tab",
                                       "type:人才的引进与培养"), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
class TestDefinitions:
    def test_definition_with_chinese_keywords_and_example(self, snap_compare, project_path: Path,
                                                          size: tuple[int, int]) -> None:
        from interview_coder.store.codebook_edit import add_keyword, describe_code
        from interview_coder.store.project import Project

        with Project.open(project_path) as p:
            describe_code(p, "tax", "税收减免与研发费用加计扣除 (tax relief for R&D)")
            add_keyword(p, "tax", "tax incentive")
            add_keyword(p, "tax", "税收优惠", "zh")
        # accept the tax suggestion on zh #1 (its example), highlight tax, open the definition
        assert snap_compare(make_app(project_path, "zh_small"), press=keys("a", "c", "type:tax", "ctrl+o"),
                            terminal_size=size)
