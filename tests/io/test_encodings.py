"""UTF-8 (with and without BOM), UTF-16, GB18030 and Big5 all import to the same text."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.errors import InputError
from interview_coder.io.transcripts import ImportOptions, read_transcripts

DATA = Path(__file__).parent.parent / "data" / "import"


@pytest.mark.parametrize(("name", "encoding"), [
    ("zh_fullwidth.txt", "utf-8"), ("zh_gb18030.txt", "gb18030"), ("zh_utf16.txt", "utf-16"),
    ("zh_utf8_bom.txt", "utf-8-sig")])
def test_detected_encodings_give_identical_passages(name, encoding):
    parsed = read_transcripts(DATA / name, ImportOptions())
    assert parsed.encoding == encoding
    reference = read_transcripts(DATA / "zh_fullwidth.txt", ImportOptions()).transcripts[0]
    t = parsed.transcripts[0]
    assert [p.text for p in t.passages] == [p.text for p in reference.passages]
    assert "\r" not in t.text


def test_big5_traditional_file():
    parsed = read_transcripts(DATA / "zh_big5.txt", ImportOptions())
    assert parsed.encoding == "big5"
    t = parsed.transcripts[0]
    assert [p.role.value for p in t.passages] == ["interviewer", "respondent", "interviewer", "respondent"]
    assert t.passages[1].text == "我們提供稅收優惠和研發補貼，還有人才引進政策。"


def test_encoding_override():
    parsed = read_transcripts(DATA / "zh_gb18030.txt", ImportOptions(encoding="gbk"))
    assert parsed.encoding == "gbk"
    with pytest.raises(InputError, match="cannot decode as utf-8"):
        read_transcripts(DATA / "zh_gb18030.txt", ImportOptions(encoding="utf-8"))


def test_nfc_normalisation():
    from interview_coder.io.transcripts.plain import parse_plain
    from interview_coder.text.normalize import normalize

    decomposed = "R1: cafe\u0301 culture.\n\nR1: More.\n"
    t = parse_plain(normalize(decomposed), DATA / "x.txt", "x", ImportOptions())
    assert t.passages[0].text == "caf\u00e9 culture."
