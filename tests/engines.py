"""What cannot run on a team project, and why (``pytest --engine postgresql``): one list."""

from __future__ import annotations

PROCESSES = "other processes open the project file by its path (the server's version: tests/pg/test_pg_load.py)"
FILE = "tests what only a project file has"
RAW = "the test reads the project file with sqlite3 itself (the store is not asked)"
LOGIN = "on a team project the connection's login role is the coder: no --coder is needed"
REFUSED = ("a file with rows the server's constraints refuse (its push fails, nothing written): check finds "
           "them in files")
LAYOUT = "a file's damaged layout (SQLite's schema, triggers, user_version, sqlite_sequence): the server's is generated"

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
    "tests/cli/test_output_guard.py::test_output_naming_the_project_or_a_backup_is_refused": FILE + ": -o never "
        "overwrites the project file (a team project has none to protect)",
    **{f"tests/cli/{name}": RAW for name in (
        "test_import_cli.py::test_one_question_file_imports_its_answer_as_respondent_text",
        "test_import_cli.py::test_an_import_that_would_fail_check_is_rolled_back",
        "test_tools_cli.py::test_import_with_speakers_file_interviewer_option_and_no_merge",
        "test_tools_cli.py::test_fold_backchannels_and_limits",
        "test_tools_cli.py::test_speakers_set_refuses_over_codings_without_force",
        "test_tools_cli.py::test_sample_tool_transcripts_import_with_the_right_speakers",
        "test_tools_cli.py::test_replace_with_folding_keeps_codings_whose_text_still_exists",
        "test_conventions.py::test_completion_offers_codes_transcripts_coders_and_groups_from_the_project")},
    "tests/cli/test_autocode_cli.py::test_autocode_accept_needs_a_coder": LOGIN,
    "tests/cli/test_codebook_cli.py::test_codebook_edit_refusals_are_one_line": LOGIN + " (its last step edits "
        "without --coder, which a file refuses)",
    "tests/cli/test_team_cli.py::test_export_qdpx_and_qdc_validate_and_import_back": LOGIN + " (the test's "
        "superuser connection adds itself as a coder, so the export has one user more)",
    "tests/cli/test_autocode_cli.py::test_suggestions_list_accept_reject": LOGIN + " (the file remembers bob "
        "as its coder after --coder bob and lists his decisions; the team project lists the login role's)",
    "tests/cli/test_import_cli.py::test_project_option_from_environment": FILE + ": the import creates the file",
    "tests/cli/test_autocode_cli.py::test_autocode_learn_evaluate_then_learn": FILE + ": its last step runs "
        "'check -p FILE', which looks for the file before it opens it (check -p URL runs on the server)",
    "tests/store/test_passage_index.py": FILE + ": the full-text index (SQLite FTS5); the server searches the "
                                           "text (tests/cli/test_search_cli.py runs on both)",
    "tests/store/test_check.py::test_damaged_file_is_reported_not_raised": FILE + ": a damaged SQLite file",
    "tests/store/test_check.py::test_check_reads_only_and_never_migrates": FILE + ": an older file read without "
                                                                           "migrating",
    "tests/store/test_check.py::test_cli_check_lists_problems_and_exits_3": REFUSED,
    **{f"tests/store/test_check.py::test_each_broken_invariant_is_reported[{case}]": REFUSED for case in (
        "span text on a whole-passage coding", "coding of a code that is not in the codebook",
        "coding of a missing passage", "code of a missing factor", "dropped unique index and a duplicate coding")},
    **{f"tests/store/test_check.py::test_each_broken_invariant_is_reported[{case}]": LAYOUT for case in (
        "dropped unique index", "unique index made non-unique", "foreign trigger", "foreign view",
        "lowered user_version", "coding id sequence set back")},
}
"""Tests of something only a project file has, or that run other processes on a file."""


def sqlite_only(nodeid: str) -> str | None:
    """Why the test ``nodeid`` does not run on PostgreSQL, or None when it does."""
    for prefix, reason in SQLITE_ONLY.items():
        if nodeid.startswith(prefix):
            return reason
    return None
