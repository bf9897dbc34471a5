"""Bytes to normalised text: BOMs, encoding detection, binary and size checks."""

from __future__ import annotations

import codecs
import os
import re
import stat
import sys
from pathlib import Path

from interview_coder.errors import InputError
from interview_coder.text.normalize import normalize

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
_CONTROL_RE = re.compile("[\x00-\x08\x0e-\x1f]")

# Tried in this order when a file is not UTF-8 and has no BOM.
FALLBACK_ENCODINGS = ["gb18030", "big5", "cp1252"]


STDIN = "-"
"""The file name that means standard input (sqlite-utils' convention)."""


def is_stdin(path: Path | str) -> bool:
    return str(path) == STDIN


def read_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES, option: str | None = "--max-size") -> bytes:
    """The file's bytes (``-``: standard input), refusing over ``max_bytes`` (``option`` raises the
    limit) or empty, and anything that is not a regular file (/dev/zero never ends, a FIFO blocks on open)."""
    hint = f" ({option})" if option else ""
    try:
        if is_stdin(path):
            data = sys.stdin.buffer.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise InputError(f"input over the {max_bytes / 1e6:.0f} MB limit{hint}", path)
            if not data.strip():
                raise InputError("file is empty", path)
            return data
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise InputError("not a regular file (a device, FIFO or socket)", path)
        if info.st_size > max_bytes:
            raise InputError(f"file is {info.st_size / 1e6:.1f} MB, over the {max_bytes / 1e6:.0f} MB limit{hint}", path)
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)  # a file still growing stops at the limit too
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", path) from exc
    if len(data) > max_bytes:
        raise InputError(f"file is over the {max_bytes / 1e6:.0f} MB limit{hint}", path)
    if not data.strip():
        raise InputError("file is empty", path)
    return data


def decode(data: bytes, path: Path, encoding: str | None = None) -> tuple[str, str]:
    """Decode to normalised text; return it with the encoding used."""
    if encoding:
        try:
            info = codecs.lookup(encoding)
        except LookupError as exc:
            raise InputError(f"unknown encoding {encoding!r}", path) from exc
        if not getattr(info, "_is_text_encoding", True):  # rot13, base64, zlib: bytes-to-bytes or str-to-str
            raise InputError(f"{encoding!r} is not a text encoding (give one like utf-8, gb18030, big5)", path)
        return _strict(data, encoding, path), encoding
    for bom, name in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF32_LE, "utf-32"),
                      (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF16_LE, "utf-16"),
                      (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            return _strict(data, name, path), name
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise InputError("binary file (NUL byte); not a transcript", path, line)
    try:
        return _check_text(normalize(data.decode("utf-8")), path), "utf-8"
    except UnicodeDecodeError as exc:
        first_bad = exc
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=FALLBACK_ENCODINGS).best()
    if best is None:
        line = data[: first_bad.start].count(b"\n") + 1
        raise InputError(
            f"cannot decode byte 0x{data[first_bad.start]:02x}: not UTF-8, UTF-16, GB18030 or Big5 "
            "(give --encoding)", path, line)
    name = codecs.lookup(best.encoding).name
    return _strict(data, name, path), name


def _strict(data: bytes, encoding: str, path: Path) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"cannot decode as {encoding}: {exc.reason}", path, line) from exc
    except (LookupError, TypeError, ValueError) as exc:
        raise InputError(f"cannot decode as {encoding}: {exc}", path) from exc
    return _check_text(normalize(text), path)


def _check_text(text: str, path: Path) -> str:
    if "\x00" in text:
        raise InputError("binary file (NUL character); not a transcript", path, text[: text.index("\x00")].count("\n") + 1)
    controls = len(_CONTROL_RE.findall(text))
    if controls > max(8, len(text) // 100):
        raise InputError("binary file (control characters); not a transcript", path)
    if not text.strip():
        raise InputError("file is empty", path)
    return text


def limit_chars(total: int, max_chars: int, path: Path) -> None:
    """Refuse a file whose imported text passes ``max_chars`` characters (--max-size, in millions of
    bytes, also limits characters): a small .xlsx or .docx can repeat one string into gigabytes."""
    if total > max_chars:
        raise InputError(f"refused: the file holds over {max_chars / 1e6:.0f} million characters of text, over "
                         "the limit (--max-size)", path)


def shown_name(path: Path) -> str:
    """The path as text a person and the project can hold: a file name that is not UTF-8 (unzipped from
    a Windows archive) is decoded as GB18030, else cp1252, instead of carrying undecodable bytes."""
    text = str(path)
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        pass
    raw = os.fsencode(path)
    for encoding in ("gb18030", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("utf-8", "backslashreplace")
