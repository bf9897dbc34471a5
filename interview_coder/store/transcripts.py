"""Storing parsed transcripts: add, detect unchanged or changed files, replace keeping codings."""

from __future__ import annotations

import difflib
import hashlib
import json
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, field

from interview_coder.core.model import Role, Transcript
from interview_coder.core.words import count_words
from interview_coder.errors import InputError
from interview_coder.store.project import Project, now


def sha256(text: str) -> str:
    """The hex SHA-256 of text as UTF-8: how merges match transcripts and undo recognises a passage."""
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
    """Codings whose text is no longer in their passage or its successor: passage (old number), code, coder, text."""
    kept_passages: int = 0
    """Old passages with a successor (same text, or edited in place): they keep their id, memos and codings."""
    dropped_passages: int = 0
    moved_memos: list[dict[str, object]] = field(default_factory=list)
    """Memos of passages with no successor, kept as transcript memos: passage (old number), coder, text."""


def save_transcript(project: Project, transcript: Transcript, fmt: str, encoding: str,
                    replace: bool = False) -> SaveResult:
    """Store one transcript inside the caller's transaction. A changed file needs ``replace``, which
    keeps the transcript's id and each passage's id for its successor (:func:`successors`)."""
    conn = project.conn
    digest = fingerprint(transcript)
    row = conn.execute("SELECT id, source_sha256 FROM transcripts WHERE name = ?", (transcript.name,)).fetchone()
    if row is not None and row["source_sha256"] == digest:
        return SaveResult(transcript.name, "unchanged", row["id"])
    if row is not None and not replace:
        return SaveResult(transcript.name, "changed", row["id"])
    respondent_ids = {r.key: _save_respondent(conn, r.key, r.attributes, transcript.name, transcript.source)
                      for r in transcript.respondents}
    values = (transcript.source, fmt, encoding, transcript.text, sha256(transcript.text), digest,
              transcript.language, transcript.preamble, now())
    if row is None:
        tid = int(conn.execute(
            "INSERT INTO transcripts(name, source, format, encoding, text, text_sha256, source_sha256, language, "
            "preamble, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)", (transcript.name, *values)).lastrowid or 0)
        result = SaveResult(transcript.name, "added", tid, len(transcript.passages))
        _insert_turns_and_passages(conn, tid, transcript, respondent_ids, {})
        return result
    tid = int(row["id"])
    had = [r[0] for r in conn.execute("SELECT DISTINCT respondent_id FROM turns WHERE transcript_id = ? "
                                      "AND respondent_id IS NOT NULL", (tid,))]
    conn.execute("UPDATE transcripts SET source = ?, format = ?, encoding = ?, text = ?, text_sha256 = ?, "
                 "source_sha256 = ?, language = ?, preamble = ?, imported_at = ? WHERE id = ?", (*values, tid))
    result = SaveResult(transcript.name, "replaced", tid, len(transcript.passages))
    _replace_passages(project, tid, transcript, respondent_ids, result)
    from interview_coder.store.speakers import remove_orphan_respondents

    # Only this transcript's old respondents can be left without turns: checking those keeps a survey
    # replace linear; one whose label another transcript made interviewer is kept (issue 16).
    still = {r[0] for r in conn.execute("SELECT respondent_id FROM turns WHERE transcript_id = ?", (tid,))}
    remove_orphan_respondents(conn, [r for r in had if r not in still])
    return result


def _insert_turns_and_passages(conn: sqlite3.Connection, tid: int, transcript: Transcript,
                               respondent_ids: dict[str, int], kept: dict[int, int],
                               old_turns: Sequence[int] = ()) -> None:
    """Insert the transcript's turns, and its passages: ``kept`` maps a passage's index to the id of
    the old passage it succeeds, which is updated in place (keeping its id) instead of inserted.

    ``old_turns`` (ids of a replaced transcript's turns) are rewritten in place for the first turns, so
    a replace deletes only turns it no longer needs (each delete scans passages for its foreign key)."""
    turn_rows = [(tid, turn.seq, turn.speaker, str(turn.role), respondent_ids.get(turn.respondent or ""), turn.start,
                  turn.end, turn.time_start, turn.time_end) for turn in transcript.turns]
    conn.executemany('UPDATE turns SET transcript_id = ?, seq = ?, speaker = ?, role = ?, respondent_id = ?, '
                     'start = ?, "end" = ?, time_start = ?, time_end = ? WHERE id = ?',
                     [(*r, old) for r, old in zip(turn_rows, old_turns, strict=False)])
    conn.executemany(
        'INSERT INTO turns(transcript_id, seq, speaker, role, respondent_id, start, "end", time_start, time_end) '
        "VALUES (?,?,?,?,?,?,?,?,?)", turn_rows[len(old_turns):])
    turn_ids = dict(conn.execute("SELECT seq, id FROM turns WHERE transcript_id = ? AND seq >= 0", (tid,)).fetchall())
    rows = [(tid, turn_ids[p.turn_seq], p.seq, str(p.role), respondent_ids.get(p.respondent or ""), p.start, p.end,
             p.text, count_words(p.text) if p.role == Role.RESPONDENT else 0) for p in transcript.passages]
    conn.executemany(
        'UPDATE passages SET transcript_id = ?, turn_id = ?, seq = ?, role = ?, respondent_id = ?, start = ?, '
        '"end" = ?, text = ?, words = ? WHERE id = ?', [(*rows[i], pid) for i, pid in kept.items()])
    conn.executemany(
        'INSERT INTO passages(transcript_id, turn_id, seq, role, respondent_id, start, "end", text, words) '
        "VALUES (?,?,?,?,?,?,?,?,?)", [r for i, r in enumerate(rows) if i not in kept])


EDITED = 0.6
"""How alike (difflib ratio) an old and a new passage between two unchanged ones must be for the new
one to be the old one's successor, edited in place."""


def successors(old: list[str], new: list[str]) -> dict[int, int]:
    """Which new passage succeeds which old one, by content and position: new index -> old index.

    Unchanged passages are matched in order (difflib's longest common runs, so inserted or deleted
    passages shift nothing); between two such runs, an old passage is succeeded by the next new one
    that is at least EDITED alike. Linear for files that changed a little.
    """
    out: dict[int, int] = {}
    matcher = difflib.SequenceMatcher(None, old, new)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            out.update({j1 + k: i1 + k for k in range(i2 - i1)})
        elif tag == "replace":
            j = j1
            for i in range(i1, i2):
                for jj in range(j, min(j2, j + 50)):  # look a bounded way ahead: stays linear
                    pair = difflib.SequenceMatcher(None, old[i], new[jj])
                    if pair.real_quick_ratio() >= EDITED and pair.quick_ratio() >= EDITED and pair.ratio() >= EDITED:
                        out[jj] = i
                        j = jj + 1
                        break
    return out


def _replace_passages(project: Project, tid: int, transcript: Transcript, respondent_ids: dict[str, int],
                      result: SaveResult) -> None:
    """Replace a transcript's turns and passages keeping ids, codings and memos where their text is still there."""
    from interview_coder.store import codings as writer

    conn = project.conn
    old = conn.execute("SELECT id, seq, text FROM passages WHERE transcript_id = ? ORDER BY seq", (tid,)).fetchall()
    new = [p.text for p in transcript.passages]
    found = successors([p["text"] for p in old], new)
    absorbed = _absorbed([p["text"] for p in old], new, found)
    for i, (j, _) in absorbed.items():
        found.setdefault(j, i)  # a new passage that holds an old one whole, and succeeds no other, succeeds it
    kept = {j: old[i]["id"] for j, i in found.items()}
    # Where each old passage's text is now: (new passage id, offset of the old text in it; None = edited).
    place: dict[int, tuple[int, int | None]] = {old[i]["id"]: (old[i]["id"], 0 if old[i]["text"] == new[j] else None)
                                                for j, i in found.items()}
    place.update({old[i]["id"]: (kept[j], at) for i, (j, at) in absorbed.items()})
    text_of = {kept[j]: new[j] for j in kept}
    gone = [p for p in old if p["id"] not in place]
    dropped = [p for p in old if p["id"] not in text_of]
    # Free every old seq (the UNIQUE (transcript_id, seq) indexes) before the new rows take them.
    conn.execute("UPDATE turns SET seq = -1 - seq WHERE transcript_id = ?", (tid,))
    conn.execute("UPDATE passages SET seq = -1 - seq WHERE transcript_id = ?", (tid,))
    by_id = {p["id"]: p for p in old}
    lost_ids, moves = [], []
    for c in conn.execute(
            'SELECT c.id, c.passage_id, c.code_id, c.coder_id, c.start, c."end", c.text, k.name AS coder '
            "FROM codings c JOIN passages p ON p.id = c.passage_id JOIN coders k ON k.id = c.coder_id "
            "WHERE p.transcript_id = ? ORDER BY c.id", (tid,)).fetchall():
        # A whole-passage coding stays with its passage's successor; a span only where its text still is.
        old_p = by_id[c["passage_id"]]
        target, offset = place.get(c["passage_id"], (None, None))
        move = None
        if target is not None and offset is not None and (offset or target != c["passage_id"]):
            start, end = c["start"], c["end"]  # the old text sits whole at ``offset`` in the new passage
            move = (target, offset + (start or 0), offset + (len(old_p["text"]) if end is None else end))
        elif target is not None and offset is None and c["start"] is not None \
                and text_of[target][c["start"]:c["end"]] != c["text"]:
            at = _nearest(text_of[target], c["text"], c["start"])
            move = None if at is None else (target, at, at + len(c["text"]))
            target = None if at is None else target
        if target is None:
            lost_ids.append(c["id"])
            result.lost_codings.append({"passage": old_p["seq"], "code": c["code_id"], "coder": c["coder"],
                                        "text": c["text"] or old_p["text"]})
            continue
        result.kept_codings += 1
        if move is not None:
            moves.append((c["id"], *move, text_of[target][move[1]:move[2]]))
    writer.discard(project, lost_ids, f"import --replace {transcript.name}")
    result.kept_codings -= writer.relocate(project, moves, f"import --replace {transcript.name}")
    _keep_memos(project, tid, gone, {old_id: dest for old_id, (dest, _) in place.items() if old_id != dest}, result)
    conn.executemany("DELETE FROM passages WHERE id = ?", [(p["id"],) for p in dropped])
    old_turns = [r[0] for r in conn.execute("SELECT id FROM turns WHERE transcript_id = ? ORDER BY seq DESC", (tid,))]
    _insert_turns_and_passages(conn, tid, transcript, respondent_ids, kept, old_turns)
    conn.execute("DELETE FROM turns WHERE transcript_id = ? AND seq < 0", (tid,))
    result.kept_passages, result.dropped_passages = len(place), len(gone)


def _absorbed(old: list[str], new: list[str], found: dict[int, int]) -> dict[int, tuple[int, int]]:
    """Old passages with no successor whose whole text is inside a nearby new passage (passages merged,
    e.g. by --fold-backchannels): old index -> (new index, offset of the old text in it)."""
    succ = {i: j for j, i in found.items()}
    out: dict[int, tuple[int, int]] = {}
    before = -1
    for i, text in enumerate(old):
        if i in succ:
            before = succ[i]
            continue
        after = next((succ[k] for k in range(i + 1, min(len(old), i + 50)) if k in succ), len(new) - 1)
        # Between the successors of its neighbours, and a few either side (a merged turn may come first).
        for j in range(max(before - 3, 0), min(after + 3, before + 50, len(new) - 1) + 1):
            at = new[j].find(text) if text else -1
            if at >= 0:
                out[i] = (j, at)
                break
    return out


def _nearest(text: str, span: str, start: int) -> int | None:
    """Where ``span`` occurs in ``text`` nearest to ``start``, or None."""
    best, at = None, text.find(span)
    while at >= 0:
        if best is None or abs(at - start) < abs(best - start):
            best = at
        at = text.find(span, at + 1)
    return best


def _keep_memos(project: Project, tid: int, gone: list[sqlite3.Row], moved: dict[int, int],
                result: SaveResult) -> None:
    """Memos follow a passage absorbed into another; memos on passages whose text is gone become
    (part of) their coder's memo on the transcript."""
    conn = project.conn
    conn.executemany("UPDATE memos SET target_id = ? WHERE target = 'passage' AND target_id = ?",
                     [(str(dest), str(old_id)) for old_id, dest in moved.items()])
    seq_of = {str(p["id"]): p for p in gone}
    if not seq_of:
        return
    marks = ",".join("?" * len(seq_of))
    for m in conn.execute(f"SELECT id, target_id, coder_id, text FROM memos WHERE target = 'passage' "  # noqa: S608
                          f"AND target_id IN ({marks}) ORDER BY id", list(seq_of)).fetchall():
        p = seq_of[m["target_id"]]
        note = f"[memo on former passage {p['seq']}: {p['text'][:60]!r}]\n{m['text']}"
        mine = conn.execute("SELECT id, text FROM memos WHERE target = 'transcript' AND target_id = ? AND coder_id IS ?",
                            (str(tid), m["coder_id"])).fetchone()
        if mine is None:
            conn.execute("UPDATE memos SET target = 'transcript', target_id = ?, text = ?, updated_at = ? WHERE id = ?",
                         (str(tid), note, now(), m["id"]))
        else:
            conn.execute("UPDATE memos SET text = ?, updated_at = ? WHERE id = ?",
                         (f"{mine['text']}\n\n{note}", now(), mine["id"]))
            conn.execute("DELETE FROM memos WHERE id = ?", (m["id"],))
        coder = conn.execute("SELECT name FROM coders WHERE id = ?", (m["coder_id"],)).fetchone()
        result.moved_memos.append({"passage": p["seq"], "coder": coder[0] if coder else None, "text": m["text"]})


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
