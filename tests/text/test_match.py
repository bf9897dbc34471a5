"""The keyword matcher on hand-counted sentences, and against a brute-force reference."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_coder.core.model import Keyword
from interview_coder.text import english
from interview_coder.text.match import Hit, candidate_terms, compile_codebook, find_hits, tokenize


def K(code: str, text: str, exclude: bool = False) -> Keyword:
    return Keyword(code, "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in text) else "en", text, exclude)


BOOK = [
    K("tax", "tax incentive"), K("tax", "tax"), K("uni", "university"), K("uni", "research institute"),
    K("sup", "supplier"), K("sup", "supply chain"), K("risk", "risk"), K("risk", "take risk"),
    K("risk", "risk-free", True), K("risk", "risk management", True), K("uni", "university student", True),
    K("talent", "talent"), K("talent", "talent subsidy", True), K("subsidy", "talent subsidy"),
    K("tax", "税收优惠"), K("uni", "大学"), K("uni", "产学研"), K("uni", "产学研合作"), K("risk", "风险"),
    K("risk", "风险投资", True), K("talent", "大学生"), K("sup", "供应商"),
]
COMPILED = compile_codebook(BOOK)


@pytest.fixture(params=["jieba", "rjieba"])
def zh_book(request, monkeypatch) -> object:
    """BOOK compiled with each implementation of jieba: both must give the README's hits."""
    monkeypatch.setenv("INTERVIEW_CODER_SEGMENTER", request.param)
    return compile_codebook(BOOK)


def found(text: str, compiled=COMPILED) -> list[tuple[str, str, str]]:
    """(code, keyword, matched text) for each hit."""
    return [(h.code, h.keyword, text[h.start:h.end]) for h in find_hits(text, compiled)]


def test_plurals_case_and_sentence_initial_capitals_match_by_lemma() -> None:
    text = "Suppliers and universities matter. SUPPLIERS, risks, Universities."
    assert found(text) == [("sup", "supplier", "Suppliers"), ("uni", "university", "universities"),
                           ("sup", "supplier", "SUPPLIERS"), ("risk", "risk", "risks"),
                           ("uni", "university", "Universities")]


def test_token_boundaries_tax_never_inside_taxi() -> None:
    assert found("The taxi driver paid taxes; taxation is another word.") == [("tax", "tax", "taxes")]


def test_phrases_and_longest_match_count_a_stretch_once() -> None:
    text = "Tax incentives helped; the tax office too. We take risks."
    assert found(text) == [("tax", "tax incentive", "Tax incentives"), ("tax", "tax", "tax"),
                           ("risk", "take risk", "take risks")]


def test_punctuation_breaks_a_phrase_but_a_line_break_does_not() -> None:
    assert found("tax, incentive") == [("tax", "tax", "tax")]
    assert found("tax\nincentives") == [("tax", "tax incentive", "tax\nincentives")]


def test_excludes_suppress_hits_inside_them_for_their_code_only() -> None:
    assert found("It was risk-free. Risk management matters. A risk remains.") == [("risk", "risk", "risk")]
    # talent's exclude hides "talent" but the longer keyword of another code wins the stretch
    assert found("A university student filled in the talent subsidy form.") == [
        ("subsidy", "talent subsidy", "talent subsidy")]


def test_excluded_words_suppress_every_code() -> None:
    compiled = compile_codebook(BOOK, excluded_words=["tax office"])
    assert found("The tax office and tax incentives.", compiled) == [
        ("tax", "tax incentive", "tax incentives")]


def test_chinese_words_stay_whole_and_never_match_inside_a_longer_word(zh_book) -> None:
    text = "我们和大学合作，大学生很多。税收优惠和产学研合作很重要。"
    assert found(text, zh_book) == [("uni", "大学", "大学"), ("talent", "大学生", "大学生"), ("tax", "税收优惠", "税收优惠"),
                           ("uni", "产学研合作", "产学研合作")]


def test_traditional_characters_match_and_offsets_point_at_the_original(zh_book) -> None:
    text = "這家企業的供應商很多，稅收優惠也有。風險投資不算，有風險。"
    assert found(text, zh_book) == [("sup", "供应商", "供應商"), ("tax", "税收优惠", "稅收優惠"), ("risk", "风险", "風險")]


def test_mixed_passages_are_matched_with_both_languages(zh_book) -> None:
    text = "我们的supply chain很长，Universities和教授也参与了tax incentives的评估，风险不大。"
    assert found(text, zh_book) == [("sup", "supply chain", "supply chain"), ("uni", "university", "Universities"),
                           ("tax", "tax incentive", "tax incentives"), ("risk", "风险", "风险")]


def test_a_keyword_under_two_codes_counts_for_both() -> None:
    compiled = compile_codebook([K("a", "bank"), K("b", "bank"), K("b", "banks")])
    assert found("Two banks.", compiled) == [("a", "bank", "banks"), ("b", "bank", "banks")]


def test_merged_synonyms_are_matched_as_keywords_of_the_target_codes() -> None:
    compiled = compile_codebook([K("subsidy", "subsidy")], merges={"grant": "subsidy", "补助": "subsidy"})
    assert found("Grants and a subsidy; 政府补助。", compiled) == [
        ("subsidy", "grant", "Grants"), ("subsidy", "subsidy", "subsidy"), ("subsidy", "补助", "补助")]


@pytest.mark.parametrize("which", ["jieba", "rjieba"])
def test_user_dictionary_words_stay_whole(which, monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEW_CODER_SEGMENTER", which)
    plain = compile_codebook([K("x", "创新")])
    kept = compile_codebook([K("x", "创新")], user_words=[("创新中心", None)])
    assert found("创新中心很重要", plain) == [("x", "创新", "创新")]
    # 创新中心 is one word now, and the compound rule does not count a keyword the word goes on past.
    assert found("创新中心很重要", kept) == []


def test_codebook_words_do_not_leak_into_another_codebooks_segmenter() -> None:
    compile_codebook([K("x", "很重要的大学")])
    assert [t[0] for t in tokenize("很重要的大学", compile_codebook([K("y", "大学")]))][-1] == "大学"


def test_candidate_terms_drop_stop_words_and_pair_adjacent_content_words() -> None:
    terms = [(form, lang) for form, _, lang, _ in
             candidate_terms("The local government gave us funding. 地方政府给了资金。", COMPILED)]
    assert ("local", "en") in terms and ("local government", "en") in terms
    assert ("the", "en") not in terms and ("us", "en") not in terms and ("give", "en") not in terms
    assert ("government fund", "en") not in terms  # "gave" (a stop word) stands between them
    assert ("地方", "zh") in terms and ("地方政府", "zh") in terms
    assert not any(t == "了" for t, _ in terms)


def test_candidate_terms_keep_the_written_form_next_to_the_lemma() -> None:
    assert candidate_terms("Local Governments", COMPILED) == [
        ("local", "local", "en", 1), ("government", "governments", "en", 1),
        ("local government", "local governments", "en", 2)]


# --- property: hits equal a brute-force reference on random token sequences --------------------

VOCAB = ["tax", "risk", "free", "chain", "supply", "office", "bank", "green", "policy", "fund"]
CODES = ["a", "b", "c"]


def reference_hits(words: list[str], includes: list[tuple[str, tuple[str, ...]]],
                   excludes: list[tuple[str | None, tuple[str, ...]]], text: str) -> list[Hit]:
    """Find every occurrence by comparing word lists, then apply the README's rules literally."""
    starts, pos = [], 0
    for word in words:
        at = text.index(word, pos)
        starts.append(at)
        pos = at + len(word)
    lower = [w.lower() for w in words]

    def occurrences(phrase: tuple[str, ...]) -> list[tuple[int, int]]:
        n = len(phrase)
        return [(starts[i], starts[i + n - 1] + len(words[i + n - 1]))
                for i in range(len(words) - n + 1) if tuple(lower[i:i + n]) == phrase]

    blocked = [(s, e, code) for code, phrase in excludes for s, e in occurrences(phrase)]
    candidates = []
    for code, phrase in includes:
        for s, e in occurrences(phrase):
            if not any(bs <= s and e <= be and (bc is None or bc == code) for bs, be, bc in blocked):
                candidates.append((s, e, code, " ".join(phrase)))
    chosen: list[tuple[int, int]] = []
    remaining = sorted({(s, e) for s, e, _, _ in candidates})
    while remaining:
        best = max(remaining, key=lambda se: (se[1] - se[0], -se[0]))
        chosen.append(best)
        remaining = [se for se in remaining if se[1] <= best[0] or se[0] >= best[1]]
    hits: dict[tuple[int, int, str], Hit] = {}
    for s, e, code, keyword in candidates:
        if (s, e) in chosen and (s, e, code) not in hits:
            hits[(s, e, code)] = Hit(code, keyword, s, e)
    return sorted(hits.values(), key=lambda h: (h.start, h.end, h.code))


phrases = st.lists(st.sampled_from(VOCAB), min_size=1, max_size=3).map(tuple)


@settings(max_examples=120, deadline=None)
@given(words=st.lists(st.tuples(st.sampled_from(VOCAB + [",", "."]), st.booleans()), max_size=30),
       includes=st.lists(st.tuples(st.sampled_from(CODES), phrases), min_size=1, max_size=8),
       excludes=st.lists(st.tuples(st.sampled_from(CODES + [None]), phrases), max_size=3))
def test_hits_equal_a_brute_force_reference(words, includes, excludes) -> None:
    assert all(english.lemma(w) == w for w in VOCAB)
    tokens = [w.capitalize() if upper else w for w, upper in words]
    text = " ".join(tokens)
    keywords = [K(code, " ".join(p)) for code, p in includes]
    keywords += [K(code, " ".join(p), exclude=True) for code, p in excludes if code is not None]
    compiled = compile_codebook(keywords, excluded_words=[" ".join(p) for code, p in excludes if code is None])
    got = sorted(find_hits(text, compiled), key=lambda h: (h.start, h.end, h.code))
    assert got == reference_hits(tokens, includes, excludes, text)
    bounds = {t[1] for t in tokenize(text)} | {t[2] for t in tokenize(text)}
    assert all(h.start in bounds and h.end in bounds for h in got)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("税收优惠大学生產學研合作風險 ,。abcTax")), max_size=40))
def test_tokens_slice_the_passage_text(text: str) -> None:
    for _norm, start, end in tokenize(text, COMPILED):
        assert 0 <= start < end <= len(text)
        assert text[start:end].strip() == text[start:end]
    for hit in find_hits(text, COMPILED):
        assert text[hit.start:hit.end]
