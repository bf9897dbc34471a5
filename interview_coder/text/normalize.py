"""NFC normalisation and the offset conventions every other layer relies on.

All offsets in interview-coder are Unicode code points into NFC-normalised text with ``\\n`` line
endings. Text is normalised once, on import; nothing later changes it.
"""

from __future__ import annotations

import re
import unicodedata

from interview_coder.core.words import CJK_RE, count_words

__all__ = ["CJK_RE", "count_words", "detect_language", "normalize"]

_SURROGATE = re.compile("[\ud800-\udfff]")
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
