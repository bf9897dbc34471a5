"""One row per coding, with where it sits and who made it: the table behind ``codings export``.

Counting unit: a coding (one code applied by one coder to one respondent passage, or to a span of
it). ``passage`` is the passage's number in its transcript (``transcripts show`` prints it);
``start``/``end`` are code points into the passage text, empty when the whole passage is coded;
``text`` is the coded span (or the whole passage).
"""

from __future__ import annotations

from typing import Any

from interview_coder.store.project import Project
from interview_coder.store.scope import Filters

CODING_COLUMNS = ["transcript", "respondent", "group", "passage", "start", "end", "code", "factor", "coder",
                  "status", "origin", "keyword", "text"]

CODING_DEFINITIONS = {
    "transcript": "the transcript's name in the project",
    "respondent": "the respondent id of the passage",
    "group": "the respondent's group attribute",
    "passage": "the passage number in its transcript (as 'transcripts show' prints it)",
    "start": "span start, code points into the passage text; empty = the whole passage",
    "end": "span end (exclusive), code points into the passage text",
    "code": "code id",
    "factor": "the code's factor id",
    "coder": "who made or decided the coding ('auto' = an unreviewed machine suggestion)",
    "status": "accepted | suggested | rejected",
    "origin": "manual (applied by hand) | auto (a keyword hit)",
    "keyword": "the matched codebook keyword of an auto coding",
    "text": "the coded text: the span, or the whole passage",
    "counted": "(codings export --all only) 1 when the coding can count in reports: on a respondent passage, not "
               "rejected, not the hit of an excluded word (a suggestion counts only with --status all while open)",
}


EVERY_CODING = ("SELECT c.id, c.passage_id, c.code_id, k.name AS coder, c.status, c.origin, c.keyword, c.start, "
                'c."end", c.id IN (SELECT id FROM countable_codings) AS counted FROM codings c '
                "JOIN coders k ON k.id = c.coder_id")
"""Every stored coding, in any status and on any passage, with whether it can count (views.sql)."""


def codings_records(project: Project, filters: Filters | None = None, everything: bool = False
                    ) -> list[dict[str, Any]]:
    """Every coding in scope of ``filters`` (default: accepted codings of every coder), in reading order;
    with ``everything``, every stored coding (rejections, decided suggestions, codings that count in no
    report) with a ``counted`` column."""
    filters = filters or Filters()
    inner, params = (EVERY_CODING, []) if everything else filters.codings_sql()
    counted = ", x.counted AS counted" if everything else ""
    sql = f"""
    SELECT t.name AS transcript, r.key AS respondent, g.value AS "group", p.seq AS passage,
           x.start AS start, x."end" AS "end", x.code_id AS code, k.factor_id AS factor, x.coder AS coder,
           x.status AS status, x.origin AS origin, x.keyword AS keyword,
           coalesce(c.text, p.text) AS text{counted}
    FROM ({inner}) x
    JOIN codings c ON c.id = x.id
    JOIN passages p ON p.id = x.passage_id
    JOIN transcripts t ON t.id = p.transcript_id
    LEFT JOIN respondents r ON r.id = p.respondent_id
    LEFT JOIN attributes g ON g.respondent_id = p.respondent_id AND g.name = 'group'
    LEFT JOIN codes k ON k.id = x.code_id
    ORDER BY t.name, p.seq, coalesce(x.start, -1), x.code_id, x.coder, x.id
    """  # noqa: S608 - the inner query is built from placeholders only
    return [dict(row) for row in project.conn.execute(sql, params)]
