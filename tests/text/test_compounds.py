"""The compound rule (issue 15): a one-word Chinese keyword inside a longer jieba word counts when
it ends the word, and English and Chinese answers saying the same thing get the same counts."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from interview_coder.core.model import Keyword
from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.text.chinese import counts_inside
from interview_coder.text.match import compile_codebook, find_hits, inside_words, tokenize

ROOT = Path(__file__).resolve().parents[2]
PAIRS = ROOT / "tests" / "data" / "bilingual" / "pairs.tsv"


def K(code: str, text: str, exclude: bool = False) -> Keyword:
    return Keyword(code, "zh", text, exclude)


def hits(text: str, compiled) -> list[tuple[str, str, str]]:
    return [(h.code, h.keyword, text[h.start:h.end]) for h in find_hits(text, compiled)]


def test_the_rule_counts_a_keyword_that_ends_the_word() -> None:
    assert counts_inside("清华大学", "大学", 2) and counts_inside("申请专利", "专利", 2)
    assert not counts_inside("大学生", "大学", 0)
    assert not counts_inside("国家专利局", "专利", 2)
    assert not counts_inside("大学", "大学", 0)  # the word itself is an ordinary hit, not an inside one


def test_hand_counted_compounds() -> None:
    compiled = compile_codebook([K("unis", "大学"), K("ip", "专利")])
    text = "我们和清华大学、苏州大学合作，去年申请专利，还招了很多大学生。"
    # 清华大学 and 苏州大学 are one word each (大学 ends them), 申请专利 one word (专利 ends it);
    # 大学生 goes on past 大学: 3 hits of unis/ip counted, the student not.
    assert hits(text, compiled) == [("unis", "大学", "大学"), ("unis", "大学", "大学"), ("ip", "专利", "专利")]
    found = {(i.word, i.keyword, i.counts) for i in inside_words(tokenize(text, compiled), compiled)}
    assert found == {("清华大学", "大学", True), ("苏州大学", "大学", True), ("申请专利", "专利", True),
                     ("大学生", "大学", False)}


def test_traditional_characters_follow_the_same_rule() -> None:
    compiled = compile_codebook([K("ip", "专利")])
    assert hits("去年申請專利。", compiled) == [("ip", "专利", "專利")]


def test_exclude_and_assign_overrule_the_rule() -> None:
    excluded = compile_codebook([K("unis", "大学")], excluded_words=["清华大学"])
    assert hits("清华大学和苏州大学", excluded) == [("unis", "大学", "大学")]
    assert [h.start for h in find_hits("清华大学和苏州大学", excluded)] == [7]
    own_exclude = compile_codebook([K("unis", "大学"), K("unis", "清华大学", exclude=True)])
    assert [h.start for h in find_hits("清华大学和苏州大学", own_exclude)] == [7]
    assigned = compile_codebook([K("unis", "大学"), K("talent", "大学生")])
    assert hits("很多大学生", assigned) == [("talent", "大学生", "大学生")]
    assert inside_words(tokenize("很多大学生", assigned), assigned) == []  # decided by the codebook


def _pairs() -> list[tuple[str, str, Counter[str]]]:
    out = []
    for line in PAIRS.read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        en, zh, expected = line.split("\t")
        counts = Counter({code: int(n) for code, n in (part.split("=") for part in expected.split(","))})
        out.append((en, zh, counts))
    return out


@pytest.mark.parametrize(("en", "zh", "expected"), _pairs(), ids=lambda v: v if isinstance(v, str) else "")
def test_english_and_chinese_answers_count_alike(en: str, zh: str, expected: Counter[str]) -> None:
    book, _ = load_codebook_yaml(ROOT / "codebooks" / "sim.yaml")
    compiled = compile_codebook(book.keywords())
    assert Counter(h.code for h in find_hits(en, compiled)) == expected
    assert Counter(h.code for h in find_hits(zh, compiled)) == expected


def test_the_bilingual_set_is_big_enough_to_mean_something() -> None:
    pairs = _pairs()
    assert len(pairs) >= 12 and sum(sum(c.values()) for _, _, c in pairs) >= 20
