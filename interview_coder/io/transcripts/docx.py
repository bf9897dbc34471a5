"""Word documents read whole: body paragraphs, tables, tracked changes, content controls, altChunks.

What a reader of the document sees is what is imported: tracked insertions are accepted and
tracked deletions (and text moved away) left out; text inside content controls, hyperlinks and
fields is read; each table row whose first cell is a speaker label becomes ``label: text`` (the
common speaker | text layout), other rows their cells joined by spaces; an altChunk embedded in
the file (HTML, plain text or another .docx) is read in place. Nothing outside the file is ever
fetched: a document that includes external content is refused, saying so.
"""

from __future__ import annotations

import html.parser
import io
import posixpath
import re
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

from interview_coder.errors import InputError
from interview_coder.io.transcripts.tools.labels import TIME_RE, is_label
from interview_coder.text.normalize import normalize

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_NESTING = 4
"""altChunks holding .docx files holding altChunks...: deeper than this is refused."""
# Header cells of a speaker | text table, compared case-insensitively.
HEADER_CELLS = frozenset({"speaker", "name", "who", "label", "说话人", "发言人", "角色", "姓名", "text", "transcript",
                          "content", "内容", "发言", "time", "timestamp", "时间"})
# Containers whose text a reader does not see as the document's: deletions, text moved away.
_SKIP = {f"{W}del", f"{W}moveFrom", f"{W}rPr", f"{W}pPr", f"{W}sectPr", f"{W}tblPr", f"{W}trPr", f"{W}tcPr"}


def docx_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph of the document, tables and embedded parts included, in order."""
    from interview_coder.io.safezip import open_zip, refuse_xml_dtds

    # Traversal, symlinks, zip bombs, DTDs and entities are refused before anything is parsed.
    with open_zip(path, what=".docx file") as zf:
        refuse_xml_dtds(zf, path)
        return _package_paragraphs(zf, path, 0)


def _package_paragraphs(zf: zipfile.ZipFile, path: Path, depth: int) -> list[str]:
    from interview_coder.io.safezip import read_member

    main = _main_part(zf, path)
    rels = _relationships(zf, main)
    try:
        root = ET.fromstring(read_member(zf, main, MAX_PART_BYTES))
    except ET.ParseError as exc:
        raise InputError(f"not a readable .docx file (broken {main}: {exc})", path) from None
    body = root.find(f"{W}body")
    if body is None:
        raise InputError(f"not a readable .docx file ({main} has no body)", path)
    out: list[str] = []
    _blocks(body, out, zf, path, rels, main, depth)
    return out


def _main_part(zf: zipfile.ZipFile, path: Path) -> str:
    from interview_coder.io.safezip import read_member

    try:
        root = ET.fromstring(read_member(zf, "_rels/.rels", MAX_PART_BYTES))
    except (InputError, ET.ParseError):
        root = None
    if root is not None:
        for rel in root.iter(f"{REL}Relationship"):
            if rel.get("Type", "").endswith("/officeDocument") and rel.get("TargetMode") != "External":
                return rel.get("Target", "").lstrip("/")
    if "word/document.xml" in zf.namelist():
        return "word/document.xml"
    raise InputError("not a readable .docx file (no main document part)", path)


def _relationships(zf: zipfile.ZipFile, part: str) -> dict[str, tuple[str, bool]]:
    """The part's relationships: id -> (target part or URL, external?)."""
    from interview_coder.io.safezip import read_member

    folder, name = posixpath.split(part)
    rels_name = posixpath.join(folder, "_rels", name + ".rels")
    if rels_name not in zf.namelist():
        return {}
    try:
        root = ET.fromstring(read_member(zf, rels_name, MAX_PART_BYTES))
    except ET.ParseError:
        return {}
    out = {}
    for rel in root.iter(f"{REL}Relationship"):
        external = rel.get("TargetMode") == "External"
        target = rel.get("Target", "")
        if not external:
            target = posixpath.normpath(posixpath.join(folder, target)).lstrip("/") if not target.startswith("/") \
                else target.lstrip("/")
        out[rel.get("Id", "")] = (target, external)
    return out


def _blocks(parent: ET.Element, out: list[str], zf: zipfile.ZipFile, path: Path,
            rels: dict[str, tuple[str, bool]], part: str, depth: int) -> None:
    """Paragraphs of body-level content in document order: w:p, w:tbl, w:sdt, w:altChunk, tracked wrappers."""
    for child in parent:
        tag = child.tag
        if tag == f"{W}p":
            out.append(_paragraph_text(child))
        elif tag == f"{W}tbl":
            _table(child, out)
        elif tag in (f"{W}sdt", f"{W}sdtContent", f"{W}ins", f"{W}moveTo", f"{W}customXml", f"{W}smartTag"):
            _blocks(child, out, zf, path, rels, part, depth)
        elif tag == f"{W}altChunk":
            out.extend(_alt_chunk(child, zf, path, rels, depth))


def _paragraph_text(p: ET.Element) -> str:
    parts: list[str] = []

    def walk(el: ET.Element) -> None:
        for child in el:
            tag = child.tag
            if tag in _SKIP:
                continue
            if tag == f"{W}t":
                parts.append(child.text or "")
            elif tag == f"{W}tab":
                parts.append("\t")
            elif tag in (f"{W}br", f"{W}cr"):
                parts.append("\n")
            elif tag == f"{W}noBreakHyphen":
                parts.append("-")
            elif tag == f"{W}p":  # a text box's paragraphs inside this one
                parts.append(" ")
                walk(child)
            else:
                walk(child)

    walk(p)
    return "".join(parts)


def _table(tbl: ET.Element, out: list[str]) -> None:
    """Rows to paragraphs: ``label: text`` when the first cell is a speaker label, else the cells."""
    for row in tbl.iter(f"{W}tr"):
        cells = []
        for cell in row.findall(f"{W}tc") + [c for s in row.findall(f"{W}sdt") for c in s.iter(f"{W}tc")]:
            paragraphs: list[str] = []
            _cell_blocks(cell, paragraphs)
            cells.append("\n".join(p.strip() for p in paragraphs if p.strip()))
        filled = [c for c in cells if c]
        if not filled:
            continue
        if all(c.casefold().rstrip(":：") in HEADER_CELLS for c in filled):
            continue  # the header row of a speaker | text table
        first, rest = filled[0], [c for c in filled[1:] if not TIME_RE.fullmatch(c)]
        if rest and "\n" not in first and is_label(first) and not first.endswith((":", "：")):
            out.append(f"{first}: " + " ".join(rest))
        elif rest and "\n" not in first and is_label(first.rstrip(":：")):
            out.append(f"{first} " + " ".join(rest))
        else:
            out.append(" ".join(filled))


def _cell_blocks(cell: ET.Element, out: list[str]) -> None:
    for child in cell:
        if child.tag == f"{W}p":
            out.append(_paragraph_text(child))
        elif child.tag == f"{W}tbl":
            _table(child, out)
        elif child.tag in (f"{W}sdt", f"{W}sdtContent", f"{W}ins", f"{W}moveTo", f"{W}customXml"):
            _cell_blocks(child, out)


def _alt_chunk(el: ET.Element, zf: zipfile.ZipFile, path: Path, rels: dict[str, tuple[str, bool]],
               depth: int) -> list[str]:
    from interview_coder.io.safezip import read_member

    target, external = rels.get(el.get(R_ID, ""), ("", False))
    if external:
        raise InputError(f"refused: the document includes external content ({target}), which interview-coder "
                         "never fetches; save the document with that content embedded", path)
    if not target or target not in zf.namelist():
        raise InputError(f"an embedded part ({target or 'no target'}) is missing from the document", path)
    data = read_member(zf, target, MAX_PART_BYTES)
    kind = target.rsplit(".", 1)[-1].lower()
    if kind in ("htm", "html", "xhtml", "mht", "mhtml"):
        return _html_paragraphs(data.decode("utf-8", "replace"))
    if kind == "txt":
        return data.decode("utf-8-sig", "replace").replace("\r\n", "\n").split("\n")
    if kind in ("docx", "docm", "dotx"):
        if depth >= MAX_NESTING:
            raise InputError(f"refused: embedded documents nested more than {MAX_NESTING} deep", path)
        try:
            inner = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise InputError(f"an embedded document ({target}) is not a readable .docx", path) from None
        from interview_coder.io.safezip import check_zip, refuse_xml_dtds

        with inner:
            check_zip(inner, path)
            refuse_xml_dtds(inner, path)
            return _package_paragraphs(inner, path, depth + 1)
    raise InputError(f"an embedded part of type .{kind} ({target}) cannot be read; save the document as "
                     ".docx with that content pasted in", path)


class _HtmlText(html.parser.HTMLParser):
    """Block elements end a paragraph; script and style are not text."""

    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "blockquote"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = [""]
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head"):
            self._skip += 1
        elif tag in self.BLOCKS:
            self.paragraphs.append("")
        elif tag in ("td", "th"):
            self.paragraphs[-1] += " "

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head"):
            self._skip = max(0, self._skip - 1)
        elif tag in self.BLOCKS:
            self.paragraphs.append("")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.paragraphs[-1] += re.sub(r"\s+", " ", data)


def _html_paragraphs(text: str) -> list[str]:
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    return [p.strip() for p in parser.paragraphs if p.strip()]


def docx_text(path: Path) -> str:
    """The paragraphs joined as a plain transcript: blank lines between them, front matter kept tight."""
    lines = docx_paragraphs(path)
    # Front matter paragraphs stay on consecutive lines so that the YAML block reads as one.
    out: list[str] = []
    in_front = bool(lines) and lines[0].strip() == "---"
    for i, line in enumerate(lines):
        if in_front:
            out.append(line)
            if i > 0 and line.strip() in ("---", "..."):
                in_front = False
                out.append("")
            continue
        if line.strip():
            out.extend([line, ""])
    text = normalize("\n".join(out).strip("\n"))
    if not text.strip():
        raise InputError("the document has no text", path)
    return text
