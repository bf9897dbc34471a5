"""What checking the staged rows costs an import (store.check.invariant_problems), and that it is linear.

Printed figures, never pass/fail: for surveys of N rows (N transcripts of 4 passages each), the
import of the whole file in one transaction with and without the check of its staged transcripts,
and the check's seconds per 1,000 transcripts (flat when linear).

    python benchmarks/bench_import_check.py [--rows 2000,8000]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def survey(path: Path, rows: int) -> None:
    lines = ["respondent,group,What drives innovation?,What holds you back?"]
    for i in range(rows):
        group = "enterprise" if i % 2 else "government"
        lines.append(f'R{i},{group},"Customers ask for new products, row {i}.","Tax rules and talent; 人才 {i}."')
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", default="2000,8000")
    args = ap.parse_args()
    from interview_coder.io.transcripts import ImportOptions, read_transcripts
    from interview_coder.store.check import invariant_problems
    from interview_coder.store.project import Project
    from interview_coder.store.transcripts import save_transcript

    for rows in (int(x) for x in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            src = Path(tmp) / "s.csv"
            survey(src, rows)
            parsed = read_transcripts(src, ImportOptions())
            with Project.open(Path(tmp) / "p.db", create=True) as project:
                started = time.perf_counter()
                with project.transaction() as conn:
                    ids = [save_transcript(project, t, parsed.format, parsed.encoding).transcript_id
                           for t in parsed.transcripts]
                    saved = time.perf_counter()
                    problems = invariant_problems(conn, [i for i in ids if i is not None])
                    checked = time.perf_counter()
            save_s, check_s = saved - started, checked - saved
            print(f"{rows:>6} rows: save {save_s:.2f} s, check of the staged rows {check_s:.2f} s "
                  f"({check_s / save_s:.0%} of the save; {check_s / rows * 1000:.3f} s per 1,000 transcripts; "
                  f"{len(problems)} problems)")


if __name__ == "__main__":
    main()
