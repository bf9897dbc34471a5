"""Stop words come from spaCy's maintained lists, not a hand-typed handful."""

from __future__ import annotations

from interview_coder.text.stopwords import stop_words


def test_english_and_chinese_lists_are_spacys() -> None:
    en, zh = stop_words("en"), stop_words("zh")
    assert len(en) > 300 and {"the", "and", "we", "because"} <= en
    assert len(zh) > 700 and {"的", "我们", "因为"} <= zh
    assert "innovation" not in en and "创新" not in zh
