"""Taguette both ways: its codebook CSV (tag paths <-> factor/code/child) and its project database in,
with its UTF-8 byte offsets into HTML turned into code points; and a real Taguette 1.5 on 127.0.0.1
accepting our codebook CSV, then its database read back (slow; skipped without Taguette)."""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from teamdata import BOOK

from interview_coder.errors import InputError
from interview_coder.io.taguette import (
    codebook_csv,
    document_text,
    import_codebook_csv,
    import_project_db,
)
from interview_coder.store.project import Project

HTML = "<p>访谈：你们为什么创新？</p>\n<p>王总：客户 😀 每年都要<b>新的</b>产品 &amp; 服务。</p>"


def test_codebook_csv_carries_tag_paths_and_reads_back_as_the_same_tree(tmp_path: Path) -> None:
    text = codebook_csv(BOOK)
    assert text.startswith("\ufefftag,description\r\n")
    assert "Market/Competition/Imitation," in text and "Support/Subsidy,Government money" in text
    (tmp_path / "book.csv").write_text(text, encoding="utf-8")
    book, warnings = import_codebook_csv(tmp_path / "book.csv")
    assert [(f.id, f.name) for f in book.factors] == [("f_Market", "Market"), ("f_Support", "Support"),
                                                      ("f_Internal", "Internal")]
    assert [(c.id, c.factor, c.parent) for c in book.codes] == [
        ("Customer_demand", "f_Market", None), ("Competition", "f_Market", None),
        ("Imitation", "f_Market", "Competition"), ("Subsidy", "f_Support", None),
        ("University", "f_Support", None), ("R_D_team", "f_Internal", None)]
    assert "3 top-level tag part(s) became factors" in warnings[0]


def test_taguettes_own_codebook_export_reads(tmp_path: Path) -> None:
    """Taguette 1.5 writes tag, description, number of highlights, number of documents (no BOM)."""
    (tmp_path / "codebook.csv").write_text(
        "tag,description,number of highlights,number of documents\r\n"
        "interesting,,3,1\r\npolicy/subsidy,money from the state,2,2\r\npolicy/tax/credit,,1,1\r\n", encoding="utf-8")
    book, _ = import_codebook_csv(tmp_path / "codebook.csv")
    assert [(c.id, c.factor, c.parent, c.description) for c in book.codes] == [
        ("interesting", "f_interesting", None, ""), ("subsidy", "f_policy", None, "money from the state"),
        ("tax", "f_policy", None, ""), ("credit", "f_policy", "tax", "")]


@pytest.mark.parametrize("header, reason", [("tag,name\r\n", "exactly one of"), ("label\r\n", "found none")])
def test_a_csv_without_one_tag_column_is_refused(tmp_path: Path, header: str, reason: str) -> None:
    (tmp_path / "bad.csv").write_text(header + "x\r\n", encoding="utf-8")
    with pytest.raises(InputError, match=reason) as info:
        import_codebook_csv(tmp_path / "bad.csv")
    assert info.value.line == 1


def test_html_text_and_utf8_offsets() -> None:
    text, to_cp = document_text(HTML)
    assert text == "访谈：你们为什么创新？\n\n王总：客户 😀 每年都要新的产品 & 服务。"
    units = "".join(["访谈：你们为什么创新？", "\n", "王总：客户 😀 每年都要"]).encode("utf-8")
    start = len(units)
    end = start + len("新的".encode())
    assert text[to_cp(start):to_cp(end)] == "新的"
    assert to_cp(start + 1) is None  # inside a character


def taguette_db(path: Path, html: str, highlights: list[tuple[int, int, list[str]]]) -> None:
    """The tables of a Taguette 1.5 database that the import reads, filled by hand."""
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE projects (id INTEGER PRIMARY KEY, name TEXT, description TEXT, created TEXT);
        CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT, description TEXT, filename TEXT, created TEXT,
                                project_id INTEGER, text_direction TEXT, contents TEXT);
        CREATE TABLE tags (id INTEGER PRIMARY KEY, project_id INTEGER, path TEXT, description TEXT);
        CREATE TABLE highlights (id INTEGER PRIMARY KEY, document_id INTEGER, start_offset INTEGER,
                                 end_offset INTEGER, snippet TEXT);
        CREATE TABLE highlight_tags (highlight_id INTEGER, tag_id INTEGER);
        INSERT INTO projects VALUES (1, 'study', '', '2024-01-01');
        INSERT INTO tags VALUES (1, 1, 'market/customers', 'what customers want'), (2, 1, 'novelty', '');
    """)
    conn.execute("INSERT INTO documents VALUES (1, 'wang', '', 'wang.html', '2024-01-01', 1, 'LEFT_TO_RIGHT', ?)",
                 (html,))
    from interview_coder.io.taguette import document_text as plain

    text, _ = plain(html)
    for i, (a, b, tags) in enumerate(highlights, start=1):
        conn.execute("INSERT INTO highlights VALUES (?, 1, ?, ?, ?)", (i, a, b, "snippet"))
        conn.executemany("INSERT INTO highlight_tags VALUES (?, ?)", [(i, t) for t in tags])
    conn.commit()
    conn.close()


def test_a_taguette_database_imports_with_byte_offsets_converted(tmp_path: Path) -> None:
    body = "访谈：你们为什么创新？\n王总：客户 😀 每年都要"  # the newline between the paragraphs is a text node
    a = len(body.encode())
    b = a + len("新的产品".encode())  # across the <b> tag
    taguette_db(tmp_path / "t.sqlite3", HTML, [(a, b, [1, 2]), (a - len("客户 😀 每年都要".encode()), a, [1])])
    with Project.open(tmp_path / "p.db", create=True) as project:
        result = import_project_db(project, tmp_path / "t.sqlite3")
        rows = project.conn.execute('SELECT c.code_id, substr(p.text, c.start + 1, c."end" - c.start) '
                                    "FROM codings c JOIN passages p ON p.id = c.passage_id ORDER BY c.id").fetchall()
        codes = project.conn.execute("SELECT id, factor_id, description FROM codes ORDER BY seq").fetchall()
    assert [tuple(r) for r in rows] == [("customers", "客户 😀 每年都要"), ("customers", "新的产品"), ("novelty", "新的产品")]
    assert [tuple(c) for c in codes] == [("customers", "f_market", "what customers want"), ("novelty", "f_novelty", "")]
    assert result.merge is not None and result.merge.source == str(tmp_path / "t.sqlite3")


def test_a_file_that_is_not_a_taguette_database_is_one_error(tmp_path: Path) -> None:
    (tmp_path / "x.sqlite3").write_bytes(b"not sqlite at all, just text" * 10)
    with Project.open(tmp_path / "p.db", create=True) as project, pytest.raises(InputError, match="not a Taguette"):
        import_project_db(project, tmp_path / "x.sqlite3")


# ---- a real Taguette ---------------------------------------------------------------------------


def taguette_text(html: str) -> str:
    """The text of HTML as Taguette counts it (text nodes only), read independently of the importer."""
    from html.parser import HTMLParser

    pieces: list[str] = []
    parser = HTMLParser(convert_charrefs=True)
    parser.handle_data = pieces.append  # type: ignore[method-assign]
    parser.feed(html)
    parser.close()
    return "".join(pieces)


def taguette_program() -> str | None:
    """Taguette 1.5 from PyPI (pip install taguette), named by INTERVIEW_CODER_TAGUETTE or on PATH."""
    return os.environ.get("INTERVIEW_CODER_TAGUETTE") or shutil.which("taguette")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Browser:
    """Just enough of a browser for Taguette's forms: cookies and the _xsrf token."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.open = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar)).open

    def xsrf(self) -> str:
        return next(c.value for c in self.jar if c.name == "_xsrf") or ""

    def get(self, path: str) -> str:
        with self.open(self.base + path, timeout=30) as r:
            return str(r.read().decode("utf-8"))

    def post(self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes, str]] | None = None,
             as_json: bool = False) -> str:
        headers = {"X-XSRFToken": self.xsrf()}
        if as_json:
            data = json.dumps(fields).encode()
            headers["Content-Type"] = "application/json"
        elif files:
            boundary = uuid.uuid4().hex
            parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
                     for k, v in {**fields, "_xsrf": self.xsrf()}.items()]
            for k, (name, body, kind) in files.items():
                parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"; filename="{name}"\r\n'
                             f"Content-Type: {kind}\r\n\r\n".encode() + body + b"\r\n")
            data = b"".join(parts) + f"--{boundary}--\r\n".encode()
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        else:
            data = urllib.parse.urlencode({**fields, "_xsrf": self.xsrf()}).encode()
        request = urllib.request.Request(self.base + path, data=data, headers=headers, method="POST")
        with self.open(request, timeout=60) as r:
            return str(r.read().decode("utf-8"))


@contextlib.contextmanager
def running_taguette(tmp_path: Path) -> Iterator[tuple[Browser, Path]]:
    """A real Taguette on 127.0.0.1 with its own database, logged in; stopped on leaving."""
    program = taguette_program()
    if program is None:
        pytest.skip("Taguette is not installed (pip install taguette, or set INTERVIEW_CODER_TAGUETTE)")
    port = free_port()
    db = tmp_path / "taguette.sqlite3"
    env = {**os.environ, "HOME": str(tmp_path)}
    server = subprocess.Popen([program, "--no-browser", "-b", "127.0.0.1", "-p", str(port), "--database", str(db)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    try:
        token = None
        deadline = time.monotonic() + 60
        assert server.stdout is not None
        while token is None and time.monotonic() < deadline:
            line = server.stdout.readline()
            if "?token=" in line:
                token = line.strip().split("?token=")[1]
        assert token, "Taguette did not start"
        web = Browser(f"http://127.0.0.1:{port}")
        web.get(f"/?token={token}")
        yield web, db
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.mark.slow
def test_a_real_taguette_accepts_our_codebook_and_its_highlights_come_back(tmp_path: Path) -> None:
    with running_taguette(tmp_path) as (web, db):
        web.get("/project/new")
        web.post("/project/new", {"name": "study", "description": ""})
        # our codebook CSV through Taguette's own two-step import (upload, confirm)
        csv_bytes = codebook_csv(BOOK).encode("utf-8")
        page = web.post("/project/1/import_codebook", {}, {"file": ("codebook.csv", csv_bytes, "text/csv")})
        assert "Market/Competition/Imitation" in page
        paths = [line.split(",")[0] for line in codebook_csv(BOOK)[1:].splitlines()[1:]]
        confirm = {}
        for i, p in enumerate(paths):
            confirm |= {f"tag{i}-path": p, f"tag{i}-description": "", f"tag{i}-import": "1"}
        web.post("/project/1/import_codebook", confirm)
        # a document and a highlight made in Taguette, on text with an emoji and Chinese
        web.post("/api/project/1/document/new", {"name": "wang", "description": ""},
                 # without the meta charset Taguette 1.5 reads the upload as cp1252 (mojibake)
                 {"file": ("wang.html", f'<html><head><meta charset="utf-8"></head><body>{HTML}</body></html>'
                           .encode(), "text/html")})
        with sqlite3.connect(db) as conn:
            tag_id = conn.execute("SELECT id FROM tags WHERE path = 'Market/Customer demand'").fetchone()[0]
        chunks = json.loads(web.get("/api/project/1/document/1/contents"))["contents"]
        counted = "".join(taguette_text(c["contents"]) for c in chunks)  # what Taguette counts: text, no tags
        assert "新的产品" in counted, chunks
        start = len(counted[:counted.index("新的产品")].encode("utf-8"))
        web.post("/api/project/1/document/1/highlight/new",
                 {"start_offset": start, "end_offset": start + len("新的产品".encode()), "tags": [tag_id]},
                 as_json=True)
    conn = sqlite3.connect(db)
    stored = sorted(r[0] for r in conn.execute("SELECT path FROM tags"))
    conn.close()
    assert sorted(set(stored) - {"interesting"}) == sorted(paths)  # every tag of ours ('interesting' is its default)
    with Project.open(tmp_path / "p.db", create=True) as project:
        import_project_db(project, db)
        rows = project.conn.execute('SELECT c.code_id, substr(p.text, c.start + 1, c."end" - c.start) '
                                    "FROM codings c JOIN passages p ON p.id = c.passage_id").fetchall()
    assert [tuple(r) for r in rows] == [("Customer_demand", "新的产品")]


@pytest.mark.slow
def test_a_real_taguette_imports_our_project_database_with_every_highlight_on_our_text(tmp_path: Path) -> None:
    """export taguette -> Taguette's Import project; its API hands back each highlight on the text we coded,
    and its highlights CSV export reads back into the same codings (codings import)."""
    from teamdata import add_transcript, make_project, passage_id

    from interview_coder.io.taguette_export import export_taguette
    from interview_coder.store.codings import apply_code

    def study(path: Path, code: bool) -> tuple[Project, list[tuple[str, str, str]]]:
        project = make_project(path)
        add_transcript(project, "emoji", "Q: What do customers say?\n\nA: 😀😀 Customers & partners love <new> "
                       "sensors 👍.\n", "M1")
        coded: list[tuple[str, str, str]] = []
        for name, seq, word, code_id in (("emoji", 1, "Customers & partners", "customers"),
                                         ("emoji", 1, "sensors", "rnd"), ("emoji", 1, "Customers & partners", "copying"),
                                         ("zh1", 1, "客户", "subsidy"), ("en1", 1, "new sensors", "customers")):
            pid = passage_id(project, name, seq)
            text = project.conn.execute("SELECT text FROM passages WHERE id = ?", (pid,)).fetchone()[0]
            if code:
                apply_code(project, pid, code_id, "alice", text.index(word), text.index(word) + len(word))
            coded.append((name, word, code_id))
        return project, coded

    project, coded = study(tmp_path / "study.db", code=True)
    export_taguette(project, tmp_path / "ours.sqlite3")
    project.close()
    with sqlite3.connect(tmp_path / "ours.sqlite3") as conn:
        paths = {row[0] for row in conn.execute("SELECT path FROM tags")}
    with running_taguette(tmp_path) as (web, db):
        web.get("/project/import")  # the page of Taguette's "Import project" form (sets the _xsrf cookie)
        listed = json.loads(web.post("/api/import", {}, {"file": ("ours.sqlite3", (tmp_path / "ours.sqlite3")
                                                              .read_bytes(), "application/vnd.sqlite3")}))
        assert listed == {"projects": [{"id": 1, "name": "study"}]}
        imported = json.loads(web.post("/api/import", {"project_id": "1"}, {"file": (
            "ours.sqlite3", (tmp_path / "ours.sqlite3").read_bytes(), "application/vnd.sqlite3")}))
        pid = imported["project_id"]
        with sqlite3.connect(db) as conn:
            documents = dict(conn.execute("SELECT id, name FROM documents WHERE project_id = ?", (pid,)).fetchall())
        seen: list[tuple[str, str, str]] = []
        for doc_id, doc_name in documents.items():
            chunks = json.loads(web.get(f"/api/project/{pid}/document/{doc_id}/contents"))["contents"]
            counted = "".join(taguette_text(c["contents"]) for c in chunks).encode("utf-8")
            for h in json.loads(web.get(f"/api/project/{pid}/document/{doc_id}"))["highlights"]:
                text = counted[h["start_offset"]:h["end_offset"]].decode("utf-8")
                seen += [(doc_name, text, t) for t in h["tags"]]
        csv_export = web.get(f"/project/{pid}/export/highlights/.csv")
        with web.open(f"{web.base}/project/{pid}/export/highlights/.xlsx", timeout=30) as r:
            (tmp_path / "highlights.xlsx").write_bytes(r.read())
    with sqlite3.connect(db) as conn:
        tag_path = dict(conn.execute("SELECT id, path FROM tags WHERE project_id = ?", (pid,)).fetchall())
    assert paths == set(tag_path.values())
    names = {"customers": "Market/Customer demand", "copying": "Market/Competition/Imitation",
             "rnd": "Internal/R&D team", "subsidy": "Support/Subsidy"}
    assert sorted((d, text, tag_path[t] if isinstance(t, int) else t) for d, text, t in seen) == sorted(
        (n, w, names[c]) for n, w, c in coded)
    assert csv_export.splitlines()[0].strip() == "id,document,tag,content"
    # Taguette's highlights export of our file, read back by codings import into the same study uncoded
    (tmp_path / "highlights.csv").write_text(csv_export, encoding="utf-8")
    from click.testing import CliRunner

    from interview_coder.cli import main

    study(tmp_path / "again.db", code=False)[0].close()
    for name, added in (("highlights.csv", 5), ("highlights.xlsx", 0)):  # the XLSX holds the same highlights
        result = CliRunner().invoke(main, ["codings", "import", "-p", str(tmp_path / "again.db"), str(tmp_path / name),
                                           "--coder", "alice"])
        assert result.exit_code == 0, result.output
        assert "warning" not in result.stderr and f"4 placed (4 exactly, 0 ignoring whitespace; 0 of them by their order in the file), {added} codings added" \
            in result.stderr
    with Project.open(tmp_path / "again.db") as again:
        back = again.conn.execute(
            'SELECT t.name, substr(p.text, c.start + 1, c."end" - c.start), c.code_id FROM codings c '
            "JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id").fetchall()
    assert sorted(tuple(r) for r in back) == sorted(coded)
