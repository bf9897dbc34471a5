"""Applying a code on a team project: the statements of store/codings.apply_code (a new coding and
its undo record, in one transaction) in PostgreSQL's dialect.

The commands still write through store/codings.py on SQLite files only; until the store has a
dialect layer, this is what the load test and benchmarks/bench_pg.py run, as a coder's own
connection (row-level security applies), so their figures are those of the real statements.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from interview_coder.core.model import Role
from interview_coder.errors import ConflictError, StoreError
from interview_coder.store.pg.server import first_line
from interview_coder.store.project import now
from interview_coder.store.transcripts import sha256

if TYPE_CHECKING:
    import psycopg

class ConnectionLost(StoreError):
    """The connection broke before a commit was acknowledged: the write may or may not be in."""


_COLUMNS = ("id", "passage_id", "code_id", "coder_id", "start", "end", "text", "status", "origin", "keyword",
            "memo", "created_at", "updated_at")
_INSERT = ('INSERT INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo, '
           "created_at, updated_at) VALUES (%s, %s, %s, NULL, NULL, NULL, 'accepted', 'manual', NULL, NULL, %s, %s) "
           'ON CONFLICT (passage_id, code_id, coder_id, coalesce(start, -1), coalesce("end", -1)) DO NOTHING '
           'RETURNING id, passage_id, code_id, coder_id, start, "end", text, status, origin, keyword, memo, '
           "created_at, updated_at")
"""_COLUMNS, returned in that order."""


def apply_code(conn: psycopg.Connection[Any], passage_id: int, code_id: str, coder: str) -> int:
    """Code a whole respondent passage as ``coder`` (the connection's own coder); returns the coding
    id once committed. Applying twice returns the same id, so a coding that was not acknowledged
    (ConnectionLost) can be applied again on a new connection."""
    import psycopg

    try:
        return _apply(conn, passage_id, code_id, coder)
    except psycopg.OperationalError as exc:
        raise ConnectionLost(f"lost the team server; coding {code_id!r} on passage {passage_id} was not "
                             f"acknowledged: apply it again once connected ({first_line(exc)})") from exc


def _apply(conn: psycopg.Connection[Any], passage_id: int, code_id: str, coder: str) -> int:
    with conn.transaction():
        row = conn.execute("SELECT id FROM coders WHERE name = %s", (coder,)).fetchone()
        if row is None:
            raise ConflictError(f"no coder {coder!r} in this team project")
        coder_id = int(row[0])
        passage = conn.execute("SELECT role, transcript_id, text FROM passages WHERE id = %s AND "
                               "EXISTS (SELECT 1 FROM codes WHERE id = %s)", (passage_id, code_id)).fetchone()
        if passage is None or passage[0] != Role.RESPONDENT:
            raise ConflictError(f"passage {passage_id} or code {code_id!r} is gone, or not a respondent's")
        stamp = now()
        created = conn.execute(_INSERT, (passage_id, code_id, coder_id, stamp, stamp)).fetchone()
        if created is None:
            found = conn.execute("SELECT id FROM codings WHERE passage_id = %s AND code_id = %s AND coder_id = %s "
                                 "AND start IS NULL", (passage_id, code_id, coder_id)).fetchone()
            assert found is not None
            return int(found[0])
        op = {"op": "insert", "row": dict(zip(_COLUMNS, created, strict=True)),
              "passage": {"transcript_id": passage[1], "text_sha256": sha256(passage[2])}}
        conn.execute("DELETE FROM history WHERE undone = 1 AND coder_id = %s", (coder_id,))
        conn.execute("INSERT INTO history(coder_id, action, payload, at) VALUES (%s, 'apply', %s, %s)",
                     (coder_id, json.dumps([op], ensure_ascii=False), stamp))
        return int(created[0])
