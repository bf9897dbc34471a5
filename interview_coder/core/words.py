"""What a word is, for counts per 1,000 words: each CJK character is one, each Latin/digit run is one."""

from __future__ import annotations

import re

CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
_NON_CJK_WORD_RE = re.compile(r"[^\W\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]+")


def count_words(text: str) -> int:
    """Words as readers count them: each CJK character is one, each Latin/digit run is one."""
    return len(CJK_RE.findall(text)) + len(_NON_CJK_WORD_RE.findall(text))
