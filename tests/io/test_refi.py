"""REFI-QDA exchange: every export validates against the official XSDs, round trips are lossless,
offsets are code points (checked on Chinese), other tools' files import with warnings, unsafe XML is refused."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from lxml import etree
from teamdata import make_project, passage_id

from interview_coder.analysis.codings import codings_records
from interview_coder.errors import InputError
from interview_coder.io.codebook_yaml import dump_codebook_yaml
from interview_coder.io.offsets import OffsetUnit
from interview_coder.io.refi import (
    QdpxOptions,
    export_qdc,
    export_qdpx,
    import_qdc,
    split_meta,
    with_meta,
)
from interview_coder.store.codebook import load_codebook
from interview_coder.store.codings import Suggestion, add_suggestions, apply_code, set_memo
from interview_coder.store.exchange import add_memo
from interview_coder.store.project import Project
from interview_coder.store.queries import respondent_attributes
from interview_coder.store.scope import Filters

XSD = Path(__file__).resolve().parents[1] / "data" / "refi-qda"
NS = {"q": "urn:QDA-XML:project:1.0"}


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(XSD / name)))


@pytest.fixture
def coded(tmp_path: Path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "p.db")
    apply_code(project, passage_id(project, "en1", 1), "customers", "alice")
    apply_code(project, passage_id(project, "en1", 2), "copying", "bob", 24, 31)      # "copy us"
    apply_code(project, passage_id(project, "en1", 1), "customers", "bob", 0, 45)     # a span as long as the passage
    apply_code(project, passage_id(project, "zh1", 2), "subsidy", "alice", 0, 4)      # 政府补贴
    cid = apply_code(project, passage_id(project, "zh1", 4), "university", "王芳", 0, 5)  # 大学实验室
    set_memo(project, cid, "高校合作", "王芳")
    add_suggestions(project, [Suggestion(passage_id(project, "en1", 1), "customers", 4, 13, "customer")])
    with project.transaction():
        add_memo(project, "project", "", "Coded twice, reconciled in May.", "alice")
        add_memo(project, "code", "subsidy", "Includes tax credits?", "bob")
        add_memo(project, "passage", str(passage_id(project, "en1", 4)), "University named later.", "alice")
    yield project
    project.close()


def qde(path: Path) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read("project.qde")


def test_exports_validate_against_the_official_schemas(coded: Project, tmp_path: Path) -> None:
    export_qdc(coded, tmp_path / "book.qdc")
    counts = export_qdpx(coded, tmp_path / "p.qdpx", status="all")
    codebook_schema, project_schema = schema("Codebook-mrt2019.xsd"), schema("Project-mrt2019.xsd")
    book = etree.parse(str(tmp_path / "book.qdc"))
    assert codebook_schema.validate(book), codebook_schema.error_log
    doc = etree.fromstring(qde(tmp_path / "p.qdpx"))
    assert project_schema.validate(doc), project_schema.error_log
    assert counts == {"sources": 2, "codes": 6, "codings": 6, "cases": 2, "users": 4, "notes": 4}
    # factors are non-codable parents; 'copying' sits under 'competitors'
    factor = doc.find("q:CodeBook/q:Codes/q:Code[@name='Market']", NS)
    assert factor is not None and factor.get("isCodable") == "false"
    assert factor.find("q:Code[@name='Competition']/q:Code[@name='Imitation']", NS) is not None
    assert factor.find("q:Code[@name='Customer demand']", NS).get("color") == "#FF0000"
    assert sorted(u.get("name") for u in doc.iterfind("q:Users/q:User", NS)) == ["alice", "auto", "bob", "王芳"]
    case = doc.find("q:Cases/q:Case[@name='E1']", NS)
    values = {v.find("q:VariableRef", NS).get("targetGUID"): v[1].text for v in case.iterfind("q:VariableValue", NS)}
    assert sorted(values.values()) == ["55", "A", "enterprise"]  # staff, the speaker label E1 answers under, group
    # accepted only by default: the suggestion is left out
    assert export_qdpx(coded, tmp_path / "accepted.qdpx")["codings"] == 5


def test_selection_offsets_are_code_points_of_the_exported_text(coded: Project, tmp_path: Path) -> None:
    export_qdpx(coded, tmp_path / "p.qdpx")
    doc = etree.fromstring(qde(tmp_path / "p.qdpx"))
    with zipfile.ZipFile(tmp_path / "p.qdpx") as z:
        texts = {}
        for src in doc.iterfind("q:Sources/q:TextSource", NS):
            member = "sources/" + src.get("plainTextPath").removeprefix("internal://")
            texts[src.get("name")] = (src, z.read(member).decode("utf-8"))
    src, text = texts["zh1"]
    spans = sorted(text[int(s.get("startPosition")):int(s.get("endPosition"))]
                   for s in src.iterfind("q:PlainTextSelection", NS))
    assert spans == ["大学实验室", "政府补贴"]
    src, text = texts["en1"]
    spans = sorted(text[int(s.get("startPosition")):int(s.get("endPosition"))]
                   for s in src.iterfind("q:PlainTextSelection", NS))
    assert "copy us" in spans and spans.count("Our customers ask for new sensors every year.") == 2


def test_meta_line_round_trips_and_leaves_plain_descriptions_alone() -> None:
    text = with_meta("A description.\nTwo lines.", {"code": "x", "keywords": {"zh": ["补贴"]}, "empty": ""})
    assert split_meta(text) == ("A description.\nTwo lines.", {"code": "x", "keywords": {"zh": ["补贴"]}})
    assert split_meta("Just text") == ("Just text", {})
    assert split_meta("interview-coder: {broken") == ("interview-coder: {broken", {})


def test_qdc_round_trip_is_lossless(coded: Project, tmp_path: Path) -> None:
    export_qdc(coded, tmp_path / "book.qdc")
    book, warnings = import_qdc(tmp_path / "book.qdc")
    assert warnings == []
    assert dump_codebook_yaml(book) == dump_codebook_yaml(load_codebook(coded))


FOREIGN_QDC = """<?xml version="1.0" encoding="utf-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="QualCoder">
 <Codes>
  <Code guid="{11111111-1111-1111-1111-111111111111}" name="Drivers" isCodable="false" color="#123">
   <Description>Why they innovate</Description>
   <Code guid="22222222-2222-2222-2222-222222222222" name="Customer demand" isCodable="true" color="#AABBCC">
     <Code guid="33333333-3333-3333-3333-333333333333" name="客户" isCodable="true"/>
   </Code>
  </Code>
  <Code guid="44444444-4444-4444-4444-444444444444" name="Policy" isCodable="true"/>
 </Codes>
 <Sets><Set guid="55555555-5555-5555-5555-555555555555" name="s"/></Sets>
</CodeBook>
"""


def test_foreign_qdc_maps_top_level_codes_to_factors(tmp_path: Path) -> None:
    path = tmp_path / "other.qdc"
    path.write_text(FOREIGN_QDC, encoding="utf-8")
    assert schema("Codebook-mrt2019.xsd").validate(etree.parse(str(path)))
    book, warnings = import_qdc(path)
    assert [(f.id, f.name, str(f.driver)) for f in book.factors] == [
        ("f_Drivers", "Drivers", "internal"), ("f_Policy", "Policy", "internal")]
    assert [(c.id, c.name, c.factor, c.parent, c.colour) for c in book.codes] == [
        ("Customer_demand", "Customer demand", "f_Drivers", None, "#AABBCC"),
        ("客户", "客户", "f_Drivers", "Customer_demand", ""),  # the name itself: ids take any letters
        ("Policy", "Policy", "f_Policy", None, ""),
    ]
    assert any("driver 'internal'" in w for w in warnings)
    assert any("set(s) of sources or notes not imported" in w for w in warnings)  # a set with no codes


@pytest.mark.parametrize("doc, reason", [
    ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><CodeBook xmlns="urn:QDA-XML:codebook:1.0">'
     "<Codes>&a;</Codes></CodeBook>", "refused"),
    ('<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.com/x.dtd"><CodeBook/>', "refused"),
    ('<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n</CodeBook>', "broken XML"),
    ('<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>', "not a REFI-QDA codebook"),
    ('<CodeBook xmlns="urn:example"><Codes/></CodeBook>', "namespace"),
])
def test_unsafe_or_broken_codebooks_are_refused(tmp_path: Path, doc: str, reason: str) -> None:
    path = tmp_path / "bad.qdc"
    path.write_text(doc, encoding="utf-8")
    with pytest.raises(InputError, match=reason) as info:
        import_qdc(path)
    assert str(path) in str(info.value)
    if reason == "broken XML":
        assert info.value.line == 4


# ---- .qdpx import (needs io.safezip, the zip-bomb and path-traversal guard) -----------------------


def snapshot_of(project: Project) -> dict[str, object]:
    return {
        "transcripts": [tuple(r) for r in project.conn.execute(
            "SELECT name, text, language, text_sha256, source_sha256 FROM transcripts ORDER BY name")],
        "passages": [tuple(r) for r in project.conn.execute(
            'SELECT t.name, p.seq, p.role, p.start, p."end", r.key FROM passages p JOIN transcripts t '
            "ON t.id = p.transcript_id LEFT JOIN respondents r ON r.id = p.respondent_id ORDER BY t.name, p.seq")],
        "codebook": dump_codebook_yaml(load_codebook(project)),
        "codings": codings_records(project, Filters(status="all")),
        "attributes": respondent_attributes(project),
        "memos": sorted(r[0] for r in project.conn.execute("SELECT text FROM memos")),
        "coding memos": sorted(r[0] for r in project.conn.execute("SELECT memo FROM codings WHERE memo IS NOT NULL")),
    }


@pytest.mark.parametrize("options", [
    QdpxOptions(status="all"),
    QdpxOptions(status="all", offsets=OffsetUnit.UTF16, provenance=True),
    QdpxOptions(status="all", speakers=False),
], ids=["default", "utf16-provenance", "no-speakers"])
def test_qdpx_round_trip_gives_the_same_project(coded: Project, tmp_path: Path, options: QdpxOptions) -> None:
    pytest.importorskip("interview_coder.io.safezip")
    from interview_coder.io.refi import import_qdpx

    export_qdpx(coded, tmp_path / "p.qdpx", options=options)
    with Project.open(tmp_path / "new.db", create=True) as fresh:
        result = import_qdpx(fresh, tmp_path / "p.qdpx")
        assert result.warnings == []
        before, after = snapshot_of(coded), snapshot_of(fresh)
        if not options.provenance:  # the source file's hash is private: it stays home unless asked
            assert [t[-1] for t in after["transcripts"]] != [t[-1] for t in before["transcripts"]]
            before["transcripts"] = [t[:-1] for t in before["transcripts"]]  # type: ignore[attr-defined]
            after["transcripts"] = [t[:-1] for t in after["transcripts"]]  # type: ignore[attr-defined]
        for key in before:
            if key not in ("memos", "coding memos"):
                assert after[key] == before[key], key
        # coding memos travel as notes and come back as memos on the coding
        assert after["memos"] == sorted(["Coded twice, reconciled in May.", "Includes tax credits?",
                                         "University named later.", "高校合作"])
        again = import_qdpx(fresh, tmp_path / "p.qdpx")
        assert again.merge is not None and again.merge.codings_added == 0 and again.merge.memos_added == 0


FOREIGN_QDE = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="from QualCoder" origin="QualCoder 3.5">
 <Users><User guid="aaaaaaaa-0000-0000-0000-000000000001" name="Li Wei"/></Users>
 <CodeBook><Codes>
  <Code guid="cccccccc-0000-0000-0000-000000000001" name="Demand" isCodable="true"/>
  <Code guid="cccccccc-0000-0000-0000-000000000002" name="Funding" isCodable="true"/>
 </Codes></CodeBook>
 <Variables><Variable guid="dddddddd-0000-0000-0000-000000000001" name="staff" typeOfVariable="Integer"/></Variables>
 <Cases><Case guid="eeeeeeee-0000-0000-0000-000000000001" name="R7">
   <VariableValue><VariableRef targetGUID="dddddddd-0000-0000-0000-000000000001"/><IntegerValue>40</IntegerValue></VariableValue>
   <SourceRef targetGUID="bbbbbbbb-0000-0000-0000-000000000001"/>
 </Case></Cases>
 <Sources>
  <TextSource guid="bbbbbbbb-0000-0000-0000-000000000001" name="interview R7" plainTextPath="internal://r7.txt">
   <PlainTextSelection guid="ffffffff-0000-0000-0000-000000000001" startPosition="{a}" endPosition="{b}" creatingUser="aaaaaaaa-0000-0000-0000-000000000001">
    <Coding guid="ffffffff-1000-0000-0000-000000000001" creatingUser="aaaaaaaa-0000-0000-0000-000000000001"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000001"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="ffffffff-0000-0000-0000-000000000002" startPosition="0" endPosition="5">
    <Coding guid="ffffffff-1000-0000-0000-000000000002"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000002"/></Coding>
   </PlainTextSelection>
   <PlainTextSelection guid="ffffffff-0000-0000-0000-000000000003" startPosition="{c}" endPosition="{d}">
    <Coding guid="ffffffff-1000-0000-0000-000000000003" creatingUser="aaaaaaaa-0000-0000-0000-000000000001"><CodeRef targetGUID="cccccccc-0000-0000-0000-000000000002"/></Coding>
   </PlainTextSelection>
  </TextSource>
  <PDFSource guid="bbbbbbbb-0000-0000-0000-000000000002" name="scan.pdf" path="internal://scan.pdf"/>
 </Sources>
 <Notes><Note guid="99999999-0000-0000-0000-000000000001" name="Journal"><PlainTextContent>First thoughts</PlainTextContent></Note></Notes>
</Project>
"""
# CRLF line ends and a decomposed é (e + U+0301): normalising shifts the offsets after them.
FOREIGN_TEXT = "Q: Why?\r\n\r\nR7: Cafe\u0301 owners ask for 新产品 often.\r\n\r\nR7: Grants help us.\r\n"


def test_foreign_qdpx_imports_with_offsets_mapped_and_warnings(tmp_path: Path) -> None:
    pytest.importorskip("interview_coder.io.safezip")
    from interview_coder.io.refi import import_qdpx

    a = FOREIGN_TEXT.index("新产品")
    c = FOREIGN_TEXT.index("Cafe")
    doc = FOREIGN_QDE.replace("{a}", str(a)).replace("{b}", str(a + 3)).replace("{c}", str(c)) \
        .replace("{d}", str(FOREIGN_TEXT.index("help") + 4))
    assert schema("Project-mrt2019.xsd").validate(etree.fromstring(doc.encode()))
    path = tmp_path / "qc.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", doc)
        z.writestr("sources/r7.txt", FOREIGN_TEXT.encode("utf-8"))
    with Project.open(tmp_path / "p.db", create=True) as project:
        result = import_qdpx(project, path)
        rows = codings_records(project)
        assert [(r["transcript"], r["respondent"], r["passage"], r["code"], r["coder"], r["text"]) for r in rows] == [
            ("interview R7", "R7", 1, "Funding", "Li Wei", "Café owners ask for 新产品 often."),
            ("interview R7", "R7", 1, "Demand", "Li Wei", "新产品"),
            ("interview R7", "R7", 2, "Funding", "Li Wei", "Grants help"),
        ]
        assert rows[0]["start"] is None  # a selection covering the whole passage codes the passage
        assert respondent_attributes(project) == {"R7": {"staff": 40}}
        assert [r[0] for r in project.conn.execute("SELECT text FROM memos")] == ["Journal\n\nFirst thoughts"]
        text = " | ".join(result.warnings)
        assert "1 PDFSource source(s) not imported" in text
        assert "span several passages" in text
        assert "outside respondent passages" in text  # the selection on "Q: Wh" (interviewer text)


def test_broken_qdpx_imports_nothing(tmp_path: Path) -> None:
    pytest.importorskip("interview_coder.io.safezip")
    from interview_coder.io.refi import import_qdpx

    path = tmp_path / "bad.qdpx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("project.qde", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                                  '<Project xmlns="urn:QDA-XML:project:1.0" name="x">&x;</Project>')
    with Project.open(tmp_path / "p.db", create=True) as project:
        with pytest.raises(InputError, match="refused"):
            import_qdpx(project, path)
        assert project.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 0
    (tmp_path / "nozip.qdpx").write_bytes(b"not a zip")
    with Project.open(tmp_path / "q.db", create=True) as project, pytest.raises(InputError):
        import_qdpx(project, tmp_path / "nozip.qdpx")


@pytest.mark.parametrize("member, data, reason", [
    ("../evil.txt", b"x", "outside the archive"),
    ("/etc/evil.txt", b"x", "absolute path"),
    ("sources/bomb.txt", b"\0" * 50_000_000, "inflates"),
])
def test_unsafe_zips_are_refused_and_nothing_imported(tmp_path: Path, member: str, data: bytes, reason: str) -> None:
    pytest.importorskip("interview_coder.io.safezip")
    from interview_coder.io.refi import import_qdpx

    path = tmp_path / "evil.qdpx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", '<Project xmlns="urn:QDA-XML:project:1.0" name="x"/>')
        z.writestr(member, data)
    with Project.open(tmp_path / "p.db", create=True) as project:
        with pytest.raises(InputError, match=reason):
            import_qdpx(project, path)
        assert project.conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 0
    assert not (tmp_path / "evil.txt").exists()
