"""The bounded load test: 5 coder processes x 300 mixed actions (apply, accept, reject, memo, undo) at
once on one team project, each through the store's one writer as its own login role: nothing
acknowledged is lost, every conflict is reported, and one decision closes a suggestion for everyone."""

from __future__ import annotations

import multiprocessing
import re
import secrets
from pathlib import Path

import psycopg
from pgcluster import Cluster
from pgload import coder_day
from teamdata import add_transcript, make_project

from interview_coder.store.codings import Suggestion, add_suggestions
from interview_coder.store.pg.roles import TeamRole, add_coder
from interview_coder.store.pg.server import open_team
from interview_coder.store.pg.transfer import push

CODERS = ("c1", "c2", "c3", "c4", "c5")
ACTIONS = 300
KNOWN_CONFLICTS = re.compile(r"^(accept|reject): already (accepted|rejected) by (you|c\d)|^undo: cannot undo")


def test_five_coders_at_once_lose_nothing(tmp_path: Path, pg_url: str, pg_cluster: Cluster) -> None:
    project = make_project(tmp_path / "study.db")
    body = "\n\n".join(f"Paragraph {i} says something about sensors." for i in range(20))
    add_transcript(project, "long", f"Q: Tell me more.\n\nA: {body}\n\nQ: Anything else?\n\nA: No.\n", "L1",
                   group="enterprise")
    passages = [r[0] for r in project.conn.execute("SELECT passage_id FROM counted_passages")]
    add_suggestions(project, [Suggestion(p, "customers", 0, 4, "para") for p in passages])
    project.close()
    push(tmp_path / "study.db", pg_url)
    urls = {}
    with open_team(pg_url) as admin:
        admin.autocommit = True
        for coder in CODERS:
            password = secrets.token_hex(8)
            add_coder(admin, coder, TeamRole.CODER, password, created_at="2026-12-01T00:00:00.000+00:00")
            pg_cluster.add_password(coder, password)
            urls[coder] = pg_url.replace("postgres@", f"{coder}@")
    with multiprocessing.get_context("spawn").Pool(len(CODERS)) as pool:
        days = pool.starmap(coder_day, [(urls[c], c, n, ACTIONS) for n, c in enumerate(CODERS)])
    with psycopg.connect(pg_url) as conn:
        for day in days:
            me = conn.execute("SELECT id FROM coders WHERE name = %s", (day["coder"],)).fetchone()[0]
            history = [r[0] for r in conn.execute("SELECT action FROM history WHERE coder_id = %s AND undone = 0 "
                                                  "ORDER BY id", (me,))]
            live = sorted(r[0] for r in conn.execute("SELECT id FROM codings WHERE coder_id = %s AND origin = 'manual' "
                                                     "AND start IS NULL", (me,)))
            assert history == [kind for kind, _ in day["stack"]], day["coder"]  # every acknowledged action, in order
            assert live == day["live"], day["coder"]  # 0 lost, none extra
            assert all(KNOWN_CONFLICTS.match(c) for c in day["conflicts"]), day["conflicts"]
        # shared coding: one decision closes a suggestion for everyone, across the five machines
        doubled = conn.execute(
            "SELECT count(*) FROM codings s WHERE s.status = 'suggested' AND (SELECT count(*) FROM codings d "
            "WHERE d.passage_id = s.passage_id AND d.code_id = s.code_id AND d.start = s.start AND d.\"end\" = s.\"end\" "
            "AND d.status != 'suggested') > 1").fetchone()[0]
    assert doubled == 0
    conflicts = sum(len(d["conflicts"]) for d in days)
    acknowledged = sum(ACTIONS - len(d["conflicts"]) for d in days)
    assert conflicts > 0 and acknowledged > 0  # the test made coders collide, and most work went through
    print(f"\nload: {len(CODERS)} coders x {ACTIONS} actions: {acknowledged} acknowledged, {conflicts} conflicts "
          f"reported, 0 lost")
