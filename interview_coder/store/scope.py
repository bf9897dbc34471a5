"""What is in scope, whose decisions close a suggestion, and which codings a coder sees: the rules
every surface (reports, the workbench, status, transcripts list, agreement, exports, the notebook
API) shares. What *can* count at all is in views.sql; :class:`Filters` adds a command's choices.

A suggestion (a row with status 'suggested', coder 'auto') is *decided* by a coder who has a row of
their own on the same passage, code and span (coding a whole passage accepts the code's open
suggestions on it: store/codings.py). In a project whose coders code together (``shared``, the default) anyone's decision
closes it for everyone; when coders code independently (blind double coding) each coder decides for
themselves and sees only their own codings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from interview_coder.core.model import Mode, Origin, Status
from interview_coder.errors import InputError
from interview_coder.store.project import Project

MODE_SETTING = "coding.mode"


def coding_mode(project: Project) -> Mode:
    """How the project's coders code: together (shared) or independently."""
    return Mode(project.setting(MODE_SETTING) or Mode.SHARED)


def set_coding_mode(project: Project, mode: Mode | str) -> None:
    project.set_setting(MODE_SETTING, str(Mode(mode)))


def decides_sql(s: str, d: str, coder_ids: str | None = None) -> str:
    """SQL condition: row ``d`` is a decision on suggestion row ``s`` (by one of ``coder_ids``, an SQL
    list or subquery, when given): the same passage, code and span, and not a suggestion."""
    among = f" AND {d}.coder_id IN ({coder_ids})" if coder_ids else ""
    return (f"{d}.passage_id = {s}.passage_id AND {d}.code_id = {s}.code_id AND {d}.status != 'suggested'{among} "
            f"AND {d}.start IS {s}.start AND {d}.\"end\" IS {s}.\"end\"")


def decided_sql(alias: str, coder_ids: str | None = None) -> str:
    """SQL condition: some coder (one of ``coder_ids`` when given) decided the suggestion row ``alias``."""
    return f"EXISTS (SELECT 1 FROM codings d WHERE {decides_sql(alias, 'd', coder_ids)})"  # noqa: S608 - our SQL


def deciders_sql(mode: Mode, coder_ids: Sequence[int]) -> str | None:
    """Whose decisions close a suggestion for these coders: anyone's in a shared project (None), the
    coders' own when they code independently (and anyone's when no coder is named)."""
    if mode == Mode.SHARED or not coder_ids:
        return None
    return ",".join(str(int(i)) for i in coder_ids)


def open_sql(alias: str, mode: Mode, coder_ids: Sequence[int] = ()) -> str:
    """SQL condition: the row ``alias`` is an open suggestion for these coders."""
    return f"({alias}.status = 'suggested' AND NOT {decided_sql(alias, deciders_sql(mode, coder_ids))})"


def visible_sql(alias: str, mode: Mode, coder_id: int | None) -> str:
    """SQL condition: the workbench of ``coder_id`` shows the row ``alias`` (rejections never): in a
    shared project everyone's codings, in an independent one only the coder's own; and the
    suggestions still open for the coder."""
    mine = f"{alias}.coder_id = {int(coder_id)}" if coder_id is not None else "0"
    decided = f"{alias}.status = 'accepted'" if mode == Mode.SHARED else f"({alias}.status = 'accepted' AND {mine})"
    return f"({decided} OR {open_sql(alias, mode, [] if coder_id is None else [coder_id])})"


def keyword_hit(alias: str) -> str:
    """SQL condition: row ``alias`` (a countable coding) is a keyword hit: an auto coding with its keyword."""
    return f"({alias}.origin = 'auto' AND {alias}.keyword IS NOT NULL)"


def keyword_hits(alias: str) -> str:
    """SQL aggregate: keyword hits among the rows, each keyword occurrence once however many coders
    accepted it (one code's hits never overlap in a passage, so passage, code and start identify it)."""
    return (f"count(DISTINCT CASE WHEN {keyword_hit(alias)} THEN {alias}.passage_id || ':' || {alias}.code_id "
            f"|| ':' || {alias}.start END)")


STATUSES: dict[str, tuple[Status, ...]] = {Status.ACCEPTED: (Status.ACCEPTED,), Status.SUGGESTED: (Status.SUGGESTED,),
                                          "all": (Status.ACCEPTED, Status.SUGGESTED)}
"""What each ``--status`` scope takes in: accepted codings, open suggestions, or both."""


@dataclass(frozen=True)
class Filters:
    """A command's scope: which coders, which codings (accepted, open suggestions, or both), which
    transcripts (by name or id) and which respondents (``--where attr=value``).

    Passages in scope: counted passages (views.sql) of those transcripts whose respondent matches
    every ``where``. Codings in scope: countable codings (views.sql) on those passages that are
    accepted (by the coders, when named) and/or suggestions still open (for the coders, when named
    and they code independently; else open for everyone).
    """

    coders: tuple[str, ...] = ()
    status: str = Status.ACCEPTED
    transcripts: tuple[str, ...] = ()
    where: tuple[tuple[str, str], ...] = ()
    origins: tuple[str, ...] = ()
    """Only codings of these origins (manual, auto = keyword hits, learned); all when empty."""

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise InputError(f"--status must be accepted, suggested or all, not {self.status!r}")
        unknown = sorted(set(self.origins) - {str(o) for o in Origin})
        if unknown:
            raise InputError(f"--origin must be manual, auto or learned, not {unknown[0]!r}")

    @classmethod
    def parse(cls, coders: tuple[str, ...] | list[str] | None = None, status: str = Status.ACCEPTED,
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

    def check(self, project: Project, by: str | None = None) -> Filters:
        """Refuse names that match nothing (a coder, a transcript, an attribute), which would print an
        empty or all-zero table that looks like a finding. Every command that reads codings calls it."""
        conn = project.conn
        coders = {r[0] for r in conn.execute("SELECT name FROM coders")}
        for coder in self.coders:
            if coder not in coders:
                known = ", ".join(sorted(coders)) or "none yet"
                raise InputError(f"--coder {coder!r}: no such coder (coders: {known})")
        known_transcripts = {str(x) for r in conn.execute("SELECT name, id FROM transcripts") for x in r}
        for name in self.transcripts:
            if name not in known_transcripts:
                raise InputError(f"--transcripts {name!r}: no such transcript (see 'interview-coder transcripts list')")
        attributes = {r[0] for r in conn.execute("SELECT DISTINCT name FROM attributes")}
        for key, _ in self.where:
            if key not in attributes:
                raise InputError(f"--where {key}=...: no respondent has an attribute {key!r} "
                                 f"(attributes: {', '.join(sorted(attributes)) or 'none'})")
        has_respondents = conn.execute("SELECT 1 FROM respondents LIMIT 1").fetchone() is not None
        if by and has_respondents and by not in attributes:
            raise InputError(f"--by {by}: no respondent has an attribute {by!r} "
                             f"(attributes: {', '.join(sorted(attributes)) or 'none'})")
        return self

    def _conditions(self, alias: str) -> tuple[list[str], list[Any]]:
        """SQL conditions (and params) on rows of ``alias`` with transcript_id and respondent_id columns."""
        cond: list[str] = []
        params: list[Any] = []
        if self.transcripts:
            marks = _marks(self.transcripts)
            cond.append(f"{alias}.transcript_id IN (SELECT id FROM transcripts WHERE name IN ({marks}) "  # noqa: S608
                        f"OR CAST(id AS TEXT) IN ({marks}))")
            params += [*self.transcripts, *self.transcripts]
        for key, value in self.where:
            cond.append(f"EXISTS (SELECT 1 FROM attributes a WHERE a.respondent_id = {alias}.respondent_id "  # noqa: S608
                        "AND a.name = ? AND a.value = ?)")
            params += [key, value]
        return cond, params

    def passages_sql(self) -> tuple[str, list[Any]]:
        """SELECT passage_id, respondent_id, transcript_id, words of the passages in scope."""
        cond, params = self._conditions("s")
        sql = "SELECT s.passage_id, s.respondent_id, s.transcript_id, s.words FROM counted_passages s"
        return sql + (" WHERE " + " AND ".join(cond) if cond else ""), params

    def open_sql(self, alias: str) -> tuple[str, list[Any]]:
        """SQL condition (and params): row ``alias`` is a suggestion still open for the coders in scope."""
        if not self.coders:
            return f"({alias}.status = 'suggested' AND NOT {decided_sql(alias)})", []
        among = (f"SELECT id FROM coders WHERE name IN ({_marks(self.coders)}) OR coalesce((SELECT value FROM "  # noqa: S608
                 f"settings WHERE key = '{MODE_SETTING}'), '{Mode.SHARED}') = '{Mode.SHARED}'")
        return f"({alias}.status = 'suggested' AND NOT {decided_sql(alias, among)})", list(self.coders)

    def codings_sql(self) -> tuple[str, list[Any]]:
        """SELECT coding rows in scope: id, passage_id, respondent_id, transcript_id, code_id, coder,
        status, origin, keyword, start, end."""
        chosen, params = [], []
        if Status.ACCEPTED in STATUSES[self.status]:
            mine = f" AND k.name IN ({_marks(self.coders)})" if self.coders else ""
            chosen.append(f"(c.status = 'accepted'{mine})")
            params += list(self.coders)
        if Status.SUGGESTED in STATUSES[self.status]:
            sql, more = self.open_sql("c")
            chosen.append(sql)
            params += more
        cond, more = self._conditions("c")
        if self.origins:
            cond.append(f"c.origin IN ({_marks(self.origins)})")
            more = [*more, *self.origins]
        where = " AND ".join([chosen[0] if len(chosen) == 1 else "(" + " OR ".join(chosen) + ")", *cond])
        sql = ("SELECT c.id, c.passage_id, c.respondent_id, c.transcript_id, c.code_id, k.name AS coder, c.status, "  # noqa: S608
               'c.origin, c.keyword, c.start, c."end" FROM countable_codings c JOIN coders k ON k.id = c.coder_id '
               f"WHERE {where}")
        return sql, params + more


def _marks(values: tuple[Any, ...] | list[Any]) -> str:
    return ",".join("?" * len(values))
