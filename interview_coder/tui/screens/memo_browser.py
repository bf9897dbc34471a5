"""The memo browser: every memo in the project (project, transcripts, passages, codings, codes),
filterable; Enter opens the passage (or transcript) a memo is about (store.retrieval.memo_places)."""

from __future__ import annotations

from rich.text import Text

from interview_coder.store.retrieval import memo_places
from interview_coder.tui.access import workbench_app
from interview_coder.tui.screens.picklist import PickListScreen, Row


class MemoBrowserScreen(PickListScreen):
    TITLE_TEXT = "Memos"
    PLACEHOLDER = "filter by coder, place or words"

    def load_rows(self) -> list[Row]:
        rows = []
        for m in memo_places(workbench_app(self).project):
            label = Text(f"{m.label} ", style="bold")
            label.append(f"· {m.coder}: ", style="dim")
            label.append(" ".join(m.text.split()))
            label.no_wrap, label.overflow = True, "ellipsis"
            rows.append(Row(label, f"{m.target} {m.label} {m.coder} {m.text}".casefold(), m.transcript_id,
                            m.passage_id))
        return rows
