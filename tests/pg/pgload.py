"""One coder process of the load test: a day of mixed actions through the store (store/codings.py, the
one writer) on a team project, as the coder's own login role; what was acknowledged and every conflict."""

from __future__ import annotations

import random
from typing import Any

from interview_coder.errors import ConflictError
from interview_coder.store import codings
from interview_coder.store.project import Project

KINDS = ("apply", "apply", "accept", "reject", "memo", "undo")


def coder_day(url: str, coder: str, seed: int, actions: int) -> dict[str, Any]:
    """``actions`` random actions as ``coder``. ``stack`` is the acknowledged actions not undone, in
    order (what the history must hold), ``live`` the coder's own whole-passage codings that must exist."""
    rng = random.Random(seed)
    stack: list[tuple[str, int | None]] = []
    live: dict[tuple[int, str], int] = {}
    conflicts: list[str] = []
    with Project.open(url) as project:
        conn = project.conn
        passages = [r[0] for r in conn.execute("SELECT passage_id FROM counted_passages ORDER BY passage_id")]
        codes = [r[0] for r in conn.execute("SELECT id FROM codes ORDER BY id")]
        suggestions = [r[0] for r in conn.execute("SELECT id FROM codings WHERE status = 'suggested' ORDER BY id")]
        for i in range(actions):
            kind = rng.choice(KINDS)
            try:
                if kind == "apply":
                    key = (rng.choice(passages), rng.choice(codes))
                    coding = codings.apply_code(project, *key, coder)
                    if key not in live:
                        live[key] = coding
                        stack.append(("apply", coding))
                elif kind in ("accept", "reject"):
                    codings.decide(project, [rng.choice(suggestions)], "accepted" if kind == "accept" else "rejected",
                                   coder)
                    stack.append((kind, None))
                elif kind == "memo" and live:
                    codings.set_memo(project, rng.choice(sorted(live.values())), f"{coder} memo {i}", coder)
                    stack.append(("memo", None))
                elif kind == "undo":
                    done = codings.undo(project, coder)
                    if done is not None:
                        _undone(stack, live, done)
            except ConflictError as exc:
                conflicts.append(f"{kind}: {exc}")
                if kind == "undo" and stack:  # refused: nothing changed, the entry is dropped from the history
                    stack.pop()
    return {"coder": coder, "stack": stack, "live": sorted(live.values()), "conflicts": conflicts}


def _undone(stack: list[tuple[str, int | None]], live: dict[tuple[int, str], int], action: str) -> None:
    kind, coding = stack.pop()
    assert kind == action, (kind, action)  # undo takes back the newest acknowledged action
    if kind == "apply":
        live.pop(next(k for k, v in live.items() if v == coding))
