"""The full-text passage index (schema 5): Chinese on jieba words, English on words, in step with
imports, replaces and deletions in the same transaction; search falls back without it."""

from __future__ import annotations

from pathlib import Path

import pytest

from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.passage_index import has_index, index_words
from interview_coder.store.project import Project
from interview_coder.store.search import search_passages

ZH = ("---\nrespondent: Z01\n---\n采访者：你们怎么创新？\n\nZ01：我们申请了专利。\n\n大学生来实习。\n\n"
      "我们和大学合作。\n")
EN = ("---\nrespondent: E01\n---\nInterviewer: Who pushes you?\n\nE01: Our suppliers push us.\n\n"
      "One supplier and the market changes.\n")


@pytest.fixture
def project(tmp_path: Path):  # type: ignore[no-untyped-def]
    (tmp_path / "zh.txt").write_text(ZH, encoding="utf-8")
    (tmp_path / "en.txt").write_text(EN, encoding="utf-8")
    p = Project.open(tmp_path / "p.db", create=True)
    assert all(r.error is None for r in import_paths(p, [tmp_path / "zh.txt", tmp_path / "en.txt"], ImportOptions()))
    yield p
    p.close()


def found(p: Project, query: str) -> list[tuple[str, int, str]]:
    return [(h.transcript, h.seq, h.text[h.start:h.end]) for h in search_passages(p, query)]


def in_step(p: Project) -> bool:
    """The index holds exactly the words of every passage, no more."""
    index = dict(p.conn.execute("SELECT rowid, words FROM passage_index").fetchall())
    texts = dict(p.conn.execute("SELECT id, text FROM passages").fetchall())
    pending = p.conn.execute("SELECT count(*) FROM passage_index_pending").fetchone()[0]
    return pending == 0 and index == {pid: index_words(t) for pid, t in texts.items()}


def test_chinese_is_found_by_its_jieba_words(project: Project) -> None:
    assert has_index(project) and in_step(project)
    assert found(project, "专利") == [("zh", 1, "专利")]
    assert found(project, "大学") == [("zh", 3, "大学")]  # not 大学生 (passage 2)
    assert found(project, "大学生") == [("zh", 2, "大学生")]
    assert found(project, "学生") == []  # a part of a word is no word


def test_english_is_found_by_words_and_phrases(project: Project) -> None:
    assert found(project, "SUPPLIERS") == [("en", 1, "suppliers")]
    assert found(project, "supplier") == [("en", 2, "supplier")]  # words, not stems or substrings
    assert found(project, "market changes") == [("en", 2, "market changes")]
    assert found(project, "changes market") == []
    assert found(project, "pushes") == [("en", 0, "pushes")]  # interviewer turns too unless asked
    assert [h.seq for h in search_passages(project, "pushes", respondents_only=True)] == []


def test_the_index_follows_import_replace_and_delete(project: Project, tmp_path: Path) -> None:
    (tmp_path / "zh.txt").write_text(ZH.replace("我们申请了专利。", "我们保护知识产权。"), encoding="utf-8")
    (report,) = import_paths(project, [tmp_path / "zh.txt"], ImportOptions(), replace=True)
    assert report.error is None
    assert found(project, "专利") == []
    assert found(project, "知识产权") == [("zh", 1, "知识产权")]
    assert in_step(project)
    with project.transaction() as conn:  # its turns and passages go with it (ON DELETE CASCADE)
        conn.execute("DELETE FROM transcripts WHERE name = 'zh'")
    assert found(project, "大学") == [] and in_step(project)


def test_a_failed_import_leaves_the_index_as_it_was(project: Project, tmp_path: Path) -> None:
    before = project.conn.execute("SELECT count(*) FROM passage_index").fetchone()[0]
    with pytest.raises(RuntimeError), project.transaction() as conn:
        conn.execute("INSERT INTO passages(transcript_id, turn_id, seq, role, start, \"end\", text, words) "
                     "SELECT transcript_id, turn_id, 99, role, 0, 2, '专利', 1 FROM passages LIMIT 1")
        assert ("zh", 99, "专利") in found(project, "专利")  # the new row is indexed in the transaction
        raise RuntimeError("rolled back")
    assert project.conn.execute("SELECT count(*) FROM passage_index").fetchone()[0] == before
    assert in_step(project)


def test_without_the_index_search_reads_the_text(project: Project) -> None:
    queries = ("大学", "专利", "supplier", "suppliers", "market changes")
    with_index = {q: found(project, q) for q in queries}
    assert with_index["大学"] == [("zh", 3, "大学")]  # not 大学生 (passage 2)
    with project.transaction() as conn:  # as on the team server: no FTS5 table
        for trigger in ("insert", "update", "delete"):
            conn.execute(f"DROP TRIGGER passages_index_{trigger}")
        conn.execute("DROP TABLE passage_index")
        conn.execute("DROP TABLE passage_index_pending")
    assert not has_index(project)
    # every passage is read, with the same whole-word rule: the same hits as through the index
    assert {q: found(project, q) for q in queries} == with_index


def test_a_schema_4_project_gets_its_index_on_migration(tmp_path: Path) -> None:
    import sqlite3

    from interview_coder.store import migrations
    from interview_coder.store.check import check

    fixtures = Path(__file__).parent.parent / "data" / "schemas"
    old = sqlite3.connect(tmp_path / "v4.db")
    old.executescript((fixtures / "v4.sql").read_text("utf-8"))
    old.execute("PRAGMA user_version = 4")
    old.close()
    with Project.open(tmp_path / "v4.db") as p:
        assert p.conn.execute("PRAGMA user_version").fetchone()[0] == migrations.SCHEMA_VERSION == 5
        assert in_step(p)
        # zh_small passage 2: "知识产权保护也很重要，客户和高校都关心这个问题。"
        assert found(p, "高校") == [("zh_small", 2, "高校")]
        assert found(p, "产权") == []
        assert [(h.transcript, h.seq) for h in search_passages(p, "customers")] == [("en_small", 1)]
        assert check(p) == []


def test_text_changed_by_another_program_is_searched_by_its_text(project: Project, tmp_path: Path) -> None:
    import sqlite3

    other = sqlite3.connect(project.path)  # no interview-coder: the trigger only notes the passage
    other.execute("UPDATE passages SET text = '我们申请了专利权。' WHERE text = '我们申请了专利。'")
    other.commit()
    other.close()
    assert found(project, "专利") == []  # 专利权 is another word; the old index row is gone
    assert found(project, "专利权") == [("zh", 1, "专利权")]  # noted passages are read as text
    with project.transaction():  # the next write of this program indexes it
        pass
    assert in_step(project) and found(project, "专利权") == [("zh", 1, "专利权")]
