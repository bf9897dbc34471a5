"""CLI: export qdpx --for/--offsets, export taguette-codebook, import of a Taguette database."""

from __future__ import annotations

import zipfile
from pathlib import Path

from click.testing import CliRunner
from teamdata import add_transcript, make_project, passage_id

from interview_coder.cli import main
from interview_coder.store.codings import apply_code


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def emoji_project(tmp_path: Path) -> Path:
    db = tmp_path / "p.db"
    with make_project(db) as project:
        add_transcript(project, "emoji", "Q: Why?\n\nA: 😀 Customers first.\n\nQ: And?\n\nA: Fine.\n", "M1")
        pid = passage_id(project, "emoji", 1)
        apply_code(project, pid, "customers", "alice", 2, 11)  # "Customers"
    return db


def positions(path: Path) -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as z:
        qde = z.read("project.qde").decode()
    import re

    return re.findall(r'startPosition="(\d+)" endPosition="(\d+)"', qde)


def test_for_nvivo_writes_utf16_units_and_the_default_code_points(tmp_path: Path) -> None:
    db = emoji_project(tmp_path)
    result = run("export", "qdpx", "-p", str(db), str(tmp_path / "n.qdpx"), "--for", "nvivo")
    assert result.exit_code == 0 and "(offsets in utf16)" in result.output
    assert run("export", "qdpx", "-p", str(db), str(tmp_path / "c.qdpx")).exit_code == 0
    nvivo, ours = positions(tmp_path / "n.qdpx"), positions(tmp_path / "c.qdpx")
    emoji_text = [(a, b) for a, b in ours if int(b) - int(a) == 9]
    assert emoji_text and len(nvivo) == len(ours)
    shifted = {(str(int(a) + 1), str(int(b) + 1)) for a, b in emoji_text}  # the emoji is 2 units, 1 code point
    assert shifted <= set(nvivo)


def test_for_and_offsets_that_disagree_is_a_usage_error(tmp_path: Path) -> None:
    db = emoji_project(tmp_path)
    result = run("export", "qdpx", "-p", str(db), str(tmp_path / "x.qdpx"), "--for", "nvivo", "--offsets",
                 "codepoints")
    assert result.exit_code == 2 and "--for nvivo writes utf16" in result.output
    assert not (tmp_path / "x.qdpx").exists()


def test_taguette_codebook_export_and_load_back(tmp_path: Path) -> None:
    db = emoji_project(tmp_path)
    result = run("export", "taguette-codebook", "-p", str(db), str(tmp_path / "book.csv"))
    assert result.exit_code == 0
    assert (tmp_path / "book.csv").read_bytes().startswith(b"\xef\xbb\xbftag,description\r\nMarket/Customer demand,")
    other = tmp_path / "other.db"
    loaded = run("codebook", "load", "-p", str(other), str(tmp_path / "book.csv"))
    assert loaded.exit_code == 0 and "3 factors, 6 codes" in loaded.output
