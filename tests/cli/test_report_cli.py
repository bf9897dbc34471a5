"""``report`` commands on the hand-built fixture: golden files for every --format, exit codes, errors.

Golden files live in tests/data/golden/report/; regenerate with UPDATE_GOLDEN=1 after checking the
difference by hand (every number in them is hand-counted in tests/analysis/).
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from reportdata import build_report_project

from interview_coder.cli import main

GOLDEN = Path(__file__).parent.parent / "data" / "golden" / "report"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

REPORTS = {
    "frequencies": ["frequencies", "--by", "group"],
    "factors": ["factors", "--by", "group"],
    "compare": ["compare", "--by", "group"],
    "cooccurrence": ["cooccurrence", "--unit", "respondent"],
    "quotes": ["quotes", "--code", "customers"],
    "kwic": ["kwic", "customer*", "--width", "12"],
    "matrix": ["matrix", "--value", "passages"],
}
FORMATS = {"table": "txt", "csv": "csv", "json": "json", "md": "md"}


@pytest.fixture(scope="module")
def project_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("report_cli") / "reports.db"
    build_report_project(path).close()
    return path


def run(project_path: Path, *args: str):
    return CliRunner().invoke(main, ["report", *args, "-p", str(project_path)], catch_exceptions=False)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", REPORTS)
def test_golden(project_path, name, fmt):
    result = run(project_path, *REPORTS[name], "--format", fmt)
    assert result.exit_code == 0, result.output
    golden = GOLDEN / f"{name}.{FORMATS[fmt]}"
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_json_is_a_list_of_records_with_the_contract_fields(project_path):
    records = json.loads(run(project_path, "frequencies", "--by", "group", "--format", "json").stdout)
    assert records[0] == {"code": "customers", "code_name": "Customer demand", "factor": "market",
                          "group": "enterprise", "passages": 3, "respondents": 3, "respondents_total": 4,
                          "respondents_pct": 75.0, "keyword_hits": 3}
    factors = json.loads(run(project_path, "factors", "--by", "group", "--format", "json").stdout)
    assert set(factors) == {"Factor frequencies", "Driver totals"}
    assert factors["Driver totals"][2] == {"driver": "external", "group": "enterprise", "passages": 5,
                                           "respondents": 3, "respondents_total": 4, "respondents_pct": 75.0,
                                           "keyword_hits": 4, "passages_share": 71.4}


def test_filters(project_path):
    def customers(*args: str) -> list[int]:
        out = json.loads(run(project_path, "frequencies", "--by", "group", "--format", "json", *args).stdout)
        return [r["passages"] for r in out if r["code"] == "customers"]

    assert customers() == [3, 1]
    assert customers("--status", "all") == [3, 1]
    assert customers("--status", "suggested") == [1, 0]
    assert customers("--coder", "alice") == [2, 0]
    assert customers("--coder", "alice", "--coder", "bob") == [3, 1]
    assert customers("--where", "size=large") == [1]
    assert customers("--transcripts", "en_e1,zh_g2") == [1, 1]


def test_csv_bom_and_file_output(project_path, tmp_path):
    out = tmp_path / "f.csv"
    result = run(project_path, "frequencies", "--format", "csv", "--bom", "-o", str(out))
    assert result.exit_code == 0 and result.stdout == ""
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0]["code"] == "customers" and rows[0]["respondents"] == "4" and rows[0]["group"] == "all"


def test_xlsx_opens_with_sheets_and_definitions(project_path, tmp_path):
    out = tmp_path / "factors.xlsx"
    assert run(project_path, "factors", "--by", "group", "--format", "xlsx", "-o", str(out)).exit_code == 0
    book = load_workbook(out)
    assert book.sheetnames == ["Factor frequencies", "Driver totals", "definitions"]
    sheet = book["Factor frequencies"]
    assert [c.value for c in sheet[1]] == ["factor", "factor_name", "driver", "group", "passages", "respondents",
                                           "respondents_total", "respondents_pct", "keyword_hits", "passages_share"]
    assert sheet.freeze_panes == "A2" and sheet["A1"].font.bold
    assert [c.value for c in sheet[5]] == ["policy", "Policy", "external", "government", 3, 2, 3, 66.7, 2, 75]
    definitions = {(r[0], r[1]): r[2] for r in book["definitions"].iter_rows(min_row=2, values_only=True)}
    assert definitions[("Factor frequencies", "passages_share")].startswith("100 x passages / coded passages")
    assert ("Driver totals", "(counting unit)") in definitions


def test_chart_is_written(project_path, tmp_path):
    out = tmp_path / "codes.svg"
    result = run(project_path, "frequencies", "--by", "group", "--chart", str(out), "--format", "csv")
    assert result.exit_code == 0
    assert "<svg" in out.read_text(encoding="utf-8")
    assert f"Chart written to {out}" in result.stderr


def test_keywords_report_sums_to_frequencies(project_path):
    tables = json.loads(run(project_path, "keywords", "--by", "group", "--format", "json").stdout)
    hits = {(r["keyword"], r["group"]): r["hits"] for r in tables["Keyword hits"]}
    assert hits == {("customer", "enterprise"): 3, ("subsidy", "enterprise"): 1, ("subsidy", "government"): 1,
                    ("补贴", "government"): 1}


@pytest.mark.parametrize(("args", "message"), [
    (["frequencies", "--coder", "zoe"], "--coder 'zoe': no such coder"),
    (["frequencies", "--by", "colour"], "--by colour: no respondent has an attribute 'colour'"),
    (["frequencies", "--where", "size"], "--where 'size' is not attr=value"),
    (["frequencies", "--transcripts", "nope"], "--transcripts 'nope': no such transcript"),
    (["compare", "--by", "size"], "--by size has 3 groups"),
    (["quotes", "--code", "nothing"], "no code or factor 'nothing'"),
    (["frequencies", "--chart", "x.pdf"], "a chart is written as .png or .svg"),
])
def test_errors_are_one_line(project_path, args, message):
    result = run(project_path, *args)
    assert result.exit_code == 1
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_missing_project(tmp_path):
    result = CliRunner().invoke(main, ["report", "frequencies", "-p", str(tmp_path / "none.db")])
    assert result.exit_code == 3 and "no project here" in result.stderr


def test_report_all(project_path, tmp_path):
    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["report", "all", "-p", str(project_path), "-o", str(out), "--summary", "html"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["codes.png", "codes.svg", "codings.csv", "compare.csv", "cooccurrence.csv",
                            "cooccurrence_matrix.csv", "drivers.csv", "drivers.png", "drivers.svg", "factors.csv",
                            "factors.png", "factors.svg", "frequencies.csv", "keyword_totals.csv", "keywords.csv",
                            "matrix.csv", "report.xlsx", "summary.html", "quotes.csv", "respondents_by_attribute.csv",
                            "respondents.csv", "saturation.csv", "saturation.png", "saturation.svg",
                            "codebook_appendix.csv"])
    html = (out / "summary.html").read_text(encoding="utf-8")
    assert ("Market (external) was raised by 3 of 4 (75.0%, 95% CI 30.1-95.4) enterprise respondents and 1 of 3 "
            "(33.3%, 95% CI 6.1-79.2) government") in html
    assert "<strong>" in html and "<img src=\"factors.svg\"" in html
    book = load_workbook(out / "report.xlsx")
    assert book.sheetnames[0] == "Code frequencies" and book.sheetnames[-1] == "definitions"
    assert "Codings" in book.sheetnames
    codings = list(csv.DictReader((out / "codings.csv").open(encoding="utf-8")))
    # accepted codings of reportdata.py: E1 2+2+2, E2 2+1, E3 1+2, G1 2+1, G2 3+1
    assert len(codings) == 19
    assert (out / "codes.png").read_bytes().startswith(b"\x89PNG")
    shutil.rmtree(out)


def test_report_all_compares_the_named_groups_when_there_are_more_than_two(tmp_path: Path) -> None:
    from interview_coder.cli import main as cli_main

    db = tmp_path / "sample.db"
    assert CliRunner().invoke(cli_main, ["demo", "-p", str(db)]).exit_code == 0
    src = tmp_path / "third.txt"
    src.write_text("---\nrespondent: X1\ngroup: academia\n---\nX1: Universities and tax incentives.\n\nX1: Talent.\n",
                   encoding="utf-8")
    assert CliRunner().invoke(cli_main, ["import", "-p", str(db), str(src)]).exit_code == 0
    out = tmp_path / "out"
    skipped = CliRunner().invoke(cli_main, ["report", "all", "-p", str(db), "-o", str(out), "--status", "all"])
    assert skipped.exit_code == 0 and "no group comparison" in skipped.stderr
    assert not (out / "compare.csv").exists()
    named = CliRunner().invoke(cli_main, ["report", "all", "-p", str(db), "-o", str(out), "--status", "all",
                                          "--a", "enterprise", "--b", "government"])
    assert named.exit_code == 0, named.output
    assert "Enterprise and government respondents compared" in (out / "summary.md").read_text(encoding="utf-8")
    assert (out / "compare.csv").exists()


def test_a_csv_holds_one_table_and_table_chooses_it(project_path, tmp_path):
    """report factors|keywords|cooccurrence --format csv: the first table, pandas-readable; --table picks."""
    import pandas as pd

    result = run(project_path, "factors", "--by", "group", "--format", "csv")
    assert result.exit_code == 0
    assert "note: a CSV holds one table, so this is factors; the other with --table drivers" in result.stderr
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame.columns)[:2] == ["factor", "factor_name"] and len(frame) == 6
    drivers = run(project_path, "factors", "--by", "group", "--format", "csv", "--table", "drivers")
    assert pd.read_csv(io.StringIO(drivers.stdout)).columns[0] == "driver" and drivers.stderr == ""
    for report, other in (("keywords", "keyword_totals"), ("cooccurrence", "cooccurrence_matrix")):
        both = run(project_path, report, "--format", "csv")
        assert f"--table {other}" in both.stderr
        assert "\n\n" not in both.stdout  # no second table glued under the first
    as_json = json.loads(run(project_path, "factors", "--format", "json", "--table", "drivers").stdout)
    assert isinstance(as_json, list) and as_json[0]["driver"] in ("internal", "external")


def test_parquet_holds_one_typed_table_that_pandas_reads_back(project_path, tmp_path):
    """report factors / codings export --format parquet: the same rows as JSON, typed per column."""
    import pandas as pd

    result = run(project_path, "factors", "--by", "group", "--format", "parquet", "-o", str(tmp_path / "f.parquet"))
    assert result.exit_code == 0, result.output
    assert "note: a Parquet file holds one table, so this is factors" in result.stderr
    frame = pd.read_parquet(tmp_path / "f.parquet")
    records = json.loads(run(project_path, "factors", "--by", "group", "--format", "json", "--table", "factors").stdout)
    assert list(frame.columns) == list(records[0])
    assert len(frame) == len(records) == 6
    for column, value in records[0].items():
        if isinstance(value, bool):
            assert frame[column].dtype == "boolean", column
        elif isinstance(value, int):
            assert str(frame[column].dtype) in ("Int64", "Float64"), column  # Float64 when others are fractions
        elif isinstance(value, str):
            assert pd.api.types.is_string_dtype(frame[column]), column
    assert frame.to_dict("records")[0]["factor"] == records[0]["factor"]
    out = tmp_path / "codings.parquet"
    coded = CliRunner().invoke(main, ["codings", "export", "-p", str(project_path), "--format", "parquet",
                                      "-o", str(out)], catch_exceptions=False)
    assert coded.exit_code == 0, coded.output
    codings = pd.read_parquet(out)
    assert len(codings) == 19  # the accepted codings counted in test_report_all
    assert str(codings["start"].dtype) == "Int64" and pd.api.types.is_string_dtype(codings["code"])
    assert (codings["end"] > codings["start"]).all()
    both = run(project_path, "factors", "--format", "parquet", "--table", "drivers", "-o", str(tmp_path / "d.parquet"))
    assert both.exit_code == 0 and list(pd.read_parquet(tmp_path / "d.parquet").columns)[0] == "driver"


def test_report_all_writes_one_parquet_file_per_table(project_path, tmp_path):
    import pandas as pd

    out = tmp_path / "results"
    result = CliRunner().invoke(main, ["report", "all", "-p", str(project_path), "-o", str(out), "--format", "parquet"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not list(out.glob("*.csv")) and (out / "drivers.parquet").exists()
    assert len(pd.read_parquet(out / "codings.parquet")) == 19  # as codings.csv in test_report_all
