"""Report speed on a synthetic project: 1,000,000 codings over 10,000 respondents (SIM codebook).

Printed figures against the issue's targets, never pass/fail:
- ``report frequencies --by group`` and ``report factors --by group`` each under 2 s, as the whole
  command (a fresh interpreter, imports, query, CSV out) and as the library call alone;
- the reference: a bare ``SELECT code_id, count(*) FROM codings GROUP BY code_id`` over the same
  store in the same run, and each report's ratio to it.

The synthetic store is written with plain INSERTs in one transaction (benchmark data, not a user
action): each respondent has one transcript of 20 respondent passages; codings are spread over
passages, codes and three coders, 70% accepted, 25% suggested, 5% rejected, half of them auto
codings with a keyword.

    python benchmarks/bench_reports.py [--respondents 10000] [--codings 1000000] [--keep FILE]
"""

from __future__ import annotations

import argparse
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 2.0


def build(path: Path, respondents: int, codings: int, passages_each: int = 20) -> None:
    from interview_coder.io.codebook_yaml import load_codebook_yaml
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.project import Project, now

    rng = random.Random(5)
    project = Project.open(path, create=True)
    book, _ = load_codebook_yaml(ROOT / "codebooks" / "sim.yaml")
    codes = [c.id for c in book.codes]
    keywords = {c.id: (c.keywords.get("en") or ("kw",))[0] for c in book.codes}
    stamp = now()
    with project.transaction() as conn:
        save_codebook(project, book)
        conn.executemany("INSERT INTO coders(id, name, created_at) VALUES (?,?,?)",
                         [(i, name, stamp) for i, name in enumerate(["auto", "alice", "bob"], start=1)])
        conn.executemany("INSERT INTO respondents(id, key) VALUES (?,?)",
                         [(r, f"R{r:05d}") for r in range(1, respondents + 1)])
        conn.executemany("INSERT INTO attributes(respondent_id, name, value, type) VALUES (?,?,?,'text')",
                         [(r, "group", "enterprise" if r % 5 < 3 else "government") for r in range(1, respondents + 1)]
                         + [(r, "size", rng.choice(["small", "medium", "large"])) for r in range(1, respondents + 1)])
        conn.executemany(
            "INSERT INTO transcripts(id, name, source, format, encoding, text, text_sha256, source_sha256, language, "
            "imported_at) VALUES (?,?,?,?,?,?,?,?,?,?)",
            [(r, f"t{r:05d}", "", "plain", "utf-8", "", f"{r}", f"{r}", "en", stamp) for r in range(1, respondents + 1)])
        conn.executemany('INSERT INTO turns(id, transcript_id, seq, speaker, role, respondent_id, start, "end") '
                         "VALUES (?,?,0,?,'respondent',?,0,0)",
                         [(r, r, f"R{r}", r) for r in range(1, respondents + 1)])
        conn.executemany(
            'INSERT INTO passages(id, transcript_id, turn_id, seq, role, respondent_id, start, "end", text, words) '
            "VALUES (?,?,?,?,'respondent',?,0,40,?,?)",
            [((r - 1) * passages_each + s + 1, r, r, s, r, "x" * 40, rng.randint(20, 120))
             for r in range(1, respondents + 1) for s in range(passages_each)])
        total_passages = respondents * passages_each
        rows = []
        for i in range(codings):
            code = codes[rng.randrange(len(codes))]
            roll = rng.random()
            status = "accepted" if roll < 0.70 else "suggested" if roll < 0.95 else "rejected"
            auto = rng.random() < 0.5
            # start = i keeps (passage, code, coder, span) unique without bookkeeping
            rows.append((rng.randrange(1, total_passages + 1), code, 1 if auto and status == "suggested" else rng.choice((2, 3)),
                         i, i + 1, "x", status, "auto" if auto else "manual", keywords[code] if auto else None,
                         stamp, stamp))
        conn.executemany('INSERT INTO codings(passage_id, code_id, coder_id, start, "end", text, status, origin, '
                         "keyword, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
    project.conn.execute("ANALYZE")
    project.close()


def best_of(n: int, func) -> float:
    best = float("inf")
    for _ in range(n):
        start = time.perf_counter()
        func()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--codings", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="Write the project here and keep it.")
    parser.add_argument("--reuse", action="store_true", help="With --keep: time an existing store, do not rebuild.")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="ic-bench-reports-"))
    path = args.keep or work / "bench.db"
    if not (args.reuse and path.exists()):
        path.unlink(missing_ok=True)
        start = time.perf_counter()
        build(path, args.respondents, args.codings)
        print(f"store: {args.codings:,} codings over {args.respondents:,} respondents "
              f"({args.respondents * 20:,} passages) built in {time.perf_counter() - start:.1f} s ({path})")

    from interview_coder.analysis.factors import factor_report
    from interview_coder.analysis.frequencies import code_frequencies
    from interview_coder.store.project import Project
    from interview_coder.store.scope import Filters

    with Project.open(path) as project:
        reference = best_of(3, lambda: project.conn.execute(
            "SELECT code_id, count(*) FROM codings GROUP BY code_id").fetchall())
        calls = {
            "code_frequencies(by='group')": lambda: code_frequencies(project, Filters(), "group"),
            "factor_report(by='group') (factors + drivers)": lambda: factor_report(project, Filters(), "group"),
            "code_frequencies(by='group', status='all')": lambda: code_frequencies(project, Filters(status="all"),
                                                                                   "group"),
        }
        code_frequencies(project, Filters(), "group")  # pandas imported, pages cached
        print(f"reference GROUP BY code_id over all codings: {reference:.3f} s")
        for name, call in calls.items():
            took = best_of(3, call)
            print(f"  {name:45s} {took:6.3f} s  ({took / reference:5.1f}x reference; target < {TARGET_S} s)")

    exe = shutil.which("interview-coder")
    base = [exe] if exe else [sys.executable, "-m", "interview_coder"]
    for report in ("frequencies", "factors"):
        cmd = [*base, "report", report, "--by", "group", "-p", str(path), "--format", "csv", "-o", str(work / "out.csv")]
        took = best_of(3, lambda cmd=cmd: subprocess.run(cmd, check=True, capture_output=True))
        verdict = "meets" if took < TARGET_S else "MISSES"
        print(f"command: report {report} --by group: {took:.2f} s wall, fresh interpreter ({verdict} the {TARGET_S} s target)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
