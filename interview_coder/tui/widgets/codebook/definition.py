"""A code's definition while coding: its description, keywords in both languages and one example
coded passage (issue 13: the SIM codebook's descriptions were nowhere on screen). Values in, text
out: the reader screen reads the store and hands them down."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from interview_coder.core.model import Code

EXAMPLE_CHARS = 160
"""How much of the example shows (the coded words, with a little context)."""


@dataclass(frozen=True)
class Example:
    """Where the example coding is, and its words."""

    place: str
    """'transcript #seq · respondent (group)'."""
    words: str


def definition_text(code: Code | None, factor_name: str = "", example: Example | None = None) -> Text:
    """The lines the definitions box shows for ``code`` (None: nothing highlighted)."""
    if code is None:
        return Text("no code highlighted: c, then ↑↓", style="dim")
    out = Text(code.name, style="bold")
    if code.name_zh:
        out.append(f" {code.name_zh}", style="bold")
    out.append(f"  {code.id} · {factor_name or code.factor}\n", style="dim")
    out.append((" ".join(code.description.split()) or "(no description: f2 writes one)") + "\n",
               style="" if code.description else "dim italic")
    for lang, label in (("en", "keywords"), ("zh", "关键词")):
        words = code.keywords.get(lang, ())
        if words:
            out.append(f"{label}: ", style="dim")
            # a space after each separator: lines break there, never before a closing '；' (issue 13)
            out.append(("; " if lang == "en" else "； ").join(words) + "\n")
    if not code.keywords:
        out.append("no keywords\n", style="dim")
    if example is None:
        out.append("no coded passage yet", style="dim")
    else:
        flat = " ".join(example.words.split())
        out.append("e.g. ", style="dim")
        out.append(f"“{flat[:EXAMPLE_CHARS]}{'…' if len(flat) > EXAMPLE_CHARS else ''}”")
        out.append(f" {example.place}", style="dim")
    return out


class CodeDefinition(Static):
    """The definitions box under the codebook panel's list (ctrl+o shows or hides it)."""

    def show(self, code: Code | None, factor_name: str = "", example: Example | None = None) -> None:
        self.update(definition_text(code, factor_name, example))
