"""Sentences and clauses in English and Chinese (text.segments), counted by hand."""

from __future__ import annotations

from interview_coder.text.segments import segment_at, segments, widen


def parts(text: str, unit: str = "sentence") -> list[str]:
    return [text[s:e] for s, e in segments(text, unit)]  # type: ignore[arg-type]


def test_english_sentences() -> None:
    text = "Customers push us. Is it 3.5 times? Yes! Prices rise; costs, too."
    assert parts(text) == ["Customers push us.", "Is it 3.5 times?", "Yes!", "Prices rise; costs, too."]


def test_english_clauses() -> None:
    text = "Prices rise; costs, too. We sold 1,000 units, mostly abroad."
    assert parts(text, "clause") == ["Prices rise;", "costs,", "too.", "We sold 1,000 units,", "mostly abroad."]


def test_chinese_sentences_keep_closing_quotes() -> None:
    text = "他说：“我们要创新。”然后走了！专利重要吗？"
    assert parts(text) == ["他说：“我们要创新。”", "然后走了！", "专利重要吗？"]


def test_chinese_clauses() -> None:
    text = "我们和高校合作，也和供应商、客户合作；效果很好。"
    assert parts(text, "clause") == ["我们和高校合作，", "也和供应商、", "客户合作；", "效果很好。"]


def test_mixed_and_trailing_text() -> None:
    text = "  We use AI.我们用人工智能。 And no end"
    assert parts(text) == ["We use AI.", "我们用人工智能。", "And no end"]
    assert parts("   ") == []


def test_segments_cover_every_non_space_character() -> None:
    text = "A b. C, d; e! 中文，句子。（括号）？ end"
    for unit in ("sentence", "clause"):
        joined = "".join(text[s:e] for s, e in segments(text, unit))  # type: ignore[arg-type]
        assert joined.replace(" ", "") == text.replace(" ", "")


def test_segment_at_and_widen() -> None:
    text = "One two. Three four. Five."
    assert segment_at(text, 11) == (9, 20)
    assert segment_at(text, 8) == (9, 20)  # on the space: the next sentence
    assert widen(text, 5, 12, "sentence") == (0, 20)
    zh = "我们重视专利，也重视人才。"
    at = zh.index("专利")
    assert widen(zh, at, at + 2, "clause") == (0, 7)
    assert widen(zh, at, at + 2, "sentence") == (0, len(zh))
