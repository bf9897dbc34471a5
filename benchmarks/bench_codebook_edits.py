"""Codebook edits in the workbench on the 1,000-transcript project (bench_tui.py builds it), measured
inside the app from the key event to the committed write and to the next paint (never pass/fail).

Prints, per action, median and p95: a new code saved from the dialog (ctrl+s), a code edited (f2,
ctrl+s), a code moved (ctrl+f, Enter), two codes merged (ctrl+g, Enter; the source has thousands of
codings), its undo (u) and redo (ctrl+r); moving the highlight with the definition open (ctrl+o:
the example query per code); and passages like one (p: the thread's time to the list shown).
The merge/undo figures are the project's largest writes a key makes: compare them with
``apply`` in bench_tui.py (target < 50 ms for a move or an apply; a merge is rarer and bigger).

    python benchmarks/bench_codebook_edits.py [--project PATH] [--transcripts 1000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_tui import BIG, build

from interview_coder.store.project import Project


def copy(src: Path, dst: Path) -> None:
    with Project.open(src) as p:
        p.backup(dst)


async def measure(path: Path, rounds: int) -> dict[str, list[float]]:
    from interview_coder.store.queries import find_transcript
    from interview_coder.tui.app import WorkbenchApp

    out: dict[str, list[float]] = {}
    app = WorkbenchApp(path, coder="bench", keymap={}, blink=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        tid = int(find_transcript(app.project, BIG)["id"])  # type: ignore[index]
        app.open_transcript(tid)
        await pilot.pause()
        sizes = dict(app.project.conn.execute("SELECT code_id, count(*) FROM codings GROUP BY code_id").fetchall())
        app.latencies.clear()
        for k in range(rounds):
            await pilot.press("ctrl+n", *[("space" if ch == " " else ch) for ch in f"Bench code {k}"], "ctrl+s")
            await pilot.pause()
            await pilot.press("c", "f2", "end", "space", *"edited", "ctrl+s")  # the new code is highlighted
            await pilot.pause()
            await pilot.press("ctrl+f", "down", "enter")
            await pilot.pause()
            await pilot.press("escape")
        codes = [c.id for c in app.screen.book.codes]  # type: ignore[attr-defined]
        big = sorted((c for c in codes if c in sizes), key=lambda c: -sizes[c])[:2]
        print(f"merging {big[0]} ({sizes[big[0]]} codings) into {big[1]} ({sizes[big[1]]} codings)")
        for _ in range(rounds):
            app.screen.panel.highlight(big[0])  # type: ignore[attr-defined]
            app.screen.panel.focus_filter()  # type: ignore[attr-defined]
            await pilot.press("ctrl+g", *big[1], "enter")
            await pilot.pause()
            await pilot.press("escape", "u")
            await pilot.pause()
            await pilot.press("ctrl+r")
            await pilot.pause()
            await pilot.press("u")
            await pilot.pause()
        await pilot.press("c", "ctrl+o")
        await pilot.pause()
        for _ in range(20):
            t = time.perf_counter()
            await pilot.press("down")
            out.setdefault("definition (highlight moved)", []).append((time.perf_counter() - t) * 1000)
        await pilot.press("escape")
        for _ in range(max(1, rounds // 2)):
            t = time.perf_counter()
            await pilot.press("p")
            await app.workers.wait_for_complete()
            await pilot.pause()
            out.setdefault("similar passages (thread)", []).append((time.perf_counter() - t) * 1000)
            await pilot.press("escape")
        for action, phase, ms in app.latencies:
            if action in ("move", "page", "state"):
                continue
            out.setdefault(f"{action} {phase}", []).append(ms)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, default=Path(tempfile.gettempdir()) / "bench_tui.db")
    parser.add_argument("--transcripts", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if not args.project.exists():
        build(args.project, args.transcripts)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "edits.db"
        copy(args.project, work)  # the edits go to a copy: bench_tui.py's project stays as built
        result = asyncio.run(measure(work, args.rounds))
    for key, values in sorted(result.items()):
        vals = sorted(values)
        p95 = vals[min(len(vals) - 1, int(0.95 * len(vals)))]
        print(f"{key:<34} n={len(vals):3d}  median {statistics.median(vals):7.1f} ms  p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main()
