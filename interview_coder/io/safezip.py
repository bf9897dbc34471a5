"""Opening zip containers from other tools (.docx, .xlsx, .qdpx) without trusting them.

A hostile archive can hold a member named ``/etc/passwd`` or ``../../x``, a symlink, a million
members, or a few kilobytes that inflate to gigabytes (a zip bomb). ``open_zip`` looks at the
central directory before anything else reads the file and refuses all of these; ``read_member``
reads a member in chunks and stops as soon as it passes its byte limit, whatever the directory
claims, so a member that lies about its size cannot exhaust memory.
"""

from __future__ import annotations

import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath, PureWindowsPath

from interview_coder.errors import InputError

MAX_MEMBERS = 10_000
MAX_TOTAL_BYTES = 512 * 1024 * 1024
MAX_RATIO = 200
# Tiny members (an empty XML part) compress badly or "well" by accident; the ratio is only
# judged on members that inflate past this size.
RATIO_FLOOR_BYTES = 1024 * 1024
CHUNK_BYTES = 64 * 1024


def open_zip(path: str | Path, *, max_members: int = MAX_MEMBERS, max_total_bytes: int = MAX_TOTAL_BYTES,
             max_ratio: float = MAX_RATIO, what: str = "zip archive") -> zipfile.ZipFile:
    """The archive at ``path``, opened for reading after its directory passed every check.

    Raises InputError(reason, path) for a file that is not a zip, a member with an absolute path,
    a drive letter or a '..' component, a symlink member, more than ``max_members`` members, a
    declared uncompressed total over ``max_total_bytes``, or a member (or the whole archive) that
    inflates more than ``max_ratio`` times. ``what`` names the format in the not-a-zip message.
    """
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, NotImplementedError) as exc:
        raise InputError(f"not a readable {what} ({exc.__class__.__name__})", path) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", path) from None
    try:
        _check(zf, path, max_members, max_total_bytes, max_ratio)
    except BaseException:
        zf.close()
        raise
    return zf


def check_zip(zf: zipfile.ZipFile, path: str | Path, max_members: int = MAX_MEMBERS,
              max_total_bytes: int = MAX_TOTAL_BYTES, max_ratio: float = MAX_RATIO) -> None:
    """The checks of :func:`open_zip` on an archive already open (one embedded in another file);
    messages name ``path``, the file the user gave."""
    _check(zf, path, max_members, max_total_bytes, max_ratio)


def _check(zf: zipfile.ZipFile, path: str | Path, max_members: int, max_total_bytes: int,
           max_ratio: float) -> None:
    infos = zf.infolist()
    if len(infos) > max_members:
        raise InputError(f"refused: the archive has {len(infos)} members, over the limit of {max_members}", path)
    total = 0
    compressed = 0
    for info in infos:
        name = info.filename
        _check_name(name, path)
        mode = info.external_attr >> 16
        if mode and stat.S_ISLNK(mode):
            raise InputError(f"refused: member {name!r} is a symbolic link", path)
        if info.file_size < 0 or info.compress_size < 0:
            raise InputError(f"refused: member {name!r} declares a negative size", path)
        total += info.file_size
        compressed += info.compress_size
        if total > max_total_bytes:
            raise InputError(f"refused: the members inflate to more than {max_total_bytes / 1e6:.0f} MB", path)
        if info.file_size > RATIO_FLOOR_BYTES and info.file_size > max_ratio * max(info.compress_size, 1):
            raise InputError(f"refused: member {name!r} inflates {info.file_size / max(info.compress_size, 1):.0f} "
                             f"times, over the limit of {max_ratio:g} (a zip bomb?)", path)
    if total > RATIO_FLOOR_BYTES and total > max_ratio * max(compressed, 1):
        raise InputError(f"refused: the archive inflates {total / max(compressed, 1):.0f} times, "
                         f"over the limit of {max_ratio:g} (a zip bomb?)", path)


def _check_name(name: str, path: str | Path) -> None:
    if "\x00" in name:
        raise InputError(f"refused: member name {name!r} contains a NUL byte", path)
    posix = PurePosixPath(name.replace("\\", "/"))
    if posix.is_absolute() or PureWindowsPath(name).drive or PureWindowsPath(name).is_absolute():
        raise InputError(f"refused: member {name!r} has an absolute path", path)
    if ".." in posix.parts:
        raise InputError(f"refused: member {name!r} points outside the archive ('..')", path)


def read_member(zf: zipfile.ZipFile, name: str, max_bytes: int) -> bytes:
    """The bytes of member ``name``; InputError once more than ``max_bytes`` come out of it.

    Reads in chunks and counts what is actually inflated, never the size the directory declares.
    """
    where = zf.filename or "archive"
    chunks: list[bytes] = []
    size = 0
    try:
        with zf.open(name) as member:
            while True:
                chunk = member.read(CHUNK_BYTES)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise InputError(f"refused: member {name!r} inflates past {max_bytes} bytes", where)
                chunks.append(chunk)
    except KeyError:
        raise InputError(f"member {name!r} is missing", where) from None
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError) as exc:
        raise InputError(f"member {name!r} cannot be read ({exc.__class__.__name__}: {exc})", where) from None
    return b"".join(chunks)


_DTD_MARKS = tuple(mark.encode(enc) for mark in ("<!DOCTYPE", "<!ENTITY")
                   for enc in ("utf-8", "utf-16-le", "utf-16-be"))


def refuse_xml_dtds(zf: zipfile.ZipFile, path: str | Path, max_bytes: int = MAX_TOTAL_BYTES) -> None:
    """InputError when any XML part of an Office file declares a DTD or an entity.

    Word and Excel never write one; a part that does is an external-entity or "billion laughs"
    attempt, refused before python-docx or openpyxl parse it.
    """
    for info in zf.infolist():
        if not info.filename.lower().endswith((".xml", ".rels", ".vml")):
            continue
        data = read_member(zf, info.filename, max_bytes)
        if any(mark in data for mark in _DTD_MARKS):
            raise InputError(f"refused: part {info.filename!r} declares a DTD or entities "
                             "(Office files never need them)", path)
