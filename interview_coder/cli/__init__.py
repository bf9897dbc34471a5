"""The ``interview-coder`` command: parse options, call one library function, print.

Command modules import only click at load time, so ``--help`` stays instant. Each module in
COMMAND_MODULES exposes ``COMMANDS``, a list of click commands and groups.
"""

from __future__ import annotations

import importlib

import click

COMMAND_MODULES = ["project", "codebook", "autocode", "keywords", "report", "codings", "team", "tui",
                   "reliability", "speakers", "history", "team_server", "search"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="interview-coder")
def main() -> None:
    """Code interview transcripts in the terminal: import, auto-code, tag, report, agree.

    Every command takes -p/--project (or INTERVIEW_CODER_PROJECT); the default project file is
    interview_coder.db in the current folder. Try: interview-coder demo
    """


for _name in COMMAND_MODULES:
    try:
        _module = importlib.import_module(f"interview_coder.cli.{_name}")
    except ModuleNotFoundError as _exc:  # a command module not written yet
        if _exc.name != f"interview_coder.cli.{_name}":
            raise
        continue
    for _command in _module.COMMANDS:
        main.add_command(_command)

from interview_coder.cli.completion import attach as _attach_completion  # noqa: E402 - after the commands

_attach_completion(main)
