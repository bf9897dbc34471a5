"""`report saturation`, `report respondents` and `report frequencies --unit organisation` on the
hand-counted five-interview project (tests/data/saturation)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner
from fivedata import five_project

from interview_coder.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _db(tmp_path: Path) -> str:
    five_project(tmp_path / "five.db").close()
    return str(tmp_path / "five.db")


def test_saturation_csv_and_chart(tmp_path: Path) -> None:
    db = _db(tmp_path)
    chart = tmp_path / "s.svg"
    result = run("report", "saturation", "-p", db, "--format", "csv", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "interview,transcript,order_value,new_codes,codes_total,new_keywords,keywords_total",
        "1,s1,1,2,2,2,2", "2,s2,2,1,3,2,4", "3,s3,3,2,5,2,6", "4,s4,4,0,5,2,8", "5,s5,5,0,5,0,8"]
    assert b"<svg" in chart.read_bytes()
    bad = run("report", "saturation", "-p", db, "--order", "attribute", "--attribute", "when")
    assert bad.exit_code == 1 and bad.stderr == "error: --attribute when: no respondent has an attribute 'when'\n"


def test_respondents_tables(tmp_path: Path) -> None:
    result = run("report", "respondents", "-p", _db(tmp_path), "--attrs", "organisation", "--format", "csv")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:4] == ["attribute,value,respondents,respondents_pct,ci_low,ci_high",
                         "organisation,Alpha,2,40.0,11.8,76.9", "organisation,Beta,2,40.0,11.8,76.9",
                         "organisation,Gamma,1,20.0,3.6,62.4"]
    per_respondent = run("report", "respondents", "-p", _db(tmp_path), "--attrs", "organisation", "--format", "csv",
                         "--table", "respondent_totals").stdout.splitlines()
    assert "S4,government,s4,2,8,1,2,2" in per_respondent  # "The supply chain and tax incentives matter." (7) + "No." (1)


def test_frequencies_with_the_organisation_as_unit(tmp_path: Path) -> None:
    db = _db(tmp_path)
    result = run("report", "frequencies", "-p", db, "--by", "group", "--unit", "organisation", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert "tax,Tax incentives,policy,government,1,1,100.0,20.7,100.0" in result.stdout.splitlines()
    assert "tax,Tax incentives,policy,enterprise,0,2,0.0,0.0,65.8" in result.stdout.splitlines()
