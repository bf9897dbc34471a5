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
