"""English tokens: lookup lemmas on the lower-cased form, offsets into the text."""

from __future__ import annotations

from interview_coder.text import english


def test_lemmas_are_looked_up_lower_case() -> None:
    assert [english.lemma(w) for w in ["Suppliers", "risks", "Universities", "training", "hired"]] == [
        "supplier", "risk", "university", "train", "hire"]


def test_corrections_fix_the_lookup_tables_wrong_guesses() -> None:
    assert english.lemma("taxes") == "tax"
    assert english.lemma("fundings") == english.lemma("funding") == "fund"
    assert english.lemma("taxi") == "taxi" and english.lemma("taxis") == "taxi"


def test_tokens_carry_offsets_and_skip_whitespace() -> None:
    text = "Tax  incentives,\nR&D."
    tokens = english.tokens(text, offset=10)
    assert [(t[0], text[t[1] - 10:t[2] - 10]) for t in tokens] == [
        ("tax", "Tax"), ("incentive", "incentives"), (",", ","), ("r&d", "R&D"), (".", ".")]
