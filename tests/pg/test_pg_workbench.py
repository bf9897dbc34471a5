"""Two workbenches and a CLI, as three coders, on one team project: each sees the others' codings
within seconds without a key press; a lost server shows in the status line and comes back."""

from __future__ import annotations

import asyncio
import secrets
from pathlib import Path

from click.testing import CliRunner
from pgcluster import Cluster
from pgdata import full_project

from interview_coder.cli import main
from interview_coder.store.codings import Suggestion, add_suggestions, apply_code
from interview_coder.store.pg.roles import TeamRole, add_coder
from interview_coder.store.pg.server import open_team
from interview_coder.store.pg.transfer import push
from interview_coder.store.project import Project
from interview_coder.tui.app import WorkbenchApp

SECONDS = 10.0
"""How long a test waits for something the issue says happens within seconds."""


def _coders(pg_url: str, cluster: Cluster, *names: str) -> dict[str, str]:
    urls = {}
    with open_team(pg_url) as admin:
        admin.autocommit = True
        for name in names:
            password = secrets.token_hex(8)
            add_coder(admin, name, TeamRole.CODER, password, created_at="2026-12-01T00:00:00.000+00:00")
            cluster.add_password(name, password)
            urls[name] = pg_url.replace("postgres@", f"{name}@")
    return urls


async def _until(pilot: object, done: object) -> bool:
    for _ in range(int(SECONDS / 0.1)):
        if done():  # type: ignore[operator]
            return True
        await pilot.pause(0.1)  # type: ignore[attr-defined]
    return bool(done())  # type: ignore[operator]


def test_two_workbenches_and_a_cli_see_each_others_codings(tmp_path: Path, pg_url: str,
                                                            pg_cluster: Cluster) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    urls = _coders(pg_url, pg_cluster, "wanda", "walt", "clio")
    with Project.open(pg_url) as admin:
        passages = [r[0] for r in admin.conn.execute("SELECT passage_id FROM counted_passages ORDER BY 1")]
        assert add_suggestions(admin, [Suggestion(passages[1], "rnd", 0, 2, "rd")]) == 1
        suggestion = admin.conn.execute("SELECT max(id) FROM codings WHERE status = 'suggested'").fetchone()[0]

    async def main_() -> tuple[int, int, int]:
        wanda, walt = WorkbenchApp(urls["wanda"], blink=False), WorkbenchApp(urls["walt"], blink=False)
        async with wanda.run_test(size=(100, 30)) as p1, walt.run_test(size=(100, 30)):
            assert wanda.coder == "wanda" and walt.coder == "walt"  # the login role is the coder
            await p1.pause(1.5)  # both listening
            with Project.open(urls["wanda"]) as mine:  # wanda's own write: her workbench is not told
                apply_code(mine, passages[0], "rnd", "wanda")
            done = CliRunner().invoke(main, ["suggestions", "accept", "-p", urls["clio"], str(suggestion)])
            assert await _until(p1, lambda: walt.live_changes >= 2 and wanda.live_changes >= 1), done.output
            return wanda.live_changes, walt.live_changes, done.exit_code

    wanda_heard, walt_heard, cli_exit = asyncio.run(main_())
    assert cli_exit == 0  # clio's login role is her coder: no --coder needed
    assert walt_heard == 2 and wanda_heard == 1  # walt hears wanda's and clio's codings, wanda only clio's


def test_a_lost_server_shows_in_the_status_line_and_comes_back(tmp_path: Path, pg_url: str,
                                                               pg_cluster: Cluster) -> None:
    push(full_project(tmp_path / "study.db"), pg_url)
    urls = _coders(pg_url, pg_cluster, "wren")

    async def main_() -> tuple[str, bool, str]:
        app = WorkbenchApp(urls["wren"], blink=False)
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause(1.5)
            pg_cluster.restart()
            assert await _until(pilot, lambda: not app.team_online)
            lost = app.sub_title
            back = await _until(pilot, lambda: app.team_online)
            return lost, back, app.sub_title

    lost, back, title = asyncio.run(main_())
    assert lost == "coder wren · team server unreachable, retrying…"
    assert back and title == "coder wren"
