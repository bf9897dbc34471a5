"""A round trip through a peer tool: our .qdpx (speaker labels written in) -> the copy QualCoder
hands back (no interview-coder.json, its own origin) -> import. Transcripts, respondents and their
attributes, passages (role, respondent, text) and codings come back equal: the cases' ``speaker
label`` variable says who spoke as which respondent, and every other labelled speaker is an
interviewer (before: 20 -> 38 respondent passages on the demo's tool transcripts, focus groups
folded into one respondent)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Any

from teamdata import BOOK

from interview_coder.io.refi import SIDECAR, export_qdpx, import_qdpx
from interview_coder.io.transcripts import ImportOptions, read_transcripts
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import apply_code
from interview_coder.store.project import Project
from interview_coder.store.transcripts import save_transcript

TOOLS = Path(__file__).resolve().parents[1] / "data" / "tools"


def as_qualcoder_returns_it(ours: Path, out: Path) -> None:
    """What QualCoder writes back: the same project.qde and texts under its own origin, without our note."""
    with zipfile.ZipFile(ours) as z, zipfile.ZipFile(out, "w") as copy:
        for member in z.namelist():
            if member != SIDECAR:
                data = z.read(member)
                copy.writestr(member, data.replace(b'origin="interview-coder"', b'origin="QualCoder 3.6"')
                              if member == "project.qde" else data)


def state(project: Project) -> dict[str, list[tuple[Any, ...]]]:
    q = project.conn.execute
    return {
        "transcripts": sorted(r[0] for r in q("SELECT name FROM transcripts")),
        "respondents": sorted((r[0], r[1], r[2]) for r in q(
            "SELECT r.key, a.name, a.value FROM respondents r LEFT JOIN attributes a ON a.respondent_id = r.id")),
        "passages": sorted(tuple(r) for r in q(
            "SELECT t.name, p.role, r.key, p.text FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
            "LEFT JOIN respondents r ON r.id = p.respondent_id")),
        "codings": sorted(tuple(r) for r in q(
            'SELECT t.name, r.key, k.name, substr(p.text, c.start + 1, c."end" - c.start) FROM codings c '
            "JOIN passages p ON p.id = c.passage_id JOIN transcripts t ON t.id = p.transcript_id "
            "JOIN respondents r ON r.id = p.respondent_id JOIN codes k ON k.id = c.code_id")),
    }


def test_a_round_trip_through_qualcoder_keeps_speakers_respondents_passages_and_codings(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.db", create=True) as project:
        with project.transaction():
            save_codebook(project, BOOK)
        for name in ("otter_en.txt", "teams_en.vtt", "tencent_zh.txt"):  # a non-standard interviewer label,
            parsed = read_transcripts(TOOLS / name, ImportOptions(group="enterprise"))  # a focus group, Chinese
            with project.transaction():
                save_transcript(project, parsed.transcripts[0], parsed.format, parsed.encoding)
        for pid, text in project.conn.execute("SELECT id, text FROM passages WHERE role = 'respondent'").fetchall():
            word = next((w for w in ("tax", "税收优惠", "paperwork") if w in text), None)
            if word:
                apply_code(project, pid, "customers", "alice", text.index(word), text.index(word) + len(word))
        before = state(project)
        export_qdpx(project, tmp_path / "ours.qdpx")
    roles = {(t, role) for t, role, _, _ in before["passages"]}
    assert ("teams_en", "interviewer") in roles and ("otter_en", "interviewer") in roles
    assert {k for k, _, _ in before["respondents"]} == {"otter_en", "teams_en-Kim Wu", "teams_en-Raj Patel", "tencent_zh"}
    assert {r for _, r, _, _ in before["codings"]} == {"otter_en", "teams_en-Kim Wu", "teams_en-Raj Patel", "tencent_zh"}
    as_qualcoder_returns_it(tmp_path / "ours.qdpx", tmp_path / "qualcoder.qdpx")
    with Project.open(tmp_path / "back.db", create=True) as back:
        import_qdpx(back, tmp_path / "qualcoder.qdpx")
        after = state(back)
    assert after == before
