"""Whose decisions close a suggestion, and which codings a coder sees: the rules every surface shares.

A suggestion (a row with status 'suggested', coder 'auto') is *decided* by a coder who has a row of
their own on the same passage and code that is on the same span, or that codes the whole passage
(accepted). In a project whose coders code together (``shared``, the default) anyone's decision
closes it for everyone; when coders code independently (blind double coding) each coder decides for
themselves and sees only their own codings. What *counts* is in views.sql.
"""

from __future__ import annotations

from collections.abc import Sequence

from interview_coder.core.model import Mode
from interview_coder.store.project import Project

MODE_SETTING = "coding.mode"


def coding_mode(project: Project) -> Mode:
    """How the project's coders code: together (shared) or independently."""
    return Mode(project.setting(MODE_SETTING) or Mode.SHARED)


def set_coding_mode(project: Project, mode: Mode | str) -> None:
    project.set_setting(MODE_SETTING, str(Mode(mode)))


def decides_sql(s: str, d: str, coder_ids: str | None = None) -> str:
    """SQL condition: row ``d`` is a decision on suggestion row ``s`` (by one of ``coder_ids``, an SQL
    list expression, when given): same passage and code, not a suggestion, and on the same span or
    accepted on the whole passage."""
    among = f" AND {d}.coder_id IN ({coder_ids})" if coder_ids else ""
    return (f"{d}.passage_id = {s}.passage_id AND {d}.code_id = {s}.code_id AND {d}.status != 'suggested'{among} "
            f"AND (({d}.start = {s}.start AND {d}.\"end\" = {s}.\"end\") OR ({d}.start IS NULL AND {d}.status = 'accepted'))")


def decided_sql(alias: str, coder_ids: str | None = None) -> str:
    """SQL condition: some coder (one of ``coder_ids`` when given) decided the suggestion row ``alias``."""
    return f"EXISTS (SELECT 1 FROM codings d WHERE {decides_sql(alias, 'd', coder_ids)})"


def deciders_sql(mode: Mode, coder_ids: Sequence[int]) -> str | None:
    """Whose decisions close a suggestion for these coders: anyone's in a shared project (None), the
    coders' own when they code independently (and anyone's when no coder is named)."""
    if mode == Mode.SHARED or not coder_ids:
        return None
    return ",".join(str(int(i)) for i in coder_ids)


def open_sql(alias: str, mode: Mode, coder_ids: Sequence[int] = ()) -> str:
    """SQL condition: the row ``alias`` is an open suggestion for these coders."""
    return f"({alias}.status = 'suggested' AND NOT {decided_sql(alias, deciders_sql(mode, coder_ids))})"


def visible_sql(alias: str, mode: Mode, coder_id: int | None) -> str:
    """SQL condition: the workbench of ``coder_id`` shows the row ``alias`` (rejections never): in a
    shared project everyone's codings, in an independent one only the coder's own; and the
    suggestions still open for the coder."""
    mine = f"{alias}.coder_id = {int(coder_id)}" if coder_id is not None else "0"
    decided = f"{alias}.status = 'accepted'" if mode == Mode.SHARED else f"({alias}.status = 'accepted' AND {mine})"
    return f"({decided} OR {open_sql(alias, mode, [] if coder_id is None else [coder_id])})"
