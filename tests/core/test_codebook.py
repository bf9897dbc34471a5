"""Codebook validation (every problem with its line) and lossless YAML round trips."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from interview_coder.core.codebook import validate_codebook
from interview_coder.errors import InputError
from interview_coder.io.codebook_yaml import (
    CodebookFileError,
    dump_codebook_yaml,
    load_codebook_yaml,
)

DATA = Path(__file__).parent.parent / "data" / "codebooks"
ROOT = Path(__file__).parents[2]


def test_every_problem_is_reported_with_its_line():
    path = DATA / "problems.yaml"
    with pytest.raises(CodebookFileError) as err:
        load_codebook_yaml(path)
    assert str(err.value).splitlines() == [
        f"{path}:6: duplicate id 'f1' (first on line 3)",
        f"{path}:9: factor 'f2': driver must be internal or external, not 'sideways'",
        f"{path}:18: code 'c2': unknown factor 'nope'",
        f"{path}:26: code 'c4': colour '#12345' is not #RRGGBB",
        f"{path}:32: duplicate id 'c1' (first on line 13)",
    ]


def test_warnings_do_not_stop_a_load(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(
        "factors:\n  - {id: f, name: F, driver: external}\ncodes:\n"
        "  - {id: a, name: A, factor: f, keywords: {en: [risk]}}\n"
        "  - {id: b, name: B, factor: f, keywords: {en: [Risk]}}\n"
        "  - {id: c, name: C, factor: f}\n", encoding="utf-8")
    book, warnings = load_codebook_yaml(path)
    assert [c.id for c in book.codes] == ["a", "b", "c"]
    assert [(w.line, w.message) for w in warnings] == [
        (6, "code 'c' has no keywords: it can be coded by hand only"),
        (5, "keyword 'Risk' is under both 'a' and 'b': a hit counts for both"),
    ]


def test_yaml_is_loaded_safely(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text("factors: !!python/object/apply:os.system ['echo pwned']\n", encoding="utf-8")
    with pytest.raises(InputError, match="not valid YAML"):
        load_codebook_yaml(path)


@pytest.mark.parametrize("name", ["sim.yaml", "policy_synergy.yaml"])
def test_bundled_codebooks_load_and_round_trip(name, tmp_path):
    book, warnings = load_codebook_yaml(ROOT / "codebooks" / name)
    assert not [w for w in warnings if "under both" in w.message]
    out = tmp_path / "again.yaml"
    out.write_text(dump_codebook_yaml(book), encoding="utf-8")
    assert load_codebook_yaml(out)[0] == book


def test_sim_codebook_has_the_seed_constructs():
    book, _ = load_codebook_yaml(ROOT / "codebooks" / "sim.yaml")
    drivers = {f.id: f.driver.value for f in book.factors}
    assert drivers["entrepreneurial_orientation"] == "internal"
    assert drivers["innovation_capability"] == "internal"
    assert drivers["government_policy"] == "external"
    assert drivers["market_demand_competition"] == "external"
    codes = {c.id for c in book.codes}
    assert {"risk_taking", "tax_incentives", "ip_transaction_platform", "equity_incentives"} <= codes
    per_code = [len(c.keywords.get(lang, ())) for c in book.codes for lang in ("en", "zh")]
    assert sum(per_code) / len(per_code) >= 8


words = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                         max_size=12).filter(lambda w: w.strip() == w and " " not in w and w), max_size=4, unique=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["internal", "external"]), st.text(max_size=20)), min_size=1, max_size=3),
       st.lists(st.tuples(words, words, st.text(max_size=30)), max_size=5))
def test_yaml_round_trip_property(factors, codes):
    data = {
        "factors": [{"id": f"f{i}", "name": f"F{i}", "name_zh": name.strip(), "driver": d} for i, (d, name) in enumerate(factors)],
        "codes": [{"id": f"c{i}", "name": f"C{i}", "factor": "f0", "description": desc.strip(),
                   "keywords": {"en": [f"{w}{i}" for w in en], "zh": [f"{w}{i}" for w in zh]}}
                  for i, (en, zh, desc) in enumerate(codes)],
    }
    book, _ = validate_codebook(data)
    import yaml

    again, _ = validate_codebook(yaml.safe_load(dump_codebook_yaml(book)))
    assert again == book
