"""Taguette exchange: its codebook CSV both ways, and its project database (.sqlite3) in.

Taguette names a tag by a path, ``Factor/Code/Child``: here the first part is the factor and the
rest the code under its parents. Taguette's codebook import reads a CSV with a ``tag`` column (or
``name`` or ``path``, only one of them) and an optional ``description``; it guesses the encoding,
so the file starts with a UTF-8 byte-order mark.

A Taguette project database holds documents as HTML and highlights as UTF-8 byte offsets into the
text of that HTML (tags not counted). It is read into a REFI-QDA project in memory, offsets turned
into code points of the plain text, and imported the way every ``.qdpx`` is (io/refi_import.py).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from interview_coder.core.codebook import CodebookInvalid, validate_codebook
from interview_coder.core.model import Codebook
from interview_coder.errors import InputError
from interview_coder.io.offsets import OffsetUnit, UnitIndex
from interview_coder.io.transcripts.reading import read_bytes

MAX_CSV_BYTES = 20 * 1024 * 1024
PATH_COLUMNS = ("tag", "name", "path")


# ---- codebook CSV ------------------------------------------------------------------------------


def tag_paths(book: Codebook) -> list[tuple[str, str]]:
    """(Taguette tag path, description) of each code: factor name / parent names / code name."""
    by_id = {c.id: c for c in book.codes}
    factor_name = {f.id: f.name or f.id for f in book.factors}

    def parts(code_id: str) -> list[str]:
        code = by_id[code_id]
        chain: list[str] = []
        seen: set[str] = set()
        while code.parent and code.parent in by_id and code.parent not in seen:
            seen.add(code.id)
            code = by_id[code.parent]
            chain.insert(0, code.name or code.id)
        return [factor_name.get(code.factor, code.factor), *chain]

    return [("/".join(p.replace("/", "-") for p in [*parts(c.id), c.name or c.id]), c.description)
            for c in book.codes]


def codebook_csv(book: Codebook) -> str:
    """The codebook as the CSV Taguette's "Import codebook" reads: tag path, description."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(["tag", "description"])
    for path, description in tag_paths(book):
        writer.writerow([path, description])
    return "\ufeff" + buf.getvalue()


def book_from_paths(rows: list[tuple[str, str]], warnings: list[str]) -> tuple[Codebook, dict[str, str]]:
    """A codebook from tag paths: first part the factor, the rest codes under their parents; and path -> code id."""
    from interview_coder.io.refi_import import _unique  # one rule for readable ids from names

    used: set[str] = set()
    factors: dict[str, dict[str, Any]] = {}
    codes: dict[str, dict[str, Any]] = {}  # path -> code node
    descriptions = dict(rows)
    for path, _ in rows:
        parts = [p.strip() for p in path.split("/") if p.strip()]
        if not parts:
            continue
        top = parts[0]
        if top not in factors:
            factors[top] = {"id": _unique("f_" + top, used, "f_tags"), "name": top, "driver": "internal",
                            "description": descriptions.get(top, "") if len(parts) > 1 else ""}
        chain = parts if len(parts) == 1 else parts[1:]
        parent = None
        for depth in range(len(chain)):
            key = "/".join(parts[:1] + chain[:depth + 1]) if len(parts) > 1 else top
            if key not in codes:
                codes[key] = {"id": _unique(chain[depth], used, "tag"), "name": chain[depth],
                              "factor": factors[top]["id"], "description": descriptions.get(key, "")}
                if parent:
                    codes[key]["parent"] = parent
            parent = codes[key]["id"]
    if factors:
        warnings.append(f"{len(factors)} top-level tag part(s) became factors with driver 'internal' "
                        "(Taguette has no drivers): set internal/external in the codebook YAML")
    try:
        book, problems = validate_codebook({"factors": list(factors.values()), "codes": list(codes.values())})
    except CodebookInvalid as exc:
        raise InputError(f"the codebook cannot be used: {exc}") from None
    warnings.extend(p.message for p in problems if "has no keywords" not in p.message)
    return book, {path: node["id"] for path, node in codes.items()}


def import_codebook_csv(path: Path) -> tuple[Codebook, list[str]]:
    """Read Taguette's codebook CSV (its own export, or any CSV with a tag/name/path column)."""
    path = Path(path)
    data = read_bytes(path, MAX_CSV_BYTES, option=None)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (byte {exc.start})", path) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    present = [c for c in PATH_COLUMNS if c in header]
    if len(present) != 1:
        raise InputError("a Taguette codebook needs exactly one of the columns 'tag', 'name', 'path' "
                         f"(found {', '.join(present) or 'none'})", path, 1)
    col = header.index(present[0])
    desc = header.index("description") if "description" in header else None
    rows = []
    for line, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) <= col or not row[col].strip():
            raise InputError("empty tag name", path, line)
        rows.append((row[col].strip(), row[desc].strip() if desc is not None and len(row) > desc else ""))
    warnings: list[str] = []
    try:
        book, _ = book_from_paths(rows, warnings)
    except InputError as exc:
        exc.path = exc.path or str(path)
        raise
    return book, warnings


# ---- project database --------------------------------------------------------------------------

_BLOCKS = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "blockquote", "pre"}


class _Text(HTMLParser):
    """Plain text of Taguette's HTML, and where each of its text pieces starts in both counts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.length = 0  # code points of plain text so far
        self.units = 0   # Taguette's count: UTF-8 bytes of the HTML's text, tags not counted
        self.pieces: list[tuple[int, int, str]] = []  # (taguette bytes, our code point, text)
        self.pending_break = False

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in _BLOCKS:
            self.pending_break = True

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCKS:
            self.pending_break = True

    def handle_data(self, data: str) -> None:
        if self.pending_break and self.parts and data.strip():
            gap = "\n\n" if not self.parts[-1].endswith("\n") else "\n"
            self.parts.append(gap)
            self.length += len(gap)  # inserted here, not counted by Taguette
        if data.strip():
            self.pending_break = False
        self.pieces.append((self.units, self.length, data))
        self.parts.append(data)
        self.length += len(data)
        self.units += len(data.encode("utf-8"))


@dataclass
class TaguetteDocument:
    """One document as plain text, and its highlights in code points of that text."""

    name: str
    text: str
    highlights: list[tuple[int, int, list[str], str]] = field(default_factory=list)  # start, end, tag paths, snippet
    outside: int = 0


def document_text(html: str) -> tuple[str, Any]:
    """(plain text, Taguette byte offset -> code point of the plain text or None)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.parts)
    starts = [u for u, _, _ in parser.pieces]

    def to_codepoint(units: int) -> int | None:
        from bisect import bisect_right

        k = bisect_right(starts, units) - 1
        if k < 0:
            return 0 if units == 0 else None
        base_units, base_cp, data = parser.pieces[k]
        inside = UnitIndex.of(data, OffsetUnit.UTF8).to_codepoint(units - base_units)
        return None if inside is None else base_cp + inside

    return text, to_codepoint


def read_project_db(path: Path) -> tuple[list[tuple[str, str]], list[TaguetteDocument], str]:
    """(tag paths with descriptions, documents, project name) of the first project in a Taguette database."""
    path = Path(path)
    if not path.exists():
        raise InputError("no such file", path)
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not a Taguette project database ({exc})", path) from None
    if not {"projects", "documents", "tags", "highlights", "highlight_tags"} <= tables:
        conn.close()
        raise InputError("not a Taguette project database (no projects, documents, tags, highlights tables)", path)
    try:
        project = conn.execute("SELECT id, name FROM projects ORDER BY id LIMIT 1").fetchone()
        if project is None:
            raise InputError("the Taguette database holds no project", path)
        pid = project["id"]
        tags = {r["id"]: (r["path"], r["description"] or "") for r in
                conn.execute("SELECT id, path, description FROM tags WHERE project_id = ? ORDER BY path", (pid,))}
        documents = []
        for d in conn.execute("SELECT id, name, contents FROM documents WHERE project_id = ? ORDER BY id", (pid,)):
            text, to_cp = document_text(d["contents"] or "")
            doc = TaguetteDocument(d["name"], text)
            for h in conn.execute("SELECT id, start_offset, end_offset, snippet FROM highlights WHERE document_id = ? "
                                  "ORDER BY start_offset, id", (d["id"],)):
                a, b = to_cp(h["start_offset"]), to_cp(h["end_offset"])
                paths = [tags[t[0]][0] for t in conn.execute(
                    "SELECT tag_id FROM highlight_tags WHERE highlight_id = ?", (h["id"],)) if t[0] in tags]
                if a is None or b is None or not a < b:
                    doc.outside += 1
                    continue
                doc.highlights.append((a, b, paths, document_text(h["snippet"] or "")[0]))
            documents.append(doc)
    except sqlite3.DatabaseError as exc:
        raise InputError(f"cannot read the Taguette database ({exc})", path) from None
    finally:
        conn.close()
    return list(tags.values()), documents, str(project["name"])


def _qdpx_of(tags: list[tuple[str, str]], documents: list[TaguetteDocument], name: str, out: Path) -> None:
    """The Taguette project as a REFI-QDA ``.qdpx`` (code points, snippets as selection names)."""
    import xml.etree.ElementTree as ET
    import zipfile

    from interview_coder.io.refi import PROJECT_NS, guid

    ns = PROJECT_NS
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}Project", {"name": name, "origin": "Taguette"})
    codes = ET.SubElement(ET.SubElement(root, f"{{{ns}}}CodeBook"), f"{{{ns}}}Codes")
    described = dict(tags)
    nodes: dict[str, ET.Element] = {}
    for path in sorted({p for p, _ in tags} | {p for d in documents for h in d.highlights for p in h[2]}):
        parts = [p.strip() for p in path.split("/") if p.strip()]
        parent = codes
        for depth in range(len(parts)):
            key = "/".join(parts[:depth + 1])
            if key not in nodes:
                nodes[key] = ET.SubElement(parent, f"{{{ns}}}Code", {
                    "guid": guid("taguette-tag", key), "name": parts[depth],
                    "isCodable": "true" if key in described or depth else "false"})
                if described.get(key):
                    ET.SubElement(nodes[key], f"{{{ns}}}Description").text = described[key]
            parent = nodes[key]
    sources = ET.SubElement(root, f"{{{ns}}}Sources")
    files = {}
    for i, doc in enumerate(documents):
        g = guid("taguette-document", f"{i}:{doc.name}")
        files[f"sources/{g}.txt"] = doc.text
        src = ET.SubElement(sources, f"{{{ns}}}TextSource", {"guid": g, "name": doc.name,
                                                                "plainTextPath": f"internal://{g}.txt"})
        for k, (a, b, paths, snippet) in enumerate(doc.highlights):
            sel = ET.SubElement(src, f"{{{ns}}}PlainTextSelection", {
                "guid": guid("taguette-highlight", f"{g}:{k}"), "name": snippet,
                "startPosition": str(a), "endPosition": str(b)})
            for p in paths:
                key = "/".join(x.strip() for x in p.split("/") if x.strip())
                coding = ET.SubElement(sel, f"{{{ns}}}Coding", {"guid": guid("taguette-coding", f"{g}:{k}:{key}")})
                ET.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": guid("taguette-tag", key)})
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("project.qde", ET.tostring(root, encoding="utf-8", xml_declaration=True))
        for member, text in files.items():
            z.writestr(member, text.encode("utf-8"))


def import_project_db(project: Any, path: Path, prefer: str | None = None, rename: bool = False) -> Any:
    """Import a Taguette project database: documents, tags (paths as factor/code/child), highlights."""
    import tempfile

    from interview_coder.io.refi_import import import_qdpx

    path = Path(path)
    tags, documents, name = read_project_db(path)
    with tempfile.TemporaryDirectory(prefix="interview-coder-taguette-") as tmp:
        qdpx = Path(tmp) / f"{path.stem}.qdpx"
        _qdpx_of(tags, documents, name, qdpx)
        try:
            result = import_qdpx(project, qdpx, prefer=prefer, rename=rename)
        except InputError as exc:
            exc.path = str(path)
            raise
    outside = sum(d.outside for d in documents)
    if outside:
        result.warnings.insert(0, f"{outside} highlight(s) do not fall on the document's text: not imported")
    if result.merge is not None:
        result.merge.source = str(path)
    return result
