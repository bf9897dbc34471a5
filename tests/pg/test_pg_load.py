"""A bounded load test: 5 coder processes x 100 codings at once through their own connections, 0 lost."""

from __future__ import annotations

import multiprocessing
import secrets
from pathlib import Path

import psycopg
from pgcluster import Cluster
from pgload import code_passages
from teamdata import BOOK, add_transcript, make_project

from interview_coder.store.pg.roles import TeamRole, add_coder
from interview_coder.store.pg.server import open_team
from interview_coder.store.pg.transfer import push

CODERS = ("c1", "c2", "c3", "c4", "c5")
PER_CODER = 100


def test_five_coders_at_once_lose_nothing(tmp_path: Path, pg_url: str, pg_cluster: Cluster) -> None:
    project = make_project(tmp_path / "study.db")
    body = "\n\n".join(f"Paragraph {i} says something about sensors." for i in range(20))
    add_transcript(project, "long", f"Q: Tell me more.\n\nA: {body}\n\nQ: Anything else?\n\nA: No.\n", "L1",
                   group="enterprise")
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
        passages = [r[0] for r in admin.execute("SELECT id FROM passages WHERE role = 'respondent' ORDER BY id")]
    pairs = [(p, c.id) for p in passages for c in BOOK.codes][:PER_CODER]
    assert len(pairs) == PER_CODER  # every coder codes the same 100 (passage, code) pairs
    with multiprocessing.get_context("spawn").Pool(len(CODERS)) as pool:
        results = pool.starmap(code_passages, [(urls[c], c, pairs) for c in CODERS])
    acknowledged = {i for ids in results for i in ids}
    assert len(acknowledged) == len(CODERS) * PER_CODER
    with psycopg.connect(pg_url) as conn:
        stored = {r[0] for r in conn.execute(
            "SELECT c.id FROM codings c JOIN coders k ON k.id = c.coder_id WHERE k.name = ANY(%s)", (list(CODERS),))}
        history = conn.execute("SELECT count(*) FROM history h JOIN coders k ON k.id = h.coder_id "
                               "WHERE k.name = ANY(%s)", (list(CODERS),)).fetchone()
    assert stored == acknowledged  # 0 lost, none extra
    assert history == (len(CODERS) * PER_CODER,)  # each coding with its undo record
