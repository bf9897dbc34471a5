"""`import`, `status`, `transcripts`: outcomes, one-line errors, exit codes, nothing half-written."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from click.testing import CliRunner

from interview_coder.cli import main

DATA = Path(__file__).parent.parent / "data" / "import"


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def dump(db: Path) -> list[str]:
    conn = sqlite3.connect(db)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def test_import_then_status(tmp_path):
    db = str(tmp_path / "p.db")
    result = run("import", "-p", db, str(DATA / "en_labels.txt"), str(DATA / "zh_gb18030.txt"), str(DATA / "survey.csv"))
    assert result.exit_code == 0, result.output
    assert "added      en_labels  (plain, utf-8, 8 passages)" in result.output
    assert "added      zh_gb18030  (plain, gb18030, 5 passages)" in result.output
    info = json.loads(run("status", "-p", db, "--format", "json").output)
    assert info["transcripts"] == 5  # 2 files + 3 survey rows
    assert info["respondents_by_group"] == {"enterprise": 3, "government": 2}
    # respondent passages: en_labels 4, zh_gb18030 3, survey S1 2 + S2 3 + S3 1
    assert info["passages"] == 13
    assert info["interviewer_turns"] == 3 + 2 + 2 + 2 + 1


def test_reimport_unchanged_changes_nothing(tmp_path):
    db = tmp_path / "p.db"
    run("import", "-p", str(db), str(DATA / "en_labels.txt"))
    before = dump(db)
    result = run("import", "-p", str(db), str(DATA / "en_labels.txt"))
    assert result.exit_code == 0
    assert "unchanged  en_labels" in result.output
    assert dump(db) == before


def test_changed_file_needs_replace_and_keeps_codings(tmp_path):
    from interview_coder.store.codings import apply_code
    from interview_coder.store.project import Project

    db = tmp_path / "p.db"
    src = tmp_path / "t.txt"
    src.write_text("R1: Customers matter.\n\nI: Why?\n\nR1: Talent is scarce.\n\nR1: Old paragraph.\n", encoding="utf-8")
    assert run("import", "-p", str(db), str(src)).exit_code == 0
    assert run("codebook", "load", "-p", str(db), str(Path(__file__).parents[2] / "codebooks" / "sim.yaml")).exit_code == 0
    with Project.open(db) as project:
        ids = {r["text"]: r["id"] for r in project.conn.execute("SELECT id, text FROM passages")}
        code = project.conn.execute("SELECT id FROM codes LIMIT 1").fetchone()[0]
        apply_code(project, ids["Customers matter."], code, "ana")
        apply_code(project, ids["Talent is scarce."], code, "ana", start=0, end=6)
        apply_code(project, ids["Old paragraph."], code, "ana")
    src.write_text("R1: Intro added.\n\nR1: Customers matter.\n\nI: Why?\n\nR1: Now Talent is scarce.\n", encoding="utf-8")
    result = run("import", "-p", str(db), str(src))
    assert "changed    t  (not replaced: use --replace)" in result.output
    result = run("import", "-p", str(db), str(src), "--replace")
    assert result.exit_code == 0, result.output
    assert "replaced   t  (2 codings kept, 1 lost;" in result.output
    assert "lost coding" in result.output and "Old paragraph." in result.output
    with Project.open(db) as project:
        rows = project.conn.execute(
            'SELECT p.text AS ptext, c.start, c."end", c.text FROM codings c JOIN passages p ON p.id = c.passage_id '
            "ORDER BY p.seq").fetchall()
        assert [(r["ptext"], r["start"], r["end"], r["text"]) for r in rows] == [
            ("Customers matter.", None, None, None), ("Now Talent is scarce.", 4, 10, "Talent")]
    assert list((tmp_path / "p.db.backups").glob("*before-import-replace.db"))


def test_bad_files_one_line_errors_and_others_still_import(tmp_path):
    db = tmp_path / "p.db"
    run("import", "-p", str(db), str(DATA / "en_labels.txt"))
    before = dump(db)
    bad = ["empty.txt", "binary.txt", "undecodable.txt", "broken_front_matter.txt", "unknown.pdf", "survey_duplicate.csv"]
    result = CliRunner().invoke(main, ["import", "-p", str(db), *(str(DATA / b) for b in bad)])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if "failed" not in line]
    assert errors == [
        f"{DATA / 'empty.txt'}: file is empty",
        f"{DATA / 'binary.txt'}:1: binary file (NUL byte); not a transcript",
        f"{DATA / 'undecodable.txt'}:2: cannot decode byte 0x81: not UTF-8, UTF-16, GB18030 or Big5 (give --encoding)",
        f"{DATA / 'broken_front_matter.txt'}:3: broken front matter: did not find expected ',' or ']'",
        f"{DATA / 'unknown.pdf'}: unknown file type '.pdf'; interview-coder reads .csv .docx .markdown .md .srt .text .txt .vtt .xlsx",
        f"{DATA / 'survey_duplicate.csv'}:3: duplicate respondent id 'D1' (first on line 2)",
    ]
    assert "Traceback" not in result.output
    assert dump(db) == before  # nothing half-written
    mixed = CliRunner().invoke(main, ["import", "-p", str(db), str(DATA / "empty.txt"), str(DATA / "zh_fullwidth.txt")])
    assert mixed.exit_code == 1
    assert "added      zh_fullwidth" in mixed.stderr


def test_size_limit(tmp_path):
    big = tmp_path / "big.txt"
    big.write_text("R1: " + "word " * 300_000, encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "-p", str(tmp_path / "p.db"), str(big), "--max-size", "1"])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"{big}: file is 1.5 MB, over the 1 MB limit (--max-size)")


def test_duplicate_respondent_across_files(tmp_path):
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("---\nrespondent: E9\n---\nE9: One.\n", encoding="utf-8")
    b.write_text("---\nrespondent: E9\n---\nE9: Two.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "-p", str(tmp_path / "p.db"), str(a), str(b)])
    assert result.exit_code == 1
    assert f"{b}: duplicate respondent id 'E9': already the respondent of transcript 'a'" in result.stderr


def test_folder_import_is_recursive(tmp_path):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    shutil.copy(DATA / "en_labels.txt", folder / "a.txt")
    shutil.copy(DATA / "zh_utf16.txt", folder / "sub" / "b.md")
    (folder / "notes.pdf").write_bytes(b"%PDF")
    result = run("import", "-p", str(tmp_path / "p.db"), str(folder))
    assert result.exit_code == 0
    assert "added      a " in result.output and "added      b " in result.output


def test_transcripts_list_and_show(tmp_path):
    db = str(tmp_path / "p.db")
    run("import", "-p", db, str(DATA / "en_labels.txt"))
    rows = json.loads(run("transcripts", "list", "-p", db, "--format", "json").output)
    assert rows == [{"name": "en_labels", "respondents": "R01", "group": "enterprise", "language": "en",
                     "format": "plain", "encoding": "utf-8", "turns": 7, "interviewer_turns": 3, "passages": 4,
                     "words": 31, "codings": 0, "suggestions": 0}]
    shown = json.loads(run("transcripts", "show", "-p", db, "en_labels", "--format", "json").output)
    assert [r["role"] for r in shown][:3] == ["preamble", "interviewer", "respondent"]
    missing = CliRunner().invoke(main, ["transcripts", "show", "-p", db, "nope"])
    assert missing.exit_code == 1 and "no transcript named 'nope'" in missing.stderr


def test_project_option_from_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("INTERVIEW_CODER_PROJECT", str(tmp_path / "env.db"))
    assert run("import", str(DATA / "no_labels.txt")).exit_code == 0
    assert (tmp_path / "env.db").exists()


def test_missing_project_is_a_store_error(tmp_path):
    result = CliRunner().invoke(main, ["status", "-p", str(tmp_path / "none.db")])
    assert result.exit_code == 3
    assert "no project here" in result.stderr


def test_one_question_file_imports_its_answer_as_respondent_text(tmp_path):
    """Issue 16: after 'Q: ...' a once-used 'Founder: ...' answer is the respondent's, and counted."""
    src = tmp_path / "q07.txt"
    src.write_text("Q: What did the first customer ask for?\nFounder: A cheaper sensor, delivered in a week.\n",
                   encoding="utf-8")
    db = tmp_path / "p.db"
    result = run("import", "-p", str(db), str(src))
    assert result.exit_code == 0, result.output
    assert "added      q07  (plain, utf-8, 2 passages)" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT role, words, text FROM passages ORDER BY seq").fetchall() == [
            ("interviewer", 0, "What did the first customer ask for?"),
            ("respondent", 7, "A cheaper sensor, delivered in a week.")]  # A cheaper sensor delivered in a week


def test_dry_run_shows_speakers_roles_and_passages_and_writes_nothing(tmp_path):
    src = tmp_path / "f.txt"
    src.write_text("Founder: We began in 2019.\n\nQ: Why then?\n\nQ: And now?\n", encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text("Q: Only a question?\n", encoding="utf-8")
    db = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["import", "--dry-run", "-p", str(db), str(src), str(bad)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "f  (plain, utf-8, 1 respondent passages of 3)",
        "  speaker Founder -> respondent f  (1 turns, 1 passages, 4 counted words)",
        "  speaker Q -> interviewer  (2 turns, 2 passages)",
        "  speaker Founder -> respondent f  (proposed: without it the file has no respondent text)"]
    assert f"{bad}:1: no respondent text found: every speaker label (Q) is the interviewer's" in result.stderr
    assert "dry run: 1 file(s) readable, 1 failed; nothing written" in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.txt", "f.txt"]


def test_a_respondent_with_no_counted_words_is_warned_about(tmp_path):
    src = tmp_path / "dots.txt"
    src.write_text("Q: Why?\nR: ...\n\nR: !!\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["import", "-p", str(tmp_path / "p.db"), str(src)])
    assert result.exit_code == 0
    assert "warning: respondent dots has 0 counted words in dots" in result.stderr


def test_an_import_that_would_fail_check_is_rolled_back(tmp_path, monkeypatch):
    """The staged rows are checked with check's invariants inside the import's transaction."""
    import dataclasses

    from interview_coder.io import importer
    from interview_coder.io.transcripts import read_transcripts

    def broken(path, options, fmt=None):
        parsed = read_transcripts(path, options, fmt)
        t = parsed.transcripts[0]
        bad = dataclasses.replace(t.passages[-1], start=t.passages[-1].start + 1)  # no longer slices the text
        return dataclasses.replace(parsed, transcripts=[dataclasses.replace(t, passages=(*t.passages[:-1], bad))])

    monkeypatch.setattr(importer, "read_transcripts", broken)
    db = tmp_path / "p.db"
    result = CliRunner().invoke(main, ["import", "-p", str(db), str(DATA / "en_labels.txt")])
    assert result.exit_code == 1
    assert f"{DATA / 'en_labels.txt'}: not imported: it would leave a project check rejects: " in result.stderr
    assert "[slice]" in result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM transcripts").fetchone()[0] == 0
