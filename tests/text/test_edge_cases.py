"""Text edge cases do not break offsets or counts: NFD input, zero-width characters, emoji,
right-to-left marks, lone surrogates and NUL bytes, through import, the store, coding and check."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.core.model import Keyword, Role
from interview_coder.core.words import count_words
from interview_coder.errors import InputError
from interview_coder.io.transcripts import ImportOptions, read_transcripts
from interview_coder.store.check import check
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project
from interview_coder.store.transcripts import save_transcript
from interview_coder.text.normalize import normalize

ZWSP, ZWJ, RLM, LRM, BOM = "\u200b", "\u200d", "\u200f", "\u200e", "\ufeff"
FAMILY = "\U0001F468" + ZWJ + "\U0001F469" + ZWJ + "\U0001F467"  # one glyph, five code points

# (respondent answer as written, the answer as stored (NFC), respondent words counted by hand)
CASES = {
    "NFD accents": ("Cafe\u0301 owners ask for re\u0301sume\u0301s.", "Café owners ask for résumés.", 5),
    "NFD Hangul": ("\u1100\u1161\u11a8 customers", "\uac01 customers", 2),
    "zero-width space and joiner": (f"customers{ZWSP}talent and R{ZWJ}D", f"customers{ZWSP}talent and R{ZWJ}D", 5),
    "zero-width inside Chinese": (f"客户{ZWSP}需求", f"客户{ZWSP}需求", 4),
    "BOM in the middle": (f"Customers{BOM} matter.", f"Customers{BOM} matter.", 2),
    "emoji": (f"Customers 👍 and {FAMILY} talent 🇨🇳", f"Customers 👍 and {FAMILY} talent 🇨🇳", 3),
    "right-to-left marks": (f"{RLM}שלום{RLM} customers {LRM}ok", f"{RLM}שלום{RLM} customers {LRM}ok", 3),
    "supplementary CJK": ("𠀀𠀁 客户", "𠀀𠀁 客户", 4),
}


def answer_passage(project: Project, tid: int) -> tuple[int, str, int]:
    row = project.conn.execute("SELECT id, text, words FROM passages WHERE transcript_id = ? AND role = 'respondent'",
                               (tid,)).fetchone()
    return int(row[0]), str(row[1]), int(row[2])


@pytest.mark.parametrize("case", list(CASES))
def test_edge_case_text_keeps_offsets_and_counts(tmp_path: Path, case: str) -> None:
    written, stored, words = CASES[case]
    path = tmp_path / "t.txt"
    path.write_text(f"---\nrespondent: E1\n---\n\nInterviewer: Why?\n\nE1: {written}\n", "utf-8")
    t = read_transcripts(path, ImportOptions()).transcripts[0]
    assert [p.role for p in t.passages] == [Role.INTERVIEWER, Role.RESPONDENT]
    assert t.passages[1].text == stored
    assert all(t.text[p.start:p.end] == p.text for p in t.passages)
    assert count_words(stored) == words
    with Project.open(tmp_path / "p.db", create=True) as project:
        from interview_coder.core.codebook import validate_codebook
        from interview_coder.store.codebook import save_codebook

        book, _ = validate_codebook({"factors": [{"id": "m", "name": "M", "driver": "external"}],
                                     "codes": [{"id": "c", "name": "C", "factor": "m"}]})
        with project.transaction():
            save_codebook(project, book)
            tid = save_transcript(project, t, "plain", "utf-8").transcript_id
        pid, text, stored_words = answer_passage(project, tid)
        assert (text, stored_words) == (stored, words)
        # a span on every code point boundary slices exactly what Python slices
        for start in range(len(text)):
            end = min(len(text), start + 3)
            cid = apply_code(project, pid, "c", "ana", start, end)
            got = project.conn.execute("SELECT text FROM codings WHERE id = ?", (cid,)).fetchone()[0]
            assert got == text[start:end]
        assert check(project) == []


def test_nfd_and_nfc_files_give_the_same_transcript(tmp_path: Path) -> None:
    head = "---\nrespondent: E1\n---\n\nInterviewer: Where?\n\n"
    (tmp_path / "nfc.txt").write_text(head + "E1: Café in Zürich.\n", "utf-8")
    (tmp_path / "nfd.txt").write_text(head + "E1: Cafe\u0301 in Zu\u0308rich.\n", "utf-8")
    a = read_transcripts(tmp_path / "nfc.txt", ImportOptions()).transcripts[0]
    b = read_transcripts(tmp_path / "nfd.txt", ImportOptions()).transcripts[0]
    assert a.text == b.text and [(p.start, p.end) for p in a.passages] == [(p.start, p.end) for p in b.passages]
    assert a.passages[1].text == "Café in Zürich." and len(a.passages[1].text) == 15


def test_lone_surrogates_become_replacement_characters() -> None:
    assert normalize("a\ud800b\udfffc") == "a\ufffdb\ufffdc"
    assert normalize(normalize("x\ud83dy")) == "x\ufffdy"


def test_lone_surrogate_in_utf16_file_is_an_error_naming_the_line(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes("E1: hello\n\nE1: ".encode("utf-16") + b"\x00\xd8" + "x\n".encode("utf-16-le"))
    with pytest.raises(InputError) as err:
        read_transcripts(path, ImportOptions())
    assert err.value.path == str(path)


def test_encoded_surrogate_in_utf8_never_reaches_the_store(tmp_path: Path) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(b"---\nrespondent: E1\n---\n\nInterviewer: Why?\n\nE1: customers \xed\xa0\x80 talent\n")  # a surrogate encoded as UTF-8 is invalid UTF-8
    try:
        t = read_transcripts(path, ImportOptions()).transcripts[0]
    except InputError as err:
        assert err.path == str(path)
        return
    assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in t.text)
    with Project.open(tmp_path / "p.db", create=True) as project:
        with project.transaction():
            save_transcript(project, t, "plain", "utf-8")
        assert check(project) == []


@pytest.mark.parametrize("data", [b"E1: hello\x00world\n", b"E1: ok\n\nE1: \x00\n", "E1: 你好\x00\n".encode("gb18030")])
def test_nul_bytes_are_refused_with_the_line(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "t.txt"
    path.write_bytes(data)
    with pytest.raises(InputError, match="NUL") as err:
        read_transcripts(path, ImportOptions())
    assert err.value.path == str(path)
    assert err.value.line == data[: data.index(b"\x00")].count(b"\n") + 1


def test_keyword_hits_slice_their_text_around_invisible_characters() -> None:
    from interview_coder.text.match import compile_codebook, find_hits

    compiled = compile_codebook([Keyword("c", "en", "customer"), Keyword("t", "en", "talent"),
                                 Keyword("k", "zh", "客户")])
    text = f"{RLM}Customers{ZWSP} and 👍 talent. {FAMILY} 客户{ZWSP}需求"
    hits = find_hits(text, compiled)
    assert sorted(text[h.start:h.end] for h in hits) == ["Customers", "talent", "客户"]
    assert all(0 <= h.start < h.end <= len(text) for h in hits)
