"""Grouped bar charts (PNG or SVG) of report tables, with Chinese labels where a font allows.

Font choice: an installed CJK-capable font known to matplotlib, else the GB2312 subset of Noto Sans
CJK SC bundled in interview_coder/fonts. A Chinese label with a character no chosen font has falls
back to the English name, and the caller gets a warning saying so. matplotlib is used through its
object API (no pyplot), so drawing a chart never changes a notebook's backend or global state.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from interview_coder.core.table import Chart
from interview_coder.errors import InputError

FONTS = Path(__file__).resolve().parent.parent / "fonts"
BUNDLED_FONT = FONTS / "NotoSansCJKsc-Regular-GB2312.otf"
CJK_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN", "Noto Sans CJK JP",
                "Noto Sans CJK TC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC",
                "Hiragino Sans GB", "Heiti SC", "SimHei", "Droid Sans Fallback", "AR PL UMing CN")
LABELS = ("en", "zh", "both")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@dataclass(frozen=True)
class Category:
    """One bar cluster: the English name and the Chinese name (may be empty)."""

    en: str
    zh: str = ""


@functools.lru_cache(maxsize=16)
def _charmap(path: str) -> frozenset[int]:
    from matplotlib.ft2font import FT2Font

    return frozenset(FT2Font(path).get_charmap())


def _covers(path: str, text: str) -> bool:
    chars = _charmap(path)
    return all(ord(ch) in chars for ch in set(_NON_ASCII.findall(text)))


def find_cjk_font(text: str, bundled_only: bool = False) -> tuple[str, str] | None:
    """(family, file) of a font that has every non-ASCII character of ``text``, or None."""
    from matplotlib import font_manager

    candidates: list[tuple[str, str]] = []
    if not bundled_only:
        installed = {f.name: f.fname for f in font_manager.fontManager.ttflist}
        candidates += [(name, installed[name]) for name in CJK_FAMILIES if name in installed]
    if BUNDLED_FONT.exists():
        candidates.append(("", str(BUNDLED_FONT)))
    for family, path in candidates:
        try:
            if not _covers(path, text):
                continue
        except (OSError, RuntimeError):
            continue
        if not family:
            font_manager.fontManager.addfont(path)
            family = font_manager.FontProperties(fname=path).get_name()
        return family, path
    return None


def use_cjk_font(text: str = "", bundled: bool = False) -> str:
    """Make Chinese render in the caller's own matplotlib plots; returns the font family used.

    Registers the first font that has every non-ASCII character of ``text`` (an installed CJK font,
    else the bundled Noto Sans CJK SC subset; ``bundled=True`` takes the bundled one) and puts it
    after DejaVu Sans in ``font.family``, so Latin text keeps matplotlib's default font and Chinese
    falls back to the CJK one. This changes matplotlib's global rcParams, on purpose.
    """
    import matplotlib

    found = find_cjk_font(text or "中文", bundled_only=bundled)
    if found is None:
        raise InputError("no installed or bundled font has every Chinese character of the text given")
    family = found[0]
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", family]
    matplotlib.rcParams["axes.unicode_minus"] = False
    return family


def _label(category: Category, labels: str, chinese_ok: bool) -> str:
    if labels == "en" or not category.zh or not chinese_ok:
        return category.en
    return category.zh if labels == "zh" else f"{category.en}\n{category.zh}"


def colours(n: int) -> list[tuple[float, float, float, float]]:
    """``n`` colours (RGBA) no two alike up to 60 groups: matplotlib's tab10 for up to 10, else tab20,
    tab20b and tab20c (60 in all); past 60 they repeat, and the bars get hatching to tell them apart."""
    from matplotlib import colormaps

    if n <= 10:
        return [colormaps["tab10"](i) for i in range(n)]
    pool = [colormaps[name](i) for name in ("tab20", "tab20b", "tab20c") for i in range(20)]
    return [pool[i % len(pool)] for i in range(n)]


HATCHES = ("", "//", "..", "xx", "\\\\", "++")


def _legend(group: str, size: int | None, labels: str) -> str:
    if size is None:
        return group
    return f"{group}（n = {size}）" if labels == "zh" else f"{group} (n = {size})"


def grouped_bar_chart(path: str | Path, categories: list[Category], groups: list[str], values: list[list[float]],
                      title: str, xlabel: str, labels: str = "both", bundled_font_only: bool = False,
                      title_zh: str = "", xlabel_zh: str = "", group_sizes: list[int] | None = None) -> list[str]:
    """Horizontal grouped bars: one cluster per category, one bar per group (``values[i][j]``: category i, group j).

    ``group_sizes`` puts each group's n in the legend; with ``labels`` zh the title and axis are
    ``title_zh`` and ``xlabel_zh`` (when given), with both the two are shown together.
    Writes ``path`` (.png or .svg); returns warnings for the user (e.g. Chinese names left out).
    """
    from matplotlib.figure import Figure

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError("a chart is written as .png or .svg", path)
    if labels not in LABELS:
        raise InputError(f"--labels must be en, zh or both, not {labels!r}")
    warnings: list[str] = []
    wanted = "".join(c.zh for c in categories) + title_zh + xlabel_zh if labels != "en" else ""
    text = wanted + "".join(groups) + title
    font = find_cjk_font(text, bundled_font_only) if _NON_ASCII.search(text) else None
    chinese_ok = font is not None
    if not chinese_ok and wanted:
        warnings.append("no installed or bundled font has every Chinese character of the labels: "
                        "the chart uses the English names")
        font = find_cjk_font("".join(groups) + title, bundled_font_only)
    families = ["DejaVu Sans"] + ([font[0]] if font else [])

    from matplotlib import rc_context

    names = [_label(c, labels, chinese_ok) for c in categories]
    title = _label(Category(title, title_zh), labels, chinese_ok).replace("\n", " / ")
    xlabel = _label(Category(xlabel, xlabel_zh), labels, chinese_ok).replace("\n", " / ")
    sizes = group_sizes if group_sizes is not None and len(group_sizes) == len(groups) else [None] * len(groups)
    palette = colours(len(groups))
    lines = max((n.count("\n") + 1 for n in names), default=1)
    height = max(2.5, 0.2 * (lines + 0.5) * len(categories) * max(1, len(groups)) ** 0.5 + 1.4)
    with rc_context({"font.family": families, "svg.fonttype": "path", "axes.unicode_minus": False}):
        figure = Figure(figsize=(9, height), layout="constrained")
        axes = figure.add_subplot()
        n = max(1, len(groups))
        bar = 0.8 / n
        positions = list(range(len(categories)))
        for j, group in enumerate(groups):
            ys = [p - 0.4 + bar * (j + 0.5) for p in positions]
            xs = [row[j] for row in values]
            drawn = axes.barh(ys, xs, height=bar, label=_legend(group, sizes[j], labels if chinese_ok else "en"),
                              color=palette[j], hatch=HATCHES[(j // 60) % len(HATCHES)])
            axes.bar_label(drawn, labels=[f"{x:g}" for x in xs], padding=2, fontsize=7)
        axes.set_yticks(positions, names, fontsize=8)
        axes.set_ylim(len(categories) - 0.5, -0.5)  # first category on top, no empty bands
        axes.set_xlabel(xlabel)
        axes.set_title(title)
        if len(groups) > 1 or any(s is not None for s in sizes):
            figure.legend(fontsize=8, loc="outside lower center", ncols=min(len(groups), 4))
        axes.margins(x=0.12)
        axes.grid(axis="x", alpha=0.3)
        axes.set_axisbelow(True)
        tmp = path.with_name(path.name + ".part")
        try:
            figure.savefig(tmp, format=path.suffix[1:].lower(), dpi=150)
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"cannot write the chart: {exc.strerror or exc}", path) from exc
    return warnings


def line_chart(path: str | Path, chart: Chart, labels: str = "both", bundled_font_only: bool = False) -> list[str]:
    """One line per group over the categories in order (a saturation curve); y is the value axis."""
    from matplotlib import rc_context
    from matplotlib.figure import Figure

    path = Path(path)
    if path.suffix.lower() not in (".png", ".svg"):
        raise InputError("a chart is written as .png or .svg", path)
    text = "".join(c[0] for c in chart.categories) + "".join(chart.groups)
    wanted = chart.title_zh + chart.xlabel_zh if labels != "en" else ""
    font = find_cjk_font(text + wanted, bundled_font_only) if _NON_ASCII.search(text + wanted) else None
    warnings = [] if font is not None or not wanted else [
        "no installed or bundled font has every Chinese character of the labels: the chart uses the English names"]
    chinese_ok = font is not None
    title = _label(Category(chart.title, chart.title_zh), labels, chinese_ok).replace("\n", " / ")
    ylabel = _label(Category(chart.xlabel, chart.xlabel_zh), labels, chinese_ok).replace("\n", " / ")
    palette = colours(len(chart.groups))
    with rc_context({"font.family": ["DejaVu Sans"] + ([font[0]] if font else []), "svg.fonttype": "path",
                     "axes.unicode_minus": False}):
        figure = Figure(figsize=(9, 4.5), layout="constrained")
        axes = figure.add_subplot()
        xs = list(range(1, len(chart.categories) + 1))
        for j, group in enumerate(chart.groups):
            axes.plot(xs, [row[j] for row in chart.values], marker="o", color=palette[j], label=group)
        axes.set_xticks(xs, [c[0] for c in chart.categories], rotation=45, ha="right", fontsize=7)
        axes.set_ylabel(ylabel)
        axes.set_title(title)
        axes.set_ylim(bottom=0)
        axes.grid(alpha=0.3)
        if chart.groups:
            axes.legend(fontsize=8)
        tmp = path.with_name(path.name + ".part")
        try:
            figure.savefig(tmp, format=path.suffix[1:].lower(), dpi=150)
            tmp.replace(path)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise InputError(f"cannot write the chart: {exc.strerror or exc}", path) from exc
    return warnings


def draw_chart(chart: Chart, path: str | Path, labels: str = "both", bundled_font_only: bool = False) -> list[str]:
    """Draw a :class:`~interview_coder.core.table.Chart` to ``path`` (.png or .svg); returns warnings."""
    if chart.kind == "line":
        return line_chart(path, chart, labels, bundled_font_only)
    return grouped_bar_chart(path, [Category(en, zh) for en, zh in chart.categories], chart.groups, chart.values,
                             chart.title, chart.xlabel, labels, bundled_font_only, chart.title_zh, chart.xlabel_zh,
                             chart.group_sizes)
