"""``export taguette``: a Taguette 1.5 project database with documents as HTML, tags as
factor/code/child paths and highlights at UTF-8 byte offsets of the HTML's text; read back by hand
and by our own Taguette import. A real Taguette importing the file is in test_taguette.py (slow)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from teamdata import add_transcript, make_project, passage_id

from interview_coder.io.taguette import document_text, import_project_db
from interview_coder.io.taguette_export import (
    APPLICATION_ID,
    SCHEMA_REVISION,
    document_html,
    export_taguette,
)
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project

TEXT = "Q: What do customers say?\n\nA: 😀😀 Customers & partners love <new> sensors 👍.\n"


def text_nodes(html: str) -> str:
    """The text Taguette counts (every text node, entities decoded), read independently of the writer."""
    from html.parser import HTMLParser

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.pieces: list[str] = []

        def handle_data(self, data: str) -> None:
            self.pieces.append(data)

    parser = Text()
    parser.feed(html)
    parser.close()
    return "".join(parser.pieces)


def test_document_html_counts_utf8_bytes_of_the_text_without_line_breaks() -> None:
    doc = document_html(TEXT)
    assert doc.html == ("<p>Q: What do customers say?</p>"
                        "<p>A: 😀😀 Customers &amp; partners love &lt;new&gt; sensors 👍.</p>")
    counted = text_nodes(doc.html).encode("utf-8")
    for word in ("customers", "Customers & partners", "<new>", "👍"):
        a = TEXT.index(word)
        assert counted[doc.to_bytes(a):doc.to_bytes(a + len(word))].decode("utf-8") == word
    # our own import reads the offsets back onto the same words
    text, to_cp = document_text(doc.html)
    a = TEXT.index("<new>")
    start, end = to_cp(doc.to_bytes(a)), to_cp(doc.to_bytes(a + 5))
    assert start is not None and end is not None and text[start:end] == "<new>"


@pytest.fixture
def coded(tmp_path: Path):  # type: ignore[no-untyped-def]
    project = make_project(tmp_path / "study.db")
    add_transcript(project, "emoji", TEXT, "M1")
    pid = passage_id(project, "emoji", 1)
    text = project.conn.execute("SELECT text FROM passages WHERE id = ?", (pid,)).fetchone()[0]
    start = text.index("Customers & partners")
    apply_code(project, pid, "customers", "alice", start, start + len("Customers & partners"))
    apply_code(project, pid, "copying", "bob", start, start + len("Customers & partners"))
    start = text.index("sensors")
    apply_code(project, pid, "rnd", "alice", start, start + len("sensors"))
    zh = passage_id(project, "zh1", 1)
    zh_text = project.conn.execute("SELECT text FROM passages WHERE id = ?", (zh,)).fetchone()[0]
    apply_code(project, zh, "subsidy", "alice", zh_text.index("客户"), zh_text.index("客户") + 2)
    yield project
    project.close()


def highlights(path: Path) -> list[tuple[str, str, list[str]]]:
    """(document, highlighted text, tag paths) of each highlight, sliced from the HTML's text in UTF-8 bytes."""
    conn = sqlite3.connect(path)
    out = []
    for doc, contents, hid, a, b in conn.execute(
            "SELECT d.name, d.contents, h.id, h.start_offset, h.end_offset FROM highlights h "
            "JOIN documents d ON d.id = h.document_id ORDER BY d.id, h.start_offset"):
        tags = [r[0] for r in conn.execute("SELECT t.path FROM highlight_tags x JOIN tags t ON t.id = x.tag_id "
                                           "WHERE x.highlight_id = ? ORDER BY t.path", (hid,))]
        out.append((doc, text_nodes(contents).encode("utf-8")[a:b].decode("utf-8"), tags))
    conn.close()
    return out


def test_export_writes_taguettes_schema_with_highlights_on_the_coded_text(coded: Project, tmp_path: Path) -> None:
    counts = export_taguette(coded, tmp_path / "t.sqlite3")
    assert counts == {"documents": 3, "tags": 6, "highlights": 3}
    conn = sqlite3.connect(tmp_path / "t.sqlite3")
    assert conn.execute("SELECT version_num FROM alembic_version").fetchall() == [(SCHEMA_REVISION,)]
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"users", "projects", "project_members", "documents", "commands", "tags", "highlights",
            "highlight_tags"} <= tables
    assert conn.execute("SELECT name FROM projects").fetchall() == [("study",)]
    paths = [r[0] for r in conn.execute("SELECT path FROM tags ORDER BY id")]
    assert paths == ["Market/Customer demand", "Market/Competition", "Market/Competition/Imitation",
                     "Support/Subsidy", "Support/University", "Internal/R&D team"]
    names = [r[0] for r in conn.execute("SELECT name FROM documents ORDER BY id")]
    conn.close()
    assert sorted(names) == ["emoji", "en1", "zh1"]
    assert sorted(highlights(tmp_path / "t.sqlite3")) == [
        ("emoji", "Customers & partners", ["Market/Competition/Imitation", "Market/Customer demand"]),
        ("emoji", "sensors", ["Internal/R&D team"]),
        ("zh1", "客户", ["Support/Subsidy"])]


def test_no_private_path_and_speaker_labels_in_the_text(coded: Project, tmp_path: Path) -> None:
    export_taguette(coded, tmp_path / "t.sqlite3")
    data = (tmp_path / "t.sqlite3").read_bytes()
    assert str(tmp_path).encode() not in data
    conn = sqlite3.connect(tmp_path / "t.sqlite3")
    html = conn.execute("SELECT contents FROM documents WHERE name = 'emoji'").fetchone()[0]
    conn.close()
    assert "<p>A: 😀😀 Customers" in html  # the labels the text already shows are not doubled


def test_our_taguette_import_reads_the_export_back(coded: Project, tmp_path: Path) -> None:
    export_taguette(coded, tmp_path / "t.sqlite3")
    with Project.open(tmp_path / "back.db", create=True) as back:
        import_project_db(back, tmp_path / "t.sqlite3")
        rows = back.conn.execute(
            'SELECT t.name, k.name, substr(p.text, c.start + 1, c."end" - c.start) FROM codings c '
            "JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id "
            "JOIN codes k ON k.id = c.code_id ORDER BY 1, 3, 2").fetchall()
    assert [tuple(r) for r in rows] == [("emoji", "Customer demand", "Customers & partners"),
                                        ("emoji", "Imitation", "Customers & partners"),
                                        ("emoji", "R&D team", "sensors"), ("zh1", "Subsidy", "客户")]


def test_a_second_export_replaces_the_first_but_never_a_project(coded: Project, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from interview_coder.cli import main

    coded.close()
    db = str(tmp_path / "study.db")
    first = CliRunner().invoke(main, ["export", "taguette", "-p", db, str(tmp_path / "t.sqlite3")])
    assert first.exit_code == 0, first.output
    assert "3 documents, 6 tags, 3 highlights" in first.stderr
    again = CliRunner().invoke(main, ["export", "taguette", "-p", db, str(tmp_path / "t.sqlite3")])
    assert again.exit_code == 0
    refused = CliRunner().invoke(main, ["export", "taguette", "-p", db, db])
    assert refused.exit_code == 1 and "refused: this is an SQLite database" in refused.stderr


def test_characters_html_cannot_hold_become_spaces_without_moving_offsets() -> None:
    doc = document_html("A: form\x0cfeed and bell\x07 then 😀 word\n")
    assert doc.html == "<p>A: form feed and bell  then 😀 word</p>"
    a = doc.text.index("word")
    assert text_nodes(doc.html).encode()[doc.to_bytes(a):doc.to_bytes(a + 4)] == b"word"
