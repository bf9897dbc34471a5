"""interview-coder: code interview transcripts in the terminal.

Importing this package loads no UI and no heavy library; ``open`` is the notebook entry point.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def open(path: str, create: bool = False) -> Any:  # interview_coder.open(path) reads naturally
    """Open a project for analysis: ``interview_coder.open("study.db").frequencies(by="group")``."""
    from interview_coder.api import ProjectAPI

    return ProjectAPI.open(path, create=create)
