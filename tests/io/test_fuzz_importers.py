"""Fuzzing every importer through the CLI: a clean import, or one error line naming the file and a
store that is byte-for-byte what it was (compared as an SQL dump). Never a traceback.

Inputs are raw bytes, and valid sample files with bytes flipped, cut or inserted, in each format
and encoding. INTERVIEW_CODER_FUZZ sets the examples per importer (default 25; the figures in
the README's Reliability figures come from a run with 500).
"""

from __future__ import annotations

import io
import os
import sqlite3
import tempfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interview_coder.cli import main

ROOT = Path(__file__).resolve().parent.parent.parent
DATA = ROOT / "tests" / "data"
EXAMPLES = int(os.environ.get("INTERVIEW_CODER_FUZZ", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
TRIED: dict[str, int] = {}

EN = ("---\nrespondent: E1\ngroup: enterprise\nstaff: 40\n---\n\nInterviewer: Why do you innovate?\n\n"
      "E1: Customers ask for new products.\n\nWe also work with a university.\n\nInterviewer: Thanks.\n")
ZH = "---\nrespondent: 张三\ngroup: government\n---\n\n访谈者：为什么创新？\n\n张三：客户的需求和税收优惠。\n\n人才也很重要。\n"


@st.composite
def mutated(draw: st.DrawFn, sample: bytes) -> bytes:
    """``sample`` with a few bytes flipped, a cut, or random bytes inserted."""
    data = bytearray(sample)
    for _ in range(draw(st.integers(0, 6))):
        if not data:
            break
        kind = draw(st.sampled_from(["flip", "cut", "insert", "delete"]))
        at = draw(st.integers(0, len(data) - 1))
        if kind == "flip":
            data[at] = draw(st.integers(0, 255))
        elif kind == "cut":
            del data[at:]
        elif kind == "insert":
            data[at:at] = draw(st.binary(max_size=12))
        else:
            del data[at:at + draw(st.integers(1, 40))]
    return bytes(data)


def inputs(*samples: bytes) -> st.SearchStrategy[bytes]:
    return st.one_of(st.binary(max_size=400), *[mutated(s) for s in samples])


def dump(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with the SIM codebook and one transcript with a coding."""
    folder = tmp_path_factory.mktemp("fuzz")
    db = folder / "base.db"
    runner = CliRunner()
    (folder / "seed.md").write_text(EN, "utf-8")
    assert runner.invoke(main, ["init", str(db)]).exit_code == 0
    assert runner.invoke(main, ["codebook", "load", "-p", str(db), str(ROOT / "codebooks" / "sim.yaml")]).exit_code == 0
    assert runner.invoke(main, ["import", "-p", str(db), str(folder / "seed.md")]).exit_code == 0
    return db


def run(base: Path, name: str, data: bytes, args: list[str], kind: str) -> None:
    """Write ``data`` as ``name``, run the command on a copy of the project; assert the contract."""
    TRIED[kind] = TRIED.get(kind, 0) + 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "p.db"
        db.write_bytes(base.read_bytes())
        path = Path(tmp) / name
        path.write_bytes(data)
        before = dump(db)
        result = CliRunner().invoke(main, [args[0], *args[1:], "-p", str(db), str(path)])
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{kind}: {type(result.exception).__name__}: {result.exception}\n{result.output}")
        assert result.exit_code in (0, 1), (result.exit_code, result.output)
        if result.exit_code != 0:
            assert str(path) in result.stderr, result.stderr
            assert dump(db) == before, f"{kind}: a failed import changed the store"


@FUZZ
@given(data=inputs(EN.encode("utf-8"), ZH.encode("utf-8"), ZH.encode("gb18030"), ZH.encode("utf-16"),
                   ZH.encode("big5", "replace"), (DATA / "import" / "zh_gb18030.txt").read_bytes()))
def test_plain_text_transcripts(base: Path, data: bytes) -> None:
    run(base, "fuzz.txt", data, ["import"], "transcript .txt/.md (encodings, front matter)")


@FUZZ
@given(front=st.text(max_size=200), body=st.text(max_size=200))
def test_front_matter(base: Path, front: str, body: str) -> None:
    run(base, "fuzz.md", f"---\n{front}\n---\n\nE1: {body}\n".encode("utf-8", "surrogatepass"), ["import"],
        "front matter")


@FUZZ
@given(data=inputs(*[p.read_bytes() for p in sorted((DATA / "tools").glob("*")) if p.is_file()]))
def test_transcription_tool_formats(base: Path, data: bytes) -> None:
    run(base, "fuzz.vtt" if data.startswith(b"WEBVTT") else "fuzz.srt" if b"-->" in data[:200] else "fuzz.txt",
        data, ["import"], "transcription tools (vtt, srt, Feishu, iFlytek, Otter)")


def _docx(paragraphs: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


DOCX = _docx(["Interviewer: Why?", "E1: Customers.", "", "Talent too."])


@FUZZ
@given(data=st.one_of(mutated(DOCX), st.lists(st.text(max_size=60), max_size=6).map(
    lambda ps: _docx([p for p in ps if "\x00" not in p and all(ord(c) >= 32 or c in "\t\n" for c in p)]))))
def test_docx(base: Path, data: bytes) -> None:
    run(base, "fuzz.docx", data, ["import"], ".docx")


SURVEY = (DATA / "import" / "survey.csv").read_bytes()


@FUZZ
@given(data=inputs(SURVEY, SURVEY.decode("utf-8").encode("gb18030")))
def test_survey_csv(base: Path, data: bytes) -> None:
    run(base, "fuzz.csv", data, ["import"], "survey .csv")


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


XLSX = _xlsx([["respondent", "group", "Why?"], ["X1", "enterprise", "Customers."], ["X2", "government", "税收"]])
CELL = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=30)


@FUZZ
@given(data=st.one_of(mutated(XLSX), st.lists(st.lists(CELL, min_size=1, max_size=4), max_size=5).map(_xlsx)))
def test_survey_xlsx(base: Path, data: bytes) -> None:
    run(base, "fuzz.xlsx", data, ["import"], "survey .xlsx")


SIM = (ROOT / "codebooks" / "sim.yaml").read_bytes()
SMALL_BOOK = b"factors:\n  - id: m\n    name: Market\n    driver: external\ncodes:\n  - id: customers\n    name: C\n    factor: m\n"


@FUZZ
@given(data=st.one_of(inputs(SIM[:3000], SMALL_BOOK, (DATA / "codebooks" / "problems.yaml").read_bytes()),
                      st.sampled_from([b"!!python/object/apply:os.system ['echo pwned']\n",
                                       b"factors: !!python/object/new:list []\n"])))
def test_codebook_yaml(base: Path, data: bytes) -> None:
    run(base, "fuzz.yaml", data, ["codebook", "load"], "codebook YAML")


CODINGS = (b"transcript,passage,code,start,end,coder,status\nseed,2,customer_demand,,,ana,accepted\n"
           b"seed,2,customer_demand,0,9,ana,accepted\n")


@FUZZ
@given(data=inputs(CODINGS))
def test_codings_csv(base: Path, data: bytes) -> None:
    run(base, "fuzz.csv", data, ["codings", "import"], "codings CSV")


def _exports(base: Path) -> tuple[bytes, bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        runner = CliRunner()
        qdc, qdpx = Path(tmp) / "b.qdc", Path(tmp) / "p.qdpx"
        assert runner.invoke(main, ["export", "qdc", "-p", str(base), str(qdc)]).exit_code == 0
        assert runner.invoke(main, ["export", "qdpx", "-p", str(base), str(qdpx)]).exit_code == 0
        return qdc.read_bytes(), qdpx.read_bytes()


@FUZZ
@given(data=st.data())
def test_qdc(base: Path, data: st.DataObject) -> None:
    qdc, _ = _exports(base)
    run(base, "fuzz.qdc", data.draw(inputs(qdc)), ["codebook", "load"], ".qdc")


def _rezip(qdpx: bytes, qde: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(qdpx)) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            dst.writestr(info.filename, qde if info.filename == "project.qde" else src.read(info))
    return out.getvalue()


@FUZZ
@given(data=st.data())
def test_qdpx(base: Path, data: st.DataObject) -> None:
    _, qdpx = _exports(base)
    with zipfile.ZipFile(io.BytesIO(qdpx)) as z:
        qde = z.read("project.qde")
    blob = data.draw(st.one_of(mutated(qdpx), mutated(qde).map(lambda x: _rezip(qdpx, x))))
    run(base, "fuzz.qdpx", blob, ["import"], ".qdpx")


# Issue 16: the inputs that broke before, fuzzed.
W_NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
WORD_BODY = (
    '<w:p><w:r><w:t>Interviewer: Why?</w:t></w:r></w:p>'
    "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Lin</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Customers.</w:t></w:r></w:p>"
    "</w:tc></w:tr></w:tbl>"
    '<w:p><w:ins w:id="1" w:author="a"><w:r><w:t>Interviewer: And?</w:t></w:r></w:ins>'
    '<w:del w:id="2" w:author="a"><w:r><w:delText>gone</w:delText></w:r></w:del></w:p>'
    "<w:sdt><w:sdtContent><w:p><w:r><w:t>Lin: Talent.</w:t></w:r></w:p></w:sdtContent></w:sdt>"
    '<w:altChunk r:id="rIdA"/>')


def _word(body: bytes) -> bytes:
    """A .docx package around a (possibly mangled) body: tables, tracked changes, a content control, an altChunk."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                    'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                    'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        zf.writestr("word/_rels/document.xml.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.'
                    'openxmlformats.org/package/2006/relationships"><Relationship Id="rIdA" Type="http://schemas.'
                    'openxmlformats.org/officeDocument/2006/relationships/aFChunk" Target="chunk.html"/>'
                    "</Relationships>")
        zf.writestr("word/chunk.html", "<p>Lin: From the chunk.</p>")
        zf.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W_NS}><w:body>'.encode() + body
                    + b"</w:body></w:document>")
    return out.getvalue()


@FUZZ
@given(data=mutated(WORD_BODY.encode()).map(_word))
def test_word_tables_tracked_changes_content_controls(base: Path, data: bytes) -> None:
    run(base, "fuzz.docx", data, ["import"], ".docx tables, tracked changes, content controls, altChunks")


LABEL = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=12)


def _stamp(seconds: float, comma: bool) -> str:
    h, rest = divmod(max(seconds, 0), 3600)
    m, sec = divmod(rest, 60)
    return f"{int(h):02d}:{int(m):02d}:{sec:06.3f}".replace(".", "," if comma else ".")


CUE = st.tuples(st.one_of(st.none(), LABEL), st.text(max_size=40), st.floats(-5, 10_000, allow_nan=False),
                st.floats(-5, 100, allow_nan=False), st.booleans())


@FUZZ
@given(cues=st.lists(CUE, max_size=8), kind=st.sampled_from(["srt", "vtt"]))
def test_subtitle_cues(base: Path, cues: list[tuple[str | None, str, float, float, bool]], kind: str) -> None:
    """Subtitle files built cue by cue: any speaker label (or none, or a <v> voice tag), any text, times
    out of order, negative or ending before they start."""
    lines = ["WEBVTT", ""] if kind == "vtt" else []
    for n, (label, text, start, length, voice) in enumerate(cues, 1):
        if kind == "srt":
            lines.append(str(n))
        lines.append(f"{_stamp(start, kind == 'srt')} --> {_stamp(start + length, kind == 'srt')}")
        said = text.replace("\n", " ").replace("-->", "->")
        if label is not None:
            said = f"<v {label}>{said}</v>" if voice and kind == "vtt" else f"{label}: {said}"
        lines += [said, ""]
    data = "\n".join(lines).encode("utf-8", "surrogatepass")
    run(base, f"cues.{kind}", data, ["import"], "subtitle cues built one by one (srt, vtt)")




@FUZZ
@given(label=LABEL, colon=st.sampled_from([":", "：", "]"]), answer=st.sampled_from(["We sell sensors.", "我们做传感器。"]))
def test_one_question_files_never_hide_the_answer(base: Path, label: str, colon: str, answer: str) -> None:
    """A one-question file imports or fails in one line; when it imports, the answer is counted."""
    head = f"[{label}] " if colon == "]" else f"{label}{colon} "
    data = f"Q: What do you make?\n{head}{answer}\n".encode("utf-8", "surrogatepass")
    run(base, "oneq.txt", data, ["import"], "one-question files (speaker labels)")
    with tempfile.TemporaryDirectory() as tmp:
        from interview_coder.io.transcripts import ImportOptions, read_transcripts

        path = Path(tmp) / "oneq.txt"
        path.write_bytes(data)
        try:
            parsed = read_transcripts(path, ImportOptions())
        except Exception as exc:
            from interview_coder.errors import InterviewCoderError

            assert isinstance(exc, InterviewCoderError), exc
            return
        respondent = " ".join(p.text for p in parsed.transcripts[0].passages if p.role == "respondent")
        assert answer in respondent, (head, [(p.role, p.text) for p in parsed.transcripts[0].passages])


NUMBER = st.sampled_from(["inf", "-inf", "nan", "1e30", "1e308", "-1", "2.5", "0x10", "١٢", "9" * 40, "3", ""])


@FUZZ
@given(passage=NUMBER, start=NUMBER, end=NUMBER)
def test_codings_csv_numbers(base: Path, passage: str, start: str, end: str) -> None:
    data = f"transcript,passage,code,start,end\nseed,{passage},customer_demand,{start},{end}\n".encode()
    run(base, "numbers.csv", data, ["codings", "import"], "codings CSV numbers (inf, 1e30)")


@FUZZ
@given(depth=st.integers(1, 20_000), kind=st.sampled_from(["[", "{a: "]))
def test_codebook_yaml_nesting(base: Path, depth: int, kind: str) -> None:
    close = "]" if kind == "[" else "}"
    data = ("factors: " + kind * depth + ("x" if kind == "[" else "1") + close * depth + "\n").encode()
    run(base, "deep.yaml", data, ["codebook", "load"], "codebook YAML nesting")


@FUZZ
@given(name=st.binary(min_size=1, max_size=20).filter(lambda b: b"/" not in b and b"\x00" not in b
                                                      and b not in (b".", b"..")))
def test_file_names_that_are_not_utf8(base: Path, name: bytes) -> None:
    """Any byte string as a file name in a folder: the folder imports, the other file too."""
    TRIED["file names (any bytes)"] = TRIED.get("file names (any bytes)", 0) + 1
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "p.db"
        db.write_bytes(base.read_bytes())
        folder = Path(tmp) / "in"
        folder.mkdir()
        with open(os.path.join(os.fsencode(folder), name + b".txt"), "wb") as handle:
            handle.write(b"Q: Why?\nR1: Customers.\n")
        (folder / "zz_last.txt").write_bytes(b"Q: Why?\nR2: Talent.\n")
        result = CliRunner().invoke(main, ["import", "-p", str(db), str(folder)])
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
        assert "added      zz_last" in result.stderr, result.output


def test_zz_report_examples_tried() -> None:
    """Prints how many inputs each importer was given (run with -s to see it)."""
    for kind, n in sorted(TRIED.items()):
        print(f"fuzzed {kind}: {n} inputs")
    assert not TRIED or min(TRIED.values()) >= 1
