"""A Taguette project database (.sqlite3) written from the project, for Taguette's "Import project".

Taguette imports a whole project database of its own schema (1.5: Alembic revision
``db5e31a0233d``), checks every document's HTML is what its sanitiser would keep, and copies the
project, documents, tags, highlights and their tags into its own database. What is written:

- each transcript -> one document: the text the ``.qdpx`` export writes (speaker labels written in
  unless ``speakers`` is off), each line a ``<p>`` of escaped text; the line breaks themselves are
  not text in the HTML, so Taguette does not count them;
- each code -> one tag whose path is factor/parent/code (the codebook CSV's paths, io/taguette.py);
- the codings of one span of one transcript -> one highlight with their codes as tags, its offsets
  the UTF-8 bytes of the HTML's text before the span (what Taguette counts), its snippet the span.

Taguette has no coders, statuses or memos: codings of several coders on one span become one
highlight. Positions come from the ``.qdpx`` writer (io/refi.py), so both exports show the same text.
"""

from __future__ import annotations

import re
import sqlite3
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from itertools import accumulate
from pathlib import Path
from typing import Any

from interview_coder.errors import InputError
from interview_coder.io.offsets import OffsetUnit

SCHEMA_REVISION = "db5e31a0233d"  # Taguette 1.5's newest migration (taguette/migrations/versions)
APPLICATION_ID = 0x54677474  # 'Tgtt', the SQLite application id Taguette sets on its databases
NAME_LIMIT = 50  # Taguette refuses longer project and document names
TAG_LIMIT = 200
_USER = "admin"  # the member Taguette's own project export writes; the importing user replaces it

# The tables Taguette 1.5 creates (its SQLAlchemy models), as SQLite DDL. Import checks that each
# table exists and that the Alembic revision is one it knows.
SCHEMA = """
CREATE TABLE users (
    login VARCHAR(30) NOT NULL, created DATETIME NOT NULL, hashed_password VARCHAR(192),
    disabled BOOLEAN NOT NULL, password_set_date DATETIME, language VARCHAR(10), email VARCHAR(256),
    email_sent DATETIME, CONSTRAINT pk_users PRIMARY KEY (login));
CREATE UNIQUE INDEX ix_users_email ON users (email);
CREATE TABLE projects (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR(200) NOT NULL, description TEXT NOT NULL,
    created DATETIME NOT NULL);
CREATE TABLE project_members (
    project_id INTEGER NOT NULL, user_login VARCHAR(30) NOT NULL, privileges VARCHAR(11) NOT NULL,
    CONSTRAINT pk_project_members PRIMARY KEY (project_id, user_login),
    CONSTRAINT fk_project_members_project_id_projects FOREIGN KEY(project_id) REFERENCES projects (id)
        ON DELETE CASCADE,
    CONSTRAINT fk_project_members_user_login_users FOREIGN KEY(user_login) REFERENCES users (login)
        ON DELETE CASCADE ON UPDATE CASCADE);
CREATE INDEX ix_project_members_project_id ON project_members (project_id);
CREATE INDEX ix_project_members_user_login ON project_members (user_login);
CREATE TABLE documents (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, name VARCHAR(200) NOT NULL, description TEXT NOT NULL,
    filename VARCHAR(200) NOT NULL, created DATETIME NOT NULL, project_id INTEGER NOT NULL,
    text_direction VARCHAR(13) NOT NULL, contents TEXT NOT NULL,
    CONSTRAINT fk_documents_project_id_projects FOREIGN KEY(project_id) REFERENCES projects (id)
        ON DELETE CASCADE);
CREATE INDEX ix_documents_project_id ON documents (project_id);
CREATE TABLE commands (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, date DATETIME NOT NULL, user_login VARCHAR(30) NOT NULL,
    project_id INTEGER NOT NULL, document_id INTEGER, payload TEXT NOT NULL,
    CONSTRAINT fk_commands_user_login_users FOREIGN KEY(user_login) REFERENCES users (login) ON UPDATE CASCADE,
    CONSTRAINT fk_commands_project_id_projects FOREIGN KEY(project_id) REFERENCES projects (id)
        ON DELETE CASCADE);
CREATE INDEX ix_commands_project_id ON commands (project_id);
CREATE INDEX idx_project_id ON commands (project_id, id);
CREATE INDEX ix_commands_user_login ON commands (user_login);
CREATE INDEX idx_project_document ON commands (project_id, document_id);
CREATE INDEX ix_commands_document_id ON commands (document_id);
CREATE INDEX ix_commands_date ON commands (date);
CREATE TABLE tags (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, project_id INTEGER NOT NULL, path VARCHAR(200) NOT NULL,
    description TEXT NOT NULL, CONSTRAINT uq_tags_project_id UNIQUE (project_id, path),
    CONSTRAINT fk_tags_project_id_projects FOREIGN KEY(project_id) REFERENCES projects (id) ON DELETE CASCADE);
CREATE INDEX ix_tags_path ON tags (path);
CREATE INDEX ix_tags_project_id ON tags (project_id);
CREATE TABLE highlights (
    id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT, document_id INTEGER NOT NULL, start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL, snippet TEXT NOT NULL,
    CONSTRAINT fk_highlights_document_id_documents FOREIGN KEY(document_id) REFERENCES documents (id)
        ON DELETE CASCADE);
CREATE INDEX ix_highlights_document_id ON highlights (document_id);
CREATE TABLE highlight_tags (
    highlight_id INTEGER NOT NULL, tag_id INTEGER NOT NULL,
    CONSTRAINT pk_highlight_tags PRIMARY KEY (highlight_id, tag_id),
    CONSTRAINT fk_highlight_tags_highlight_id_highlights FOREIGN KEY(highlight_id) REFERENCES highlights (id)
        ON DELETE CASCADE,
    CONSTRAINT fk_highlight_tags_tag_id_tags FOREIGN KEY(tag_id) REFERENCES tags (id) ON DELETE CASCADE);
CREATE INDEX ix_highlight_tags_highlight_id ON highlight_tags (highlight_id);
CREATE INDEX ix_highlight_tags_tag_id ON highlight_tags (tag_id);
CREATE TABLE alembic_version (
    version_num VARCHAR(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num));
"""


@dataclass(frozen=True)
class Document:
    """One transcript as Taguette's document: HTML, and plain-text offset -> Taguette's byte offset."""

    text: str
    """The text shown: the transcript's, with characters HTML cannot hold as spaces (same offsets)."""
    html: str
    to_bytes: Callable[[int], int]


# Control characters other than tab and line feed, and the non-characters U+FFFE/U+FFFF: Taguette's
# sanitiser would change them, and it refuses a document whose HTML it would change.
_HTML_BAD = re.compile("[\x00-\x08\x0b-\x1f\x7f\ufffe\uffff]")


def document_html(text: str) -> Document:
    """Each line of ``text`` one ``<p>``; offsets count UTF-8 bytes of the text without its line breaks."""
    text = _HTML_BAD.sub(" ", text)
    lines = text.split("\n")
    html = "".join(f"<p>{escape(line, quote=False)}</p>" for line in lines if line)
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    utf8 = list(accumulate((len(ch.encode("utf-8")) for ch in text), initial=0))

    def to_bytes(i: int) -> int:
        return utf8[i] - bisect_left(newlines, i)  # the line breaks before i are not counted

    return Document(text, html, to_bytes)


def _stamp(value: Any) -> str:
    """A time as SQLAlchemy stores DATETIME in SQLite (UTC, no zone)."""
    try:
        moment = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        moment = datetime.now(UTC)
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC).replace(tzinfo=None)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f")


def _short(name: str, used: set[str]) -> str:
    """A name Taguette accepts (at most 50 characters), unique among ``used``."""
    base = name.strip()[:NAME_LIMIT] or "document"
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate = base[:NAME_LIMIT - len(suffix)] + suffix
        n += 1
    used.add(candidate.casefold())
    return candidate


def _tag_rows(book: Any) -> dict[str, tuple[str, str]]:
    """Code id -> (unique tag path, description)."""
    from interview_coder.io.taguette import tag_paths

    rows: dict[str, tuple[str, str]] = {}
    seen: set[str] = set()
    for code, (path, description) in zip(book.codes, tag_paths(book), strict=True):
        path = path[:TAG_LIMIT]
        if path in seen:  # two codes of one name under one parent
            path = f"{path[:TAG_LIMIT - len(code.id) - 3]} ({code.id})"
        seen.add(path)
        rows[code.id] = (path, description or "")
    return rows


Highlight = tuple[int, int, str, list[str]]  # start byte, end byte, snippet HTML, code ids


def taguette_project(project: Any, status: str = "accepted", speakers: bool = True
                     ) -> tuple[dict[str, tuple[str, str]], list[tuple[str, str, str, list[Highlight]]]]:
    """(code id -> (tag path, description), documents as (name, created, html, highlights)) of the project.

    A highlight is (start byte, end byte, snippet, code ids), in Taguette's count.
    """
    from interview_coder.io.refi import PROJECT_NS, QdpxOptions, guid, project_xml
    from interview_coder.io.safexml import parse_xml
    from interview_coder.store.codebook import load_codebook

    qde, files, _ = project_xml(project, options=QdpxOptions(status=status, offsets=OffsetUnit.CODEPOINTS,
                                                              speakers=speakers))
    book = load_codebook(project)
    tags = _tag_rows(book)
    code_of = {guid("code", c.id): c.id for c in book.codes}
    root = parse_xml(qde, "project.qde")
    ns = {"q": PROJECT_NS}
    documents = []
    used: set[str] = set()
    for src in root.iterfind("q:Sources/q:TextSource", ns):
        doc = document_html(files[f"sources/{src.get('guid')}.txt"])
        text = doc.text
        spans: dict[tuple[int, int], list[str]] = {}
        for sel in src.iterfind("q:PlainTextSelection", ns):
            a, b = int(sel.get("startPosition", "0")), int(sel.get("endPosition", "0"))
            codes = [code_of[r.get("targetGUID", "")] for r in sel.iterfind("q:Coding/q:CodeRef", ns)
                     if r.get("targetGUID") in code_of]
            if codes and a < b:
                listed = spans.setdefault((a, b), [])
                listed += [c for c in codes if c not in listed]
        highlights = []
        for (a, b), codes in sorted(spans.items()):
            start, end = doc.to_bytes(a), doc.to_bytes(b)
            if start < end:  # a span of nothing but line breaks has no text in Taguette
                snippet = "".join(f"<p>{escape(line, quote=False)}</p>" if k else escape(line, quote=False)
                                  for k, line in enumerate(text[a:b].split("\n")) if line)
                highlights.append((start, end, snippet, codes))
        documents.append((_short(src.get("name") or "document", used), _stamp(src.get("creationDateTime")),
                          doc.html, highlights))
    return tags, documents


def is_taguette_db(path: Path) -> bool:
    """Whether ``path`` is an SQLite file Taguette marked as its own (application id 'Tgtt')."""
    try:
        with Path(path).open("rb") as f:
            head = f.read(100)
    except OSError:
        return False
    return head[:16] == b"SQLite format 3\x00" and int.from_bytes(head[68:72], "big") == APPLICATION_ID


def export_taguette(project: Any, path: Path, status: str = "accepted", speakers: bool = True) -> dict[str, int]:
    """Write the project as a Taguette 1.5 project database at ``path`` (whole or not at all)."""
    import os

    path = Path(path)
    tags, documents = taguette_project(project, status, speakers)
    tmp = path.with_name(path.name + ".part")
    tmp.unlink(missing_ok=True)
    now = _stamp(None)
    counts = {"documents": len(documents), "tags": len(tags), "highlights": 0}
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA auto_vacuum=1")
            conn.executescript(SCHEMA)
            conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            conn.execute("INSERT INTO alembic_version VALUES (?)", (SCHEMA_REVISION,))
            conn.execute("INSERT INTO users (login, created, disabled) VALUES (?, ?, 0)", (_USER, now))
            name = (project.path.stem or "interview-coder")[:NAME_LIMIT]
            pid = conn.execute("INSERT INTO projects (name, description, created) VALUES (?, ?, ?)",
                               (name, "Exported from interview-coder", now)).lastrowid
            conn.execute("INSERT INTO project_members VALUES (?, ?, 'ADMIN')", (pid, _USER))
            tag_id: dict[str, int] = {}
            for code_id, (tag_path, description) in tags.items():
                row = conn.execute("INSERT INTO tags (project_id, path, description) VALUES (?, ?, ?)",
                                   (pid, tag_path, description)).lastrowid
                assert row is not None
                tag_id[code_id] = row
            for name, created, html, highlights in documents:
                did = conn.execute(
                    "INSERT INTO documents (name, description, filename, created, project_id, text_direction, "
                    "contents) VALUES (?, '', ?, ?, ?, 'LEFT_TO_RIGHT', ?)",
                    (name, f"{name}.html"[:100], created, pid, html)).lastrowid
                for start, end, snippet, codes in highlights:
                    hid = conn.execute("INSERT INTO highlights (document_id, start_offset, end_offset, snippet) "
                                       "VALUES (?, ?, ?, ?)", (did, start, end, snippet)).lastrowid
                    conn.executemany("INSERT INTO highlight_tags VALUES (?, ?)", [(hid, tag_id[c]) for c in codes])
                    counts["highlights"] += 1
            conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)
    except (OSError, sqlite3.Error) as exc:
        tmp.unlink(missing_ok=True)
        raise InputError(f"cannot write: {getattr(exc, 'strerror', None) or exc}", path) from exc
    return counts
