"""Code retrieval: every counted coding of one code across transcripts, with respondent, group,
coder and context; filter by any of them, Enter jumps to the passage (store.retrieval)."""

from __future__ import annotations

from rich.text import Text

from interview_coder.store.retrieval import code_codings
from interview_coder.tui.access import workbench_app
from interview_coder.tui.screens.picklist import PickListScreen, Row, clip


class RetrievalScreen(PickListScreen):
    PLACEHOLDER = "filter by respondent, group, coder, transcript or words"

    def __init__(self, code_id: str, code_name: str) -> None:
        super().__init__()
        self.code_id = code_id
        self.TITLE_TEXT = f"Codings of {code_name} ({code_id})"

    def load_rows(self) -> list[Row]:
        rows = []
        for c in code_codings(workbench_app(self).project, self.code_id, workbench_app(self).coder):
            label = Text(f"{c.transcript} #{c.seq} ", style="bold")
            label.append(f"{c.respondent} ({c.group or '-'}) · {c.coder}: ", style="dim")
            label.append_text(clip(c.text, c.start, c.end))
            label.no_wrap, label.overflow = True, "ellipsis"
            hay = f"{c.transcript} {c.respondent} {c.group} {c.coder} {c.text}".casefold()
            span = (c.start, c.end) if c.start is not None and c.end is not None else None
            rows.append(Row(label, hay, c.transcript_id, c.passage_id, span))
        return rows
