"""Speaker labels of stored transcripts: list them, and change a label's role or respondent afterwards.

Changing a label rewrites its turns and passages (role, respondent, words) in one transaction.
Codings are never written here: codings on passages that become interviewer passages stay in the
store (they are out of every count, because only respondent passages count) and come back if the
label becomes a respondent again; :func:`set_speaker` refuses without ``force`` and reports them.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from typing import TypedDict

from interview_coder.core.model import Role
from interview_coder.core.words import count_words
from interview_coder.errors import InputError
from interview_coder.store.project import Project


class SpeakerRow(TypedDict):
    """One speaker label of a transcript as ``speakers list`` shows it."""

    transcript: str
    label: str | None
    role: str
    respondent: str | None
    group: str | None
    turns: int
    passages: int
    words: int
    """Words of its passages (counted only where the role is respondent)."""


def speaker_rows(project: Project, transcript: str | None = None) -> list[SpeakerRow]:
    """One row per (transcript, label, respondent): role, group, turns, passages, respondent words."""
    sql = """
    SELECT t.name AS transcript, tu.speaker AS label, tu.role, r.key AS respondent,
           (SELECT a.value FROM attributes a WHERE a.respondent_id = tu.respondent_id AND a.name = 'group') AS "group",
           count(*) AS turns,
           (SELECT count(*) FROM passages p JOIN turns x ON x.id = p.turn_id
             WHERE x.transcript_id = t.id AND x.speaker IS tu.speaker AND x.respondent_id IS tu.respondent_id) AS passages,
           (SELECT coalesce(sum(p.words), 0) FROM passages p JOIN turns x ON x.id = p.turn_id
             WHERE x.transcript_id = t.id AND x.speaker IS tu.speaker AND x.respondent_id IS tu.respondent_id) AS words,
           min(tu.seq) AS first_turn
    FROM turns tu JOIN transcripts t ON t.id = tu.transcript_id LEFT JOIN respondents r ON r.id = tu.respondent_id
    WHERE tu.role != 'preamble' AND (? IS NULL OR t.name = ?)
    GROUP BY t.id, tu.speaker, tu.role, tu.respondent_id, r.key
    ORDER BY t.name, first_turn
    """
    return [SpeakerRow(transcript=r["transcript"], label=r["label"], role=r["role"], respondent=r["respondent"],
                       group=r["group"], turns=r["turns"], passages=r["passages"], words=r["words"])
            for r in project.conn.execute(sql, (transcript, transcript))]


def label_texts(project: Project, transcript: str) -> dict[str | None, list[str]]:
    """The passage texts of each label of a transcript, in order (for question counts)."""
    out: dict[str | None, list[str]] = {}
    for r in project.conn.execute(
            "SELECT tu.speaker, p.text FROM passages p JOIN turns tu ON tu.id = p.turn_id "
            "JOIN transcripts t ON t.id = p.transcript_id WHERE t.name = ? AND p.role != 'preamble' ORDER BY p.seq",
            (transcript,)):
        out.setdefault(r[0], []).append(r[1])
    return out


@dataclass
class SpeakerChange:
    """What :func:`set_speaker` changed, per transcript."""

    label: str
    role: Role
    transcripts: list[str] = field(default_factory=list)
    respondents: dict[str, str] = field(default_factory=dict)
    """transcript -> respondent id given to the label."""
    turns: int = 0
    passages: int = 0
    words_before: int = 0
    words_after: int = 0
    codings_on_interviewer: int = 0
    """Codings on passages that are now interviewer passages: kept, not counted."""
    codings_restored: int = 0
    """Codings on passages that are respondent passages again: counted again."""
    removed_respondents: list[str] = field(default_factory=list)
    """Respondents left without turns and removed (one whose turns became interviewer turns is kept)."""


def set_speaker(project: Project, label: str, role: Role | str, respondent: str | None = None,
                transcript: str | None = None, group: str | None = None, force: bool = False) -> SpeakerChange:
    """Make every turn of ``label`` (in one transcript, or in all that have it) interviewer or respondent.

    A new respondent id defaults to the transcript name when the transcript has no other
    respondent, else ``transcript-label``. One transaction; nothing changes on error.
    """
    role = Role(role)
    if role == Role.PREAMBLE:
        raise InputError("a speaker's role is interviewer or respondent")
    if role == Role.INTERVIEWER and (respondent or group):
        raise InputError("an interviewer has no respondent id or group")
    conn = project.conn
    found = conn.execute(
        "SELECT DISTINCT t.id, t.name FROM turns tu JOIN transcripts t ON t.id = tu.transcript_id "
        "WHERE tu.speaker = ? AND (? IS NULL OR t.name = ?) ORDER BY t.name", (label, transcript, transcript)).fetchall()
    if not found:
        where = f"transcript {transcript!r}" if transcript else "any transcript"
        if transcript and conn.execute("SELECT 1 FROM transcripts WHERE name = ?", (transcript,)).fetchone() is None:
            raise InputError(f"no transcript named {transcript!r} (see 'interview-coder transcripts list')")
        raise InputError(f"no speaker label {label!r} in {where} (see 'interview-coder speakers list')")
    if respondent and len(found) > 1:
        names = ", ".join(r["name"] for r in found)
        raise InputError(f"label {label!r} is in {len(found)} transcripts ({names}): give --transcript with --respondent")
    change = SpeakerChange(label, role)
    with project.transaction():
        for row in found:
            _set_in_transcript(conn, row["id"], row["name"], label, role, respondent, group, force, change)
        change.removed_respondents = remove_orphan_respondents(conn)
    return change


_KEPT_FOR_SWITCHING_BACK = "SELECT value FROM settings WHERE key LIKE 'speakers.last.%'"


def remove_orphan_respondents(conn: sqlite3.Connection, candidates: list[int] | None = None) -> list[str]:
    """Remove respondents left without turns (two labels made one, a re-import dropped one); their keys.

    ``candidates`` limits the search to these respondent ids (a replaced transcript's own: the
    others cannot have lost turns). A respondent whose turns became interviewer turns
    (``speakers set``) is kept with its attributes (its group), so switching the label back finds it
    again, whatever was imported meanwhile; it counts nowhere meanwhile (counts read counted
    passages). Runs inside the caller's transaction.
    """
    if candidates is None:
        candidates = [r[0] for r in conn.execute("SELECT id FROM respondents WHERE id NOT IN "
                                                 "(SELECT respondent_id FROM turns WHERE respondent_id IS NOT NULL)")]
    kept = {r[0] for r in conn.execute(_KEPT_FOR_SWITCHING_BACK)}
    removed = []
    for rid in candidates:
        key = conn.execute("SELECT key FROM respondents WHERE id = ?", (rid,)).fetchone()
        if key is None or key[0] in kept or conn.execute(
                "SELECT 1 FROM turns WHERE respondent_id = ? LIMIT 1", (rid,)).fetchone() is not None:
            continue
        conn.execute("DELETE FROM respondents WHERE id = ?", (rid,))
        removed.append(key[0])
    return sorted(removed)


def _set_in_transcript(conn: sqlite3.Connection, tid: int, name: str, label: str, role: Role,
                       respondent: str | None, group: str | None, force: bool, change: SpeakerChange) -> None:
    change.transcripts.append(name)
    passages = conn.execute(
        "SELECT p.id, p.text, p.role, p.words FROM passages p JOIN turns tu ON tu.id = p.turn_id "
        "WHERE tu.transcript_id = ? AND tu.speaker = ?", (tid, label)).fetchall()
    ids = [p["id"] for p in passages]
    marks = ",".join("?" * len(ids))
    coded = conn.execute(f"SELECT count(*) FROM codings WHERE passage_id IN ({marks})", ids).fetchone()[0]  # noqa: S608
    was_respondent = any(p["role"] == Role.RESPONDENT for p in passages)
    if role == Role.INTERVIEWER:
        if coded and was_respondent and not force:
            raise InputError(f"{coded} codings are on passages of {label!r} in {name!r}; they would stay in the "
                             "store but stop counting: give --force to go ahead (switching back restores them)")
        rid = None
        if was_respondent:
            change.codings_on_interviewer += coded
            # Remember whose turns these were, so switching back gives them to the same respondent.
            for r in conn.execute("SELECT DISTINCT r.key FROM turns tu JOIN respondents r ON r.id = tu.respondent_id "
                                  "WHERE tu.transcript_id = ? AND tu.speaker = ?", (tid, label)).fetchall()[:1]:
                conn.execute("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET "
                             "value = excluded.value", (_LAST_KEY.format(tid, label), r[0]))
    else:
        rid = _respondent_id(conn, tid, name, label, respondent, group)
        change.respondents[name] = conn.execute("SELECT key FROM respondents WHERE id = ?", (rid,)).fetchone()[0]
        if not was_respondent:
            change.codings_restored += coded
    change.turns += conn.execute("UPDATE turns SET role = ?, respondent_id = ? WHERE transcript_id = ? AND speaker = ?",
                                 (str(role), rid, tid, label)).rowcount
    for p in passages:
        words = count_words(p["text"]) if role == Role.RESPONDENT else 0
        change.words_before += p["words"]
        change.words_after += words
        conn.execute("UPDATE passages SET role = ?, respondent_id = ?, words = ? WHERE id = ?",
                     (str(role), rid, words, p["id"]))
    change.passages += len(passages)


_LAST_KEY = "speakers.last.{}.{}"
"""Setting: the respondent a label's turns had in a transcript before they became interviewer turns."""


def _respondent_id(conn: sqlite3.Connection, tid: int, name: str, label: str, key: str | None,
                   group: str | None) -> int:
    current = conn.execute("SELECT DISTINCT r.id, r.key FROM turns tu JOIN respondents r ON r.id = tu.respondent_id "
                           "WHERE tu.transcript_id = ? AND tu.speaker = ?", (tid, label)).fetchall()
    last = conn.execute("SELECT value FROM settings WHERE key = ?", (_LAST_KEY.format(tid, label),)).fetchone()
    if key is None and not current and last is not None:
        key = last[0]  # the respondent these turns had before they were made interviewer turns
    if key is None and len(current) == 1:
        rid = int(current[0]["id"])
    else:
        if key is None:
            others = conn.execute("SELECT count(DISTINCT respondent_id) FROM turns WHERE transcript_id = ? "
                                  "AND respondent_id IS NOT NULL", (tid,)).fetchone()[0]
            key = name if others == 0 else f"{name}-{label}"
        row = conn.execute("SELECT id FROM respondents WHERE key = ?", (key,)).fetchone()
        if row is not None:
            other = conn.execute("SELECT t.name FROM turns tu JOIN transcripts t ON t.id = tu.transcript_id "
                                 "WHERE tu.respondent_id = ? AND t.id != ? LIMIT 1", (row["id"], tid)).fetchone()
            if other is not None:
                raise InputError(f"respondent {key!r} already speaks in transcript {other['name']!r}; "
                                 "give another --respondent")
            rid = int(row["id"])
        else:
            rid = int(conn.execute("INSERT INTO respondents(key) VALUES (?)", (key,)).lastrowid or 0)
    if group is not None:
        conn.execute("INSERT INTO attributes(respondent_id, name, value, type) VALUES (?, 'group', ?, 'text') "
                     "ON CONFLICT(respondent_id, name) DO UPDATE SET value = excluded.value", (rid, group))
    return rid
