"""Live updates: hear colleagues' coding changes as they commit (LISTEN on the trigger of live.sql)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from interview_coder.errors import StoreError
from interview_coder.store.pg.server import connect, first_line

if TYPE_CHECKING:
    import psycopg

CHANNEL = "interview_coder_codings"


@dataclass(frozen=True)
class CodingChange:
    """One committed change to a coding, as the trigger announced it."""

    op: str  # insert, update or delete
    coding_id: int
    passage_id: int
    code_id: str
    coder_id: int
    status: str


def parse(payload: str) -> CodingChange:
    data = json.loads(payload)
    return CodingChange(str(data["op"]), int(data["id"]), int(data["passage_id"]), str(data["code_id"]),
                        int(data["coder_id"]), str(data["status"]))


class Listener:
    """A connection of its own that listens for coding changes; :meth:`changes` waits for them."""

    def __init__(self, url: str):
        self.conn: psycopg.Connection[Any] = connect(url, autocommit=True)
        self.conn.execute(f"LISTEN {CHANNEL}")

    def changes(self, timeout: float, limit: int | None = None) -> list[CodingChange]:
        """The changes committed since the last call, waiting up to ``timeout`` seconds for the first
        (and returning once ``limit`` have arrived, if given)."""
        import psycopg

        try:
            return [parse(n.payload) for n in self.conn.notifies(timeout=timeout, stop_after=limit)
                    if n.channel == CHANNEL]
        except psycopg.Error as exc:
            raise StoreError(f"connection to the team server lost: {first_line(exc)}") from exc

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> Listener:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
