"""Terminal bar charts for report rows: one bar per group under each code or factor."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widget import Widget

from interview_coder.tui.widgets.transcript.layout import cells

GROUP_COLOURS = ("#61afef", "#e5c07b", "#98c379", "#c678dd", "#e06c75", "#56b6c2")
EIGHTHS = " ▏▎▍▌▋▊▉"


def bar(value: float, maximum: float, width: int) -> str:
    """A bar of ``width`` cells at most, in eighths of a cell."""
    if maximum <= 0 or value <= 0:
        return ""
    eighths = round(8 * width * min(value, maximum) / maximum)
    return "█" * (eighths // 8) + (EIGHTHS[eighths % 8] if eighths % 8 else "")


def _fit(text: str, width: int) -> str:
    out, used = "", 0
    for ch in text:
        if used + cells(ch) > width:
            return out[:-1] + "…" if out else ""
        out += ch
        used += cells(ch)
    return out + " " * (width - used)


def bar_chart(rows: list[dict[str, Any]], label: str, value: str, width: int) -> Text:
    """Rows (label, group, value, respondents, respondents_total) drawn as labelled bars by group."""
    groups = list(dict.fromkeys(r["group"] for r in rows))
    colour = {g: GROUP_COLOURS[k % len(GROUP_COLOURS)] for k, g in enumerate(groups)}
    name_w = max(10, min(24, width // 4))
    group_w = max(6, min(12, max((cells(str(g)) for g in groups), default=6)))
    bar_w = max(min(width - name_w - group_w - 18, 60), 5)
    maximum = 100.0 if value == "respondents_pct" else max((float(r[value]) for r in rows), default=0.0)
    out = Text()
    last = None
    for r in rows:
        name = str(r[label])
        out.append(_fit(name if name != last else "", name_w) + " ", style="bold" if name != last else "")
        last = name
        out.append(_fit(str(r["group"]), group_w) + " ", style=colour[r["group"]])
        drawn = bar(float(r[value]), maximum, bar_w)
        out.append(drawn, style=colour[r["group"]])
        out.append(" " * (bar_w - cells(drawn) + 1))
        figure = f"{r[value]:.1f}%" if value == "respondents_pct" else str(r[value])
        out.append(f"{figure} ({r['respondents']}/{r['respondents_total']})\n", style="dim")
    return out


class BarChart(Widget):
    """Draws :func:`bar_chart` at its own width, so the bars always fit the terminal."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: list[dict[str, Any]] = []
        self.label = "code_name"
        self.value = "respondents_pct"

    def show(self, rows: list[dict[str, Any]], label: str, value: str = "respondents_pct") -> None:
        self.rows, self.label, self.value = rows, label, value
        self.refresh(layout=True)

    def render(self) -> Text:
        if not self.rows:
            return Text("no codes in the codebook")
        return bar_chart(self.rows, self.label, self.value, max(self.content_region.width, 40))
