"""Charts: files are written, Chinese labels use a CJK font (bundled when none is installed)."""

from __future__ import annotations

import pytest

from interview_coder.errors import InputError
from interview_coder.io import charts
from interview_coder.io.charts import BUNDLED_FONT, Category, find_cjk_font, grouped_bar_chart


def test_bundled_font_covers_the_sample_codebook(sim_codebook_path):
    import yaml

    book = yaml.safe_load(sim_codebook_path.read_text(encoding="utf-8"))
    names = "".join(item.get("name_zh", "") for key in ("factors", "codes") for item in book[key])
    assert names
    found = find_cjk_font(names, bundled_only=True)
    assert found is not None and found[1] == str(BUNDLED_FONT)
    assert (BUNDLED_FONT.parent / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


@pytest.mark.parametrize("suffix", [".png", ".svg"])
def test_chinese_labels_with_the_bundled_font(tmp_path, suffix):
    path = tmp_path / f"c{suffix}"
    warnings = grouped_bar_chart(path, [Category("Market", "市场"), Category("Policy", "政策")], ["企业", "政府"],
                                 [[75.0, 33.3], [25.0, 66.7]], "Factors", "%", bundled_font_only=True)
    assert warnings == []
    data = path.read_bytes()
    assert data.startswith(b"\x89PNG") if suffix == ".png" else b"<svg" in data
    assert not (tmp_path / f"c{suffix}.part").exists()


def test_falls_back_to_english_names_without_a_font(tmp_path, monkeypatch):
    monkeypatch.setattr(charts, "find_cjk_font", lambda text, bundled_only=False: None)
    warnings = grouped_bar_chart(tmp_path / "c.png", [Category("Market", "市场")], ["a", "b"], [[1.0, 2.0]],
                                 "Factors", "%")
    assert warnings == ["no installed or bundled font has every Chinese character of the labels: "
                        "the chart uses the English names"]
    assert charts._label(Category("Market", "市场"), "both", chinese_ok=False) == "Market"
    assert charts._label(Category("Market", "市场"), "both", chinese_ok=True) == "Market\n市场"
    assert charts._label(Category("Market", "市场"), "zh", chinese_ok=True) == "市场"


def test_a_rare_character_outside_the_subset_is_refused_by_the_bundled_font():
    assert find_cjk_font("𠀀", bundled_only=True) is None  # CJK extension B: not in GB2312


def test_bad_suffix(tmp_path):
    with pytest.raises(InputError, match=".png or .svg"):
        grouped_bar_chart(tmp_path / "c.pdf", [Category("a")], ["g"], [[1.0]], "t", "x")


def _drawn(monkeypatch, tmp_path, **kwargs):
    """Draw a chart and hand back the matplotlib figure it saved."""
    from matplotlib.figure import Figure

    seen = []
    real = Figure.savefig

    def keep(self, *args, **kw):
        seen.append(self)
        return real(self, *args, **kw)

    monkeypatch.setattr(Figure, "savefig", keep)
    defaults = {"categories": [Category("Market", "市场"), Category("Policy", "政策")], "groups": ["a", "b"],
                "values": [[75.0, 33.3], [25.0, 66.7]], "title": "Factors by group", "xlabel": "% of respondents",
                "bundled_font_only": True}
    grouped_bar_chart(tmp_path / "c.png", **{**defaults, **kwargs})
    return seen[0]


def test_legend_gives_each_groups_n(monkeypatch, tmp_path):
    figure = _drawn(monkeypatch, tmp_path, group_sizes=[17, 7], labels="en")
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["a (n = 17)", "b (n = 7)"]


def test_chinese_labels_put_title_axis_and_legend_in_chinese(monkeypatch, tmp_path):
    figure = _drawn(monkeypatch, tmp_path, group_sizes=[17, 7], labels="zh", title_zh="各组因素",
                    xlabel_zh="组内受访者占比（%）")
    axes = figure.axes[0]
    assert axes.get_title() == "各组因素" and axes.get_xlabel() == "组内受访者占比（%）"
    assert [t.get_text() for t in axes.get_yticklabels()] == ["市场", "政策"]
    assert [t.get_text() for t in figure.legends[0].get_texts()] == ["a（n = 17）", "b（n = 7）"]


def test_more_than_ten_groups_get_distinct_colours(monkeypatch, tmp_path):
    assert len(set(charts.colours(10))) == 10 and len(set(charts.colours(60))) == 60
    groups = [f"g{i}" for i in range(14)]
    figure = _drawn(monkeypatch, tmp_path, groups=groups, values=[[1.0] * 14, [2.0] * 14])
    faces = {tuple(p.get_facecolor()) for p in figure.axes[0].patches}
    assert len(faces) == 14
