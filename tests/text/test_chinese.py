"""Chinese tokens: jieba with added words, traditional characters matched through simplified ones."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_coder.text import chinese


def test_to_simplified_keeps_the_length_and_leaves_simplified_text_alone() -> None:
    assert chinese.to_simplified("稅收優惠與產學研合作") == "税收优惠与产学研合作"
    text = "税收优惠 and tax"
    assert chinese.to_simplified(text) == text


@settings(max_examples=80, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("乾燥乾隆發展頭髮後來皇后臺灣台風颱風著名 abc")), max_size=30))
def test_to_simplified_never_changes_the_length(text: str) -> None:
    assert len(chinese.to_simplified(text)) == len(text)


@pytest.mark.parametrize("which", ["jieba", "rjieba"])
def test_added_words_stay_whole_and_tokens_slice_the_text(which: str) -> None:
    seg = chinese.segmenter([("税收优惠", None), ("产学研合作", None)], which)
    text = "稅收優惠和 产学研合作"
    tokens = chinese.tokens(text, seg, offset=3)
    assert [t[0] for t in tokens] == ["税收优惠", "和", "产学研合作"]
    assert [text[s - 3:e - 3] for _, s, e in tokens] == ["稅收優惠", "和", "产学研合作"]


def test_the_dictionary_cache_lives_in_the_user_cache_dir() -> None:
    chinese.segmenter(which="jieba")
    folder = chinese.cache_dir()
    assert folder is not None and (Path(folder) / "jieba.cache").exists()


def test_rjieba_is_used_when_installed_unless_jieba_is_asked_for(monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEW_CODER_SEGMENTER", "jieba")
    assert chinese.backend() == "jieba"
    monkeypatch.delenv("INTERVIEW_CODER_SEGMENTER")
    assert chinese.backend() == "rjieba"
