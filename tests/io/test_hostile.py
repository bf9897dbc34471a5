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


# ---- hostile files through the importers: refused with the file named, nothing written ------------

SECRET = "TOP-SECRET-PASSWORD-LINE"
XXE = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file://{path}">]>'
       '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
       "<w:t>E1: &x;</w:t></w:r></w:p></w:body></w:document>")
LAUGHS = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)) + ']><d>&i;</d>')
EXTERNAL_DTD = '<?xml version="1.0"?><!DOCTYPE d SYSTEM "http://example.invalid/evil.dtd"><d/>'


def office_file(tmp_path: Path, kind: str) -> Path:
    """A valid .docx or .xlsx made by python-docx / openpyxl."""
    path = tmp_path / f"ok.{kind}"
    if kind == "docx":
        import docx

        document = docx.Document()
        document.add_paragraph("E1: Customers.")
        document.save(path)
    else:
        from openpyxl import Workbook

        book = Workbook()
        book.active.append(["respondent", "Why?"])
        book.active.append(["X1", "Customers."])
        book.save(path)
    return path


def replace_member(src: Path, dest: Path, member: str, data: bytes | None, extra: dict[str, bytes] | None = None,
                   symlink: str | None = None) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == member and data is not None else zin.read(info))
        for name, blob in (extra or {}).items():
            info = zipfile.ZipInfo(name)
            info.compress_type = zipfile.ZIP_DEFLATED
            if name == symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            zout.writestr(info, blob)
    return dest


MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/worksheets/sheet1.xml", "qdpx": "project.qde"}


def qdpx_file(tmp_path: Path) -> Path:
    from interview_coder.io.codebook_yaml import load_codebook_yaml
    from interview_coder.io.refi import export_qdpx
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.project import Project

    book = tmp_path / "book.yaml"
    book.write_text("factors:\n  - id: m\n    name: Market\n    driver: external\n"
                    "codes:\n  - id: customers\n    name: Customers\n    factor: m\n")
    with Project.open(tmp_path / "src.db", create=True) as p:
        with p.transaction():
            save_codebook(p, load_codebook_yaml(book)[0])
        export_qdpx(p, tmp_path / "ok.qdpx")
    return tmp_path / "ok.qdpx"


def hostile_variants(ok: Path, tmp_path: Path, kind: str, secret_file: Path) -> dict[str, tuple[Path, str]]:
    part = MAIN_PART[kind]
    v = {
        "absolute path": (replace_member(ok, tmp_path / f"abs.{kind}", "", None, {"/etc/evil.xml": b"<x/>"}),
                          "absolute path"),
        "'..' path": (replace_member(ok, tmp_path / f"dots.{kind}", "", None, {"../../evil.xml": b"<x/>"}), "'..'"),
        "symlink": (replace_member(ok, tmp_path / f"link.{kind}", "", None, {"word/link.xml": b"/etc/passwd"},
                                   symlink="word/link.xml"), "symbolic link"),
        "zip bomb": (replace_member(ok, tmp_path / f"bomb.{kind}", "", None, {"bomb.bin": b"\0" * (8 << 20)}),
                     "zip bomb"),
        "member count": (replace_member(ok, tmp_path / f"many.{kind}", "", None,
                                        {f"m/{i}.bin": b"" for i in range(20_001)}), "over the limit"),
        "external entity": (replace_member(ok, tmp_path / f"xxe.{kind}", part,
                                           XXE.replace("{path}", str(secret_file)).encode()), "refused"),
        "billion laughs": (replace_member(ok, tmp_path / f"laughs.{kind}", part, LAUGHS.encode()), "refused"),
        "external DTD": (replace_member(ok, tmp_path / f"dtd.{kind}", part, EXTERNAL_DTD.encode()), "refused"),
    }
    big = replace_member(ok, tmp_path / f"big.{kind}", "", None, {"big.bin": b"x"})
    declare_size(big, len(zipfile.ZipFile(big).infolist()) - 1, 0xFFFFFFF0)  # claims 4 GB
    v["total size"] = (big, "inflate to more than")
    return v


@pytest.mark.parametrize("kind", ["docx", "xlsx", "qdpx"])
def test_hostile_office_and_qdpx_files_are_refused(tmp_path: Path, kind: str) -> None:
    from click.testing import CliRunner

    from interview_coder.cli import main

    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    ok = qdpx_file(tmp_path) if kind == "qdpx" else office_file(tmp_path, kind)
    db = tmp_path / "p.db"
    runner = CliRunner()
    assert runner.invoke(main, ["init", str(db)]).exit_code == 0
    refused = 0
    for case, (path, words) in hostile_variants(ok, tmp_path, kind, secret).items():
        result = runner.invoke(main, ["import", "-p", str(db), str(path)])
        assert result.exit_code == 1, (case, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), case
        assert str(path) in result.stderr and words in result.stderr, (case, result.stderr)
        assert SECRET not in result.output
        refused += 1
    import sqlite3

    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 0
    conn.close()
    assert refused == 9


@pytest.mark.parametrize("doc", [XXE, LAUGHS, EXTERNAL_DTD])
def test_hostile_qdc_is_refused(tmp_path: Path, doc: str) -> None:
    from interview_coder.io.refi import import_qdc

    path = tmp_path / "evil.qdc"
    path.write_text(doc.replace("{path}", "/etc/passwd"))
    with pytest.raises(InputError, match="refused") as err:
        import_qdc(path)
    assert err.value.path == str(path)


@pytest.mark.parametrize("yaml_text", [
    "!!python/object/apply:os.system ['touch {marker}']\n",
    "factors: !!python/object/new:os.system ['touch {marker}']\n",
    "factors:\n  - !!python/name:os.system\n",
])
def test_yaml_python_tags_are_refused(tmp_path: Path, yaml_text: str) -> None:
    from interview_coder.io.codebook_yaml import load_codebook_yaml

    marker = tmp_path / "ran"
    path = tmp_path / "evil.yaml"
    path.write_text(yaml_text.replace("{marker}", str(marker)))
    with pytest.raises(InputError) as err:
        load_codebook_yaml(path)
    assert err.value.path == str(path) and "could not determine a constructor" in str(err.value)
    assert not marker.exists()


def test_front_matter_python_tag_is_refused(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "t.md"
    path.write_text(f"---\nrespondent: !!python/object/apply:os.system ['touch {marker}']\n---\n\nE1: Hello.\n")
    with pytest.raises(InputError) as err:
        read_transcripts(path, ImportOptions())
    assert err.value.path == str(path)
    assert not marker.exists()


def test_xml_with_an_unknown_encoding_is_an_input_error(tmp_path: Path) -> None:
    """Regression (found by fuzzing): expat's LookupError escaped as a traceback."""
    from interview_coder.io.refi import import_qdc

    path = tmp_path / "b.qdc"
    path.write_bytes(b"<?xml version='1.0' encoding='tf-8'?><CodeBook/>")
    with pytest.raises(InputError, match="unknown encoding") as err:
        import_qdc(path)
    assert err.value.path == str(path)


def test_sql_in_names_and_values_is_just_text(tmp_path: Path) -> None:
    """Attribute names and values, groups and transcript names with SQL in them are stored as text."""
    from click.testing import CliRunner

    from interview_coder.cli import main
    from interview_coder.store.check import check
    from interview_coder.store.project import Project

    evil = "x'); DROP TABLE codings; --"
    path = tmp_path / "t'; DROP TABLE transcripts; --.md"
    path.write_text(f'---\nrespondent: R1\n"{evil}": "{evil}"\ngroup: "a\'b"\n---\n\n'
                    "Interviewer: Why?\n\nR1: Customers.\n", "utf-8")
    db = tmp_path / "p.db"
    runner = CliRunner()
    result = runner.invoke(main, ["import", "-p", str(db), str(path)])
    assert result.exit_code == 0, result.output
    listed = runner.invoke(main, ["transcripts", "list", "-p", str(db), "--format", "json", "--group", "a'b"])
    assert listed.exit_code == 0 and "DROP TABLE transcripts" in listed.stdout
    with Project.open(db) as p:
        assert p.conn.execute("SELECT name FROM transcripts").fetchone()[0] == path.stem
        assert p.conn.execute("SELECT value FROM attributes WHERE name = ?", (evil,)).fetchone()[0] == evil
        assert check(p) == []
