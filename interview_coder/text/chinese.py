"""Chinese tokens for matching: jieba's dictionary and algorithm, with the codebook's keywords
added so they stay whole, run on a simplified form of the text (traditional characters are
matched, never rewritten).

Two implementations of jieba give the same words (tests check the README's hits with both):
rjieba, its Rust port (about 10x faster, loads in 0.1 s), used when installed, and the reference
Python jieba, whose dictionary cache lives in the user cache directory
(``platformdirs.user_cache_dir('interview-coder')``). Set INTERVIEW_CODER_SEGMENTER=jieba or
=rjieba to choose. Each set of added words gets its own dictionary, so one codebook's words never
leak into another's.
"""

from __future__ import annotations

import importlib.util
import logging
import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

Token = tuple[str, int, int]
"""(simplified word, start, end): start and end are code points into the text given."""

UserWord = tuple[str, int | None]
"""A word to keep whole, with an optional jieba frequency (None: just enough to keep it whole)."""

_base: Any = None
_segmenters: dict[tuple[str, frozenset[UserWord]], Any] = {}
BACKEND_ENV = "INTERVIEW_CODER_SEGMENTER"
_SEGMENTERS_KEPT = 4
_t2s: dict[int, str] | None = None


def cache_dir() -> Path | None:
    """Where jieba's dictionary cache is kept (None if it cannot be created)."""
    import platformdirs

    path = Path(platformdirs.user_cache_dir("interview-coder"))
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    return path


def _base_tokenizer() -> Any:
    global _base
    if _base is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)  # no "Building prefix dict..." chatter on stderr
        tokenizer = jieba.Tokenizer()
        folder = cache_dir()
        if folder is not None:
            tokenizer.tmp_dir = str(folder)
        tokenizer.initialize()
        _base = tokenizer
    return _base


def backend() -> str:
    """'rjieba' when installed (or asked for in INTERVIEW_CODER_SEGMENTER), else 'jieba'."""
    chosen = os.environ.get(BACKEND_ENV, "").strip().lower()
    if chosen in ("jieba", "rjieba"):
        return chosen
    return "rjieba" if importlib.util.find_spec("rjieba") is not None else "jieba"


class _RJieba:
    """rjieba behind jieba's ``lcut``."""

    def __init__(self, words: frozenset[UserWord]):
        import rjieba

        self._jieba = rjieba.Jieba()
        for word, freq in sorted(words, key=lambda w: w[0]):
            self._jieba.add_word(word, freq, None)

    def lcut(self, text: str) -> list[str]:
        return list(self._jieba.cut(text, True))


def segmenter(words: Iterable[UserWord] = (), which: str | None = None) -> Any:
    """A segmenter (``.lcut(text) -> list[str]``) that keeps ``words`` whole; cached per word set."""
    which = which or backend()
    words = frozenset(words)
    key = (which, words)
    found = _segmenters.get(key)
    if found is not None:
        return found
    if which == "rjieba":
        found = _RJieba(words)
    elif not words:
        found = _base_tokenizer()
    else:
        import jieba

        base = _base_tokenizer()
        found = jieba.Tokenizer()
        found.tmp_dir = base.tmp_dir
        found.FREQ = dict(base.FREQ)  # a private copy: add_word changes the dictionary in place
        found.total = base.total
        found.initialized = True
        for word, freq in sorted(words, key=lambda w: w[0]):
            found.add_word(word, freq)
    if len(_segmenters) >= _SEGMENTERS_KEPT:
        _segmenters.pop(next(iter(_segmenters)))
    _segmenters[key] = found
    return found


def _load_t2s() -> dict[int, str]:
    global _t2s
    if _t2s is None:
        import opencc

        # OpenCC's traditional -> simplified character table; the first simplified form is used.
        # (Its phrase table can change a text's length, which would break offsets.)
        table: dict[int, str] = {}
        chars = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
        for line in chars.read_text(encoding="utf-8").splitlines():
            trad, _, simp = line.partition("\t")
            first = simp.split(" ")[0] if simp else ""
            if len(trad) == 1 and len(first) == 1 and trad != first:
                table[ord(trad)] = first
        _t2s = table
    return _t2s


def to_simplified(text: str) -> str:
    """Simplified characters for matching, character by character from OpenCC's table, so the
    result has the same length as ``text`` (offsets stay valid); 稅收優惠 -> 税收优惠."""
    return text.translate(_load_t2s())


def tokens(text: str, seg: Any, offset: int = 0) -> list[Token]:
    """jieba's words of ``text`` (matched on its simplified form); whitespace is left out."""
    out: list[Token] = []
    pos = offset
    for word in seg.lcut(to_simplified(text)):
        end = pos + len(word)
        if not word.isspace():
            out.append((word, pos, end))
        pos = end
    return out


def counts_inside(word: str, keyword: str, at: int) -> bool:
    """The compound rule: a keyword found at ``at`` inside a longer segmented word counts when it
    ends the word, because a Chinese compound names a kind of its last part (清华大学 is a 大学,
    申请专利 applies for a 专利); where the word goes on past the keyword it names something else
    (大学生 is a student, 专利局 an office), so it does not count. ``keywords compounds`` lists
    every such word, and ``keywords assign`` / ``keywords exclude`` overrule the rule per word."""
    return len(word) > len(keyword) and at + len(keyword) == len(word)


def bare_tokenize(text: str) -> int:
    """The bare ``jieba.lcut`` on the default dictionary: the benchmark's reference."""
    return len(_base_tokenizer().lcut(text))
