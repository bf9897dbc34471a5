"""``check``: is the project file whole, and does it keep every promise the rest of the code relies on?

SQLite's own checks (``integrity_check``, ``foreign_key_check``) find a damaged file; the project
invariants below find data that is well-formed SQL but wrong for us (a span that no longer slices
its passage, a coding of a code that is gone, a word count that disagrees with its text). Each
problem is one line a person can act on.
"""

from __future__ import annotations

import functools
import hashlib
import json
import sqlite3
import unicodedata
from collections.abc import Collection, Iterator
from dataclasses import dataclass

from interview_coder.core.model import Origin, Role, Status
from interview_coder.core.words import count_words
from interview_coder.store import migrations
from interview_coder.store.project import Project

ORIGINS = frozenset(o.value for o in Origin)
STATUSES = frozenset(s.value for s in Status)


@dataclass(frozen=True)
class Problem:
    """One broken promise: which rule (``kind``), where, and what is wrong."""

    kind: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message} [{self.kind}]"


def check(project: Project) -> list[Problem]:
    """Every problem found in the project, in a stable order; an empty list means the file is sound.

    Reads only: open the project with :meth:`Project.open_read_only` so that checking a file never
    migrates it or changes its journal mode.
    """
    conn = project.conn
    # A team project's server enforces its constraints and foreign keys, and its schema is generated
    # from the file's (store/dialect.py): on PostgreSQL the row rules are what is left to check.
    problems = [] if project.team else _sqlite_checks(conn)
    if any(p.kind == "integrity" for p in problems):
        return problems  # a damaged file: reading its rows could mislead or fail
    try:
        problems += _version_checks(conn)
        if any(p.kind == "version" for p in problems):
            return problems  # an older or unknown layout: the row rules below are for this version
        if not project.team:
            problems += _schema_checks(conn)
        problems += invariant_problems(conn)
        problems += _codebook_checks(conn)
        problems += _history_checks(conn)
        problems += _other_row_checks(conn)
    except sqlite3.DatabaseError as exc:
        problems.append(Problem("integrity", "project", f"reading the rows failed: {exc}"))
    return problems


def invariant_problems(conn: sqlite3.Connection, transcript_ids: Collection[int] | None = None) -> list[Problem]:
    """The row invariants of ``check`` (transcripts, turns, passages, their codings), read on ``conn``
    inside the caller's transaction, so a writer can refuse to commit a project ``check`` would reject.

    ``transcript_ids`` limits the work to those transcripts and their codings (an import checks only
    what it staged); None checks every transcript. Linear in the rows read.
    """
    return _transcript_checks(conn, transcript_ids) + _coding_checks(conn, transcript_ids)


def _sqlite_checks(conn: sqlite3.Connection) -> list[Problem]:
    out = []
    try:
        rows = [r[0] for r in conn.execute("PRAGMA integrity_check")]
    except sqlite3.DatabaseError as exc:
        return [Problem("integrity", "project", f"SQLite integrity check failed: {exc}")]
    for r in rows:
        if r == "ok":
            continue
        # A failed CHECK or NOT NULL is a bad row in a sound file; anything else is a damaged file.
        constraint = r.startswith(("CHECK constraint failed", "NULL value in", "non-unique entry"))
        out.append(Problem("constraint" if constraint else "integrity", "project", f"SQLite: {r}"))
    if any(p.kind == "integrity" for p in out):
        return out
    for table, rowid, parent, _fk in conn.execute("PRAGMA foreign_key_check"):
        out.append(Problem("foreign-key", f"{table} row {rowid}", f"refers to a missing {parent} row"))
    return out


def _scoped(conn: sqlite3.Connection, sql: str, where: str, ids: Collection[int] | None,
            order: str) -> Iterator[sqlite3.Row]:
    """Rows of ``sql``, all of them or only those whose ``where`` column is one of ``ids`` (in chunks)."""
    if ids is None:
        yield from conn.execute(f"{sql} ORDER BY {order}")
        return
    ordered = sorted(set(ids))
    for at in range(0, len(ordered), 500):
        chunk = ordered[at:at + 500]
        marks = ",".join("?" * len(chunk))
        yield from conn.execute(f"{sql} WHERE {where} IN ({marks}) ORDER BY {order}", chunk)


def _text_checks(t: sqlite3.Row, where: str) -> list[Problem]:
    out: list[Problem] = []
    text = t["text"]
    if hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest() != t["text_sha256"]:
        out.append(Problem("hash", where, "text_sha256 does not match the text (merges would not find it)"))
    if not unicodedata.is_normalized("NFC", text):
        out.append(Problem("text", where, "text is not NFC-normalised (offsets are code points of NFC text)"))
    return out


def _turn_checks(turns: list[sqlite3.Row], text: str, where: str) -> list[Problem]:
    """Turns lie inside the text, in order, and only respondent turns have a respondent."""
    out: list[Problem] = []
    prev_end = 0
    for turn in turns:
        w = f"{where} turn {turn['seq']}"
        if not 0 <= turn["start"] <= turn["end"] <= len(text):
            out.append(Problem("offsets", w, f"offsets {turn['start']}-{turn['end']} outside the text "
                                             f"(length {len(text)})"))
        elif turn["start"] < prev_end:
            out.append(Problem("order", w, f"starts at {turn['start']}, inside the turn before (ends {prev_end})"))
        prev_end = max(prev_end, turn["end"])
        if turn["role"] == Role.RESPONDENT and turn["respondent_id"] is None:
            out.append(Problem("respondent", w, "a respondent turn without a respondent"))
        elif turn["role"] != Role.RESPONDENT and turn["respondent_id"] is not None:
            out.append(Problem("respondent", w, f"a {turn['role']} turn with a respondent"))
    return out


def _passage_in_turn(p: sqlite3.Row, turn: sqlite3.Row, w: str) -> list[Problem]:
    out: list[Problem] = []
    if not turn["start"] <= p["start"] <= p["end"] <= turn["end"]:
        out.append(Problem("turn", w, f"offsets {p['start']}-{p['end']} outside its turn {turn['seq']} "
                                      f"({turn['start']}-{turn['end']})"))
    if p["role"] != turn["role"] or p["respondent_id"] != turn["respondent_id"]:
        out.append(Problem("turn", w, f"role or respondent differs from its turn {turn['seq']}"))
    return out


def _passage_checks(passages: list[sqlite3.Row], turns: list[sqlite3.Row], text: str, where: str) -> list[Problem]:
    """Passages are slices of the text, in order, inside their turn, with its role, and their words
    counted (respondent passages only); every turn has a passage."""
    out: list[Problem] = []
    turn_by_id = {r["id"]: r for r in turns}
    used_turns = set()
    prev_end, prev_seq = 0, None
    for p in passages:
        w = f"{where} passage {p['seq']}"
        if prev_seq is not None and p["seq"] <= prev_seq:
            out.append(Problem("order", w, "passage numbers repeat"))
        prev_seq = p["seq"]
        start, end = p["start"], p["end"]
        if not 0 <= start < end <= len(text):
            out.append(Problem("offsets", w, f"offsets {start}-{end} outside the text (length {len(text)})"))
        elif text[start:end] != p["text"]:
            out.append(Problem("slice", w, f"text differs from the transcript's text[{start}:{end}]"))
        if start < prev_end:
            out.append(Problem("order", w, f"starts at {start}, inside the passage before (ends {prev_end})"))
        prev_end = max(prev_end, end)
        turn = turn_by_id.get(p["turn_id"])
        if turn is None:
            out.append(Problem("turn", w, "its turn belongs to another transcript or is missing"))
        else:
            used_turns.add(turn["id"])
            out += _passage_in_turn(p, turn, w)
        respondent = p["role"] == Role.RESPONDENT
        expected = count_words(p["text"]) if respondent else 0
        if p["words"] != expected:
            out.append(Problem("words", w, f"words is {p['words']}, the text has {expected} "
                                           f"({'respondent words' if respondent else 'not counted'})"))
    for turn in turns:
        if turn["id"] not in used_turns:
            out.append(Problem("turn", f"{where} turn {turn['seq']}", "a turn without passages"))
    return out


def _transcript_checks(conn: sqlite3.Connection, ids: Collection[int] | None = None) -> list[Problem]:
    out: list[Problem] = []
    transcripts = _scoped(conn, "SELECT id, name, text, text_sha256 FROM transcripts", "id", ids, "id")
    for t in transcripts:
        where = f"transcript {t['name']!r}"
        out += _text_checks(t, where)
        turns = conn.execute('SELECT id, seq, role, respondent_id, start, "end" FROM turns '
                             "WHERE transcript_id = ? ORDER BY seq", (t["id"],)).fetchall()
        passages = conn.execute('SELECT id, seq, turn_id, role, respondent_id, start, "end", text, words '
                                "FROM passages WHERE transcript_id = ? ORDER BY seq", (t["id"],)).fetchall()
        if not passages:
            out.append(Problem("empty", where, "has no passages (a half-written import?)"))
        out += _turn_checks(turns, t["text"], where)
        out += _passage_checks(passages, turns, t["text"], where)
    return out


def _coding_checks(conn: sqlite3.Connection, ids: Collection[int] | None = None) -> list[Problem]:
    out: list[Problem] = []
    rows = _scoped(
        conn,
        'SELECT c.id, c.passage_id, c.code_id, c.coder_id, c.start, c."end", c.text, c.status, c.origin, '
        "p.text AS passage_text, p.role, p.seq, t.name AS transcript, k.id AS code_exists "
        "FROM codings c LEFT JOIN passages p ON p.id = c.passage_id LEFT JOIN transcripts t ON t.id = p.transcript_id "
        "LEFT JOIN codes k ON k.id = c.code_id", "p.transcript_id", ids, "c.id")
    seen: dict[tuple[object, ...], int] = {}
    for c in rows:
        w = f"coding {c['id']}"
        if c["passage_text"] is None:
            out.append(Problem("coding", w, f"its passage {c['passage_id']} is missing"))
            continue
        w = f"coding {c['id']} (transcript {c['transcript']!r} passage {c['seq']}, code {c['code_id']})"
        # The unique index says this; a dropped index must not let a duplicate pass unseen.
        key = (c["passage_id"], c["code_id"], c["coder_id"], c["start"], c["end"])
        if key in seen:
            out.append(Problem("coding", w, f"the same code, coder and span as coding {seen[key]}"))
        seen.setdefault(key, c["id"])
        if c["code_exists"] is None:
            out.append(Problem("coding", w, f"code {c['code_id']!r} is not in the codebook"))
        # A coding on a passage that is no longer a respondent's (speakers set, a re-import) is kept and
        # never counted (views.sql); it counts again when the passage is a respondent's again.
        if c["status"] not in STATUSES or c["origin"] not in ORIGINS:
            out.append(Problem("coding", w, f"unknown status {c['status']!r} or origin {c['origin']!r}"))
        start, end, ptext = c["start"], c["end"], c["passage_text"]
        if start is None and end is None:
            if c["text"] is not None:
                out.append(Problem("span", w, "codes the whole passage but stores a span text"))
            continue
        if start is None or end is None or not 0 <= start < end <= len(ptext):
            out.append(Problem("span", w, f"span {start}-{end} outside its passage (length {len(ptext)})"))
        elif ptext[start:end] != c["text"]:
            out.append(Problem("span", w, f"span text {c['text']!r} is not the passage's text[{start}:{end}] "
                                          f"{ptext[start:end]!r}"))
    return out


def _codebook_checks(conn: sqlite3.Connection) -> list[Problem]:
    out: list[Problem] = []
    for r in conn.execute("SELECT c.id, c.factor_id FROM codes c LEFT JOIN factors f ON f.id = c.factor_id "
                          "WHERE f.id IS NULL ORDER BY c.id"):
        out.append(Problem("codebook", f"code {r['id']}", f"its factor {r['factor_id']!r} is missing"))
    parents = dict(conn.execute("SELECT id, parent_id FROM codes").fetchall())
    for code in sorted(parents):
        seen, at = {code}, parents[code]
        while at is not None:
            if at in seen:
                out.append(Problem("codebook", f"code {code}", "its parents form a loop"))
                break
            seen.add(at)
            at = parents.get(at)
    return out


_OPS = {"insert": ("row",), "delete": ("row",), "update": ("before", "after")}
_ROW_TABLES = ("factors", "codes", "keywords", "memos", "settings")
"""The tables a codebook edit's history records rows of (store/codings.py, codebook edits)."""
CODING_COLUMNS = ("id", "passage_id", "code_id", "coder_id", "start", "end", "text", "status", "origin", "keyword",
                  "memo", "created_at", "updated_at")
"""The columns an undo record stores for a coding (store/codings.py writes and replays them)."""


def _history_checks(conn: sqlite3.Connection) -> list[Problem]:
    out = []
    for r in conn.execute("SELECT id, payload, undone FROM history ORDER BY id"):
        w = f"history {r['id']}"
        if r["undone"] not in (0, 1):
            out.append(Problem("history", w, f"undone is {r['undone']!r}, not 0 or 1"))
        try:
            ops = json.loads(r["payload"])
        except (ValueError, TypeError):
            ops = None
        if not (isinstance(ops, list) and all(isinstance(op, dict) and "op" in op for op in ops)):
            out.append(Problem("history", w, "undo record is not a list of operations"))
            continue
        for op in ops:
            if op["op"] == "row":  # a codebook edit (store.codebook_edit): one row before and after, by its key
                if op.get("table") not in _ROW_TABLES or "key" not in op or not all(
                        op.get(side) is None or isinstance(op.get(side), dict) for side in ("before", "after")):
                    out.append(Problem("history", w, "undo record cannot be replayed: a codebook row operation "
                                                     "lacks its table, key or rows"))
                    break
                continue
            if op["op"] == "review":  # a reviewed mark (store.codings.record_review): passage, coder, before/after
                row = op.get("row")
                if not (isinstance(row, dict) and isinstance(row.get("passage_id"), int)
                        and isinstance(row.get("coder_id"), int)
                        and isinstance(op.get("before"), bool) and isinstance(op.get("after"), bool)):
                    out.append(Problem("history", w, "undo record cannot be replayed: a reviewed mark operation "
                                                     "lacks its passage, coder or marks"))
                    break
                continue
            fields = _OPS.get(op["op"])
            rows = [op.get(f) for f in fields] if fields else []
            if fields is None or not all(isinstance(row, dict) and all(k in row for k in CODING_COLUMNS)
                                         and isinstance(row["id"], int) for row in rows):
                out.append(Problem("history", w, f"undo record cannot be replayed: operation {op['op']!r} "
                                                 "lacks a whole coding row"))
                break
    return out


def _version_checks(conn: sqlite3.Connection) -> list[Problem]:
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version == migrations.SCHEMA_VERSION:
        return []
    if version < migrations.SCHEMA_VERSION and _layout(conn) == _expected_layout():
        return [Problem("version", "project", f"user_version is {version}, but the tables are schema "
                                              f"{migrations.SCHEMA_VERSION}'s: the version was lowered (opening it "
                                              "would run migrations over a current file)")]
    return [Problem("version", "project", f"schema {version}, older than {migrations.SCHEMA_VERSION}: check reads "
                                          "only the current schema and never migrates; any other command migrates "
                                          "it (after a backup), then check again")]


Layout = dict[tuple[str, str], tuple[object, ...]]


def _layout(conn: sqlite3.Connection) -> Layout:
    """Tables (columns), indexes (uniqueness, key columns or expressions) and triggers/views, by name."""
    out: Layout = {}
    for kind, name, table, sql in conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"):
        if name.startswith("sqlite_"):
            continue
        if kind == "table":
            cols = tuple((c[1], c[2].upper(), c[3], c[5]) for c in conn.execute(f'PRAGMA table_info("{name}")'))
            out[(kind, name)] = (cols, "AUTOINCREMENT" in (sql or "").upper())
        elif kind == "index":
            unique = any(r[1] == name and r[2] for r in conn.execute(f'PRAGMA index_list("{table}")'))
            keys = tuple((r[1], r[2]) for r in conn.execute(f'PRAGMA index_xinfo("{name}")') if r[5])
            exprs = " ".join((sql or "").split()).lower()
            out[(kind, name)] = (table, unique, keys, exprs if any(k[0] == -2 for k in keys) else "")
        else:
            out[(kind, name)] = (table,)
    return out


@functools.lru_cache(maxsize=1)
def _expected_layout() -> Layout:
    conn = sqlite3.connect(":memory:")
    try:
        for script in migrations.steps(0):  # the tables, then the counting views
            conn.executescript(script)
        return _layout(conn)
    finally:
        conn.close()


def _schema_checks(conn: sqlite3.Connection) -> list[Problem]:
    """The file's tables, indexes and triggers are exactly the schema's: a dropped unique index lets
    duplicates in, a foreign trigger can rewrite any write."""
    have, want = _layout(conn), _expected_layout()
    out = []
    for key in sorted(want.keys() - have.keys()):
        out.append(Problem("schema", f"{key[0]} {key[1]}", "is missing (dropped?)"))
    for key in sorted(have.keys() - want.keys()):
        out.append(Problem("schema", f"{key[0]} {key[1]}", f"is not part of the schema (a foreign {key[0]})"))
    for key in sorted(have.keys() & want.keys()):
        if have[key] != want[key]:
            out.append(Problem("schema", f"{key[0]} {key[1]}", "differs from the schema's definition"))
    for table, what in (("codings", "coding"), ("passages", "passage"), ("transcripts", "transcript")):
        if ("table", table) not in have:
            continue
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        top = conn.execute(f"SELECT max(id) FROM {table}").fetchone()[0]  # noqa: S608 - our table names
        if top is not None and (row is None or row[0] < top):
            out.append(Problem("ids", table, f"the id sequence ({row[0] if row else 'none'}) is below the largest "
                                             f"{what} id {top}: a removed {what}'s id would be handed out again"))
    return out


def _other_row_checks(conn: sqlite3.Connection) -> list[Problem]:
    """Memos on things that are gone, attributes whose value is not of their type, merge loops."""
    out = []
    tables = {"transcript": "transcripts", "passage": "passages", "coding": "codings", "code": "codes"}
    for r in conn.execute("SELECT id, target, target_id FROM memos ORDER BY id"):
        table = tables.get(r["target"])
        if table is None:
            continue
        # target_id is text; the id column's integer affinity compares '12' equal to 12.
        found = conn.execute(f"SELECT 1 FROM {table} WHERE id = ?", (r["target_id"],)).fetchone()  # noqa: S608
        if found is None:
            out.append(Problem("memo", f"memo {r['id']}", f"its {r['target']} {r['target_id']!r} is gone (an orphaned memo)"))
    for r in conn.execute("SELECT a.respondent_id, a.name, a.value, a.type, p.key FROM attributes a "
                          "LEFT JOIN respondents p ON p.id = a.respondent_id ORDER BY a.respondent_id, a.name"):
        try:
            {"integer": int, "real": float}.get(r["type"], str)(r["value"])
        except ValueError:
            out.append(Problem("attribute", f"respondent {r['key']!r} attribute {r['name']!r}",
                               f"value {r['value']!r} is not {r['type']}"))
    merges = {(r["lang"], r["keyword"]): r["merged_into"] for r in conn.execute(
        "SELECT lang, keyword, merged_into FROM keyword_merges")}
    for (lang, keyword) in sorted(merges):
        seen, at = {keyword}, merges[(lang, keyword)]
        while (lang, at) in merges:
            if at in seen:
                out.append(Problem("keywords", f"keyword {keyword!r} ({lang})", "its merges form a loop"))
                break
            seen.add(at)
            at = merges[(lang, at)]
        if at == keyword:
            out.append(Problem("keywords", f"keyword {keyword!r} ({lang})", "is merged into itself"))
    return out
