"""Auto-coding one very long passage (a whole ASR transcript in one paragraph): time per size.

Printed figures, never pass/fail. Linear means the seconds per 10k words stay flat as the
passage grows; version 0.1 took 5 / 21 / 85 s for 25k / 50k / 100k words (quadratic).

    python benchmarks/bench_long_passage.py [--sizes 25000 50000 100000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SENTENCE = ("We worked with a university and our suppliers on R&D, the tax incentive helped and the "
            "risk was high, so the management team asked the local government for a subsidy. ")


def _transcript(words: int) -> str:
    body = SENTENCE * (words // len(SENTENCE.split()))
    return ("---\nrespondent: R1\ngroup: enterprise\nlanguage: en\n---\nQ: Tell me about it?\n\n"
            f"A: {body}\n\nQ: And then?\n\nA: Fine.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from interview_coder.analysis.autocode import autocode
    from interview_coder.io.codebook_yaml import load_codebook_yaml
    from interview_coder.io.importer import import_paths
    from interview_coder.io.transcripts import ImportOptions
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.project import Project

    book, _ = load_codebook_yaml(ROOT / "codebooks" / "sim.yaml")
    print(f"{'words':>8} {'hits':>7} {'autocode s':>11} {'s per 10k words':>16}")
    for words in args.sizes:
        with tempfile.TemporaryDirectory(prefix="ic-long-") as tmp:
            folder = Path(tmp)
            (folder / "long.txt").write_text(_transcript(words), encoding="utf-8")
            with Project.open(folder / "p.db", create=True) as project:
                with project.transaction():
                    save_codebook(project, book)
                import_paths(project, [folder / "long.txt"], ImportOptions())
                autocode(project, dry_run=True, codes=[book.codes[0].id])  # warm: spaCy, lemma table
                start = time.perf_counter()
                result = autocode(project)
                took = time.perf_counter() - start
        print(f"{words:>8} {result.hits:>7} {took:>11.2f} {took / words * 10_000:>16.3f}")


if __name__ == "__main__":
    main()
