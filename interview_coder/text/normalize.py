"""NFC normalisation and the offset conventions every other layer relies on.

All offsets in interview-coder are Unicode code points into NFC-normalised text with ``\\n`` line
endings. Text is normalised once, on import; nothing later changes it.
"""

from __future__ import annotations

import re
import unicodedata

_SURROGATE = re.compile("[\ud800-\udfff]")
CJK_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff]")
LATIN_WORD_RE = re.compile(r"[A-Za-z]{2,}")


def normalize(text: str) -> str:
    """Line endings to ``\\n``, lone surrogates to U+FFFD, then NFC. Idempotent."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _SURROGATE.sub("\ufffd", text)
    return unicodedata.normalize("NFC", text)


def detect_language(text: str) -> str:
    """'zh', 'en' or 'mixed', from the share of CJK characters among letters."""
    cjk = len(CJK_RE.findall(text))
    latin = sum(len(w) for w in LATIN_WORD_RE.findall(text))
    if cjk == 0 and latin == 0:
        return "en"
    # A CJK character carries about as much as a four-letter English word.
    share = cjk / (cjk + latin / 4)
    if share > 0.8:
        return "zh"
    if share < 0.2:
        return "en"
    return "mixed"


def count_words(text: str) -> int:
    """Words as readers count them: each CJK character is one, each Latin/digit run is one."""
    return len(CJK_RE.findall(text)) + len(re.findall(r"[^\W\u3400-\u9fff\uf900-\ufaff]+", text))
