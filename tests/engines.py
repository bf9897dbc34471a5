"""What cannot run on a team project, and why (``pytest --engine postgresql``): one list."""

from __future__ import annotations

PROCESSES = "other processes open the project file by its path (the server's version: tests/pg/test_pg_load.py)"
FILE = "tests what only a project file has"

SQLITE_ONLY: dict[str, str] = {
    "tests/store/test_concurrency.py::test_two_coders_and_an_importer_at_once": PROCESSES,
    "tests/store/test_crash.py": PROCESSES + " and kills them (the server's: tests/pg/test_pg_restart.py)",
    "tests/store/test_project.py::test_new_project_pragmas": FILE + ": SQLite's journal and sync pragmas",
    "tests/store/test_project.py::test_a_read_only_medium_opens_read_only": FILE + ": a read-only medium",
    "tests/store/test_project.py::test_a_bulk_run_syncs_the_wal": FILE + ": SQLite's write-ahead log",
    "tests/store/test_project.py::test_backup_retention": FILE + ": numbered automatic backups beside the file",
    "tests/store/test_project.py::test_stale_part_files": FILE + ": half-written backup copies beside the file",
    "tests/store/test_project.py::test_newer_file_is_refused": FILE + ": a file's user_version "
                                                              "(the server's: tests/pg/test_pg_schema.py)",
    "tests/store/test_project.py::test_older_file_is_backed_up_then_migrated": FILE + ": an older file's migration",
    "tests/store/test_migrations.py::test_migrates_to_the_current_schema_keeping_data": FILE + ": older files "
                                                                                        "of each schema",
    "tests/store/test_one_truth.py::test_merges_keep_removals_both_ways": FILE + ": it copies the project file",
}
"""Tests of something only a project file has, or that run other processes on a file."""


def sqlite_only(nodeid: str) -> str | None:
    """Why the test ``nodeid`` does not run on PostgreSQL, or None when it does."""
    for prefix, reason in SQLITE_ONLY.items():
        if nodeid.startswith(prefix):
            return reason
    return None
