"""Workbench speed on a 1,000-transcript project, measured inside the app (never pass/fail).

Prints: first paint of the overview (app start to the first screen drawn) against a minimal
Textual app measured in the same run; opening a 5,000-passage transcript; and, from the key event
to the committed write (and to the next paint), moving between passages and applying a code.
Targets (issue 6): first paint < 1 s; move and apply < 50 ms. Last, the store's search call: words
through the full-text index against a regular expression over the text. Pilot's own 63 ms per key is not in
these figures: the app timestamps the key event itself (``WorkbenchApp.latencies``).

    python benchmarks/bench_tui.py [--project PATH] [--transcripts 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus

from interview_coder.core.model import Respondent, Role
from interview_coder.io.codebook_yaml import load_codebook_yaml
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.io.transcripts.builder import TranscriptBuilder
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import Suggestion, add_suggestions
from interview_coder.store.project import Project
from interview_coder.store.transcripts import save_transcript

ROOT = Path(__file__).resolve().parent.parent
BIG = "big_5000"


def build(path: Path, transcripts: int) -> None:
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, Project.open(path, create=True) as project:
        book, _ = load_codebook_yaml(ROOT / "codebooks" / "sim.yaml")
        with project.transaction():
            save_codebook(project, book)
        write_corpus(Path(tmp), transcripts, 40)
        import_paths(project, [Path(tmp)], ImportOptions())
        builder = TranscriptBuilder(BIG, "bench")
        rng = random.Random(3)
        for k in range(2500):
            builder.add_turn(Role.INTERVIEWER, "Q", [f"Question {k}?"])
            builder.add_turn(Role.RESPONDENT, "BIG", [
                f"Answer {k}: customers and suppliers push us, " + "the market changes every year " * rng.randint(1, 4),
                "我们的客户和供应商一直推动我们创新，" * rng.randint(1, 3)])
        with project.transaction():
            save_transcript(project, builder.build([Respondent("BIG", {"group": "enterprise"})], "en"), "plain", "utf-8")
        codes = [c.id for c in book.codes]
        rows = project.conn.execute("SELECT id, length(text) FROM passages WHERE role = 'respondent'").fetchall()
        picks = [(pid, n) for pid, n in rows if n > 8]
        suggestions = [Suggestion(pid, rng.choice(codes), 0, min(n, 6), "kw") for pid, n in rng.choices(picks, k=30_000)]
        add_suggestions(project, suggestions[:20_000])
        add_suggestions(project, [Suggestion(s.passage_id, s.code_id, 1, min(7, 6 + 1), "kw2") for s in suggestions[20_000:]],
                        accept_as="bob")
        n = project.conn.execute("SELECT count(*) FROM codings").fetchone()[0]
    print(f"built {path}: {transcripts} transcripts + one of 5,000 passages, {n} codings "
          f"({time.perf_counter() - t0:.1f} s)")


async def first_paint_minimal() -> float:
    from textual.app import App
    from textual.widgets import Static

    class Minimal(App[None]):
        def compose(self):  # type: ignore[no-untyped-def]
            yield Static("hello")

    t0 = time.perf_counter()
    async with Minimal().run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        return time.perf_counter() - t0


async def measure(path: Path) -> dict[str, list[float] | float]:
    from interview_coder.tui.app import WorkbenchApp

    out: dict[str, list[float] | float] = {}
    t0 = time.perf_counter()
    app = WorkbenchApp(path, coder="bench", keymap={}, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        out["first_paint"] = time.perf_counter() - t0
        # open the 5,000-passage transcript
        from interview_coder.store.queries import find_transcript

        tid = int(find_transcript(app.project, BIG)["id"])  # type: ignore[index]
        t1 = time.perf_counter()
        app.open_transcript(tid)
        await pilot.pause()
        out["open_5000"] = time.perf_counter() - t1
        app.latencies.clear()
        for _ in range(60):
            await pilot.press("j")
        await pilot.press("end")
        for _ in range(20):
            await pilot.press("k")
        for _ in range(30):
            await pilot.press("1")
            await pilot.press("j")
        for _ in range(10):
            await pilot.press("u")
        for _ in range(20):  # issue 13: page inside passages, the reviewed mark, picking a coding
            await pilot.press("space")
        for _ in range(20):
            await pilot.press("full_stop", "l", "j")
        await pilot.pause()
        # search runs in a thread: from the last key typed to the results shown
        app.push_screen(__import__("interview_coder.tui.screens.search", fromlist=["SearchScreen"]).SearchScreen())
        await pilot.pause()
        for query in ("customers", "客户", "market changes"):
            t2 = time.perf_counter()
            await pilot.press(*[("space" if ch == " " else ch) for ch in query])
            await app.workers.wait_for_complete()
            await pilot.pause()
            out.setdefault("search (typed to shown)", []).append((time.perf_counter() - t2) * 1000)  # type: ignore[union-attr]
            for _ in query:
                await pilot.press("backspace")
            await app.workers.wait_for_complete()
        for action, phase, ms in app.latencies:
            kind = ("move" if action == "move" else "apply" if "quick_code" in action
                    else action.split(".")[-1].replace("review", "reviewed mark"))
            out.setdefault(f"{kind} {phase}", []).append(ms)  # type: ignore[union-attr]
    return out


def search_figures(path: Path) -> None:
    """The store's search call (what the workbench runs in its thread): words through the full-text
    index against the same words as a regular expression over every passage's text."""
    import re

    from interview_coder.store.search import search_passages

    with Project.open(path) as project:
        for query in ("customers", "market changes", "客户"):
            t0 = time.perf_counter()
            hits = len(search_passages(project, query, respondents_only=True))
            indexed = (time.perf_counter() - t0) * 1000
            line = f"search {query!r:<18} index {indexed:7.0f} ms ({hits} hits)"
            if query.isascii():
                t0 = time.perf_counter()
                same = len(search_passages(project, rf"\b{re.escape(query)}\b", regex=True, respondents_only=True))
                line += f"   regex over the text {(time.perf_counter() - t0) * 1000:7.0f} ms ({same} hits)"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(tempfile.gettempdir()) / "bench_tui.db")
    parser.add_argument("--transcripts", type=int, default=1000)
    args = parser.parse_args()
    if not args.project.exists():
        build(args.project, args.transcripts)
    minimal = asyncio.run(first_paint_minimal())
    result = asyncio.run(measure(args.project))
    paint = float(result.pop("first_paint"))  # type: ignore[arg-type]
    print(f"first paint, minimal Textual app      {minimal * 1000:7.0f} ms")
    print(f"first paint, overview of the project  {paint * 1000:7.0f} ms  ({paint / minimal:.1f}x minimal; target < 1000 ms)")
    print(f"open the 5,000-passage transcript     {float(result.pop('open_5000')) * 1000:7.0f} ms")  # type: ignore[arg-type]
    for key, values in sorted(result.items()):
        vals = sorted(values)  # type: ignore[arg-type]
        p95 = vals[min(len(vals) - 1, int(0.95 * len(vals)))]
        target = "  (target < 50 ms)" if key.split()[0] in ("move", "apply") and key.split()[1] != "paint" else ""
        print(f"{key:<22} n={len(vals):3d}  median {statistics.median(vals):6.1f} ms  p95 {p95:6.1f} ms{target}")
    search_figures(args.project)


if __name__ == "__main__":
    main()
