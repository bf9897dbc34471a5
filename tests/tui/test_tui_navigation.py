"""Every key that does not write to the project, driven in one session per area and checked on
the screen's state; covered ids must equal the registry's, so a new key without a check fails."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from tui_helpers import make_app

from interview_coder.tui.keys import ACTIONS, BY_ID
from interview_coder.tui.screens.help import HelpScreen
from interview_coder.tui.screens.memo import MemoScreen
from interview_coder.tui.screens.overview import OverviewScreen
from interview_coder.tui.screens.reader import ReaderScreen
from interview_coder.tui.screens.reports import ReportsScreen
from interview_coder.tui.screens.search import SearchScreen

ELSEWHERE = {
    "reader.half_page_down": "test_tui_day.py::test_a_long_passage_is_read_by_keyboard",
    "reader.half_page_up": "test_tui_day.py::test_a_long_passage_is_read_by_keyboard",
    "reader.retrieve": "test_tui_day.py::test_retrieval_lists_a_codes_codings_across_transcripts_and_jumps",
    "lists.open": "test_tui_day.py::test_retrieval_lists_a_codes_codings_across_transcripts_and_jumps",
    "lists.back": "test_tui_day.py::test_memo_browser_lists_memos_and_jumps",
    "app.memos": "test_tui_day.py::test_memo_browser_lists_memos_and_jumps",
    "search.interviewer": "test_every_other_key (above)",
    "reader.definitions": "test_tui_codebook.py::test_definition_shows_description_keywords_and_the_shortest_coded_example",
    "reader.similar": "test_tui_codebook.py::test_similar_passages_open_and_enter_jumps",
    "choose.pick": "test_tui_codebook.py::test_merge_in_the_workbench_then_u_brings_the_code_back",
    "choose.back": "test_tui_codebook.py::test_escape_in_the_chooser_merges_and_moves_nothing",
    "code_form.cancel": "test_tui_codebook.py::test_escape_asks_before_discarding_a_new_code_and_a_refusal_keeps_the_text",
}
"""Keys checked by a test of their own (a screen or a fixture this session does not have)."""


def test_every_other_key(project_path: Path) -> None:
    covered: list[str] = []

    async def main() -> None:
        app = make_app(project_path, transcript=None)
        async with app.run_test(size=(100, 30)) as pilot:

            async def press(action_id: str, *extra: str) -> Any:
                covered.append(action_id)
                await pilot.press(BY_ID[action_id].keys.split(",")[0], *extra)
                return app.screen

            assert isinstance(app.screen, OverviewScreen)
            screen = await press("overview.group")
            assert screen.group == "enterprise"
            await pilot.press("g", "g")  # government, then all again
            screen = await press("overview.filter")
            assert app.focused is not None and app.focused.id == "overview-filter"
            await pilot.press("z", "h", "escape")  # filter to zh_small, stay
            screen.query_one("#transcripts").focus()
            screen = await press("overview.open")
            assert isinstance(screen, ReaderScreen) and screen.doc is not None and screen.doc.name == "zh_small"
            screen = await press("app.overview")
            assert isinstance(screen, OverviewScreen)
            screen.query_one("#overview-filter").value = ""
            screen.query_one("#transcripts").focus()
            await pilot.press("enter")  # en_small, the first row
            reader = app.screen
            assert isinstance(reader, ReaderScreen) and reader.doc is not None
            first, second, third = reader.doc.codable
            assert reader.cursor == first
            await press("reader.next_passage")
            assert reader.cursor == second
            await press("reader.previous_passage")
            assert reader.cursor == first
            await press("reader.last_passage")
            assert reader.cursor == third
            await press("reader.first_passage")
            assert reader.cursor == first
            await press("reader.page_down")
            assert reader.cursor == third
            await press("reader.page_up")
            assert reader.cursor == first
            await press("reader.next_suggestion")
            assert (reader.cursor, reader.chip) == (third, 0)
            await press("reader.previous_suggestion")
            assert (reader.cursor, reader.chip) == (first, 0)
            await press("reader.next_uncoded")
            assert reader.cursor == second
            await press("reader.previous_uncoded")
            assert reader.cursor == first
            await press("reader.next_disagreement")  # one coder only here: nothing to reconcile
            assert reader.cursor == first
            await press("reader.previous_disagreement")
            assert reader.cursor == first
            await press("reader.right")  # no selection: selects the passage's codings in turn
            assert reader.chip == 0
            await press("reader.left")
            assert reader.chip == -1
            await press("reader.select")
            assert (reader.sel_anchor, reader.sel_pos) == (0, 0)
            await press("reader.word_forward")
            await pilot.press("w")
            assert reader.reader.selection() == (0, 13)  # "Our customers": ends stop on a word's last letter
            await press("reader.swap_ends")
            assert (reader.sel_anchor, reader.sel_pos) == (12, 0)
            await pilot.press("w")  # the start now moves by word starts
            assert reader.reader.selection() == (4, 13)  # "customers"
            await press("reader.word_back")  # the start back to the previous word's start
            assert reader.reader.selection() == (0, 13)
            await pilot.press("v")  # a second v restarts the selection at its moving end, keeps a selection
            assert reader.reader.selection() == (0, 1)
            await pilot.press("l")
            await press("reader.back")
            assert reader.sel_anchor is None and isinstance(app.screen, ReaderScreen)
            # "Our customers ask for new sensors every year." is one sentence of one clause
            await press("reader.sentence_forward")  # no selection: ) selects the first sentence
            assert reader.reader.selection() == (0, 45)
            await press("reader.sentence_back")  # no sentence before: back to the anchor
            assert reader.reader.selection() == (0, 1)
            await press("reader.clause_forward")
            assert reader.reader.selection() == (0, 45)
            await press("reader.clause_back")
            assert reader.reader.selection() == (0, 1)
            await press("reader.passage_end")
            assert reader.reader.selection() == (0, 45)
            await pilot.press("escape")
            await press("reader.codebook")
            assert app.focused is not None and app.focused.id == "code-filter"
            panel = reader.panel
            start = panel.highlighted_code()
            await press("codebook.down")
            assert panel.highlighted_code() != start
            await press("codebook.up")
            assert panel.highlighted_code() == start
            await press("codebook.back")
            assert app.focused is reader.reader
            await pilot.press("m")
            assert isinstance(app.screen, MemoScreen)
            await pilot.press("x")
            await press("memo.cancel")  # typed words: the first Escape only asks
            assert isinstance(app.screen, MemoScreen)
            await pilot.press("escape")
            assert isinstance(app.screen, ReaderScreen)
            before = reader.doc
            await press("app.refresh")
            assert reader.doc is not before
            screen = await press("app.help")
            assert isinstance(screen, HelpScreen)
            screen = await press("help.close")
            assert isinstance(screen, ReaderScreen)
            screen = await press("app.search")
            assert isinstance(screen, SearchScreen)
            await pilot.press(*"tax|x")
            await press("search.regex")
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.regex and len(screen.hits) == 1
            await press("search.interviewer")  # interviewer turns too: no "tax" or "x" in them here
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert screen.interviewer and len(screen.hits) == 1
            await pilot.press("ctrl+t")
            await app.workers.wait_for_complete()
            await pilot.pause()
            await press("search.next_field")
            assert app.focused is not None and app.focused.id == "search-code"
            opened = await press("search.run")
            assert isinstance(opened, ReaderScreen) and opened.cursor == opened.doc.codable[2]
            assert opened.reader.selection() == (0, 3)
            screen = await press("app.search")
            screen = await press("search.back")
            assert isinstance(screen, ReaderScreen)
            screen = await press("app.reports")
            assert isinstance(screen, ReportsScreen) and screen.kind == "codes"
            await press("reports.kind")
            await press("reports.status")
            await press("reports.coder")
            await press("reports.view")
            assert (screen.kind, screen.status, screen.mine, screen.chart) == ("factors", "all", True, False)
            back = await press("reports.back")
            assert isinstance(back, ReaderScreen)
            await press("app.quit")
            assert app.return_code == 0 or app._exit_renderables is not None  # exiting

    asyncio.run(main())
    data = {a.id for a in ACTIONS if a.changes_data}
    assert sorted(set(covered) | set(ELSEWHERE)) == sorted(a.id for a in ACTIONS if a.id not in data)
