"""Chinese tokens for matching: jieba, with the codebook's keywords added to its dictionary, run
on a simplified form of the text (traditional characters are matched, never rewritten).

jieba's dictionary is loaded once per process and its cache lives in the user cache directory
(``platformdirs.user_cache_dir('interview-coder')``), so a second run starts fast. Each set of
added words gets its own copy of the dictionary, so one codebook's words never leak into another's.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import Any

Token = tuple[str, int, int]
"""(simplified word, start, end): start and end are code points into the text given."""

UserWord = tuple[str, int | None]
"""A word to keep whole, with an optional jieba frequency (None: just enough to keep it whole)."""

_base: Any = None
_segmenters: dict[frozenset[UserWord], Any] = {}
_SEGMENTERS_KEPT = 4
_t2s: dict[int, str] | None = None
_opencc: Any = None


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


def segmenter(words: Iterable[UserWord] = ()) -> Any:
    """A jieba tokenizer that keeps ``words`` whole (cached per word set)."""
    key = frozenset(words)
    found = _segmenters.get(key)
    if found is not None:
        return found
    base = _base_tokenizer()
    if not key:
        return base
    import jieba

    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = base.tmp_dir
    tokenizer.FREQ = dict(base.FREQ)  # a private copy: add_word changes the dictionary in place
    tokenizer.total = base.total
    tokenizer.initialized = True
    for word, freq in sorted(key, key=lambda w: w[0]):
        tokenizer.add_word(word, freq)
    if len(_segmenters) >= _SEGMENTERS_KEPT:
        _segmenters.pop(next(iter(_segmenters)))
    _segmenters[key] = tokenizer
    return tokenizer


def _load_t2s() -> dict[int, str]:
    global _t2s, _opencc
    if _t2s is None:
        import opencc

        _opencc = opencc.OpenCC("t2s")
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
    """Simplified characters for matching, with the same length as ``text`` (offsets stay valid).

    Character by character (a fast table), or OpenCC's phrase-aware conversion when it keeps the
    length; text without traditional characters comes back unchanged.
    """
    table = _load_t2s()
    fast = text.translate(table)
    if fast == text:
        return text
    full = _opencc.convert(text)
    return full if len(full) == len(text) else fast


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


def bare_tokenize(text: str) -> int:
    """The bare ``jieba.lcut`` on the default dictionary: the benchmark's reference."""
    return len(_base_tokenizer().lcut(text))
