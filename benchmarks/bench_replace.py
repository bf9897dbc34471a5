"""import --replace of a changed survey: seconds, and seconds per 1,000 replaced transcripts (flat when linear).

Printed figures, never pass/fail. A survey of N rows (one transcript per row) is imported, then
about one row in ten is edited and the file imported again with --replace, through the command
line as a researcher runs it. Issue 16 measured 97 s for 12,000 rows (quadratic: every replaced
transcript scanned every respondent and every passage).

    python benchmarks/bench_replace.py [--rows 3000,12000]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def survey(rows: int, edited: bool) -> str:
    lines = ["respondent,group,answer"]
    for i in range(rows):
        mark = "EDITED " if edited and i % 10 == 5 else ""
        lines.append(f"r{i},{'enterprise' if i % 2 else 'government'},{mark}Customers keep asking for new products {i}.")
    return "\n".join(lines) + "\n"


def run(*args: str) -> float:
    started = time.monotonic()
    subprocess.run([sys.executable, "-m", "interview_coder", *args], check=True, capture_output=True)
    return time.monotonic() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rows", default="3000,12000")
    args = ap.parse_args()
    print("rows  import s  replace s  replaced  replace s per 1,000 replaced")
    for rows in (int(x) for x in args.rows.split(",")):
        with tempfile.TemporaryDirectory() as tmp:
            src, db = Path(tmp) / "s.csv", str(Path(tmp) / "p.db")
            src.write_text(survey(rows, edited=False), "utf-8")
            first = run("import", "-q", "-p", db, str(src), "--text-columns", "answer")
            src.write_text(survey(rows, edited=True), "utf-8")
            again = run("import", "-q", "--replace", "-p", db, str(src), "--text-columns", "answer")
            replaced = rows // 10
            print(f"{rows:>5}  {first:8.1f}  {again:9.1f}  {replaced:8}  {again / replaced * 1000:10.2f}")


if __name__ == "__main__":
    main()
