"""A throwaway PostgreSQL cluster for the team-project tests, started once per run and stopped after.

Tests that need it are skipped, saying why, only when psycopg is missing or PostgreSQL cannot be
found or started.
"""

from __future__ import annotations

import itertools
import os

import pytest
from pgcluster import Cluster

_names = itertools.count(1)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The URL of a new, empty database on the cluster (the superuser connects)."""
    import psycopg

    name = f"team{next(_names)}_{os.getpid()}"
    with psycopg.connect(pg_cluster.url(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return pg_cluster.url(name)
