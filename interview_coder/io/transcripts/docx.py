"""Word documents: each non-empty paragraph becomes a paragraph of a plain transcript."""

from __future__ import annotations

import zipfile
from pathlib import Path

from interview_coder.errors import InputError


def docx_paragraphs(path: Path) -> list[str]:
    """The text of each paragraph of the document body, in order."""
    from interview_coder.io.safezip import open_zip, refuse_xml_dtds

    # Traversal, symlinks, zip bombs, DTDs and entities are refused before python-docx inflates anything.
    with open_zip(path, what=".docx file") as zf:
        refuse_xml_dtds(zf, path)
    try:
        import docx  # python-docx
        from docx.opc.exceptions import PackageNotFoundError

        document = docx.Document(str(path))
    except (zipfile.BadZipFile, PackageNotFoundError, KeyError, ValueError) as exc:
        raise InputError(f"not a readable .docx file ({exc.__class__.__name__})", path) from None
    return [p.text for p in document.paragraphs]


def docx_text(path: Path) -> str:
    """The paragraphs joined as a plain transcript: blank lines between them, front matter kept tight."""
    paragraphs = docx_paragraphs(path)
    lines = [p for p in paragraphs]
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
    text = "\n".join(out).strip("\n")
    if not text.strip():
        raise InputError("the document has no text", path)
    return text
