"""A throwaway PostgreSQL cluster for the team-project tests, started once per run and stopped after.

Tests that need it are skipped, saying why, only when psycopg is missing or PostgreSQL cannot be
found or started.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator

import pytest
from pgcluster import Cluster

_names = itertools.count(1)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> Iterator[str]:
    """The URL of a new, empty database on the cluster (the superuser connects); dropped after."""
    import psycopg

    name = f"team{next(_names)}_{os.getpid()}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield pg_cluster.url(name)
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
