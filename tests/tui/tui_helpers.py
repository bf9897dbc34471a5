"""A small hand-made project for the workbench tests: 9 codes, an English and a Chinese transcript.

en_small respondent passages: 1 "Our customers ask ...", 2 "We also work with a university ...",
3 "Tax incentives help a little, but subsidies are slow."; zh_small: 1 "我们提供税收优惠...",
2 "知识产权保护...". Suggestions: customers on en 1 (customers), tax and subsidy on en 3,
tax on zh 1 (税收优惠).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from interview_coder.core.model import Code, Codebook, Driver, Factor
from interview_coder.io.importer import import_paths
from interview_coder.io.transcripts import ImportOptions
from interview_coder.store.codebook import save_codebook
from interview_coder.store.codings import Suggestion, add_suggestions
from interview_coder.store.project import Project
from interview_coder.tui.app import WorkbenchApp

DATA = Path(__file__).parent.parent / "data" / "tui"

BOOK = Codebook(
    factors=(Factor("cooperation", "Innovation cooperation", Driver.EXTERNAL, "创新合作"),
             Factor("market", "Market demand", Driver.EXTERNAL, "市场需求"),
             Factor("policy", "Government policy", Driver.EXTERNAL, "政府政策")),
    codes=(Code("university", "Universities", "cooperation", "高校", colour="#1f77b4"),
           Code("suppliers", "Suppliers", "cooperation", "供应商", colour="#6baed6"),
           Code("intermediaries", "Intermediaries", "cooperation", "中介", colour="#08519c"),
           Code("customers", "Customers", "market", "客户", colour="#ff7f0e"),
           Code("competitors", "Competitors", "market", "竞争", colour="#fdae6b"),
           Code("demand", "Market demand", "market", "需求", colour="#e6550d"),
           Code("tax", "Tax incentives", "policy", "税收优惠", colour="#2ca02c"),
           Code("subsidy", "Subsidies", "policy", "补贴", colour="#98df8a"),
           Code("ip", "IP protection", "policy", "知识产权", colour="#31a354")),
    name="Test codebook")
QUICK = [c.id for c in BOOK.codes]  # a new coder's number keys follow the codebook order


def passages(project: Project, transcript: str) -> list[dict[str, Any]]:
    """Respondent passages of a transcript in order."""
    return [dict(r) for r in project.conn.execute(
        "SELECT p.* FROM passages p JOIN transcripts t ON t.id = p.transcript_id WHERE t.name = ? "
        "AND p.role = 'respondent' ORDER BY p.seq", (transcript,))]


def codings(project: Project, **where: Any) -> list[dict[str, Any]]:
    rows = [dict(r) for r in project.conn.execute(
        "SELECT c.*, k.name AS coder FROM codings c JOIN coders k ON k.id = c.coder_id ORDER BY c.id")]
    return [r for r in rows if all(r[k] == v for k, v in where.items())]


def build(path: Path) -> Path:
    with Project.open(path, create=True) as project:
        with project.transaction():
            save_codebook(project, BOOK)
        reports = import_paths(project, [DATA / "en_small.txt", DATA / "zh_small.txt"], ImportOptions())
        assert all(r.error is None for r in reports)
        en, zh = passages(project, "en_small"), passages(project, "zh_small")
        def span(p: dict[str, Any], word: str) -> tuple[int, int]:
            at = p["text"].index(word)
            return at, at + len(word)
        add_suggestions(project, [
            Suggestion(en[0]["id"], "customers", *span(en[0], "customers"), "customer"),
            Suggestion(en[2]["id"], "tax", *span(en[2], "Tax incentives"), "tax incentive"),
            Suggestion(en[2]["id"], "subsidy", *span(en[2], "subsidies"), "subsidy"),
            Suggestion(zh[0]["id"], "tax", *span(zh[0], "税收优惠"), "税收优惠"),
        ])
    return path

def make_app(path: Path, transcript: str | None = "en_small", coder: str | None = "alice") -> WorkbenchApp:
    return WorkbenchApp(path, coder=coder, transcript=transcript, keymap={}, blink=False)


def drive(app: WorkbenchApp, *keys: str, size: tuple[int, int] = (100, 30),
          then: Callable[[WorkbenchApp, Pilot[Any]], Awaitable[Any]] | None = None) -> Any:
    """Start the app, press ``keys`` (a key, or text typed character by character with 'type:'), return."""

    async def main() -> Any:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            for key in keys:
                if key.startswith("type:"):
                    await pilot.press(*list(key[5:]))
                else:
                    await pilot.press(key)
            if getattr(app.screen, "count", 0):  # a number key waiting to be a count (3w) or a quick code
                await pilot.pause(0.8)
            return await then(app, pilot) if then else None

    return asyncio.run(main())
