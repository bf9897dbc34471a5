"""Taguette's highlights export (id, document, tag, content: no offsets) imported as codings by
``codings import``: each highlight found in its transcript exactly, then ignoring whitespace; the
ones found nowhere, more than once or on interviewer text reported with their line, never guessed.

tests/data/peers/taguette152-highlights.csv and .xlsx were exported by a real Taguette 1.5.2 from
highlights made through its own API on the document below (see peers/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from teamdata import add_transcript, make_project

from interview_coder.cli import main
from interview_coder.io.taguette_highlights import by_order, occurrences

PEERS = Path(__file__).parent.parent / "data" / "peers"
# The text of the document 'wang' as Taguette showed it (three paragraphs), as a transcript of ours.
WANG = "访谈：你们为什么创新？\n\n王总：客户 😀 每年都要新的产品 & 服务。\n\n王总：客户说 new sensors are needed & we listen.\n"


def test_occurrences_exact_then_ignoring_whitespace() -> None:
    assert occurrences("ab cd ab", "ab") == ([(0, 2), (6, 8)], False)
    text = "新的产品 & 服务。\n\n王总"
    found, loose = occurrences(text, "服务。 王总")
    assert loose and [text[a:b] for a, b in found] == ["服务。\n\n王总"]
    assert occurrences(text, "   ") == ([], False)


def test_by_order_places_only_what_the_order_leaves_one_place_for() -> None:
    one, two, three = (0, 2), (10, 12), (20, 22)
    # a repeated word between two fixed highlights at 5 and 15: only (10, 12) fits
    assert by_order([[(5, 6)], [one, two, three], [(15, 16)]]) == [(5, 6), two, (15, 16)]
    # nothing after it: (10, 12) and (20, 22) both fit
    assert by_order([[(5, 6)], [one, two, three]]) == [(5, 6), None]
    # two repeats in a row share the places they could take: neither is certain
    assert by_order([[one, two], [one, two]]) == [None, None]
    # a file not in text order: no place is taken from it
    assert by_order([[(15, 16)], [(5, 6)]]) is None


def test_a_re_sorted_file_places_only_the_unique_highlights(study: Path, tmp_path: Path) -> None:
    lines = (PEERS / "taguette152-highlights.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "sorted.csv").write_text("\r\n".join([lines[0], *sorted(lines[1:], reverse=True)]) + "\r\n",
                                         encoding="utf-8")
    result = CliRunner().invoke(main, ["codings", "import", "-p", str(study), str(tmp_path / "sorted.csv"),
                                       "--coder", "ann"])
    assert result.exit_code == 0, result.output
    assert "3 placed (1 exactly, 2 ignoring whitespace; 0 of them by their order in the file)" in result.stderr
    assert "'客户' is in 'wang' 2 times, and its order in the file does not tell which: ambiguous" in result.stderr


@pytest.fixture
def study(tmp_path: Path) -> Path:
    project = make_project(tmp_path / "p.db")
    add_transcript(project, "wang", WANG, "王总")
    project.close()
    return tmp_path / "p.db"


def coded(db: Path) -> list[tuple[str, str, str]]:
    from interview_coder.store.project import Project

    with Project.open(db) as project:
        return [tuple(r) for r in project.conn.execute(
            'SELECT c.code_id, substr(p.text, c.start + 1, c."end" - c.start), k.name FROM codings c '
            "JOIN passages p ON p.id = c.passage_id JOIN coders k ON k.id = c.coder_id ORDER BY p.seq, c.start, 1")]


@pytest.mark.parametrize("name", ["taguette152-highlights.csv", "taguette152-highlights.xlsx"])
def test_taguettes_highlights_export_imports_where_each_text_is_found_once(study: Path, name: str) -> None:
    result = CliRunner().invoke(main, ["codings", "import", "-p", str(study), str(PEERS / name), "--coder", "ann"])
    assert result.exit_code == 0, result.output
    # by hand: 5 highlights in 6 rows; 你们为什么创新 is the title line; 新的 产品 (across <b>) and
    # 服务。 王总：客户说 (across two paragraphs) match ignoring whitespace; 客户 is in both passages, but
    # listed after 服务。 and before "new sensors", only the second keeps Taguette's text order
    assert f"{PEERS / name}: Taguette highlights: 6 rows, 5 highlights: 4 placed (2 exactly, 2 ignoring " \
           "whitespace; 1 of them by their order in the file), 6 codings added; not imported: 1 interviewer text" \
           in result.stderr
    assert f"warning: {PEERS / name}:2: '你们为什么创新' is interviewer or title text in 'wang'" in result.stderr
    assert coded(study) == [("customers", "新的产品", "ann"), ("copying", "服务。", "ann"),
                            ("copying", "客户说", "ann"), ("customers", "客户", "ann"),
                            ("customers", "new sensors are needed & we listen.", "ann"),
                            ("rnd", "new sensors are needed & we listen.", "ann")]
    again = CliRunner().invoke(main, ["codings", "import", "-p", str(study), str(PEERS / name), "--coder", "ann"])
    assert "0 codings added" in again.stderr


def test_a_highlights_file_of_another_project_is_one_error_and_writes_nothing(study: Path, tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text("id,document,tag,content\r\n1,nobody,Market/Customer demand,x\r\n"
                                    "2,wang,Unknown/tag,客户说\r\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["codings", "import", "-p", str(study), str(tmp_path / "h.csv"), "--coder", "a"])
    assert result.exit_code == 1
    assert "no highlight of" in result.stderr and "h.csv:2: no transcript named 'nobody'" in result.stderr
    assert "h.csv:3: no code for tag 'Unknown/tag'" in result.stderr
    assert coded(study) == []


def test_taguette_highlights_need_a_coder(study: Path) -> None:
    result = CliRunner().invoke(main, ["codings", "import", "-p", str(study), str(PEERS / "taguette152-highlights.csv")])
    assert result.exit_code == 1 and "give --coder" in result.stderr
    assert "Traceback" not in result.output
