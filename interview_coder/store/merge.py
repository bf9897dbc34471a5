"""Merging other coders' projects into this one: transcripts, codes, codings, memos and coders.

Transcripts are matched by the hash of their normalised text (``text_sha256``), never by file
name; codes by id. Codings keep their coder, status, origin and span; a coding on a matched
transcript is placed by its offsets in the transcript text. Merging is idempotent: merging the same
project twice adds nothing the second time. Conflicts (a code or factor with the same id but another
name, factor or driver; a respondent whose attributes differ; a different transcript under a name
already used) are all found before anything is written, and each needs a choice:
``prefer='ours'|'theirs'`` for codes, factors and attributes, ``rename=True`` for transcript names.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypedDict

from interview_coder.core.model import Origin, Role, Status
from interview_coder.errors import InputError, StoreError
from interview_coder.store import migrations
from interview_coder.store.check import invariant_problems
from interview_coder.store.codings import copy_codings
from interview_coder.store.project import Project, now

PREFER = ("ours", "theirs")


@dataclass
class Conflict:
    """One disagreement between the projects that needs a choice."""

    kind: str  # code | factor | attributes | transcript
    key: str
    ours: str
    theirs: str
    source: str
    resolution: str = ""

    def describe(self) -> str:
        return f"{self.source}: {self.kind} {self.key!r}: ours {self.ours} / theirs {self.theirs}"


@dataclass
class MergeResult:
    """What one merged project brought in."""

    source: str
    transcripts_matched: int = 0
    transcripts_added: list[str] = field(default_factory=list)
    factors_added: int = 0
    codes_added: int = 0
    codings_added: int = 0
    codings_kept_removed: int = 0
    """their codings not brought in: removed here (a tombstone) after they last changed them"""
    codings_removed: int = 0
    """our codings removed because they were removed there after we last changed them"""
    memos_added: int = 0
    coders: list[str] = field(default_factory=list)
    unplaced: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)


class MergeConflicts(InputError):
    """Raised, with nothing written, when conflicts need a choice."""

    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        kinds = {c.kind for c in conflicts}
        hints = []
        if kinds & {"code", "factor", "attributes"}:
            hints.append("--prefer ours|theirs")
        if "transcript" in kinds:
            hints.append("--rename")
        lines = [c.describe() for c in conflicts]
        super().__init__(f"{len(conflicts)} conflict(s) need a choice ({' and '.join(hints)}); nothing merged:\n"
                         + "\n".join(lines))


class _DryRun(Exception):
    """Rolls the merge transaction back after counting what it would bring."""


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open another project without writing to it (no migration, no WAL change)."""
    if not path.is_file():
        raise InputError("no such project file", path)
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM codings").fetchone()
    except sqlite3.DatabaseError as exc:
        raise InputError(f"not an interview-coder project ({exc})", path) from exc
    if version != migrations.SCHEMA_VERSION:
        conn.close()
        raise StoreError(f"schema {version}, this interview-coder writes {migrations.SCHEMA_VERSION}: open it once "
                         "with this version (e.g. 'interview-coder status -p FILE') and merge again", path)
    return conn


def _rows(conn: sqlite3.Connection, sql: str, params: tuple[Any, ...] = ()) -> list[dict[str, Any]]:
    return [dict(r) for r in conn.execute(sql, params)]


def _attributes(conn: sqlite3.Connection, respondent_id: int) -> dict[str, tuple[str, str]]:
    return {r["name"]: (r["value"], r["type"]) for r in conn.execute(
        "SELECT name, value, type FROM attributes WHERE respondent_id = ?", (respondent_id,))}


def _show(attrs: dict[str, tuple[str, str]]) -> str:
    return ", ".join(f"{k}={v[0]}" for k, v in sorted(attrs.items())) or "(none)"


def find_conflicts(project: Project, theirs: sqlite3.Connection, source: str) -> list[Conflict]:
    """Every conflict between this project and another, without writing anything."""
    ours = project.conn
    out: list[Conflict] = []
    our_factors = {r["id"]: r for r in _rows(ours, "SELECT * FROM factors")}
    for f in _rows(theirs, "SELECT * FROM factors"):
        mine = our_factors.get(f["id"])
        if mine and (mine["name"], mine["driver"]) != (f["name"], f["driver"]):
            out.append(Conflict("factor", f["id"], f"{mine['name']!r} ({mine['driver']})",
                                f"{f['name']!r} ({f['driver']})", source))
    our_codes = {r["id"]: r for r in _rows(ours, "SELECT * FROM codes")}
    for c in _rows(theirs, "SELECT * FROM codes"):
        mine = our_codes.get(c["id"])
        if mine and (mine["name"], mine["factor_id"]) != (c["name"], c["factor_id"]):
            out.append(Conflict("code", c["id"], f"{mine['name']!r} in {mine['factor_id']}",
                                f"{c['name']!r} in {c['factor_id']}", source))
    our_names = {r["text_sha256"]: r["name"] for r in _rows(ours, "SELECT name, text_sha256 FROM transcripts")}
    taken = set(our_names.values())
    for t in _rows(theirs, "SELECT name, text_sha256 FROM transcripts"):
        if t["text_sha256"] not in our_names and t["name"] in taken:
            out.append(Conflict("transcript", t["name"], "another text under this name",
                                "a different text (not the same hash)", source))
    our_resp = {r["key"]: r["id"] for r in _rows(ours, "SELECT id, key FROM respondents")}
    for r in _rows(theirs, "SELECT id, key FROM respondents"):
        if r["key"] in our_resp:
            mine_a, theirs_a = _attributes(ours, our_resp[r["key"]]), _attributes(theirs, r["id"])
            if mine_a != theirs_a:
                out.append(Conflict("attributes", r["key"], _show(mine_a), _show(theirs_a), source))
    return out


def merge_projects(project: Project, others: list[Path], prefer: str | None = None, rename: bool = False,
                   dry_run: bool = False, progress: Callable[[int, int], None] | None = None
                   ) -> list[MergeResult]:
    """Merge each other project into this one, in one transaction after a backup.

    ``progress(done, total)`` is called after each other project, counted in projects.

    Raises :class:`MergeConflicts` (nothing written) when a conflict has no choice given.
    """
    if prefer is not None and prefer not in PREFER:
        raise InputError(f"--prefer must be ours or theirs, not {prefer!r}")
    here = project.path.resolve()
    conns = []
    try:
        for path in others:
            if Path(path).resolve() == here:
                raise InputError("cannot merge a project into itself", path)
            conns.append((str(path), open_readonly(Path(path))))
        conflicts = [c for source, conn in conns for c in find_conflicts(project, conn, source)]
        unresolved = [c for c in conflicts if (c.kind == "transcript" and not rename)
                      or (c.kind != "transcript" and prefer is None)]
        if unresolved:
            raise MergeConflicts(unresolved)
        if not dry_run:
            project.backup(reason="before-merge")
        results = []
        try:
            with project.transaction():
                for source, theirs in conns:
                    result = _merge_one(project, theirs, source, prefer, rename)
                    result.conflicts = [c for c in conflicts if c.source == source]
                    results.append(result)
                    if progress is not None:
                        progress(len(results), len(conns))
                # A damaged copy never makes a damaged project: the merged rows must pass check's rules.
                problems = invariant_problems(project.conn)
                if problems:
                    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
                    raise InputError(f"not merged: the result would fail check: {problems[0]}{more}")
                if dry_run:
                    raise _DryRun
        except _DryRun:
            pass
        return results
    finally:
        for _, c in conns:
            c.close()


def _merge_one(project: Project, theirs: sqlite3.Connection, source: str, prefer: str | None,
               rename: bool) -> MergeResult:
    result = MergeResult(source)
    _merge_codebook(project, theirs, prefer, result)
    passage_map, transcript_map = _merge_transcripts(project, theirs, source, prefer, rename, result)
    _merge_removals(project, theirs, source, result)
    coding_map = _merge_codings(project, theirs, passage_map, result)
    _merge_memos(project, theirs, transcript_map, passage_map, coding_map, result)
    result.coders = [r[0] for r in theirs.execute(
        "SELECT DISTINCT k.name FROM codings c JOIN coders k ON k.id = c.coder_id ORDER BY k.name")]
    return result


def _merge_codebook(project: Project, theirs: sqlite3.Connection, prefer: str | None, result: MergeResult) -> None:
    conn = project.conn
    # The codebook's name and version come along when this project has none yet.
    if not conn.execute("SELECT 1 FROM settings WHERE key LIKE 'codebook.%' AND value != ''").fetchone():
        conn.executemany("INSERT INTO settings(key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = "
                         "excluded.value", [tuple(r) for r in theirs.execute(
                             "SELECT key, value FROM settings WHERE key LIKE 'codebook.%'")])
    next_seq = conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM factors").fetchone()[0]
    for f in _rows(theirs, "SELECT * FROM factors ORDER BY seq"):
        mine = conn.execute("SELECT name, driver FROM factors WHERE id = ?", (f["id"],)).fetchone()
        if mine is None:
            conn.execute("INSERT INTO factors(id, name, name_zh, driver, description, seq) VALUES (?,?,?,?,?,?)",
                         (f["id"], f["name"], f["name_zh"], f["driver"], f["description"], next_seq))
            next_seq += 1
            result.factors_added += 1
        elif prefer == "theirs" and (mine["name"], mine["driver"]) != (f["name"], f["driver"]):
            conn.execute("UPDATE factors SET name = ?, name_zh = ?, driver = ?, description = ? WHERE id = ?",
                         (f["name"], f["name_zh"], f["driver"], f["description"], f["id"]))
    next_seq = conn.execute("SELECT coalesce(max(seq), -1) + 1 FROM codes").fetchone()[0]
    their_codes = _rows(theirs, "SELECT * FROM codes ORDER BY seq")
    for c in their_codes:
        mine = conn.execute("SELECT name, factor_id FROM codes WHERE id = ?", (c["id"],)).fetchone()
        if mine is None:
            conn.execute("INSERT INTO codes(id, name, name_zh, factor_id, parent_id, colour, description, seq) "
                         "VALUES (?,?,?,?,NULL,?,?,?)",
                         (c["id"], c["name"], c["name_zh"], c["factor_id"], c["colour"], c["description"], next_seq))
            next_seq += 1
            result.codes_added += 1
            conn.executemany(
                "INSERT OR IGNORE INTO keywords(code_id, lang, keyword, kind, seq) VALUES (?,?,?,?,?)",
                [(k["code_id"], k["lang"], k["keyword"], k["kind"], k["seq"])
                 for k in _rows(theirs, "SELECT * FROM keywords WHERE code_id = ? ORDER BY id", (c["id"],))])
        elif prefer == "theirs" and (mine["name"], mine["factor_id"]) != (c["name"], c["factor_id"]):
            conn.execute("UPDATE codes SET name = ?, name_zh = ?, factor_id = ? WHERE id = ?",
                         (c["name"], c["name_zh"], c["factor_id"], c["id"]))
    # Parents last, once every code exists; a parent we already set is ours to keep.
    for c in their_codes:
        if c["parent_id"]:
            conn.execute("UPDATE codes SET parent_id = ? WHERE id = ? AND parent_id IS NULL AND id != ?",
                         (c["parent_id"], c["id"], c["parent_id"]))


def _respondent(project: Project, theirs: sqlite3.Connection, their_id: int | None, prefer: str | None,
                cache: dict[int, int]) -> int | None:
    if their_id is None:
        return None
    if their_id in cache:
        return cache[their_id]
    conn = project.conn
    key = theirs.execute("SELECT key FROM respondents WHERE id = ?", (their_id,)).fetchone()[0]
    row = conn.execute("SELECT id FROM respondents WHERE key = ?", (key,)).fetchone()
    attrs = _attributes(theirs, their_id)
    if row is None:
        rid = int(conn.execute("INSERT INTO respondents(key) VALUES (?)", (key,)).lastrowid or 0)
        write = True
    else:
        rid = int(row[0])
        write = prefer == "theirs" and _attributes(conn, rid) != attrs
        if write:
            conn.execute("DELETE FROM attributes WHERE respondent_id = ?", (rid,))
    if write:
        conn.executemany("INSERT INTO attributes(respondent_id, name, value, type) VALUES (?,?,?,?)",
                         [(rid, name, value, typ) for name, (value, typ) in attrs.items()])
    cache[their_id] = rid
    return rid


def _merge_transcripts(project: Project, theirs: sqlite3.Connection, source: str, prefer: str | None,
                       rename: bool, result: MergeResult) -> tuple[dict[int, tuple[int, int, int, int]], dict[int, int]]:
    """Add new transcripts; map each of their passages to (our transcript id, abs start, abs end, our passage or 0)."""
    conn = project.conn
    passage_map: dict[int, tuple[int, int, int, int]] = {}
    transcript_map: dict[int, int] = {}
    respondents: dict[int, int] = {}
    stem = Path(source).stem
    for t in _rows(theirs, "SELECT * FROM transcripts ORDER BY name"):
        mine = conn.execute("SELECT id FROM transcripts WHERE text_sha256 = ? ORDER BY id LIMIT 1",
                            (t["text_sha256"],)).fetchone()
        their_passages = _rows(theirs, 'SELECT * FROM passages WHERE transcript_id = ? ORDER BY seq', (t["id"],))
        if mine is not None:
            tid = int(mine[0])
            result.transcripts_matched += 1
            for tu in _rows(theirs, "SELECT DISTINCT respondent_id FROM turns WHERE transcript_id = ?", (t["id"],)):
                if prefer == "theirs":
                    _respondent(project, theirs, tu["respondent_id"], prefer, respondents)
            ours = {(p["start"], p["end"]): p["id"] for p in _rows(
                conn, 'SELECT id, start, "end" FROM passages WHERE transcript_id = ?', (tid,))}
            for p in their_passages:
                passage_map[p["id"]] = (tid, p["start"], p["end"], ours.get((p["start"], p["end"]), 0))
        else:
            name = t["name"]
            if conn.execute("SELECT 1 FROM transcripts WHERE name = ?", (name,)).fetchone():
                if not rename:  # find_conflicts stops this before any write
                    raise InputError(f"transcript name {name!r} is taken by another text; use --rename", source)
                base, n = f"{name}~{stem}", 2
                name = base
                while conn.execute("SELECT 1 FROM transcripts WHERE name = ?", (name,)).fetchone():
                    name, n = f"{base}-{n}", n + 1
            cur = conn.execute(
                "INSERT INTO transcripts(name, source, format, encoding, text, text_sha256, source_sha256, language, "
                "preamble, imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
                (name, t["source"], t["format"], t["encoding"], t["text"], t["text_sha256"], t["source_sha256"],
                 t["language"], t["preamble"], now()))
            tid = int(cur.lastrowid or 0)
            result.transcripts_added.append(name)
            turn_ids: dict[int, int] = {}
            for tu in _rows(theirs, "SELECT * FROM turns WHERE transcript_id = ? ORDER BY seq", (t["id"],)):
                rid = _respondent(project, theirs, tu["respondent_id"], prefer, respondents)
                turn_ids[tu["id"]] = int(conn.execute(
                    'INSERT INTO turns(transcript_id, seq, speaker, role, respondent_id, start, "end", time_start, '
                    "time_end) VALUES (?,?,?,?,?,?,?,?,?)",
                    (tid, tu["seq"], tu["speaker"], tu["role"], rid, tu["start"], tu["end"], tu["time_start"],
                     tu["time_end"])).lastrowid or 0)
            for p in their_passages:
                rid = _respondent(project, theirs, p["respondent_id"], prefer, respondents)
                pid = int(conn.execute(
                    'INSERT INTO passages(transcript_id, turn_id, seq, role, respondent_id, start, "end", text, words) '
                    "VALUES (?,?,?,?,?,?,?,?,?)",
                    (tid, turn_ids[p["turn_id"]], p["seq"], p["role"], rid, p["start"], p["end"], p["text"],
                     p["words"])).lastrowid or 0)
                passage_map[p["id"]] = (tid, p["start"], p["end"], pid)
        transcript_map[t["id"]] = tid
    return passage_map, transcript_map


def place_span(conn: sqlite3.Connection, transcript_id: int, start: int, end: int, whole: bool
               ) -> tuple[int, int | None, int | None] | None:
    """Our respondent passage holding transcript offsets [start, end): (passage id, span start, span end)."""
    row = conn.execute(
        'SELECT id, start, "end" FROM passages WHERE transcript_id = ? AND role = \'respondent\' '
        'AND start <= ? AND "end" >= ? ORDER BY seq LIMIT 1', (transcript_id, start, end)).fetchone()
    if row is None:
        return None
    if whole and (row["start"], row["end"]) == (start, end):
        return int(row["id"]), None, None
    return int(row["id"]), start - row["start"], end - row["start"]


def _merge_codings(project: Project, theirs: sqlite3.Connection, passage_map: dict[int, tuple[int, int, int, int]],
                   result: MergeResult) -> dict[int, int]:
    conn = project.conn
    rows, their_ids = [], []
    for c in _rows(theirs, "SELECT c.*, k.name AS coder, p.seq AS passage_seq FROM codings c "
                           "JOIN coders k ON k.id = c.coder_id JOIN passages p ON p.id = c.passage_id ORDER BY c.id"):
        tid, p_start, p_end, ours = passage_map[c["passage_id"]]
        whole = c["start"] is None
        if ours and conn.execute("SELECT role FROM passages WHERE id = ?", (ours,)).fetchone()[0] == Role.RESPONDENT:
            place: tuple[int, int | None, int | None] | None = (ours, c["start"], c["end"])
        else:
            start = p_start if whole else p_start + c["start"]
            end = p_end if whole else p_start + c["end"]
            place = place_span(conn, tid, start, end, whole)
        if place is None:
            result.unplaced.append({"passage": c["passage_seq"], "code": c["code_id"], "coder": c["coder"],
                                    "text": c["text"]})
            continue
        if _removed_here(conn, place, c):
            result.codings_kept_removed += 1
            continue
        rows.append({**c, "passage_id": place[0], "start": place[1], "end": place[2]})
        their_ids.append(c["id"])
    before = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    ids = copy_codings(project, rows)
    result.codings_added = conn.execute("SELECT count(*) FROM codings").fetchone()[0] - before
    return dict(zip(their_ids, ids, strict=True))


_TOMBSTONE_OF = ('SELECT removed_at FROM coding_tombstones WHERE transcript_sha256 = ? AND start = ? AND "end" = ? '
                 "AND whole = ? AND code_id = ? AND coder = ?")


def _removed_here(conn: sqlite3.Connection, place: tuple[int, int | None, int | None], c: dict[str, Any]) -> bool:
    """True when this project removed the coding (a tombstone) after they last changed it."""
    p = conn.execute('SELECT p.start, p."end", t.text_sha256 FROM passages p JOIN transcripts t '
                     "ON t.id = p.transcript_id WHERE p.id = ?", (place[0],)).fetchone()
    whole = place[1] is None
    key = (p["text_sha256"], p["start"] + (place[1] or 0), p["end"] if whole else p["start"] + (place[2] or 0),
           int(whole), c["code_id"], c["coder"])
    row = conn.execute(_TOMBSTONE_OF, key).fetchone()
    return row is not None and str(c["updated_at"]) <= row[0]


def _merge_removals(project: Project, theirs: sqlite3.Connection, source: str, result: MergeResult) -> None:
    """Removals made there come here: our copies of codings they removed after we last changed them go
    (through the writer, recorded), and their tombstones join ours, so later merges keep them too."""
    from interview_coder.store.codings import discard

    conn = project.conn
    gone = []
    for t in _rows(theirs, "SELECT * FROM coding_tombstones"):
        if not conn.execute("SELECT 1 FROM transcripts WHERE text_sha256 = ?", (t["transcript_sha256"],)).fetchone():
            continue
        for c in conn.execute(
                "SELECT c.id, c.updated_at FROM codings c JOIN passages p ON p.id = c.passage_id "
                "JOIN transcripts x ON x.id = p.transcript_id JOIN coders k ON k.id = c.coder_id "
                "WHERE x.text_sha256 = ? AND c.code_id = ? AND k.name = ? AND c.status != 'suggested' AND "
                '((? = 1 AND c.start IS NULL AND p.start = ? AND p."end" = ?) '
                'OR (? = 0 AND p.start + c.start = ? AND p.start + c."end" = ?))',
                (t["transcript_sha256"], t["code_id"], t["coder"], t["whole"], t["start"], t["end"], t["whole"],
                 t["start"], t["end"])).fetchall():
            if str(c["updated_at"]) <= t["removed_at"]:
                gone.append(c["id"])
        mine = conn.execute(_TOMBSTONE_OF, (t["transcript_sha256"], t["start"], t["end"], t["whole"], t["code_id"],
                                            t["coder"])).fetchone()
        if mine is None or mine[0] < t["removed_at"]:
            conn.execute('INSERT OR REPLACE INTO coding_tombstones(transcript_sha256, start, "end", whole, code_id, '
                         "coder, removed_at) VALUES (?,?,?,?,?,?,?)",
                         (t["transcript_sha256"], t["start"], t["end"], t["whole"], t["code_id"], t["coder"],
                          t["removed_at"]))
    result.codings_removed = discard(project, gone, f"merge {Path(source).name}: removed there")


def _merge_memos(project: Project, theirs: sqlite3.Connection, transcript_map: dict[int, int],
                 passage_map: dict[int, tuple[int, int, int, int]], coding_map: dict[int, int],
                 result: MergeResult) -> None:
    conn = project.conn
    for m in _rows(theirs, "SELECT m.*, k.name AS coder FROM memos m LEFT JOIN coders k ON k.id = m.coder_id "
                           "ORDER BY m.id"):
        target_id = m["target_id"]
        try:
            if m["target"] == "transcript":
                target_id = str(transcript_map[int(target_id)])
            elif m["target"] == "passage":
                target_id = str(passage_map[int(target_id)][3])
            elif m["target"] == "coding":
                target_id = str(coding_map[int(target_id)])
        except (KeyError, ValueError):
            continue
        if target_id == "0":
            continue
        coder_id = project.coder_id(m["coder"]) if m["coder"] else None
        if conn.execute("SELECT 1 FROM memos WHERE target = ? AND target_id = ? AND text = ? AND coder_id IS ?",
                        (m["target"], target_id, m["text"], coder_id)).fetchone():
            continue
        conn.execute("INSERT INTO memos(target, target_id, coder_id, text, created_at, updated_at) "
                     "VALUES (?,?,?,?,?,?)", (m["target"], target_id, coder_id, m["text"], m["created_at"], now()))
        result.memos_added += 1


CODING_STATUSES = tuple(Status)


def import_coding_rows(project: Project, rows: list[tuple[int, dict[str, str]]], source: str,
                       default_coder: str | None = None) -> tuple[int, int]:
    """Store codings read from a table (``codings import``): all rows or, if any row is wrong, none.

    Each row (with its line in the file) names transcript, passage (the passage number), code, and
    optionally start, end, coder, status (default accepted), origin, keyword, text (checked against
    the passage when given). Every row that does not match a transcript, passage or code is listed
    with its line in one InputError. Returns (rows read, codings added).
    """
    conn = project.conn
    problems: list[str] = []
    resolved: list[dict[str, Any]] = []
    codes = {r[0] for r in conn.execute("SELECT id FROM codes")}
    transcripts = {r[0]: r[1] for r in conn.execute("SELECT name, id FROM transcripts")}
    for line, row in rows:
        def bad(reason: str, line: int = line) -> None:
            problems.append(f"{source}:{line}: {reason}")

        name = (row.get("transcript") or "").strip()
        code = (row.get("code") or "").strip()
        coder = (row.get("coder") or "").strip() or default_coder
        status = (row.get("status") or "").strip() or Status.ACCEPTED
        origin = (row.get("origin") or "").strip() or Origin.MANUAL
        if name not in transcripts:
            bad(f"no transcript named {name!r}")
            continue
        if code not in codes:
            bad(f"no code {code!r} in the codebook")
            continue
        if not coder:
            bad("no coder: fill the coder column or give --coder")
            continue
        if status not in CODING_STATUSES:
            bad(f"status must be accepted, suggested or rejected, not {status!r}")
            continue
        if origin not in {o.value for o in Origin}:
            bad(f"origin must be {', '.join(o.value for o in Origin)}, not {origin!r}")
            continue
        try:
            seq = _integer(row.get("passage"))
            start, end = _integer(row.get("start")), _integer(row.get("end"))
        except ValueError as exc:
            bad(str(exc))
            continue
        passage = conn.execute("SELECT id, role, text FROM passages WHERE transcript_id = ? AND seq = ?",
                               (transcripts[name], seq)).fetchone()
        if seq is None or passage is None:
            bad(f"transcript {name!r} has no passage {row.get('passage')!r}")
            continue
        if passage["role"] != Role.RESPONDENT:
            bad(f"passage {seq} of {name!r} is not respondent text (interviewer and title text is never coded)")
            continue
        text = passage["text"]
        if (start is None) != (end is None) or (start is not None and end is not None
                                                and not 0 <= start < end <= len(text)):
            bad(f"span {row.get('start')}-{row.get('end')} is outside passage {seq} (length {len(text)})")
            continue
        given = (row.get("text") or "").strip()
        expected = text if start is None else text[start:end]
        if given and " ".join(given.lstrip("'").split()) != " ".join(expected.split()) \
                and " ".join(given.split()) != " ".join(expected.split()):
            bad(f"text {given[:40]!r} is not the text of passage {seq} {'' if start is None else f'at {start}-{end}'}"
                .rstrip())
            continue
        resolved.append({"passage_id": passage["id"], "code_id": code, "coder": coder, "start": start, "end": end,
                         "status": status, "origin": origin, "keyword": (row.get("keyword") or "").strip() or None})
    if problems:
        raise InputError(f"{len(problems)} row(s) do not match the project; nothing imported:\n" + "\n".join(problems))
    with project.transaction() as conn:
        before = conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        copy_codings(project, resolved)
        added = conn.execute("SELECT count(*) FROM codings").fetchone()[0] - before
    return len(rows), int(added)


def _integer(value: str | None) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    try:
        number = float(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a whole number") from None
    if number != int(number):
        raise ValueError(f"{text!r} is not a whole number")
    return int(number)


class CoderRow(TypedDict):
    """One coder as ``coders list`` shows it: their codings by status (any passage), transcripts coded."""

    coder: str
    accepted: int
    suggested: int
    rejected: int
    transcripts: int
    first_seen: str
    remembered: str
    """'yes' for the project's remembered coder, else ''."""


def coder_rows(project: Project) -> list[CoderRow]:
    """One row per coder: codings by status, transcripts coded, first seen, and the remembered coder."""
    remembered = project.setting("coder")
    sql = """
    SELECT k.name AS coder,
           sum(c.status = 'accepted') AS accepted, sum(c.status = 'suggested') AS suggested,
           sum(c.status = 'rejected') AS rejected, count(DISTINCT p.transcript_id) AS transcripts,
           k.created_at AS first_seen
    FROM coders k LEFT JOIN codings c ON c.coder_id = k.id LEFT JOIN passages p ON p.id = c.passage_id
    GROUP BY k.id ORDER BY k.name
    """
    return [CoderRow(coder=r["coder"], accepted=r["accepted"] or 0, suggested=r["suggested"] or 0,
                     rejected=r["rejected"] or 0, transcripts=r["transcripts"], first_seen=r["first_seen"],
                     remembered="yes" if r["coder"] == remembered else "")
            for r in project.conn.execute(sql)]
