"""The one keyword matcher: a passage's text and a compiled codebook in, keyword hits out.

A passage without Han characters is tokenized by spaCy (English); a passage with them goes to
jieba, except its Latin-script runs, which go to spaCy: a mixed passage is matched with both.
Keywords are tokenized the same way, so a keyword matches a run of whole tokens: "tax" never
matches inside "taxi", and 大学 never inside 大学生 when jieba makes that one word. English tokens
compare as lower-case lemmas, Chinese tokens in simplified form. A one-word Chinese keyword is
also looked for inside longer jieba words (清华大学, 申请专利) and decided by
``chinese.counts_inside``. The rules that pick hits among the occurrences (excludes, longest
match) live in ``core.counting.resolve_hits``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from interview_coder.core.counting import Candidate, ExcludeSpan, resolve_hits
from interview_coder.core.model import Keyword
from interview_coder.text import chinese, english
from interview_coder.text.normalize import CJK_RE
from interview_coder.text.stopwords import stop_words

Token = tuple[str, int, int]
"""(normalised form, start, end) with code-point offsets into the passage text."""

# Latin-script runs inside Chinese text ("R&D", "tax incentives", "ISO 9001") go to spaCy.
_L = "A-Za-z0-9\u00c0-\u024f"
LATIN_RUN = re.compile(f"[{_L}](?:[{_L}'’&\\-./+ ]*[{_L}])?")
_WORDLIKE = re.compile(f"[{_L}\u3400-\u4dbf\u4e00-\u9fff]")
_HAN_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


@dataclass(frozen=True)
class Hit:
    """One keyword hit: ``keyword`` of ``code`` at ``start:end`` (code points into the passage text)."""

    code: str
    keyword: str
    start: int
    end: int


@dataclass
class CompiledCodebook:
    """Keywords as token sequences, ready for matching. Build with :func:`compile_codebook`."""

    includes: dict[tuple[str, ...], list[tuple[str, str]]] = field(default_factory=dict)
    """token sequence -> (code, keyword) pairs, one per code, in codebook order."""
    excludes: dict[tuple[str, ...], list[str | None]] = field(default_factory=dict)
    """token sequence -> codes it suppresses (None: every code, a project-wide excluded word)."""
    lengths: dict[str, list[int]] = field(default_factory=dict)
    """first token -> the lengths (in tokens) of the sequences starting with it."""
    inside: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    """one-word Chinese keyword (two characters or more) -> (code, keyword) pairs: looked for inside longer words."""
    inside_sizes: tuple[int, ...] = ()
    """the lengths (in characters) of the ``inside`` keywords, shortest first."""
    zh_words: frozenset[chinese.UserWord] = frozenset()
    """words jieba keeps whole: codebook keywords, excluded words, synonyms, the user dictionary."""
    _segmenter: Any = None

    @property
    def segmenter(self) -> Any:
        if self._segmenter is None:
            self._segmenter = chinese.segmenter(self.zh_words)
        return self._segmenter

    def known_forms(self, extra: Iterable[str] = ()) -> set[str]:
        """Display forms (see :func:`display_form`) of every keyword, exclude phrase and ``extra`` word."""
        forms = {display_form(seq) for seq in (*self.includes, *self.excludes)}
        forms |= {display_form(tuple(t[0] for t in tokenize(w, self))) for w in extra}
        return forms


def display_form(seq: tuple[str, ...]) -> str:
    """Chinese words join without spaces, anything else with one space."""
    return "".join(seq) if all(_HAN_ONLY.match(t) for t in seq) else " ".join(seq)


def _han_runs(word: str) -> list[str]:
    return [m.group() for m in re.finditer(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{2,}", word)]


def compile_codebook(keywords: Iterable[Keyword], excluded_words: Iterable[str] = (),
                     merges: Mapping[str, str] | None = None,
                     user_words: Iterable[chinese.UserWord] = ()) -> CompiledCodebook:
    """Compile include keywords and exclude phrases (per code), project-wide excluded words, and
    merged synonyms: a word merged into a keyword of code C, and not a keyword itself, is matched
    as a keyword of C (stored under its own spelling, reported under the target)."""
    keywords = list(keywords)
    excluded_words = list(excluded_words)
    merges = dict(merges or {})
    includes = [(k.code, k.text) for k in keywords if not k.exclude]
    own = {text.casefold() for _, text in includes}
    codes_of: dict[str, list[str]] = {}
    for code, text in includes:
        codes_of.setdefault(text.casefold(), []).append(code)
    for source, target in merges.items():
        if source.casefold() not in own:
            includes += [(code, source) for code in codes_of.get(target.casefold(), [])]
    exclude_phrases: list[tuple[str | None, str]] = [(k.code, k.text) for k in keywords if k.exclude]
    exclude_phrases += [(None, w) for w in excluded_words]

    words: dict[str, int | None] = {w: f for w, f in user_words}
    for _, text in (*includes, *exclude_phrases):
        for run in _han_runs(chinese.to_simplified(text) if CJK_RE.search(text) else ""):
            words.setdefault(run, None)
    compiled = CompiledCodebook(zh_words=frozenset(words.items()))
    for code, text in includes:
        seq = tuple(t[0] for t in tokenize(text, compiled))
        pairs = compiled.includes.setdefault(seq, []) if seq else []
        if seq and all(c != code for c, _ in pairs):
            pairs.append((code, text))
    for maybe_code, text in exclude_phrases:
        seq = tuple(t[0] for t in tokenize(text, compiled))
        if seq:
            compiled.excludes.setdefault(seq, []).append(maybe_code)
    for seq, pairs in compiled.includes.items():
        if len(seq) == 1 and len(seq[0]) >= 2 and _HAN_ONLY.match(seq[0]):
            compiled.inside[seq[0]] = pairs
    compiled.inside_sizes = tuple(sorted({len(w) for w in compiled.inside}))
    for seq in (*compiled.includes, *compiled.excludes):
        lengths = compiled.lengths.setdefault(seq[0], [])
        if len(seq) not in lengths:
            lengths.append(len(seq))
    return compiled


def tokenize(text: str, compiled: CompiledCodebook | None = None) -> list[Token]:
    """The tokens keywords are matched against, in text order."""
    if not CJK_RE.search(text):
        return english.tokens(text)
    seg = compiled.segmenter if compiled is not None else chinese.segmenter()
    out: list[Token] = []
    pos = 0
    for m in LATIN_RUN.finditer(text):
        if m.start() > pos:
            out += chinese.tokens(text[pos:m.start()], seg, pos)
        out += english.tokens(m.group(), m.start())
        pos = m.end()
    if pos < len(text):
        out += chinese.tokens(text[pos:], seg, pos)
    return out


@dataclass(frozen=True)
class Inside:
    """A one-word keyword found inside a longer jieba word, with the compound rule's decision."""

    word: str
    """the containing word, simplified"""
    keyword: str
    code: str
    start: int
    """where the keyword sits in the passage text (code points)"""
    end: int
    counts: bool
    """what ``chinese.counts_inside`` decided"""


def inside_words(tokens: list[Token], compiled: CompiledCodebook) -> list[Inside]:
    """Every one-word Chinese keyword inside a longer token that the codebook does not name itself
    (a word that is a keyword or an exclude phrase is decided by the codebook), in text order."""
    sizes = compiled.inside_sizes
    if not sizes:
        return []
    inside, includes, excludes = compiled.inside, compiled.includes, compiled.excludes
    smallest = sizes[0]
    out: list[Inside] = []
    for norm, start, _end in tokens:
        n = len(norm)
        if n <= smallest or (norm,) in includes or (norm,) in excludes or not _HAN_ONLY.match(norm):
            continue
        for size in sizes:
            if size >= n:
                break
            for at in range(n - size + 1):
                pairs = inside.get(norm[at:at + size])
                if pairs:
                    counts = chinese.counts_inside(norm, norm[at:at + size], at)
                    out += [Inside(norm, keyword, code, start + at, start + at + size, counts)
                            for code, keyword in pairs]
    return out


def find_hits(text: str, compiled: CompiledCodebook) -> list[Hit]:
    """Every keyword hit in one passage's text, in text order (see core.counting.resolve_hits)."""
    tokens = tokenize(text, compiled)
    norms = [t[0] for t in tokens]
    lengths, includes, excludes = compiled.lengths, compiled.includes, compiled.excludes
    candidates: list[Candidate] = []
    spans: list[ExcludeSpan] = []
    n = len(norms)
    for i in [i for i, norm in enumerate(norms) if norm in lengths]:
        norm = norms[i]
        for size in lengths[norm]:
            if i + size > n:
                continue
            seq = (norm,) if size == 1 else tuple(norms[i:i + size])
            start, end = tokens[i][1], tokens[i + size - 1][2]
            for code, keyword in includes.get(seq, ()):
                candidates.append(Candidate(start, end, code, keyword))
            for maybe_code in excludes.get(seq, ()):
                spans.append(ExcludeSpan(start, end, maybe_code))
    if compiled.inside_sizes and CJK_RE.search(text):
        inside = [Candidate(h.start, h.end, h.code, h.keyword) for h in inside_words(tokens, compiled) if h.counts]
        if inside:
            candidates = sorted(candidates + inside)
    if not candidates:
        return []
    if not spans and _disjoint(candidates):
        # The common case: nothing to suppress and no overlaps, so every candidate is a hit
        # (compile_codebook keeps one keyword per code and token sequence).
        return [Hit(c.code, c.keyword, c.start, c.end) for c in sorted(candidates)]
    return [Hit(c.code, c.keyword, c.start, c.end) for c in resolve_hits(candidates, spans)]


def _disjoint(candidates: list[Candidate]) -> bool:
    """True when no two different stretches overlap (candidates arrive ordered by start)."""
    last_start, last_end = -1, -1
    for c in candidates:
        if (c.start, c.end) == (last_start, last_end):
            continue
        if c.start < last_end:
            return False
        last_start, last_end = c.start, c.end
    return True


# Numerals and counted quantities ("三个", "十名", "第一", "另一类", "百分之十五"): never candidates.
_ZH_DIGITS = "零〇一二三四五六七八九十百千万亿两几半数"
_ZH_NUMERAL = re.compile(f"^(?:[第另每]|百分之)?[{_ZH_DIGITS}]+(?:百分之[{_ZH_DIGITS}]+)?"
                         "[个名家年月日天次位种项条点多只件台套倍批期届号岁成元块类所份轮代]?$")
_EN_NUMERALS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred thousand "
    "million billion first second third fourth fifth sixth seventh eighth ninth tenth half dozen "
    "percent".split())


class Term(NamedTuple):
    """One occurrence of a content word or two-word phrase (see :func:`candidate_terms`)."""

    form: str
    surface: str
    lang: str
    words: int
    """1 for a word, 2 for a phrase"""


def candidate_terms(text: str, compiled: CompiledCodebook,
                    skip: Iterable[tuple[int, int]] = ()) -> list[Term]:
    """Content words and two-word phrases of a passage, one per occurrence.

    ``form`` is what keywords are compared with (see :func:`display_form`); ``surface`` is the text
    as written, lower case. Content word: has a letter or Han character, is not a stop word (spaCy's
    lists) or a numeral (三个, 第一, "twenty"), and is at least 3 letters (English) or 2 characters
    (Chinese). A phrase is two adjacent content words of the same language. A word inside a
    ``skip`` span (a keyword hit) is not a candidate and breaks phrases.
    """
    en_stop, zh_stop = stop_words("en"), stop_words("zh")
    spans = sorted(skip)
    out: list[Term] = []
    previous: tuple[str, int, str] | None = None
    at = 0
    for norm, start, end in tokenize(text, compiled):
        while at < len(spans) and spans[at][1] <= start:
            at += 1
        if at < len(spans) and spans[at][0] < end:
            previous = None
            continue
        zh = bool(_HAN_ONLY.match(norm))
        surface = norm if zh else text[start:end].lower()
        content = (zh and len(norm) >= 2 and norm not in zh_stop and not _ZH_NUMERAL.match(norm)) or (
            not zh and len(norm) >= 3 and norm not in en_stop and surface not in en_stop
            and bool(_WORDLIKE.search(norm)) and not norm.isdigit() and norm not in _EN_NUMERALS)
        if not content:
            previous = None
            continue
        lang = "zh" if zh else "en"
        out.append(Term(norm, surface, lang, 1))
        if previous is not None and previous[2] == lang:
            pair = (previous[0], norm)
            both = norm if zh else " ".join(text[previous[1]:end].lower().split())
            out.append(Term(display_form(pair), previous[0] + both if zh else both, lang, 2))
        previous = (norm, start, lang)
    return out


def feature_words(text: str, compiled: CompiledCodebook) -> list[str]:
    """The words a passage is compared by (learned coding, similar passages): English lemmas and
    jieba words (codebook keywords kept whole), without punctuation, numbers or stop words."""
    en_stop, zh_stop = stop_words("en"), stop_words("zh")
    out: list[str] = []
    for norm, _start, _end in tokenize(text, compiled):
        if not _WORDLIKE.search(norm) or norm.isdigit() or norm in en_stop or norm in zh_stop:
            continue
        out.append(norm)
    return out
