"""Apply-a-code round trip and a report on a team project over loopback (never pass/fail).

Prints the median, p95 and max of one apply (store/codings.apply_code on the team project: a new
coding and its undo record, one committed transaction, as a coder's own connection under row-level
security, a listener attached) against the issue's 20 ms p95 target, and the same action on a SQLite
project file (synchronous=FULL) measured in the same run. With --report N, the code frequency report
by group (analysis.frequencies.code_frequencies) on N codings, on the file and on the server, against
the issue's target of within 2x. Starts a throwaway cluster with fsync on unless --url names a team
project database that is empty.

    python benchmarks/bench_pg.py [--applies 500] [--report 1000000] [--url postgresql://USER@HOST/DB]
"""

from __future__ import annotations

import argparse
import os
import secrets
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "pg"))

import psycopg  # noqa: E402
from pgcluster import Cluster  # noqa: E402

from interview_coder.demo import build_demo  # noqa: E402
from interview_coder.store import codings  # noqa: E402
from interview_coder.store.pg.live import Listener  # noqa: E402
from interview_coder.store.pg.roles import TeamRole, add_coder  # noqa: E402
from interview_coder.store.pg.server import open_team  # noqa: E402
from interview_coder.store.pg.transfer import push  # noqa: E402
from interview_coder.store.project import Project, now  # noqa: E402

_UNCODED = ("SELECT p.id, k.id FROM passages p CROSS JOIN codes k WHERE p.role = 'respondent' AND NOT EXISTS "
            "(SELECT 1 FROM codings c WHERE c.passage_id = p.id AND c.code_id = k.id) ORDER BY p.id, k.id LIMIT ")
"""(passage, code) pairs nobody coded yet; the LIMIT's parameter follows, in each engine's style."""


def _pairs(rows: list[Any]) -> list[tuple[int, str]]:
    return [(int(r[0]), str(r[1])) for r in rows]


def _figures(times: list[float]) -> str:
    ms = sorted(t * 1000 for t in times)
    p95 = ms[max(0, round(0.95 * len(ms)) - 1)]
    return f"median {statistics.median(ms):6.2f} ms   p95 {p95:6.2f} ms   max {ms[-1]:6.2f} ms   (n={len(ms)})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applies", type=int, default=500)
    parser.add_argument("--report", type=int, default=0, help="codings for the report benchmark (0: none)")
    parser.add_argument("--url", help="an empty PostgreSQL database (default: a throwaway cluster)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-pg-"))
    study = folder / "study.db"
    for _ in build_demo(study):
        pass
    cluster = None
    if args.url:
        url = args.url
    else:
        cluster = Cluster(durable=True).start()
        os.environ["PGPASSFILE"] = str(cluster.passfile)
        with psycopg.connect(cluster.url(), autocommit=True) as conn:
            conn.execute("CREATE DATABASE bench")
        url = cluster.url("bench")
    try:
        push(study, url)
        password = secrets.token_hex(8)
        with open_team(url) as admin:
            admin.autocommit = True
            add_coder(admin, "alex", TeamRole.CODER, password, created_at=now())
        coder_url = url
        if cluster is not None:
            cluster.add_password("alex", password)
            coder_url = url.replace("postgres@", "alex@")
        with Project.open(coder_url) as team, Listener(url) as listener:
            pairs = _pairs(team.conn.execute(_UNCODED + "?", (args.applies,)).fetchall())
            times = []
            for passage, code in pairs:
                start = time.perf_counter()
                codings.apply_code(team, passage, code, "alex")
                times.append(time.perf_counter() - start)
            heard = len(listener.changes(timeout=2.0, limit=len(pairs)))
        with Project.open(study) as project:
            pairs = _pairs(project.conn.execute(_UNCODED + "?", (args.applies,)).fetchall())
            local = []
            for passage, code in pairs:
                start = time.perf_counter()
                codings.apply_code(project, passage, code, "alex")
                local.append(time.perf_counter() - start)
        print(f"apply a code, PostgreSQL over loopback: {_figures(times)}   target p95 < 20 ms")
        print(f"apply a code, SQLite file (reference):  {_figures(local)}")
        print(f"notifications heard by a second connection: {heard} of {len(times)}")
        if args.report:
            _report(folder, cluster, args.report)
    finally:
        if cluster is not None:
            cluster.stop()


def _report(folder: Path, cluster: Cluster | None, n: int) -> None:
    """The frequency report by group on ``n`` codings: on a file, then on the same project pushed."""
    from interview_coder.analysis.frequencies import code_frequencies

    big = folder / "big.db"
    for _ in build_demo(big):
        pass
    with Project.open(big) as project:
        passages = [r[0] for r in project.conn.execute("SELECT passage_id FROM counted_passages")]
        codes = [r[0] for r in project.conn.execute("SELECT id FROM codes")]
        with project.transaction() as conn:
            coders = [project.coder_id(f"bench{i}") for i in range(max(1, n // (len(passages) * len(codes)) + 1))]
            stamp = now()
            rows = ((p, k, c, "accepted", "manual", stamp, stamp) for c in coders for p in passages for k in codes)
            conn.executemany("INSERT OR IGNORE INTO codings(passage_id, code_id, coder_id, status, origin, created_at, "
                             "updated_at) VALUES (?,?,?,?,?,?,?)", (r for _, r in zip(range(n), rows, strict=False)))
        total = project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
        file_s = _best(lambda: code_frequencies(project, by="group"))
    if cluster is None:
        print("report benchmark needs the throwaway cluster (no --url)")
        return
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute("CREATE DATABASE bench_report")
    url = cluster.url("bench_report")
    start = time.perf_counter()
    push(big, url)
    pushed = time.perf_counter() - start
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    with Project.open(url) as team:
        team_s = _best(lambda: code_frequencies(team, by="group"))
    print(f"report frequencies --by group on {total:,} codings: SQLite file {file_s:.2f} s, PostgreSQL "
          f"{team_s:.2f} s ({team_s / file_s:.2f}x; target within 2x); push took {pushed:.1f} s")


def _best(run: Any, tries: int = 3) -> float:
    best = float("inf")
    for _ in range(tries):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


if __name__ == "__main__":
    main()
