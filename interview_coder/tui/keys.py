"""Every workbench action, named once: id, default keys, description, where it applies.

Bindings are built from this registry (each carries its id, so a user keymap can remap it); the
footer, the help screen and the command palette all read it, so help cannot go stale.
User keymap: ``keymap.toml`` in the config folder (``INTERVIEW_CODER_CONFIG`` or the platform's
user config folder), e.g. ``"reader.next_passage" = "j,down,J"``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass
from pathlib import Path

from textual.binding import Binding, BindingType

SCOPES = {
    "app": "everywhere",
    "overview": "project overview",
    "reader": "transcript reader",
    "codebook": "codebook panel (reader)",
    "search": "search",
    "lists": "code retrieval and memo browser",
    "reports": "reports",
    "memo": "memo editor",
    "code_form": "new-code and code dialog",
    "choose": "choosing a code or factor (merge, move)",
    "help": "help",
}


@dataclass(frozen=True)
class Action:
    id: str
    """Stable name used by keymaps, tests and the palette, '<scope>.<action>'."""
    keys: str
    """Default keys, comma-separated in Textual's key names."""
    description: str
    """Short verb phrase shown in the footer and help."""
    topic: str
    """Palette topic: the palette title reads 'topic: description'."""
    action: str
    """The Textual action string run on the screen (or app) of the scope."""
    changes_data: bool = False
    """True when the action writes to the project (each such action has a Pilot test)."""
    show: bool = True
    """Shown in the footer."""
    short: str = ""
    """Footer label when the description is too long for it."""

    @property
    def scope(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def title(self) -> str:
        return f"{self.topic}: {self.description}"


_A = Action
ACTIONS: tuple[Action, ...] = (
    _A("app.help", "question_mark,f1", "help and keys", "app", "app.help", short="help"),
    _A("app.search", "slash", "search transcripts", "search", "app.search", short="search"),
    _A("app.reports", "R", "reports", "report", "app.reports"),
    _A("app.memos", "ctrl+b", "browse memos", "memo", "app.memos", short="memos"),
    _A("app.overview", "o", "project overview", "app", "app.overview", show=False),
    _A("app.refresh", "ctrl+l", "refresh (show others' work)", "app", "app.refresh_data", short="refresh"),
    _A("app.quit", "q,ctrl+q", "quit", "app", "app.quit"),

    _A("overview.open", "enter", "open transcript", "transcript", "open_transcript"),
    _A("overview.filter", "f", "filter transcripts", "transcript", "focus_filter"),
    _A("overview.group", "g", "cycle group filter", "transcript", "cycle_group"),
    _A("overview.memo_transcript", "m", "memo on transcript", "memo", "memo_transcript", changes_data=True),
    _A("overview.memo_project", "M", "memo on project", "memo", "memo_project", changes_data=True),

    _A("reader.next_passage", "j,down", "next passage", "passage", "move(1)", short="next"),
    _A("reader.previous_passage", "k,up", "previous passage", "passage", "move(-1)", show=False),
    _A("reader.page_down", "pagedown,space", "page down (inside a long passage first)", "passage", "page(1)", show=False),
    _A("reader.page_up", "pageup", "page up", "passage", "page(-1)", show=False),
    _A("reader.half_page_down", "ctrl+d", "half a page down (inside a long passage too)", "passage", "page(1, True)",
       show=False),
    _A("reader.half_page_up", "ctrl+u", "half a page up", "passage", "page(-1, True)", show=False),
    _A("reader.first_passage", "home,g", "first passage", "passage", "first", show=False),
    _A("reader.last_passage", "end,G", "last passage", "passage", "last", show=False),
    _A("reader.next_suggestion", "n", "next open suggestion", "suggestion", "next_suggestion(1)", short="next suggestion"),
    _A("reader.previous_suggestion", "N", "previous open suggestion", "suggestion", "next_suggestion(-1)", show=False),
    _A("reader.next_uncoded", "right_square_bracket", "next uncoded passage", "passage", "next_uncoded(1)", show=False),
    _A("reader.previous_uncoded", "left_square_bracket", "previous uncoded passage", "passage", "next_uncoded(-1)",
       show=False),
    _A("reader.next_disagreement", "d", "next passage where coders disagree", "agreement", "next_disagreement(1)",
       show=False),
    _A("reader.previous_disagreement", "D", "previous passage where coders disagree", "agreement",
       "next_disagreement(-1)", show=False),
    _A("reader.select", "v", "start a span selection (again: restart it at its moving end)", "span", "toggle_select", short="select span"),
    _A("reader.left", "h,left", "previous coding / extend selection left", "span", "left", show=False),
    _A("reader.right", "l,right", "next coding / extend selection right", "span", "right", show=False),
    _A("reader.word_forward", "w", "selection: next word (Chinese: clause)", "span", "word(1)", show=False),
    _A("reader.word_back", "b", "selection: previous word (Chinese: clause)", "span", "word(-1)", show=False),
    _A("reader.sentence_forward", "right_parenthesis", "selection: to the end of the sentence (next sentence)", "span",
       "segment('sentence', 1)", show=False),
    _A("reader.sentence_back", "left_parenthesis", "selection: back a sentence", "span", "segment('sentence', -1)",
       show=False),
    _A("reader.clause_forward", "right_curly_bracket", "selection: to the end of the clause (next clause)", "span",
       "segment('clause', 1)", show=False),
    _A("reader.clause_back", "left_curly_bracket", "selection: back a clause", "span", "segment('clause', -1)",
       show=False),
    _A("reader.passage_end", "dollar_sign", "selection: to the end of the passage", "span", "to_end", show=False),
    _A("reader.resize", "z", "grow or shrink the selected coding to the selection (or select the coding's span)",
       "span", "resize", changes_data=True, show=False),
    _A("reader.swap_ends", "s", "selection: swap ends (then move the start)", "span", "swap_ends", show=False),
    _A("reader.retrieve", "t", "retrieve every coding of a code (the selected coding's or the highlighted)", "code",
       "retrieve", short="retrieve"),
    _A("reader.codebook", "c,tab", "pick a code (type to filter)", "code", "focus_codebook", short="codes"),
    *(_A(f"reader.quick_code_{n}", str(n), f"apply quick code {n} (with a selection open: a count if a motion follows, 3w)", "code", f"quick_code({n})", changes_data=True,
         show=False) for n in range(1, 10)),
    _A("reader.in_vivo", "i", "in-vivo code: the selected words become a new code and its first coding", "code",
       "in_vivo", changes_data=True, short="in-vivo"),
    _A("reader.new_code", "ctrl+n", "new code (name, Chinese name, factor, description)", "code", "new_code",
       changes_data=True, short="new code"),
    _A("reader.definitions", "ctrl+o", "show or hide the highlighted code's definition (description, keywords, "
       "an example)", "code", "toggle_definitions", short="definition"),
    _A("reader.similar", "p", "passages most like this one (Enter jumps to one)", "passage", "similar", show=False),
    _A("reader.accept", "a", "accept suggestion", "suggestion", "accept", changes_data=True, short="accept"),
    _A("reader.reject", "r", "reject suggestion", "suggestion", "reject", changes_data=True, short="reject"),
    _A("reader.accept_all", "A", "accept all suggestions in passage", "suggestion", "accept_all", changes_data=True,
       show=False),
    _A("reader.remove", "x,delete", "remove my coding", "code", "remove", changes_data=True, short="remove"),
    _A("reader.review", "full_stop", "mark passage reviewed (nothing more to code) or unmark", "review", "review",
       changes_data=True, short="reviewed"),
    _A("reader.undo", "u", "undo", "coding", "undo", changes_data=True),
    _A("reader.redo", "ctrl+r", "redo", "coding", "redo", changes_data=True, show=False),
    _A("reader.memo_passage", "m", "memo on passage", "memo", "memo_passage", changes_data=True, short="memo"),
    _A("reader.memo_coding", "M", "memo on selected coding", "memo", "memo_coding", changes_data=True, show=False),
    _A("reader.back", "escape", "cancel selection / back", "app", "back", short="back"),

    _A("codebook.apply", "enter", "apply highlighted code", "code", "apply_highlighted", changes_data=True),
    _A("codebook.pin", "ctrl+s", "pin or unpin code to number keys", "code", "screen.pin_code", changes_data=True),
    _A("codebook.memo_code", "ctrl+e", "memo on highlighted code", "memo", "screen.memo_code", changes_data=True),
    _A("codebook.edit", "f2", "edit the highlighted code: rename, factor, description, keywords", "code",
       "screen.edit_code", changes_data=True, short="edit code"),
    _A("codebook.merge", "ctrl+g", "merge the highlighted code into another (pick it)", "code", "screen.merge_code",
       changes_data=True, short="merge"),
    _A("codebook.move", "ctrl+f", "move the highlighted code to another factor", "code", "screen.move_code",
       changes_data=True, short="move"),
    _A("codebook.down", "down", "highlight next code", "code", "code_cursor(1)", show=False),
    _A("codebook.up", "up", "highlight previous code", "code", "code_cursor(-1)", show=False),
    _A("codebook.back", "escape", "back to transcript", "code", "leave_codebook"),

    _A("search.run", "enter", "open the highlighted result", "search", "open_result"),
    _A("search.regex", "ctrl+x", "toggle regular expression", "search", "toggle_regex"),
    _A("search.interviewer", "ctrl+t", "include interviewer turns or not", "search", "toggle_interviewer"),
    _A("search.next_field", "tab", "next field", "search", "app.focus_next", show=False),
    _A("search.back", "escape", "close search", "search", "close"),

    _A("lists.open", "enter", "open the highlighted passage", "passage", "open_row"),
    _A("lists.back", "escape", "back", "app", "close"),

    _A("reports.kind", "k", "codes or factors", "report", "toggle_kind"),
    _A("reports.status", "s", "status: accepted / all / suggested", "report", "cycle_status"),
    _A("reports.coder", "c", "my codings / all coders", "report", "toggle_coder"),
    _A("reports.view", "v", "bars or table", "report", "toggle_view"),
    _A("reports.export", "e", "export shown table (CSV)", "report", "export", changes_data=True, short="export"),
    _A("reports.back", "escape", "close reports", "report", "close"),

    _A("memo.save", "ctrl+s", "save memo", "memo", "save", changes_data=True),
    _A("memo.cancel", "escape", "cancel", "memo", "cancel"),

    _A("code_form.save", "ctrl+s", "save the code", "code", "save", changes_data=True),
    _A("code_form.cancel", "escape", "cancel (asks first when something was typed)", "code", "cancel"),

    _A("choose.pick", "enter", "choose the highlighted", "code", "pick"),
    _A("choose.back", "escape", "cancel", "code", "close"),

    _A("help.close", "escape,question_mark,q", "close help", "app", "close"),
)

BY_ID = {a.id: a for a in ACTIONS}


def config_dir() -> Path:
    env = os.environ.get("INTERVIEW_CODER_CONFIG")
    if env:
        return Path(env)
    import platformdirs

    return Path(platformdirs.user_config_dir("interview-coder"))


def load_keymap(path: Path | None = None) -> dict[str, str]:
    """The user's remapped keys by action id (empty when there is no keymap file)."""
    path = path or config_dir() / "keymap.toml"
    if not path.is_file():
        return {}
    with path.open("rb") as f:
        data = tomllib.load(f)
    table = data.get("keymap", data)
    return {str(k): str(v) for k, v in table.items() if k in BY_ID and isinstance(v, str)}


def bindings(scope: str) -> list[BindingType]:
    """Textual bindings of one scope, each carrying its action id (typed as Textual's ``BINDINGS``)."""
    return [Binding(a.keys, a.action, a.short or a.description, show=a.show, id=a.id, tooltip=a.description,
                    priority=a.scope in ("codebook", "search", "memo", "lists", "code_form", "choose"))
            for a in ACTIONS if a.scope == scope]


def keys_of(action: Action, keymap: dict[str, str] | None = None) -> str:
    """The keys an action is on now, as shown to people ('j, down')."""
    raw = (keymap or {}).get(action.id, action.keys)
    names = {"question_mark": "?", "slash": "/", "right_square_bracket": "]", "left_square_bracket": "[",
             "pagedown": "PgDn", "full_stop": ".", "pageup": "PgUp", "space": "Space",
             "right_parenthesis": ")", "left_parenthesis": "(", "right_curly_bracket": "}", "left_curly_bracket": "{",
             "dollar_sign": "$"}
    return ", ".join(names.get(k.strip(), k.strip()) for k in raw.split(","))
