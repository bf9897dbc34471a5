"""Shared fixtures: hand-written data files and fresh projects.

``--engine postgresql`` runs the tests on team projects: every project a test creates (the
``project`` fixture, or the first ``Project.open(path, create=True)`` or ``init`` in this process)
is a new database on a throwaway PostgreSQL cluster, and opening that path again opens the same
database by URL; a project file the test made or copied into its tmp_path is pushed to the server
when first opened. Any other project the test makes (a colleague's file to merge, say) and files
outside its tmp_path stay files.
tests/engines.py lists what cannot run on the server and why.
"""

from __future__ import annotations

import itertools
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from interview_coder.store.project import Project

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent
_databases = itertools.count(1)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--engine", choices=("sqlite", "postgresql"), default="sqlite",
                     help="the engine of the `project` fixture: a project file or a team project on PostgreSQL")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--engine") != "postgresql":
        return
    from engines import sqlite_only

    for item in items:
        reason = sqlite_only(item.nodeid)
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Any]:
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install 'interview-coder[team]')")
    sys.path.insert(0, str(Path(__file__).parent / "pg"))
    from pgcluster import Cluster, ClusterUnavailable

    cluster = Cluster()
    try:
        cluster.start()
    except ClusterUnavailable as exc:
        cluster.stop()
        pytest.skip(f"PostgreSQL cannot be started here: {exc}")
    old = os.environ.get("PGPASSFILE")
    os.environ["PGPASSFILE"] = str(cluster.passfile)
    try:
        yield cluster
    finally:
        if old is None:
            os.environ.pop("PGPASSFILE", None)
        else:
            os.environ["PGPASSFILE"] = old
        cluster.stop()


@pytest.fixture(scope="session")
def pg_template(pg_cluster: Any) -> str:
    """A database holding an empty team project (schema and live-update trigger), copied per test."""
    import psycopg

    from interview_coder.store.pg.server import migrate, sql_text

    name = f"template_{os.getpid()}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    with psycopg.connect(pg_cluster.url(name)) as conn:
        migrate(conn, 0, name)
        conn.execute(sql_text("live.sql"))
    return name


def team_project_url(cluster: Any, template: str) -> str:
    """A new team project database (a copy of the template); the cluster's superuser connects."""
    import psycopg

    name = f"store{next(_databases)}_{os.getpid()}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return str(cluster.url(name))


def pushed_url(cluster: Any, file: Path) -> str:
    """A new team project pushed from the project ``file``."""
    import psycopg

    from interview_coder.store.pg.transfer import push

    name = f"pushed{next(_databases)}_{os.getpid()}"
    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    push(file, str(cluster.url(name)))
    return str(cluster.url(name))


@pytest.fixture
def engine(request: pytest.FixtureRequest) -> str:
    return str(request.config.getoption("--engine"))


@pytest.fixture(autouse=True)
def _team_projects(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """With ``--engine postgresql``: a project created at a new path is a team project (see above)."""
    if request.config.getoption("--engine") != "postgresql" or request.node.nodeid.startswith("tests/pg/"):
        yield
        return
    cluster = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    urls: dict[Path, str] = {}
    pushing: list[Path] = []
    home = request.getfixturevalue("tmp_path").resolve()
    open_file = Project.open.__func__  # type: ignore[attr-defined]
    open_read_only = Project.open_read_only.__func__  # type: ignore[attr-defined]

    def url_of(path: Any, create: bool) -> str | None:
        if isinstance(path, str) and path.startswith("postgresql://"):
            return path
        key = Path(path).resolve()
        if urls or not key.is_relative_to(home):  # the test's first project only; others stay files
            return urls.get(key)
        if create and not key.exists():
            urls[key] = team_project_url(cluster, template)
        elif key.is_file() and key.stat().st_size and key.suffix == ".db" and not pushing:
            pushing.append(key)  # push itself opens the file: as a file
            try:
                urls[key] = pushed_url(cluster, key)  # a project file the test made or copied: pushed
            finally:
                pushing.clear()
        return urls.get(key)

    def named(project: Project, path: Any) -> Project:
        if not isinstance(path, str) or not path.startswith("postgresql://"):
            project.path = Path(path)  # the test's own name for it: files it puts beside it stay there
        return project

    def open_(cls: type[Project], path: Any, create: bool = False) -> Project:
        url = url_of(path, create)
        return named(open_file(cls, url), path) if url else open_file(cls, path, create)

    def read_only(cls: type[Project], path: Any) -> Project:
        url = url_of(path, False)
        return named(open_file(cls, url), path) if url else open_read_only(cls, path)

    monkeypatch.setattr(Project, "open", classmethod(open_))
    monkeypatch.setattr(Project, "open_read_only", classmethod(read_only))
    yield
    drop_databases(cluster, urls.values())


def drop_databases(cluster: Any, urls: Iterable[str]) -> None:
    """Drop a test's team projects (connections still open are ended): the cluster stays small."""
    import psycopg

    with psycopg.connect(cluster.url(), autocommit=True) as conn:
        for url in urls:
            conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


@pytest.fixture
def data_dir() -> Path:
    return DATA


@pytest.fixture
def project(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Project]:
    """A new, empty project: a file, or with ``--engine postgresql`` a team project on the server."""
    with Project.open(tmp_path / "p.db", create=True) as p:
        yield p


@pytest.fixture
def sim_codebook_path() -> Path:
    return ROOT / "codebooks" / "sim.yaml"
