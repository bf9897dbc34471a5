"""The filters every report takes, as SQL over narrow rows.

Scope: respondent passages only (interviewer and preamble text is never counted), of the chosen
transcripts, whose respondent matches every ``--where attr=value``. Codings in scope: those on
passages in scope, by the chosen coders, with the chosen status. ``all`` means accepted plus
suggested: a rejected suggestion never counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from interview_coder.errors import InputError

STATUSES = {"accepted": ("accepted",), "suggested": ("suggested",), "all": ("accepted", "suggested")}


@dataclass(frozen=True)
class Filters:
    coders: tuple[str, ...] = ()
    status: str = "accepted"
    transcripts: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InputError(f"--status must be accepted, suggested or all, not {self.status!r}")

    @classmethod
    def parse(cls, coders: tuple[str, ...] | list[str] | None = None, status: str = "accepted",
              transcripts: str | tuple[str, ...] | list[str] | None = None,
              where: tuple[str, ...] | list[str] | None = None) -> Filters:
        """From CLI-style values: transcripts comma-separated or repeated, where as 'attr=value'."""
        names: list[str] = []
        for item in ([transcripts] if isinstance(transcripts, str) else transcripts or []):
            names += [n.strip() for n in item.split(",") if n.strip()]
        pairs = []
        for item in where or []:
            key, sep, value = item.partition("=")
            if not sep or not key.strip():
                raise InputError(f"--where {item!r} is not attr=value")
            pairs.append((key.strip(), value.strip()))
        return cls(tuple(coders or ()), status, tuple(names), tuple(pairs))

    def passages_sql(self) -> tuple[str, list[Any]]:
        """SELECT p.id AS passage_id, p.respondent_id, p.transcript_id, p.words for passages in scope."""
        sql = ["SELECT p.id AS passage_id, p.respondent_id, p.transcript_id, p.words FROM passages p"]
        params: list[Any] = []
        cond = ["p.role = 'respondent'"]
        if self.transcripts:
            cond.append(f"p.transcript_id IN (SELECT id FROM transcripts WHERE name IN ({_marks(self.transcripts)}))")  # noqa: S608 - placeholders only
            params += self.transcripts
        for key, value in self.where:
            cond.append("EXISTS (SELECT 1 FROM attributes a WHERE a.respondent_id = p.respondent_id "
                        "AND a.name = ? AND a.value = ?)")
            params += [key, value]
        sql.append("WHERE " + " AND ".join(cond))
        return " ".join(sql), params

    def codings_sql(self) -> tuple[str, list[Any]]:
        """SELECT coding rows in scope: id, passage_id, respondent_id, code_id, coder, status, origin, keyword."""
        passages, params = self.passages_sql()
        statuses = STATUSES[self.status]
        # Only fixed text and placeholders are formatted in; every value is a parameter.
        sql = " ".join([
            "SELECT c.id, c.passage_id, s.respondent_id, s.transcript_id, c.code_id, k.name AS coder, c.status,",
            'c.origin, c.keyword, c.start, c."end" FROM codings c',
            f"JOIN ({passages}) s ON s.passage_id = c.passage_id JOIN coders k ON k.id = c.coder_id",
            f"WHERE c.status IN ({_marks(statuses)})",
        ])
        params = params + list(statuses)
        if self.coders:
            sql += f" AND k.name IN ({_marks(self.coders)})"
            params += list(self.coders)
        return sql, params


def _marks(values: tuple[Any, ...] | list[Any]) -> str:
    return ",".join("?" * len(values))
