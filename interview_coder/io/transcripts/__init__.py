"""Transcript import: files and folders in, parsed transcripts out (nothing is stored here).

Text formats are chosen from the content: each detector in TEXT_FORMATS is asked in order and the
first that recognises the text parses it; plain ``Name: text`` transcripts are the fallback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from interview_coder.core.model import Transcript
from interview_coder.errors import InputError
from interview_coder.io.transcripts.options import ImportOptions as ImportOptions  # re-exported
from interview_coder.io.transcripts.plain import parse_plain
from interview_coder.io.transcripts.reading import (
    decode,
    is_stdin,
    limit_chars,
    read_bytes,
    shown_name,
)

TextParser = Callable[[str, Path, str, ImportOptions], Transcript]


@dataclass(frozen=True)
class TextFormat:
    name: str
    detect: Callable[[str], bool]
    parse: TextParser


# Content-detected formats, most specific first; transcription-tool formats register here.
TEXT_FORMATS: list[TextFormat] = []
PLAIN = TextFormat("plain", lambda text: True, parse_plain)

TEXT_EXTENSIONS = {".txt", ".md", ".markdown", ".text", ".vtt", ".srt"}
TABLE_EXTENSIONS = {".csv", ".xlsx"}
DOCX_EXTENSIONS = {".docx"}
EXTENSIONS = TEXT_EXTENSIONS | TABLE_EXTENSIONS | DOCX_EXTENSIONS


@dataclass(frozen=True)
class ParsedFile:
    path: Path
    format: str
    encoding: str
    transcripts: list[Transcript]


def iter_files(paths: list[Path]) -> Iterator[Path]:
    """Files given, and the transcript files under folders given (recursively, sorted)."""
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in EXTENSIONS and not child.name.startswith((".", "~$")):
                    yield child
        else:
            yield path


def text_format(name: str) -> TextFormat:
    for fmt in [*TEXT_FORMATS, PLAIN]:
        if fmt.name == name:
            return fmt
    names = ", ".join(f.name for f in [*TEXT_FORMATS, PLAIN])
    raise InputError(f"unknown format {name!r}; known: {names}")


def detect_format(text: str) -> TextFormat:
    return next((fmt for fmt in TEXT_FORMATS if fmt.detect(text)), PLAIN)


def read_transcripts(path: Path, options: ImportOptions, fmt: str | None = None) -> ParsedFile:
    """Parse one file into transcripts, or raise InputError naming the file and line.

    ``-`` is one text transcript on standard input, named ``options.stdin_name``."""
    if is_stdin(path):
        text, encoding = decode(read_bytes(path, options.max_bytes), path, options.encoding)
        chosen = text_format(fmt) if fmt else detect_format(text)
        return ParsedFile(path, chosen.name, encoding, [chosen.parse(text, path, options.stdin_name, options)])
    if not path.exists():
        raise InputError("no such file", path)
    suffix = path.suffix.lower()
    if suffix not in EXTENSIONS:
        known = " ".join(sorted(EXTENSIONS))
        raise InputError(f"unknown file type {suffix or '(none)'!r}; interview-coder reads {known}", path)
    data = read_bytes(path, options.max_bytes)
    # Read from the real path; name, source and messages use a name that is valid text.
    shown = Path(shown_name(path))
    name = shown.stem
    if suffix in DOCX_EXTENSIONS:
        from interview_coder.io.transcripts.docx import docx_text

        text = docx_text(path)
        limit_chars(len(text), options.max_bytes, shown)
        chosen = text_format(fmt) if fmt else detect_format(text)
        return ParsedFile(shown, f"docx/{chosen.name}", "docx", [chosen.parse(text, shown, name, options)])
    if suffix in TABLE_EXTENSIONS:
        from interview_coder.io.transcripts import survey

        if suffix == ".csv":
            header, rows, encoding = survey.read_csv_rows(data, shown, options.encoding)
        else:
            header, rows = survey.read_xlsx_rows(path, options.max_bytes, shown)
            encoding = "xlsx"
        return ParsedFile(shown, "survey", encoding, survey.parse_survey(header, rows, shown, options))
    text, encoding = decode(data, shown, options.encoding)
    chosen = text_format(fmt) if fmt else detect_format(text)
    return ParsedFile(shown, chosen.name, encoding, [chosen.parse(text, shown, name, options)])

from interview_coder.io.transcripts import tools as _tools  # noqa: E402,F401  registers the transcription-tool formats
