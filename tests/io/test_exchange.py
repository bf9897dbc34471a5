"""Exchange with other tools: each peer's offset unit (NVivo's UTF-16 units, checked on real NVivo 12
projects), emoji in exports, speaker labels in exported text, nothing private in any export."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from teamdata import BOOK, add_transcript, make_project, passage_id

from interview_coder.io.offsets import (
    Inserts,
    OffsetUnit,
    UnitIndex,
    choose_unit,
    raw_to_normalized,
)
from interview_coder.io.refi import SIDECAR, QdpxOptions, export_qdpx, import_qdpx
from interview_coder.io.transcripts import ImportOptions, read_transcripts
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project
from interview_coder.store.transcripts import save_transcript
from interview_coder.text.normalize import normalize

DATA = Path(__file__).resolve().parents[1] / "data"
PEERS = DATA / "peers"
NS = {"q": "urn:QDA-XML:project:1.0"}


# ---- the offset helpers, on hand-made text -----------------------------------------------------


def test_units_of_an_emoji_text_convert_both_ways() -> None:
    text = "a😀b€c"  # 😀 is 2 UTF-16 units and 4 UTF-8 bytes; € is 1 unit and 3 bytes
    utf16, utf8 = UnitIndex.of(text, OffsetUnit.UTF16), UnitIndex.of(text, OffsetUnit.UTF8)
    assert [utf16.to_units(i) for i in range(6)] == [0, 1, 3, 4, 5, 6]
    assert [utf8.to_units(i) for i in range(6)] == [0, 1, 5, 6, 9, 10]
    assert utf16.to_codepoint(3) == 2 and utf16.to_codepoint(2) is None  # inside the surrogate pair
    assert utf8.to_codepoint(9) == 4 and utf8.to_codepoint(7) is None
    assert utf16.to_codepoint(7) is None  # past the end


def test_crlf_map_points_into_the_normalised_text() -> None:
    raw = "ab\r\ncd\r\n"
    text, to_norm = raw_to_normalized(raw)
    assert text == "ab\ncd\n"
    assert [to_norm(i) for i in range(len(raw) + 1)] == [0, 1, 2, 2, 3, 4, 5, 5, 6]
    assert text[to_norm(raw.index("cd")):to_norm(raw.index("cd") + 2)] == "cd"


def test_inserts_shift_and_strip_are_inverse() -> None:
    text = "Hello there.\n\nGood day."
    labels = Inserts(((0, "Ann: "), (14, "Bo: ")))
    shown = labels.apply(text)
    assert shown == "Ann: Hello there.\n\nBo: Good day."
    shift = labels.shift()
    assert shown[shift(14):shift(18)] == "Good"
    stripped = labels.take_out(shown)
    assert stripped is not None and stripped[0] == text
    back = stripped[1]
    assert [back(shift(i)) for i in range(len(text) + 1)] == list(range(len(text) + 1))
    assert back(2) == 0  # inside "Ann: ": where the label stood
    assert labels.take_out("Ann: Hello there.\n\nGood day.") is None  # edited after export


def test_choose_unit_prefers_the_origin_unless_another_fits_clearly_better() -> None:
    text = "😀😀 one two three four five six seven eight nine ten"
    words = [(m, m + len(w)) for w, m in ((w, text.index(w)) for w in text.split()[1:])]
    as_utf16 = [(a + 2, b + 2, "") for a, b in words]  # each word, counted in UTF-16 units
    chosen = choose_unit([(text, as_utf16)], None)
    assert chosen.unit is OffsetUnit.UTF16 and chosen.unconfirmed == 0
    # code points also fit 4 of 10 by chance (a shift of two lands in a gap): not enough to win
    assert next(c for c in chosen.checks if c.unit is OffsetUnit.CODEPOINTS).fit < 10
    assert choose_unit([(text, as_utf16[:3])], OffsetUnit.CODEPOINTS).unit is OffsetUnit.CODEPOINTS
    # the text a selection names decides over word boundaries
    named = [(5, 8, "one")]  # "one" starts at code point 3, UTF-16 unit 5
    assert choose_unit([(text, named * 6)], None).unit is OffsetUnit.UTF16


# ---- real NVivo 12 projects (tests/data/peers/README.md) ---------------------------------------


def nvivo_selections(path: Path) -> tuple[int, list[str]]:
    """(selections x codings, each coded text) read as NVivo means it: UTF-16 units, independently."""
    with zipfile.ZipFile(path) as z:
        names = {n.lower(): n for n in z.namelist()}
        root = etree.fromstring(z.read("project.qde"))
        n, texts = 0, []
        for src in root.iterfind(".//q:TextSource", NS):
            member = names.get("sources/" + src.get("plainTextPath").removeprefix("internal://").lower())
            if member is None:
                continue
            units = z.read(member).decode("utf-8-sig").encode("utf-16-le")
            for sel in src.iterfind("q:PlainTextSelection", NS):
                a, b = int(sel.get("startPosition")), int(sel.get("endPosition"))
                chosen = normalize(units[2 * a:2 * b].decode("utf-16-le"))
                for _ in sel.iterfind("q:Coding", NS):
                    n += 1
                    texts.append(chosen)
    return n, texts


def imported_texts(project: Project) -> list[str]:
    return [t if s is None else t[s:e] for s, e, t in project.conn.execute(
        'SELECT c.start, c."end", p.text FROM codings c JOIN passages p ON p.id = c.passage_id')]


@pytest.mark.parametrize("name, selections, fit", [
    ("nvivo12-windows-comments.qdpx", 303, 300),
    ("nvivo12-mac-comments.qdpx", 297, 294),
])
def test_real_nvivo_projects_import_on_the_text_nvivo_selected(tmp_path: Path, name: str, selections: int,
                                                               fit: int) -> None:
    path = PEERS / name
    n, expected = nvivo_selections(path)
    assert n == selections
    with Project.open(tmp_path / "p.db", create=True) as project:
        result = import_qdpx(project, path)
        got = imported_texts(project)
        codes = project.conn.execute("SELECT count(*) FROM codes").fetchone()[0]
        parents = project.conn.execute("SELECT count(*) FROM codes WHERE parent_id IS NOT NULL").fetchone()[0]
    equal = sum(1 for text in got if text.strip() in {e.strip() for e in expected})
    assert len(got) == selections  # each selection lies in one passage: none split, none lost
    assert equal / selections >= 0.98, (equal, selections)
    assert equal == selections
    warnings = " | ".join(result.warnings)
    assert "read as UTF-16 code units ('NVivo for" in warnings
    assert f"{fit} of {selections} selections start and end on word boundaries" in warnings
    assert f"{selections - fit} of {selections} selection(s) could not be confirmed" in warnings
    assert codes > 100 and parents > 0  # NVivo's code tree: top-level codes are factors, children nest


def test_nvivo_unit_is_found_from_the_text_when_the_origin_is_gone(tmp_path: Path) -> None:
    source = PEERS / "nvivo12-windows-comments.qdpx"
    path = tmp_path / "anonymous.qdpx"
    with zipfile.ZipFile(source) as z, zipfile.ZipFile(path, "w") as out:
        for member in z.namelist():
            data = z.read(member)
            if member == "project.qde":
                data = data.replace(b'origin="NVivo for Windows 12.6"', b"")
            out.writestr(member, data)
    with Project.open(tmp_path / "p.db", create=True) as project:
        result = import_qdpx(project, path)
        got = imported_texts(project)
    _, expected = nvivo_selections(source)
    assert sum(1 for t in got if t.strip() in {e.strip() for e in expected}) == 303
    assert any("read as UTF-16 code units (the file): 300 of 303" in w for w in result.warnings)


# ---- our exports: emoji, speakers, privacy -----------------------------------------------------

EMOJI_TEXT = """Q: What do customers say?

A: 😀😀 Customers love the new sensors 👍 and ask for more.

Q: Who helps you?

A: The university lab helps with testing.
"""


@pytest.fixture
def emoji(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "study").mkdir()
    project = make_project(tmp_path / "study" / "p.db")
    add_transcript(project, "emoji", EMOJI_TEXT, "M1")
    pid = passage_id(project, "emoji", 1)
    text = project.conn.execute("SELECT text FROM passages WHERE id = ?", (pid,)).fetchone()[0]
    start = text.index("new sensors")
    apply_code(project, pid, "customers", "alice", start, start + len("new sensors"))
    yield project
    project.close()


def selected(path: Path, unit: OffsetUnit) -> list[str]:
    """The text each selection of the export points at, read in ``unit``."""
    with zipfile.ZipFile(path) as z:
        root = etree.fromstring(z.read("project.qde"))
        out = []
        for src in root.iterfind(".//q:TextSource", NS):
            text = z.read("sources/" + src.get("plainTextPath").removeprefix("internal://")).decode("utf-8")
            index = UnitIndex.of(text, unit)
            for sel in src.iterfind("q:PlainTextSelection", NS):
                a = index.to_codepoint(int(sel.get("startPosition")))
                b = index.to_codepoint(int(sel.get("endPosition")))
                assert a is not None and b is not None
                out.append(text[a:b])
    return out


@pytest.mark.parametrize("unit", [OffsetUnit.UTF16, OffsetUnit.CODEPOINTS])
def test_export_writes_offsets_in_the_unit_asked_for(emoji: Project, tmp_path: Path, unit: OffsetUnit) -> None:
    export_qdpx(emoji, tmp_path / "x.qdpx", options=QdpxOptions(offsets=unit))
    assert "new sensors" in selected(tmp_path / "x.qdpx", unit)
    other = OffsetUnit.CODEPOINTS if unit is OffsetUnit.UTF16 else OffsetUnit.UTF16
    with pytest.raises(AssertionError):  # read in the other unit it misses (2 emoji before the span)
        assert "new sensors" in selected(tmp_path / "x.qdpx", other)


def test_an_nvivo_export_without_our_note_reads_back_as_nvivo_would(emoji: Project, tmp_path: Path) -> None:
    """What NVivo hands back: our UTF-16 offsets, its own origin, no interview-coder.json."""
    export_qdpx(emoji, tmp_path / "x.qdpx", options=QdpxOptions(offsets=OffsetUnit.UTF16))
    path = tmp_path / "nvivo.qdpx"
    with zipfile.ZipFile(tmp_path / "x.qdpx") as z, zipfile.ZipFile(path, "w") as out:
        for member in z.namelist():
            if member != SIDECAR:
                out.writestr(member, z.read(member).replace(b'origin="interview-coder"', b'origin="NVivo 14"'))
    with Project.open(tmp_path / "back.db", create=True) as project:
        import_qdpx(project, path)
        assert "new sensors" in imported_texts(project)


def test_exported_text_carries_speaker_labels_and_comes_back_without_them(tmp_path: Path) -> None:
    parsed = read_transcripts(DATA / "tools" / "zoom_en.vtt", ImportOptions())
    with Project.open(tmp_path / "p.db", create=True) as project:
        with project.transaction():
            save_codebook(project, BOOK)
            save_transcript(project, parsed.transcripts[0], parsed.format, parsed.encoding)
        pid, text = project.conn.execute(
            "SELECT id, text FROM passages WHERE role = 'respondent' ORDER BY seq LIMIT 1").fetchone()
        apply_code(project, pid, "subsidy", "alice", text.index("tax credit"), text.index("tax credit") + 10)
        original = project.conn.execute("SELECT text FROM transcripts").fetchone()[0]
        export_qdpx(project, tmp_path / "x.qdpx")
    with zipfile.ZipFile(tmp_path / "x.qdpx") as z:
        shown = next(z.read(n).decode() for n in z.namelist() if n.startswith("sources/"))
    assert shown.startswith("Anna Lee: Do tax incentives influence your R&D budget?\n\nBen Cole: A little.")
    assert "tax credit" in selected(tmp_path / "x.qdpx", OffsetUnit.CODEPOINTS)
    with Project.open(tmp_path / "back.db", create=True) as back:
        result = import_qdpx(back, tmp_path / "x.qdpx")
        assert result.warnings == []
        assert back.conn.execute("SELECT text FROM transcripts").fetchone()[0] == original
        assert imported_texts(back) == ["tax credit"]
        speakers = [r[0] for r in back.conn.execute("SELECT DISTINCT speaker FROM turns ORDER BY speaker")]
        assert speakers == ["Anna Lee", "Ben Cole"]


def test_no_coding_carries_a_description_and_our_metadata_has_one_home(emoji: Project, tmp_path: Path) -> None:
    export_qdpx(emoji, tmp_path / "x.qdpx")
    with zipfile.ZipFile(tmp_path / "x.qdpx") as z:
        qde = z.read("project.qde").decode()
        assert SIDECAR in z.namelist()
    assert "interview-coder: {" not in qde
    root = etree.fromstring(qde.encode())
    assert root.findall(".//q:PlainTextSelection/q:Description", NS) == []
    assert root.findall(".//q:TextSource/q:Description", NS) == []
    assert root.find(".//q:Code[@name='Subsidy']/q:Description", NS).text == "Government money"


# ---- hostile code trees (issue 16) ------------------------------------------------------------


def deep_codes(depth: int) -> str:
    opening = "".join(f'<Code guid="00000000-0000-0000-0000-{i:012d}" name="c{i}" isCodable="true">'
                      for i in range(depth))
    return f"<Codes>{opening}{'</Code>' * depth}</Codes>"


@pytest.mark.parametrize("depth", [3000, 5000])
def test_a_code_tree_thousands_deep_is_one_line_error(tmp_path: Path, depth: int) -> None:
    from click.testing import CliRunner

    from interview_coder.cli import main

    qdc = tmp_path / "deep.qdc"
    qdc.write_text(f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">{deep_codes(depth)}</CodeBook>')
    qdpx = tmp_path / "deep.qdpx"
    with zipfile.ZipFile(qdpx, "w") as z:
        z.writestr("project.qde", f'<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x">'
                                  f"<CodeBook>{deep_codes(depth)}</CodeBook></Project>")
    make_project(tmp_path / "p.db").close()
    for args in (["codebook", "load", str(qdc)], ["import", str(qdpx)]):
        result = CliRunner().invoke(main, [*args[:2], "-p", str(tmp_path / "p.db"), *args[2:]])
        assert result.exit_code == 1, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and "more than 100 levels deep" in lines[0], result.output
        assert "Traceback" not in result.output


def test_a_code_tree_100_deep_still_imports(tmp_path: Path) -> None:
    from interview_coder.io.refi import import_qdc

    qdc = tmp_path / "ok.qdc"
    qdc.write_text(f'<?xml version="1.0"?><CodeBook xmlns="urn:QDA-XML:codebook:1.0">{deep_codes(100)}</CodeBook>')
    book, _ = import_qdc(qdc)
    assert len(book.codes) == 100


# ---- readable Unicode ids ----------------------------------------------------------------------

UNICODE_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 24">
 <Codes>
  <Code guid="11111111-1111-1111-1111-111111111111" name="政策" isCodable="false">
   <Code guid="22222222-2222-2222-2222-222222222222" name="政府补贴" isCodable="true"/>
   <Code guid="33333333-3333-3333-3333-333333333333" name="税收优惠" isCodable="true"/>
  </Code>
  <Code guid="44444444-4444-4444-4444-444444444444" name="Särgå attitűd" isCodable="true"/>
  <Code guid="55555555-5555-5555-5555-555555555555" name="政府补贴" isCodable="true"/>
 </Codes>
</CodeBook>
"""


def test_imported_ids_are_the_names_in_any_script(tmp_path: Path) -> None:
    from interview_coder.io.refi import import_qdc

    (tmp_path / "zh.qdc").write_text(UNICODE_QDC, encoding="utf-8")
    book, _ = import_qdc(tmp_path / "zh.qdc")
    assert [c.id for c in book.codes] == ["政府补贴", "税收优惠", "Särgå_attitűd", "政府补贴-2"]
    assert [f.id for f in book.factors] == ["f_政策", "f_Särgå_attitűd", "f_政府补贴"]


def test_a_yaml_codebook_may_use_chinese_ids(tmp_path: Path) -> None:
    from interview_coder.io.codebook_yaml import load_codebook_yaml

    path = tmp_path / "book.yaml"
    path.write_text("factors:\n- id: 政策\n  name: Policy\n  driver: external\n"
                    "codes:\n- id: 补贴\n  name: Subsidy\n  factor: 政策\n  keywords:\n    zh: [补贴]\n",
                    encoding="utf-8")
    book, _ = load_codebook_yaml(path)
    assert [c.id for c in book.codes] == ["补贴"] and book.codes[0].factor == "政策"


# ---- code sets become factors ------------------------------------------------------------------

SETS_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 24 (Release 24.7.0)">
 <Codes>
  <Code guid="10000000-0000-0000-0000-000000000001" name="Codes" isCodable="false">
   <Code guid="20000000-0000-0000-0000-000000000001" name="Subsidy" isCodable="true">
    <Code guid="20000000-0000-0000-0000-000000000002" name="Tax credit" isCodable="true"/>
   </Code>
   <Code guid="20000000-0000-0000-0000-000000000003" name="Customers" isCodable="true">
    <Code guid="20000000-0000-0000-0000-000000000004" name="Big clients" isCodable="true"/>
   </Code>
   <Code guid="20000000-0000-0000-0000-000000000005" name="Loose" isCodable="true"/>
  </Code>
 </Codes>
 <Sets>
  <Set guid="30000000-0000-0000-0000-000000000001" name="External drivers">
   <MemberCode targetGUID="20000000-0000-0000-0000-000000000001"/>
   <MemberCode targetGUID="20000000-0000-0000-0000-000000000003"/>
  </Set>
  <Set guid="30000000-0000-0000-0000-000000000002" name="Market">
   <MemberCode guid="20000000-0000-0000-0000-000000000004"/>
   <MemberCode targetGUID="20000000-0000-0000-0000-000000000003"/>
  </Set>
 </Sets>
</CodeBook>
"""


def test_code_sets_become_factors_with_the_codes_under_their_members(tmp_path: Path) -> None:
    from interview_coder.io.refi import import_qdc

    (tmp_path / "sets.qdc").write_text(SETS_QDC, encoding="utf-8")
    book, warnings = import_qdc(tmp_path / "sets.qdc")
    assert [(f.id, f.name) for f in book.factors] == [("f_Codes", "Codes"), ("f_External_drivers", "External drivers"),
                                                      ("f_Market", "Market")]
    assert [(c.id, c.factor, c.parent) for c in book.codes] == [
        ("Subsidy", "f_External_drivers", None), ("Tax_credit", "f_External_drivers", "Subsidy"),
        ("Customers", "f_External_drivers", None), ("Big_clients", "f_Market", None),
        ("Loose", "f_Codes", None)]
    text = " | ".join(warnings)
    assert "2 code set(s) became factors (4 codes moved into them" in text
    assert "1 code(s) are in several sets" in text
    assert "1 code(s) moved away from their parent code by a set" in text


def test_factors_are_exported_as_code_sets_too(emoji: Project, tmp_path: Path) -> None:
    from interview_coder.io.refi import export_qdc, import_qdc

    export_qdpx(emoji, tmp_path / "x.qdpx")
    export_qdc(emoji, tmp_path / "x.qdc")
    with zipfile.ZipFile(tmp_path / "x.qdpx") as z:
        root = etree.fromstring(z.read("project.qde"))
    names = {s.get("name"): len(s.findall("q:MemberCode", NS)) for s in root.iterfind("q:Sets/q:Set", NS)}
    assert names == {"Market": 3, "Support": 2, "Internal": 1}
    book, warnings = import_qdc(tmp_path / "x.qdc")  # our own sets mirror the factors: nothing moves
    assert warnings == [] and [f.id for f in book.factors] == ["market", "support", "internal"]
