"""Issue 16: Word files read whole (tables, tracked changes, content controls, altChunks); nothing fetched."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from interview_coder.core.model import Role
from interview_coder.errors import InputError
from interview_coder.io.transcripts import ImportOptions, read_transcripts

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
         'content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
ROOT_RELS = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
             '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def p(*runs: str) -> str:
    return "<w:p>" + "".join(runs) + "</w:p>"


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def row(*cells: str) -> str:
    return "<w:tr>" + "".join(f"<w:tc>{p(r(c))}</w:tc>" for c in cells) + "</w:tr>"


def package(body: str, parts: dict[str, bytes] | None = None, rels: str = "") -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("[Content_Types].xml", TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", f'<?xml version="1.0" encoding="UTF-8"?><w:document {NS}><w:body>'
                                         f"{body}</w:body></w:document>")
        zf.writestr("word/_rels/document.xml.rels",
                    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    f'package/2006/relationships">{rels}</Relationships>')
        for name, data in (parts or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def parse(tmp_path: Path, data: bytes):
    (tmp_path / "w.docx").write_bytes(data)
    return read_transcripts(tmp_path / "w.docx", ImportOptions()).transcripts[0]


def test_a_speaker_text_table_becomes_turns(tmp_path):
    body = (p(r("Interview 3, May 2024")) + "<w:tbl>" + row("Speaker", "Text")
            + row("Interviewer", "What drives your company?") + row("Lin", "Customers, mostly.")
            + row("Interviewer", "And the state?") + row("Lin", "Tax incentives.") + "</w:tbl>")
    t = parse(tmp_path, package(body))
    assert [(x.role, x.speaker, x.text) for x in t.passages] == [
        (Role.PREAMBLE, None, "Interview 3, May 2024"),
        (Role.INTERVIEWER, "Interviewer", "What drives your company?"), (Role.RESPONDENT, "Lin", "Customers, mostly."),
        (Role.INTERVIEWER, "Interviewer", "And the state?"), (Role.RESPONDENT, "Lin", "Tax incentives.")]


def test_a_table_with_a_time_column_and_chinese_labels(tmp_path):
    body = "<w:tbl>" + row("问", "00:01", "贵单位如何支持创新？") + row("王主任", "00:09", "我们提供研发补贴。") + "</w:tbl>"
    t = parse(tmp_path, package(body))
    assert [(x.role, x.text) for x in t.passages] == [(Role.INTERVIEWER, "贵单位如何支持创新？"),
                                                      (Role.RESPONDENT, "我们提供研发补贴。")]


def test_tracked_insertions_are_accepted_and_deletions_left_out(tmp_path):
    body = (p(r("Interviewer: Why grow?")) +
            p(r("R1: Because "), '<w:ins w:id="1" w:author="a"><w:r><w:t>customers</w:t></w:r></w:ins>',
              '<w:del w:id="2" w:author="a"><w:r><w:delText>suppliers</w:delText></w:r></w:del>', r(" asked.")) +
            p(r("Interviewer: And?")) +
            p('<w:moveFrom w:id="3" w:author="a"><w:r><w:t>Moved away. </w:t></w:r></w:moveFrom>',
              r("R1: Talent."), '<w:moveTo w:id="4" w:author="a"><w:r><w:t> Moved here.</w:t></w:r></w:moveTo>'))
    t = parse(tmp_path, package(body))
    assert [x.text for x in t.passages] == ["Why grow?", "Because customers asked.", "And?", "Talent. Moved here."]


def test_content_controls_block_and_inline(tmp_path):
    body = (p(r("Interviewer: Which factor?")) +
            "<w:sdt><w:sdtPr/><w:sdtContent>" + p(r("R1: Subsidies")) + "</w:sdtContent></w:sdt>" +
            p(r("Interviewer: Why?")) +
            p(r("R1: "), "<w:sdt><w:sdtContent>" + r("They pay for the lab.") + "</w:sdtContent></w:sdt>"))
    t = parse(tmp_path, package(body))
    assert [x.text for x in t.passages if x.role == Role.RESPONDENT] == ["Subsidies", "They pay for the lab."]


def test_an_embedded_html_altchunk_is_read_in_place(tmp_path):
    rels = ('<Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'aFChunk" Target="chunk.html"/>')
    html = b"<html><head><style>p{}</style></head><body><p>R1: From the chunk.</p><script>x()</script></body></html>"
    body = p(r("Interviewer: First?")) + '<w:altChunk r:id="rIdA"/>' + p(r("Interviewer: Next?")) + p(r("R1: Last."))
    t = parse(tmp_path, package(body, {"word/chunk.html": html}, rels))
    assert [x.text for x in t.passages] == ["First?", "From the chunk.", "Next?", "Last."]


def test_external_content_is_never_fetched(tmp_path):
    rels = ('<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'aFChunk" Target="http://127.0.0.1:9/evil.html" TargetMode="External"/>')
    body = p(r("Interviewer: First?")) + '<w:altChunk r:id="rIdX"/>'
    with pytest.raises(InputError, match="includes external content .* never fetches"):
        parse(tmp_path, package(body, None, rels))


def test_python_docx_tables_are_read(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("Interviewer: What matters?")
    table = document.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "Founder", "Speed matters."
    table.cell(1, 0).text, table.cell(1, 1).text = "Interviewer", "Thanks."
    document.save(tmp_path / "t.docx")
    t = read_transcripts(tmp_path / "t.docx", ImportOptions()).transcripts[0]
    assert [(x.role, x.speaker, x.text) for x in t.passages] == [
        (Role.INTERVIEWER, "Interviewer", "What matters?"), (Role.RESPONDENT, "Founder", "Speed matters."),
        (Role.INTERVIEWER, "Interviewer", "Thanks.")]


def test_an_embedded_docx_is_read_and_nesting_is_limited(tmp_path):
    rels = ('<Relationship Id="rIdD" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'aFChunk" Target="inner.docx"/>')
    inner = package(p(r("R1: From the inner document.")))
    outer = package(p(r("Interviewer: First?")) + '<w:altChunk r:id="rIdD"/>', {"word/inner.docx": inner}, rels)
    t = parse(tmp_path, outer)
    assert [x.text for x in t.passages] == ["First?", "From the inner document."]
    nested = package(p(r("R1: Deepest.")))
    for _ in range(5):  # each level embeds the one before
        nested = package(p(r("Interviewer: Q?")) + '<w:altChunk r:id="rIdD"/>', {"word/inner.docx": nested}, rels)
    with pytest.raises(InputError, match="nested more than 4 deep"):
        parse(tmp_path, nested)


def test_an_embedded_part_it_cannot_read_is_refused_not_dropped(tmp_path):
    rels = ('<Relationship Id="rIdR" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'aFChunk" Target="chunk.rtf"/>')
    data = package(p(r("Interviewer: First?")) + '<w:altChunk r:id="rIdR"/>', {"word/chunk.rtf": b"{\\rtf1 R1: hi}"}, rels)
    with pytest.raises(InputError, match=r"embedded part of type \.rtf"):
        parse(tmp_path, data)
