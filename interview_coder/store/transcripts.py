"""Storing parsed transcripts: add, detect unchanged or changed files, replace keeping codings."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from dataclasses import dataclass, field

from interview_coder.core.model import Role, Transcript
from interview_coder.core.words import count_words
from interview_coder.errors import InputError
from interview_coder.store.project import Project, now


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def fingerprint(transcript: Transcript) -> str:
    """Hash of everything import stores: text, language and respondent attributes."""
    respondents = [[r.key, sorted((k, str(v)) for k, v in r.attributes.items())] for r in transcript.respondents]
    return sha256(json.dumps([transcript.text, transcript.language, respondents,
                              [[t.speaker, str(t.role), t.start, t.end, t.respondent] for t in transcript.turns]],
                             ensure_ascii=False))


@dataclass
class SaveResult:
    name: str
    outcome: str  # added | unchanged | changed | replaced
    transcript_id: int | None = None
    passages: int = 0
    kept_codings: int = 0
    lost_codings: list[dict[str, object]] = field(default_factory=list)


def save_transcript(project: Project, transcript: Transcript, fmt: str, encoding: str,
                    replace: bool = False) -> SaveResult:
    """Store one transcript inside the caller's transaction. A changed file needs ``replace``."""
    conn = project.conn
    digest = fingerprint(transcript)
    row = conn.execute("SELECT id, source_sha256 FROM transcripts WHERE name = ?", (transcript.name,)).fetchone()
    if row is not None and row["source_sha256"] == digest:
        return SaveResult(transcript.name, "unchanged", row["id"])
    if row is not None and not replace:
        return SaveResult(transcript.name, "changed", row["id"])
    old_codings = _codings_of(conn, row["id"]) if row is not None else []
    if row is not None:
        conn.execute("DELETE FROM codings WHERE passage_id IN (SELECT id FROM passages WHERE transcript_id = ?)", (row["id"],))
        conn.execute("DELETE FROM passages WHERE transcript_id = ?", (row["id"],))
        conn.execute("DELETE FROM turns WHERE transcript_id = ?", (row["id"],))
        conn.execute("DELETE FROM transcripts WHERE id = ?", (row["id"],))
    respondent_ids = {r.key: _save_respondent(conn, r.key, r.attributes, transcript.name, transcript.source)
                      for r in transcript.respondents}
    cur = conn.execute(
        "INSERT INTO transcripts(name, source, format, encoding, text, text_sha256, source_sha256, language, "
        "preamble, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
        (transcript.name, transcript.source, fmt, encoding, transcript.text, sha256(transcript.text), digest,
         transcript.language, transcript.preamble, now()))
    tid = int(cur.lastrowid or 0)
    conn.executemany(
        'INSERT INTO turns(transcript_id, seq, speaker, role, respondent_id, start, "end", time_start, time_end) '
        "VALUES (?,?,?,?,?,?,?,?,?)",
        [(tid, turn.seq, turn.speaker, str(turn.role), respondent_ids.get(turn.respondent or ""), turn.start,
          turn.end, turn.time_start, turn.time_end) for turn in transcript.turns])
    turn_ids = dict(conn.execute("SELECT seq, id FROM turns WHERE transcript_id = ?", (tid,)).fetchall())
    conn.executemany(
        'INSERT INTO passages(transcript_id, turn_id, seq, role, respondent_id, start, "end", text, words) '
        "VALUES (?,?,?,?,?,?,?,?,?)",
        [(tid, turn_ids[p.turn_seq], p.seq, str(p.role), respondent_ids.get(p.respondent or ""), p.start, p.end,
          p.text, count_words(p.text) if p.role == Role.RESPONDENT else 0) for p in transcript.passages])
    result = SaveResult(transcript.name, "replaced" if row is not None else "added", tid, len(transcript.passages))
    if old_codings:
        _restore_codings(conn, tid, old_codings, result)
    if row is not None:
        conn.execute("DELETE FROM respondents WHERE id NOT IN "
                     "(SELECT respondent_id FROM turns WHERE respondent_id IS NOT NULL)")
    return result


def _save_respondent(conn: sqlite3.Connection, key: str, attributes: dict[str, str | int | float],
                     transcript: str, source: str) -> int:
    row = conn.execute("SELECT id FROM respondents WHERE key = ?", (key,)).fetchone()
    if row is not None:
        other = conn.execute(
            "SELECT t.name FROM passages p JOIN transcripts t ON t.id = p.transcript_id "
            "WHERE p.respondent_id = ? AND t.name != ? LIMIT 1", (row["id"], transcript)).fetchone()
        if other is not None:
            raise InputError(f"duplicate respondent id {key!r}: already the respondent of transcript "
                             f"{other['name']!r}; give this file its own 'respondent:'", source)
        rid = int(row["id"])
        conn.execute("DELETE FROM attributes WHERE respondent_id = ?", (rid,))
    else:
        rid = int(conn.execute("INSERT INTO respondents(key) VALUES (?)", (key,)).lastrowid or 0)
    conn.executemany(
        "INSERT INTO attributes(respondent_id, name, value, type) VALUES (?,?,?,?)",
        [(rid, name, str(value), "integer" if isinstance(value, int) else "real" if isinstance(value, float) else "text")
         for name, value in attributes.items()])
    return rid


def _codings_of(conn: sqlite3.Connection, transcript_id: int) -> list[dict[str, object]]:
    rows = conn.execute(
        'SELECT c.*, p.seq AS passage_seq, p.text AS passage_text FROM codings c JOIN passages p ON p.id = c.passage_id '
        "WHERE p.transcript_id = ? ORDER BY c.id", (transcript_id,)).fetchall()
    return [dict(r) for r in rows]


def _restore_codings(conn: sqlite3.Connection, tid: int, old: list[dict[str, object]], result: SaveResult) -> None:
    """Keep each coding whose text still exists: the same passage text, or the span text inside a passage."""
    passages = conn.execute("SELECT id, seq, text FROM passages WHERE transcript_id = ? AND role = 'respondent' "
                            "ORDER BY seq", (tid,)).fetchall()
    by_text: dict[str, list[sqlite3.Row]] = {}
    for p in passages:
        by_text.setdefault(p["text"], []).append(p)
    for c in old:
        target, start, end = None, c["start"], c["end"]
        if c["start"] is None:
            candidates = by_text.get(str(c["passage_text"]), [])
            target = min(candidates, key=lambda p: abs(p["seq"] - int(c["passage_seq"])), default=None)  # type: ignore[call-overload]
        else:
            span = str(c["text"])
            near = sorted(passages, key=lambda p: abs(p["seq"] - int(c["passage_seq"])))  # type: ignore[call-overload]
            for p in near:
                at = p["text"].find(span)
                if at >= 0:
                    target, start, end = p, at, at + len(span)
                    break
        if target is None:
            result.lost_codings.append({"passage": c["passage_seq"], "code": c["code_id"], "text": c["text"] or c["passage_text"]})
            continue
        conn.execute(
            'INSERT OR IGNORE INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, '
            "memo, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
            (target["id"], c["code_id"], c["coder_id"], start, end, c["text"], c["status"], c["origin"], c["keyword"],
             c["memo"], c["created_at"], now()))
        result.kept_codings += 1
