"""The notebook API returns the same tables the CLI prints."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from reportdata import build_report_project

import interview_coder
from interview_coder.cli import main
from interview_coder.errors import InputError


@pytest.fixture(scope="module")
def path(tmp_path_factory) -> Path:
    p = tmp_path_factory.mktemp("api") / "reports.db"
    build_report_project(p).close()
    return p


def test_frames_equal_cli_json(path):
    with interview_coder.open(str(path)) as project:
        frame = project.frequencies(by="group", coder=["alice"])
        factors = project.factors(by="group", status="all")
        compare = project.compare(by="group")
        matrix = project.matrix(value="hits")
        assert list(project.drivers(by="group")["passages"]) == [2, 0, 5, 4]
        assert project.cooccurrence(unit="respondent")["both"].tolist() == [2, 2, 2, 1, 1, 1]
        assert project.keywords(by="group")["hits"].sum() == 6
        assert len(project.codings()) == 19 and len(project.codings(status="all")) == 23
        assert project.quotes("customers")["respondent"].tolist() == ["E1", "E2", "E3", "G2"]
        assert len(project.kwic("客户")) == 2
        assert project.frequencies(where={"size": "large"})["respondents_total"].iloc[0] == 2
        with pytest.raises(InputError):
            project.frequencies(coder="nobody")

    def cli(*args: str):
        result = CliRunner().invoke(main, ["report", *args, "-p", str(path), "--format", "json"])
        return json.loads(result.stdout)

    assert frame.to_dict(orient="records") == cli("frequencies", "--by", "group", "--coder", "alice")
    assert factors.to_dict(orient="records") == cli("factors", "--by", "group", "--status", "all")["Factor frequencies"]
    assert compare["p"].tolist() == [r["p"] for r in cli("compare")]
    assert matrix["customers"].tolist() == [r["customers"] for r in cli("matrix", "--value", "hits")]


def test_chart_and_report_all(path, tmp_path):
    with interview_coder.open(str(path)) as project:
        assert project.chart(project.factors(by="group"), tmp_path / "f.png") == []
        assert project.report_all(tmp_path / "out", summary="md") == []
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    assert summary.startswith("# Results\n")
    assert "![Figure 1." in summary and (tmp_path / "out" / "factors.png").exists()


def test_frames_of_what_the_project_holds(path):
    """Counts from the fixture's docstring (tests/reportdata.py), counted by hand."""
    with interview_coder.open(str(path)) as project:
        passages = project.passages()
        said = project.passages(respondent_only=True)
        respondents = project.respondents()
        book = project.codebook()
        transcripts = project.transcripts()
        codings = project.codings()
        memos = project.memos()
    # 13 respondent passages, 99 respondent words (7+7+9, 7+8, 10+8, 3, 9+6, 11+9, 5)
    assert len(said) == 13 and said["words"].sum() == 99
    assert set(passages["role"]) == {"respondent", "interviewer"} and (passages["role"] == "interviewer").sum() > 0
    assert passages.loc[passages["role"] == "interviewer", "words"].eq(0).all()
    first = said.iloc[0]
    assert (first["transcript"], first["respondent"], first["group"], first["text"]) == (
        "en_e1", "E1", "enterprise", "Our customers want new sensors every year.")
    assert first["end"] - first["start"] == len(first["text"])
    assert str(passages["start"].dtype) == "Int64" and passages["role"].dtype == "category"
    assert list(passages["role"].cat.categories) == ["respondent", "interviewer", "preamble"]

    assert respondents["respondent"].tolist() == ["E1", "E2", "E3", "E4", "G1", "G2", "G3"]
    assert respondents.columns.tolist() == ["respondent", "group", "size"]
    assert respondents["group"].value_counts().to_dict() == {"enterprise": 4, "government": 3}
    assert respondents.set_index("respondent")["size"].isna().to_dict() == {
        "E1": False, "E2": False, "E3": False, "E4": False, "G1": True, "G2": True, "G3": True}

    assert book["code"].tolist() == ["customers", "competitors", "subsidy", "tax", "rnd"]
    assert list(book["code"].cat.categories) == book["code"].tolist()  # codebook order, for plots
    assert book.set_index("code").loc["subsidy", ["code_name_zh", "factor_name_zh"]].tolist() == ["补贴", "政策"]
    assert book.set_index("code").loc["customers", "keywords_zh"] == ("客户",)

    assert transcripts["passages"].sum() == 13 and transcripts["words"].sum() == 99
    assert "source" not in transcripts.columns  # the file's absolute path stays on this machine
    assert transcripts["passages"].dtype == "int64" and transcripts["group"].dtype == "category"

    # 19 accepted codings; one is a span: E1p2 competitors by alice, "Competitors" = [0, 11)
    assert len(codings) == 19 and str(codings["start"].dtype) == "Int64"
    spans = codings[codings["start"].notna() & (codings["origin"] == "manual")]
    assert spans[["code", "coder", "start", "end", "text"]].values.tolist() == [
        ["competitors", "alice", 0, 11, "Competitors"]]
    assert codings["start"].isna().sum() == 19 - (codings["origin"] == "auto").sum() - 1
    assert list(codings["status"].cat.categories) == ["accepted", "suggested", "rejected"]
    assert memos.columns.tolist() == ["target", "target_id", "coder", "text", "updated_at"] and memos.empty


def test_report_frames_have_numeric_dtypes(path):
    with interview_coder.open(str(path)) as project:
        compare = project.compare(by="group")
        frequencies = project.frequencies(by="group")
    assert compare["chi2"].dtype == "float64" and compare["p"].dtype == "float64"
    assert compare.loc[compare["test"] == "Fisher exact", "chi2"].isna().all()
    assert frequencies["respondents"].dtype == "int64" and frequencies["respondents_pct"].dtype == "float64"
    assert frequencies["code"].dtype == "category" and frequencies["group"].dtype == "category"


def test_use_cjk_font_registers_a_font_that_draws_chinese(tmp_path):
    import warnings

    import matplotlib
    from matplotlib.figure import Figure

    from interview_coder.api import use_cjk_font

    before = list(matplotlib.rcParams["font.family"])
    try:
        family = use_cjk_font("市场政策能力", bundled=True)
        assert family and matplotlib.rcParams["font.family"] == ["DejaVu Sans", family]
        figure = Figure()
        figure.add_subplot().set_title("市场 Market")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # matplotlib warns for every glyph it cannot draw
            figure.savefig(tmp_path / "zh.png")
    finally:
        matplotlib.rcParams["font.family"] = before
    with pytest.raises(InputError):
        use_cjk_font("\U00020000", bundled=True)  # CJK extension B: not in the GB2312 subset


def test_docs_example_script_draws_the_figure(path, tmp_path):
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parents[1]
    script = root / "docs" / "examples" / "figure.py"
    out = tmp_path / "factors.png"
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-W", "error::UserWarning", str(script), str(path), str(out)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stderr == f"wrote {out}\n" and out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
