"""Hostile files are refused with one InputError naming the file: zips, XML, YAML."""

from __future__ import annotations

import stat
import struct
import zipfile
from pathlib import Path

import pytest

from interview_coder.errors import InputError
from interview_coder.io.safezip import open_zip, read_member
from interview_coder.io.transcripts import ImportOptions, read_transcripts


def make_zip(path: Path, members: dict[str, bytes], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            z.writestr(info, data)
    return path


def declare_size(path: Path, member_index: int, size: int) -> None:
    """Rewrite the uncompressed size a member declares in the central directory (a lying archive)."""
    data = bytearray(path.read_bytes())
    at = -1
    for _ in range(member_index + 1):
        at = data.index(b"PK\x01\x02", at + 1)
    struct.pack_into("<I", data, at + 24, size)
    path.write_bytes(bytes(data))


def test_plain_zip_opens(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "ok.zip", {"a/b.txt": b"hello", "c.xml": b"<x/>"})
    with open_zip(path) as zf:
        assert sorted(zf.namelist()) == ["a/b.txt", "c.xml"]
        assert read_member(zf, "a/b.txt", 5) == b"hello"


@pytest.mark.parametrize(("members", "symlink", "reason"), [
    ({"/etc/passwd": b"x"}, None, "absolute path"),
    ({"C:/Windows/x": b"x"}, None, "absolute path"),
    ({"../../evil.txt": b"x"}, None, "'..'"),
    ({"word/../../evil.txt": b"x"}, None, "'..'"),
    ({"word\\..\\..\\evil.txt": b"x"}, None, "'..'"),
    ({"link": b"/etc/passwd"}, "link", "symbolic link"),
])
def test_bad_member_names_are_refused(tmp_path: Path, members: dict[str, bytes], symlink: str | None,
                                      reason: str) -> None:
    path = make_zip(tmp_path / "bad.zip", members, symlink=symlink)
    with pytest.raises(InputError, match=reason) as err:
        open_zip(path)
    assert err.value.path == str(path)


def test_member_count_limit(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "many.zip", {f"m{i}": b"" for i in range(11)})
    with pytest.raises(InputError, match="11 members, over the limit of 10"):
        open_zip(path, max_members=10)
    open_zip(path, max_members=11).close()


def test_total_size_limit_uses_declared_sizes(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "big.zip", {"a": b"x" * 100, "b": b"y" * 100})
    with pytest.raises(InputError, match="inflate to more than"):
        open_zip(path, max_total_bytes=150)
    declare_size(path, 1, 600 * 1024 * 1024)  # a directory that claims 600 MB is refused at the default limit
    with pytest.raises(InputError, match="inflate to more than 537 MB"):
        open_zip(path)


def test_compression_ratio_limit_member_and_whole(tmp_path: Path) -> None:
    zeros = b"\0" * (4 * 1024 * 1024)  # deflates about 1000 times
    path = make_zip(tmp_path / "bomb.zip", {"bomb": zeros})
    with pytest.raises(InputError, match="member 'bomb' inflates .* over the limit of 200"):
        open_zip(path)
    open_zip(path, max_ratio=5000).close()
    # many members each under the per-member floor, together a bomb
    path = make_zip(tmp_path / "spread.zip", {f"m{i}": b"\0" * (512 * 1024) for i in range(8)})
    with pytest.raises(InputError, match="the archive inflates"):
        open_zip(path)


def test_read_member_stops_at_its_limit_whatever_is_declared(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "m.zip", {"m": b"a" * 300_000})
    with open_zip(path) as zf:
        with pytest.raises(InputError, match="inflates past 100000 bytes"):
            read_member(zf, "m", 100_000)
        assert len(read_member(zf, "m", 300_000)) == 300_000
        with pytest.raises(InputError, match="missing"):
            read_member(zf, "nope", 10)


def test_not_a_zip(tmp_path: Path) -> None:
    (tmp_path / "x.zip").write_bytes(b"PK\x03\x04 but not really")
    with pytest.raises(InputError, match="not a readable zip archive"):
        open_zip(tmp_path / "x.zip")
