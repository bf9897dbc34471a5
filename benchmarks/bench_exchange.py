"""The real NVivo projects in tests/data/peers/: import time, and the cost of finding the offset unit.

Printed figures, never pass/fail: per file, the whole .qdpx import (read, choose the unit, stage,
merge) and the unit check alone (every unit tried on every selection), best of 3.

    python benchmarks/bench_exchange.py
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lxml import etree  # noqa: E402

from interview_coder.io.offsets import choose_unit  # noqa: E402
from interview_coder.io.refi import import_qdpx  # noqa: E402
from interview_coder.store.project import Project  # noqa: E402

NS = {"q": "urn:QDA-XML:project:1.0"}


def selections(path: Path) -> list[tuple[str, list[tuple[int, int, str]]]]:
    with zipfile.ZipFile(path) as z:
        names = {n.lower(): n for n in z.namelist()}
        root = etree.fromstring(z.read("project.qde"))
        out = []
        for src in root.iterfind(".//q:TextSource", NS):
            member = names.get("sources/" + src.get("plainTextPath").removeprefix("internal://").lower())
            if member:
                out.append((z.read(member).decode("utf-8-sig"),
                            [(int(s.get("startPosition")), int(s.get("endPosition")), s.get("name") or "")
                             for s in src.iterfind("q:PlainTextSelection", NS)]))
    return out


def best(run, n: int = 3) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    for path in sorted((ROOT / "tests" / "data" / "peers").glob("*.qdpx")):
        texts = selections(path)
        chars = sum(len(t) for t, _ in texts)
        n = sum(len(s) for _, s in texts)

        def whole(path: Path = path) -> None:
            with tempfile.TemporaryDirectory() as tmp, Project.open(Path(tmp) / "p.db", create=True) as project:
                import_qdpx(project, path)

        full = best(whole)
        check = best(lambda: choose_unit(texts, None))  # noqa: B023
        print(f"{path.name}: {n} selections over {chars:,} characters; import {full:.2f} s, "
              f"unit check {check:.3f} s ({check / full:.1%} of the import)")


if __name__ == "__main__":
    main()
