"""`keywords compounds --by group` and equal counts for the bilingual project (issue 15)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from bilingualdata import bilingual_project, pairs
from click.testing import CliRunner

from interview_coder.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_english_and_chinese_respondents_get_the_same_counts(tmp_path: Path) -> None:
    db = str(bilingual_project(tmp_path))
    assert run("autocode", "-p", db, "-q").exit_code == 0
    out = run("report", "keywords", "-p", db, "--status", "all", "--format", "json")
    assert out.exit_code == 0, out.output
    rows = json.loads(out.stdout)["Keyword hits"]
    per_group: dict[str, Counter[str]] = {}
    for row in rows:
        per_group.setdefault(row["group"], Counter())[row["code"]] += row["hits"]
    expected: Counter[str] = Counter()
    for _, _, counts in pairs():
        for part in counts.split(","):
            code, n = part.split("=")
            expected[code] += int(n)
    assert per_group["enterprise"] == per_group["government"] == expected


def test_compounds_by_group_lists_each_containing_word(tmp_path: Path) -> None:
    db = str(bilingual_project(tmp_path, extra_zh=["我们和大学城的大学生合作，也去过国家专利局。"]))
    result = run("keywords", "compounds", "-p", db, "--by", "group", "--format", "csv")
    assert result.exit_code == 0, result.output
    # Hand-counted: the twelve answers hold 清华大学, 苏州大学 and 申请专利 once each (counted);
    # the extra answer 大学城 and 国家专利局 (not counted: the word goes on past the keyword);
    # 大学生 is a talent keyword and an exclude phrase of research_universities: the codebook decides it.
    assert result.stdout.splitlines() == [
        "word,keyword,code,counted,count,government",
        "国家专利局,专利,ip_protection,no,1,1",
        "大学城,大学,research_universities,no,1,1",
        "清华大学,大学,research_universities,yes,1,1",
        "申请专利,专利,ip_protection,yes,1,1",
        "苏州大学,大学,research_universities,yes,1,1",
    ]
