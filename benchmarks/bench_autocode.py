"""Import + autocode of the benchmark corpus against the bare tokenizers, memory, and --help time.

Printed figures and ratios against the issue's targets, never pass/fail:
- import + autocode within 2x the bare tokenizers (spaCy's tokenizer on passages without Han
  characters, jieba.lcut on the others) over the same passage text, measured in this run with
  every tokenizer already loaded (load times are printed separately);
- peak memory (maximum resident set size of this process) under 1 GB;
- ``interview-coder --help`` under 0.3 s (best of 5 runs, a fresh interpreter each).

    python benchmarks/bench_autocode.py [--transcripts 1000] [--turns 40] [--keep DIR]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import ROOT, write_corpus


def _help_time() -> float:
    exe = shutil.which("interview-coder")
    cmd = [exe, "--help"] if exe else [sys.executable, "-m", "interview_coder", "--help"]
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--transcripts", type=int, default=1000)
    parser.add_argument("--turns", type=int, default=40)
    parser.add_argument("--keep", type=Path, help="Write the corpus and project here and keep them.")
    args = parser.parse_args()

    from interview_coder.analysis.autocode import autocode, compile_project_codebook
    from interview_coder.io.codebook_yaml import load_codebook_yaml
    from interview_coder.io.importer import import_paths
    from interview_coder.io.transcripts import ImportOptions, iter_files, read_transcripts
    from interview_coder.store.codebook import save_codebook
    from interview_coder.store.project import Project
    from interview_coder.text import chinese, english
    from interview_coder.text.normalize import CJK_RE

    work = args.keep or Path(tempfile.mkdtemp(prefix="ic-bench-"))
    corpus = work / "corpus"
    size = write_corpus(corpus, args.transcripts, args.turns)
    print(f"corpus: {args.transcripts} transcripts x {args.turns} turns, {size / 1e6:.1f} MB ({corpus})")

    start = time.perf_counter()
    english.bare_tokenize("warm up")
    t_spacy_load = time.perf_counter() - start
    start = time.perf_counter()
    chinese.bare_tokenize("预热")
    t_jieba_load = time.perf_counter() - start
    print(f"load: spaCy blank('en') + lookup lemmas {t_spacy_load:.2f} s, jieba dictionary {t_jieba_load:.2f} s")

    # The same passage text import + autocode will see (every passage, interviewer turns included).
    passages = [p.text for path in iter_files([corpus])
                for t in read_transcripts(path, ImportOptions()).transcripts for p in t.passages]
    zh = [p for p in passages if CJK_RE.search(p)]
    en = [p for p in passages if not CJK_RE.search(p)]
    start = time.perf_counter()
    for text in en:
        english.bare_tokenize(text)
    t_spacy = time.perf_counter() - start
    start = time.perf_counter()
    for text in zh:
        chinese.bare_tokenize(text)
    t_jieba = time.perf_counter() - start
    t_bare = t_spacy + t_jieba
    print(f"bare tokenizers: spaCy {t_spacy:.2f} s ({sum(map(len, en)) / 1e6:.2f} M chars), "
          f"jieba.lcut {t_jieba:.2f} s ({sum(map(len, zh)) / 1e6:.2f} M chars), total {t_bare:.2f} s")

    db = work / "bench.db"
    db.unlink(missing_ok=True)
    with Project.open(db, create=True) as project:
        book, _ = load_codebook_yaml(ROOT / "codebooks" / "sim.yaml")
        with project.transaction():
            save_codebook(project, book)
        start = time.perf_counter()
        reports = import_paths(project, [corpus], ImportOptions())
        t_import = time.perf_counter() - start
        failed = [r for r in reports if r.error is not None]
        print(f"import: {t_import:.2f} s ({len(reports) - len(failed)} files, {len(failed)} failed)")
        for which in ("rjieba", "jieba"):
            os.environ[chinese.BACKEND_ENV] = which
            with project.transaction() as conn:
                conn.execute("DELETE FROM codings")
            _ = compile_project_codebook(project).segmenter  # warm: the segmenter with the codebook's words
            start = time.perf_counter()
            result = autocode(project)
            t_autocode = time.perf_counter() - start
            ratio = (t_import + t_autocode) / t_bare
            print(f"autocode with {which}: {t_autocode:.2f} s ({result.passages} respondent passages, "
                  f"{result.hits} keyword hits, {result.added} suggestions stored)")
            print(f"  import + autocode / bare tokenizers = {t_import + t_autocode:.2f} / {t_bare:.2f} s = "
                  f"{ratio:.2f}x (target <= 2x: {'meets' if ratio <= 2 else 'MISSES'}); autocode alone "
                  f"{t_autocode / t_bare:.2f}x")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak_mb:.0f} MB (target < 1024 MB: {'meets' if peak_mb < 1024 else 'MISSES'})")
    help_s = _help_time()
    print(f"interview-coder --help: {help_s:.3f} s best of 5 (target < 0.3 s: {'meets' if help_s < 0.3 else 'MISSES'})")
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
